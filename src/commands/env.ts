import { EngineError, type Adapter, type SqlStatement } from '../adapters/adapter.js';
import type { Dialect } from '../adapters/dialect.js';
import { openAdapter } from '../adapters/open-adapter.js';
import { warehouseProblem } from '../adapters/warehouse-problem.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { classifyChanges, requiresNewMajor } from '../contracts/classify-changes.js';
import type { ContractDefinition } from '../contracts/contract-definition.js';
import { publishedBaseline } from '../contracts/published-state.js';
import { error, hasErrors, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { privateSchema, publishedStateRelation, PUBLISHED_STATE_SCHEMA } from '../plan/build-plan.js';
import { environmentNameProblem } from '../state/environment-name.js';
import { nodeStateRelation } from '../state/node-state.js';
import type { TemplateEngine } from '../template/template-engine.js';
import { compile, type ProjectOptions } from './compile.js';
import { compileTarget, readTargetState, targetSchemas, type TargetState } from './env-target.js';

export interface EnvOptions extends ProjectOptions {
  /** The environment (`mesh env promote <name>`). */
  readonly name: string;
  /** Run through this adapter instead of opening the target's (tests pass an in-memory DuckDB). */
  readonly adapter?: Adapter;
  /** Where credentials are read from (the CLI passes its own). */
  readonly credentials?: Readonly<Record<string, string | undefined>>;
}

/** A contract view `mesh env promote` switched to the environment's candidate. */
export interface Promotion {
  readonly id: string;
  /** The target's public view, now reading `candidate`. */
  readonly relation: string;
  readonly candidate: string;
  readonly version: string;
}

export interface PromoteResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly promoted: readonly Promotion[];
  /** Contracts whose target view already reads the environment's current candidate. */
  readonly unchanged: readonly string[];
}

/** Where the target records which of its public views read an environment's candidate. */
export const PROMOTIONS_TABLE = 'environment_promotions';

export function promotionsRelation(dialect: Dialect): string {
  return dialect.relation(dialect.schemaName(PUBLISHED_STATE_SCHEMA), PROMOTIONS_TABLE);
}

/** What a candidate is renamed to when promoted: out of `__mesh_<view>__*`, which the environment's next publish drops. */
const PROMOTED_PREFIX = '__promoted_';

/**
 * `mesh env promote <name>`: the target's public contract views switch to the environment's
 * audited, published candidates, without computing anything again (see docs/environments.md).
 * Per contract: refused (MESH255) when the environment has no published view or cannot tell
 * which candidate that view reads, refused (MESH215) when the target's breaking-change gate would
 * refuse the environment's contract; otherwise the candidate is renamed out of the environment's
 * cleanup, the target's view reads it, and the target's published state, node state and
 * promotions record it.
 */
export async function promoteEnvironment(options: EnvOptions): Promise<PromoteResult> {
  const none = { promoted: [], unchanged: [] };
  const opened = await openBoth(options);
  if ('diagnostics' in opened) return { diagnostics: opened.diagnostics, ...none };
  const { env, target, engine, adapter, close } = opened;
  try {
    const diagnostics: Diagnostic[] = [];
    if (![...env.existing.keys()].some((key) => !key.startsWith(`${env.compiled.dialect.schemaName(PUBLISHED_STATE_SCHEMA)}.`))) {
      return { diagnostics: [noEnvironment(options.name, target.compiled)], ...none };
    }
    const stateSchema = target.compiled.dialect.schemaName(PUBLISHED_STATE_SCHEMA);
    const promotions = await refusedAs(target, adapter, `cannot read the promotions of ${promotionsRelation(target.compiled.dialect)}`, async () => {
      await adapter.ensureSchemas([{ name: stateSchema, description: "meshwork: the published state of contracts and each node's last good build" }]);
      return currentPromotions(adapter, target, options.name);
    });
    if ('diagnostic' in promotions) return { diagnostics: [promotions.diagnostic], ...none };
    const promoted: Promotion[] = [];
    const unchanged: string[] = [];
    for (const node of env.compiled.nodes.values()) {
      if (node.kind !== 'contract' || !node.contractDefinition) continue;
      const targetNode = target.compiled.nodes.get(node.id)!;
      const found = envCandidate(node, env);
      if ('already' in found) {
        if (promotions.value.some((p) => p.node === node.id && p.candidate === found.already)) unchanged.push(node.id);
        else diagnostics.push(notPublished(node, options.name, 'it holds no candidate newer than one promoted before, which the target no longer reads: build the environment again'));
        continue;
      }
      if ('why' in found) {
        diagnostics.push(notPublished(node, options.name, found.why));
        continue;
      }
      const gate = gateRefusal(found.definition, target.published.get(`${node.domain}.${found.definition.product}`) ?? [], options.name);
      if (gate) {
        diagnostics.push(gate);
        continue;
      }
      try {
        await adapter.execute(promoteStatements(engine, node, targetNode, found, env, target, options.name), { node: node.id, domain: node.domain, stage: node.stage });
        // An engine with per-schema access (BigQuery's authorized views): the target's view may now read the environment's private schema.
        if (adapter.capabilities.schemaAccess && adapter.authorizeView) {
          await adapter.authorizeView({ schema: targetNode.schema!, name: targetNode.identifier! }, [privateSchema(env.compiled.dialect, node.domain)]);
        }
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
        diagnostics.push(warehouseProblem(target.compiled.target, adapter, e, `cannot promote ${node.id} from environment '${options.name}'`));
        continue;
      }
      promoted.push({ id: node.id, relation: targetNode.relation!, candidate: found.promoted, version: found.definition.version.text });
    }
    return { diagnostics, promoted, unchanged };
  } finally {
    await close();
  }
}

