import type { SqlStatement } from '../adapter.js';

/** The statements a dry run sends, each alone, with its index in the node's statements. */
export function dryRunPlan(statements: readonly SqlStatement[]): { index: number; sql: string }[] {
  const temps: string[] = [];
  const plan: { index: number; sql: string }[] = [];
  for (const [index, { sql }] of statements.entries()) {
    const keyword = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
    // Transactions have nothing to estimate; a DROP cannot be estimated before what it drops exists.
    if (keyword === 'BEGIN' || keyword === 'COMMIT' || keyword === 'ROLLBACK' || keyword === 'DROP') continue;
    // A TEMP table lives only in the script: its query is estimated, later readers of it are not sent.
    if (temps.some((name) => new RegExp(`(^|[^\\w.\`])\`?${escape(name)}\`?(?![\\w.])`).test(sql))) continue;
    const temp = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?TEMP(?:ORARY)?\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?([\w-]+)`?\s+AS\s+/i.exec(sql);
    if (temp) {
      temps.push(temp[1]!);
      plan.push({ index, sql: sql.slice(temp[0].length) });
      continue;
    }
    plan.push({ index, sql });
  }
  return plan;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
