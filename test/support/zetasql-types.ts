/**
 * BigQuery's type text (`ARRAY<STRUCT<a INT64>>`, as its REST API and INFORMATION_SCHEMA spell
 * types) ↔ ZetaSQL's TypeProto (as the analyzer server takes and returns types).
 */

/** zetasql.TypeProto as @grpc/proto-loader reads and writes it (enums as their names). */
export interface TypeProto {
  typeKind?: string;
  arrayType?: { elementType?: TypeProto };
  structType?: { field?: { fieldName?: string; fieldType?: TypeProto }[] };
  rangeType?: { elementType?: TypeProto };
}

const SCALARS: Readonly<Record<string, string>> = {
  STRING: 'TYPE_STRING', BYTES: 'TYPE_BYTES',
  INT64: 'TYPE_INT64', INT: 'TYPE_INT64', INTEGER: 'TYPE_INT64', BIGINT: 'TYPE_INT64', SMALLINT: 'TYPE_INT64', TINYINT: 'TYPE_INT64', BYTEINT: 'TYPE_INT64',
  FLOAT64: 'TYPE_DOUBLE', NUMERIC: 'TYPE_NUMERIC', DECIMAL: 'TYPE_NUMERIC', BIGNUMERIC: 'TYPE_BIGNUMERIC', BIGDECIMAL: 'TYPE_BIGNUMERIC',
  BOOL: 'TYPE_BOOL', BOOLEAN: 'TYPE_BOOL', DATE: 'TYPE_DATE', DATETIME: 'TYPE_DATETIME', TIME: 'TYPE_TIME', TIMESTAMP: 'TYPE_TIMESTAMP',
  GEOGRAPHY: 'TYPE_GEOGRAPHY', JSON: 'TYPE_JSON', INTERVAL: 'TYPE_INTERVAL',
};

const NAMES: Readonly<Record<string, string>> = {
  TYPE_STRING: 'STRING', TYPE_BYTES: 'BYTES', TYPE_INT64: 'INT64', TYPE_DOUBLE: 'FLOAT64', TYPE_NUMERIC: 'NUMERIC',
  TYPE_BIGNUMERIC: 'BIGNUMERIC', TYPE_BOOL: 'BOOL', TYPE_DATE: 'DATE', TYPE_DATETIME: 'DATETIME', TYPE_TIME: 'TIME',
  TYPE_TIMESTAMP: 'TIMESTAMP', TYPE_GEOGRAPHY: 'GEOGRAPHY', TYPE_JSON: 'JSON', TYPE_INTERVAL: 'INTERVAL',
};

/** `ARRAY<STRUCT<a INT64, b STRING(10)>>` → TypeProto; a type's parameters (`(10)`, `(12, 2)`) are dropped. */
export function typeProto(text: string): TypeProto {
  const tokens = text.match(/`(?:\\.|[^`])*`|[A-Za-z_][A-Za-z0-9_]*|\d+|[<>(),]/g) ?? [];
  let at = 0;
  const next = (): string => {
    const token = tokens[at++];
    if (token === undefined) throw new Error(`not a BigQuery type: ${text}`);
    return token;
  };
  const peek = (): string | undefined => tokens[at];
  const skipParameters = (): void => {
    if (peek() !== '(') return;
    while (next() !== ')');
  };
  const parse = (): TypeProto => {
    const name = next().toUpperCase();
    if (name === 'ARRAY' || name === 'RANGE') {
      if (next() !== '<') throw new Error(`not a BigQuery type: ${text}`);
      const elementType = parse();
      next();
      return name === 'ARRAY' ? { typeKind: 'TYPE_ARRAY', arrayType: { elementType } } : { typeKind: 'TYPE_RANGE', rangeType: { elementType } };
    }
    if (name === 'STRUCT') {
      if (next() !== '<') throw new Error(`not a BigQuery type: ${text}`);
      const field: { fieldName: string; fieldType: TypeProto }[] = [];
      while (peek() !== '>') {
        // `name TYPE` or an anonymous field's bare `TYPE`.
        const first = tokens[at + 1];
        const named = first !== undefined && first !== ',' && first !== '>' && first !== '<' && first !== '(';
        const fieldName = named ? next().replace(/^`|`$/g, '') : '';
        field.push({ fieldName, fieldType: parse() });
        if (peek() === ',') next();
      }
      next();
      return { typeKind: 'TYPE_STRUCT', structType: { field } };
    }
    const kind = SCALARS[name];
    if (!kind) throw new Error(`not a BigQuery type: ${text}`);
    skipParameters();
    return { typeKind: kind };
  };
  const type = parse();
  if (at !== tokens.length) throw new Error(`not a BigQuery type: ${text}`);
  return type;
}

/** TypeProto → BigQuery's type text. */
export function typeText(type: TypeProto | undefined): string {
  switch (type?.typeKind) {
    case 'TYPE_ARRAY':
      return `ARRAY<${typeText(type.arrayType?.elementType)}>`;
    case 'TYPE_RANGE':
      return `RANGE<${typeText(type.rangeType?.elementType)}>`;
    case 'TYPE_STRUCT':
      return `STRUCT<${(type.structType?.field ?? []).map((f) => (f.fieldName ? `${fieldName(f.fieldName)} ${typeText(f.fieldType)}` : typeText(f.fieldType))).join(', ')}>`;
    default: {
      const name = type?.typeKind ? NAMES[type.typeKind] : undefined;
      if (!name) throw new Error(`a type BigQuery does not have: ${type?.typeKind ?? 'none'}`);
      return name;
    }
  }
}

function fieldName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '\\`')}\``;
}
