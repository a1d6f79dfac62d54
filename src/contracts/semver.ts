/** A contract version, parsed: views are per major version, breaking changes need a new major. */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease?: string;
  readonly build?: string;
  /** As written. */
  readonly text: string;
}

// The grammar of semver.org 2.0.0 (no leading zeros, optional pre-release and build).
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function parseSemver(text: string): SemVer | undefined {
  const m = SEMVER.exec(text);
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    ...(m[4] !== undefined ? { prerelease: m[4] } : {}),
    ...(m[5] !== undefined ? { build: m[5] } : {}),
    text,
  };
}

/** What to write instead of a version that is not semantic. */
export function semverHint(text: string): string {
  const trimmed = text.trim();
  if (/^v\d/i.test(trimmed) && parseSemver(trimmed.slice(1))) return `drop the leading v: version: ${trimmed.slice(1)}`;
  if (/^\d+\.\d+$/.test(trimmed)) return `write all three numbers: version: ${trimmed}.0`;
  if (/^\d+$/.test(trimmed)) return `write all three numbers: version: ${trimmed}.0.0`;
  return 'write MAJOR.MINOR.PATCH, e.g. version: 1.0.0 (a breaking change raises MAJOR)';
}
