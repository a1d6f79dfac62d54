/** Rows `mesh show` prints when not told: dbt's default, enough to see a model's shape. */
export const DEFAULT_SHOW_LIMIT = 5;
