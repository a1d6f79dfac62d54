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

export type SelectNodes = (graph: SelectableGraph, select: readonly string[] | undefined, exclude: readonly string[] | undefined) => Selection;

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
  ): Selection {
    const included = parseSelectors(select, 'select');
    const excluded = parseSelectors(exclude, 'exclude');
    const diagnostics = [...included.diagnostics, ...excluded.diagnostics];
    if (diagnostics.length > 0) return { ids: [], diagnostics };

    const chosen = included.terms.length === 0 ? new Set(graph.ids()) : unite(graph, included.terms, 'select', diagnostics);
    const removed = unite(graph, excluded.terms, 'exclude', diagnostics);
    for (const id of removed) chosen.delete(id);

    const eager = graph
      .ids()
      .filter((id) => !chosen.has(id) && !removed.has(id))
      .map((id) => graph.node(id))
      .filter((node) => node.kind === 'test' && graph.parents(node.id).some((parent) => chosen.has(parent)));
    for (const test of eager) chosen.add(test.id);

    return { ids: graph.topologicalOrder(chosen), diagnostics };
  }

  function unite(graph: SelectableGraph, terms: readonly SelectorTerm[], flag: string, diagnostics: Diagnostic[]): Set<string> {
    const union = new Set<string>();
    for (const term of terms) {
      for (const id of intersect(graph, term, flag, diagnostics)) union.add(id);
    }
    return union;
  }

  function intersect(graph: SelectableGraph, term: SelectorTerm, flag: string, diagnostics: Diagnostic[]): Set<string> {
    const sets = term.atoms.map((atom) => expand(graph, atom, term, flag, diagnostics));
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
  function expand(graph: SelectableGraph, atom: SelectorAtom, term: SelectorTerm, flag: string, diagnostics: Diagnostic[]): Set<string> {
    const base = new Set(graph.ids().filter((id) => matches(atom, graph.node(id))));
    if (base.size === 0) {
      diagnostics.push(nothingMatched(graph, atom, term, flag));
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

  function matches(atom: SelectorAtom, node: SelectableNode): boolean {
    switch (atom.method) {
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
