/**
 * The small project the adapter conformance suite builds on every engine: one domain with a seed,
 * a view, a table, an ephemeral model, the four incremental strategies and a contract. Files are
 * written as editors save them (a final newline, mesh.yaml with CRLF, domain.yaml with a BOM), and
 * the data has duplicates and nulls. Its SQL is valid on DuckDB and on BigQuery alike.
 */
import { lines } from '../diagnostics/diagnose.js';

export const BQ_PROJECT = 'acme-data';
export const BQ_LOCATION = 'europe-west1';

/** mesh.yaml: `dev` (DuckDB, a file) and `prod` (BigQuery; its endpoint from $BQ_ENDPOINT, its token from $MESH_BQ_TOKEN). */
export const MESH_YAML = [
  'name: conformance',
  'targets:',
  '  dev:',
  '    engine: duckdb',
  '    path: .mesh/dev.duckdb',
  '  prod:',
  '    engine: bigquery',
  `    project: ${BQ_PROJECT}`,
  `    location: ${BQ_LOCATION}`,
  '    method: oauth-token',
  '    token_env: MESH_BQ_TOKEN',
  '    api_endpoint: ${BQ_ENDPOINT:-http://127.0.0.1:9}',
  '    job_retries: 0',
  'default_target: dev',
  // Freshness is measured against the clock; this project's data is fixed.
  'policies:',
  '  freshness-sla: off',
  '',
].join('\r\n');
/** The line of `prod:` in mesh.yaml. */
export const PROD_LINE = 6;

const header = (...yaml: string[]): string => ['/*', ...yaml, '*/'].join('\n');

/** `orders` (cleaned, a table) as written: distinct lines, so order_id is unique. */
export const ORDERS_DISTINCT = lines(header('materialized: table'), 'select distinct order_id, country, amount, ordered_on', 'from {{ref "order_lines"}}');
/** `orders` with every line, duplicates included: the contract's unique audit fails. */
export const ORDERS_WITH_DUPLICATES = lines(header('materialized: table'), 'select order_id, country, amount, ordered_on', 'from {{ref "order_lines"}}');

const incremental = (strategy: string, ...config: string[]): string =>
  lines(
    header('materialized: incremental', `incremental_strategy: ${strategy}`, ...config),
    'select order_id, amount, ordered_on',
    'from {{ref "orders"}}',
    '{{#if is_incremental}}where ordered_on >= (select max(ordered_on) from {{this}}){{/if}}',
  );

export const CONTRACT = lines(
  'apiVersion: v3.1.0',
  'kind: DataContract',
  'id: shop-orders',
  'name: Shop orders',
  'version: 1.0.0',
  'status: active',
  'domain: shop',
  'dataProduct: orders',
  'description:',
  '  purpose: One row per order, for other domains to read.',
  'team:',
  '  name: team-shop',
  '  members:',
  '    - username: ada@example.com',
  '      role: owner',
  'schema:',
  '  - name: orders',
  '    physicalType: view',
  '    customProperties:',
  '      - property: model',
  '        value: cleaned.orders',
  '    properties:',
  '      - name: order_id',
  '        logicalType: string',
  '        required: true',
  '        unique: true',
  '        description: The order.',
  '      - name: amount',
  '        logicalType: integer',
  '        description: Total in EUR; unknown for some orders.',
);

/** The project's files; `extra` adds or replaces some. */
export function conformanceFiles(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'mesh.yaml': MESH_YAML,
    'domains/shop/domain.yaml': '\uFEFFname: shop\nowner: team-shop\ndescription: the conformance domain\n',
    // A duplicate row and a country without a name.
    'domains/shop/seeds/countries.csv': 'code,name\nDE,Germany\nFR,France\nFR,France\nXX,\n',
    // A duplicate line (o2) and a line with no country and no amount (o3).
    'domains/shop/raw/order_lines.sql': lines(
      header('materialized: view'),
      "select 'o1' as order_id, 'DE' as country, 10 as amount, date '2024-01-01' as ordered_on",
      "union all select 'o2', 'FR', 20, date '2024-01-02'",
      "union all select 'o2', 'FR', 20, date '2024-01-02'",
      "union all select 'o3', null, null, date '2024-01-03'",
    ),
    'domains/shop/cleaned/orders.sql': ORDERS_DISTINCT,
    'domains/shop/cleaned/named_countries.sql': lines(header('materialized: ephemeral'), 'select distinct code, name', 'from {{ref "countries"}}', 'where name is not null'),
    'domains/shop/aggregate/orders_by_country.sql': lines(
      header('materialized: view'),
      'select o.country, c.name, count(*) as orders',
      'from {{ref "orders"}} as o',
      'left join {{ref "named_countries"}} as c on c.code = o.country',
      'group by o.country, c.name',
    ),
    'domains/shop/aggregate/orders_merged.sql': incremental('merge', 'unique_key: order_id'),
    'domains/shop/aggregate/orders_appended.sql': incremental('append'),
    'domains/shop/aggregate/orders_replaced.sql': incremental('delete+insert', 'unique_key: order_id'),
    'domains/shop/aggregate/orders_by_day.sql': incremental('insert_overwrite', 'partition_by: { field: ordered_on, data_type: date }'),
    'domains/shop/contracts/orders.odcs.yaml': CONTRACT,
    ...extra,
  };
}
