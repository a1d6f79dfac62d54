import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompiledNode } from '../compile/compiled-node.js';
import type { AuditOutcome, NodeResult } from '../execute/run-events.js';
import type { BuildDatasets } from './build-datasets.js';
import { EVENT_SCHEMA_URL, facet, PRODUCER } from './facets.js';
import type { EventType, Facet, Facets, InputDataset, JobRef, OutputDataset, RunEvent } from './openlineage-types.js';

/** The run of the whole build, every node's run's parent. */
export interface BuildRun {
  readonly runId: string;
  readonly job: JobRef;
}

/** What a node's job is, in the jobType facet. Contract views are VIEWs: they publish a product, they build no model. */
const JOB_TYPES: Readonly<Record<CompiledNode['kind'], string>> = { model: 'MODEL', seed: 'SEED', contract: 'VIEW', test: 'TEST' };

/** The namespace of meshwork's jobs: one per project. */
export function jobNamespace(project: string): string {
  return `meshwork://${project}`;
}

/**
 * Builds the OpenLineage RunEvents of one build: the build's own run, and one run per node with
 * the build's run as parent. Events are self-contained: START and the event that ends a run carry
 * the same job and dataset facets, the end adds what the run found (statistics, audits, errors).
 */
export class RunEventBuilder {
  private readonly jobFacetCache = new Map<string, Facets>();

  constructor(
    private readonly datasets: BuildDatasets,
    readonly build: BuildRun,
  ) {}

  buildEvent(eventType: EventType, error?: string): RunEvent {
    const { compiled } = this.datasets;
    const root = compiled.project.config.root;
    return this.event(eventType, { runId: this.build.runId, ...(error ? { facets: { errorMessage: errorFacet(error) } } : {}) }, {
      ...this.build.job,
      facets: {
        jobType: facet('jobType', { processingType: 'BATCH', integration: 'MESHWORK', jobType: 'JOB' }),
        sourceCodeLocation: facet('sourceCodeLocation', { type: 'file', url: pathToFileURL(join(root, compiled.project.config.file)).href, path: compiled.project.config.file }),
        documentation: facet('jobDocumentation', { description: `meshwork ${this.build.job.name.split('.').pop()} of project ${compiled.project.config.name} on target ${compiled.target.name}`, contentType: 'text/plain' }),
      },
    }, [], []);
  }

  /**
   * One event of a node's run. `action` is the plan's (an incremental run's SQL is its incremental
   * SELECT); `result` ends the run: COMPLETE, FAIL with the error, or ABORT for a node skipped.
   */
  nodeEvent(eventType: EventType, nodeId: string, runId: string, action: string, result?: NodeResult): RunEvent {
    const node = this.datasets.compiled.nodes.get(nodeId);
    if (!node) throw new Error(`no compiled node ${nodeId}`);
    const parent = facet('parent', { run: { runId: this.build.runId }, job: { namespace: this.build.job.namespace, name: this.build.job.name } });
    const message = eventType === 'FAIL' || eventType === 'ABORT' ? result?.message : undefined;
    const runFacets: Record<string, Facet> = { parent, ...(message ? { errorMessage: errorFacet(message) } : {}) };
    const inputs = this.inputs(node, eventType === 'START' ? undefined : result);
    const outputs = this.outputs(node, eventType === 'START' ? undefined : result);
    return this.event(eventType, { runId, facets: runFacets }, { namespace: this.build.job.namespace, name: node.id, facets: this.jobFacets(node, action) }, inputs, outputs);
  }

  private event(eventType: EventType, run: RunEvent['run'], job: RunEvent['job'], inputs: InputDataset[], outputs: OutputDataset[]): RunEvent {
    return { eventType, eventTime: new Date().toISOString(), producer: PRODUCER, schemaURL: EVENT_SCHEMA_URL, run, job, inputs, outputs };
  }

