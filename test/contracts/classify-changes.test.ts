import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyChanges, requiresNewMajor, type ContractChange } from '../../src/contracts/classify-changes.js';
import type { ContractDefinition, ContractProperty } from '../../src/contracts/contract-definition.js';
import { readContract } from '../../src/contracts/read-contract.js';

const PATH = 'domains/checkout/contracts/orders.odcs.yaml';

const BASE = `apiVersion: v3.1.0
kind: DataContract
id: checkout-orders
version: 1.2.0
status: active
domain: checkout
dataProduct: orders
schema:
  - name: orders
    physicalType: table
    description: One row per order.
    customProperties:
      - property: model
        value: cleaned.orders
    properties:
      - name: order_id
        logicalType: string
        required: true
        unique: true
        primaryKey: true
        primaryKeyPosition: 1
        description: Order identifier.
      - name: customer_id
        logicalType: string
        required: true
        classification: internal
      - name: order_total
        logicalType: number
        physicalType: DOUBLE
        logicalTypeOptions:
          minimum: 0
          maximum: 10000
      - name: quantity
        logicalType: integer
        logicalTypeOptions:
          format: i64
          multipleOf: 2
      - name: status
        logicalType: string
        quality:
          - metric: invalidValues
            arguments:
              validValues: [placed, paid, shipped]
            mustBe: 0
      - name: code
        logicalType: string
        logicalTypeOptions:
          minLength: 2
          maxLength: 8
          pattern: '^[A-Z]+$'
      - name: tags
        logicalType: array
        items:
          logicalType: string
        logicalTypeOptions:
          maxItems: 5
      - name: ordered_at
        logicalType: timestamp
        logicalTypeOptions:
          minimum: '2020-01-01T00:00:00Z'
      - name: note
        logicalType: string
  - name: lines
    physicalType: table
    physicalName: order_lines
    customProperties:
      - property: model
        value: cleaned.lines
    properties:
      - name: order_id
        logicalType: string
        primaryKey: true
        primaryKeyPosition: 1
      - name: line_no
        logicalType: integer
        primaryKey: true
        primaryKeyPosition: 2
`;

/** `text` with `from` replaced by `to`; `from` must occur exactly once, so a drifting base fails loudly. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`'${from}' must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function read(text: string): ContractDefinition {
  const { contract, diagnostics } = readContract({ path: PATH, text }, { domain: 'checkout' });
  if (!contract) throw new Error(`contract not read:\n${diagnostics.map((d) => `${d.line}: ${d.message}`).join('\n')}`);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return contract;
}

/** 1-based line of the first line of `text` containing `needle` at or after the line containing `after`. */
function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split('\n');
  const start = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const at = lines.findIndex((l, i) => i >= start && l.includes(needle));
  if (start < 0 || at < 0) throw new Error(`'${needle}' not in the text`);
  return at + 1;
}

const brief = (changes: readonly ContractChange[]) => changes.map(({ kind, rule, path, line }) => ({ kind, rule, path, line }));

const base = read(BASE);

/** Applies `edits` to the base and classifies base → edited and edited → base. */
function both(...edits: [string, string][]) {
  const text = edits.reduce((t, [from, to]) => edit(t, from, to), BASE);
  const after = read(text);
  return { text, forward: classifyChanges(base, after), backward: classifyChanges(after, base) };
}

/** The line of property `name` in `text` (`- name: <name>`, after the object's own line). */
const prop = (text: string, name: string, object = '- name: orders'): number => lineOf(text, `- name: ${name}`, object);
const ORDERS = lineOf(BASE, '- name: orders');