export interface DropOptions extends EnvOptions {
  /** Drop even while target views read candidates promoted from the environment (they then fail until the target publishes again). */
  readonly force?: boolean;
}

export interface DropResult {
  readonly diagnostics: readonly Diagnostic[];
  /** The schemas dropped (engine names). */
  readonly dropped: readonly string[];
}

/**
 * `mesh env drop <name>`: every schema the environment writes, with its state. Refused (MESH256)
 * while a public view of the target reads a candidate promoted from it, unless `force`.
 */
export async function dropEnvironment(options: DropOptions): Promise<DropResult> {
  const opened = await openBoth(options);
  if ('diagnostics' in opened) return { diagnostics: opened.diagnostics, dropped: [] };
  const { env, target, engine, adapter, close } = opened;
  try {
    if (env.existing.size === 0) return { diagnostics: [noEnvironment(options.name, target.compiled)], dropped: [] };
    const diagnostics: Diagnostic[] = [];
    const read = await refusedAs(target, adapter, `cannot read the promotions of ${promotionsRelation(target.compiled.dialect)}`, () => currentPromotions(adapter, target, options.name));
    if ('diagnostic' in read) return { diagnostics: [read.diagnostic], dropped: [] };
    const readers = read.value;
    if (readers.length > 0) {
      const views = readers.map((r) => `${r.relation} reads ${r.candidate}`).join('; ');
      if (!options.force) {
        return {
          diagnostics: [
            error('MESH256', `environment '${options.name}' is not dropped: the target's public views read candidates promoted from it (${views})`, {
              hint: `publish the target's own candidates first (mesh build --select ${readers.map((r) => r.node).join(" ")} --force), then drop; or mesh env drop ${options.name} --force, after which those views fail until the target publishes again`,
            }),
          ],
          dropped: [],
        };
      }
      diagnostics.push(
        warning('MESH256', `environment '${options.name}' dropped with --force: these target views now fail until the target publishes again: ${views}`, {
          hint: 'run mesh build on the target: its contract steps publish their own candidates',
        }),
      );
    }
    // Every schema the environment may have written; those holding relations are the ones reported.
    const all = targetSchemas(env.compiled);
    const holding = new Set([...env.existing.keys()].map((key) => key.slice(0, key.lastIndexOf('.'))));
    try {
      for (const schema of all) await adapter.execute(engine.statements('env/drop_schema', { schema: env.compiled.dialect.schemaRelation(schema) }));
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      return { diagnostics: [...diagnostics, warehouseProblem(target.compiled.target, adapter, e, `cannot drop the schemas of environment '${options.name}'`)], dropped: [] };
    }
    return { diagnostics, dropped: all.filter((s) => holding.has(s)) };
  } finally {
    await close();
  }
}

