import type { Environment } from '../parse/env-interpolation.js';
import type { Dialect } from '../adapters/dialect.js';
import { evaluatePolicies } from '../contracts/governance/evaluate-policies.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { buildGraph } from '../graph/build-graph.js';
import type { GraphNode } from '../graph/graph-node.js';
import type { ContractMappingDefinition, ModelDefinition, ProjectDefinition, SingularTestDefinition, TargetConfig } from '../parse/definitions.js';
import type { SourceFile } from '../project/project-files.js';
import { TemplateEngine, type RenderScope, type SqlTemplate } from '../template/template-engine.js';
import { loadTemplates } from '../template/template-files.js';
import { auditSchema, compileColumnTests } from './column-tests.js';
import { GenericTests } from './generic-tests.js';
import { checkContractModels, mapContractViews } from './contract-models.js';
import { compileContractView, importedContractViews, planContractViews } from './contract-views.js';
import type { CompiledNode, CompiledProject, MappedSql } from './compiled-node.js';
import { inlineEphemerals } from './inline-ephemerals.js';
import { oneStatement } from './one-statement.js';
import { NodeHooks, ProjectIndex, type Referable } from './model-hooks.js';
import { RecordingHooks, renderCacheKey, replay, type RenderCache } from './render-cache.js';

export interface CompileOptions {
  readonly target: TargetConfig;
  readonly dialect: Dialect;
  /** Project template overrides (from the project's templates/ folder). */
  readonly templateOverrides: ReadonlyMap<string, SourceFile>;
  /** Renders of the last run, reused when still valid. */
  readonly renderCache?: RenderCache;
  /** Today as YYYY-MM-DD, against which contract sunset dates are judged (default: the clock's). */
  readonly today?: string;
  /** Where `{{env "NAME"}}` reads from (default: nothing is set). */
  readonly env?: Environment;
}

/** Definitions → SQL per node for one target, the dependency graph, and every problem found. */
export function compileProject(project: ProjectDefinition, options: CompileOptions): { compiled: CompiledProject; engine: TemplateEngine } {
  const { dialect, target } = options;
  const templates = loadTemplates(dialect.engine, options.templateOverrides);
  const generic = new GenericTests(project.genericTests ?? []);
  const genericProblems = generic.jinja(dialect.lexicon);
  // Generic tests are templates like meshwork's own: each compiled once, whatever the number of uses.
  const engine = new TemplateEngine(new Map([...templates.set, ...generic.templates()]), dialect, { macros: project.macros ?? [] });
  const diagnostics: Diagnostic[] = [...engine.macros.problems, ...genericProblems];
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
  const byName = new Map(referable.map((r) => [`${r.domain}.${r.name}`, r]));
  const contractViews = planContractViews(project, dialect, (domain, name) => byName.get(`${domain}.${name}`));
  const imported = importedContractViews(project, dialect, target.name);
  const index = new ProjectIndex(project, dialect, referable, [...contractViews, ...imported], options.today ?? new Date().toISOString().slice(0, 10), options.env ?? {});
  const targetInfo = { name: target.name, engine: target.engine };
  const renderer = new NodeRenderer(engine, index, options.renderCache, `${target.name}\u0000${target.engine}\u0000${templates.fingerprint}`);
  const nodes: CompiledNode[] = [];
  const taken = new Set([...project.models, ...project.seeds, ...project.tests].map((n) => `${n.domain}.${n.name}`));

  for (const seed of project.seeds) {
    const select = dialect.seedSelect(seed);
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
      ...(seed.description ? { description: seed.description } : {}),
    });
  }

  for (const model of project.models) {
    const ephemeral = model.config.materialized === 'ephemeral';
    const relation = ephemeral ? undefined : dialect.relation(schemaOf(model.domain, model.stage), model.name);
    const rendered = renderer.render(model, { relation: relation ?? ephemeralName(model), isIncremental: false, target: targetInfo }, diagnostics);
    if (!rendered) continue;
    // The same template again: only a second statement inside its is_incremental branch is news.
    const again: Diagnostic[] = [];
    const incremental =
      model.config.materialized === 'incremental'
        ? renderer.render(model, { relation: relation!, isIncremental: true, target: targetInfo }, again)
        : undefined;
    diagnostics.push(...again.filter((d) => d.code === 'MESH121' && !diagnostics.some((o) => o.code === d.code && o.line === d.line && o.file === d.file)));
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
      ...(rendered.sources.length > 0 ? { sources: rendered.sources } : {}),
      tags: model.config.tags,
      ...(model.config.description ? { description: model.config.description } : {}),
      config: model.config,
    });
    const columnTests = compileColumnTests(model, relation, index, engine, dialect, taken, generic);
    nodes.push(...columnTests.tests);
    diagnostics.push(...columnTests.diagnostics);
  }

  for (const test of project.tests) {
    const rendered = renderer.render(test, { relation: '', isIncremental: false, target: targetInfo }, diagnostics);
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
      ...(rendered.sources.length > 0 ? { sources: rendered.sources } : {}),
      tags: test.tags,
      ...(test.description ? { description: test.description } : {}),
      test: {
        severity: test.severity,
        kind: 'singular',
        attachedTo: rendered.dependsOn.map((d) => d.id),
        ...(test.storeFailures ? { storeFailures: { schema: auditSchema(dialect, test.domain), identifier: test.name, relation: dialect.relation(auditSchema(dialect, test.domain), test.name) } } : {}),
      },
    });
  }

  diagnostics.push(...checkContractModels(project), ...evaluatePolicies(project));
  const mappings = mapContractViews(project, contractViews, diagnostics);
  for (const view of contractViews) {
    const mapping = mappings.get(view);
    const rendered = mapping ? renderer.render(mapping, { relation: view.relation, isIncremental: false, target: targetInfo }, diagnostics) : undefined;
    if (mapping && !rendered) continue;
    nodes.push(compileContractView(view, dialect, mapping && rendered ? { ...rendered, file: mapping.file } : undefined));
  }

  diagnostics.push(...engine.uncalledMacroProblems());

  // A node that did not render is left out with its error; its readers' edges to it go too.
  const compiledIds = new Set(nodes.map((n) => n.id));
  const graphNodes: GraphNode[] = nodes.map((n) => ({ id: n.id, kind: n.kind, name: n.name, domain: n.domain, stage: n.stage, tags: n.tags, file: n.file, dependsOn: n.dependsOn.filter((d) => compiledIds.has(d.id)) }));
  const { graph, diagnostics: graphDiagnostics } = buildGraph(graphNodes);
  diagnostics.push(...graphDiagnostics);

  const byId = new Map(nodes.map((n) => [n.id, n]));
  const finished = graphDiagnostics.length > 0 ? byId : withEphemeralsInlined(byId);
  return { compiled: { project, target, dialect, nodes: finished, graph, diagnostics }, engine };
}

