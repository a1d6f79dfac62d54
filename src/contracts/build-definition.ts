import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { STAGES, type Stage } from '../parse/definitions.js';
import type { Json } from '../parse/yaml-file.js';
import type {
  BackingModel,
  ContractDefinition,
  ContractObject,
  ContractProperty,
  ContractRole,
  ContractServer,
  ContractTeam,
  CustomProperty,
  JsonObject,
  QualityRule,
  QualityType,
  SlaProperty,
} from './contract-definition.js';
import { QUALITY_OPERATORS } from './contract-definition.js';
import { showPath, type DocumentPath } from './document-path.js';
import { isOdcsLogicalType } from './logical-types.js';

/** A contract before its version is known to be semantic. */
export type ContractDraft = Omit<ContractDefinition, 'version' | 'checksum'>;

export interface DraftSource {
  readonly file: string;
  /** The file name without `.odcs.yaml`: the product when the document names none. */
  readonly stem: string;
  readonly lineOf: (path: DocumentPath) => number;
}

/** The `customProperties` entry that names a schema object's backing model. */
export const MODEL_PROPERTY = 'model';
const MODEL_VALUE = /^(?:([a-z]+)\.)?([A-Za-z_][A-Za-z0-9_]*)$/;
const MODEL_STAGES: readonly string[] = [...STAGES, 'seeds'];

/**
 * The typed contract of a document. Reads defensively (a value of the wrong type is left out), so
 * that meshwork's own checks can run beside the schema's errors on a document that is not valid.
 */
export function buildDraft(doc: Readonly<Record<string, unknown>>, source: DraftSource): { draft: ContractDraft; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const { lineOf } = source;
  const dataProduct = text(doc, 'dataProduct');
  const name = text(doc, 'name');
  const team = readTeam(doc.team, lineOf);
  const description = record(doc.description);
  const draft: ContractDraft = {
    file: source.file,
    apiVersion: text(doc, 'apiVersion') ?? '',
    id: text(doc, 'id') ?? '',
    ...opt('name', name),
    status: text(doc, 'status') ?? '',
    ...opt('domain', text(doc, 'domain')),
    ...opt('dataProduct', dataProduct),
    product: dataProduct ?? name ?? source.stem,
    ...opt('owner', team?.name ?? team?.members.find((m) => /owner/i.test(m.role ?? ''))?.username),
    ...(team ? { team } : {}),
    ...(description
      ? {
          description: {
            ...opt('purpose', text(description, 'purpose')),
            ...opt('usage', text(description, 'usage')),
            ...opt('limitations', text(description, 'limitations')),
            line: lineOf(['description']),
          },
        }
      : {}),
    tags: strings(doc.tags),
    servers: list(doc.servers).flatMap((s, i) => {
      const server = record(s);
      if (!server) return [];
      const { server: id, type, environment, description: about, ...details } = server;
      const read: ContractServer = {
        server: typeof id === 'string' ? id : '',
        type: typeof type === 'string' ? type : '',
        ...opt('environment', typeof environment === 'string' ? environment : undefined),
        ...opt('description', typeof about === 'string' ? about : undefined),
        details: details as JsonObject,
        line: lineOf(['servers', i]),
      };
      return [read];
    }),
    schema: list(doc.schema).flatMap((o, i) => {
      const object = record(o);
      return object ? [readObject(object, ['schema', i], lineOf, diagnostics, source.file)] : [];
    }),
    slaProperties: list(doc.slaProperties).flatMap((s, i) => {
      const sla = record(s);
      if (!sla) return [];
      const value = sla.value;
      const read: SlaProperty = {
        property: text(sla, 'property') ?? '',
        value: typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null,
        ...(sla.valueExt !== undefined ? { valueExt: sla.valueExt as Json } : {}),
        ...opt('unit', text(sla, 'unit')),
        ...opt('element', text(sla, 'element')),
        ...opt('driver', text(sla, 'driver')),
        ...opt('description', text(sla, 'description')),
        line: lineOf(['slaProperties', i]),
      };
      return [read];
    }),
    roles: list(doc.roles).flatMap((r, i) => {
      const entry = record(r);
      const role = entry && text(entry, 'role');
      if (!entry || role === undefined) return [];
      const read: ContractRole = { role, ...opt('access', text(entry, 'access')), ...opt('description', text(entry, 'description')), line: lineOf(['roles', i]) };
      return [read];
    }),
    customProperties: readCustom(doc.customProperties, ['customProperties'], lineOf),
    line: lineOf([]),
  };
  return { draft, diagnostics };
}

function readObject(
  object: Readonly<Record<string, unknown>>,
  path: DocumentPath,
  lineOf: DraftSource['lineOf'],
  diagnostics: Diagnostic[],
  file: string,
): ContractObject {
  const physicalType = text(object, 'physicalType');
  const customProperties = readCustom(object.customProperties, [...path, 'customProperties'], lineOf);
  const model = readModel(object, path, lineOf, diagnostics, file);
  return {
    name: text(object, 'name') ?? '',
    ...opt('physicalName', text(object, 'physicalName')),
    ...opt('physicalType', physicalType),
    ...opt('businessName', text(object, 'businessName')),
    ...opt('description', text(object, 'description')),
    built: physicalType === undefined || BUILT_KINDS.includes(physicalType.toLowerCase()),
    ...(model ? { model } : {}),
    properties: list(object.properties).flatMap((p, j) => {
      const property = record(p);
      return property ? [readProperty(property, [...path, 'properties', j], lineOf)] : [];
    }),
    quality: readQuality(object.quality, [...path, 'quality'], lineOf),
    customProperties,
    line: lineOf(path),
  };
}

