import type { Environment } from '../parse/env-interpolation.js';
import type { Dialect } from '../adapters/dialect.js';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import type { ProjectDefinition, SourceDefinition } from '../parse/definitions.js';
import type { RenderHooks, TemplateLocation } from '../template/template-engine.js';

/** A node that `ref` can point at: a model or a seed. */
export interface Referable {
  readonly id: string;
  readonly name: string;
  readonly domain: string;
  /** What a reference renders to: the relation, or an ephemeral model's CTE name. */
  readonly reference: string;
}

/** A published contract view that `{{contract "domain.product" version=N}}` can read. */
export interface ContractView {
  readonly id: string;
  /** `domain.product`, or `domain.product_object` when a contract publishes several tables. */
  readonly key: string;
  readonly major: number;
  readonly relation: string;
  /** The model the view publishes. */
  readonly backingId: string;
  /** Imported from another repository: nothing here builds it, so consumers depend on no node. */
  readonly external?: boolean;
  /** A deprecated version: consumers are warned until `sunset` (YYYY-MM-DD), then refused. */
  readonly deprecation?: { readonly sunset?: string; readonly replacement?: string };
}

/** Lookups shared by every render of one compile run. */
export class ProjectIndex {
  private readonly referable = new Map<string, Referable>();
  private readonly sources = new Map<string, SourceDefinition>();
  private readonly contracts = new Map<string, ContractView[]>();

  constructor(
    readonly project: ProjectDefinition,
    readonly dialect: Dialect,
    nodes: readonly Referable[],
    contractViews: readonly ContractView[] = [],
    /** Today as YYYY-MM-DD, for contract sunset dates. */
    readonly today: string,
    /** Where `{{env "NAME"}}` reads from. */
    readonly env: Environment = {},
  ) {
    for (const node of nodes) this.referable.set(`${node.domain}.${node.name}`, node);
    for (const domain of project.domains) for (const s of domain.sources) this.sources.set(`${domain.name}.${s.name}`, s);
    for (const view of contractViews) this.contracts.set(view.key, [...(this.contracts.get(view.key) ?? []), view]);
  }

  /** The published versions of a contract, or undefined when there is no such contract. */
  contractVersions(key: string): readonly ContractView[] | undefined {
    return this.contracts.get(key);
  }

  contractKeys(): string[] {
    return [...this.contracts.keys()];
  }

  /** The contract views that publish a model, newest major first. */
  contractsExposing(modelId: string): ContractView[] {
    return [...this.contracts.values()].flat().filter((v) => v.backingId === modelId).sort((a, b) => b.major - a.major);
  }

  /** What to write instead of reading another domain's internal model. */
  contractHint(target: Referable): string {
    const published = this.contractsExposing(target.id)[0];
    if (published) return `write {{contract "${published.key}" version=${published.major}}}`;
    return `domain '${target.domain}' publishes no contract for '${target.name}': ask its owners for one (domains/${target.domain}/contracts/<product>.odcs.yaml backed by '${target.name}'), then read it with {{contract}}`;
  }

  findReferable(domain: string, name: string): Referable | undefined {
    return this.referable.get(name.includes('.') ? name : `${domain}.${name}`);
  }

  /** Names to suggest for a reference that failed: same-domain names bare, others qualified. */
  suggestReferable(domain: string, name: string, except?: string): string[] {
    const candidates = [...this.referable.values()].filter((n) => n.id !== except).map((n) => (n.domain === domain ? n.name : `${n.domain}.${n.name}`));
    return nearestNames(name, candidates);
  }

  findSource(domain: string, name: string): SourceDefinition | undefined {
    return this.sources.get(`${domain}.${name}`);
  }

  sourceNames(domain: string): string[] {
    return [...this.sources.values()].filter((s) => s.domain === domain).map((s) => s.name);
  }
}

