/** A location with a scheme (`s3://…`, `https://…`): not a file of this machine. */
export function isRemoteLocation(location: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(location);
}

/** A path with glob characters, which DuckDB's readers expand to many files. */
export function isGlob(path: string): boolean {
  return /[*?[{]/.test(path);
}
