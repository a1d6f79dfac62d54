/**
 * Seeds as BigQuery SQL (the dialect's literal rows, for an engine that does not load files):
 * every inferred type, declared types in DuckDB's and BigQuery's spellings, text that needs
 * escaping (quotes, backslashes, a line break, a `#`), empty values, names that are reserved words
 * or not identifiers, a one-column seed, and a file with CRLF line ends and a BOM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { planBuild } from '../../src/plan/build-plan.js';
import type { StatementAnalyzer } from '../support/statement-analyzer.js';
import { writeProject } from '../support/temp-project.js';
import { createZetaSqlAnalyzer } from '../support/zetasql.js';
import { analyzePlan, report, type Warehouse } from './bigquery-statements.js';

const MIXED = [
  'id,name,price,ratio,active,since,updated_at,select,group,notes,rate,Seen On',
  '1,"Ann ""the"" O\'Brien",12.50,0.5,true,2024-01-31,2024-01-31 10:00,x,a,"back\\\\slash # not a comment",0.0125,2024-02-01',
  '2,"line',
  'break",,1e3,FALSE,,2024-02-01T11:30:15,y,,,0.5,',
  '2,dup,3,2,false,2024-03-01,,z,b,"unicode é ✓",1,2024-03-01',
].join('\r\n');

describe('ZetaSQL accepts every seed BigQuery SQL meshwork writes', () => {
  let analyzer: StatementAnalyzer;
  beforeAll(async () => {
    analyzer = await createZetaSqlAnalyzer();
  });
  afterAll(async () => {
    await analyzer?.close();
  });

  it('with inferred and declared types, escapes, nulls and odd names', async () => {
    const dir = writeProject({
      'mesh.yaml': 'name: lab\ntargets:\n  prod:\n    engine: bigquery\n    project: lab-prod\n    location: EU\ndefault_target: prod\n',
      'domains/lab/domain.yaml':
        'name: lab\nowner: team-lab\ndescription: seeds\nseeds:\n  mixed:\n    column_types:\n      rate: decimal(5, 4)\n      group: varchar\n      Seen On: date\n  typed:\n    column_types:\n      amount: NUMERIC(12, 2)\n      n: int64\n      at: timestamp\n',
      'domains/lab/seeds/mixed.csv': `\uFEFF${MIXED}\r\n`,
      'domains/lab/seeds/codes.csv': 'code\nA\nB\n\n',
      'domains/lab/seeds/typed.csv': 'amount,n,at\n1.5,2,2024-01-01 00:00:00\n-0.25,3,\n',
    });
    const result = compile({ projectDir: dir, target: 'prod' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const compiled = result.compiled!;
    const warehouse: Warehouse = new Map();
    // No capabilities: the seed's rows are written into the statement.
    const plan = planBuild(compiled, [...compiled.nodes.keys()], new Map(), result.engine!, { fullRefresh: false, runId: 'seeds' });
    expect(plan.steps.map((s) => s.action)).toEqual(['seed', 'seed', 'seed']);
    const { rejected } = await analyzePlan(analyzer, plan, warehouse, 'lab-prod');
    expect(rejected, report(rejected)).toEqual([]);
    const types = (name: string) => Object.fromEntries(warehouse.get(`lab-prod.lab_seeds.${name}`)!.columns.map((c) => [c.name, c.type]));
    expect(types('mixed')).toEqual({
      id: 'INT64', name: 'STRING', price: 'FLOAT64', ratio: 'FLOAT64', active: 'BOOL', since: 'DATE', updated_at: 'TIMESTAMP',
      select: 'STRING', group: 'STRING', notes: 'STRING', rate: 'NUMERIC', 'Seen On': 'DATE',
    });
    expect(types('codes')).toEqual({ code: 'STRING' });
    expect(types('typed')).toEqual({ amount: 'NUMERIC', n: 'INT64', at: 'TIMESTAMP' });
  });
});