/** The hooks one node's render uses: resolves names and records what the node depends on. */
export class NodeHooks implements RenderHooks {
  readonly dependsOn: { id: string; line: number }[] = [];
  /** The sources the node reads (`domain.name`): their data is an input of the node's fingerprint. */
  readonly sources: string[] = [];
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly index: ProjectIndex,
    private readonly node: { readonly id: string; readonly domain: string; readonly file: string },
  ) {}

  ref(name: string, at: TemplateLocation): string {
    const target = this.index.findReferable(this.node.domain, name);
    if (!target) {
      const near = this.index.suggestReferable(this.node.domain, name, this.node.id);
      const [domain, model] = name.includes('.') ? name.split('.', 2) as [string, string] : [this.node.domain, name];
      this.report('MESH140', `ref to '${name}', which is not a model or seed of domain '${domain}'`, at,
        near.length > 0 ? `did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : `create domains/${domain}/<stage>/${model}.sql, or fix the name`);
      return 'NULL';
    }
    if (target.id === this.node.id) {
      this.report('MESH140', `model '${name}' refs itself`, at, 'use {{this}} to read the relation the model builds');
      return 'NULL';
    }
    if (target.domain !== this.node.domain) {
      this.report('MESH211', `ref to '${name}' reads an internal model of domain '${target.domain}'; other domains read only its contract views`, at, this.index.contractHint(target));
      return 'NULL';
    }
    if (!this.dependsOn.some((d) => d.id === target.id)) this.dependsOn.push({ id: target.id, line: at.line });
    return target.reference;
  }

  source(name: string, at: TemplateLocation): string {
    const source = this.index.findSource(this.node.domain, name);
    // A domain whose domain.yaml is missing or broken is reported once, not at each source it declares.
    if (!source && !this.index.project.domains.some((d) => d.name === this.node.domain)) return 'NULL';
    if (!source) {
      const near = nearestNames(name, this.index.sourceNames(this.node.domain));
      this.report('MESH141', `source '${name}' is not declared in domains/${this.node.domain}/domain.yaml`, at,
        near.length > 0 ? `did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : 'declare it under sources: in domain.yaml');
      return 'NULL';
    }
    const relation = this.index.dialect.sourceRelation(source);
    if (!relation) {
      this.report('MESH141', `source '${name}' has no ${this.index.dialect.engine} location`, at,
        `add '${this.index.dialect.engine}:' to source '${name}' in ${source.file} (line ${source.line})`);
      return 'NULL';
    }
    const id = `${source.domain}.${source.name}`;
    if (!this.sources.includes(id)) this.sources.push(id);
    return relation;
  }

  contract(name: string, version: unknown, at: TemplateLocation): string {
    const versions = this.index.contractVersions(name);
    if (!versions) {
      const near = nearestNames(name, this.index.contractKeys());
      this.report('MESH210', `no published contract '${name}'`, at,
        near.length > 0 ? `did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : 'name it domain.product, as in domains/<domain>/contracts/<product>.odcs.yaml');
      return 'NULL';
    }
    const majors = versions.map((v) => v.major).sort((a, b) => a - b);
    if (typeof version !== 'number' || !Number.isInteger(version)) {
      this.report('MESH210', `{{contract "${name}"}} needs the major version it reads`, at, `write {{contract "${name}" version=${majors[majors.length - 1]}}}`);
      return 'NULL';
    }
    const view = versions.find((v) => v.major === version);
    if (!view) {
      this.report('MESH210', `contract '${name}' has no version ${version}`, at, `published versions: ${majors.join(', ')}`);
      return 'NULL';
    }
    if (view.deprecation) {
      const { sunset, replacement } = view.deprecation;
      const instead = replacement ? `read ${replacement} instead` : `ask the owners of '${name}' what replaces it`;
      if (sunset && this.index.today > sunset) {
        this.report('MESH213', `contract '${name}' version ${version} was retired on ${sunset}`, at, instead);
        return 'NULL';
      }
      this.warn('MESH212', `contract '${name}' version ${version} is deprecated${sunset ? `; it is retired on ${sunset}` : ''}`, at, instead);
    }
    if (view.external) {
      if (!view.relation) {
        this.report('MESH217', `imported contract '${name}' has no location on this target`, at, `add the target under the import's locations: in mesh.yaml`);
        return 'NULL';
      }
      return view.relation;
    }
    if (!this.dependsOn.some((d) => d.id === view.id)) this.dependsOn.push({ id: view.id, line: at.line });
    return view.relation;
  }

  variable(name: string, fallback: unknown, at: TemplateLocation): unknown {
    const value = this.index.project.config.vars[name] ?? fallback;
    if (value === undefined || value === null) {
      this.report('MESH142', `var '${name}' is not defined`, at, `define it under vars: in mesh.yaml, or write {{var "${name}" default="…"}}`);
      return undefined;
    }
    return value;
  }

  environment(name: string, fallback: unknown, at: TemplateLocation): string | undefined {
    const value = this.index.env[name] ?? (fallback === undefined || fallback === null ? undefined : String(fallback));
    if (value === undefined) {
      // MESH142 as for a var: a name the template needs has no value and no default.
      this.report('MESH142', `environment variable '${name}' is not set`, at, `set ${name} before running mesh, or write {{env "${name}" default="…"}}`);
      return undefined;
    }
    return value;
  }

  report(code: Diagnostic['code'], message: string, at: TemplateLocation, hint?: string): void {
    // Inside a macro: at the macro's line, naming the node's line that called it.
    const place = at.inMacro ?? at;
    const said = at.inMacro ? `${message} (in a macro called from ${this.node.file}:${at.line})` : message;
    this.diagnostics.push(error(code, said, { file: at.inMacro?.file ?? this.node.file, line: place.line, ...(place.column ? { column: place.column } : {}), ...(hint ? { hint } : {}) }));
  }

  private warn(code: Diagnostic['code'], message: string, at: TemplateLocation, hint?: string): void {
    const place = at.inMacro ?? at;
    const said = at.inMacro ? `${message} (in a macro called from ${this.node.file}:${at.line})` : message;
    this.diagnostics.push(warning(code, said, { file: at.inMacro?.file ?? this.node.file, line: place.line, ...(place.column ? { column: place.column } : {}), ...(hint ? { hint } : {}) }));
  }
}
