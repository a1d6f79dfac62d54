import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { build, compile } from '../../src/mesh.js';
import { memoryDuckDB, writeProject } from '../support/temp-project.js';

/** The fixtures' data is from 2024-01-02: contract freshness SLAs are measured then. */
const AS_OF = '2024-01-02T12:00:00Z';

const PATH = 'domains/shop/contracts/customers.odcs.yaml';
const MODEL = "select 'c1' as customer_id, 'ann@example.com' as email, 'Ann' as first_name, timestamp '2024-01-02' as signed_up_at";

/** A contract that every built-in policy accepts; each test breaks one part of it. */
const GOOD = `apiVersion: v3.1.0
kind: DataContract
id: shop-customers
version: 1.0.0
status: active
dataProduct: customers
description:
  purpose: Customers of the shop.
team:
  name: team-shop
schema:
  - name: customers
    physicalType: table
    customProperties:
      - property: model
        value: customers
    properties:
      - name: customer_id
        logicalType: string
        description: Customer identifier.
      - name: email
        logicalType: string
        classification: pii
        description: Contact address.
        customProperties:
          - property: transform
            value: hash
      - name: first_name
        logicalType: string
        classification: pii
        description: Given name.
        customProperties:
          - property: transform
            value: mask
      - name: signed_up_at
        logicalType: timestamp
        description: When the customer signed up, UTC.
slaProperties:
  - property: latency
    value: 1
    unit: d
`;

