import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDomainContracts } from '../../src/contracts/load-contracts.js';
import { readContract } from '../../src/contracts/read-contract.js';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../../src/diagnostics/diagnostic.js';

const PATH = 'domains/checkout/contracts/orders.odcs.yaml';

/** A small valid contract; each case below breaks one thing in it. */
const VALID = `apiVersion: v3.1.0
kind: DataContract
id: checkout-orders
version: 1.0.0
status: active
dataProduct: orders
schema:
  - name: orders
    physicalType: table
    customProperties:
      - property: model
        value: cleaned.orders
    properties:
      - name: order_id
        logicalType: string
        required: true
      - name: order_total
        logicalType: number
`;

function check(text: string, path = PATH): Diagnostic[] {
  return loadDomainContracts('checkout', [{ path, text }]).diagnostics;
}

/** 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const at = text.split('\n').findIndex((l) => l.includes(needle));
  if (at < 0) throw new Error(`'${needle}' is not in the contract`);
  return at + 1;
}

function only(diagnostics: readonly Diagnostic[]): Diagnostic {
  expect(diagnostics, diagnostics.map((d) => `${d.code} ${d.line}: ${d.message}`).join('\n')).toHaveLength(1);
  return diagnostics[0]!;
}

/** The case's single diagnostic has this code, file, line, and names this place of the document. */
function expectOne(text: string, code: string, line: number, documentPath: string): Diagnostic {
  const d = only(check(text));
  expect({ code: d.code, file: d.file, line: d.line }).toEqual({ code, file: PATH, line });
  expect(d.message).toContain(documentPath);
  expect(d.hint).toBeTruthy();
  // ajv's own wording never reaches the user.
  expect(d.message).not.toMatch(/must match|unevaluated|schema in oneOf|NOT have/);
  return d;
}

const replace = (from: string, to: string): string => {
  expect(VALID).toContain(from);
  return VALID.replace(from, to);
};

