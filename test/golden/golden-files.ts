import { fileURLToPath } from 'node:url';
import type { RelationKind } from '../../src/adapters/adapter.js';
import type { CompiledNode, CompiledProject } from '../../src/compile/compiled-node.js';
import { hasErrors } from '../../src/diagnostics/diagnostic.js';
import { compile } from '../../src/mesh.js';
import { planBuild, type PlanStep } from '../../src/plan/build-plan.js';

export const GOLDEN_PROJECT = fileURLToPath(new URL('./project/', import.meta.url));
export const EXPECTED_DIR = fileURLToPath(new URL('./expected/', import.meta.url));

/** The fixture's targets: DuckDB is the implicit `dev`, BigQuery is `prod` in its mesh.yaml. */
export const ENGINES = { duckdb: 'dev', bigquery: 'prod' } as const;
export type GoldenEngine = keyof typeof ENGINES;

/**
 * What the warehouse holds before the planned build: the incremental models exist as tables (so
 * they plan as merge, append, delete+insert and insert_overwrite), `customer_summary` (a table) exists as a view and
 * `customers` (a view) as a table, so both replacements are planned. Everything else is new.
 */
const EXISTING: Readonly<Record<string, RelationKind>> = {
  'model.shop.order_events_deduplicated': 'table',
  'model.shop.daily_orders': 'table',
  'model.shop.order_status_log': 'table',
  'model.shop.customer_summary': 'view',
  'model.shop.customers': 'table',
  'model.shop.order_facts': 'table',
  'model.shop.daily_channel_revenue': 'table',
};

/** The existing incremental tables' columns, as `mesh build` reads them from the warehouse (BigQuery's MERGE and INSERT name them). */
const COLUMNS: Readonly<Record<string, readonly string[]>> = {
  'model.shop.order_events_deduplicated': ['event_id', 'event_type', 'occurred_at', 'order_id', 'customer_id', 'amount', 'item_count', 'channel'],
  'model.shop.daily_orders': ['order_date', 'order_week', 'order_month', 'channel', 'orders', 'revenue'],
  'model.shop.order_status_log': ['order_id', 'status', 'logged_at'],
  'model.shop.order_facts': ['order_id', 'customer_id', 'placed_at', 'channel', 'amount', 'status'],
  'model.shop.daily_channel_revenue': ['order_date', 'channel', 'orders', 'revenue'],
};

/** Compiles a project for a target and fails loudly on any error diagnostic. */
export function compileFor(projectDir: string, target: string): CompiledProject {
  const result = compile({ projectDir, target });
  if (!result.compiled || hasErrors(result.diagnostics)) {
    throw new Error(`${projectDir} (${target}) does not compile:\n${result.diagnostics.map((d) => `${d.file}:${d.line ?? 0} ${d.code} ${d.message}`).join('\n')}`);
  }
  return result.compiled;
}

/**
 * The golden fixture's SQL for one engine, as `path under expected/<engine>/` → file text:
 * `select/<domain>/<stage>/<name>.sql` (each node's compiled SELECT; incremental models also
 * `<name>.incremental.sql`) and `plan/<domain>/<stage>/<name>.sql` (the plan step's statements).
 */
export function goldenFiles(engine: GoldenEngine): Map<string, string> {
  const result = compile({ projectDir: GOLDEN_PROJECT, target: ENGINES[engine] });
  const { compiled, engine: templates } = result;
  if (!compiled || !templates || hasErrors(result.diagnostics)) {
    throw new Error(`the golden fixture does not compile for ${engine}:\n${result.diagnostics.map((d) => `${d.file}:${d.line ?? 0} ${d.code} ${d.message}`).join('\n')}`);
  }
  const files = new Map<string, string>();
  for (const node of compiled.nodes.values()) {
    files.set(`select/${pathOf(node)}.sql`, `${node.select.sql}\n`);
    if (node.incrementalSelect) files.set(`select/${pathOf(node)}.incremental.sql`, `${node.incrementalSelect.sql}\n`);
  }
  const existing = new Map<string, RelationKind>();
  for (const [id, kind] of Object.entries(EXISTING)) {
    const node = compiled.nodes.get(id);
    if (!node?.schema || !node.identifier) throw new Error(`the golden fixture has no built node ${id}`);
    existing.set(`${node.schema}.${node.identifier}`, kind);
  }
  const columns = new Map<string, readonly string[]>();
  for (const [id, names] of Object.entries(COLUMNS)) {
    const node = compiled.nodes.get(id)!;
    columns.set(`${node.schema}.${node.identifier}`, names);
  }
  const plan = planBuild(compiled, [...compiled.nodes.keys()], existing, templates, { fullRefresh: false, runId: 'golden', columns });
  for (const step of plan.steps) files.set(`plan/${pathOf(compiled.nodes.get(step.id)!)}.sql`, planText(step));
  return files;
}

function pathOf(node: CompiledNode): string {
  return `${node.domain}/${node.stage}/${node.name}`;
}

/** A step as a SQL script: a comment naming the action, then each statement ended by `;`. */
function planText(step: PlanStep): string {
  if (step.failureCountSql !== undefined) return `-- ${step.id}: ${step.action} (severity ${step.severity})\n${step.failureCountSql};\n`;
  const statements = step.statements.map((s) => `${s.reportsRows ? '-- reports rows\n' : ''}${s.sql};`);
  return `-- ${step.id}: ${step.action}\n${statements.join('\n\n')}\n`;
}
