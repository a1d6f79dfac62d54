import { nearestNames } from '../diagnostics/suggest.js';

/** `model.checkout.orders` → `checkout.orders` → `orders`: the names a node (or source) answers to. */
export function namesOf(id: string): { full: string; qualified: string; bare: string } {
  const [, domain, ...rest] = id.split('.');
  const name = rest.join('.');
  return { full: id, qualified: `${domain}.${name}`, bare: name };
}

/**
 * The ids a name given on the command line means: an id, `domain.name` or a bare name, tried in
 * that order, case-insensitively. A raw model is often named after its source: the node wins, the
 * source keeps its id. Several ids: an ambiguous name; none: no such node.
 */
export function matchNodeIds(ids: readonly string[], name: string): string[] {
  const wanted = name.toLowerCase();
  for (const key of ['full', 'qualified', 'bare'] as const) {
    const found = ids.filter((id) => namesOf(id)[key].toLowerCase() === wanted);
    const nodes = found.filter((id) => !id.startsWith('source.'));
    if (found.length > 0) return nodes.length === 1 ? nodes : found;
  }
  return [];
}

/** Up to five qualified names near a misspelt one (a misspelt bare name is suggested as the qualified names it is near). */
export function nearNodeNames(ids: readonly string[], text: string): string[] {
  return [
    ...new Set([
      ...nearestNames(text, ids.flatMap((id) => [namesOf(id).qualified, id])),
      ...ids.filter((id) => nearestNames(text, [namesOf(id).bare]).length > 0).map((id) => namesOf(id).qualified),
    ]),
  ].slice(0, 5);
}
