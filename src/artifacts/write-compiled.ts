import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { formatSql } from './format-sql.js';

/** Where a node's compiled SQL goes, relative to target/. */
export function compiledPath(node: CompiledNode): string {
  return `compiled/${node.domain}/${node.stage}/${node.name}.sql`;
}

/** Writes each node's formatted SELECT to target/compiled/<domain>/<stage>/<name>.sql. */
export function writeCompiledSql(compiled: CompiledProject, targetDir: string): void {
  const made = new Set<string>();
  for (const node of compiled.nodes.values()) {
    const file = join(targetDir, compiledPath(node));
    const dir = dirname(file);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(file, `${formatSql(node.select.sql, compiled.dialect.formatterLanguage)}\n`);
  }
}
