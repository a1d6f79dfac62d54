/**
 * `mesh import dbt` on a project in the shape of dbt-labs/jaffle-shop: adapter.dispatch macros
 * become per-engine macros, and sources loaded by the project's own seeds read the seeds' CSVs on
 * DuckDB. The imported project checks and builds on real DuckDB, with the rows checked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import { mesh } from '../support/run-cli.js';
import { DISPATCH_PROJECT, RAW_ORDERS } from './dispatch-fixture.js';
import { dbtProject, importInto } from './import-support.js';

describe('adapter.dispatch macros and seed-loaded sources', () => {
  it('import into per-engine macros and sources reading the seeds, which check and build with the rows dbt gives', async () => {
    const r = importInto(dbtProject(DISPATCH_PROJECT));
    expect(r.diagnostics).toEqual([]);

    // The dispatcher is no file (tax_rate's 4 decimals show DuckDB ran duckdb__safe_divide, the default's would not round); default__ is the macro, bigquery__ and duckdb__ its engine variants.
    expect(r.read('macros/cents_to_dollars.sql')).toBe('/*\nparams:\n  - column_name\n*/\n    ({{column_name}} / 100)::numeric(16, 2)\n');
    expect(r.read('macros/bigquery/cents_to_dollars.sql')).toBe('/*\nparams:\n  - column_name\n*/\n    round(cast(({{column_name}} / 100) as numeric), 2)\n');
    expect(r.read('macros/safe_divide.sql')).toBe('/*\nparams:\n  - numerator\n  - denominator\n*/\n    ({{numerator}} / nullif({{denominator}}, 0))\n');
    expect(r.read('macros/duckdb/safe_divide.sql')).toContain('round({{numerator}} / nullif({{denominator}}, 0), 4)');
    for (const gone of ['macros/postgres/cents_to_dollars.sql', 'macros/fabric/cents_to_dollars.sql', 'macros/default__cents_to_dollars.sql', 'macros/postgres__cents_to_dollars.sql', 'macros/default__safe_divide.sql']) {
      expect(r.has(gone), gone).toBe(false);
    }
    expect(r.read('domains/jaffle_shop/raw/stg_orders.sql')).toContain('    {{cents_to_dollars "subtotal"}} as subtotal,\n    {{cents_to_dollars "tax_paid"}} as tax_paid,\n    {{safe_divide "tax_paid" "subtotal"}} as tax_rate\n');

    // The seeds became the sources' DuckDB data, byte for byte; they are not seeds too.
    expect(readFileSync(join(r.out, 'domains/jaffle_shop/data/raw_orders.csv'), 'utf8')).toBe(RAW_ORDERS);
    expect(r.has('domains/jaffle_shop/seeds')).toBe(false);
    expect(r.read('domains/jaffle_shop/domain.yaml')).toContain('sources:\n  raw_orders:\n    duckdb: data/raw_orders.csv\n    bigquery: raw.raw_orders\n  raw_customers:\n    description: One record per customer\n    duckdb: data/raw_customers.csv\n    bigquery: raw.raw_customers\n  raw_items:\n');
    expect(r.counts).toMatchObject({ models: 3, seeds: 0, sources: 3, macros: 4 });

    // The report: one entry per dropped variant and per seed-loaded source, at its line; nothing about return() or the seeds' configs.
    const at = (file: string, line: number) => r.problems.filter((p) => p.file === file && p.line === line).map((p) => p.message);
    expect(at('macros/cents_to_dollars.sql', 11)).toEqual(['macro postgres__cents_to_dollars is cents_to_dollars for postgres, an engine meshwork does not run: dropped']);
    expect(at('macros/cents_to_dollars.sql', 19)).toEqual(['macro fabric__cents_to_dollars is cents_to_dollars for fabric, an engine meshwork does not run: dropped']);
    expect(r.problems.filter((p) => p.file.startsWith('macros/')).length).toBe(2);
    expect(at('models/staging/__sources.yml', 7)).toEqual(["source ecom.raw_orders is loaded by the project's seed seeds/jaffle-data/raw_orders.csv: written as duckdb: data/raw_orders.csv (the seed's file, copied), and the seed is not imported as a seed"]);
    expect(at('models/staging/__sources.yml', 9)).toHaveLength(1);
    expect(at('models/staging/__sources.yml', 11)).toEqual(['source ecom.raw_items has no DuckDB location: only its BigQuery table is written']);
    expect(r.problems.filter((p) => p.file.startsWith('models/staging/stg_') || p.file === 'dbt_project.yml' && p.line > 1)).toEqual([]);
    const report = r.read('import-report.md');
    expect(report).toContain('### macros/cents_to_dollars.sql\n\n- line 11: `{% macro postgres__cents_to_dollars(column_name) -%}`');

    const check = await mesh(['check', '--project', r.out]);
    expect(check.err.filter((l) => / error /.test(l))).toEqual([]);
    expect(check.code).toBe(0);
    const build = await mesh(['build', '--project', r.out]);
    expect(build.err.filter((l) => / error /.test(l))).toEqual([]);
    expect(build.code).toBe(0);

    const db = await DuckDBAdapter.open({ path: join(r.out, '.mesh', 'dev.duckdb'), fileSearchPath: r.out, connections: 1 });
    try {
      const orders = await db.query('select order_id, customer_id, subtotal::varchar as subtotal, tax_paid::varchar as tax_paid, tax_rate, typeof(subtotal) as type from jaffle_shop_raw.stg_orders order by order_id');
      expect(orders).toEqual([
        { order_id: 'o1', customer_id: 'c1', subtotal: '13.00', tax_paid: '1.00', tax_rate: 0.0769, type: 'DECIMAL(16,2)' },
        { order_id: 'o2', customer_id: 'c2', subtotal: '3.00', tax_paid: '0.24', tax_rate: 0.08, type: 'DECIMAL(16,2)' },
        { order_id: 'o2', customer_id: 'c2', subtotal: '3.00', tax_paid: '0.24', tax_rate: 0.08, type: 'DECIMAL(16,2)' },
        { order_id: 'o3', customer_id: null, subtotal: '0.00', tax_paid: '0.00', tax_rate: null, type: 'DECIMAL(16,2)' },
      ]);
      const customers = await db.query('select customer_id, customer_name, orders, spent::varchar as spent from jaffle_shop_aggregate.customers order by customer_id');
      expect(customers).toEqual([
        { customer_id: 'c1', customer_name: 'Ann', orders: 1, spent: '13.00' },
        { customer_id: 'c2', customer_name: null, orders: 2, spent: '6.00' },
      ]);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('reports a variant whose parameters differ from the dispatcher, and a family without a default for an engine', () => {
    const r = importInto(
      dbtProject({
        'dbt_project.yml': 'name: shop\n',
        'macros/pct.sql': "{% macro pct(value, total) %}\n  {{ adapter.dispatch('pct', 'shop')(value, total) }}\n{% endmacro %}\n{% macro default__pct(v, t) %}\n  100.0 * {{ v }} / {{ t }}\n{% endmacro %}\n{% macro bigquery__pct(value, total) %}\n  safe_divide(100 * {{ value }}, {{ total }})\n{% endmacro %}\n",
        'models/marts/m.sql': "select {{ pct('a', 'b') }} as p from (select 1 as a, 2 as b)\n",
      }),
    );
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'macros/pct.sql', line: 4, message: 'macro default__pct takes (v, t) but pct passes (value, total): not converted' }));
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'macros/pct.sql', line: 1, message: 'pct has no default__pct nor duckdb__pct: a call of pct on a duckdb target is MESH131' }));
    expect(r.has('macros/pct.sql')).toBe(false);
    expect(r.read('macros/bigquery/pct.sql')).toBe('/*\nparams:\n  - value\n  - total\n*/\n  safe_divide(100 * {{value}}, {{total}})\n');
    expect(r.read('domains/shop/aggregate/m.sql')).toContain('select {{pct "a" "b"}} as p');
  });

  it('keeps a dispatcher that passes other values than its parameters as not converted', () => {
    const r = importInto(
      dbtProject({
        'dbt_project.yml': 'name: shop\n',
        'macros/m.sql': "{% macro m(x) %}\n  {{ return(adapter.dispatch('m')(x, 2)) }}\n{% endmacro %}\n{% macro default__m(x, y) %}\n  {{ x }} * {{ y }}\n{% endmacro %}\n",
      }),
    );
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'macros/m.sql', line: 2, message: expect.stringContaining('macro m not converted: return() has no meshwork form') }));
  });
});
