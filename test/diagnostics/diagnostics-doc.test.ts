import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const read = (path: string): string => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');
const DOC = read('../../docs/diagnostics.md');
const SOURCE = read('../../src/diagnostics/diagnostic.ts');

describe('docs/diagnostics.md', () => {
  it('has one row per code of DiagnosticCode, and no other', () => {
    const union = SOURCE.slice(SOURCE.indexOf('export type DiagnosticCode'), SOURCE.indexOf('export function error'));
    const codes = [...union.matchAll(/'(MESH\d{3})'/g)].map((m) => m[1]);
    const rows = [...DOC.matchAll(/^\| (MESH\d{3}) \|/gm)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(10);
    expect(rows).toEqual(codes);
  });

  it('shows the output the CLI prints for test/fixtures/broken/many-problems', async () => {
    const shown = /```\n\$ mesh compile\n([\s\S]*?)```/.exec(DOC)?.[1];
    const printed: string[] = [];
    const project = fileURLToPath(new URL('../fixtures/broken/many-problems/', import.meta.url));
    expect(await main(['compile', '--project', project], { out: (l) => printed.push(l), err: (l) => printed.push(l) })).toBe(1);
    expect(shown).toBe(`${printed.join('\n')}\n`);
  });
});
