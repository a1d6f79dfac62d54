import type { Json } from '../parse/yaml-file.js';
import type { ContractDefinition, ContractObject, ContractProperty } from './contract-definition.js';
import { compareConstraints, type ConstraintFinding } from './constraint-changes.js';

/**
 * One difference between two versions of a contract, classified for the consumers of its views.
 * `breaking` needs a new major version, `warning` is reported but allowed (its direction cannot be
 * proven, or it may surprise consumers), `compatible` is reported for information.
 */
export interface ContractChange {
  readonly kind: 'breaking' | 'warning' | 'compatible';
  /** Stable id, e.g. `property-removed`, `type-changed`, `required-added` (docs/contracts.md lists them all). */
  readonly rule: string;
  /** `<object>` or `<object>.<column>`, with the names of the AFTER contract when the thing still exists. */
  readonly path: string;
  /** Plain language: "column order_total: type changed from number to string". */
  readonly message: string;
  /** A line of the AFTER contract: the changed thing, or for a removal the enclosing object (1 for a removed object). */
  readonly line: number;
}

/**
 * Classification levels, least restrictive first. `pii` and `secret` share the top rank. A column
 * without a classification counts as `public`; a value outside this list cannot be ordered, and a
 * change to or from it is a warning.
 */
export const CLASSIFICATION_ORDER: Readonly<Record<string, number>> = {
  public: 0,
  internal: 1,
  confidential: 2,
  restricted: 3,
  pii: 4,
  secret: 4,
};

/**
 * The changes from `before` (e.g. the published state) to `after` (the contract about to be
 * published), in document order: each object of `before` (removed, or compared column by column,
 * then its added columns), then the objects `after` adds. Objects and columns are matched by name,
 * without case, as SQL compares them: a rename is a removal and an addition. Pure: no I/O.
 */
export function classifyChanges(before: ContractDefinition, after: ContractDefinition): ContractChange[] {
  const changes: ContractChange[] = [];
  const afterObjects = byName(after.schema);
  const beforeNames = new Set(before.schema.map((o) => key(o.name)));
  for (const old of before.schema) {
    const now = afterObjects.get(key(old.name));
    if (!now) {
      changes.push({ kind: 'breaking', rule: 'object-removed', path: old.name, message: `schema object ${old.name}: removed`, line: 1 });
      continue;
    }
    changes.push(...compareObjects(old, now));
  }
  for (const now of after.schema) {
    if (!beforeNames.has(key(now.name))) {
      changes.push({ kind: 'compatible', rule: 'object-added', path: now.name, message: `schema object ${now.name}: added`, line: now.line });
    }
  }
  return changes;
}

/**
 * Whether `after` may be published over `before`: a breaking change needs a new major version
 * (`after.version.major` above `before.version.major`), whose view `<product>_v<major>` is
 * published beside the old one, which keeps serving. Without one, it is refused and `reason` lists
 * each breaking change with its line in the after contract.
 */
export function requiresNewMajor(before: ContractDefinition, after: ContractDefinition, changes: readonly ContractChange[]): { ok: boolean; reason?: string } {
  const breaking = changes.filter((c) => c.kind === 'breaking');
  if (breaking.length === 0) return { ok: true };
  const from = before.version.major;
  const to = after.version.major;
  if (to > from) {
    return {
      ok: true,
      reason: `${count(breaking.length)} in a new major version (${before.version.text} → ${after.version.text}): ${after.product}_v${to} is published beside ${after.product}_v${from}, which keeps serving`,
    };
  }
  const list = breaking.map((c) => `\n  - ${after.file}:${c.line}: ${c.message} (${c.rule})`).join('');
  return {
    ok: false,
    reason:
      `${count(breaking.length)} without a new major version: version ${before.version.text} → ${after.version.text} keeps major ${to === from ? String(to) : `${to} (not above ${from})`}${list}\n` +
      `  hint: raise the major version (version: ${from + 1}.0.0) to publish ${after.product}_v${from + 1} beside ${after.product}_v${from}, or undo the breaking changes`,
  };
}

const count = (n: number): string => (n === 1 ? '1 breaking change' : `${n} breaking changes`);

const key = (name: string): string => name.toLowerCase();

function byName<T extends { readonly name: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(key(item.name))) map.set(key(item.name), item);
  return map;
}

