import type { Dialect } from '../adapters/dialect.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { buildGraph } from '../graph/build-graph.js';
import type { GraphNode } from '../graph/graph-node.js';
import type { ModelDefinition, ProjectDefinition, SingularTestDefinition, TargetConfig } from '../parse/definitions.js';
import type { SourceFile } from '../project/project-files.js';
import { TemplateEngine, type RenderScope } from '../template/template-engine.js';
import { loadTemplates } from '../template/template-files.js';
import { compileColumnTests } from './column-tests.js';
import type { CompiledNode, CompiledProject, MappedSql } from './compiled-node.js';
import { inlineEphemerals } from './inline-ephemerals.js';
import { NodeHooks, ProjectIndex, type Referable } from './model-hooks.js';

export interface CompileOptions {
  readonly target: TargetConfig;
  readonly dialect: Dialect;
  /** Project template overrides (from the project's templates/ folder). */
  readonly templateOverrides: ReadonlyMap<string, SourceFile>;
}

/** Definitions → SQL per node for one target, the dependency graph, and every problem found. */
export function compileProject(project: ProjectDefinition, options: CompileOptions): { compiled: CompiledProject; engine: TemplateEngine } {
  const { dialect, target } = options;
  const engine = new TemplateEngine(loadTemplates(dialect.engine, options.templateOverrides), dialect);
  const diagnostics: Diagnostic[] = [];
  const schemaOf = (domain: string, stage: string): string => dialect.schemaName(`${domain}_${stage}`);

  const referable: Referable[] = [
    ...project.models.map((m) => ({
      id: m.id,
      name: m.name,
      domain: m.domain,
      reference: m.config.materialized === 'ephemeral' ? ephemeralName(m) : dialect.relation(schemaOf(m.domain, m.stage), m.name),
    })),
    ...project.seeds.map((s) => ({ id: s.id, name: s.name, domain: s.domain, reference: dialect.relation(schemaOf(s.domain, 'seeds'), s.name) })),
  ];
  const index = new ProjectIndex(project, dialect, referable);
  const targetInfo = { name: target.name, engine: target.engine };
  const nodes: CompiledNode[] = [];
  const taken = new Set([...project.models, ...project.seeds, ...project.tests].map((n) => `${n.domain}.${n.name}`));

  for (const seed of project.seeds) {
    const select = dialect.seedSelect(seed.file, seed.csv);
    nodes.push({
      id: seed.id,
      kind: 'seed',
      name: seed.name,
      domain: seed.domain,
      stage: 'seeds',
      file: seed.file,
      line: 1,
      checksum: seed.checksum,
      materialized: 'seed',
      schema: schemaOf(seed.domain, 'seeds'),
      identifier: seed.name,
      relation: dialect.relation(schemaOf(seed.domain, 'seeds'), seed.name),
      select: { sql: select, lines: select.split('\n').map(() => 0) },
      dependsOn: [],
      tags: [],
    });
  }

  for (const model of project.models) {
    const ephemeral = model.config.materialized === 'ephemeral';
    const relation = ephemeral ? undefined : dialect.relation(schemaOf(model.domain, model.stage), model.name);
    const rendered = renderTemplate(engine, index, model, { relation: relation ?? ephemeralName(model), isIncremental: false, target: targetInfo }, diagnostics);
    if (!rendered) continue;
    const incremental =
      model.config.materialized === 'incremental'
        ? renderTemplate(engine, index, model, { relation: relation!, isIncremental: true, target: targetInfo }, [])
        : undefined;
    nodes.push({
      id: model.id,
      kind: 'model',
      name: model.name,
      domain: model.domain,
      stage: model.stage,
      file: model.file,
      line: 1,
      checksum: model.checksum,
      materialized: model.config.materialized,
      ...(relation ? { schema: schemaOf(model.domain, model.stage), identifier: model.name, relation } : {}),
      select: rendered.sql,
      ...(incremental ? { incrementalSelect: incremental.sql } : {}),
      dependsOn: rendered.dependsOn,
      tags: model.config.tags,
      ...(model.config.description ? { description: model.config.description } : {}),
      config: model.config,
    });
    const columnTests = compileColumnTests(model, relation, index, engine, dialect, taken);
    nodes.push(...columnTests.tests);
    diagnostics.push(...columnTests.diagnostics);
  }

  for (const test of project.tests) {
    const rendered = renderTemplate(engine, index, test, { relation: '', isIncremental: false, target: targetInfo }, diagnostics);
    if (!rendered) continue;
    if (rendered.dependsOn.length === 0) {
      diagnostics.push(error('MESH120', `singular test '${test.name}' does not ref any model or seed`, { file: test.file, line: test.bodyLine, hint: 'read the models it checks with {{ref "name"}}' }));
    }
    nodes.push({
      id: test.id,
      kind: 'test',
      name: test.name,
      domain: test.domain,
      stage: 'tests',
      file: test.file,
      line: 1,
      checksum: test.checksum,
      materialized: 'test',
      select: rendered.sql,
      dependsOn: rendered.dependsOn,
      tags: test.tags,
      ...(test.description ? { description: test.description } : {}),
      test: { severity: test.severity, kind: 'singular', attachedTo: rendered.dependsOn.map((d) => d.id) },
    });
  }

  const graphNodes: GraphNode[] = nodes.map((n) => ({ id: n.id, kind: n.kind, name: n.name, domain: n.domain, stage: n.stage, tags: n.tags, file: n.file, dependsOn: n.dependsOn }));
  const { graph, diagnostics: graphDiagnostics } = buildGraph(graphNodes);
  diagnostics.push(...graphDiagnostics);

  const byId = new Map(nodes.map((n) => [n.id, n]));
  const finished = graphDiagnostics.length > 0 ? byId : withEphemeralsInlined(byId, dialect);
  return { compiled: { project, target, dialect, nodes: finished, graph, diagnostics }, engine };
}