describe('classifyChanges', () => {
  it('finds nothing between a contract and itself', () => {
    expect(classifyChanges(base, read(BASE))).toEqual([]);
  });

  it('a removed schema object is breaking (line 1); an added one is compatible', () => {
    const text = BASE.slice(0, BASE.indexOf('  - name: lines'));
    const after = read(text);
    expect(brief(classifyChanges(base, after))).toEqual([{ kind: 'breaking', rule: 'object-removed', path: 'lines', line: 1 }]);
    expect(classifyChanges(base, after)[0]?.message).toBe('schema object lines: removed');
    expect(brief(classifyChanges(after, base))).toEqual([{ kind: 'compatible', rule: 'object-added', path: 'lines', line: lineOf(BASE, '- name: lines') }]);
  });

  it('a removed property is breaking at its object in the after contract; an added one is compatible, even when required', () => {
    const { text, forward, backward } = both(['      - name: note\n        logicalType: string\n', '']);
    expect(brief(forward)).toEqual([{ kind: 'breaking', rule: 'property-removed', path: 'orders.note', line: lineOf(text, '- name: orders') }]);
    expect(forward[0]?.message).toBe('column note: removed');
    expect(brief(backward)).toEqual([{ kind: 'compatible', rule: 'property-added', path: 'orders.note', line: prop(BASE, 'note') }]);

    const requiredText = edit(BASE, '      - name: note\n        logicalType: string\n', '      - name: note\n        logicalType: string\n      - name: channel\n        logicalType: string\n        required: true\n');
    const added = classifyChanges(base, read(requiredText));
    expect(brief(added)).toEqual([{ kind: 'compatible', rule: 'property-added', path: 'orders.channel', line: prop(requiredText, 'channel') }]);
    expect(added[0]?.message).toBe('column channel: added (required)');
  });

  it('a renamed property is a removal and an addition; a change of case only is no change', () => {
    const { text, forward } = both(['- name: note', '- name: remark']);
    expect(brief(forward)).toEqual([
      { kind: 'breaking', rule: 'property-removed', path: 'orders.note', line: ORDERS },
      { kind: 'compatible', rule: 'property-added', path: 'orders.remark', line: prop(text, 'remark') },
    ]);
    expect(both(['- name: note', '- name: Note']).forward).toEqual([]);
  });

  it('a logical type change is breaking both ways, with the types in the message', () => {
    const { text, forward, backward } = both(['      - name: note\n        logicalType: string', '      - name: note\n        logicalType: integer']);
    expect(brief(forward)).toEqual([{ kind: 'breaking', rule: 'type-changed', path: 'orders.note', line: prop(text, 'note') }]);
    expect(forward[0]?.message).toBe('column note: type changed from string to integer');
    expect(brief(backward)).toEqual([{ kind: 'breaking', rule: 'type-changed', path: 'orders.note', line: prop(BASE, 'note') }]);
  });

  it("an array's item type change is type-changed", () => {
    const { text, forward } = both(['        items:\n          logicalType: string', '        items:\n          logicalType: integer']);
    expect(brief(forward)).toEqual([{ kind: 'breaking', rule: 'type-changed', path: 'orders.tags', line: prop(text, 'tags') }]);
    expect(forward[0]?.message).toBe('column tags: item type changed from string to integer');
  });

  it('a changed physicalType is breaking; one added or dropped is a warning (it may be the same engine type)', () => {
    const changed = both(['physicalType: DOUBLE', 'physicalType: DECIMAL(12, 2)']);
    expect(brief(changed.forward)).toEqual([{ kind: 'breaking', rule: 'physical-type-changed', path: 'orders.order_total', line: prop(changed.text, 'order_total') }]);
    expect(both(['physicalType: DOUBLE', 'physicalType: double']).forward).toEqual([]);
    const dropped = both(['        physicalType: DOUBLE\n', '']);
    expect(brief(dropped.forward)).toEqual([{ kind: 'warning', rule: 'physical-type-changed', path: 'orders.order_total', line: prop(dropped.text, 'order_total') }]);
    expect(brief(dropped.backward)).toEqual([{ kind: 'warning', rule: 'physical-type-changed', path: 'orders.order_total', line: prop(BASE, 'order_total') }]);
  });

  it('required: tightened is breaking, loosened is compatible', () => {
    const { text, forward, backward } = both(['      - name: note\n        logicalType: string\n', '      - name: note\n        logicalType: string\n        required: true\n']);
    expect(brief(forward)).toEqual([{ kind: 'breaking', rule: 'required-added', path: 'orders.note', line: prop(text, 'note') }]);
    expect(brief(backward)).toEqual([{ kind: 'compatible', rule: 'required-removed', path: 'orders.note', line: prop(BASE, 'note') }]);
  });

  it('unique: tightened is breaking, loosened is compatible', () => {
    const { text, forward, backward } = both(['      - name: note\n        logicalType: string\n', '      - name: note\n        logicalType: string\n        unique: true\n']);
    expect(brief(forward)).toEqual([{ kind: 'breaking', rule: 'unique-added', path: 'orders.note', line: prop(text, 'note') }]);
    expect(brief(backward)).toEqual([{ kind: 'compatible', rule: 'unique-removed', path: 'orders.note', line: prop(BASE, 'note') }]);
  });

  it('invalidValues validValues: values removed are breaking, values added compatible, at the rule line', () => {
    const { text, forward, backward } = both(['validValues: [placed, paid, shipped]', 'validValues: [placed, paid]']);
    expect(brief(forward)).toEqual([{ kind: 'breaking', rule: 'enum-values-removed', path: 'orders.status', line: lineOf(text, '- metric: invalidValues') }]);
    expect(forward[0]?.message).toBe('column status: allowed values removed: shipped');
    expect(brief(backward)).toEqual([{ kind: 'compatible', rule: 'enum-values-added', path: 'orders.status', line: lineOf(BASE, '- metric: invalidValues') }]);

    const swapped = both(['validValues: [placed, paid, shipped]', 'validValues: [placed, paid, delivered]']);
    expect(brief(swapped.forward).map((c) => `${c.kind} ${c.rule}`)).toEqual(['breaking enum-values-removed', 'compatible enum-values-added']);
    // Order does not matter.
    expect(both(['validValues: [placed, paid, shipped]', 'validValues: [shipped, placed, paid]']).forward).toEqual([]);
  });

  it('a value restriction added is breaking, dropped is compatible', () => {
    const rule = '        quality:\n          - metric: invalidValues\n            arguments:\n              validValues: [placed, paid, shipped]\n            mustBe: 0\n';
    const { text, forward, backward } = both([rule, '']);
    expect(brief(forward)).toEqual([{ kind: 'compatible', rule: 'enum-removed', path: 'orders.status', line: prop(text, 'status') }]);
    expect(brief(backward)).toEqual([{ kind: 'breaking', rule: 'enum-added', path: 'orders.status', line: lineOf(BASE, '- metric: invalidValues') }]);
  });

  it('logicalTypeOptions enum counts as allowed values too', () => {
    // ODCS 3.1's schema allows no enum option on a string; other producers may write one.
    const withEnum = (values: string[]): ContractDefinition => withOptions(base, 'note', { enum: values });
    expect(brief(classifyChanges(withEnum(['a', 'b']), withEnum(['a'])))).toEqual([{ kind: 'breaking', rule: 'enum-values-removed', path: 'orders.note', line: prop(BASE, 'note') }]);
    expect(brief(classifyChanges(withEnum(['a']), withEnum(['a', 'b'])))).toEqual([{ kind: 'compatible', rule: 'enum-values-added', path: 'orders.note', line: prop(BASE, 'note') }]);
  });

  describe('numeric and length constraints', () => {
    const cases: { name: string; from: string; to: string; column: string; message: string }[] = [
      { name: 'minimum raised', from: 'minimum: 0\n', to: 'minimum: 1\n', column: 'order_total', message: 'lower bound raised from minimum 0 to minimum 1' },
      { name: 'maximum lowered', from: 'maximum: 10000', to: 'maximum: 500', column: 'order_total', message: 'upper bound lowered from maximum 10000 to maximum 500' },
      { name: 'minimum made exclusive', from: 'minimum: 0\n', to: 'exclusiveMinimum: 0\n', column: 'order_total', message: 'lower bound raised from minimum 0 to exclusiveMinimum 0' },
      { name: 'maximum made exclusive', from: 'maximum: 10000', to: 'exclusiveMaximum: 10000', column: 'order_total', message: 'upper bound lowered from maximum 10000 to exclusiveMaximum 10000' },
      { name: 'minLength raised', from: 'minLength: 2', to: 'minLength: 3', column: 'code', message: 'lower bound raised from minLength 2 to minLength 3' },
      { name: 'maxLength lowered', from: 'maxLength: 8', to: 'maxLength: 4', column: 'code', message: 'upper bound lowered from maxLength 8 to maxLength 4' },
      { name: 'maxItems lowered', from: 'maxItems: 5', to: 'maxItems: 3', column: 'tags', message: 'upper bound lowered from maxItems 5 to maxItems 3' },
      { name: 'a date minimum raised', from: "minimum: '2020-01-01T00:00:00Z'", to: "minimum: '2021-06-01T00:00:00Z'", column: 'ordered_at', message: 'lower bound raised from minimum 2020-01-01T00:00:00Z to minimum 2021-06-01T00:00:00Z' },
    ];
    for (const c of cases) {
      it(`${c.name}: breaking; the reverse is compatible`, () => {
        const { text, forward, backward } = both([c.from, c.to]);
        expect(brief(forward)).toEqual([{ kind: 'breaking', rule: 'constraint-tightened', path: `orders.${c.column}`, line: prop(text, c.column) }]);
        expect(forward[0]?.message).toBe(`column ${c.column}: ${c.message}`);
        expect(brief(backward)).toEqual([{ kind: 'compatible', rule: 'constraint-loosened', path: `orders.${c.column}`, line: prop(BASE, c.column) }]);
      });
    }

    it('a bound added is breaking, dropped is compatible', () => {
      const { text, forward, backward } = both(['          maximum: 10000\n', '']);
      expect(brief(forward)).toEqual([{ kind: 'compatible', rule: 'constraint-loosened', path: 'orders.order_total', line: prop(text, 'order_total') }]);
      expect(forward[0]?.message).toBe('column order_total: upper bound dropped (was maximum 10000)');
      expect(brief(backward)).toEqual([{ kind: 'breaking', rule: 'constraint-tightened', path: 'orders.order_total', line: prop(BASE, 'order_total') }]);
    });

    it('an exclusive bound replaced by an equivalent-or-looser inclusive one is compatible', () => {
      // exclusiveMinimum -1 allows -0.5, which minimum 0 refused: looser.
      const { forward } = both(['minimum: 0\n', 'exclusiveMinimum: -1\n']);
      expect(brief(forward).map((c) => `${c.kind} ${c.rule}`)).toEqual(['compatible constraint-loosened']);
    });

    it('multipleOf: a coarser step is breaking, a finer one that keeps every old value is compatible', () => {
      const { text, forward, backward } = both(['multipleOf: 2', 'multipleOf: 4']);
      expect(brief(forward)).toEqual([{ kind: 'breaking', rule: 'constraint-tightened', path: 'orders.quantity', line: prop(text, 'quantity') }]);
      expect(brief(backward)).toEqual([{ kind: 'compatible', rule: 'constraint-loosened', path: 'orders.quantity', line: prop(BASE, 'quantity') }]);
      expect(brief(both(['multipleOf: 2', 'multipleOf: 3']).forward).map((c) => c.kind)).toEqual(['breaking']);
    });

    it('integer format: narrowed is breaking, widened compatible; no format is i64', () => {
      const narrowed = both(['format: i64', 'format: i32']);
      expect(brief(narrowed.forward)).toEqual([{ kind: 'breaking', rule: 'format-narrowed', path: 'orders.quantity', line: prop(narrowed.text, 'quantity') }]);
      expect(narrowed.forward[0]?.message).toBe('column quantity: format changed from i64 to i32: some values no longer fit');
      expect(brief(narrowed.backward)).toEqual([{ kind: 'compatible', rule: 'format-widened', path: 'orders.quantity', line: prop(BASE, 'quantity') }]);
      // Signed to unsigned of the same width loses the negative values.
      expect(brief(both(['format: i64', 'format: u64']).forward).map((c) => c.rule)).toEqual(['format-narrowed']);
      expect(brief(both(['format: i64', 'format: i128']).forward).map((c) => c.rule)).toEqual(['format-widened']);
      expect(both(['          format: i64\n', '']).forward).toEqual([]);
    });

    it('number format: f64 to f32 is narrowed', () => {
      const { text, forward, backward } = both(['          minimum: 0\n', '          minimum: 0\n          format: f32\n']);
      expect(brief(forward)).toEqual([{ kind: 'breaking', rule: 'format-narrowed', path: 'orders.order_total', line: prop(text, 'order_total') }]);
      expect(brief(backward).map((c) => c.rule)).toEqual(['format-widened']);
    });

    it('precision and scale: fewer digits on either side of the point is breaking', () => {
      // ODCS 3.1 has no precision/scale option; they are read as written when a producer adds them.
      const d = (precision: number, scale: number) => withOptions(base, 'note', { precision, scale });
      const at = { path: 'orders.note', line: prop(BASE, 'note') };
      expect(brief(classifyChanges(d(10, 2), d(8, 2)))).toEqual([{ kind: 'breaking', rule: 'constraint-tightened', ...at }]);
      expect(brief(classifyChanges(d(10, 2), d(10, 1)))).toEqual([{ kind: 'breaking', rule: 'constraint-tightened', ...at }]);
      // Same precision, more scale: fewer digits before the point.
      expect(brief(classifyChanges(d(10, 2), d(10, 4)))).toEqual([{ kind: 'breaking', rule: 'constraint-tightened', ...at }]);
      expect(brief(classifyChanges(d(10, 2), d(12, 2)))).toEqual([{ kind: 'compatible', rule: 'constraint-loosened', ...at }]);
      expect(brief(classifyChanges(d(10, 2), d(12, 4)))).toEqual([{ kind: 'compatible', rule: 'constraint-loosened', ...at }]);
    });

    it('a pattern added is breaking, dropped compatible, changed a warning (direction cannot be proven)', () => {
      const changed = both(["pattern: '^[A-Z]+$'", "pattern: '^[A-Z0-9]+$'"]);
      expect(brief(changed.forward)).toEqual([{ kind: 'warning', rule: 'constraint-changed', path: 'orders.code', line: prop(changed.text, 'code') }]);
      expect(changed.forward[0]?.message).toBe('column code: pattern changed from ^[A-Z]+$ to ^[A-Z0-9]+$: meshwork cannot tell whether it allows fewer values');
      const dropped = both(["          pattern: '^[A-Z]+$'\n", '']);
      expect(brief(dropped.forward).map((c) => `${c.kind} ${c.rule}`)).toEqual(['compatible constraint-loosened']);
      expect(brief(dropped.backward).map((c) => `${c.kind} ${c.rule}`)).toEqual(['breaking constraint-tightened']);
    });

    it('a bound that is neither a number, a date nor a time is a warning', () => {
      const { forward } = both(["minimum: '2020-01-01T00:00:00Z'", "minimum: 'last year'"]);
      expect(brief(forward).map((c) => `${c.kind} ${c.rule}`)).toEqual(['warning constraint-changed']);
    });

    it('timestamp timezone changes the engine type: breaking both ways', () => {
      const { forward, backward } = both(["minimum: '2020-01-01T00:00:00Z'", "minimum: '2020-01-01T00:00:00Z'\n          timezone: true"]);
      expect(brief(forward).map((c) => `${c.kind} ${c.rule}`)).toEqual(['breaking type-changed']);
      expect(brief(backward).map((c) => `${c.kind} ${c.rule}`)).toEqual(['breaking type-changed']);
    });
  });

  describe('classification (public < internal < confidential < restricted < pii, secret)', () => {
    it('more restrictive is breaking, less restrictive compatible', () => {
      const { text, forward, backward } = both(['classification: internal', 'classification: pii']);
      expect(brief(forward)).toEqual([{ kind: 'breaking', rule: 'classification-tightened', path: 'orders.customer_id', line: prop(text, 'customer_id') }]);
      expect(forward[0]?.message).toBe('column customer_id: classification changed from internal to pii (more restrictive)');
      expect(brief(backward)).toEqual([{ kind: 'compatible', rule: 'classification-loosened', path: 'orders.customer_id', line: prop(BASE, 'customer_id') }]);
      expect(brief(both(['classification: internal', 'classification: Confidential']).forward).map((c) => c.rule)).toEqual(['classification-tightened']);
    });

    it('no classification counts as public', () => {
      const { forward, backward } = both(['        classification: internal\n', '']);
      expect(brief(forward).map((c) => `${c.kind} ${c.rule}`)).toEqual(['compatible classification-loosened']);
      expect(brief(backward).map((c) => `${c.kind} ${c.rule}`)).toEqual(['breaking classification-tightened']);
    });

    it('a value outside the order, or pii ↔ secret, is a warning', () => {
      const { text, forward, backward } = both(['classification: internal', 'classification: sensitive']);
      expect(brief(forward)).toEqual([{ kind: 'warning', rule: 'classification-changed', path: 'orders.customer_id', line: prop(text, 'customer_id') }]);
      expect(brief(backward).map((c) => c.kind)).toEqual(['warning']);
      expect(brief(classifyChanges(read(edit(BASE, 'classification: internal', 'classification: pii')), read(edit(BASE, 'classification: internal', 'classification: secret')))).map((c) => c.kind)).toEqual([
        'warning',
      ]);
    });
  });

  it('a physical name changed is breaking, for an object and for a column', () => {
    const object = both(['physicalName: order_lines', 'physicalName: lines_v2']);
    expect(brief(object.forward)).toEqual([{ kind: 'breaking', rule: 'physical-name-changed', path: 'lines', line: lineOf(object.text, '- name: lines') }]);
    expect(object.forward[0]?.message).toBe('schema object lines: physical name changed from order_lines to lines_v2');
    // Dropping physicalName makes the physical name the object's name.
    expect(brief(both(['    physicalName: order_lines\n', '']).forward).map((c) => c.rule)).toEqual(['physical-name-changed']);

    const column = both(['      - name: note\n        logicalType: string\n', '      - name: note\n        logicalType: string\n        physicalName: remark\n']);
    expect(brief(column.forward)).toEqual([{ kind: 'breaking', rule: 'physical-name-changed', path: 'orders.note', line: prop(column.text, 'note') }]);
    // A physicalName equal to the name is no change.
    expect(both(['      - name: note\n        logicalType: string\n', '      - name: note\n        logicalType: string\n        physicalName: note\n']).forward).toEqual([]);
  });

  describe('primary key changes are warnings', () => {
    const LINES = (text: string) => lineOf(text, '- name: lines');
    it('added', () => {
      const { text, forward } = both(['      - name: note\n        logicalType: string\n', '      - name: note\n        logicalType: string\n        primaryKey: true\n        primaryKeyPosition: 2\n']);
      expect(brief(forward)).toEqual([{ kind: 'warning', rule: 'primary-key-changed', path: 'orders', line: lineOf(text, '- name: orders') }]);
      expect(forward[0]?.message).toBe('schema object orders: primary key changed from (order_id) to (order_id, note)');
    });
    it('removed', () => {
      const { text, forward } = both(['        primaryKey: true\n        primaryKeyPosition: 2\n', '']);
      expect(brief(forward)).toEqual([{ kind: 'warning', rule: 'primary-key-changed', path: 'lines', line: LINES(text) }]);
      expect(forward[0]?.message).toBe('schema object lines: primary key changed from (order_id, line_no) to (order_id)');
    });
    it('reordered', () => {
      const text = edit(edit(BASE, 'primaryKeyPosition: 2', 'primaryKeyPosition: 9'), '        primaryKeyPosition: 1\n      - name: line_no', '        primaryKeyPosition: 10\n      - name: line_no');
      const forward = classifyChanges(base, read(text));
      expect(brief(forward)).toEqual([{ kind: 'warning', rule: 'primary-key-changed', path: 'lines', line: LINES(text) }]);
      expect(forward[0]?.message).toBe('schema object lines: primary key changed from (order_id, line_no) to (line_no, order_id)');
    });
  });

  it('description changes are compatible', () => {
    const { text, forward } = both(['description: Order identifier.', 'description: The order identifier.'], ['description: One row per order.', 'description: Orders.']);
    expect(brief(forward)).toEqual([
      { kind: 'compatible', rule: 'description-changed', path: 'orders', line: lineOf(text, '- name: orders') },
      { kind: 'compatible', rule: 'description-changed', path: 'orders.order_id', line: prop(text, 'order_id') },
    ]);
  });

  it('an object that is no longer built is breaking; table ↔ view is compatible', () => {
    const topic = both(['    physicalType: table\n    physicalName: order_lines', '    physicalType: topic\n    physicalName: order_lines']);
    expect(brief(topic.forward)).toEqual([{ kind: 'breaking', rule: 'object-type-changed', path: 'lines', line: lineOf(topic.text, '- name: lines') }]);
    expect(brief(topic.backward).map((c) => `${c.kind} ${c.rule}`)).toEqual(['compatible object-type-changed']);
    const view = both(['    physicalType: table\n    physicalName: order_lines', '    physicalType: view\n    physicalName: order_lines']);
    expect(brief(view.forward).map((c) => `${c.kind} ${c.rule}`)).toEqual(['compatible object-type-changed']);
  });

  it('reports several changes in document order', () => {
    const { text, forward } = both(['classification: internal', 'classification: restricted'], ['maxLength: 8', 'maxLength: 9'], ['      - name: note\n        logicalType: string\n', '']);
    expect(brief(forward)).toEqual([
      { kind: 'breaking', rule: 'classification-tightened', path: 'orders.customer_id', line: prop(text, 'customer_id') },
      { kind: 'compatible', rule: 'constraint-loosened', path: 'orders.code', line: prop(text, 'code') },
      { kind: 'breaking', rule: 'property-removed', path: 'orders.note', line: ORDERS },
    ]);
  });
});

