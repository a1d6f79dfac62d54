/**
 * Snapshots built on a real DuckDB from a CSV source as a user exports it (a duplicated row, empty
 * values): the first build takes the current state; later builds close changed versions and open
 * new ones per strategy; deleted keys follow hard_deletes; a rerun with the same input adds no
 * version; an unchanged build reuses the snapshot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../src/adapters/duckdb/duckdb-adapter.js';
import type { NodeResult } from '../../src/execute/run-events.js';
import { build, type BuildOptions } from '../../src/mesh.js';
import { memoryDuckDB, rows, updateProject, writeProject } from '../support/temp-project.js';

const snapshot = (settings: string): string => `/*\r\nmaterialized: snapshot\r\nunique_key: id\r\n${settings.replace(/\n/g, '\r\n')}\r\n*/\r\nselect id, name, updated_at from {{source "customers"}}\r\n`;

const MODELS = {
  ts_ignore: snapshot('strategy: timestamp\nupdated_at: updated_at'),
  ts_invalidate: snapshot('strategy: timestamp\nupdated_at: updated_at\nhard_deletes: invalidate'),
  ts_new_record: snapshot('strategy: timestamp\nupdated_at: updated_at\nhard_deletes: new_record'),
  check_name: snapshot('strategy: check\ncheck_cols: [name]'),
  check_all: snapshot('strategy: check\ncheck_cols: all\nhard_deletes: invalidate'),
};
const NAMES = Object.keys(MODELS);

const PROJECT = {
  'domains/crm/domain.yaml': 'name: crm\nowner: team-crm\nsources:\n  customers:\n    duckdb: data/customers.csv\n',
  ...Object.fromEntries(Object.entries(MODELS).map(([name, text]) => [`domains/crm/cleaned/${name}.sql`, text])),
};

/** Day one: key 2 exported twice, key 3 without a name, key 4 without updated_at. */
const DAY1 = 'id,name,updated_at\n1,Ann,2024-01-01 00:00:00\n2,Bob,2024-01-01 00:00:00\n2,Bob,2024-01-01 00:00:00\n3,,2024-01-01 00:00:00\n4,Dee,\n';
/** Day two: 1 renamed (updated_at moves), 2 touched (updated_at only), 3 deleted, 4 as it was, 5 new. */
const DAY2 = 'id,name,updated_at\n1,Anna,2024-02-01 00:00:00\n2,Bob,2024-01-15 00:00:00\n4,Dee,\n5,Eve,2024-02-01 00:00:00\n';
/** Day three: 3 is back, with a name but its old updated_at. */
const DAY3 = `${DAY2}3,Cy,2024-01-01 00:00:00\n`;

let adapter: DuckDBAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  adapter = undefined;
});

async function buildIn(dir: string, options: Partial<BuildOptions> = {}): Promise<NodeResult[]> {
  adapter ??= await memoryDuckDB(dir);
  const result = await build({ projectDir: dir, adapter, ...options });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const results = [...result.run!.results];
  expect(results.filter((r) => r.status === 'error')).toEqual([]);
  return results;
}

/** Each version as `id name state`, by key and valid_from. */
async function versions(name: string): Promise<string[]> {
  const found = await rows(adapter!, `select id, name, is_current, is_deleted, valid_to from crm_cleaned.${name} order by id, valid_from`);
  return found.map((r) => `${String(r.id)} ${r.name === null ? '∅' : String(r.name)} ${r.is_current ? 'current' : 'closed'}${r.is_deleted ? ' deleted' : ''}`);
}

/** Every row, to compare two builds exactly (version keys and instants included). */
async function everything(name: string): Promise<string> {
  return JSON.stringify(await rows(adapter!, `select * from crm_cleaned.${name} order by id, valid_from, snapshot_id`), (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}

/** What must hold in any snapshot: unique version keys, one current version per key, closed versions closed at or after they opened. */
async function wellFormed(name: string): Promise<void> {
  const [check] = await rows(adapter!, `select count(*) - count(distinct snapshot_id) as repeated_ids,
      (select count(*) from (select id from crm_cleaned.${name} where is_current group by id having count(*) > 1)) as two_current,
      count(*) filter (where (valid_to is null) <> is_current or valid_to < valid_from) as inconsistent
    from crm_cleaned.${name}`);
  expect(check, name).toEqual({ repeated_ids: 0, two_current: 0, inconsistent: 0 });
}

describe('materialized: snapshot on DuckDB', () => {
  it('keeps every version per strategy and hard_deletes mode; a rerun adds none; an unchanged build reuses it', async () => {
    const dir = writeProject({ ...PROJECT, 'domains/crm/data/customers.csv': DAY1 });

    // First build: the current state, one version per key (the duplicated key 2 once).
    const first = await buildIn(dir);
    expect(first.map((r) => [r.id, r.action])).toEqual(NAMES.map((n) => [`model.crm.${n}`, 'snapshot']).sort());
    for (const name of NAMES) {
      expect(await versions(name), name).toEqual(['1 Ann current', '2 Bob current', '3 ∅ current', '4 Dee current']);
      await wellFormed(name);
    }
    // timestamp: valid from updated_at; without one, from the build's time.
    const [ann] = await rows(adapter!, "select valid_from = timestamp '2024-01-01' as from_updated_at from crm_cleaned.ts_ignore where id = 1");
    expect(ann).toEqual({ from_updated_at: true });
    const [dee] = await rows(adapter!, "select valid_from > timestamp '2025-01-01' as from_build from crm_cleaned.ts_ignore where id = 4");
    expect(dee).toEqual({ from_build: true });

    // Day two.
    updateProject(dir, { 'domains/crm/data/customers.csv': DAY2 });
    const second = await buildIn(dir);
    expect(second.map((r) => r.status)).toEqual(NAMES.map(() => 'success'));
    const timestamp = ['1 Ann closed', '1 Anna current', '2 Bob closed', '2 Bob current'];
    expect(await versions('ts_ignore')).toEqual([...timestamp, '3 ∅ current', '4 Dee current', '5 Eve current']);
    expect(await versions('ts_invalidate')).toEqual([...timestamp, '3 ∅ closed', '4 Dee current', '5 Eve current']);
    expect(await versions('ts_new_record')).toEqual([...timestamp, '3 ∅ closed', '3 ∅ current deleted', '4 Dee current', '5 Eve current']);
    // check [name]: key 2's new updated_at is no change; check all: it is.
    expect(await versions('check_name')).toEqual(['1 Ann closed', '1 Anna current', '2 Bob current', '3 ∅ current', '4 Dee current', '5 Eve current']);
    expect(await versions('check_all')).toEqual(['1 Ann closed', '1 Anna current', '2 Bob closed', '2 Bob current', '3 ∅ closed', '4 Dee current', '5 Eve current']);
    for (const name of NAMES) await wellFormed(name);
    // timestamp: the old version closes, and the new one opens, at the new updated_at.
    const closes = await rows(adapter!, 'select strftime(valid_from, \'%Y-%m-%d\') as valid_from, strftime(valid_to, \'%Y-%m-%d\') as valid_to from crm_cleaned.ts_ignore where id = 1 order by 1');
    expect(closes).toEqual([
      { valid_from: '2024-01-01', valid_to: '2024-02-01' },
      { valid_from: '2024-02-01', valid_to: null },
    ]);

    // The same input again, forced to run: not one new version, nothing rewritten.
    const before = await Promise.all(NAMES.map(everything));
    const forced = await buildIn(dir, { force: true });
    expect(forced.map((r) => [r.action, r.status])).toEqual(NAMES.map(() => ['snapshot', 'success']));
    expect(await Promise.all(NAMES.map(everything))).toEqual(before);

    // Unchanged inputs, not forced: the snapshots are reused.
    const reused = await buildIn(dir);
    expect(reused.map((r) => r.status)).toEqual(NAMES.map(() => 'reused'));

    // Day three: key 3 comes back with its old updated_at.
    updateProject(dir, { 'domains/crm/data/customers.csv': DAY3 });
    await buildIn(dir);
    // timestamp with ignore: 3 never left and its updated_at did not move, so the new name is no new version.
    expect((await versions('ts_ignore')).filter((v) => v.startsWith('3'))).toEqual(['3 ∅ current']);
    expect((await versions('ts_invalidate')).filter((v) => v.startsWith('3'))).toEqual(['3 ∅ closed', '3 Cy current']);
    expect((await versions('ts_new_record')).filter((v) => v.startsWith('3'))).toEqual(['3 ∅ closed', '3 ∅ closed deleted', '3 Cy current']);
    expect((await versions('check_name')).filter((v) => v.startsWith('3'))).toEqual(['3 ∅ closed', '3 Cy current']);
    expect((await versions('check_all')).filter((v) => v.startsWith('3'))).toEqual(['3 ∅ closed', '3 Cy current']);
    for (const name of NAMES) await wellFormed(name);
  });

  it('--full-refresh keeps the history: the snapshot records versions as any build does', async () => {
    const dir = writeProject({ ...PROJECT, 'domains/crm/data/customers.csv': DAY1 });
    await buildIn(dir);
    updateProject(dir, { 'domains/crm/data/customers.csv': DAY2 });
    const refreshed = await buildIn(dir, { fullRefresh: true, select: ['ts_new_record'] });
    expect(refreshed.map((r) => [r.id, r.action])).toEqual([['model.crm.ts_new_record', 'snapshot']]);
    expect(await versions('ts_new_record')).toEqual(['1 Ann closed', '1 Anna current', '2 Bob closed', '2 Bob current', '3 ∅ closed', '3 ∅ current deleted', '4 Dee current', '5 Eve current']);
  });
});

describe('a snapshot\'s fingerprint', () => {
  it('changes with its settings: a new hard_deletes runs it again, with the new mode', async () => {
    const dir = writeProject({ ...PROJECT, 'domains/crm/data/customers.csv': DAY1 });
    await buildIn(dir, { select: ['ts_ignore'] });
    expect((await buildIn(dir, { select: ['ts_ignore'] })).map((r) => r.status)).toEqual(['reused']);
    updateProject(dir, { 'domains/crm/cleaned/ts_ignore.sql': snapshot('strategy: timestamp\nupdated_at: updated_at\nhard_deletes: new_record') });
    expect((await buildIn(dir, { select: ['ts_ignore'] })).map((r) => [r.action, r.status])).toEqual([['snapshot', 'success']]);
    updateProject(dir, { 'domains/crm/data/customers.csv': DAY2 });
    await buildIn(dir, { select: ['ts_ignore'] });
    expect((await versions('ts_ignore')).filter((v) => v.startsWith('3'))).toEqual(['3 ∅ closed', '3 ∅ current deleted']);
  });
});

describe('{{latest "snapshot"}}', () => {
  it('reads the current state: the current version of each key not deleted, with the query\'s columns only', async () => {
    const dir = writeProject({
      ...PROJECT,
      'domains/crm/data/customers.csv': DAY1,
      'domains/crm/aggregate/current_customers.sql': '/*\nmaterialized: table\n*/\nselect *\nfrom {{latest "ts_new_record"}} as c\n',
    });
    await buildIn(dir, { select: ['ts_new_record+'] });
    updateProject(dir, { 'domains/crm/data/customers.csv': DAY2 });
    const results = await buildIn(dir, { select: ['ts_new_record+'] });
    expect(results.map((r) => [r.id, r.status])).toEqual([['model.crm.ts_new_record', 'success'], ['model.crm.current_customers', 'success']]);
    const current = await rows(adapter!, 'select * from crm_aggregate.current_customers order by id');
    expect(current.map((r) => Object.keys(r))).toEqual(current.map(() => ['id', 'name', 'updated_at']));
    expect(current.map((r) => `${String(r.id)} ${String(r.name)}`)).toEqual(['1 Anna', '2 Bob', '4 Dee', '5 Eve']);
  });
});
