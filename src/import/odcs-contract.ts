import type { ImportProblems } from './import-problems.js';
import type { PlannedDomain, PlannedModel } from './plan-import.js';

/** A dbt `data_type` → ODCS logicalType (and a physicalType for exact decimals). */
export function logicalType(dataType: string): { logicalType: string; physicalType?: string } | undefined {
  const t = dataType.trim().toLowerCase();
  if (/^(tiny|small|big|huge)?int(eger)?\d*$|^int64$|^long$/.test(t)) return { logicalType: 'integer' };
  if (/^(varchar|text|string|char|character varying|character|nvarchar|uuid)\b/.test(t)) return { logicalType: 'string' };
  const decimal = /^(numeric|decimal|bignumeric)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(t);
  if (decimal) return { logicalType: 'number', physicalType: `decimal(${decimal[2]},${decimal[3]})` };
  if (/^(numeric|decimal|bignumeric|double|double precision|float\d*|real)$/.test(t)) return { logicalType: 'number' };
  if (/^bool(ean)?$/.test(t)) return { logicalType: 'boolean' };
  if (t === 'date') return { logicalType: 'date' };
  if (/^(timestamp|datetime|timestamptz|timestamp with(out)? time zone)/.test(t)) return { logicalType: 'timestamp' };
  if (t === 'time') return { logicalType: 'time' };
  if (/^(json|struct|object)/.test(t)) return { logicalType: 'object' };
  return undefined;
}

/**
 * A public dbt model with an enforced contract → an ODCS v3.1 contract, version 1.0.0, whose
 * columns are the model's with their types and constraints; meshwork builds its contract view.
 */
export function odcsContract(model: PlannedModel, domain: PlannedDomain, problems: ImportProblems): Record<string, unknown> {
  const props = model.properties;
  const name = model.dbt.name;
  const properties: Record<string, unknown>[] = [];
  let keyPosition = 0;
  for (const column of props?.columns ?? []) {
    const type = column.dataType ? logicalType(column.dataType) : undefined;
    if (!type) {
      problems.add(column.file, column.line, `column ${column.name} ${column.dataType ? `has data_type ${column.dataType}, which has no ODCS logical type` : 'has no data_type'}: written as logicalType string`, 'set the column\'s logicalType in the contract');
    }
    const constraints = [...column.constraints, ...(props?.constraints[column.name] ?? [])];
    const property: Record<string, unknown> = { name: column.name, logicalType: type?.logicalType ?? 'string' };
    if (type?.physicalType) property.physicalType = type.physicalType;
    if (constraints.includes('not_null')) property.required = true;
    if (constraints.includes('unique')) property.unique = true;
    if (constraints.includes('primary_key')) {
      property.primaryKey = true;
      property.primaryKeyPosition = ++keyPosition;
    }
    for (const other of constraints.filter((c) => !['not_null', 'unique', 'primary_key'].includes(c))) {
      problems.add(column.file, column.line, `constraint ${other} on ${name}.${column.name} is not carried into the contract`, 'write it as a quality rule of the contract (docs/contracts.md)');
    }
    if (column.description) property.description = column.description;
    properties.push(property);
  }
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: `${domain.name}-${name}`.replace(/_/g, '-'),
    name,
    version: '1.0.0',
    status: 'active',
    domain: domain.name,
    dataProduct: name,
    ...(props?.description ? { description: { purpose: props.description } } : {}),
    team: { name: domain.owner },
    schema: [
      {
        name,
        physicalType: 'view',
        ...(props?.description ? { description: props.description } : {}),
        customProperties: [{ property: 'model', value: `${model.stage}.${name}` }],
        properties,
      },
    ],
  };
}
