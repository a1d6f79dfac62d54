import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../../src/parse/parse-config.js';
import { parseDomain } from '../../src/parse/parse-domain.js';
import { parseModel, parseSingularTest } from '../../src/parse/parse-model.js';
import { splitHeader } from '../../src/parse/split-header.js';
import { YamlReader } from '../../src/parse/yaml-file.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { SourceFile } from '../../src/project/project-files.js';
import { mesh } from '../support/run-cli.js';

type Schema = Record<string, unknown>;
type Kind = 'mesh' | 'domain' | 'model-header' | 'test-header';

const schemas = Object.fromEntries(
  (['mesh', 'domain', 'model-header', 'test-header'] as const).map((k) => [k, JSON.parse(readFileSync(`schemas/${k}.schema.json`, 'utf8')) as Schema]),
) as Record<Kind, Schema>;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validators = Object.fromEntries(Object.entries(schemas).map(([k, s]) => [k, ajv.compile(s)])) as Record<Kind, ValidateFunction>;

/** Every mapping a parser reads with known keys: where it was (the YAML path) and the keys it accepts. */
interface KeysRead {
  readonly path: readonly (string | number)[];
  readonly allowed: readonly string[] | 'any';
}

function spyKeys(): KeysRead[] {
  const read: KeysRead[] = [];
  const original = YamlReader.prototype.map;
  vi.spyOn(YamlReader.prototype, 'map').mockImplementation(function (this: YamlReader, path, value, allowed, what) {
    if (value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) read.push({ path: [...path], allowed });
    return original.call(this, path, value, allowed, what);
  });
  return read;
}

afterEach(() => {
  vi.restoreAllMocks();
});

function file(path: string, text: string): SourceFile {
  return { path, absolute: `/p/${path}`, text };
}

/** Parses one file with meshwork's own parser: the problems it found, and the mappings it read with their known keys. */
function parseWithParser(kind: Kind, path: string, text: string): { diagnostics: Diagnostic[]; read: KeysRead[] } {
  const read = spyKeys();
  let diagnostics: Diagnostic[];
  if (kind === 'mesh') diagnostics = parseConfig('/p', file(path, text), { domains: ['shop'] }).diagnostics;
  else if (kind === 'domain') {
    const folder = path.split('/')[1]!;
    diagnostics = parseDomain({ folder, dir: `/p/domains/${folder}`, domainFile: file(path, text), models: [], seeds: [], tests: [], contracts: [] }).diagnostics;
  } else if (kind === 'model-header') diagnostics = parseModel('shop', 'aggregate', file(path, text)).diagnostics;
  else diagnostics = parseSingularTest('shop', file(path, text)).diagnostics;
  vi.restoreAllMocks();
  return { diagnostics, read };
}

/** The YAML a schema describes: the file, or a model's header comment. */
function document(kind: Kind, text: string): unknown {
  if (kind === 'mesh' || kind === 'domain') return parseYaml(text) ?? {};
  const header = splitHeader(text).header;
  return header === undefined ? {} : (parseYaml(header) ?? {});
}

/** The sub-schema of `schema` that describes the value at `path` of `doc`, following $ref, if/then/else and the object branch of anyOf. */
function schemaAt(root: Schema, doc: unknown, path: readonly (string | number)[]): Schema {
  const resolve = (node: Schema, value: unknown): Schema => {
    if (typeof node.$ref === 'string') return resolve(node.$ref.slice(2).split('/').reduce<Schema>((s, k) => s[k] as Schema, root), value);
    if (node.if) return resolve((ajv.validate(node.if as Schema, value) ? node.then : node.else) as Schema, value);
    if (Array.isArray(node.anyOf) && value !== null && typeof value === 'object') {
      const branches = (node.anyOf as Schema[]).map((b) => resolve(b, value)).filter((b) => b.type === (Array.isArray(value) ? 'array' : 'object'));
      if (branches.length === 1) return branches[0]!;
      // Alternative mappings (an import of a contract or of a catalog): together, the keys one mapping may hold.
      if (branches.length > 1) {
        return {
          type: 'object',
          properties: Object.assign({}, ...branches.map((b) => b.properties)) as Schema,
          additionalProperties: branches.every((b) => b.additionalProperties === false) ? false : {},
        };
      }
    }
    return node;
  };
  let node = resolve(root, doc);
  let value = doc;
  for (const segment of path) {
    value = (value as Record<string | number, unknown>)[segment];
    const properties = (node.properties ?? {}) as Record<string, Schema>;
    const next = typeof segment === 'number' ? node.items : properties[segment] ?? node.additionalProperties;
    if (!next || typeof next !== 'object') throw new Error(`the schema has nothing at ${path.join('.')} (stopped at ${String(segment)})`);
    node = resolve(next as Schema, value);
  }
  return node;
}


