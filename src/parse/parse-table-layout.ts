import type { Materialization, ModelConfig, PartitionBy, PartitionDataType, PartitionGranularity } from './definitions.js';
import type { YamlReader } from './yaml-file.js';

export const TABLE_LAYOUT_KEYS = ['partition_by', 'cluster_by', 'require_partition_filter', 'partition_expiration_days', 'labels'];

type TableLayout = Pick<ModelConfig, 'partitionBy' | 'clusterBy' | 'requirePartitionFilter' | 'partitionExpirationDays' | 'labels'>;

const DATA_TYPES: readonly PartitionDataType[] = ['timestamp', 'date', 'datetime', 'int64'];
const GRANULARITIES: readonly PartitionGranularity[] = ['hour', 'day', 'month', 'year'];
/** BigQuery's limits: clustering columns, partitions of a table, labels of a resource. */
const MAX_CLUSTER_COLUMNS = 4;
const MAX_PARTITIONS = 10_000;
const MAX_LABELS = 64;
/** BigQuery label rules: lowercase letters (international ones too), digits, `_` and `-`, at most 63 characters; keys start with a letter. */
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

/**
 * A model header's BigQuery table layout: partitioning, clustering, table options and labels, as
 * dbt-bigquery spells them. Read on every engine (DuckDB ignores them, but a mistake is a mistake
 * wherever the project is built); every bad value is reported at its line.
 */
export function parseTableLayout(r: YamlReader, h: Record<string, unknown>, materialized: Materialization): TableLayout {
  const partitionBy = parsePartitionBy(r, h.partition_by);
  const clusterBy = r.stringList(['cluster_by'], h.cluster_by, 'cluster_by');
  if (clusterBy.length > MAX_CLUSTER_COLUMNS) {
    r.invalid(['cluster_by'], `cluster_by names ${clusterBy.length} columns; BigQuery clusters by at most ${MAX_CLUSTER_COLUMNS}`, 'keep the 4 columns most often filtered on, in that order');
  }
  const requirePartitionFilter = boolean(r, ['require_partition_filter'], h.require_partition_filter, 'require_partition_filter');
  const partitionExpirationDays = positiveNumber(r, ['partition_expiration_days'], h.partition_expiration_days, 'partition_expiration_days');
  const labels = parseLabels(r, h.labels);

  if (h.partition_by === undefined || h.partition_by === null) {
    for (const key of ['require_partition_filter', 'partition_expiration_days']) {
      if (h[key] !== undefined && h[key] !== null) r.invalid([key], `${key} applies to partitioned tables, and this model has no partition_by`, 'add partition_by: { field: <column>, data_type: date }, or remove ' + key);
    }
  } else if (partitionExpirationDays !== undefined && isInt64Partition(h.partition_by)) {
    r.invalid(['partition_expiration_days'], 'partition_expiration_days applies to time-partitioned tables, and this model is partitioned by integer ranges', 'remove partition_expiration_days, or partition by a date or timestamp column');
  }
  if (materialized !== 'table' && materialized !== 'incremental') {
    for (const key of TABLE_LAYOUT_KEYS) {
      if (h[key] === undefined || h[key] === null || (key === 'labels' && materialized === 'view')) continue;
      r.invalid([key], `${key} applies to tables and incremental models, and this model is ${materialized === 'ephemeral' ? 'ephemeral' : `a ${materialized}`}`, `remove ${key}, or set materialized: table`);
    }
  }
  return {
    ...(partitionBy ? { partitionBy } : {}),
    ...(clusterBy.length > 0 && clusterBy.length <= MAX_CLUSTER_COLUMNS ? { clusterBy } : {}),
    ...(requirePartitionFilter !== undefined ? { requirePartitionFilter } : {}),
    ...(partitionExpirationDays !== undefined ? { partitionExpirationDays } : {}),
    ...(labels ? { labels } : {}),
  };
}

/** As written, so that a bad range does not hide that expiration does not apply. */
function isInt64Partition(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>).data_type === 'int64';
}

