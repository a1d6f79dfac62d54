import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';

export type SelectorMethod = 'name' | 'domain' | 'stage' | 'tag' | 'kind' | 'state' | 'git';

/** One selector without commas, e.g. `2+domain:checkout+`. */
export interface SelectorAtom {
  /** As the user wrote it, for messages. */
  readonly text: string;
  readonly method: SelectorMethod;
  /** May hold `*` wildcards (name, domain, tag). */
  readonly value: string;
  /** Generations of ancestors to add (`+x`: Infinity, `2+x`: 2); 0 for none. */
  readonly parents: number;
  /** Generations of descendants to add (`x+`, `x+2`); 0 for none. */
  readonly children: number;
  /** `@x`: x, its descendants, and all ancestors of those. */
  readonly childrensParents: boolean;
}

/** A space-separated token; its comma-separated atoms are intersected. */
export interface SelectorTerm {
  readonly text: string;
  readonly atoms: readonly SelectorAtom[];
}

/** `nearestNames` of diagnostics/suggest.ts, passed in so that the parser depends on nothing else. */
export type NearestNames = (wanted: string, candidates: Iterable<string>, max?: number) => string[];
export type ParseSelectors = (args: readonly string[] | undefined, flag: 'select' | 'exclude') => { terms: SelectorTerm[]; diagnostics: Diagnostic[] };

/**
 * The selector parser. It uses nothing but its argument and what it declares itself, because the
 * docs site runs this very function's source in the browser (src/docs/selection-script.ts): one
 * implementation of the syntax, not two.
 */
export function selectorParser(nearestNames: NearestNames): ParseSelectors {
  const problem = (message: string, hint: string): Diagnostic => ({ code: 'MESH170', severity: 'error', message, hint });
  const METHODS: readonly SelectorMethod[] = ['domain', 'stage', 'tag', 'kind', 'state', 'git'];
  const CLOSED_VALUES: Partial<Record<SelectorMethod, readonly string[]>> = {
    stage: ['raw', 'cleaned', 'aggregate', 'seeds', 'tests', 'contracts'],
    kind: ['model', 'seed', 'test', 'contract'],
    state: ['modified', 'new', 'modified.data', 'modified.metadata'],
    git: ['modified'],
  };
  // [@][N+][method:]value[+N]; the value excludes the characters that carry syntax.
  const ATOM = /^(@)?(?:(\d*)\+)?(?:([A-Za-z_]+):)?([^\s,:+@]+)(?:\+(\d*))?$/;
  const GRAMMAR = 'write [N+|@][method:]value[+N] with method domain, stage, tag, kind, state or git, e.g. +orders, domain:checkout,tag:pii, orders+2, state:modified+';

  /**
   * Parses `--select`/`--exclude` arguments. Each argument may hold several space-separated
   * selectors, because shells deliver both `--select "a b"` and `--select a b`.
   * `flag` names the option in messages.
   */
  function parseSelectors(
    args: readonly string[] | undefined,
    flag: 'select' | 'exclude',
  ): { terms: SelectorTerm[]; diagnostics: Diagnostic[] } {
    const terms: SelectorTerm[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const text of (args ?? []).flatMap((arg) => arg.split(/\s+/)).filter((token) => token !== '')) {
      const atoms: SelectorAtom[] = [];
      for (const part of text.split(',')) {
        const parsed = parseAtom(part, text, flag);
        if ('code' in parsed) diagnostics.push(parsed);
        else atoms.push(parsed);
      }
      if (atoms.length === text.split(',').length) terms.push({ text, atoms });
    }
    return { terms, diagnostics };
  }

  function parseAtom(part: string, token: string, flag: string): SelectorAtom | Diagnostic {
    const where = part === token ? `'${part}'` : `'${part}' in '${token}'`;
    if (part === '') return problem(`--${flag}: empty selector in '${token}'`, GRAMMAR);
    const match = ATOM.exec(part);
    if (!match) return problem(`--${flag}: malformed selector ${where}`, GRAMMAR);
    const [, at, parentsDepth, method, value, childrenDepth] = match;
    if (at && parentsDepth !== undefined) {
      return problem(`--${flag}: '@' cannot be combined with a leading '+' in ${where}`, "'@x' already includes the ancestors of x and of its descendants");
    }
    const known = method === undefined ? 'name' : METHODS.find((m) => m === method);
    if (known === undefined) {
      const near = nearestNames(method!, METHODS);
      return problem(`--${flag}: unknown selector method '${method}' in ${where}`, near.length > 0 ? `did you mean ${near.map((m) => `${m}:`).join(', ')}?` : GRAMMAR);
    }
    const allowed = CLOSED_VALUES[known];
    if (allowed && !allowed.includes(value!)) {
      return problem(`--${flag}: unknown ${known} '${value}' in ${where}`, `${known} is one of ${allowed.join(', ')}`);
    }
    return {
      text: part,
      method: known,
      value: value!,
      parents: depth(parentsDepth),
      children: depth(childrenDepth),
      childrensParents: at !== undefined,
    };
  }

  /** `+` alone means every generation; absent means none. */
  function depth(digits: string | undefined): number {
    if (digits === undefined) return 0;
    return digits === '' ? Infinity : Number(digits);
  }

  return parseSelectors;
}

export const parseSelectors: ParseSelectors = selectorParser(nearestNames);