/** A CTE name that is a plain identifier on every engine, so it needs no quoting (and SQL checkers read it). */
function ephemeralName(model: { domain: string; name: string }): string {
  return `__mesh_ephemeral__${model.domain}__${model.name}`;
}

function renderTemplate(
  engine: TemplateEngine,
  index: ProjectIndex,
  node: ModelDefinition | SingularTestDefinition,
  scope: RenderScope,
  diagnostics: Diagnostic[],
): { sql: MappedSql; dependsOn: { id: string; line: number }[] } | undefined {
  const compiled = engine.compile(node.body, node.file, node.bodyLine);
  diagnostics.push(...compiled.diagnostics);
  if (!compiled.template) return undefined;
  const hooks = new NodeHooks(index, node);
  const rendered = engine.render(compiled.template, scope, hooks);
  diagnostics.push(...hooks.diagnostics);
  if (!rendered) return undefined;
  return { sql: { sql: rendered.sql, lines: rendered.lines }, dependsOn: hooks.dependsOn };
}

/** Every non-ephemeral node that reads ephemeral models gets their SQL as leading CTEs. */
function withEphemeralsInlined(nodes: Map<string, CompiledNode>, dialect: Dialect): Map<string, CompiledNode> {
  const isEphemeral = (id: string): boolean => nodes.get(id)?.materialized === 'ephemeral';
  const result = new Map<string, CompiledNode>();
  for (const [id, node] of nodes) {
    if (!node.dependsOn.some((d) => isEphemeral(d.id))) {
      result.set(id, node);
      continue;
    }
    // Post-order walk through ephemeral parents only: an ephemeral's own ephemerals come first.
    const ordered: CompiledNode[] = [];
    const seen = new Set<string>();
    const visit = (current: CompiledNode): void => {
      for (const dep of current.dependsOn) {
        if (!isEphemeral(dep.id) || seen.has(dep.id)) continue;
        seen.add(dep.id);
        const parent = nodes.get(dep.id)!;
        visit(parent);
        ordered.push(parent);
      }
    };
    visit(node);
    const ctes = ordered.map((e) => ({ name: ephemeralName(e), sql: e.select.sql }));
    result.set(id, {
      ...node,
      select: inlineEphemerals(node.select, ctes),
      ...(node.incrementalSelect ? { incrementalSelect: inlineEphemerals(node.incrementalSelect, ctes) } : {}),
    });
  }
  return result;
}