/** Each mapping the parser read: the schema there lists exactly the keys the parser accepts, or takes any name where the parser does. */
function expectSameKeys(kind: Kind, doc: unknown, read: readonly KeysRead[]): void {
  for (const { path, allowed } of read) {
    const node = schemaAt(schemas[kind], doc, path);
    const where = `${kind} ${path.join('.') || '(top level)'}`;
    if (allowed === 'any') {
      expect(node.additionalProperties, `${where}: the parser takes any name here`).not.toBe(false);
      continue;
    }
    // Keys the parser takes from the project rather than a fixed list (import locations are keyed
    // by the project's targets; a custom test's arguments by its parameters): the schema leaves them open.
    if (node.properties === undefined && node.additionalProperties !== undefined && node.additionalProperties !== false) continue;
    expect(Object.keys((node.properties ?? {}) as object).sort(), where).toEqual([...allowed].sort());
    expect(node.additionalProperties, `${where}: unknown keys are errors to the parser`).toBe(false);
  }
}

/** Files that use every key the parsers know (checked below: the parsers accept them as they are). */
const EVERY_KEY: readonly { kind: Kind; path: string; text: string }[] = [
  {
    kind: 'mesh',
    path: 'mesh.yaml',
    text: `name: full
targets:
  dev: { engine: duckdb, path: .mesh/dev.duckdb, threads: 2, as_of: '2024-01-01' }
  prod:
    engine: bigquery
    project: my-proj
    execution_project: my-exec
    location: EU
    dataset_prefix: ci_
    projects: { shop: shop-proj }
    method: service-account
    keyfile: key.json
    impersonate_service_account: sa@my-proj.iam.gserviceaccount.com
    api_endpoint: http://localhost:9050
    maximum_bytes_billed: 1000000
    job_timeout_seconds: 600
    job_retries: 2
    priority: batch
    labels: { team: shop }
    roles: { analyst: [group:analysts@example.com], owner: user:ana@example.com }
    threads: 8
    as_of: '2024-01-01T00:00:00Z'
  ci: { engine: bigquery, project: my-proj, location: EU, method: oauth-token, token_env: BQ_TOKEN }
default_target: dev
vars: { start: '2024-01-01', methods: [card, cash], limits: { max: 3 } }
policies:
  column-description: warn
  personal-data-classified: { severity: error, patterns: ['e_?mail'] }
imports:
  - contract: ../crm/contracts/customers.odcs.yaml
    locations: { dev: crm.customers_v1, prod: my-proj.crm.customers_v1 }
  - catalog: ../billing/target/catalog.json
openlineage: { url: 'http://localhost:5000', api_key_env: TOKEN, timeout_ms: 100, retries: 1 }
`,
  },
  {
    kind: 'domain',
    path: 'domains/shop/domain.yaml',
    text: `name: shop
owner: team-shop
description: a shop
sources:
  orders: { description: raw orders, duckdb: data/orders.csv, bigquery: ingest.orders }
  customers:
    duckdb: crm.customers
    freshness: { loaded_at: _loaded_at, warn_after: 12 hours, error_after: { count: 1, period: day }, filter: "status <> 'test'" }
seeds:
  regions: { description: regions, column_types: { code: varchar, share: 'decimal(10, 2)' } }
  empty:
policies:
  view-naming: off
  personal-data-classified: { patterns: [phone] }
`,
  },
  {
    kind: 'model-header',
    path: 'domains/shop/aggregate/daily.sql',
    text: `/*
materialized: incremental
unique_key: [day, channel]
incremental_strategy: merge
description: per day
tags: [a, b]
columns:
  day:
    description: the day
    tests: [unique, not_null, { unique: { severity: warn } }, { not_null: { severity: warn } }]
  channel:
    tests:
      - accepted_values: { values: [web, app], severity: warn }
      - relationships: { to: channels, field: code, severity: error }
partition_by: { field: day, data_type: date, granularity: month }
cluster_by: channel
require_partition_filter: true
partition_expiration_days: 30
labels: { team: shop }
*/
select 1 as day, 'web' as channel
`,
  },
  {
    kind: 'model-header',
    path: 'domains/shop/aggregate/buckets.sql',
    text: '/*\nmaterialized: table\npartition_by:\n  field: id\n  data_type: int64\n  range: { start: 0, end: 100, interval: 10 }\n*/\nselect 1 as id\n',
  },
  { kind: 'test-header', path: 'domains/shop/tests/positive.sql', text: '/*\nseverity: warn\ndescription: no negative totals\ntags: [money]\n*/\nselect 1 where false\n' },
];

function filesUnder(dir: string, name: RegExp): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => name.test(f))
    .map((f) => join(dir, f).split('\\').join('/'));
}

/** The YAML files and SQL files with headers of a project folder (example-project, templates/init). */
function projectFiles(root: string): { kind: Kind; path: string; text: string }[] {
  const relative = (f: string): string => f.slice(root.length + 1);
  return [
    ...filesUnder(root, /(^|\/)mesh\.yaml$/).map((f) => ({ kind: 'mesh' as const, path: relative(f), text: readFileSync(f, 'utf8').replace('__PROJECT_NAME__', 'demo') })),
    ...filesUnder(root, /^domains\/[^/]+\/domain\.yaml$/).map((f) => ({ kind: 'domain' as const, path: relative(f), text: readFileSync(f, 'utf8') })),
    ...filesUnder(root, /^domains\/[^/]+\/(raw|cleaned|aggregate)\/[^/]+\.sql$/).map((f) => ({ kind: 'model-header' as const, path: relative(f), text: readFileSync(f, 'utf8') })),
    ...filesUnder(root, /^domains\/[^/]+\/tests\/[^/]+\.sql$/).map((f) => ({ kind: 'test-header' as const, path: relative(f), text: readFileSync(f, 'utf8') })),
  ];
}

