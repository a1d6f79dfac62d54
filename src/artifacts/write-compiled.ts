import { hash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { formatSql } from './format-sql.js';

/** Where a node's compiled SQL goes, relative to target/. */
export function compiledPath(node: CompiledNode): string {
  return `compiled/${node.domain}/${node.stage}/${node.name}.sql`;
}

/** Remembers which SQL each compiled file holds, so that an unchanged node is neither formatted nor written again. */
const INDEX = 'compiled/.index.json';
interface CompiledIndex {
  readonly version: 1;
  readonly files: Record<string, string>;
}

/**
 * Writes each node's formatted SELECT to target/compiled/<domain>/<stage>/<name>.sql. Formatting is
 * the costliest part of a compile, so files whose SQL did not change since the last compile are kept,
 * and files of nodes that no longer exist are removed.
 */
export function writeCompiledSql(compiled: CompiledProject, targetDir: string): { written: number; kept: number } {
  const previous = readIndex(join(targetDir, INDEX));
  const files: Record<string, string> = {};
  const made = new Set<string>();
  // One listing per folder instead of a stat per file: a warm compile of a large project checks thousands.
  const listings = new Map<string, ReadonlySet<string>>();
  const exists = (dir: string, name: string): boolean => {
    let names = listings.get(dir);
    if (!names) {
      names = new Set(existsSync(dir) ? readdirSync(dir) : []);
      listings.set(dir, names);
    }
    return names.has(name);
  };
  let written = 0;
  for (const node of compiled.nodes.values()) {
    const path = compiledPath(node);
    const file = join(targetDir, path);
    const key = hash('sha1', `${compiled.dialect.formatterLanguage}\0${node.select.sql}`);
    files[path] = key;
    const dir = dirname(file);
    if (previous.files[path] === key && exists(dir, `${node.name}.sql`)) continue;
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    // Column tests come from meshwork's own templates, already laid out: formatting them again would
    // be half the cost of a first compile for nothing.
    const generated = node.test !== undefined && node.test.kind !== 'singular';
    writeFileSync(file, `${generated ? node.select.sql.trim() : formatSql(node.select.sql, compiled.dialect.formatterLanguage)}\n`);
    written++;
  }
  for (const path of Object.keys(previous.files)) if (!(path in files)) rmSync(join(targetDir, path), { force: true });
  const index = JSON.stringify({ version: 1, files } satisfies CompiledIndex);
  if (index !== previous.text) {
    mkdirSync(join(targetDir, 'compiled'), { recursive: true });
    writeFileSync(join(targetDir, INDEX), index);
  }
  return { written, kept: compiled.nodes.size - written };
}

/** The index of the last compile, with its text (rewritten only when it changes). */
function readIndex(file: string): CompiledIndex & { text?: string } {
  try {
    const text = readFileSync(file, 'utf8');
    const index = JSON.parse(text) as CompiledIndex;
    return index.version === 1 ? { ...index, text } : { version: 1, files: {} };
  } catch {
    return { version: 1, files: {} };
  }
}
