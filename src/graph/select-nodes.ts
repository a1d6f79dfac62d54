import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import type { GraphNode } from './graph-node.js';
import { reachable } from './reachable.js';
import { parseSelectors, type NearestNames, type ParseSelectors, type SelectorAtom, type SelectorMethod, type SelectorTerm } from './selector-parse.js';

export interface Selection {
  /** In topological order; empty when a selector is malformed. */
  readonly ids: string[];
  readonly diagnostics: Diagnostic[];
}

export type SelectableNode = Pick<GraphNode, 'id' | 'kind' | 'name' | 'domain' | 'stage' | 'tags'>;

/** What selection reads of a graph: MeshGraph has it, and so has the docs site's copy of the graph. */
export interface SelectableGraph {
  ids(): readonly string[];
  node(id: string): SelectableNode;
  /** Sorted. */
  parents(id: string): readonly string[];
  /** Sorted. */
  children(id: string): readonly string[];
  topologicalOrder(ids: Iterable<string>): string[];
}

/**
 * What `state:` selectors compare against, computed outside the graph (src/state/state-comparison.ts):
 * the graph only looks ids up. `against` names the comparison in messages (`target/prod/manifest.json`).
 */
export interface StateComparison {
  readonly against: string;
  /** Nodes present in both whose own data (SQL, config, what they read) changed, not only a parent's. */
  readonly modifiedData: ReadonlySet<string>;
  /** Nodes present in both whose description, tags, tests or contract metadata changed. */
  readonly modifiedMetadata: ReadonlySet<string>;
  /** Nodes the previous state does not hold. */
  readonly added: ReadonlySet<string>;
}

/** What `git:modified` compares against (src/state/git-modified.ts): nodes whose files changed since `against`. */
export interface GitComparison {
  readonly against: string;
  readonly modified: ReadonlySet<string>;
}

/** Comparisons the `state:` and `git:` methods read; absent ones make those selectors an error (MESH246). */
export interface SelectionContext {
  readonly state?: StateComparison;
  readonly git?: GitComparison;
}

export type SelectNodes = (
  graph: SelectableGraph,
  select: readonly string[] | undefined,
  exclude: readonly string[] | undefined,
  context?: SelectionContext,
) => Selection;

/** What selection uses from other modules, passed in (see nodeSelector). */
export interface SelectionParts {
  readonly parseSelectors: ParseSelectors;
  readonly reachable: (starts: Iterable<string>, next: (id: string) => Iterable<string>, depth?: number) => Set<string>;
  readonly nearestNames: NearestNames;
}

/**
 * Node selection. It uses nothing but its argument and what it declares itself, because the docs
 * site runs this very function's source in the browser (src/docs/selection-script.ts): the site's
 * selector box and `--select` cannot drift apart.
 */
