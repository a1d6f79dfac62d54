import { format } from 'sql-formatter';

/** sql-formatter's one home. Formatting is for people reading target/; a query it cannot parse is kept as written. */
export function formatSql(sql: string, language: 'duckdb' | 'bigquery'): string {
  try {
    return format(sql, { language, keywordCase: 'upper', tabWidth: 2, linesBetweenQueries: 1 });
  } catch {
    return sql.trim();
  }
}