describe('requiresNewMajor', () => {
  const breakingText = edit(BASE, '      - name: note\n        logicalType: string\n', '');

  it('refuses a breaking change in the same major version, listing each change with its line', () => {
    const after = read(edit(breakingText, 'version: 1.2.0', 'version: 1.3.0'));
    const changes = classifyChanges(base, after);
    const verdict = requiresNewMajor(base, after, changes);
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toBe(
      `1 breaking change without a new major version: version 1.2.0 → 1.3.0 keeps major 1\n` +
        `  - ${PATH}:${ORDERS}: column note: removed (property-removed)\n` +
        `  hint: raise the major version (version: 2.0.0) to publish orders_v2 beside orders_v1, or undo the breaking changes`,
    );
  });

  it('accepts a breaking change with a new major version: _v2 beside _v1', () => {
    const after = read(edit(breakingText, 'version: 1.2.0', 'version: 2.0.0'));
    const verdict = requiresNewMajor(base, after, classifyChanges(base, after));
    expect(verdict).toEqual({ ok: true, reason: '1 breaking change in a new major version (1.2.0 → 2.0.0): orders_v2 is published beside orders_v1, which keeps serving' });
  });

  it('a lower major is no bump', () => {
    const before = read(edit(BASE, 'version: 1.2.0', 'version: 3.0.0'));
    const after = read(edit(breakingText, 'version: 1.2.0', 'version: 2.0.0'));
    const verdict = requiresNewMajor(before, after, classifyChanges(before, after));
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toContain('keeps major 2 (not above 3)');
  });

  it('accepts compatible changes and warnings in any version', () => {
    const after = read(edit(edit(BASE, 'classification: internal', 'classification: sensitive'), 'maxLength: 8', 'maxLength: 9'));
    const changes = classifyChanges(base, after);
    expect(changes.map((c) => c.kind)).toEqual(['warning', 'compatible']);
    expect(requiresNewMajor(base, after, changes)).toEqual({ ok: true });
  });
});

