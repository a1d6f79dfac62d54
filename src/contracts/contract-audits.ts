import type { Dialect } from '../adapters/dialect.js';
import type { Json } from '../parse/yaml-file.js';
import type { FreshnessSla } from './freshness.js';
import { columnTransform } from './governance/column-transform.js';
import { engineType } from './logical-types.js';
import type { ContractObject, ContractProperty, QualityOperator, QualityRule } from './contract-definition.js';

/**
 * One check of a contract's candidate data before it is published: a query returning one number,
 * and what that number must satisfy. Written against the candidate relation, never the public view.
 */
export interface Audit {
  /** Shown in the report: `required: order_id`, `quality: invalidValues on status`. */
  readonly name: string;
  /** Line of the rule (or property) in the contract file. */
  readonly line: number;
  /** The value is an age in seconds (freshness): reported as a duration. */
  readonly unit?: 'seconds';
  /** The contract column the rule is about; none for table-wide rules. */
  readonly column?: string;
  readonly valueSql: string;
  readonly operator: QualityOperator;
  readonly expected: Json;
  /**
   * The type check: `sql` lists the columns of the candidate's schema as `<schema>\t<table>\t<column>\t<type>`;
   * the audit's value is how many contracted columns of `table` are missing or of another type than `expected`.
   */
  readonly types?: { readonly sql: string; readonly table: string; readonly expected: readonly { readonly column: string; readonly type?: string }[] };
  /** A few keys of failing rows, when the rule is about rows. */
  readonly samplesSql?: string;
}

/** What audits of one build share: its freshness SLAs and the clock they are measured against. */
export interface AuditContext {
  readonly freshness?: readonly FreshnessSla[];
  /** ISO instant freshness is measured at: the target's `as_of`, `--as-of`, or the build's start. */
  readonly asOf?: string;
  /** Where the candidate is, for the engine's catalog of its column types. */
  readonly candidateAt?: { readonly schema: string; readonly name: string };
}

/** The audits of a schema object: required, unique and primary keys, its quality rules, then freshness. */
export function contractAudits(object: ContractObject, candidate: string, dialect: Dialect, context: AuditContext = {}): Audit[] {
  const q = (name: string): string => dialect.quoteIdentifier(name);
  // The candidate's type of each column, so grouping and comparing use a form the engine accepts for it.
  const columnTypes = new Map(object.properties.map((p) => [p.name, columnType(p, dialect)]));
  const c = (name: string): string => dialect.comparable(q(name), columnTypes.get(name));
  const keys = primaryKey(object);
  // A composite key is shown as `a/b`: each part as text (BigQuery's || takes strings only).
  const text = dialect.sqlType('string');
  const keyText = (name: string): string => (keys.length === 1 || columnTypes.get(name) === text ? q(name) : dialect.convert(q(name), text));
  const sample = (where: string): string => `SELECT ${keys.length > 0 ? keys.map(keyText).join(` || '/' || `) : '*'} FROM ${candidate} WHERE ${where} LIMIT 3`;
  const count = (where: string): string => `SELECT count(*) FROM ${candidate} WHERE ${where}`;
  const duplicates = (columns: readonly string[]): string =>
    `SELECT count(*) FROM (SELECT ${columns.map(c).join(', ')} FROM ${candidate} WHERE ${columns.map((name) => `${q(name)} IS NOT NULL`).join(' AND ')} GROUP BY ${columns.map(c).join(', ')} HAVING count(*) > 1) AS duplicated`;
  const audits: Audit[] = [];
  if (context.candidateAt) {
    // First: the candidate's column types as the engine reports them must be the contracted ones.
    const expected = object.properties.map((p) => {
      const type = columnTypes.get(p.name);
      return { column: p.name, ...(type ? { type } : {}) };
    });
    const types = { sql: dialect.schemaColumnTypesSql([context.candidateAt.schema]), table: context.candidateAt.name, expected };
    audits.push({ name: 'column types', line: object.line, valueSql: '', operator: 'mustBe', expected: 0, types });
  }

  for (const p of object.properties) {
    if (p.required || p.primaryKey) {
      // Sample keys only when the missing value is not the key itself.
      const samples = keys.length > 0 && !keys.includes(p.name) ? { samplesSql: sample(`${q(p.name)} IS NULL`) } : {};
      audits.push({ name: `required: ${p.name}`, line: p.line, column: p.name, valueSql: count(`${q(p.name)} IS NULL`), operator: 'mustBe', expected: 0, ...samples });
    }
    if (p.unique || (p.primaryKey && keys.length === 1)) {
      audits.push({ name: `unique: ${p.name}`, line: p.line, column: p.name, valueSql: duplicates([p.name]), operator: 'mustBe', expected: 0 });
    }
  }
  if (keys.length > 1) {
    audits.push({ name: `primary key: ${keys.join(', ')}`, line: object.line, valueSql: duplicates(keys), operator: 'mustBe', expected: 0 });
  }
  for (const rule of object.quality) audits.push(...ruleAudit(rule, undefined, candidate, dialect, count, sample));
  for (const p of object.properties) for (const rule of p.quality) audits.push(...ruleAudit(rule, p, candidate, dialect, count, sample, columnTypes.get(p.name)));
  for (const sla of context.freshness ?? []) {
    if (sla.object !== object.name || !context.asOf) continue;
    // Age in seconds of the newest row; with no row at all, the age since 1970 fails any SLA.
    const now = Math.floor(Date.parse(context.asOf) / 1000);
    audits.push({
      name: `freshness: newest ${sla.column} at most ${sla.text} old at ${context.asOf}`,
      unit: 'seconds',
      column: sla.column,
      line: sla.line,
      valueSql: `SELECT ${now} - coalesce(${dialect.epochSeconds(`max(${q(sla.column)})`)}, 0) FROM ${candidate}`,
      operator: 'mustBeLessOrEqualTo',
      expected: sla.seconds,
    });
  }
  return audits;
}

