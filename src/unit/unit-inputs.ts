import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import { engineType } from '../contracts/logical-types.js';
import type { GivenInput, GivenKind, UnitTestDefinition } from './unit-test-definition.js';

/** One relation the model's SQL reads, as it is written there, and what a given names it by. */
export interface ModelInput {
  readonly kind: Exclude<GivenKind, 'this'>;
  /** `domain.name`. */
  readonly qualified: string;
  readonly name: string;
  /** The relation as the compiled SQL writes it (a quoted name, or a file reader call for a local source). */
  readonly relation: string;
  /** Refs, seeds, contracts: the node read. */
  readonly id?: string;
  /** Contracts: the version the view publishes. */
  readonly version?: string;
  /** Contracts: the columns the view publishes, with their engine types; seeds: the seed file's, typed as the build loads them. */
  readonly declared?: readonly DeclaredColumn[];
}

export interface DeclaredColumn {
  readonly name: string;
  /** Absent when the contract gives the column no logical type. */
  readonly type?: string;
}

/** A given matched to the relation it stands for. */
export interface BoundGiven {
  readonly given: GivenInput;
  readonly relation: string;
  /** The input's declared columns (a contract's, a seed's): each one is made, typed as declared, given or not. */
  readonly declared?: readonly DeclaredColumn[];
}

/**
 * The model under test (MESH275 when there is none of that name) and each given bound to an input
 * it reads: a given it does not read is MESH276, an input without a given MESH277. Ephemeral models
 * are inlined in their readers, so what they read counts as read by the model.
 */
export function bindGivens(compiled: CompiledProject, test: UnitTestDefinition): { model?: CompiledNode; givens: BoundGiven[]; inputs: ModelInput[]; diagnostics: Diagnostic[] } {
  const model = modelUnderTest(compiled, test);
  if (!model) {
    const models = [...compiled.nodes.values()].filter((n) => n.kind === 'model');
    const near = nearestNames(test.model, models.map((n) => n.name));
    return {
      givens: [],
      inputs: [],
      diagnostics: [error('MESH275', `the unit test's model '${test.model}' is not a model of the project`, { file: test.file, line: test.modelLine, hint: near.length > 0 ? `did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : 'name a model: <name> or <domain>.<name>' })],
    };
  }
  const inputs = inputsRead(compiled, model);
  const diagnostics: Diagnostic[] = [];
  const givens: BoundGiven[] = [];
  const matched = new Set<ModelInput>();
  for (const given of test.given) {
    if (given.kind === 'this') {
      if (!model.relation || model.config?.materialized !== 'incremental') {
        diagnostics.push(error('MESH276', `'${model.name}' is not an incremental model: it reads no \`this\``, { file: test.file, line: given.line, hint: 'remove the this: given (and is_incremental)' }));
      } else givens.push({ given, relation: model.relation });
      continue;
    }
    const input = inputs.find((i) => (i.kind === given.kind || (given.kind === 'ref' && i.kind === 'seed')) && (i.qualified === given.name || i.name === given.name) && (given.version === undefined || i.version?.split('.')[0] === String(given.version)));
    if (!input) {
      const sameKind = inputs.filter((i) => i.kind === given.kind || (given.kind === 'ref' && i.kind === 'seed')).map((i) => i.name);
      const near = nearestNames(given.name, sameKind);
      const reads = inputs.map((i) => `${i.kind} ${i.name}`).join(', ') || 'nothing';
      diagnostics.push(
        error('MESH276', `'${model.name}' does not read the given ${given.kind} '${given.name}'${given.version !== undefined ? ` (version ${given.version})` : ''}`, {
          file: test.file,
          line: given.line,
          hint: near.length > 0 ? `did you mean ${near.map((n) => `'${n}'`).join(', ')}? it reads: ${reads}` : `it reads: ${reads}`,
        }),
      );
      continue;
    }
    matched.add(input);
    givens.push({ given, relation: input.relation, ...(input.declared ? { declared: input.declared } : {}) });
  }
  for (const input of inputs) {
    if (matched.has(input)) continue;
    diagnostics.push(
      error('MESH277', `no given for the ${input.kind} '${input.name}' that '${model.name}' reads`, {
        file: test.file,
        line: test.givenLine,
        hint: `add under given: - ${input.kind}: ${input.name}${input.version ? `\n    version: ${input.version.split('.')[0]}` : ''} with its rows (columns not given are null)`,
      }),
    );
  }
  return { model, givens, inputs, diagnostics };
}

/** The model a test names: `<domain>.<name>`, else a model of the test's domain, else the only model of that name. */
export function modelUnderTest(compiled: CompiledProject, test: Pick<UnitTestDefinition, 'model' | 'domain'>): CompiledNode | undefined {
  const models = [...compiled.nodes.values()].filter((n) => n.kind === 'model');
  return models.find((n) => `${n.domain}.${n.name}` === test.model) ?? models.find((n) => n.name === test.model && n.domain === test.domain) ?? uniqueByName(models, test.model);
}

function uniqueByName(models: readonly CompiledNode[], name: string): CompiledNode | undefined {
  const found = models.filter((n) => n.name === name);
  return found.length === 1 ? found[0] : undefined;
}

/** The relations the model's compiled SELECT reads: its parents (through inlined ephemerals) and the sources of each. */
export function inputsRead(compiled: CompiledProject, model: CompiledNode): ModelInput[] {
  const inputs = new Map<string, ModelInput>();
  const seen = new Set<string>();
  const visit = (node: CompiledNode): void => {
    for (const source of node.sources ?? []) {
      const [domain, name] = source.split('.') as [string, string];
      const definition = compiled.project.domains.find((d) => d.name === domain)?.sources.find((s) => s.name === name);
      const relation = definition ? compiled.dialect.sourceRelation(definition) : undefined;
      if (relation) inputs.set(`source ${source}`, { kind: 'source', qualified: source, name, relation });
    }
    for (const { id } of node.dependsOn) {
      const parent = compiled.nodes.get(id);
      if (!parent || seen.has(id)) continue;
      seen.add(id);
      if (parent.materialized === 'ephemeral') visit(parent);
      else if (parent.relation && (parent.kind === 'model' || parent.kind === 'seed' || parent.kind === 'contract')) {
        const kind = parent.kind === 'model' ? 'ref' : parent.kind;
        const name = parent.kind === 'contract' ? parent.contract!.product : parent.name;
        const seed = parent.kind === 'seed' ? compiled.project.seeds.find((d) => d.id === id) : undefined;
        const declared = seed ? compiled.dialect.seedColumns(seed) : parent.contractObject?.properties.map((p) => ({ name: p.physicalName ?? p.name, ...optionalType(engineType(p, compiled.dialect.engine)) }));
        inputs.set(id, { kind, qualified: `${parent.domain}.${name}`, name, relation: parent.relation, id, ...(parent.contract ? { version: parent.contract.version } : {}), ...(declared ? { declared } : {}) });
      }
    }
  };
  visit(model);
  return [...inputs.values()];
}

function optionalType(type: string | undefined): { type?: string } {
  return type ? { type } : {};
}
