/** Rows `mesh test --unit --generate` reads from each input unless `--limit` says otherwise (its own file: the CLI's help reads it without loading the generator). */
export const DEFAULT_GENERATE_LIMIT = 5;
