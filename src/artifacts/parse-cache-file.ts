import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { ParseCache, type CachedParse } from '../parse/parse-cache.js';
import { MESHWORK_VERSION } from './artifact-metadata.js';

/** Bump when what the parse stage produces changes shape; a meshwork upgrade also starts afresh. */
const FORMAT = 1;

function cacheFile(targetDir: string): string {
  return join(targetDir, '.cache', 'parse.bin');
}

/** The parse cache of the last compile, or an empty one when there is none or it is from another version. */
export function loadParseCache(targetDir: string): ParseCache {
  try {
    const stored = deserialize(readFileSync(cacheFile(targetDir))) as { format: number; version: string; entries: Map<string, CachedParse> };
    if (stored.format === FORMAT && stored.version === MESHWORK_VERSION && stored.entries instanceof Map) return new ParseCache(stored.entries);
  } catch {
    // No cache yet, or an unreadable one: parse everything.
  }
  return new ParseCache();
}

export function saveParseCache(targetDir: string, cache: ParseCache): void {
  if (!cache.changed) return;
  const file = cacheFile(targetDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, serialize({ format: FORMAT, version: MESHWORK_VERSION, entries: cache.entries() }));
}
