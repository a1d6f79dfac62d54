import { isExpression, type AstColumnRef, type AstExpression, type AstOrder, type AstQuery } from './duckdb-ast.js';
import { AGGREGATED, IDENTITY, indirect, InputSet, nested } from './input-set.js';
import type { Transformation } from './lineage-types.js';
import type { Scope, ScopeColumn } from './query-scope.js';

/** Where a walk puts what it finds: inputs, and why some could not be found. */
export interface Collector {
  readonly inputs: InputSet;
  readonly problems: string[];
}

export function collector(): Collector {
  return { inputs: new InputSet(), problems: [] };
}

/** What an expression walk needs from the query around it. */
export interface Walk {
  readonly scope: Scope;
  /** Where the current query's row-level influences go (the node's dataset-level inputs, or a scalar subquery's column). */
  readonly sink: Collector;
  readonly aggregates: ReadonlySet<string>;
  /** Analyses a subquery of an expression (correlated: it sees `scope`), its row-level influences into `sink`. */
  readonly subquery: (query: AstQuery, scope: Scope, sink: Collector) => readonly ScopeColumn[];
  /** Lambda parameters in scope (`x -> x + 1`): names that are not columns. */
  readonly lambdas?: ReadonlySet<string>;
}

/**
 * Adds to `out` every column `expression` reads, with how: a bare column is an identity, a column
 * inside a function or operator a transformation, inside an aggregate an aggregation; CASE
 * conditions are INDIRECT CONDITIONAL and window partitions/orders INDIRECT WINDOW, recorded on the
 * column and for the dataset. `usage` is how the expression itself is used (IDENTITY for a select
 * item, INDIRECT FILTER for a WHERE, …).
 */
export function expressionInputs(expression: AstExpression, usage: Transformation, walk: Walk, out: Collector, preferAliases = false): void {
  const visit = (e: AstExpression, u: Transformation): void => expressionInputs(e, u, walk, out, preferAliases);
  switch (expression.class) {
    case 'COLUMN_REF':
      return columnRef(expression as AstColumnRef, usage, walk, out, preferAliases);
    case 'CONSTANT':
    case 'PARAMETER':
    case 'DEFAULT':
      return;
    case 'FUNCTION': {
      const name = String(expression.function_name ?? '').toLowerCase();
      const aggregate = walk.aggregates.has(name);
      const inner = aggregate && usage.type === 'DIRECT' ? { ...AGGREGATED, ...(usage.masking ? { masking: true } : {}) } : nested(usage);
      for (const child of children(expression.children)) visit(child, inner);
      if (isExpression(expression.filter)) visit(expression.filter, usage.type === 'DIRECT' ? indirect('FILTER') : usage);
      for (const order of orders(expression.order_bys)) visit(order.expression, usage.type === 'DIRECT' ? indirect('SORT') : usage);
      return;
    }
    case 'WINDOW': {
      const name = String(expression.function_name ?? '').toLowerCase();
      const inner = walk.aggregates.has(name) && usage.type === 'DIRECT' ? AGGREGATED : nested(usage);
      for (const child of children(expression.children)) visit(child, inner);
      for (const key of ['start_expr', 'end_expr', 'offset_expr', 'default_expr'] as const) if (isExpression(expression[key])) visit(expression[key], nested(usage));
      if (isExpression(expression.filter_expr)) visit(expression.filter_expr, usage.type === 'DIRECT' ? indirect('FILTER') : usage);
      const keys = [...children(expression.partitions), ...orders(expression.orders).map((o) => o.expression)];
      rowLevel(keys, usage, 'WINDOW', walk, out, preferAliases);
      return;
    }
    case 'CASE': {
      const checks = (expression.case_checks as { when_expr: AstExpression; then_expr: AstExpression }[] | undefined) ?? [];
      rowLevel(checks.map((c) => c.when_expr), usage, 'CONDITIONAL', walk, out, preferAliases);
      for (const check of checks) visit(check.then_expr, nested(usage));
      if (isExpression(expression.else_expr)) visit(expression.else_expr, nested(usage));
      return;
    }
    case 'SUBQUERY': {
      if (isExpression(expression.child)) visit(expression.child, nested(usage));
      const query = (expression.subquery as { node: AstQuery } | undefined)?.node;
      if (!query) return;
      const columns = walk.subquery(query, walk.scope, usage.type === 'DIRECT' ? out : walk.sink);
      // EXISTS reads no value of its subquery, only whether it has rows.
      if (expression.subquery_type === 'EXISTS' || expression.subquery_type === 'NOT_EXISTS') return;
      const through = expression.subquery_type === 'SCALAR' ? usage : nested(usage);
      for (const column of columns) {
        out.inputs.addThrough(through, column.inputs);
        if (column.unresolved) out.problems.push(column.unresolved);
      }
      return;
    }
    case 'LAMBDA': {
      const params = new Set(walk.lambdas ?? []);
      for (const ref of columnRefs(expression.lhs)) params.add(ref.toLowerCase());
      if (isExpression(expression.expr)) expressionInputs(expression.expr, nested(usage), { ...walk, lambdas: params }, out, preferAliases);
      return;
    }
    case 'STAR':
      // COLUMNS(...) inside an expression: which columns it stands for is not followed.
      out.problems.push('a COLUMNS(...) or * inside an expression is not analysed');
      return;
    default:
      // Operators, comparisons, casts, BETWEEN, COLLATE…: every expression below them is nested.
      for (const child of nestedExpressions(expression)) visit(child, nested(usage));
  }
}

