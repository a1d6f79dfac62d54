import { createRequire } from 'node:module';

type Format = (sql: string, options: { language: 'duckdb' | 'bigquery'; keywordCase: 'upper'; tabWidth: number; linesBetweenQueries: number }) => string;

/** Loaded on the first call: a compile with nothing to format (or a build) never pays for loading it. */
let format: Format | undefined;

/** sql-formatter's one home. Formatting is for people reading target/; a query it cannot parse is kept as written. */
export function formatSql(sql: string, language: 'duckdb' | 'bigquery'): string {
  format ??= (createRequire(import.meta.url)('sql-formatter') as { format: Format }).format;
  try {
    return format(sql, { language, keywordCase: 'upper', tabWidth: 2, linesBetweenQueries: 1 });
  } catch {
    return sql.trim();
  }
}
