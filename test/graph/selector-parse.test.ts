import { describe, expect, it } from 'vitest';
import { parseSelectors } from '../../src/graph/selector-parse.js';

const plain = { parents: 0, children: 0, childrensParents: false };

describe('parseSelectors', () => {
  it('parses a bare name and every method', () => {
    const { terms, diagnostics } = parseSelectors(['orders domain:checkout stage:seeds tag:pii kind:test'], 'select');
    expect(diagnostics).toEqual([]);
    expect(terms.map((t) => t.atoms.map((a) => [a.method, a.value]))).toEqual([
      [['name', 'orders']],
      [['domain', 'checkout']],
      [['stage', 'seeds']],
      [['tag', 'pii']],
      [['kind', 'test']],
    ]);
  });

  it('splits arguments on any whitespace and ignores empty arguments', () => {
    const { terms } = parseSelectors(['  a \t b ', '', 'c'], 'select');
    expect(terms.map((t) => t.text)).toEqual(['a', 'b', 'c']);
  });

  it('parses graph operators with and without depth', () => {
    const { terms, diagnostics } = parseSelectors(['+orders orders+ 2+domain:checkout+3 @tag:pii 0+x'], 'select');
    expect(diagnostics).toEqual([]);
    expect(terms.map((t) => t.atoms[0])).toEqual([
      { ...plain, text: '+orders', method: 'name', value: 'orders', parents: Infinity },
      { ...plain, text: 'orders+', method: 'name', value: 'orders', children: Infinity },
      { ...plain, text: '2+domain:checkout+3', method: 'domain', value: 'checkout', parents: 2, children: 3 },
      { ...plain, text: '@tag:pii', method: 'tag', value: 'pii', childrensParents: true },
      { ...plain, text: '0+x', method: 'name', value: 'x' },
    ]);
  });

  it('parses commas as one term of several atoms, each with its own operators', () => {
    const { terms } = parseSelectors(['+orders,tag:pii+'], 'select');
    expect(terms).toHaveLength(1);
    expect(terms[0]!.text).toBe('+orders,tag:pii+');
    expect(terms[0]!.atoms.map((a) => [a.text, a.parents, a.children])).toEqual([
      ['+orders', Infinity, 0],
      ['tag:pii+', 0, Infinity],
    ]);
  });

  it('keeps wildcards and dotted names in the value', () => {
    const { terms } = parseSelectors(['checkout.orders_*'], 'select');
    expect(terms[0]!.atoms[0]).toMatchObject({ method: 'name', value: 'checkout.orders_*' });
  });

  it('rejects an unknown method with a suggestion', () => {
    const { terms, diagnostics } = parseSelectors(['tgs:pii'], 'exclude');
    expect(terms).toEqual([]);
    expect(diagnostics).toEqual([
      {
        code: 'MESH170',
        severity: 'error',
        message: "--exclude: unknown selector method 'tgs' in 'tgs:pii'",
        hint: 'did you mean tag:?',
      },
    ]);
  });

  it('rejects empty parts, stray operators and unknown stage or kind values', () => {
    const { terms, diagnostics } = parseSelectors(['a,,b ,x tag: or+ders @+x stage:final kind:models ok'], 'select');
    expect(terms.map((t) => t.text)).toEqual(['ok']);
    expect(diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ['error', "--select: empty selector in 'a,,b'"],
      ['error', "--select: empty selector in ',x'"],
      ['error', "--select: malformed selector 'tag:'"],
      ['error', "--select: malformed selector 'or+ders'"],
      ['error', "--select: '@' cannot be combined with a leading '+' in '@+x'"],
      ['error', "--select: unknown stage 'final' in 'stage:final'"],
      ['error', "--select: unknown kind 'models' in 'kind:models'"],
    ]);
    expect(diagnostics[5]!.hint).toBe('stage is one of raw, cleaned, aggregate, seeds, tests, contracts');
  });
});