/** The environment's and the target's compiled projects and warehouse state, through one adapter. */
async function openBoth(
  options: EnvOptions,
): Promise<{ diagnostics: readonly Diagnostic[] } | { env: TargetState; target: TargetState; engine: TemplateEngine; adapter: Adapter; close: () => Promise<void> }> {
  const named = environmentNameProblem(options.name);
  if (named) return { diagnostics: [named] };
  const envCompile = compile({ ...options, environment: options.name });
  if (!envCompile.compiled || !envCompile.engine || hasErrors(envCompile.diagnostics)) return { diagnostics: envCompile.diagnostics };
  const targetCompile = compileTarget(options);
  if (!targetCompile.compiled) return { diagnostics: targetCompile.diagnostics };
  let adapter = options.adapter;
  if (!adapter) {
    const opened = await openAdapter(targetCompile.compiled.target, targetCompile.compiled.project.config.root, 1, options.credentials);
    if (!opened.adapter) return { diagnostics: opened.diagnostics };
    adapter = opened.adapter;
  }
  const close = async (): Promise<void> => {
    if (!options.adapter) await adapter!.close();
  };
  const env = await readTargetState(adapter, envCompile.compiled);
  const target = 'diagnostic' in env ? env : await readTargetState(adapter, targetCompile.compiled);
  if ('diagnostic' in target) {
    await close();
    return { diagnostics: [target.diagnostic] };
  }
  return { env: env as TargetState, target, engine: envCompile.engine, adapter, close };
}

export type Candidate =
  | { readonly candidate: string; readonly candidateName: string; readonly promoted: string; readonly promotedName: string; readonly definition: ContractDefinition }
  | { readonly already: string }
  | { readonly why: string };

/**
 * The candidate the environment's public view reads: after a publish, the environment holds exactly
 * one candidate of the view (publishing drops the others; a failed audit discards its own). None
 * means it never published or the last publish was promoted already; more than one, a build
 * stopped between writing and publishing, and which one the view reads cannot be told by name.
 */
export function envCandidate(node: CompiledNode, env: TargetState): Candidate {
  const dialect = env.compiled.dialect;
  const contract = node.contractDefinition!;
  const definition = (env.published.get(`${node.domain}.${contract.product}`) ?? []).find((d) => d.version.major === contract.version.major);
  if (!env.existing.has(`${node.schema}.${node.identifier}`) || !definition) {
    return { why: 'it never published this contract view: its audits failed, it was refused, or it was not built' };
  }
  const hidden = privateSchema(dialect, node.domain);
  const names = (prefix: string): string[] =>
    [...env.existing.keys()].filter((key) => key.startsWith(`${hidden}.${prefix}`)).map((key) => key.slice(hidden.length + 1));
  const candidates = names(`__mesh_${node.identifier}__`);
  if (candidates.length > 1) return { why: `it holds ${candidates.length} candidates of the view (a build stopped before publishing): build the environment again` };
  if (candidates.length === 0) {
    const promoted = names(`${PROMOTED_PREFIX}${node.identifier}__`).sort().pop();
    return promoted ? { already: dialect.relation(hidden, promoted) } : { why: 'it holds no audited candidate of the view: build the environment again' };
  }
  const candidateName = candidates[0]!;
  const promotedName = `${PROMOTED_PREFIX}${candidateName.slice('__mesh_'.length)}`;
  return { candidate: dialect.relation(hidden, candidateName), candidateName, promoted: dialect.relation(hidden, promotedName), promotedName, definition };
}

/** The target's breaking-change gate, applied to the environment's contract as its own build would (MESH215). */
function gateRefusal(contract: ContractDefinition, published: readonly ContractDefinition[], environment: string): Diagnostic | undefined {
  const before = publishedBaseline(contract, published);
  if (!before) return undefined;
  const changes = classifyChanges(before, contract);
  const gate = requiresNewMajor(before, contract, changes);
  if (gate.ok) return undefined;
  const first = changes.find((c) => c.kind === 'breaking');
  return error('MESH215', `${contract.id} is not promoted from environment '${environment}': ${gate.reason ?? 'a breaking change without a new major version'}`, {
    file: contract.file,
    ...(first ? { line: first.line } : {}),
    hint: `the target published ${before.version.text}; a breaking change needs a new major version (then promote publishes _v${before.version.major + 1} beside it)`,
  });
}

