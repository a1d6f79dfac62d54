import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AdapterCapabilities, RelationKind } from '../../src/adapters/adapter.js';
import type { CompiledProject } from '../../src/compile/compiled-node.js';
import { hasErrors } from '../../src/diagnostics/diagnostic.js';
import { compile } from '../../src/mesh.js';
import { planBuild, type BuildPlan } from '../../src/plan/build-plan.js';
import { writeProject } from '../support/temp-project.js';

const ALL: AdapterCapabilities = { dryRun: true, loadsFiles: true, schemaAccess: true };
const NONE: AdapterCapabilities = { dryRun: false, loadsFiles: false, schemaAccess: false };

/** A contract with ODCS roles: one read role the target maps, one it does not, one for writing. */
const CONTRACT = [
  'apiVersion: v3.1.0',
  'kind: DataContract',
  'id: shop-orders',
  'name: orders',
  'version: 1.0.0',
  'status: active',
  'domain: shop',
  'dataProduct: orders',
  'description:',
  '  purpose: Orders for other domains.',
  'team:',
  '  name: team-shop',
  'slaProperties:',
  '  - property: latency',
  '    value: 1',
  '    unit: d',
  'schema:',
  '  - name: orders',
  '    physicalType: view',
  '    customProperties:',
  '      - property: model',
  '        value: cleaned.orders',
  '    properties:',
  '      - name: order_id',
  '        description: The order.',
  '        logicalType: string',
  '        required: true',
  '      - name: amount',
  '        description: What it cost.',
  '        logicalType: number',
  'roles:',
  '  - role: analysts',
  '    access: read',
  '  - role: auditors',
  '    access: read',
  '    description: not mapped on any target',
  '  - role: loaders',
  '    access: write',
  '  - role: finance',
  '',
].join('\r\n');

const PROJECT = {
  'mesh.yaml': 'name: shop\ntargets:\n  dev:\n    engine: duckdb\n  prod:\n    engine: bigquery\n    project: shop-project\n    location: EU\n',
  'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\nseeds:\n  channels:\n    column_types:\n      rate: decimal\n      code: varchar\n',
  // As an editor on Windows saves it: a BOM and CRLF; duplicates and an empty (null) value.
  'domains/shop/seeds/channels.csv': '\uFEFFcode,label,rate,launched_on,active\r\n01,web,0.1,2024-01-01,true\r\n01,web,0.1,2024-01-01,true\r\n02,,0.25,,false\r\n',
  'domains/shop/cleaned/orders.sql': "select 'o1' as order_id, 10.5 as amount, (select count(*) from {{ref \"channels\"}}) as channels\n",
  'domains/shop/contracts/orders.odcs.yaml': CONTRACT,
};

