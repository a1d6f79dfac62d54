import type { SqlLexicon } from '../adapters/dialect.js';
import type { CompiledNode, CompiledProject, MappedSql } from './compiled-node.js';
import { nonCode } from './split-statements.js';

/** A parent the selection reads without building it, and where it is first read (for diagnostics). */
export interface UnselectedParent {
  readonly parent: CompiledNode;
  /** The selected node that reads it first, and the line of its reference there. */
  readonly reader: CompiledNode;
  readonly line?: number;
}

/**
 * The built relations the selected nodes read that the selection does not build: models and seeds
 * outside it. Ephemeral models are inlined into their readers, so their own parents count (whether
 * the ephemeral is selected or not). Contract views are never deferred: a consumer reads the
 * published view of its target, and sources are not nodes. In the selection's order, each once.
 */
export function unselectedParents(compiled: CompiledProject, selected: readonly string[]): UnselectedParent[] {
  const chosen = new Set(selected);
  const found = new Map<string, UnselectedParent>();
  for (const id of selected) {
    const reader = compiled.nodes.get(id);
    if (!reader) continue;
    const seen = new Set<string>();
    const visit = (node: CompiledNode, line: number | undefined): void => {
      for (const dep of node.dependsOn) {
        const parent = compiled.nodes.get(dep.id);
        if (!parent || seen.has(dep.id)) continue;
        seen.add(dep.id);
        // An inlined ephemeral's reference lines are in its own file: the reader's is its reference to the ephemeral.
        const at = node === reader ? dep.line : line;
        if (parent.materialized === 'ephemeral') visit(parent, at);
        else if (!chosen.has(dep.id) && parent.kind !== 'contract' && parent.relation && !found.has(dep.id)) {
          found.set(dep.id, { parent, reader, ...(at !== undefined ? { line: at } : {}) });
        }
      }
    };
    visit(reader, undefined);
  }
  return [...found.values()];
}

/**
 * The project with the selected nodes' SQL reading other relations: `replacements` maps a relation
 * as this target writes it to the one to read instead. Only the selected nodes change (their SELECT,
 * incremental SELECT and contract mapping); the rest of the project is shared, unchanged.
 */
export function withRelationsReplaced(compiled: CompiledProject, selected: readonly string[], replacements: ReadonlyMap<string, string>): CompiledProject {
  if (replacements.size === 0) return compiled;
  const { lexicon } = compiled.dialect;
  const nodes = new Map(compiled.nodes);
  const swap = (mapped: MappedSql): MappedSql => {
    const sql = replaceRelations(mapped.sql, replacements, lexicon);
    return sql === mapped.sql ? mapped : { ...mapped, sql };
  };
  for (const id of selected) {
    const node = nodes.get(id);
    if (!node) continue;
    nodes.set(id, {
      ...node,
      select: swap(node.select),
      ...(node.incrementalSelect ? { incrementalSelect: swap(node.incrementalSelect) } : {}),
      ...(node.mapping ? { mapping: swap(node.mapping) } : {}),
    });
  }
  return { ...compiled, nodes };
}

/**
 * The SQL with each relation of `replacements` replaced where it is code. A relation as meshwork
 * writes it is one or more quoted names (`"schema"."name"`, `` `project.dataset.name` ``), so it is
 * looked for only where a quoted name starts, per the engine's lexer (`nonCode`): the same text
 * inside a string literal or a comment is left as it is, as is a longer name it is only the start of
 * (`"schema"."name_2"`, or the tail of an already qualified `"db"."schema"."name"`).
 */
export function replaceRelations(sql: string, replacements: ReadonlyMap<string, string>, lexicon: SqlLexicon): string {
  // Most SQL names none of them: a plain search spares it the lexer.
  if (![...replacements.keys()].some((from) => sql.includes(from))) return sql;
  const spans = [...nonCode(sql, lexicon)];
  const quotedEnds = new Set(spans.filter((s) => s.kind === 'quoted').map((s) => s.end));
  let out = '';
  let copied = 0;
  for (const span of spans) {
    if (span.kind !== 'quoted' || span.start < copied || sql[span.start - 1] === '.') continue;
    for (const [from, to] of replacements) {
      const end = span.start + from.length;
      if (!sql.startsWith(from, span.start) || !quotedEnds.has(end)) continue;
      out += sql.slice(copied, span.start) + to;
      copied = end;
      break;
    }
  }
  return copied === 0 ? sql : out + sql.slice(copied);
}
