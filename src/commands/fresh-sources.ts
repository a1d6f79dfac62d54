import type { Adapter } from '../adapters/adapter.js';
import type { CompiledProject } from '../compile/compiled-node.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceDefinition } from '../parse/definitions.js';
import type { BuildPlan } from '../plan/build-plan.js';
import { ageText } from './age-text.js';
import { measureSources } from './source-freshness.js';
import type { StepSkip } from '../execute/execute-plan.js';

/**
 * `mesh build --fresh-sources`: measures the sources with freshness that the plan's steps read
 * (themselves or through the ephemeral models they inline) and returns the steps to skip, each
 * with why: those reading a source past `error_after`. Their descendants are skipped by the walk,
 * as after a failure. A source that cannot be measured skips nothing: its MESH274 is a warning.
 */
export async function staleSourceSkips(compiled: CompiledProject, plan: BuildPlan, adapter: Adapter, asOf: string): Promise<{ skips: Map<string, StepSkip>; diagnostics: Diagnostic[] }> {
  const sources = new Map<string, SourceDefinition>();
  for (const d of compiled.project.domains) for (const s of d.sources) if (s.freshness) sources.set(`${d.name}.${s.name}`, s);
  const readBy = new Map(plan.steps.map((step) => [step.id, sourcesRead(compiled, step.id).filter((id) => sources.has(id))]));
  const measured = [...new Set([...readBy.values()].flat())].sort();
  if (measured.length === 0) return { skips: new Map(), diagnostics: [] };
  const { results, problems } = await measureSources(adapter, measured.map((id) => sources.get(id)!), asOf, compiled.target.engine);
  const stale = new Map<string, string>();
  for (const r of results) {
    if (r.status !== 'error') continue;
    const limit = r.criteria.errorAfter ? `past error_after ${r.criteria.errorAfter.text}` : 'past warn_after';
    stale.set(`${r.domain}.${r.name}`, r.ageSeconds === undefined ? `source ${r.domain}.${r.name} has no row with a ${r.criteria.loadedAt ?? 'loaded_at'} (${limit})` : `source ${r.domain}.${r.name} is ${ageText(r.ageSeconds)} old at ${asOf}, ${limit}`);
  }
  const skips = new Map<string, StepSkip>();
  for (const [id, read] of readBy) {
    const why = read.filter((s) => stale.has(s)).map((s) => stale.get(s)!);
    if (why.length > 0) skips.set(id, { reason: 'stale_source', message: `skipped: ${why.join('; ')}`, because: 'it reads a stale source' });
  }
  return { skips, diagnostics: problems.map((d) => ({ ...d, severity: 'warning' as const })) };
}

/** The sources a node's SQL reads: its own and those of the ephemeral models it inlines. */
function sourcesRead(compiled: CompiledProject, id: string): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (nodeId: string): void => {
    const node = compiled.nodes.get(nodeId);
    if (!node || seen.has(nodeId)) return;
    seen.add(nodeId);
    for (const s of node.sources ?? []) found.add(s);
    for (const parent of node.dependsOn) if (compiled.nodes.get(parent.id)?.materialized === 'ephemeral') visit(parent.id);
  };
  visit(id);
  return [...found];
}