function compiled(dir: string, target: string): { compiled: CompiledProject; engine: NonNullable<ReturnType<typeof compile>['engine']> } {
  const result = compile({ projectDir: dir, target });
  if (!result.compiled || !result.engine || hasErrors(result.diagnostics)) throw new Error(result.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`).join('\n'));
  return { compiled: result.compiled, engine: result.engine };
}

/** The plan of every node, with the target's `roles:` as the config gives them (BigQuery settings). */
function plan(dir: string, target: string, capabilities: AdapterCapabilities, existing: ReadonlyMap<string, RelationKind> = new Map()): BuildPlan {
  const { compiled: project, engine } = compiled(dir, target);
  const withRoles: CompiledProject = {
    ...project,
    target: {
      ...project.target,
      bigquery: { projects: {}, method: 'adc', jobRetries: 3, priority: 'interactive', labels: {}, roles: { analysts: ['group:analysts@example.com', 'user:ada@example.com'], finance: ['group:finance@example.com', 'group:analysts@example.com'] } },
    },
  };
  return planBuild(withRoles, [...project.nodes.keys()], existing, engine, { fullRefresh: false, runId: 'r2', capabilities });
}

describe('a plan for an engine that loads files and grants access per schema', () => {
  it('a seed is loaded from its CSV file, with declared types in the engine spelling and the rest inferred', () => {
    const dir = writeProject(PROJECT, {});
    const seed = plan(dir, 'prod', ALL).steps.find((s) => s.id === 'seed.shop.channels')!;
    expect(seed.load).toEqual({
      schema: 'shop_seeds',
      name: 'channels',
      file: join(dir, 'domains/shop/seeds/channels.csv'),
      columns: [
        { name: 'code', type: 'STRING' },
        { name: 'label', type: 'STRING' },
        { name: 'rate', type: 'NUMERIC' },
        { name: 'launched_on', type: 'DATE' },
        { name: 'active', type: 'BOOL' },
      ],
    });
    // The same seed for DuckDB: its own type names.
    const duck = plan(dir, 'dev', ALL).steps.find((s) => s.id === 'seed.shop.channels')!;
    expect(duck.load?.columns.map((c) => c.type)).toEqual(['varchar', 'VARCHAR', 'decimal', 'DATE', 'BOOLEAN']);
  });

  it('a contract step is authorized on the private schema and granted to the principals of its read roles', () => {
    const dir = writeProject(PROJECT, {});
    const built = plan(dir, 'prod', ALL);
    const contract = built.steps.find((s) => s.id === 'contract.shop.orders_v1')!;
    expect(contract.access).toEqual({
      view: { schema: 'shop', name: 'orders_v1' },
      reads: ['shop_private'],
      readers: ['group:analysts@example.com', 'group:finance@example.com', 'user:ada@example.com'],
    });
    // A read role the target does not map, and a write role: warnings at their lines of the contract.
    expect(built.diagnostics?.map((d) => [d.code, d.severity, d.file, d.line, d.message])).toEqual([
      ['MESH208', 'warning', 'domains/shop/contracts/orders.odcs.yaml', 34, "role 'auditors' has no principals on target 'prod': nobody is granted read on shop through it"],
      ['MESH208', 'warning', 'domains/shop/contracts/orders.odcs.yaml', 37, "role 'loaders' gives write access: meshwork grants read on contract views only, so it grants nothing for this role"],
    ]);
  });

  it('without the capabilities, seeds are SQL and contracts get no access (nor warnings about roles)', () => {
    const dir = writeProject(PROJECT, {});
    const built = plan(dir, 'prod', NONE);
    expect(built.steps.some((s) => s.load !== undefined || s.access !== undefined)).toBe(false);
    expect(built.diagnostics).toBeUndefined();
    expect(built.steps.find((s) => s.id === 'seed.shop.channels')!.statements[0]!.sql).toMatch(/^CREATE OR REPLACE TABLE `shop-project.shop_seeds.channels`/);
  });
});

describe('contract candidates in the private schema', () => {
  for (const [target, candidate, view] of [
    ['dev', '"shop_private"."__mesh_orders_v1__r2"', '"shop"."orders_v1"'],
    ['prod', '`shop-project.shop_private.__mesh_orders_v1__r2`', '`shop-project.shop.orders_v1`'],
  ] as const) {
    it(`${target}: the candidate is written, audited and published from <domain>_private; old candidates there and in the public schema are dropped`, () => {
      const dir = writeProject(PROJECT, {});
      const existing = new Map<string, RelationKind>([
        ['shop.orders_v1', 'view'],
        ['shop_private.__mesh_orders_v1__r1', 'table'],
        ['shop.__mesh_orders_v1__r0', 'table'],
        ['shop_private.__mesh_other_v1__r1', 'table'],
      ]);
      const built = plan(dir, target, NONE, existing);
      expect(built.schemas.find((s) => s.name === 'shop_private')).toEqual({
        name: 'shop_private',
        domain: 'shop',
        description: 'meshwork: contract candidates of domain shop, audited before its public views read them (consumers get no access)',
      });
      const step = built.steps.find((s) => s.id === 'contract.shop.orders_v1')!;
      expect(step.label).toBe('shop.orders_v1');
      expect(step.statements[0]!.sql).toContain(`CREATE OR REPLACE TABLE ${candidate} AS`);
      const publish = step.publish!.map((s) => s.sql);
      expect(publish).toContain(`CREATE OR REPLACE VIEW ${view} AS SELECT * FROM ${candidate}`);
      const drops = publish.filter((s) => s.startsWith('DROP TABLE'));
      expect(drops).toHaveLength(2);
      expect(drops.join('\n')).toMatch(/shop_private.{0,3}\.?.{0,3}__mesh_orders_v1__r1/);
      expect(drops.join('\n')).toMatch(/shop.{0,3}\.?.{0,3}__mesh_orders_v1__r0/);
      // The published state: one MERGE, no DELETE.
      expect(publish.filter((s) => /^\s*MERGE INTO/.test(s))).toHaveLength(1);
      expect(publish.some((s) => /^\s*(DELETE|INSERT)\b/.test(s))).toBe(false);
      // The column type audit reads the candidate's schema.
      expect(step.audits!.find((a) => a.types)!.types!.sql).toContain('shop_private');
    });
  }
});
