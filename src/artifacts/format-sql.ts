import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

type Language = 'duckdb' | 'bigquery';
type Format = (sql: string, options: { language: Language; keywordCase: 'upper'; tabWidth: number; linesBetweenQueries: number }) => string;

const OPTIONS = { keywordCase: 'upper', tabWidth: 2, linesBetweenQueries: 1 } as const;
/** Below this many queries, starting workers costs more than it saves. */
const PARALLEL_FROM = 200;

const requireHere = createRequire(import.meta.url);

/** sql-formatter's one home. Formatting is for people reading target/; a query it cannot parse is kept as written. */
export function formatSql(sql: string, language: Language): string {
  // Required on first use (Node caches it): a compile with nothing to format never loads it.
  const { format } = requireHere('sql-formatter') as { format: Format };
  try {
    return format(sql, { language, ...OPTIONS });
  } catch {
    return sql.trim();
  }
}

/**
 * Formats many queries, on worker threads when there are enough of them: sql-formatter takes about a
 * millisecond a query, which dominates the first compile of a large project.
 */
export async function formatAll(queries: readonly string[], language: Language): Promise<string[]> {
  const workers = Math.min(availableParallelism(), 8);
  if (queries.length < PARALLEL_FROM || workers < 2) return queries.map((q) => formatSql(q, language));
  const chunks = Array.from({ length: workers }, (_, w) => queries.filter((_, i) => i % workers === w));
  const formatted = await Promise.all(chunks.map((chunk) => formatInWorker(chunk, language)));
  return queries.map((_, i) => formatted[i % workers]![Math.floor(i / workers)]!);
}

/** The worker is plain CommonJS given as text, so it runs the same from dist/ and from the TypeScript sources in tests. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { format } = require(workerData.formatter);
parentPort.postMessage(workerData.queries.map((sql) => {
  try { return format(sql, { language: workerData.language, ...workerData.options }); } catch { return sql.trim(); }
}));
`;

function formatInWorker(queries: readonly string[], language: Language): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { queries, language, options: OPTIONS, formatter: requireHere.resolve('sql-formatter') },
    });
    worker.once('message', (result: string[]) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