/** The candidate's engine type of a contract column: transformed columns are text. */
function columnType(property: ContractProperty, dialect: Dialect): string | undefined {
  return columnTransform(property) ? dialect.sqlType('string') : engineType(property, dialect.engine);
}

function primaryKey(object: ContractObject): string[] {
  return object.properties
    .filter((p) => p.primaryKey)
    .sort((a, b) => (a.primaryKeyPosition ?? 0) - (b.primaryKeyPosition ?? 0))
    .map((p) => p.name);
}

/** ODCS library metrics and sql rules; other types (custom, text) are documentation only. */
function ruleAudit(
  rule: QualityRule,
  property: ContractProperty | undefined,
  candidate: string,
  dialect: Dialect,
  count: (where: string) => string,
  sample: (where: string) => string,
  type?: string,
): Audit[] {
  if (!rule.comparison) return [];
  const { operator, value: expected } = rule.comparison;
  const column = property ? dialect.quoteIdentifier(property.name) : undefined;
  // Compared with listed values or grouped: a JSON column by its text.
  const comparable = column ? dialect.comparable(column, type) : undefined;
  const on = property ? ` on ${property.name}` : '';
  const base = { line: rule.line, operator, expected, ...(property ? { column: property.name } : {}) };
  if (rule.type === 'sql' && rule.query) {
    const valueSql = rule.query.replace(/\$\{object\}/g, candidate).replace(/\$\{property\}/g, column ?? '');
    return [{ ...base, name: `quality: ${rule.name ?? 'sql'}${on}`, valueSql }];
  }
  if (rule.type !== 'library') return [];
  const name = `quality: ${rule.metric}${on}`;
  const percent = rule.unit === 'percent';
  const share = (sql: string): string => (percent ? `SELECT 100.0 * (${sql}) / nullif((SELECT count(*) FROM ${candidate}), 0)` : sql);
  switch (rule.metric) {
    case 'rowCount':
      return [{ ...base, name, valueSql: `SELECT count(*) FROM ${candidate}` }];
    case 'nullValues':
    case 'missingValues': {
      if (!column) return [];
      const missing = Array.isArray(rule.arguments.missingValues) ? rule.arguments.missingValues : [];
      const where = [`${column} IS NULL`, ...(missing.length > 0 ? [`${comparable} IN (${missing.map((v) => literal(v, dialect)).join(', ')})`] : [])].join(' OR ');
      return [{ ...base, name, valueSql: share(count(where)), samplesSql: sample(where) }];
    }
    case 'invalidValues': {
      if (!column) return [];
      const valid = Array.isArray(rule.arguments.validValues) ? rule.arguments.validValues : [];
      if (valid.length === 0) return [];
      const where = `${column} IS NOT NULL AND ${comparable} NOT IN (${valid.map((v) => literal(v, dialect)).join(', ')})`;
      return [{ ...base, name, valueSql: share(count(where)), samplesSql: sample(where) }];
    }
    case 'duplicateValues': {
      if (!column) return [];
      const sql = `SELECT coalesce(sum(copies - 1), 0) FROM (SELECT count(*) AS copies FROM ${candidate} WHERE ${column} IS NOT NULL GROUP BY ${comparable} HAVING count(*) > 1) AS duplicated`;
      return [{ ...base, name, valueSql: share(sql) }];
    }
    default:
      return [];
  }
}