/** Keywords DuckDB parses as column references and binds to a value when no column has the name. */
const SPECIAL_VALUES = new Set(['current_timestamp', 'current_date', 'current_time', 'localtime', 'localtimestamp', 'current_user', 'session_user', 'user', 'current_role', 'current_catalog', 'current_schema']);

function columnRef(ref: AstColumnRef, usage: Transformation, walk: Walk, out: Collector, preferAliases: boolean): void {
  if (walk.lambdas?.has(ref.column_names[0]!.toLowerCase())) return;
  const resolved = walk.scope.resolve(ref.column_names, preferAliases);
  if ('unresolved' in resolved) {
    if (ref.column_names.length === 1 && SPECIAL_VALUES.has(ref.column_names[0]!.toLowerCase())) return;
    out.problems.push(resolved.unresolved);
    return;
  }
  // A struct field (`payload.order_id`) is a part of the column: transformed, not copied.
  out.inputs.addThrough(resolved.field ? nested(usage) : usage, resolved.column.inputs);
  if (resolved.column.unresolved) out.problems.push(resolved.column.unresolved);
}

/** Conditions and window keys: indirect for the column and, when the column is a value, for the dataset too. */
function rowLevel(expressions: readonly AstExpression[], usage: Transformation, subtype: 'CONDITIONAL' | 'WINDOW', walk: Walk, out: Collector, preferAliases: boolean): void {
  if (expressions.length === 0) return;
  if (usage.type === 'INDIRECT') {
    for (const e of expressions) expressionInputs(e, usage, walk, out, preferAliases);
    return;
  }
  const found = collector();
  for (const e of expressions) expressionInputs(e, indirect(subtype), walk, found, preferAliases);
  for (const target of [out, walk.sink]) {
    target.inputs.addThrough(IDENTITY, found.inputs.toArray());
    target.problems.push(...found.problems);
  }
}

function children(value: unknown): AstExpression[] {
  return Array.isArray(value) ? value.filter(isExpression) : [];
}

function orders(value: unknown): AstOrder[] {
  const list = Array.isArray(value) ? value : ((value as { orders?: unknown } | null | undefined)?.orders ?? []);
  return (list as unknown[]).filter((o): o is AstOrder => isExpression((o as { expression?: unknown } | null)?.expression));
}

/** Every expression directly below `expression`, looking through plain objects and arrays. */
function nestedExpressions(expression: AstExpression): AstExpression[] {
  const found: AstExpression[] = [];
  const search = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) search(v);
    else if (isExpression(value)) found.push(value);
    else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) search(v);
  };
  for (const [key, value] of Object.entries(expression)) if (key !== 'class' && key !== 'type') search(value);
  return found;
}

function columnRefs(value: unknown): string[] {
  if (!isExpression(value)) return [];
  if (value.class === 'COLUMN_REF') return [(value as AstColumnRef).column_names[0]!];
  return nestedExpressions(value).flatMap(columnRefs);
}

/** Whether an expression aggregates (outside any subquery): GROUP BY ALL groups by the items that do not. */
export function hasAggregate(expression: AstExpression, aggregates: ReadonlySet<string>): boolean {
  if (expression.class === 'SUBQUERY') return false;
  if (expression.class === 'FUNCTION' && aggregates.has(String(expression.function_name ?? '').toLowerCase())) return true;
  if (expression.class === 'WINDOW') return false;
  return nestedExpressions(expression).some((e) => hasAggregate(e, aggregates));
}