describe('broken contracts', () => {
  it('the valid contract they start from has no diagnostics', () => {
    expect(check(VALID)).toEqual([]);
  });

  it('a field of the wrong type', () => {
    const text = replace('required: true', 'required: "yes"');
    const d = expectOne(text, 'MESH201', lineOf(text, 'required: "yes"'), 'schema[0].properties[0].required');
    expect(d.message).toBe("schema[0].properties[0].required must be true or false, not 'yes'");
  });

  it('an unknown logicalType, with the type it probably means', () => {
    const text = replace('logicalType: string', 'logicalType: text');
    const d = expectOne(text, 'MESH201', lineOf(text, 'logicalType: text'), 'schema[0].properties[0].logicalType');
    expect(d.message).toBe("schema[0].properties[0].logicalType must be one of string, date, timestamp, time, number, integer, object, array, boolean, not 'text'");
    expect(d.hint).toMatch(/^did you mean 'string'\?/);
  });

  it.each([
    ['apiVersion', 'apiVersion: v3.1.0\n'],
    ['kind', 'kind: DataContract\n'],
    ['id', 'id: checkout-orders\n'],
    ['version', 'version: 1.0.0\n'],
  ])('a missing %s, reported at the top of the document', (key, line) => {
    const text = replace(line, '');
    const d = expectOne(text, 'MESH201', 1, key);
    expect(d.message).toBe(`${key} is required`);
    expect(d.hint).toContain(`add ${key}:`);
  });

  it('all required keys missing at once: one diagnostic each', () => {
    const text = VALID.split('\n').filter((l) => !/^(apiVersion|kind|id|version|status):/.test(l)).join('\n');
    expect(check(text).map((d) => [d.code, d.line, d.message])).toEqual(
      ['version', 'apiVersion', 'kind', 'id', 'status'].map((key) => ['MESH201', 1, `${key} is required`]),
    );
  });

  it('an invalid semantic version', () => {
    const text = replace('version: 1.0.0', 'version: 1.0.x');
    const d = expectOne(text, 'MESH202', lineOf(text, 'version: 1.0.x'), 'version');
    expect(d.message).toBe("version '1.0.x' is not a semantic version (MAJOR.MINOR.PATCH): contract views are per major version");
    expect(readContract({ path: PATH, text }).contract).toBeUndefined();
  });

  it.each([
    ['v1.2.0', 'drop the leading v: version: 1.2.0'],
    ['"1.2"', 'write all three numbers: version: 1.2.0'],
    ['"2"', 'write all three numbers: version: 2.0.0'],
    ['01.0.0', 'write MAJOR.MINOR.PATCH, e.g. version: 1.0.0 (a breaking change raises MAJOR)'],
  ])('version %s is not semantic: the hint says what to write', (version, hint) => {
    const d = only(check(replace('version: 1.0.0', `version: ${version}`)));
    expect([d.code, d.hint]).toEqual(['MESH202', hint]);
  });

  it('an unquoted version that YAML reads as a number is a schema error with a hint to quote it', () => {
    const text = replace('version: 1.0.0', 'version: 1.5');
    const d = expectOne(text, 'MESH201', lineOf(text, 'version: 1.5'), 'version');
    expect(d.message).toBe('version must be text, not the number 1.5');
    expect(d.hint).toContain('version: "…"');
  });

  it('a property without logicalType', () => {
    const text = replace('        logicalType: number\n', '');
    const d = expectOne(text, 'MESH206', lineOf(text, '- name: order_total'), 'schema[0].properties[1]');
    expect(d.message).toBe("property 'order_total' (schema[0].properties[1]) has no logicalType: meshwork casts each contract column to its logical type");
  });

  it('a table without properties', () => {
    const text = VALID.slice(0, VALID.indexOf('    properties:'));
    expectOne(text, 'MESH206', lineOf(text, '- name: orders'), 'schema[0]');
  });

  it('two properties with one name, whatever their case', () => {
    const text = `${VALID}      - name: Order_ID\n        logicalType: string\n`;
    const d = expectOne(text, 'MESH205', lineOf(text, '- name: Order_ID'), 'schema[0].properties[2]');
    expect(d.message).toBe("property 'Order_ID' (schema[0].properties[2]) appears twice in schema object 'orders': it is also schema[0].properties[0]");
  });

  it('two schema objects with one name', () => {
    const second = `  - name: orders\n    physicalType: view\n    customProperties:\n      - property: model\n        value: orders\n    properties:\n      - name: a\n        logicalType: string\n`;
    const text = `${VALID}${second}`;
    expect(text.split('\n')[lineOf(text, 'order_total') + 1]).toBe('  - name: orders');
    expectOne(text, 'MESH205', lineOf(text, 'order_total') + 2, 'schema[1]');
  });

  it('a missing backing model entry', () => {
    const text = replace('    customProperties:\n      - property: model\n        value: cleaned.orders\n', '');
    const d = expectOne(text, 'MESH207', lineOf(text, '- name: orders'), 'schema[0]');
    expect(d.message).toBe("schema object 'orders' (schema[0]) names no backing model: meshwork does not know which model its contract view reads");
    expect(d.hint).toContain('property: model');
  });

  it("a backing model of another domain's form", () => {
    const text = replace('value: cleaned.orders', 'value: checkout.orders');
    const d = expectOne(text, 'MESH207', lineOf(text, 'value: checkout.orders'), 'schema[0].customProperties[0].value');
    expect(d.message).toContain("is 'checkout.orders'");
  });

  it('a backing model named twice', () => {
    const text = replace('        value: cleaned.orders\n', '        value: cleaned.orders\n      - property: model\n        value: orders\n');
    expectOne(text, 'MESH207', lineOf(text, 'value: orders'), 'schema[0]');
  });

  it('a domain that is not the folder', () => {
    const text = replace('dataProduct: orders\n', 'dataProduct: orders\ndomain: shipping\n');
    const d = expectOne(text, 'MESH203', lineOf(text, 'domain: shipping'), "domain 'shipping'");
    expect(d.hint).toContain('write domain: checkout');
  });

  it('a product that is not the file name', () => {
    const text = replace('dataProduct: orders', 'dataProduct: checkout_orders');
    const d = expectOne(text, 'MESH204', lineOf(text, 'dataProduct: checkout_orders'), "dataProduct 'checkout_orders'");
    expect(d.hint).toBe('rename the file checkout_orders.odcs.yaml, or write dataProduct: orders');
  });

  it('a file name that cannot name a view', () => {
    const text = replace('dataProduct: orders\n', '');
    const path = 'domains/checkout/contracts/Checkout-Orders.odcs.yaml';
    const [d, ...rest] = check(text, path);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'MESH204', file: path, line: 1 });
  });

  it('an unknown key, with the key it probably means', () => {
    const text = replace('logicalType: number', 'logicalTyp: number');
    const [unknown, missing, ...rest] = check(text);
    expect(rest).toEqual([]);
    expect(unknown).toMatchObject({ code: 'MESH201', line: lineOf(text, 'logicalTyp:'), message: "unknown key 'logicalTyp' in schema[0].properties[1]" });
    expect(unknown!.hint).toMatch(/^did you mean 'logicalType'\?/);
    // The property now also lacks its logicalType: meshwork's own check says so.
    expect(missing).toMatchObject({ code: 'MESH206', line: lineOf(text, '- name: order_total') });
  });

  it('a quality rule without a comparison: one plain error, not one per ODCS alternative', () => {
    const text = replace('        required: true\n', '        required: true\n        quality:\n          - metric: nullValues\n');
    const d = expectOne(text, 'MESH201', lineOf(text, '- metric: nullValues'), 'schema[0].properties[0].quality[0]');
    expect(d.message).toMatch(/needs one of mustBe, mustNotBe, mustBeGreaterThan/);
  });

  it('a quality rule with two comparisons', () => {
    const text = replace('        required: true\n', '        required: true\n        quality:\n          - metric: rowCount\n            mustBe: 0\n            mustBeLessThan: 5\n');
    const d = expectOne(text, 'MESH201', lineOf(text, '- metric: rowCount'), 'schema[0].properties[0].quality[0]');
    expect(d.message).toContain('has mustBe and mustBeLessThan, but takes exactly one of');
  });

  it('a comparison of the wrong type is reported where it is written', () => {
    const text = replace('        required: true\n', '        required: true\n        quality:\n          - metric: rowCount\n            mustBeGreaterThan: many\n');
    expectOne(text, 'MESH201', lineOf(text, 'mustBeGreaterThan: many'), 'schema[0].properties[0].quality[0].mustBeGreaterThan');
  });

  it('an unknown metric: the metric, not the comparison that rides on it', () => {
    const text = replace('        required: true\n', '        required: true\n        quality:\n          - metric: nullValue\n            mustBe: 0\n');
    const d = expectOne(text, 'MESH201', lineOf(text, 'metric: nullValue'), 'schema[0].properties[0].quality[0].metric');
    expect(d.hint).toMatch(/did you mean 'nullValues'/);
  });

  it('a team that is neither the 3.1 mapping nor the older list', () => {
    const text = `${VALID}team: team-checkout\n`;
    const d = expectOne(text, 'MESH201', lineOf(text, 'team: team-checkout'), 'team');
    expect(d.message).toBe("team must be a mapping (key: value lines) or a list, not 'team-checkout'");
  });

  it('a mistake inside the 3.1 team mapping is reported there, not as "not a list"', () => {
    const text = `${VALID}team:\n  name: team-checkout\n  members:\n    - username: ada\n      dateIn: yesterday\n`;
    const d = expectOne(text, 'MESH201', lineOf(text, 'dateIn: yesterday'), 'team.members[0].dateIn');
    expect(d.message).toBe("team.members[0].dateIn must be a date (YYYY-MM-DD), not 'yesterday'");
  });

  it('a server without the keys of its type', () => {
    const text = `${VALID}servers:\n  - server: shop\n    type: postgres\n    host: db\n    port: 5432\n    database: shop\n`;
    const [missing, notBuilt, ...rest] = check(text);
    expect(rest).toEqual([]);
    expect(missing).toMatchObject({ code: 'MESH201', line: lineOf(text, '- server: shop'), message: 'servers[0].schema is required' });
    expect(notBuilt).toMatchObject({ code: 'MESH208', severity: 'warning', line: lineOf(text, '- server: shop') });
  });

  it('a YAML syntax error is the YAML error, with its line', () => {
    const text = replace('status: active', 'status: [active');
    const d = only(check(text));
    expect([d.code, d.file, d.line]).toEqual(['MESH101', PATH, lineOf(text, 'status: [active')]);
  });

  it.each([
    ['an empty file', '', 'the file is empty'],
    ['a list', '- a\n- b\n', 'the file is not a mapping'],
  ])('%s is not a contract', (_, text, message) => {
    const d = only(check(text));
    expect([d.code, d.line]).toEqual(['MESH201', 1]);
    expect(d.message).toContain(message);
  });

  it('several problems in one file are all reported', () => {
    const text = replace('version: 1.0.0', 'version: one').replace('logicalType: string', 'logicalType: varchar').replace('dataProduct: orders', 'dataProduct: orders\ndomain: sales');
    expect(check(text).map((d) => [d.code, d.line])).toEqual([
      ['MESH201', lineOf(text, 'logicalType: varchar')],
      ['MESH202', lineOf(text, 'version: one')],
      ['MESH203', lineOf(text, 'domain: sales')],
    ]);
  });

  it('a Kafka topic in a project is a warning, and needs no backing model', () => {
    const text = replace('physicalType: table', 'physicalType: topic');
    const d = expectOne(text, 'MESH208', lineOf(text, '- name: orders'), 'schema[0]');
    expect(d.severity).toBe('warning');
    expect(d.message).toBe(
      "schema object 'orders' (schema[0]) is a topic (physicalType: topic): meshwork builds contract views for tables and views only, so this topic is not built",
    );
  });

  it('a custom quality rule is a warning: meshwork does not run it', () => {
    const text = replace('        required: true\n', '        required: true\n        quality:\n          - type: custom\n            engine: soda\n            implementation: "duplicate_percent(order_id) < 1"\n');
    const d = expectOne(text, 'MESH208', lineOf(text, '- type: custom'), 'schema[0].properties[0].quality[0]');
    expect(d.severity).toBe('warning');
  });
});

describe('docs/contracts.md', () => {
  it('shows what meshwork reports for its broken example', () => {
    const doc = readFileSync(new URL('../../docs/contracts.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Checks beyond the schema'));
    const file = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    const shown = /meshwork reports:\n\n```\n([\s\S]*?)```/.exec(section)?.[1];
    expect(file).toBeDefined();
    const printed = sortDiagnostics(check(file!)).map(formatDiagnostic).join('\n');
    expect(shown).toBe(`${printed}\n`);
  });
});

describe('lines of missing keys', () => {
  it('a list item that lacks a key is reported at its first line', () => {
    const text = `${VALID}description:\n  purpose: Orders.\n  customProperties:\n    - property: x\n`;
    const d = only(check(text));
    expect([d.code, d.line, d.message]).toEqual(['MESH201', lineOf(text, '    - property: x'), 'description.customProperties[0].value is required']);
    const sla = `${VALID}slaProperties:\n  - property: latency\n    unit: d\n`;
    expect(only(check(sla))).toMatchObject({ line: lineOf(sla, '- property: latency'), message: 'slaProperties[0].value is required' });
  });
});
