/**
 * The imported jaffle_shop on BigQuery: with its commented prod target switched on, every
 * statement a build sends is accepted by Google's ZetaSQL analyzer, in the three warehouse states
 * of test/bigquery-sql/three-states.ts (the incremental model's branch and the contract view too).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { importDbt } from '../../src/commands/import-dbt.js';
import { describeThreeStates } from '../bigquery-sql/three-states.js';

const base = mkdtempSync(join(tmpdir(), 'mesh-import-bq-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const out = join(base, 'jaffle_mesh');
const imported = importDbt({ dbtDir: fileURLToPath(new URL('../fixtures/dbt/jaffle_shop/', import.meta.url)), outDir: out });
if (imported.diagnostics.length > 0) throw new Error(`the fixture does not import: ${JSON.stringify(imported.diagnostics)}`);
// The prod target as a user switches it on: the comment's lines, uncommented.
const meshYaml = readFileSync(join(out, 'mesh.yaml'), 'utf8');
writeFileSync(join(out, 'mesh.yaml'), meshYaml.replace(/^ {2}# prod:/m, '  prod:').replace(/^ {2}# {3}/gm, '    '));

describeThreeStates('the imported jaffle_shop', out, 1);
