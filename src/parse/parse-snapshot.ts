import { error, type DiagnosticCode } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import type { HardDeletes, Materialization, SnapshotConfig, SnapshotStrategy } from './definitions.js';
import type { YamlReader } from './yaml-file.js';

/** The header keys only a snapshot reads. */
export const SNAPSHOT_KEYS = ['strategy', 'updated_at', 'check_cols', 'hard_deletes'];
const STRATEGIES: readonly SnapshotStrategy[] = ['timestamp', 'check'];
const HARD_DELETES: readonly HardDeletes[] = ['ignore', 'invalidate', 'new_record'];

/**
 * A snapshot's settings from its header, every problem reported at its line (MESH280–284); a
 * snapshot key on another model is MESH284. Undefined when the model is not a snapshot or its
 * settings cannot be read.
 */
export function parseSnapshot(r: YamlReader, h: Record<string, unknown>, materialized: Materialization, uniqueKey: readonly string[]): SnapshotConfig | undefined {
  const report = (code: DiagnosticCode, key: string, message: string, hint: string): void => {
    r.diagnostics.push(error(code, message, { file: r.yaml.file, line: r.yaml.lineOf([key]), hint }));
  };
  const given = (key: string): boolean => h[key] !== undefined && h[key] !== null;
  if (materialized !== 'snapshot') {
    for (const key of SNAPSHOT_KEYS) {
      if (given(key)) report('MESH284', key, `${key} only applies to materialized: snapshot, and this model is ${materialized === 'ephemeral' ? 'ephemeral' : `a ${materialized}`}`, `remove ${key}, or set materialized: snapshot`);
    }
    return undefined;
  }
  if (uniqueKey.length === 0) {
    report('MESH280', 'materialized', 'a snapshot needs a unique_key: the columns that name one entity across its versions', 'add unique_key: <column> (or a list of columns)');
  }
  const strategy = readStrategy(h.strategy, given('strategy'), report);
  const updatedAt = r.string(['updated_at'], h.updated_at, 'updated_at');
  const checkCols = readCheckCols(h.check_cols, report);
  const hardDeletes = readHardDeletes(h.hard_deletes, given('hard_deletes'), report);
  if (strategy === 'timestamp' && !updatedAt) {
    report('MESH281', 'strategy', "snapshot strategy 'timestamp' needs updated_at: the column whose increase makes a new version", 'add updated_at: <column>, or use strategy: check with check_cols');
  }
  if (strategy === 'check' && checkCols === undefined && !given('check_cols')) {
    report('MESH282', 'strategy', "snapshot strategy 'check' needs check_cols: the columns whose change makes a new version", 'add check_cols: [<column>, …], or check_cols: all');
  }
  if (strategy === 'timestamp' && checkCols !== undefined) report('MESH284', 'check_cols', "check_cols only applies to strategy: check, and this snapshot's strategy is timestamp", 'remove check_cols, or set strategy: check');
  if (strategy === 'check' && updatedAt !== undefined) report('MESH284', 'updated_at', "updated_at only applies to strategy: timestamp, and this snapshot's strategy is check", 'remove updated_at, or set strategy: timestamp');
  if (!strategy || hardDeletes === undefined) return undefined;
  return {
    strategy,
    ...(strategy === 'timestamp' && updatedAt ? { updatedAt } : {}),
    ...(strategy === 'check' && checkCols !== undefined ? { checkCols } : {}),
    hardDeletes,
  };
}

type Report = (code: DiagnosticCode, key: string, message: string, hint: string) => void;

function readStrategy(value: unknown, given: boolean, report: Report): SnapshotStrategy | undefined {
  if (!given) {
    report('MESH283', 'materialized', 'a snapshot needs a strategy: timestamp (with updated_at) or check (with check_cols)', 'add strategy: timestamp and updated_at: <column>, or strategy: check and check_cols: [<column>, …]');
    return undefined;
  }
  if (typeof value === 'string' && (STRATEGIES as readonly string[]).includes(value)) return value as SnapshotStrategy;
  const near = typeof value === 'string' ? nearestNames(value, STRATEGIES) : [];
  report('MESH283', 'strategy', `unknown snapshot strategy ${JSON.stringify(value)}`, near.length > 0 ? `did you mean ${near.join(', ')}?` : 'use strategy: timestamp or strategy: check');
  return undefined;
}

function readCheckCols(value: unknown, report: Report): readonly string[] | 'all' | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'all') return 'all';
  const columns = Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
  if (columns && columns.length > 0) return columns;
  report('MESH284', 'check_cols', `check_cols must be a list of columns or all, not ${JSON.stringify(value)}`, 'write check_cols: [status, amount], or check_cols: all');
  return undefined;
}

function readHardDeletes(value: unknown, given: boolean, report: Report): HardDeletes | undefined {
  if (!given) return 'ignore';
  if (typeof value === 'string' && (HARD_DELETES as readonly string[]).includes(value)) return value as HardDeletes;
  const near = typeof value === 'string' ? nearestNames(value, HARD_DELETES) : [];
  report('MESH284', 'hard_deletes', `hard_deletes must be one of ${HARD_DELETES.join(', ')}, not ${JSON.stringify(value)}`, near.length > 0 ? `did you mean ${near.join(', ')}?` : `use one of ${HARD_DELETES.join(', ')}`);
  return undefined;
}
