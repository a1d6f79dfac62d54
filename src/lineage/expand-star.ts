import { constantValue, type AstStar } from './duckdb-ast.js';
import { problems } from './analyse-from.js';
import { collector, expressionInputs, type Walk } from './expression-inputs.js';
import { IDENTITY } from './input-set.js';
import type { ScopeColumn, ScopeRelation } from './query-scope.js';

/**
 * `*`, `t.*`, `* EXCLUDE (…)`, `* REPLACE (… AS c)`, `* RENAME (…)` and `COLUMNS('regex')`,
 * expanded with the columns already known for what FROM reads. A relation whose columns are unknown
 * yields one stand-in column that says why, so the gap is counted rather than hidden.
 */
export function expandStar(star: AstStar, scope: Walk['scope'], walk: Walk): ScopeColumn[] {
  const lower = (s: string): string => s.toLowerCase();
  let relations: readonly ScopeRelation[];
  if (star.relation_name) {
    const relation = scope.relation(star.relation_name);
    if (!relation) return [{ name: `${star.relation_name}.*`, inputs: [], unresolved: `no relation '${star.relation_name}' for ${star.relation_name}.*` }];
    relations = [relation];
  } else relations = scope.relations.filter((r) => r.inStar);

  const excluded = new Set(star.exclude_list.map(lower));
  const qualifiedExcluded = (star.qualified_exclude_list ?? []).map((q) => ({ table: lower(q.table), column: lower(q.column) }));
  const emitted = new Set<string>();
  const columns: ScopeColumn[] = [];
  for (const relation of relations) {
    if (!relation.columns) {
      columns.push({ name: `${relation.alias}.*`, inputs: [], unresolved: relation.unresolved ?? `columns of ${relation.alias} unknown, cannot expand *` });
      continue;
    }
    for (const column of relation.columns) {
      const name = lower(column.name);
      if (relation.hidden?.has(name) && !star.relation_name) continue;
      if (excluded.has(name) || qualifiedExcluded.some((q) => q.column === name && (q.table === lower(relation.alias) || q.table === relation.qualified?.split('.').pop()))) continue;
      // A USING column: once, merged from both sides.
      const merged = star.relation_name ? undefined : [...scope.using.entries()].find(([n]) => lower(n) === name)?.[1];
      if (merged && emitted.has(name)) continue;
      emitted.add(name);
      columns.push(merged ? { ...merged, name: column.name } : column);
    }
  }

  let selected = columns;
  if (star.columns && star.expr) {
    const pattern = constantValue(star.expr);
    if (typeof pattern !== 'string') return [{ name: 'COLUMNS(...)', inputs: [], unresolved: 'COLUMNS(...) with a lambda or a list is not analysed' }];
    const regex = new RegExp(pattern);
    selected = columns.filter((c) => regex.test(c.name));
  }

  const replaced = new Map(star.replace_list.map((r) => [lower(r.key), r.value]));
  const renames = new Map((star.rename_list ?? []).map((r) => [lower(r.key.column), r.value]));
  return selected.map((column) => {
    const replacement = replaced.get(lower(column.name));
    let result = column;
    if (replacement) {
      const found = collector();
      expressionInputs(replacement, IDENTITY, walk, found);
      result = { name: column.name, inputs: found.inputs.toArray(), ...problems(found) };
    }
    const rename = renames.get(lower(column.name));
    return rename ? { ...result, name: rename } : result;
  });
}