/** `contract` with the options of column `name` of the first object replaced (for options ODCS's schema does not allow). */
function withOptions(contract: ContractDefinition, name: string, options: ContractProperty['logicalTypeOptions']): ContractDefinition {
  const [first, ...rest] = contract.schema;
  if (!first) throw new Error('no schema object');
  return {
    ...contract,
    schema: [{ ...first, properties: first.properties.map((p) => (p.name === name ? { ...p, logicalTypeOptions: options } : p)) }, ...rest],
  };
}

describe('docs/contracts.md', () => {
  it('the refusal shown under "Breaking changes" is what the complete example gives', () => {
    const docs = readFileSync(new URL('../../docs/contracts.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(docs)?.[1];
    const section = docs.slice(docs.indexOf('## Breaking changes'));
    const shown = /```\n([\s\S]*?)\n```/.exec(section)?.[1];
    if (example === undefined || shown === undefined) throw new Error('example or output not found in docs/contracts.md');
    const before = read(example);
    const without = example.slice(0, example.indexOf('      - name: status')) + example.slice(example.indexOf('slaProperties:'));
    const after = read(edit(without, 'version: 1.2.0', 'version: 1.3.0'));
    expect(requiresNewMajor(before, after, classifyChanges(before, after)).reason).toBe(shown);
  });
});