function compareObjects(old: ContractObject, now: ContractObject): ContractChange[] {
  const changes: ContractChange[] = [];
  const path = now.name;
  const at = (kind: ContractChange['kind'], rule: string, message: string, line = now.line): void => {
    changes.push({ kind, rule, path, message: `schema object ${now.name}: ${message}`, line });
  };

  const oldPhysical = old.physicalName ?? old.name;
  const newPhysical = now.physicalName ?? now.name;
  if (key(oldPhysical) !== key(newPhysical)) at('breaking', 'physical-name-changed', `physical name changed from ${oldPhysical} to ${newPhysical}`);
  if (old.built && !now.built) {
    at('breaking', 'object-type-changed', `physical type changed from ${old.physicalType ?? 'table'} to ${now.physicalType ?? 'table'}: meshwork no longer builds a contract view for it`);
  } else if (norm(old.physicalType) !== norm(now.physicalType)) {
    at('compatible', 'object-type-changed', `physical type changed from ${old.physicalType ?? 'none'} to ${now.physicalType ?? 'none'}`);
  }
  if ((old.description ?? '') !== (now.description ?? '')) at('compatible', 'description-changed', 'description changed');

  const newProps = byName(now.properties);
  const oldNames = new Set(old.properties.map((p) => key(p.name)));
  for (const prop of old.properties) {
    const match = newProps.get(key(prop.name));
    if (!match) {
      changes.push({ kind: 'breaking', rule: 'property-removed', path: `${now.name}.${prop.name}`, message: `column ${prop.name}: removed`, line: now.line });
    } else {
      changes.push(...compareProperties(`${now.name}.${match.name}`, prop, match));
    }
  }
  for (const prop of now.properties) {
    if (!oldNames.has(key(prop.name))) {
      changes.push({
        kind: 'compatible',
        rule: 'property-added',
        path: `${now.name}.${prop.name}`,
        message: `column ${prop.name}: added${prop.required ? ' (required)' : ''}`,
        line: prop.line,
      });
    }
  }

  const oldKey = primaryKey(old);
  const newKey = primaryKey(now);
  if (oldKey.map(key).join(',') !== newKey.map(key).join(',')) {
    at('warning', 'primary-key-changed', `primary key changed from ${keyText(oldKey)} to ${keyText(newKey)}`);
  }
  return changes;
}

/** The primary key's columns in key order: `primaryKeyPosition`, then column order. */
function primaryKey(object: ContractObject): string[] {
  return object.properties
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.primaryKey)
    .sort((a, b) => (a.p.primaryKeyPosition ?? Infinity) - (b.p.primaryKeyPosition ?? Infinity) || a.i - b.i)
    .map(({ p }) => p.name);
}

const keyText = (columns: readonly string[]): string => (columns.length === 0 ? 'none' : `(${columns.join(', ')})`);

const norm = (text: string | undefined): string | undefined => text?.replace(/\s+/g, '').toUpperCase();

function compareProperties(path: string, old: ContractProperty, now: ContractProperty): ContractChange[] {
  const changes: ContractChange[] = [];
  const at = (kind: ContractChange['kind'], rule: string, message: string, line = now.line): void => {
    changes.push({ kind, rule, path, message: `column ${now.name}: ${message}`, line });
  };

  const typeChanged = old.logicalType !== now.logicalType;
  if (typeChanged) at('breaking', 'type-changed', `type changed from ${old.logicalType ?? 'none'} to ${now.logicalType ?? 'none'}`);
  else if (old.items?.logicalType !== now.items?.logicalType) {
    at('breaking', 'type-changed', `item type changed from ${old.items?.logicalType ?? 'none'} to ${now.items?.logicalType ?? 'none'}`);
  }
  const oldPhysicalType = norm(old.physicalType);
  const newPhysicalType = norm(now.physicalType);
  if (oldPhysicalType !== newPhysicalType) {
    // Added or dropped, the engine type may still be the one the logical type maps to: not provable.
    const both = oldPhysicalType !== undefined && newPhysicalType !== undefined;
    at(both ? 'breaking' : 'warning', 'physical-type-changed', `physical type changed from ${old.physicalType ?? 'none'} to ${now.physicalType ?? 'none'}`);
  }
  const oldPhysical = old.physicalName ?? old.name;
  const newPhysical = now.physicalName ?? now.name;
  if (key(oldPhysical) !== key(newPhysical)) at('breaking', 'physical-name-changed', `physical name changed from ${oldPhysical} to ${newPhysical}`);

  if (!old.required && now.required) at('breaking', 'required-added', 'now required (no NULLs)');
  if (old.required && !now.required) at('compatible', 'required-removed', 'no longer required (NULLs allowed)');
  if (!old.unique && now.unique) at('breaking', 'unique-added', 'now unique');
  if (old.unique && !now.unique) at('compatible', 'unique-removed', 'no longer unique');

  changes.push(...compareEnums(path, old, now));
  // Options of a different logical type are not comparable: the type change says it all.
  if (!typeChanged) {
    for (const f of compareConstraints(now.logicalType, old.logicalTypeOptions, now.logicalTypeOptions)) changes.push(fromFinding(path, now, f));
  }
  changes.push(...compareClassification(path, old, now));
  if ((old.description ?? '') !== (now.description ?? '')) at('compatible', 'description-changed', 'description changed');
  return changes;
}