describe('JSON Schemas of mesh.yaml, domain.yaml and the model header', () => {
  it('list exactly the keys the parsers accept, at every mapping the parsers read', () => {
    const reached = new Set<string>();
    for (const f of EVERY_KEY) {
      const { diagnostics, read } = parseWithParser(f.kind, f.path, f.text);
      expect(diagnostics, f.path).toEqual([]);
      const doc = document(f.kind, f.text);
      expect(validators[f.kind](doc), `${f.path}: ${ajv.errorsText(validators[f.kind].errors)}`).toBe(true);
      expectSameKeys(f.kind, doc, read);
      for (const r of read) reached.add(`${f.kind}:${r.path.map((p) => (typeof p === 'number' ? '#' : p)).join('.')}`);
    }
    // The fixtures reach every kind of mapping (a new nested mapping in a parser needs a line here).
    expect(reached.size).toBeGreaterThanOrEqual(36);
  });

  it('accept example-project and the files of mesh init, and the parsers accept them too', () => {
    const files = [...projectFiles('example-project'), ...projectFiles('templates/init')];
    expect(files.filter((f) => f.kind === 'domain').length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => f.kind === 'model-header').length).toBeGreaterThanOrEqual(20);
    for (const f of files) {
      const { diagnostics, read } = parseWithParser(f.kind, f.path, f.text);
      expect(diagnostics.filter((d) => ['MESH101', 'MESH102', 'MESH103', 'MESH104'].includes(d.code)), f.path).toEqual([]);
      const doc = document(f.kind, f.text);
      expect(validators[f.kind](doc), `${f.path}: ${ajv.errorsText(validators[f.kind].errors)}`).toBe(true);
      expectSameKeys(f.kind, doc, read);
    }
  });

  it('refuse what the parsers refuse: an unknown key, a misspelt value, a bigquery key on a duckdb target', () => {
    const refused: [Kind, string][] = [
      ['mesh', 'name: shop\ntarget:\n  dev: { engine: duckdb }\n'],
      ['mesh', 'name: shop\ntargets:\n  dev: { engine: duckdb, location: EU }\n'],
      ['mesh', 'name: shop\ntargets:\n  prod: { engine: bigquery, project: p }\n'],
      ['mesh', 'name: shop\ntargets:\n  dev: { engine: postgres }\n'],
      ['domain', 'name: shop\nowner: me\nsources:\n  orders: { duckbd: data/orders.csv }\n'],
      ['model-header', '/*\nmaterialized: views\n*/\nselect 1\n'],
      ['model-header', '/*\ncolumns:\n  id:\n    test: [unique]\n*/\nselect 1 as id\n'],
      ['test-header', '/*\nseverity: fatal\n*/\nselect 1\n'],
    ];
    for (const [kind, text] of refused) {
      const path = kind === 'mesh' ? 'mesh.yaml' : kind === 'domain' ? 'domains/shop/domain.yaml' : 'domains/shop/tests/x.sql';
      expect(validators[kind](document(kind, text)), text).toBe(false);
      expect(parseWithParser(kind, path, text).diagnostics.length, text).toBeGreaterThan(0);
    }
  });

  it('share one definition of policies between mesh.yaml and domain.yaml', () => {
    expect((schemas.mesh.definitions as Schema).policies).toEqual((schemas.domain.definitions as Schema).policies);
  });

  it('are named by the modelines mesh init writes, which lead to the schemas of the meshwork that ran it', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mesh-modeline-')), 'demo');
    try {
      expect((await mesh(['init', dir])).code).toBe(0);
      for (const [path, schema] of [['mesh.yaml', 'mesh'], ['domains/sales/domain.yaml', 'domain']] as const) {
        const first = readFileSync(join(dir, path), 'utf8').split('\n')[0]!;
        const target = /^# yaml-language-server: \$schema=(\S+)$/.exec(first)?.[1];
        expect(target, path).toBeDefined();
        expect(isAbsolute(target!), path).toBe(false);
        expect(resolve(dirname(join(dir, path)), target!), path).toBe(resolve(`schemas/${schema}.schema.json`));
      }
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });

  it("example-project's modelines lead to this repository's schemas", () => {
    const files = [['example-project/mesh.yaml', 'mesh'], ...filesUnder('example-project', /^domains\/[^/]+\/domain\.yaml$/).map((f) => [f, 'domain'])] as const;
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const [path, schema] of files) {
      const target = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(path, 'utf8'))?.[1];
      expect(target && resolve(dirname(path), target), path).toBe(resolve(`schemas/${schema}.schema.json`));
    }
  });

  it('ship in the package', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schemas');
  });
});