function parsePartitionBy(r: YamlReader, raw: unknown): PartitionBy | undefined {
  const p = r.map(['partition_by'], raw, ['field', 'data_type', 'granularity', 'range'], 'partition_by');
  if (!p) return undefined;
  const field = r.string(['partition_by', 'field'], p.field, 'partition_by field', true);
  const dataType = r.oneOf(['partition_by', 'data_type'], p.data_type, DATA_TYPES, 'partition_by data_type') ?? (p.data_type === undefined ? 'date' : undefined);
  const granularity = r.oneOf(['partition_by', 'granularity'], p.granularity, GRANULARITIES, 'partition_by granularity');
  if (!field || !dataType) return undefined;
  if (dataType === 'int64') {
    if (granularity !== undefined) r.invalid(['partition_by', 'granularity'], 'granularity applies to time partitions, and this one is int64', 'remove granularity: integer partitions are set by range');
    if (p.range === undefined || p.range === null) return void r.missing(['partition_by', 'range'], 'partition_by range (for data_type int64)');
    const range = parseRange(r, p.range);
    return range ? { field, dataType, granularity: 'day', range } : undefined;
  }
  if (p.range !== undefined && p.range !== null) {
    return void r.invalid(['partition_by', 'range'], `range applies to int64 partitions, and this one is ${dataType}`, 'remove range, or set data_type: int64');
  }
  if (dataType === 'date' && granularity === 'hour') {
    return void r.invalid(['partition_by', 'granularity'], 'a date column cannot be partitioned by hour', 'use granularity: day, month or year, or partition by a timestamp column');
  }
  return { field, dataType, granularity: granularity ?? 'day' };
}

function parseRange(r: YamlReader, raw: unknown): PartitionBy['range'] {
  const path = ['partition_by', 'range'];
  const range = r.map(path, raw, ['start', 'end', 'interval'], 'partition_by range');
  if (!range) return undefined;
  const whole = (key: 'start' | 'end' | 'interval'): number | undefined => {
    const value = range[key];
    if (value === undefined || value === null) return void r.missing([...path, key], `partition_by range ${key}`);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    return void r.invalid([...path, key], `range ${key} must be a whole number, not ${JSON.stringify(value)}`, 'write range: { start: 0, end: 1000, interval: 10 }');
  };
  const start = whole('start');
  const end = whole('end');
  const interval = whole('interval');
  if (start === undefined || end === undefined || interval === undefined) return undefined;
  if (interval <= 0) return void r.invalid([...path, 'interval'], `range interval must be above 0, not ${interval}`, 'write interval: 1 or more');
  if (end <= start) return void r.invalid([...path, 'end'], `range end (${end}) must be above its start (${start})`, 'the range covers start (included) to end (excluded)');
  if ((end - start) / interval > MAX_PARTITIONS) {
    return void r.invalid(path, `the range makes ${Math.ceil((end - start) / interval)} partitions; BigQuery allows at most ${MAX_PARTITIONS}`, 'use a larger interval or a narrower range');
  }
  return { start, end, interval };
}

function parseLabels(r: YamlReader, raw: unknown): Record<string, string> | undefined {
  const labels = r.map(['labels'], raw, 'any', 'labels');
  if (!labels) return undefined;
  const entries = Object.entries(labels);
  if (entries.length > MAX_LABELS) r.invalid(['labels'], `${entries.length} labels; BigQuery allows at most ${MAX_LABELS}`, 'keep the labels you filter costs by');
  const valid: Record<string, string> = {};
  for (const [key, value] of entries) {
    const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : value === null ? '' : undefined;
    if (!LABEL_KEY.test(key)) {
      r.invalid(['labels', key], `label key '${key}' is not a BigQuery label key`, `keys are lowercase letters, digits, _ and -, start with a letter, at most 63 characters: ${suggestLabel(key) || 'team'}`);
    } else if (text === undefined) {
      r.invalid(['labels', key], `label '${key}' must be a text value, not a ${Array.isArray(value) ? 'list' : 'mapping'}`, `write ${key}: value`);
    } else if (!LABEL_VALUE.test(text)) {
      r.invalid(['labels', key], `label value '${text}' of '${key}' is not a BigQuery label value`, `values are lowercase letters, digits, _ and -, at most 63 characters: ${suggestLabel(text) || 'empty'}`);
    } else {
      valid[key] = text;
    }
  }
  return valid;
}

/** What the user may have meant, in label characters. */
function suggestLabel(text: string): string {
  return text.toLowerCase().replace(/[^\p{Ll}\p{Lo}\p{N}_-]+/gu, '_').slice(0, 63);
}

function boolean(r: YamlReader, path: readonly string[], value: unknown, what: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  return void r.invalid(path, `${what} must be true or false, not ${JSON.stringify(value)}`, `write ${what}: true`);
}

function positiveNumber(r: YamlReader, path: readonly string[], value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  return void r.invalid(path, `${what} must be a number of days above 0, not ${JSON.stringify(value)}`, `write ${what}: 90, for example`);
}