/** Every statement promoting one contract view, in order: the environment's side first, then the target's. */
export function promoteStatements(
  engine: TemplateEngine,
  node: CompiledNode,
  targetNode: CompiledNode,
  found: Extract<Candidate, { candidate: string }>,
  env: TargetState,
  target: TargetState,
  environment: string,
): SqlStatement[] {
  const dialect = target.compiled.dialect;
  const contract = found.definition;
  const state = publishedStateRelation(dialect);
  const targetHidden = privateSchema(dialect, node.domain);
  const prefix = `__mesh_${targetNode.identifier}__`;
  // What the target's view served before is dropped once it reads the environment's candidate, as a publish does.
  const previous = [targetHidden, targetNode.schema!].flatMap((schema) =>
    [...target.existing.keys()].filter((key) => key.startsWith(`${schema}.${prefix}`)).map((key) => dialect.relation(schema, key.slice(schema.length + 1))),
  );
  // So is a candidate promoted from this environment before: neither the target nor the environment reads it any more.
  const envHidden = privateSchema(env.compiled.dialect, node.domain);
  const promotedBefore = [...env.existing.keys()]
    .filter((key) => key.startsWith(`${envHidden}.${PROMOTED_PREFIX}${node.identifier}__`) && key !== `${envHidden}.${found.promotedName}`)
    .map((key) => env.compiled.dialect.relation(envHidden, key.slice(envHidden.length + 1)));
  const now = target.fingerprints.get(node.id);
  const built = env.stored.get(node.id);
  const envNow = env.fingerprints.get(node.id);
  // The target records the candidate as its own build only when the environment built it from the
  // project as it is now; otherwise its next build publishes its own.
  const record = now && built && envNow && built.data === envNow.data;
  return [
    ...engine.statements('env/promote_candidate', {
      candidate: found.candidate,
      promoted_name: dialect.quoteIdentifier(found.promotedName),
      promoted: found.promoted,
      env_relation: node.relation,
    }),
    ...engine.statements('materializations/contract_state', { state }),
    ...engine.statements('env/promotions', { promotions: promotionsRelation(dialect) }),
    ...engine.statements('state/node_state', { state: nodeStateRelation(dialect) }),
    ...engine.statements('materializations/contract_publish', {
      relation: targetNode.relation,
      candidate: found.promoted,
      previous: [...previous, ...promotedBefore],
      replaces: target.existing.get(`${targetNode.schema}.${targetNode.identifier}`) === 'table' ? 'TABLE' : undefined,
      state,
      contract_id: contract.id,
      domain: node.domain,
      product: contract.product,
      major: contract.version.major,
      version: contract.version.text,
      definition: JSON.stringify(contract),
    }),
    ...engine.statements('env/promotion_record', {
      promotions: promotionsRelation(dialect),
      state,
      environment,
      node_id: node.id,
      relation: targetNode.relation,
      candidate: found.promoted,
      domain: node.domain,
      product: contract.product,
      major: contract.version.major,
    }),
    ...engine.statements('state/node_state_record', {
      state: nodeStateRelation(dialect),
      ...(record ? { rows: [{ node_id: node.id, relation: targetNode.relation, data: now.data, metadata: now.metadata }] } : { forget: [node.id] }),
    }),
  ];
}

/** What `work` returns, or the warehouse's refusal as the target's problem. */
async function refusedAs<T>(target: TargetState, adapter: Adapter, doing: string, work: () => Promise<T>): Promise<{ value: T } | { diagnostic: Diagnostic }> {
  try {
    return { value: await work() };
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return { diagnostic: warehouseProblem(target.compiled.target, adapter, e, doing) };
  }
}

/** The target's views that read a candidate promoted from `environment` and were not published again since. */
async function currentPromotions(adapter: Adapter, target: TargetState, environment: string): Promise<{ node: string; relation: string; candidate: string }[]> {
  const dialect = target.compiled.dialect;
  const stateSchema = dialect.schemaName(PUBLISHED_STATE_SCHEMA);
  if (!target.existing.has(`${stateSchema}.${PROMOTIONS_TABLE}`) || !target.existing.has(`${stateSchema}.published_contracts`)) return [];
  const rows = await adapter.queryRows(
    `SELECT p.node_id, p.relation, p.candidate FROM ${promotionsRelation(dialect)} AS p JOIN ${publishedStateRelation(dialect)} AS s ` +
      'ON s.domain = p.domain AND s.product = p.product AND s.major = p.major AND s.published_at = p.published_at ' +
      `WHERE p.environment = ${dialect.stringLiteral(environment)} ORDER BY p.node_id`,
    Number.MAX_SAFE_INTEGER,
  );
  return rows.rows.map(([node, relation, candidate]) => ({ node: String(node), relation: String(relation), candidate: String(candidate) }));
}

function noEnvironment(name: string, target: CompiledProject): Diagnostic {
  return error('MESH257', `target '${target.target.name}' has no environment '${name}': none of its schemas (<schema>__${name}) holds anything`, {
    hint: `build it first with mesh build --env ${name}, or check the name and --target`,
  });
}

function notPublished(node: CompiledNode, environment: string, why: string): Diagnostic {
  const contract = node.contractDefinition!;
  return error('MESH255', `${node.id} is not promoted from environment '${environment}': ${why}`, {
    file: contract.file,
    ...(contract.line ? { line: contract.line } : {}),
    hint: `run mesh build --env ${environment} until the contract's audits pass; promote never shows data its audits have not passed`,
  });
}
