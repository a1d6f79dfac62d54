#!/usr/bin/env bash
# Before `npm test`: the BigQuery SQL tests (test/bigquery-sql/) run every statement meshwork writes
# through Google's ZetaSQL analyzer. Its npm package ships a ~340 MB server binary, so it is never a
# dependency (`npm ci` does not install it): it goes into the git-ignored .zetasql/ folder when
# missing; quiet when it is there.
set -euo pipefail
version="1.13.0"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/.zetasql"
package="$dir/node_modules/@fivetrandevelopers/zetasql"
if [ -f "$package/package.json" ] && grep -q "\"version\": \"$version\"" "$package/package.json" \
  && [ -d "$package/lib/zetasql/protos" ]; then
  exit 0
fi
echo "installing Google's ZetaSQL analyzer (@fivetrandevelopers/zetasql@$version, ~340 MB) into .zetasql/ for the BigQuery SQL tests…" >&2
mkdir -p "$dir"
# A package.json of its own, so npm installs here and never touches the project's manifest or lock.
[ -f "$dir/package.json" ] || printf '{ "name": "meshwork-zetasql", "private": true }\n' >"$dir/package.json"
log="$(mktemp)"
if ! npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund "@fivetrandevelopers/zetasql@$version" >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "could not install @fivetrandevelopers/zetasql: run 'bash scripts/ensure-zetasql.sh' again when npm's registry is reachable" >&2
  exit 1
fi
rm -f "$log"
