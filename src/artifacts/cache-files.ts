import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { Memo } from '../cache/memo.js';
import { MESHWORK_VERSION } from './artifact-metadata.js';

/** Bump when a cached value changes shape; a meshwork upgrade also starts afresh. */
const FORMAT = 9;

function cacheFile(targetDir: string, name: string): string {
  return join(targetDir, '.cache', `${name}.bin`);
}

/** The cache `name` of the last run, or an empty one when there is none or it is from another version. */
export function loadMemo<T>(targetDir: string, name: string): Memo<T> {
  try {
    const stored = deserialize(readFileSync(cacheFile(targetDir, name))) as { format: number; version: string; entries: Map<string, T> };
    if (stored.format === FORMAT && stored.version === MESHWORK_VERSION && stored.entries instanceof Map) return new Memo(stored.entries);
  } catch {
    // No cache yet, or an unreadable one: compute everything.
  }
  return new Memo();
}

/** Best effort: a cache that cannot be written (target/ is a file, a read-only folder) only costs time next run. */
export function saveMemo<T>(targetDir: string, name: string, memo: Memo<T>): void {
  if (!memo.changed) return;
  const file = cacheFile(targetDir, name);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, serialize({ format: FORMAT, version: MESHWORK_VERSION, entries: memo.entries() }));
  } catch {
    // Nothing to report: the command's own output, written next, says what is wrong with target/.
  }
}
