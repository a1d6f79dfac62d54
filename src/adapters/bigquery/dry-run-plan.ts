import type { SqlStatement } from '../adapter.js';

/**
 * The statements a dry run sends, each alone, with its index in the node's statements. A dry run
 * does not run the statements before it, so: transactions and DROPs are not sent (nothing to
 * estimate), readers of a TEMP table made earlier are not sent, and a CREATE … AS whose relation an
 * earlier DROP removes (a view becoming a table) or that makes a TEMP table sends its query alone.
 */
export function dryRunPlan(statements: readonly SqlStatement[]): { index: number; sql: string }[] {
  const temps: string[] = [];
  const dropped = new Set<string>();
  const plan: { index: number; sql: string }[] = [];
  for (const [index, { sql }] of statements.entries()) {
    const keyword = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
    if (keyword === 'BEGIN' || keyword === 'COMMIT' || keyword === 'ROLLBACK') continue;
    const drop = /^\s*DROP\s+(?:TABLE|VIEW|MATERIALIZED\s+VIEW)\s+(?:IF\s+EXISTS\s+)?(`[^`]+`|[\w.-]+)/i.exec(sql);
    if (drop) {
      dropped.add(normal(drop[1]!));
      continue;
    }
    if (temps.some((name) => new RegExp(`(^|[^\\w.\`])\`?${escape(name)}\`?(?![\\w.])`).test(sql))) continue;
    const create = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(TEMP(?:ORARY)?\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(`[^`]+`|[\w.-]+)/i.exec(sql);
    if (create) {
      const name = normal(create[2]!);
      if (create[1]) temps.push(name);
      const query = create[1] || dropped.has(name) ? queryOf(sql, create[0].length) : undefined;
      plan.push({ index, sql: query ?? sql });
      continue;
    }
    plan.push({ index, sql });
  }
  return plan;
}

/** The query after the first `AS` outside parentheses and strings (past PARTITION BY, OPTIONS(…)). */
function queryOf(sql: string, from: number): string | undefined {
  let depth = 0;
  for (let i = from; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const close = sql.indexOf(c, i + 1);
      i = close < 0 ? sql.length : close;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && /[Aa]/.test(c) && /^AS\b/i.test(sql.slice(i, i + 3)) && /\s/.test(sql[i - 1] ?? '')) return sql.slice(i + 2).trim();
  }
  return undefined;
}

const normal = (name: string): string => name.replace(/`/g, '').toLowerCase();

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
