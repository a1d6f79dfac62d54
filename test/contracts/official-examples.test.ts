import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readContract } from '../../src/contracts/read-contract.js';
import { sortDiagnostics } from '../../src/diagnostics/diagnostic.js';

/** The official ODCS examples, in the shared folder checked out beside the repository. */
/** A copy in the repo, so the tests run from any clone; checked against ../shared/ when it is there. */
const EXAMPLES = new URL('../fixtures/odcs-examples/', import.meta.url);
const SHARED = new URL('../../../shared/schemas/odcs/examples/', import.meta.url);

/**
 * What meshwork says about each official example, read on its own (no project): every one follows
 * the ODCS schema, so none has an error; the warnings say what meshwork will not build or check.
 * docs/contracts.md shows this table.
 */
const EXPECTED: Readonly<Record<string, readonly (readonly ['warning', string, number, string])[]>> = {
  'all__full-example.odcs.yaml': [
    ['warning', 'MESH208', 28, "server 'my-postgres' (servers[0]) has type postgres: meshwork builds contract views on its DuckDB and BigQuery targets only, and does nothing on this server"],
    ['warning', 'MESH208', 270, "the latency SLA is not audited: its element 'tab1.txn_ref_dt' names no schema object of the contract"],
  ],
  'all__postgresql-adventureworks-contract.odcs.yaml': [],
  'data-types__all-data-types.odcs.yaml': [],
  'fundamentals__table-column-description.odcs.yaml': [],
  'quality__column-accuracy.odcs.yaml': [],
  'quality__column-completeness.odcs.yaml': [],
  'quality__column-custom.odcs.yaml': [
    ['warning', 'MESH208', 22, "schema[0].properties[0].quality[0] is a custom rule (engine: soda): meshwork runs library and sql rules only, so it does not check this one"],
    ['warning', 'MESH208', 34, "schema[0].properties[0].quality[1] is a custom rule (engine: soda): meshwork runs library and sql rules only, so it does not check this one"],
  ],
  'quality__column-validity.odcs.yaml': [],
  'roles__service-and-operational-roles.odcs.yaml': [
    ['warning', 'MESH208', 7, "the contract has no schema objects: meshwork builds no contract view for it"],
  ],
  'schema__all-schema-types.odcs.yaml': [],
  'schema__kafka-schema.odcs.yaml': [
    ['warning', 'MESH208', 30, "server 'my-kafka' (servers[0]) has type kafka: meshwork builds contract views on its DuckDB and BigQuery targets only, and does nothing on this server"],
    ['warning', 'MESH208', 8, "schema object 'Orders' (schema[0]) is a topic (physicalType: topic): meshwork builds contract views for tables and views only, so this topic is not built"],
  ],
  'schema__kafka-schemaregistry.odcs.yaml': [
    ['warning', 'MESH208', 17, "server 'my-kafka' (servers[0]) has type kafka: meshwork builds contract views on its DuckDB and BigQuery targets only, and does nothing on this server"],
    ['warning', 'MESH208', 8, "schema object 'Orders' (schema[0]) is a topic (physicalType: topic): meshwork builds contract views for tables and views only, so this topic is not built"],
  ],
  'schema__table-column.odcs.yaml': [],
  'schema__table-columns-with-partition.odcs.yaml': [],
  'server__azure-server.odcs.yaml': [
    ['warning', 'MESH208', 1, "the contract has no schema objects: meshwork builds no contract view for it"],
    ['warning', 'MESH208', 7, "server 'my-azure' (servers[0]) has type azure: meshwork builds contract views on its DuckDB and BigQuery targets only, and does nothing on this server"],
  ],
  'server__kafka-server.odcs.yaml': [
    ['warning', 'MESH208', 11, "server 'my-kafka' (servers[0]) has type kafka: meshwork builds contract views on its DuckDB and BigQuery targets only, and does nothing on this server"],
    ['warning', 'MESH208', 7, "schema object 'Orders' (schema[0]) is a topic (physicalType: topic): meshwork builds contract views for tables and views only, so this topic is not built"],
  ],
  'sla__database-table-sla.odcs.yaml': [
    ['warning', 'MESH208', 8, "the contract has no schema objects: meshwork builds no contract view for it"],
    ['warning', 'MESH208', 11, "the latency SLA is not audited: its element 'tab1.txn_ref_dt' names no schema object of the contract"],
  ],
  'stakeholders__basic-four-dpo.odcs.yaml': [
    ['warning', 'MESH208', 8, "the contract has no schema objects: meshwork builds no contract view for it"],
  ],
};

function example(name: string): string {
  const file = new URL(name, EXAMPLES);
  if (!existsSync(file)) {
    throw new Error(`official ODCS example ${fileURLToPath(file)} is missing from test/fixtures/odcs-examples/`);
  }
  return readFileSync(file, 'utf8');
}

describe('the official ODCS examples', () => {
  it('are all here, and each is listed below', () => {
    expect(existsSync(EXAMPLES), `official ODCS examples not found at ${fileURLToPath(EXAMPLES)}`).toBe(true);
    expect(readdirSync(EXAMPLES).filter((f) => f.endsWith('.odcs.yaml')).sort()).toEqual(Object.keys(EXPECTED).sort());
    if (existsSync(SHARED)) {
      const shared = readdirSync(SHARED).filter((f) => f.endsWith('.odcs.yaml')).sort();
      expect(shared).toEqual(Object.keys(EXPECTED).sort());
      for (const name of shared) expect(readFileSync(new URL(name, EXAMPLES), 'utf8'), name).toBe(readFileSync(new URL(name, SHARED), 'utf8'));
    }
  });

  for (const [name, says] of Object.entries(EXPECTED)) {
    it(`${name}: read without errors, and meshwork says what it will not build`, () => {
      const { contract, diagnostics } = readContract({ path: name, text: example(name) });
      expect(contract, 'a valid example yields a contract').toBeDefined();
      expect(sortDiagnostics(diagnostics).map((d) => [d.severity, d.code, d.line, d.message])).toEqual([...says].sort((a, b) => a[2] - b[2]));
      expect(diagnostics.every((d) => d.file === name && d.hint)).toBe(true);
    });
  }

  it('are listed in docs/contracts.md with what meshwork says about each', () => {
    const doc = readFileSync(new URL('../../docs/contracts.md', import.meta.url), 'utf8');
    for (const [name, says] of Object.entries(EXPECTED)) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
      expect(row, `a row for ${name}`).toBeDefined();
      if (says.length === 0) expect(row).toContain('valid: nothing to say');
      for (const [, code, line] of says) expect(row).toContain(`${line}: ${code}`);
    }
  });
});