/** 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return index + 1;
}

function replace(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`no ${from} in contract`);
  return text.replace(from, to);
}

function project(contract: string, files: Record<string, string> = {}, path = PATH): string {
  return writeProject({
    'mesh.yaml': 'name: test_mesh\n',
    'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\n',
    'domains/shop/cleaned/customers.sql': MODEL,
    [path]: contract,
    ...files,
  });
}

const where = (d: Diagnostic): string => `${d.severity} ${d.code} ${d.file}:${d.line}`;
const policyFindings = (dir: string): Diagnostic[] => compile({ projectDir: dir, cache: false }).diagnostics.filter((d) => /^MESH22\d$/.test(d.code));

describe('governance policies: each one, firing and not', () => {
  it('a contract that follows every policy has no finding', () => {
    expect(compile({ projectDir: project(GOOD), cache: false }).diagnostics).toEqual([]);
  });

  it('contract-owner: no team name and no owner member is an error at the contract', () => {
    const contract = replace(GOOD, 'team:\n  name: team-shop\n', '');
    const found = policyFindings(project(contract));
    expect(found.map(where)).toEqual([`error MESH220 ${PATH}:1`]);
    expect(found[0]).toMatchObject({ message: "contract 'shop-customers' names no owner (policy contract-owner)", hint: 'add team: { name: team-<domain> }, or a team member with role: owner' });
  });

  it('contract-owner: a team member with role owner is an owner; a team without one is reported at the team mapping', () => {
    const member = replace(GOOD, 'team:\n  name: team-shop\n', 'team:\n  members:\n    - username: lead@shop.example\n      role: owner\n');
    expect(policyFindings(project(member))).toEqual([]);
    const noOwner = replace(GOOD, 'team:\n  name: team-shop\n', 'team:\n  members:\n    - username: dev@shop.example\n      role: engineer\n');
    expect(policyFindings(project(noOwner)).map(where)).toEqual([`error MESH220 ${PATH}:${lineOf(noOwner, '  members:')}`]);
  });

  it('contract-description: no description.purpose is a warning at the description mapping', () => {
    const contract = replace(GOOD, '  purpose: Customers of the shop.\n', '  usage: Join on customer_id.\n');
    const found = policyFindings(project(contract));
    expect(found.map(where)).toEqual([`warning MESH221 ${PATH}:${lineOf(contract, '  usage:')}`]);
    expect(found[0]!.message).toBe("contract 'shop-customers' has no description.purpose (policy contract-description)");
  });

  it('column-description: a column without description is a warning at the column', () => {
    const contract = replace(GOOD, '        description: When the customer signed up, UTC.\n', '');
    const found = policyFindings(project(contract));
    expect(found.map(where)).toEqual([`warning MESH222 ${PATH}:${lineOf(contract, '- name: signed_up_at')}`]);
    expect(found[0]!.message).toBe("column 'customers.signed_up_at' has no description (policy column-description)");
  });

  it('personal-data-classified: a personal-looking column without classification is an error at the column', () => {
    const contract = replace(GOOD, '      - name: signed_up_at\n        logicalType: timestamp\n', '      - name: date_of_birth\n        logicalType: date\n');
    const found = policyFindings(project(contract, { 'domains/shop/cleaned/customers.sql': MODEL.replace('signed_up_at', 'date_of_birth') }));
    expect(found.map(where)).toEqual([`error MESH223 ${PATH}:${lineOf(contract, '- name: date_of_birth')}`]);
    expect(found[0]!.message).toBe("column 'customers.date_of_birth' looks like personal data (matches /birth|(^|_)dob(_|$)/) but has no classification (policy personal-data-classified)");
  });

  it.each(['email', 'phone_number', 'last_name', 'billing_address', 'street', 'zip', 'postcode', 'dob', 'ip_address', 'ssn'])(
    'personal-data-classified: %s looks personal by default',
    (name) => {
      const contract = replace(GOOD, '      - name: signed_up_at\n', `      - name: ${name}\n`);
      expect(policyFindings(project(contract, { 'domains/shop/cleaned/customers.sql': MODEL.replace('signed_up_at', name) })).map((d) => d.code)).toEqual(['MESH223']);
    },
  );

  it.each(['customer_id', 'product_name', 'shipped_at', 'zipped_size', 'tip_amount', 'adobe_id'])('personal-data-classified: %s does not look personal', (name) => {
    const contract = replace(GOOD, '      - name: signed_up_at\n', `      - name: ${name}\n`);
    expect(policyFindings(project(contract, { 'domains/shop/cleaned/customers.sql': MODEL.replace('signed_up_at', name) }))).toEqual([]);
  });

  it('restricted-columns-masked: a pii or restricted column without transform is an error at the column', () => {
    const contract = replace(GOOD, "        customProperties:\n          - property: transform\n            value: hash\n", '');
    const restricted = replace(GOOD, '        classification: pii\n        description: Given name.\n        customProperties:\n          - property: transform\n            value: mask\n', '        classification: Restricted\n        description: Given name.\n');
    const found = policyFindings(project(contract));
    expect(found.map(where)).toEqual([`error MESH224 ${PATH}:${lineOf(contract, '- name: email')}`]);
    expect(found[0]).toMatchObject({
      message: "column 'customers.email' is classified 'pii' and would be published in clear in the contract view (policy restricted-columns-masked)",
      hint: 'add customProperties: [{ property: transform, value: hash }] (or value: mask) to the column, or remove it from the contract',
    });
    expect(policyFindings(project(restricted)).map(where)).toEqual([`error MESH224 ${PATH}:${lineOf(restricted, '- name: first_name')}`]);
  });

  it('restricted-columns-masked: other classifications are published as they are', () => {
    const contract = replace(GOOD, "        classification: pii\n        description: Contact address.\n        customProperties:\n          - property: transform\n            value: hash\n", '        classification: confidential\n        description: Contact address.\n');
    expect(policyFindings(project(contract))).toEqual([]);
  });

  it('freshness-sla: no latency or freshness SLA is a warning; freshness counts too', () => {
    const none = replace(GOOD, 'slaProperties:\n  - property: latency\n', 'slaProperties:\n  - property: retention\n');
    expect(policyFindings(project(none)).map(where)).toEqual([`warning MESH225 ${PATH}:${lineOf(none, '- property: retention')}`]);
    const missing = GOOD.slice(0, GOOD.indexOf('slaProperties:'));
    expect(policyFindings(project(missing)).map(where)).toEqual([`warning MESH225 ${PATH}:1`]);
    const freshness = replace(GOOD, '  - property: latency\n', '  - property: freshness\n');
    expect(policyFindings(project(freshness))).toEqual([]);
  });

  it('view-naming: a product that ends in a version is an error; several tables need plain names', () => {
    const versioned = replace(GOOD, 'dataProduct: customers', 'dataProduct: customers_v2');
    const found = policyFindings(project(versioned, {}, 'domains/shop/contracts/customers_v2.odcs.yaml'));
    expect(found.map(where)).toEqual(['error MESH226 domains/shop/contracts/customers_v2.odcs.yaml:1']);
    expect(found[0]).toMatchObject({
      message: "product 'customers_v2' ends in a version, so its contract view would be 'customers_v2_v1' (policy view-naming)",
      hint: "drop '_v2': the major version of the contract names the view",
    });
  });

  it('view-naming: with several tables, each table name is part of a view name', () => {
    const second = `  - name: Segments\n    physicalType: table\n    customProperties:\n      - property: model\n        value: customers\n    properties:\n      - name: customer_id\n        logicalType: string\n        description: Customer identifier.\n`;
    const contract = replace(GOOD, 'slaProperties:', `${second}slaProperties:`);
    const found = policyFindings(project(contract));
    expect(found.map(where)).toEqual([`error MESH226 ${PATH}:${lineOf(contract, '- name: Segments')}`]);
    expect(found[0]!.message).toBe("table 'Segments' does not match ^[a-z][a-z0-9_]*$, so its contract view is not named <product>_v<major> (policy view-naming)");
  });
});

describe('governance policies: severities and where they are set', () => {
  const noOwner = replace(GOOD, 'team:\n  name: team-shop\n', '');
  const noDescriptions = replace(GOOD, '        description: Customer identifier.\n', '');

  it('mesh.yaml sets a severity: error, warn or off', () => {
    const at = (severity: string) =>
      policyFindings(project(noOwner, { 'mesh.yaml': `name: test_mesh\npolicies:\n  contract-owner: ${severity}\n` })).map((d) => `${d.severity} ${d.code}`);
    expect(at('error')).toEqual(['error MESH220']);
    expect(at('warn')).toEqual(['warning MESH220']);
    expect(at('off')).toEqual([]);
    expect(policyFindings(project(noDescriptions, { 'mesh.yaml': 'name: test_mesh\npolicies:\n  column-description: { severity: error }\n' })).map(where)).toEqual([
      `error MESH222 ${PATH}:${lineOf(noDescriptions, '- name: customer_id')}`,
    ]);
  });

  it("a domain's policies override the mesh's for that domain's contracts only", () => {
    const other = {
      'domains/crm/domain.yaml': 'name: crm\nowner: team-crm\npolicies:\n  contract-owner: warn\n',
      'domains/crm/cleaned/customers.sql': MODEL,
      'domains/crm/contracts/customers.odcs.yaml': noOwner.replace('id: shop-customers', 'id: crm-customers'),
    };
    const dir = project(noOwner, { 'mesh.yaml': 'name: test_mesh\npolicies:\n  contract-owner: error\n', ...other });
    expect(policyFindings(dir).map(where)).toEqual(['warning MESH220 domains/crm/contracts/customers.odcs.yaml:1', `error MESH220 ${PATH}:1`]);
    const off = project(noOwner, { 'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\npolicies:\n  contract-owner: off\n' });
    expect(policyFindings(off)).toEqual([]);
  });

  it('personal-data-classified takes its own patterns, which replace the default ones', () => {
    const contract = replace(GOOD, '      - name: signed_up_at\n', '      - name: iban\n');
    const files = { 'domains/shop/cleaned/customers.sql': MODEL.replace('signed_up_at', 'iban') };
    expect(policyFindings(project(contract, files))).toEqual([]);
    const custom = { ...files, 'mesh.yaml': "name: test_mesh\npolicies:\n  personal-data-classified:\n    patterns: ['^iban$', 'e_?mail']\n" };
    expect(policyFindings(project(contract, custom)).map((d) => `${d.severity} ${d.code} ${d.line}`)).toEqual([`error MESH223 ${lineOf(contract, '- name: iban')}`]);
    // A domain that only changes the severity keeps the mesh's patterns.
    const domainWarn = { ...custom, 'domains/shop/domain.yaml': 'name: shop\nowner: team-shop\npolicies:\n  personal-data-classified: warn\n' };
    expect(policyFindings(project(contract, domainWarn)).map((d) => `${d.severity} ${d.code}`)).toEqual(['warning MESH223']);
  });
});

describe('policies: configuration errors, with their lines', () => {
  it('an unknown policy id is MESH102 at its key, suggesting the nearest id', () => {
    const dir = project(GOOD, { 'mesh.yaml': 'name: test_mesh\npolicies:\n  contract-owner: error\n  contract-ownr: warn\n' });
    const diagnostics = compile({ projectDir: dir, cache: false }).diagnostics;
    expect(diagnostics.map(where)).toEqual(['error MESH102 mesh.yaml:4']);
    expect(diagnostics[0]!.message).toBe("unknown key 'contract-ownr' in policies of mesh.yaml");
    expect(diagnostics[0]!.hint).toMatch(/^did you mean 'contract-owner'\? allowed keys: contract-owner, contract-description, /);
  });

  it('in domain.yaml too; and unknown options, bad severities and broken patterns are reported at their lines', () => {
    const dir = project(GOOD, {
      'domains/shop/domain.yaml': [
        'name: shop',
        'owner: team-shop',
        'policies:',
        '  freshnes-sla: off',
        '  view-naming: fatal',
        '  column-description:',
        '    severity: warn',
        '    patterns: [x]',
        '  personal-data-classified:',
        "    patterns: ['(unclosed']",
        '',
      ].join('\n'),
    });
    const diagnostics = compile({ projectDir: dir, cache: false }).diagnostics;
    expect(diagnostics.map(where)).toEqual([
      'error MESH102 domains/shop/domain.yaml:4',
      'error MESH103 domains/shop/domain.yaml:5',
      'error MESH102 domains/shop/domain.yaml:8',
      'error MESH103 domains/shop/domain.yaml:10',
    ]);
    expect(diagnostics[1]!.message).toBe("severity of policy 'view-naming' must be one of off, warn, error, not 'fatal'");
    expect(diagnostics[2]!.message).toBe("unknown key 'patterns' in policy 'column-description'");
    expect(diagnostics[3]!.message).toMatch(/^pattern '\(unclosed' is not a valid regular expression/);
  });

  it('a transform meshwork does not apply, or on a column that is not a string, is MESH227', () => {
    const unknown = replace(GOOD, 'value: hash', 'value: encrypt');
    const found = compile({ projectDir: project(unknown), cache: false }).diagnostics;
    expect(found.map(where)).toEqual([`error MESH224 ${PATH}:${lineOf(unknown, '- name: email')}`, `error MESH227 ${PATH}:${lineOf(unknown, '- property: transform')}`]);
    expect(found[1]).toMatchObject({ message: "column 'customers.email' has transform \"encrypt\", which meshwork does not apply", hint: 'use value: hash or value: mask' });
    const typed = replace(GOOD, '      - name: signed_up_at\n        logicalType: timestamp\n', '      - name: signed_up_at\n        logicalType: timestamp\n        customProperties: [{ property: transform, value: hash }]\n');
    expect(compile({ projectDir: project(typed), cache: false }).diagnostics.map(where)).toEqual([`error MESH227 ${PATH}:${lineOf(typed, '- name: signed_up_at')}`]);
  });
});

describe('restricted-columns-masked on DuckDB', () => {
  it('publishes a pii column hashed and a masked one as ***; without the transform the build stops before running', async () => {
    const dir = project(GOOD);
    const adapter = await memoryDuckDB(dir);
    try {
      const result = await build({ projectDir: dir, adapter, asOf: AS_OF });
      expect(result.diagnostics).toEqual([]);
      expect(result.run!.success).toBe(true);
      const columns = await adapter.query('select column_name, column_type from (describe shop.customers_v1)');
      expect(columns.map((c) => `${c.column_name} ${c.column_type}`)).toEqual(['customer_id VARCHAR', 'email VARCHAR', 'first_name VARCHAR', 'signed_up_at TIMESTAMP']);
      const [hashed] = await adapter.query("select md5('ann@example.com') as expected");
      expect(await adapter.query('select customer_id, email, first_name from shop.customers_v1')).toEqual([{ customer_id: 'c1', email: hashed!.expected, first_name: '***' }]);
      expect(hashed!.expected).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await adapter.close();
    }

    const clear = project(replace(GOOD, "        customProperties:\n          - property: transform\n            value: hash\n", ''));
    const second = await memoryDuckDB(clear);
    try {
      const result = await build({ projectDir: clear, adapter: second, asOf: AS_OF });
      expect(result.run).toBeUndefined();
      expect(result.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['error MESH224']);
      expect(await second.query("select count(*)::int as n from information_schema.tables where table_schema = 'shop'")).toEqual([{ n: 0 }]);
    } finally {
      await second.close();
    }
  });

  it('the view applies the engine\'s hash: md5 on DuckDB, TO_HEX(MD5()) on BigQuery', () => {
    const dir = project(GOOD, { 'mesh.yaml': 'name: test_mesh\ntargets:\n  prod:\n    engine: bigquery\n    project: p\n    location: EU\n' });
    const duckdb = compile({ projectDir: dir, cache: false }).compiled!.nodes.get('contract.shop.customers_v1')!.select.sql;
    expect(duckdb).toContain('md5(CAST("email" AS VARCHAR)) AS "email"');
    expect(duckdb).toContain(`'***' AS "first_name"`);
    const bigquery = compile({ projectDir: dir, target: 'prod', cache: false }).compiled!.nodes.get('contract.shop.customers_v1')!.select.sql;
    // FORMAT('%t') writes a value of any type as text (a string as it is); NULL stays NULL.
    expect(bigquery).toContain("IF(`email` IS NULL, NULL, TO_HEX(MD5(FORMAT('%t', `email`)))) AS `email`");
  });
});
