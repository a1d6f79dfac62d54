import { constantValue, type AstColumnRef, type AstCte, type AstExpression, type AstModifier, type AstQuery, type AstStar, type AstTableRef } from './duckdb-ast.js';
import { analyseFrom, problems } from './analyse-from.js';
import { expandStar } from './expand-star.js';
import { collector, expressionInputs, hasAggregate, type Collector, type Walk } from './expression-inputs.js';
import { IDENTITY, indirect, InputSet } from './input-set.js';
import type { TransformationSubtype } from './lineage-types.js';
import { Scope, type ScopeColumn, type ScopeRelation } from './query-scope.js';

/** What analysing one node's query needs from the project. */
export interface NodeContext {
  readonly aggregates: ReadonlySet<string>;
  /** A base table or table function as a relation: an upstream dataset, or unknown with a reason. */
  table(ref: AstTableRef): ScopeRelation;
  /** An ephemeral model inlined as a CTE of this name: read as the model's dataset, not analysed again. */
  ephemeral(name: string): ScopeRelation | undefined;
}

interface CteEntry {
  readonly cte: AstCte;
  readonly ctes: Ctes;
  columns?: readonly ScopeColumn[];
  busy?: boolean;
}

/** CTEs visible at one point of a query, analysed when first read (an unused CTE adds nothing). */
class Ctes {
  private readonly entries = new Map<string, CteEntry | { columns: readonly ScopeColumn[] }>();

  constructor(readonly parent?: Ctes) {}

  define(list: readonly AstCte[]): Ctes {
    if (list.length === 0) return this;
    const ctes = new Ctes(this);
    for (const cte of list) ctes.entries.set(cte.key.toLowerCase(), { cte, ctes });
    return ctes;
  }

  fixed(name: string, columns: readonly ScopeColumn[]): Ctes {
    const ctes = new Ctes(this);
    ctes.entries.set(name.toLowerCase(), { columns });
    return ctes;
  }

  find(name: string): CteEntry | { columns: readonly ScopeColumn[] } | undefined {
    return this.entries.get(name.toLowerCase()) ?? this.parent?.find(name);
  }
}

/**
 * Column lineage of one query, in terms of the datasets it reads: every output column's inputs
 * (through CTEs, subqueries, joins, set operations and stars) and the row-level influences
 * (filters, join keys, grouping, sorting, windows, conditions) gathered into a sink.
 */
export class QueryAnalysis {
  private ctes: Ctes = new Ctes();

  constructor(
    readonly context: NodeContext,
    /** The node's dataset-level inputs; CTEs send theirs here. */
    private readonly root: Collector,
  ) {}

  /** Output columns of a query node. */
  query(node: AstQuery, outer: Scope | undefined, sink: Collector): ScopeColumn[] {
    const saved = this.ctes;
    this.ctes = this.ctes.define(node.cte_map?.map ?? []);
    try {
      switch (node.type) {
        case 'SELECT_NODE':
          return this.select(node, outer, sink);
        case 'SET_OPERATION_NODE':
          return this.setOperation(node, outer, sink);
        case 'RECURSIVE_CTE_NODE':
          return this.recursive(node, outer, sink);
        default:
          sink.problems.push(`a ${node.type.toLowerCase().replace(/_/g, ' ')} is not analysed`);
          return [];
      }
    } finally {
      this.ctes = saved;
    }
  }

  /** Columns of a CTE visible here, or undefined when no CTE has that name. */
  cte(name: string): readonly ScopeColumn[] | undefined {
    const entry = this.ctes.find(name);
    if (!entry) return undefined;
    if (!('cte' in entry)) return entry.columns;
    if (entry.columns) return entry.columns;
    if (entry.busy) return [];
    entry.busy = true;
    const saved = this.ctes;
    this.ctes = entry.ctes;
    try {
      const columns = this.query(entry.cte.value.query.node, undefined, this.root);
      entry.columns = renamed(columns, entry.cte.value.aliases);
      return entry.columns;
    } finally {
      this.ctes = saved;
      entry.busy = false;
    }
  }

  walk(scope: Scope, sink: Collector): Walk {
    return {
      scope,
      sink,
      aggregates: this.context.aggregates,
      subquery: (query, outer, into) => this.query(query, outer, into),
    };
  }

  private select(node: AstQuery, outer: Scope | undefined, sink: Collector): ScopeColumn[] {
    const from = analyseFrom(node.from_table, this, outer, sink);
    const scope = new Scope(from.relations, from.using, outer);
    const walk = this.walk(scope, sink);
    const outputs: ScopeColumn[] = [];
    const grouped: ScopeColumn[] = [];
    for (const item of node.select_list ?? []) {
      if (item.class === 'STAR') {
        outputs.push(...expandStar(item as AstStar, scope, walk));
        continue;
      }
      const found = collector();
      expressionInputs(item, IDENTITY, walk, found);
      const column: ScopeColumn = { name: outputName(item), inputs: found.inputs.toArray(), ...problems(found) };
      outputs.push(column);
      if (item.alias) scope.aliases.set(item.alias, column);
      if (!hasAggregate(item, this.context.aggregates)) grouped.push(column);
    }
    for (const [clause, subtype] of [
      [node.where_clause, 'FILTER'],
      [node.having, 'FILTER'],
      [node.qualify, 'FILTER'],
    ] as const) {
      if (clause) expressionInputs(clause, indirect(subtype), walk, sink);
    }
    const groups = node.group_expressions ?? [];
    if (groups.length === 0 && node.aggregate_handling === 'FORCE_AGGREGATES') through(grouped, 'GROUP_BY', sink);
    for (const group of groups) byPositionOrExpression(group, outputs, 'GROUP_BY', walk, sink);
    modifiers(node.modifiers, outputs, walk, sink);
    return outputs;
  }