  private jobFacets(node: CompiledNode, action: string): Facets {
    const key = `${node.id}\u0000${action}`;
    const cached = this.jobFacetCache.get(key);
    if (cached) return cached;
    const { compiled } = this.datasets;
    const root = compiled.project.config.root;
    const sql = action === 'incremental' && node.incrementalSelect ? node.incrementalSelect.sql : node.select.sql;
    const owner = node.contractDefinition?.owner ?? compiled.project.domains.find((d) => d.name === node.domain)?.owner;
    const facets: Record<string, Facet> = {
      jobType: facet('jobType', { processingType: 'BATCH', integration: 'MESHWORK', jobType: JOB_TYPES[node.kind] }),
      sql: facet('sql', { query: sql.trim(), dialect: compiled.target.engine }),
      sourceCodeLocation: facet('sourceCodeLocation', { type: 'file', url: pathToFileURL(join(root, node.file)).href, path: node.file }),
      ...(owner ? { ownership: facet('jobOwnership', { owners: [{ name: owner, type: 'OWNER' }] }) } : {}),
      ...(node.description?.trim() ? { documentation: facet('jobDocumentation', { description: node.description.trim(), contentType: 'text/plain' }) } : {}),
    };
    this.jobFacetCache.set(key, facets);
    return facets;
  }

  private inputs(node: CompiledNode, result: NodeResult | undefined): InputDataset[] {
    const tested = node.test && result ? testedDatasets(node) : [];
    return this.datasets.reads(node.id).map((id) => {
      const ref = this.datasets.ref(id)!;
      const assertion = tested.includes(id) && node.test ? testAssertion(node, result!) : undefined;
      return { ...ref, facets: this.datasets.facets(id), ...(assertion ? { inputFacets: { dataQualityAssertions: facet('dataQualityAssertions', { assertions: [assertion] }) } } : {}) };
    });
  }

  private outputs(node: CompiledNode, result: NodeResult | undefined): OutputDataset[] {
    const ref = this.datasets.ref(node.id);
    if (!ref || node.kind === 'test') return [];
    const columnLineage = this.datasets.columnLineage(node.id);
    const outputFacets: Record<string, Facet> = {
      ...(result?.rowsAffected !== undefined && result.status === 'success' ? { outputStatistics: facet('outputStatistics', { rowCount: result.rowsAffected }) } : {}),
      ...(result?.audits && result.audits.length > 0 ? { dataQualityAssertions: facet('dataQualityAssertions', { assertions: result.audits.map(auditAssertion) }) } : {}),
    };
    return [{
      ...ref,
      facets: { ...this.datasets.facets(node.id), ...(columnLineage ? { columnLineage } : {}) },
      ...(Object.keys(outputFacets).length > 0 ? { outputFacets } : {}),
    }];
  }
}

function errorFacet(message: string): Facet {
  return facet('errorMessage', { message, programmingLanguage: 'SQL' });
}

/** A column test asserts on the model it is attached to; a singular test on every model it reads. */
function testedDatasets(node: CompiledNode): readonly string[] {
  const attached = node.test?.attachedTo ?? [];
  return node.test?.kind === 'singular' ? attached : attached.slice(0, 1);
}

function testAssertion(node: CompiledNode, result: NodeResult): Record<string, unknown> {
  const test = node.test!;
  return {
    assertion: test.kind,
    success: result.status === 'success' && !result.warning,
    ...(test.column ? { column: test.column } : {}),
    severity: test.severity,
    name: node.name,
    ...(result.failures !== undefined ? { actual: String(result.failures) } : {}),
  };
}

/** What a contract audit checks, named as dbt's assertions are: not_null, unique, freshness, or the ODCS metric or rule. */
const AUDIT_KINDS: Readonly<Record<string, string>> = { required: 'not_null', unique: 'unique', 'primary key': 'unique', freshness: 'freshness' };

function auditAssertion(audit: AuditOutcome): Record<string, unknown> {
  const kind = /^([a-z ]+): ?(\S*)/.exec(audit.name);
  const assertion = audit.name === 'column types' ? 'schema' : (kind?.[1] === 'quality' ? kind[2] : AUDIT_KINDS[kind?.[1] ?? '']) || 'custom_sql';
  return { assertion, success: audit.success, ...(audit.column ? { column: audit.column } : {}), severity: 'error', name: audit.name, actual: String(audit.value) };
}