/** A CTE name that is a plain identifier on every engine, so it needs no quoting (and SQL checkers read it). */
function ephemeralName(model: { domain: string; name: string }): string {
  return `__mesh_ephemeral__${model.domain}__${model.name}`;
}

/**
 * Renders model and test templates, reusing a cached render when every question the template asked
 * (refs, sources, vars) still gets the same answer. A template is compiled at most once per run.
 */
class NodeRenderer {
  private readonly templates = new Map<string, SqlTemplate | undefined>();
  /** Nodes whose template had problems before rendering: their renders are never kept. */
  private readonly flawed = new Set<string>();

  constructor(
    private readonly engine: TemplateEngine,
    private readonly index: ProjectIndex,
    private readonly cache: RenderCache | undefined,
    /** Everything besides the node that a render depends on: meshwork's templates, the target. */
    private readonly context: string,
  ) {}

  render(node: ModelDefinition | SingularTestDefinition | ContractMappingDefinition, scope: RenderScope, diagnostics: Diagnostic[]): { sql: MappedSql; dependsOn: { id: string; line: number }[]; sources: string[] } | undefined {
    const key = renderCacheKey([this.context, node.file, node.checksum, scope.isIncremental, scope.relation]);
    const remembered = this.cache?.peek(key);
    if (remembered) {
      const hooks = new NodeHooks(this.index, node);
      if (replay(remembered, hooks, (name) => this.engine.macroIdentity(node.domain, name))) {
        this.cache!.keep(key, remembered);
        return this.single({ sql: remembered.sql, dependsOn: hooks.dependsOn, sources: hooks.sources }, node, diagnostics);
      }
    }
    if (!this.templates.has(node.id)) {
      const compiled = this.engine.compile(node.body, node.file, node.bodyLine, node.domain);
      diagnostics.push(...compiled.diagnostics);
      if (compiled.diagnostics.length > 0) this.flawed.add(node.id);
      this.templates.set(node.id, compiled.template);
    }
    const template = this.templates.get(node.id);
    if (!template) return undefined;
    const hooks = new RecordingHooks(new NodeHooks(this.index, node));
    const rendered = this.engine.render(template, scope, hooks);
    diagnostics.push(...hooks.inner.diagnostics);
    if (!rendered) return undefined;
    const sql = { sql: rendered.sql, lines: rendered.lines };
    // A render that read a var or the environment is not kept: its SQL holds their values, and
    // target/.cache never holds a var's or a variable's value in clear (only target/compiled does).
    const readsValues = hooks.calls.some((c) => c.kind === 'variable' || c.kind === 'env');
    if (hooks.inner.diagnostics.length === 0 && !readsValues && !this.flawed.has(node.id)) this.cache?.set(key, { sql, calls: hooks.calls });
    return this.single({ sql, dependsOn: hooks.inner.dependsOn, sources: hooks.inner.sources }, node, diagnostics);
  }

  /** The render as one statement (a trailing `;` dropped), or undefined with MESH121. */
  private single<T extends { sql: MappedSql }>(rendered: T, node: ModelDefinition | SingularTestDefinition | ContractMappingDefinition, diagnostics: Diagnostic[]): T | undefined {
    const what = node.kind === 'mapping' ? `contract mapping '${node.name}'` : `${node.kind} '${node.name}'`;
    const checked = oneStatement(rendered.sql, this.index.dialect.lexicon, { what, file: node.file, line: node.bodyLine });
    if ('problem' in checked) {
      diagnostics.push(checked.problem);
      return undefined;
    }
    return { ...rendered, sql: checked.sql };
  }
}

/** Every non-ephemeral node that reads ephemeral models gets their SQL as leading CTEs. */
function withEphemeralsInlined(nodes: Map<string, CompiledNode>): Map<string, CompiledNode> {
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
    const ctes = ordered.map((e) => ({ name: ephemeralName(e), select: e.select, file: e.file }));
    result.set(id, {
      ...node,
      select: inlineEphemerals(node.select, ctes),
      ...(node.incrementalSelect ? { incrementalSelect: inlineEphemerals(node.incrementalSelect, ctes) } : {}),
    });
  }
  return result;
}
