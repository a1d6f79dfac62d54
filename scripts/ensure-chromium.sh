#!/usr/bin/env bash
# Before `npm test`: the docs site tests drive Debian's chromium (a test tool's own browser
# download does not work here). Installs it with apt when it is missing; quiet when it is there.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing Debian's chromium for the docs site tests (apt-get)…" >&2
log="$(mktemp)"
if ! { $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "could not install chromium: install Debian's 'chromium' package (/usr/bin/chromium), then run npm test again" >&2
  exit 1
fi
rm -f "$log"