  private setOperation(node: AstQuery, outer: Scope | undefined, sink: Collector): ScopeColumn[] {
    const left = this.query(node.left!, outer, sink);
    const right = this.query(node.right!, outer, sink);
    let outputs: ScopeColumn[];
    if (node.setop_type === 'EXCEPT' || node.setop_type === 'INTERSECT') {
      // The right side only decides which rows of the left one remain.
      through(right, 'FILTER', sink);
      outputs = left;
    } else if (node.setop_type === 'UNION_BY_NAME') {
      const names = [...new Map([...left, ...right].map((c) => [c.name.toLowerCase(), c.name])).values()];
      outputs = names.map((name) => merge(name, [left, right].flatMap((side) => side.filter((c) => c.name.toLowerCase() === name.toLowerCase()))));
    } else {
      if (left.length !== right.length) sink.problems.push(`the sides of a ${node.setop_type} have ${left.length} and ${right.length} columns`);
      outputs = left.map((column, i) => merge(column.name, [column, ...(right[i] ? [right[i]!] : [])]));
    }
    modifiers(node.modifiers, outputs, this.walk(new Scope([{ alias: '', columns: outputs, inStar: true }], new Map(), outer), sink), sink);
    return outputs;
  }

  private recursive(node: AstQuery, outer: Scope | undefined, sink: Collector): ScopeColumn[] {
    const anchor = renamed(this.query(node.left!, outer, sink), node.aliases ?? []);
    const saved = this.ctes;
    this.ctes = this.ctes.fixed(node.cte_name ?? '', anchor);
    try {
      const step = this.query(node.right!, outer, sink);
      return anchor.map((column, i) => merge(column.name, [column, ...(step[i] ? [step[i]!] : [])]));
    } finally {
      this.ctes = saved;
    }
  }
}

/** ORDER BY (SORT) and DISTINCT / DISTINCT ON (GROUP_BY: both pick one row per key). */
function modifiers(list: readonly AstModifier[], outputs: readonly ScopeColumn[], walk: Walk, sink: Collector): void {
  for (const modifier of list) {
    if (modifier.type === 'ORDER_MODIFIER') {
      for (const order of modifier.orders ?? []) {
        if (order.expression.class === 'STAR') through(outputs, 'SORT', sink);
        else byPositionOrExpression(order.expression, outputs, 'SORT', walk, sink, true);
      }
    } else if (modifier.type === 'DISTINCT_MODIFIER') {
      const targets = modifier.distinct_on_targets ?? [];
      if (targets.length === 0) through(outputs, 'GROUP_BY', sink);
      for (const target of targets) byPositionOrExpression(target, outputs, 'GROUP_BY', walk, sink, true);
    }
  }
}

/** `GROUP BY 2`, `ORDER BY 1` name an output column by position; anything else is an expression. */
function byPositionOrExpression(expression: AstExpression, outputs: readonly ScopeColumn[], subtype: TransformationSubtype, walk: Walk, sink: Collector, preferAliases = false): void {
  const position = constantValue(expression);
  if (typeof position === 'number' && Number.isInteger(position)) {
    const column = outputs[position - 1];
    if (column) through([column], subtype, sink);
    else sink.problems.push(`position ${position} is past the ${outputs.length} output columns`);
    return;
  }
  expressionInputs(expression, indirect(subtype), walk, sink, preferAliases);
}

function through(columns: readonly ScopeColumn[], subtype: TransformationSubtype, sink: Collector): void {
  for (const column of columns) sink.inputs.addThrough(indirect(subtype), column.inputs);
}

function merge(name: string, columns: readonly ScopeColumn[]): ScopeColumn {
  const inputs = new InputSet();
  for (const column of columns) inputs.addThrough(IDENTITY, column.inputs);
  const reasons = [...new Set(columns.flatMap((c) => (c.unresolved ? [c.unresolved] : [])))];
  return { name, inputs: inputs.toArray(), ...(reasons.length > 0 ? { unresolved: reasons.join('; ') } : {}) };
}

function renamed(columns: readonly ScopeColumn[], aliases: readonly string[]): ScopeColumn[] {
  return columns.map((c, i) => (i < aliases.length ? { ...c, name: aliases[i]! } : c));
}

/**
 * An output column's name: its alias, a column's own name, else a stand-in — DuckDB names other
 * expressions by their text, which the binder's names replace when they are known.
 */
function outputName(item: AstExpression): string {
  if (item.alias) return item.alias;
  if (item.class === 'COLUMN_REF') {
    const names = (item as AstColumnRef).column_names;
    return names[names.length - 1]!;
  }
  if (item.class === 'FUNCTION' || item.class === 'WINDOW') return `${String(item.function_name)}(...)`;
  return `(${item.class.toLowerCase()})`;
}