function fromFinding(path: string, now: ContractProperty, f: ConstraintFinding): ContractChange {
  return { kind: f.kind, rule: f.rule, path, message: `column ${now.name}: ${f.message}`, line: now.line };
}

function compareClassification(path: string, old: ContractProperty, now: ContractProperty): ContractChange[] {
  const from = (old.classification ?? 'public').toLowerCase();
  const to = (now.classification ?? 'public').toLowerCase();
  if (from === to) return [];
  const fromRank = CLASSIFICATION_ORDER[from];
  const toRank = CLASSIFICATION_ORDER[to];
  const text = `classification changed from ${old.classification ?? 'none (public)'} to ${now.classification ?? 'none (public)'}`;
  const change = (kind: ContractChange['kind'], rule: string, message: string): ContractChange[] => [{ kind, rule, path, message: `column ${now.name}: ${message}`, line: now.line }];
  if (fromRank === undefined || toRank === undefined || fromRank === toRank) {
    return change('warning', 'classification-changed', `${text}: meshwork cannot tell which is more restrictive (it orders ${CLASSIFICATION_TEXT})`);
  }
  return toRank > fromRank ? change('breaking', 'classification-tightened', `${text} (more restrictive)`) : change('compatible', 'classification-loosened', `${text} (less restrictive)`);
}

const CLASSIFICATION_TEXT = 'public < internal < confidential < restricted < pii, secret';

/**
 * The values a column may take, when the contract restricts them: every `invalidValues` rule's
 * `validValues` and `logicalTypeOptions.enum` (all of them hold, so their intersection), with the
 * line of the rule that says it. Undefined: any value.
 */
function allowedValues(property: ContractProperty): { values: Json[]; line: number } | undefined {
  const lists: { values: Json[]; line: number }[] = [];
  const fromOptions = property.logicalTypeOptions.enum;
  if (Array.isArray(fromOptions)) lists.push({ values: fromOptions, line: property.line });
  for (const rule of property.quality) {
    const valid = rule.arguments.validValues;
    if (rule.type === 'library' && rule.metric === 'invalidValues' && Array.isArray(valid)) lists.push({ values: valid, line: rule.line });
  }
  const first = lists[0];
  if (!first) return undefined;
  const keep = lists.slice(1).reduce((acc, l) => {
    const ids = new Set(l.values.map(id));
    return acc.filter((v) => ids.has(id(v)));
  }, first.values);
  return { values: keep, line: lists.find((l) => l.line !== property.line)?.line ?? property.line };
}

const id = (value: Json): string => JSON.stringify(value);
const valuesText = (values: readonly Json[]): string => values.map((v) => (typeof v === 'string' ? v : id(v))).join(', ');

function compareEnums(path: string, old: ContractProperty, now: ContractProperty): ContractChange[] {
  const from = allowedValues(old);
  const to = allowedValues(now);
  const change = (kind: ContractChange['kind'], rule: string, message: string, line: number): ContractChange => ({
    kind,
    rule,
    path,
    message: `column ${now.name}: ${message}`,
    line,
  });
  if (!from && !to) return [];
  if (!from && to) return [change('breaking', 'enum-added', `values now restricted to ${valuesText(to.values)}`, to.line)];
  if (from && !to) return [change('compatible', 'enum-removed', `values no longer restricted (were ${valuesText(from.values)})`, now.line)];
  if (!from || !to) return [];
  const toIds = new Set(to.values.map(id));
  const fromIds = new Set(from.values.map(id));
  const removed = from.values.filter((v) => !toIds.has(id(v)));
  const added = to.values.filter((v) => !fromIds.has(id(v)));
  const changes: ContractChange[] = [];
  if (removed.length > 0) changes.push(change('breaking', 'enum-values-removed', `allowed values removed: ${valuesText(removed)}`, to.line));
  if (added.length > 0) changes.push(change('compatible', 'enum-values-added', `allowed values added: ${valuesText(added)}`, to.line));
  return changes;
}
