import { hash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { formatAll } from './format-sql.js';

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
 * Writes each node's SELECT to target/compiled/<domain>/<stage>/<name>.sql: as rendered by default
 * (line N of the file is line N of the query the engine runs, and of its errors), laid out with
 * sql-formatter when `format` is on (`mesh compile --format`). Formatting was over half of a cold
 * compile, hence opt-in. Files whose SQL (and layout) did not change are kept, and files of nodes
 * that no longer exist are removed.
 */
export async function writeCompiledSql(compiled: CompiledProject, targetDir: string, options: { format: boolean }): Promise<{ written: number; kept: number }> {
  const previous = readIndex(join(targetDir, INDEX));
  const files: Record<string, string> = {};
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
  const language = compiled.dialect.formatterLanguage;
  const toWrite: { file: string; sql: string; format: boolean }[] = [];
  for (const node of compiled.nodes.values()) {
    const path = compiledPath(node);
    const file = join(targetDir, path);
    // Column tests come from meshwork's own templates, already laid out: formatting them again would
    // be half the cost of a first compile for nothing.
    const format = options.format && !(node.test !== undefined && node.test.kind !== 'singular');
    // 'rendered-lines': leading blank lines are kept (earlier versions trimmed them), so old files are rewritten.
    const key = hash('sha1', `${format ? language : 'rendered-lines'}\0${node.select.sql}`);
    files[path] = key;
    if (previous.files[path] === key && exists(dirname(file), `${node.name}.sql`)) continue;
    toWrite.push({ file, sql: node.select.sql, format });
  }
  const formatted = await formatAll(toWrite.filter((w) => w.format).map((w) => w.sql), language);
  const made = new Set<string>();
  let next = 0;
  for (const { file, sql, format } of toWrite) {
    const dir = dirname(file);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    // As rendered, only trailing blanks go: leading blank lines (where a header was) keep line N of
    // the file at line N of the query the engine runs, and of its errors.
    writeFileSync(file, `${format ? formatted[next++] : sql.trimEnd()}\n`);
  }
  const written = toWrite.length;
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
