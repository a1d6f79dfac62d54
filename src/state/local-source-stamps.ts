import { readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { EngineName } from '../parse/definitions.js';
import type { SourceStamp } from './fingerprints.js';
import { fileStamp } from '../project/file-stamp.js';
import { isGlob, isRemoteLocation } from '../project/file-location.js';

/**
 * Stamps of sources that are local files (DuckDB): size and modification time of the file, or of
 * every file a glob's folder holds that the glob could match. A missing file is stamped as
 * such, so that it appearing counts as a change. Sources stored elsewhere (an engine's table, a
 * URL) get no stamp here.
 */
export function localSourceStamps(root: string, engine: EngineName): SourceStamp {
  return (source) => {
    const location = source.locations[engine];
    if (!location || isRemoteLocation(location)) return undefined;
    return pathStamp(resolve(root, location), root);
  };
}

/**
 * A stamp of an absolute path a statement reads: the path relative to the project (a manifest
 * compared on another machine names the same files), with the file's size and time, or for a glob
 * every file under its last fixed folder (cheap, and never misses one).
 */
export function pathStamp(path: string, root: string): string {
  const named = (p: string): string => relative(root, p).split(sep).join('/');
  if (!isGlob(path)) return `${named(path)}:${fileStamp(path)}`;
  let folder = path;
  while (isGlob(folder)) folder = dirname(folder);
  return `glob:${named(folder)}:${folderStamp(folder)}`;
}


function folderStamp(folder: string): string {
  try {
    return readdirSync(folder, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath ?? folder, entry.name);
        return `${path.slice(folder.length)}=${fileStamp(path)}`;
      })
      .sort()
      .join(',') || `empty:${basename(folder)}`;
  } catch {
    return 'absent';
  }
}
