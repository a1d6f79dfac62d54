import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { updateProject } from '../support/temp-project.js';

interface MatcherPattern {
  readonly regexp: string;
  readonly kind?: 'file' | 'location';
  readonly file: number;
  readonly line?: number;
  readonly column?: number;
  readonly severity: number;
  readonly code: number;
  readonly message: number;
}

interface Problem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

/** The problem matchers of the tasks.json snippet in docs/editor.md, as documented. */
function documentedMatchers(): MatcherPattern[] {
  const doc = readFileSync('docs/editor.md', 'utf8');
  const snippet = /```json\n(\{\n  "version": "2\.0\.0"[^]*?)\n```/.exec(doc)?.[1];
  if (!snippet) throw new Error('docs/editor.md has no tasks.json snippet');
  const tasks = JSON.parse(snippet) as { tasks: { problemMatcher: { pattern: MatcherPattern; fileLocation: unknown }[] }[] };
  return tasks.tasks[0]!.problemMatcher.map((m) => m.pattern);
}

/** What VS Code reads from one line: the first matcher whose regexp matches it. */
function match(matchers: readonly MatcherPattern[], line: string): Problem | undefined {
  for (const m of matchers) {
    const found = new RegExp(m.regexp).exec(line);
    if (!found) continue;
    const group = (i: number | undefined): string | undefined => (i === undefined ? undefined : found[i]);
    const line_ = group(m.line);
    const column = group(m.column);
    return {
      file: group(m.file)!,
      ...(line_ !== undefined ? { line: Number(line_) } : {}),
      ...(column !== undefined ? { column: Number(column) } : {}),
      severity: group(m.severity)!,
      code: group(m.code)!,
      message: group(m.message)!,
    };
  }
  return undefined;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** mesh init's project, broken in every way a diagnostic's location can look. */
async function brokenProject(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'mesh-matcher-')), 'demo');
  made.push(dir);
  expect((await mesh(['init', dir])).code).toBe(0);
  const contract = join(dir, 'domains/sales/contracts/daily_sales.odcs.yaml');
  updateProject(dir, {
    // A warning at a line: a contract column without a description (policy column-description).
    'domains/sales/contracts/daily_sales.odcs.yaml': readFileSync(contract, 'utf8').replace('        description: Orders placed that day.\n', ''),
    // An error at a line and column: a ref to nothing.
    'domains/sales/aggregate/broken_ref.sql': 'select *\nfrom {{ref "order"}}\n',
    // An error at a line: a header value.
    'domains/sales/cleaned/broken_header.sql': '/*\nmaterialized: views\n*/\nselect 1 as x\n',
    // An error with a file only: a domain without domain.yaml; a warning with a folder only.
    'domains/billing/raw/invoices.sql': 'select 1 as id\n',
    'domains/sales/stagin/old.sql': 'select 1 as id\n',
  });
  return dir;
}

describe('the VS Code problem matcher of docs/editor.md', () => {
  it("reads every diagnostic mesh check prints, as --log-format json gives it", async () => {
    const dir = await brokenProject();
    const text = await mesh(['check', '--project', dir], { NO_COLOR: '1' });
    const json = await mesh(['check', '--project', dir, '--log-format', 'json'], { NO_COLOR: '1' });
    expect(text.code).toBe(1);
    const expected = json.err
      .map((l) => JSON.parse(l) as Problem & { type: string })
      .filter((d) => d.type === 'diagnostic')
      .map((d) => ({ file: d.file, ...(d.line ? { line: d.line } : {}), ...(d.column ? { column: d.column } : {}), severity: d.severity, code: d.code, message: d.message }));
    const matchers = documentedMatchers();
    const lines = text.err.flatMap((l) => l.split('\n'));
    const read = lines.map((l) => match(matchers, l)).filter((p): p is Problem => p !== undefined);
    expect(read).toEqual(expected);
    // Every location form is among them, and nothing else in the output is taken for a problem.
    expect(read.some((p) => p.column !== undefined && p.severity === 'error')).toBe(true);
    expect(read.some((p) => p.line !== undefined && p.column === undefined && p.severity === 'error')).toBe(true);
    expect(read.some((p) => p.line !== undefined && p.severity === 'warning')).toBe(true);
    expect(read.some((p) => p.line === undefined && p.severity === 'error')).toBe(true);
    expect(read.some((p) => p.line === undefined && p.severity === 'warning')).toBe(true);
    expect(lines.filter((l) => / (error|warning) MESH\d+: /.test(l))).toHaveLength(read.length);
    expect(lines.filter((l) => l.startsWith('  hint: ')).map((l) => match(matchers, l))).toEqual(lines.filter((l) => l.startsWith('  hint: ')).map(() => undefined));
  });
});
