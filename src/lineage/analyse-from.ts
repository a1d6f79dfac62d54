import type { AstTableRef } from './duckdb-ast.js';
import { collector, expressionInputs, type Collector } from './expression-inputs.js';
import { IDENTITY, indirect, InputSet } from './input-set.js';
import type { QueryAnalysis } from './analyse-query.js';
import { Scope, type ScopeColumn, type ScopeRelation } from './query-scope.js';

/** What a FROM clause puts in scope: its relations in order, and the columns USING / NATURAL joins merged. */
export interface FromScope {
  readonly relations: readonly ScopeRelation[];
  readonly using: ReadonlyMap<string, ScopeColumn>;
}

const EMPTY: FromScope = { relations: [], using: new Map() };

/** Table-level generators whose one column reads nothing. */
const GENERATORS = new Set(['range', 'generate_series']);

/**
 * Analyses a FROM clause. Join conditions and USING keys are row-level influences of the query
 * (INDIRECT JOIN), added to `sink`. `outer` is the enclosing query's scope, for LATERAL subqueries.
 */
export function analyseFrom(ref: AstTableRef | null | undefined, analysis: QueryAnalysis, outer: Scope | undefined, sink: Collector): FromScope {
  if (!ref || ref.type === 'EMPTY' || ref.type === 'EMPTY_FROM') return EMPTY;
  switch (ref.type) {
    case 'BASE_TABLE': {
      const name = ref.table_name ?? '';
      const ephemeral = ref.schema_name ? undefined : analysis.context.ephemeral(name);
      const cte = ref.schema_name || ephemeral ? undefined : analysis.cte(name);
      const relation: ScopeRelation = ephemeral ?? (cte ? { alias: name, columns: cte, inStar: true } : analysis.context.table(ref));
      return single(named(relation, ref));
    }
    case 'TABLE_FUNCTION': {
      const name = String(ref.function?.function_name ?? '').toLowerCase();
      if (GENERATORS.has(name)) return single(named({ alias: name, columns: [{ name, inputs: [] }], inStar: true }, ref));
      return single(named(analysis.context.table(ref), ref));
    }
    case 'SUBQUERY': {
      const columns = analysis.query(ref.subquery!.node, outer, sink);
      return single(named({ alias: '', columns, inStar: true }, ref));
    }
    case 'EXPRESSION_LIST': {
      const rows = ref.values ?? [];
      const width = rows[0]?.length ?? 0;
      const scope = new Scope([], new Map(), outer);
      const columns = Array.from({ length: width }, (_, i): ScopeColumn => {
        const found = collector();
        for (const row of rows) if (row[i]) expressionInputs(row[i]!, IDENTITY, analysis.walk(scope, sink), found);
        return { name: ref.expected_names?.[i] ?? `col${i}`, inputs: found.inputs.toArray(), ...problems(found) };
      });
      return single(named({ alias: 'valueslist', columns, inStar: true }, ref));
    }
    case 'JOIN':
      return analyseJoin(ref, analysis, outer, sink);
    default:
      return single({ alias: ref.alias ?? '', inStar: true, unresolved: `${ref.type.toLowerCase().replace(/_/g, ' ')} in FROM is not analysed` });
  }
}

function analyseJoin(ref: AstTableRef, analysis: QueryAnalysis, outer: Scope | undefined, sink: Collector): FromScope {
  const left = analyseFrom(ref.left, analysis, outer, sink);
  // The right side sees the left one: LATERAL subqueries and table functions may read it.
  const right = analyseFrom(ref.right, analysis, new Scope(left.relations, left.using, outer), sink);
  const semi = ref.join_type === 'SEMI' || ref.join_type === 'ANTI';
  let rightRelations = semi ? right.relations.map((r) => ({ ...r, inStar: false })) : [...right.relations];
  const using = new Map([...left.using, ...right.using]);
  const scope = new Scope([...left.relations, ...rightRelations], using, outer);
  if (ref.condition) expressionInputs(ref.condition, indirect('JOIN'), analysis.walk(scope, sink), sink);

  const leftScope = new Scope(left.relations, left.using);
  const rightScope = new Scope(right.relations, right.using);
  const keys = ref.ref_type === 'NATURAL' ? commonNames(left, right) : (ref.using_columns ?? []);
  for (const key of keys) {
    const l = leftScope.resolve([key]);
    const r = rightScope.resolve([key]);
    const merged = new InputSet();
    const found: string[] = [];
    for (const side of [l, r]) {
      if ('unresolved' in side) {
        found.push(side.unresolved);
        continue;
      }
      sink.inputs.addThrough(indirect('JOIN'), side.column.inputs);
      if (side === l ? ref.join_type !== 'RIGHT' : ref.join_type === 'RIGHT' || ref.join_type === 'FULL') merged.addThrough(IDENTITY, side.column.inputs);
    }
    sink.problems.push(...found);
    using.set(key, { name: key, inputs: merged.toArray(), ...(found.length > 0 ? { unresolved: found.join('; ') } : {}) });
    // `*` lists a USING column once, where the left side has it.
    rightRelations = rightRelations.map((relation) =>
      !relation.columns || relation.columns.some((c) => c.name.toLowerCase() === key.toLowerCase()) ? { ...relation, hidden: new Set([...(relation.hidden ?? []), key.toLowerCase()]) } : relation,
    );
  }
  return { relations: [...left.relations, ...rightRelations], using };
}

function commonNames(left: FromScope, right: FromScope): string[] {
  const names = (side: FromScope): string[] => side.relations.flatMap((r) => (r.columns ?? []).map((c) => c.name));
  const rightNames = new Set(names(right).map((n) => n.toLowerCase()));
  return [...new Set(names(left))].filter((n) => rightNames.has(n.toLowerCase()));
}

function single(relation: ScopeRelation): FromScope {
  return { relations: [relation], using: new Map() };
}

/** Applies `AS alias(c1, c2, …)`: a new name, and new names for the first columns. */
function named(relation: ScopeRelation, ref: AstTableRef): ScopeRelation {
  const renames = ref.column_name_alias ?? [];
  const columns = relation.columns && renames.length > 0 ? relation.columns.map((c, i) => (i < renames.length ? { ...c, name: renames[i]! } : c)) : relation.columns;
  return { ...relation, ...(ref.alias ? { alias: ref.alias } : {}), ...(columns ? { columns } : {}) };
}

export function problems(found: Collector): { unresolved?: string } {
  const unique = [...new Set(found.problems)];
  return unique.length > 0 ? { unresolved: unique.join('; ') } : {};
}
