/**
 * The parts of DuckDB's serialized parse tree (`json_serialize_sql`) that lineage reads. Only the
 * fields used are typed; everything else in the JSON is ignored.
 */

export interface AstExpression {
  readonly class: string;
  readonly type: string;
  readonly alias?: string;
  readonly [field: string]: unknown;
}

export interface AstColumnRef extends AstExpression {
  readonly column_names: readonly string[];
}

export interface AstOrder {
  readonly expression: AstExpression;
}

export interface AstStar extends AstExpression {
  readonly relation_name: string;
  readonly exclude_list: readonly string[];
  readonly qualified_exclude_list?: readonly { readonly table: string; readonly column: string }[];
  readonly replace_list: readonly { readonly key: string; readonly value: AstExpression }[];
  readonly rename_list?: readonly { readonly key: { readonly table: string; readonly column: string }; readonly value: string }[];
  /** COLUMNS(...) rather than `*`. */
  readonly columns: boolean;
  readonly expr: AstExpression | null;
}

export interface AstModifier {
  readonly type: string;
  readonly orders?: readonly AstOrder[];
  readonly distinct_on_targets?: readonly AstExpression[];
}

export interface AstCte {
  readonly key: string;
  readonly value: { readonly aliases: readonly string[]; readonly query: { readonly node: AstQuery } };
}

export interface AstQuery {
  readonly type: string;
  readonly modifiers: readonly AstModifier[];
  readonly cte_map: { readonly map: readonly AstCte[] };
  // SELECT_NODE
  readonly select_list?: readonly AstExpression[];
  readonly from_table?: AstTableRef | null;
  readonly where_clause?: AstExpression | null;
  readonly group_expressions?: readonly AstExpression[];
  readonly aggregate_handling?: string;
  readonly having?: AstExpression | null;
  readonly qualify?: AstExpression | null;
  // SET_OPERATION_NODE, RECURSIVE_CTE_NODE
  readonly setop_type?: string;
  readonly left?: AstQuery;
  readonly right?: AstQuery;
  readonly cte_name?: string;
  readonly aliases?: readonly string[];
}

export interface AstTableRef {
  readonly type: string;
  readonly alias?: string;
  readonly column_name_alias?: readonly string[];
  // BASE_TABLE
  readonly catalog_name?: string;
  readonly schema_name?: string;
  readonly table_name?: string;
  // TABLE_FUNCTION
  readonly function?: AstExpression;
  // SUBQUERY
  readonly subquery?: { readonly node: AstQuery };
  // JOIN
  readonly left?: AstTableRef;
  readonly right?: AstTableRef;
  readonly condition?: AstExpression | null;
  readonly join_type?: string;
  readonly ref_type?: string;
  readonly using_columns?: readonly string[];
  // EXPRESSION_LIST (VALUES)
  readonly values?: readonly (readonly AstExpression[])[];
  readonly expected_names?: readonly string[];
}

/** A parsed statement, or why DuckDB could not parse it. */
export type ParsedQuery = { readonly query: AstQuery } | { readonly error: string };

export function isExpression(value: unknown): value is AstExpression {
  return typeof value === 'object' && value !== null && typeof (value as { class?: unknown }).class === 'string';
}

/** A constant's value (strings, numbers), or undefined for anything else. */
export function constantValue(expression: AstExpression | null | undefined): string | number | undefined {
  if (!expression || expression.class !== 'CONSTANT') return undefined;
  const value = (expression.value as { value?: unknown; is_null?: boolean } | undefined)?.value;
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}
