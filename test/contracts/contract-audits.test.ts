import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../src/adapters/duckdb/duckdb-dialect.js';
import { auditPasses, contractAudits, typeMismatches } from '../../src/contracts/contract-audits.js';
import { readContract } from '../../src/contracts/read-contract.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';

const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: t
version: 1.0.0
status: active
domain: shop
dataProduct: items
schema:
  - name: items
    physicalType: table
    customProperties:
      - property: model
        value: items
    quality:
      - metric: rowCount
        mustBeBetween: [1, 10]
    properties:
      - name: id
        logicalType: integer
        primaryKey: true
      - name: colour
        logicalType: string
        quality:
          - metric: nullValues
            mustBeLessOrEqualTo: 20
            unit: percent
          - metric: duplicateValues
            mustBe: 0
          - metric: missingValues
            arguments:
              missingValues: ['', n/a]
            mustBeLessThan: 2
`;

describe('contract audits', () => {
  it.each([
    ['mustBe', 0, 0, true],
    ['mustBe', 1, 0, false],
    ['mustNotBe', 1, 0, true],
    ['mustBeGreaterThan', 1, 0, true],
    ['mustBeGreaterOrEqualTo', 0, 0, true],
    ['mustBeLessThan', 0, 0, false],
    ['mustBeLessOrEqualTo', 0, 0, true],
    ['mustBeBetween', 5, [1, 10], true],
    ['mustBeBetween', 11, [1, 10], false],
    ['mustNotBeBetween', 11, [1, 10], true],
  ] as const)('%s: %s against %j is %s', (operator, value, expected, passes) => {
    expect(auditPasses(value, operator, expected as never)).toBe(passes);
  });

  it('measures every rule on the candidate, as the contract words it', async () => {
    const { contract, diagnostics } = readContract({ path: 'domains/shop/contracts/items.odcs.yaml', text: CONTRACT }, { domain: 'shop' });
    expect(diagnostics).toEqual([]);
    const audits = contractAudits(contract!.schema[0]!, '"candidate"', duckdbDialect);
    const adapter = await memoryDuckDB(writeProject({}));
    try {
      await adapter.execute([{ sql: "create table candidate as select * from (values (1, 'red'), (2, 'red'), (2, NULL), (3, ''), (4, 'n/a')) as t(id, colour)" }]);
      const measured = await Promise.all(audits.map(async (a) => [a.name, await adapter.queryNumber(a.valueSql), auditPasses(await adapter.queryNumber(a.valueSql), a.operator, a.expected)]));
      expect(measured).toEqual([
        ['required: id', 0, true],
        ['unique: id', 1, false],
        ['quality: rowCount', 5, true],
        ['quality: nullValues on colour', 20, true],
        ['quality: duplicateValues on colour', 1, false],
        ['quality: missingValues on colour', 3, false],
      ]);
    } finally {
      await adapter.close();
    }
  });
});

describe('the type check', () => {
  const check = { sql: '', table: 'candidate', expected: [{ column: 'amount', type: 'NUMERIC(12,2)' }, { column: 'price', type: 'DECIMAL(12,2)' }] };
  it('accepts a type without the parameters BigQuery drops when it creates a table from a query', () => {
    expect(typeMismatches(['s\tcandidate\tamount\tNUMERIC', 's\tcandidate\tprice\tDECIMAL(12, 2)'], check)).toEqual([]);
  });
  it('still tells other parameters apart, as DuckDB reports them', () => {
    expect(typeMismatches(['s\tcandidate\tamount\tNUMERIC(10,2)', 's\tcandidate\tprice\tDECIMAL(18,3)'], check)).toEqual([
      'amount: expected NUMERIC(12,2), found NUMERIC(10,2)',
      'price: expected DECIMAL(12,2), found DECIMAL(18,3)',
    ]);
  });
});