/** Schema objects meshwork builds a contract view for. */
export const BUILT_KINDS: readonly string[] = ['table', 'view'];

function readProperty(property: Readonly<Record<string, unknown>>, path: DocumentPath, lineOf: DraftSource['lineOf']): ContractProperty {
  const items = record(property.items);
  const position = property.primaryKeyPosition;
  return {
    name: text(property, 'name') ?? '',
    ...opt('physicalName', text(property, 'physicalName')),
    ...(isOdcsLogicalType(property.logicalType) ? { logicalType: property.logicalType } : {}),
    logicalTypeOptions: (record(property.logicalTypeOptions) ?? {}) as JsonObject,
    ...(items ? { items: isOdcsLogicalType(items.logicalType) ? { logicalType: items.logicalType } : {} } : {}),
    ...opt('physicalType', text(property, 'physicalType')),
    required: property.required === true,
    unique: property.unique === true,
    primaryKey: property.primaryKey === true,
    ...(typeof position === 'number' && position > 0 ? { primaryKeyPosition: position } : {}),
    ...opt('classification', text(property, 'classification')),
    ...opt('description', text(property, 'description')),
    ...opt('businessName', text(property, 'businessName')),
    tags: strings(property.tags),
    quality: readQuality(property.quality, [...path, 'quality'], lineOf),
    customProperties: readCustom(property.customProperties, [...path, 'customProperties'], lineOf),
    line: lineOf(path),
  };
}

function readQuality(value: unknown, path: DocumentPath, lineOf: DraftSource['lineOf']): QualityRule[] {
  return list(value).flatMap((r, i) => {
    const rule = record(r);
    if (!rule) return [];
    const type = text(rule, 'type');
    const operator = QUALITY_OPERATORS.find((o) => o in rule);
    const read: QualityRule = {
      type: type === 'sql' || type === 'custom' || type === 'text' ? type : ('library' satisfies QualityType),
      ...opt('metric', text(rule, 'metric') ?? text(rule, 'rule')),
      ...opt('query', text(rule, 'query')),
      ...(operator ? { comparison: { operator, value: rule[operator] as Json } } : {}),
      arguments: (record(rule.arguments) ?? {}) as JsonObject,
      ...opt('unit', text(rule, 'unit')),
      ...opt('severity', text(rule, 'severity')),
      ...opt('name', text(rule, 'name')),
      ...opt('description', text(rule, 'description')),
      spec: rule as JsonObject,
      line: lineOf([...path, i]),
    };
    return [read];
  });
}

function readCustom(value: unknown, path: DocumentPath, lineOf: DraftSource['lineOf']): CustomProperty[] {
  return list(value).flatMap((c, i) => {
    const entry = record(c);
    const property = entry && text(entry, 'property');
    if (!entry || property === undefined) return [];
    return [{ property, value: (entry.value ?? null) as Json, ...opt('description', text(entry, 'description')), line: lineOf([...path, i]) }];
  });
}

function readTeam(value: unknown, lineOf: DraftSource['lineOf']): ContractTeam | undefined {
  // ODCS 3.1 writes team as a mapping with members; before 3.1 it was the list of members.
  const team = record(value);
  const members = (team ? list(team.members) : list(value)).flatMap((m) => {
    const member = record(m);
    const username = member && text(member, 'username');
    if (!member || username === undefined) return [];
    return [
      {
        username,
        ...opt('name', text(member, 'name')),
        ...opt('role', text(member, 'role')),
        ...opt('dateIn', text(member, 'dateIn')),
        ...opt('dateOut', text(member, 'dateOut')),
      },
    ];
  });
  if (!team && !Array.isArray(value)) return undefined;
  return { ...opt('name', team && text(team, 'name')), ...opt('description', team && text(team, 'description')), members, line: lineOf(['team']) };
}

function readModel(
  object: Readonly<Record<string, unknown>>,
  path: DocumentPath,
  lineOf: DraftSource['lineOf'],
  diagnostics: Diagnostic[],
  file: string,
): BackingModel | undefined {
  const entries = list(object.customProperties).flatMap((c, i) => {
    const entry = record(c);
    return entry?.property === MODEL_PROPERTY ? [{ value: entry.value, path: [...path, 'customProperties', i, 'value'] }] : [];
  });
  const where = `${showPath(path)}${typeof object.name === 'string' ? ` ('${object.name}')` : ''}`;
  for (const extra of entries.slice(1)) {
    diagnostics.push(
      error('MESH207', `${where} names more than one backing model (customProperties: property: model)`, {
        file,
        line: lineOf(extra.path),
        hint: 'keep one model entry: the view of a schema object reads one model',
      }),
    );
  }
  const first = entries[0];
  if (!first) return undefined;
  const m = typeof first.value === 'string' ? MODEL_VALUE.exec(first.value) : null;
  if (m && (m[1] === undefined || MODEL_STAGES.includes(m[1]))) {
    return { name: m[2]!, ...(m[1] ? { stage: m[1] as Stage | 'seeds' } : {}), line: lineOf(first.path) };
  }
  const shown = typeof first.value === 'string' ? `'${first.value}'` : 'not text';
  diagnostics.push(
    error('MESH207', `backing model of ${where} is ${shown}: it must be <model> or <stage>.<model> of this domain (${showPath(first.path)})`, {
      file,
      line: lineOf(first.path),
      hint: `write e.g. value: cleaned.orders (stages: ${MODEL_STAGES.join(', ')}); a contract publishes a model of its own domain`,
    }),
  );
  return undefined;
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(object: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}

/** `{ key: value }` when the value is there, `{}` otherwise: optional fields stay absent, not undefined. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
