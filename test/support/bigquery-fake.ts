/** The local BigQuery REST endpoint the BigQuery tests stand on: see bigquery-fake/index.ts. */
export * from './bigquery-fake/index.js';