export function nodeSelector({ parseSelectors, reachable, nearestNames }: SelectionParts): SelectNodes {
  const problem = (message: string, hint: string): Diagnostic => ({ code: 'MESH170', severity: 'warning', message, hint });

  /**
   * dbt's selection: no `select` means everything; space-separated selectors are united, commas
   * intersect, `exclude` is removed afterwards. Then tests are selected "eagerly", as dbt does by
   * default: a test runs when any node it reads is selected, unless `exclude` matched the test.
   */
  function selectNodes(
    graph: SelectableGraph,
    select: readonly string[] | undefined,
    exclude: readonly string[] | undefined,
    context: SelectionContext = {},
  ): Selection {
    const included = parseSelectors(select, 'select');
    const excluded = parseSelectors(exclude, 'exclude');
    const diagnostics = [...included.diagnostics, ...excluded.diagnostics];
    for (const [terms, flag] of [[included.terms, 'select'], [excluded.terms, 'exclude']] as const) {
      for (const atom of terms.flatMap((term) => term.atoms)) {
        const missing = uncompared(atom, context, flag);
        if (missing) diagnostics.push(missing);
      }
    }
    if (diagnostics.length > 0) return { ids: [], diagnostics };

    const chosen = included.terms.length === 0 ? new Set(graph.ids()) : unite(graph, included.terms, 'select', diagnostics, context);
    const removed = unite(graph, excluded.terms, 'exclude', diagnostics, context);
    for (const id of removed) chosen.delete(id);

    const eager = graph
      .ids()
      .filter((id) => !chosen.has(id) && !removed.has(id))
      .map((id) => graph.node(id))
      .filter((node) => node.kind === 'test' && graph.parents(node.id).some((parent) => chosen.has(parent)));
    for (const test of eager) chosen.add(test.id);

    return { ids: graph.topologicalOrder(chosen), diagnostics };
  }

  /** A `state:` or `git:` selector without its comparison: an error, since selecting nothing (or everything) would mislead. */
  function uncompared(atom: SelectorAtom, context: SelectionContext, flag: string): Diagnostic | undefined {
    if (atom.method === 'state' && !context.state) {
      return {
        code: 'MESH246',
        severity: 'error',
        message: `--${flag}: '${atom.text}' compares with a previous state, and this command has none to compare with`,
        hint: "give --state <dir>, the target folder of a previous run holding its manifest.json (mesh build without --state compares with the target's recorded node state)",
      };
    }
    if (atom.method === 'git' && !context.git) {
      return {
        code: 'MESH246',
        severity: 'error',
        message: `--${flag}: '${atom.text}' compares with a git revision, and this command has none to compare with`,
        hint: 'run it from the command line in a git checkout (--git-base <rev> names the revision; default: the merge base with main)',
      };
    }
    return undefined;
  }

  function unite(graph: SelectableGraph, terms: readonly SelectorTerm[], flag: string, diagnostics: Diagnostic[], context: SelectionContext): Set<string> {
    const union = new Set<string>();
    for (const term of terms) {
      for (const id of intersect(graph, term, flag, diagnostics, context)) union.add(id);
    }
    return union;
  }

  function intersect(graph: SelectableGraph, term: SelectorTerm, flag: string, diagnostics: Diagnostic[], context: SelectionContext): Set<string> {
    const sets = term.atoms.map((atom) => expand(graph, atom, term, flag, diagnostics, context));
    if (sets.some((set) => set.size === 0)) return new Set();
    const [first, ...rest] = sets;
    const common = new Set([...first!].filter((id) => rest.every((set) => set.has(id))));
    if (common.size === 0) {
      diagnostics.push(
        problem(`--${flag}: selector '${term.text}' matches no node`, 'each part matches nodes, but no node matches all of them (a comma means "and")'),
      );
    }
    return common;
  }

  /** The atom's own matches, then its graph operators. */
  function expand(graph: SelectableGraph, atom: SelectorAtom, term: SelectorTerm, flag: string, diagnostics: Diagnostic[], context: SelectionContext): Set<string> {
    const base = new Set(graph.ids().filter((id) => matches(atom, graph.node(id), context)));
    if (base.size === 0) {
      diagnostics.push(atom.method === 'state' || atom.method === 'git' ? unchanged(atom, term, flag, context) : nothingMatched(graph, atom, term, flag));
      return base;
    }
    const parents = (id: string) => graph.parents(id);
    const children = (id: string) => graph.children(id);
    const result = new Set(base);
    if (atom.childrensParents) {
      const downstream = new Set([...base, ...reachable(base, children)]);
      for (const id of downstream) result.add(id);
      for (const id of reachable(downstream, parents)) result.add(id);
    }
    if (atom.parents > 0) for (const id of reachable(base, parents, atom.parents)) result.add(id);
    if (atom.children > 0) for (const id of reachable(base, children, atom.children)) result.add(id);
    return result;
  }

  function matches(atom: SelectorAtom, node: SelectableNode, context: SelectionContext): boolean {
    switch (atom.method) {
      case 'state': {
        // dbt's meaning: state:modified holds new nodes too.
        const state = context.state!;
        if (atom.value === 'new') return state.added.has(node.id);
        if (atom.value === 'modified.data') return state.modifiedData.has(node.id);
        if (atom.value === 'modified.metadata') return state.modifiedMetadata.has(node.id);
        return state.added.has(node.id) || state.modifiedData.has(node.id) || state.modifiedMetadata.has(node.id);
      }
      case 'git':
        return context.git!.modified.has(node.id);
      case 'name': {
        // `orders`, `checkout.orders` and the full id all name the node.
        const pattern = glob(atom.value);
        return pattern.test(node.name) || pattern.test(`${node.domain}.${node.name}`) || pattern.test(node.id);
      }
      case 'domain':
        return glob(atom.value).test(node.domain);
      case 'tag': {
        const pattern = glob(atom.value);
        return node.tags.some((tag) => pattern.test(tag));
      }
      case 'stage':
        return node.stage === atom.value;
      case 'kind':
        return node.kind === atom.value;
    }
  }

  /** `*` matches any run of characters; everything else is literal. */
  function glob(value: string): RegExp {
    const literal = value.split('*').map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${literal.join('.*')}$`);
  }

  function nothingMatched(graph: SelectableGraph, atom: SelectorAtom, term: SelectorTerm, flag: string): Diagnostic {
    const where = atom.text === term.text ? `'${atom.text}'` : `'${atom.text}' in '${term.text}'`;
    const near = nearestNames(atom.value, candidates(graph, atom.method));
    const hint =
      near.length > 0
        ? `did you mean ${near.map((name) => (atom.method === 'name' ? name : `${atom.method}:${name}`)).join(', ')}?`
        : 'a bare name matches a node (orders or checkout.orders); methods are domain:, stage:, tag:, kind:';
    return problem(`--${flag}: selector ${where} matches no node`, hint);
  }

  /** Nothing changed is news, not a typo: the message says against what. */
  function unchanged(atom: SelectorAtom, term: SelectorTerm, flag: string, context: SelectionContext): Diagnostic {
    const where = atom.text === term.text ? `'${atom.text}'` : `'${atom.text}' in '${term.text}'`;
    const against = atom.method === 'state' ? context.state!.against : context.git!.against;
    return problem(`--${flag}: selector ${where} matches no node: nothing differs from ${against}`, 'nothing to do; compare with another state (--state <dir>) or revision (--git-base <rev>) to select more');
  }

  /** What the user may have meant, per method; stage and kind values are checked when parsing. */
  function candidates(graph: SelectableGraph, method: SelectorMethod): Set<string> {
    const names = new Set<string>();
    for (const id of graph.ids()) {
      const node = graph.node(id);
      if (method === 'name') {
        names.add(node.name);
        names.add(`${node.domain}.${node.name}`);
      } else if (method === 'domain') names.add(node.domain);
      else if (method === 'tag') for (const tag of node.tags) names.add(tag);
    }
    return names;
  }

  return selectNodes;
}

export const selectNodes: SelectNodes = nodeSelector({ parseSelectors, reachable, nearestNames });
