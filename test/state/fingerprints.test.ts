import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../../src/adapters/duckdb/duckdb-dialect.js';
import { normalizeSql } from '../../src/compile/split-statements.js';
import { compile } from '../../src/mesh.js';
import { fingerprintNodes, type NodeFingerprint } from '../../src/state/fingerprints.js';
import { localSourceStamps } from '../../src/state/local-source-stamps.js';
import { updateProject, writeProject } from '../support/temp-project.js';

const PROJECT = {
  'domains/shop/domain.yaml': 'name: shop\r\nowner: team-shop\r\nsources:\r\n  feed:\r\n    duckdb: data/feed.csv\r\n',
  'domains/shop/data/feed.csv': 'id,amount,status\n1,2.5,paid\n1,2.5,paid\n2,,open\n',
  'domains/shop/seeds/statuses.csv': 'status,label\npaid,Paid\nopen,Open\n',
  'domains/shop/raw/orders.sql': '\uFEFF/*\ndescription: Orders as exported.\n*/\nselect * from {{source "feed"}}\n',
  'domains/shop/cleaned/orders_clean.sql': '/*\nmaterialized: ephemeral\n*/\nselect distinct id, amount, status from {{ref "orders"}}\n',
  'domains/shop/aggregate/totals.sql':
    "/*\ncolumns:\n  status:\n    tests: [not_null]\n*/\nselect o.status, s.label, sum(o.amount) as total -- per status\nfrom {{ref \"orders_clean\"}} as o\njoin {{ref \"statuses\"}} as s on s.status = o.status\nwhere o.status <> 'void  x'\ngroup by 1, 2\n",
  'domains/shop/aggregate/other.sql': 'select 1 as one\n',
};

const IDS = ['model.shop.orders', 'model.shop.orders_clean', 'model.shop.totals', 'seed.shop.statuses', 'model.shop.other', 'test.shop.not_null_totals_status'];

function fingerprints(dir: string): Map<string, NodeFingerprint> {
  const { compiled, diagnostics } = compile({ projectDir: dir });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return fingerprintNodes(compiled!, localSourceStamps(dir, 'duckdb'));
}

/** Which of IDS got a new data / metadata fingerprint between two states. */
function changed(before: Map<string, NodeFingerprint>, after: Map<string, NodeFingerprint>): { data: string[]; metadata: string[] } {
  return {
    data: IDS.filter((id) => before.get(id)!.data !== after.get(id)!.data),
    metadata: IDS.filter((id) => before.get(id)!.metadata !== after.get(id)!.metadata),
  };
}

describe('node fingerprints', () => {
  it('are the same for the same project, and ignore comments, blank space and line endings', () => {
    const dir = writeProject(PROJECT);
    const first = fingerprints(dir);
    expect([...first.keys()].sort()).toEqual([...IDS].sort());
    expect(changed(first, fingerprints(dir))).toEqual({ data: [], metadata: [] });

    updateProject(dir, {
      'domains/shop/aggregate/totals.sql': PROJECT['domains/shop/aggregate/totals.sql'].replace(' -- per status', '  /* a new comment */').replace(/\n/g, '\r\n'),
      'domains/shop/aggregate/other.sql': '-- reformatted\nselect\n    1   as one\n',
    });
    expect(changed(first, fingerprints(dir))).toEqual({ data: [], metadata: [] });
  });

  it('a SQL change reaches the node and everything downstream, nothing else', () => {
    const dir = writeProject(PROJECT);
    const first = fingerprints(dir);
    updateProject(dir, { 'domains/shop/cleaned/orders_clean.sql': '/*\nmaterialized: ephemeral\n*/\nselect id, amount, status from {{ref "orders"}}\n' });
    // The ephemeral model is inlined into totals; the test reads totals.
    expect(changed(first, fingerprints(dir)).data).toEqual(['model.shop.orders_clean', 'model.shop.totals', 'test.shop.not_null_totals_status']);
  });

  it('blank space inside a string literal is data', () => {
    const dir = writeProject(PROJECT);
    const first = fingerprints(dir);
    updateProject(dir, { 'domains/shop/aggregate/totals.sql': PROJECT['domains/shop/aggregate/totals.sql'].replace("'void  x'", "'void x'") });
    expect(changed(first, fingerprints(dir)).data).toEqual(['model.shop.totals', 'test.shop.not_null_totals_status']);
  });

  it('a materialization change is data; a description or tag change is metadata only', () => {
    const dir = writeProject(PROJECT);
    const first = fingerprints(dir);
    updateProject(dir, { 'domains/shop/aggregate/other.sql': '/*\nmaterialized: view\n*/\nselect 1 as one\n' });
    const viewed = fingerprints(dir);
    expect(changed(first, viewed)).toEqual({ data: ['model.shop.other'], metadata: [] });

    updateProject(dir, { 'domains/shop/raw/orders.sql': '/*\ndescription: Orders, one row per export line.\ntags: [finance]\n*/\nselect * from {{source "feed"}}\n' });
    expect(changed(viewed, fingerprints(dir))).toEqual({ data: [], metadata: ['model.shop.orders'] });
  });

  it("a source file's new rows reach its readers; a seed's new rows reach the seed's", () => {
    const dir = writeProject(PROJECT);
    const first = fingerprints(dir);
    updateProject(dir, { 'domains/shop/data/feed.csv': `${PROJECT['domains/shop/data/feed.csv']}3,7.5,paid\n` });
    const fed = fingerprints(dir);
    expect(changed(first, fed).data).toEqual(['model.shop.orders', 'model.shop.orders_clean', 'model.shop.totals', 'test.shop.not_null_totals_status']);

    updateProject(dir, { 'domains/shop/seeds/statuses.csv': 'status,label\npaid,Paid\nopen,Open\nvoid,Void\n' });
    expect(changed(fed, fingerprints(dir)).data).toEqual(['model.shop.totals', 'seed.shop.statuses', 'test.shop.not_null_totals_status']);
  });

  it('a source with no stamp is never taken as unchanged', () => {
    const dir = writeProject(PROJECT);
    const { compiled } = compile({ projectDir: dir });
    const unknown = () => undefined;
    const a = fingerprintNodes(compiled!, unknown);
    const b = fingerprintNodes(compiled!, unknown);
    expect(a.get('model.shop.orders')!.data).not.toBe(b.get('model.shop.orders')!.data);
    expect(a.get('model.shop.other')!.data).toBe(b.get('model.shop.other')!.data);
  });
});

describe('normalizeSql', () => {
  const lexicon = duckdbDialect.lexicon;
  it('drops comments and folds blank space, keeping strings and quoted names as written', () => {
    expect(normalizeSql("select  a, -- the key\r\n\t'x  -- not a comment'  as \"b  c\" /* note */ from t\n", lexicon)).toBe(
      "select a, 'x  -- not a comment' as \"b  c\" from t",
    );
    expect(normalizeSql('select 1/*a*//*b*/+2', lexicon)).toBe('select 1 +2');
    expect(normalizeSql("select 'it''s'   ", lexicon)).toBe("select 'it''s'");
  });
});