function literal(value: Json, dialect: Dialect): string {
  return typeof value === 'string' ? dialect.stringLiteral(value) : String(value);
}

/** Whether an audit's value satisfies its rule. */
export function auditPasses(value: number, operator: QualityOperator, expected: Json): boolean {
  const range = Array.isArray(expected) ? expected.map(Number) : [];
  const target = Number(expected);
  switch (operator) {
    case 'mustBe':
      return value === target;
    case 'mustNotBe':
      return value !== target;
    case 'mustBeGreaterThan':
      return value > target;
    case 'mustBeGreaterOrEqualTo':
      return value >= target;
    case 'mustBeLessThan':
      return value < target;
    case 'mustBeLessOrEqualTo':
      return value <= target;
    case 'mustBeBetween':
      return range.length === 2 && value >= range[0]! && value <= range[1]!;
    case 'mustNotBeBetween':
      return range.length === 2 && (value < range[0]! || value > range[1]!);
  }
}

/** The contracted columns the engine reports missing or of another type, as report phrases. */
export function typeMismatches(reported: readonly string[], { table, expected }: NonNullable<Audit['types']>): string[] {
  const actual = new Map(
    reported.map((row) => row.split('\t')).filter(([, t]) => t === table).map(([, , column, type]) => [column!, type!] as const),
  );
  return expected.flatMap(({ column, type }) => {
    const found = actual.get(column);
    if (found === undefined) return [`${column}: expected ${type ?? 'a column'}, found none`];
    if (type === undefined || sameType(found, type)) return [];
    return [`${column}: expected ${type}, found ${found}`];
  });
}

/**
 * Engines spell some types two ways (`TIMESTAMP WITH TIME ZONE` for `TIMESTAMPTZ`, `NUMERIC(12, 2)`).
 * A table BigQuery creates from a query keeps no type parameters (`CAST(x AS NUMERIC(12,2))` makes a
 * NUMERIC column), so a reported type without them matches the contracted one with them.
 */
function sameType(found: string, expected: string): boolean {
  const canonical = (t: string): string => t.toUpperCase().replace(/\s*,\s*/g, ',').replace('TIMESTAMP WITH TIME ZONE', 'TIMESTAMPTZ').replace(/^DECIMAL/, 'NUMERIC').trim();
  const bare = (t: string): string => t.replace(/\(.*\)$/, '');
  return canonical(found) === canonical(expected) || (!canonical(found).includes('(') && canonical(found) === bare(canonical(expected)));
}

/** Seconds in the largest unit and the next one when it is not zero: `2 d 3 h`, `2 d`, `45 min`. */
export function duration(seconds: number): string {
  const units: [string, number][] = [['d', 86_400], ['h', 3_600], ['min', 60], ['s', 1]];
  const rest = Math.max(0, Math.round(seconds));
  const first = units.findIndex(([, size]) => rest >= size);
  if (first < 0) return '0 s';
  const [name, size] = units[first]!;
  const next = units[first + 1];
  const remainder = next ? Math.floor((rest % size) / next[1]) : 0;
  return `${Math.floor(rest / size)} ${name}${next && remainder > 0 ? ` ${remainder} ${next[0]}` : ''}`;
}
