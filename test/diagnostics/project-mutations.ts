import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

/**
 * Deterministic damage to one file of the example project, as editors, bad merges and truncated
 * copies do it. A case is fixed by its seed: the test's name prints the seed and what was done, so
 * a failure is reproduced by running that one case again.
 */
export const EXAMPLE = join(import.meta.dirname, '..', '..', 'example-project');

/** The example's files a user edits (not its generated sample data, which only a build reads). */
export const EXAMPLE_FILES: readonly string[] = listFiles(EXAMPLE).filter(
  (f) => !f.startsWith('scripts/') && f !== 'README.md' && !f.includes('/data/'),
);

export interface Mutation {
  readonly seed: number;
  readonly file: string;
  /** What was done, for the test name: `delete line 12 of domains/checkout/cleaned/orders.sql`. */
  readonly description: string;
  readonly apply: (bytes: Buffer) => Buffer;
}

type Kind = (random: Random, bytes: Buffer) => { what: string; apply: (bytes: Buffer) => Buffer };

const UNCLOSED = ['{{#if x}}', '{{', "'", '/*', '[', '"', '{{#if is_incremental}}', '{'];

const KINDS: readonly Kind[] = [
  (random, bytes) => {
    const at = random.below(bytes.length + 1);
    return { what: `truncate at byte ${at}`, apply: (b) => b.subarray(0, at) };
  },
  (random, bytes) => {
    const line = random.below(lineCount(bytes));
    return { what: `delete line ${line + 1}`, apply: (b) => withLines(b, (lines) => lines.filter((_, i) => i !== line)) };
  },
  (random, bytes) => {
    const at = random.below(Math.max(1, bytes.length - 1));
    return {
      what: `swap bytes ${at} and ${at + 1}`,
      apply: (b) => {
        const copy = Buffer.from(b);
        if (copy.length < 2) return copy;
        [copy[at], copy[at + 1]] = [copy[at + 1]!, copy[at]!];
        return copy;
      },
    };
  },
  (random, bytes) => {
    const text = random.pick(UNCLOSED);
    const line = random.below(lineCount(bytes) + 1);
    return { what: `insert ${JSON.stringify(text)} before line ${line + 1}`, apply: (b) => withLines(b, (lines) => [...lines.slice(0, line), text, ...lines.slice(line)]) };
  },
  (random, bytes) => {
    const line = random.below(lineCount(bytes));
    return { what: `duplicate line ${line + 1}`, apply: (b) => withLines(b, (lines) => [...lines.slice(0, line + 1), ...lines.slice(line)]) };
  },
  () => ({ what: 'empty the file', apply: () => Buffer.alloc(0) }),
  (random) => {
    const length = 1 + random.below(64);
    const garbage = Buffer.from([0xff, 0xfe, ...Array.from({ length }, () => random.below(256))]);
    return { what: `replace with ${length + 2} bytes of binary garbage`, apply: () => garbage };
  },
  () => ({ what: 'convert to CRLF line endings', apply: (b) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1') }),
];

/** The mutation of seed `seed`: a file of the example and one kind of damage, both drawn from the seed. */
export function mutation(seed: number): Mutation {
  const random = new Random(seed);
  const file = random.pick(EXAMPLE_FILES);
  const bytes = readFileSync(join(EXAMPLE, file));
  const kind = KINDS[random.below(KINDS.length)]!;
  const { what, apply } = kind(random, bytes);
  return { seed, file, description: `${what} of ${file}`, apply };
}

/** A copy of the example project (without its build output) with the mutation applied; returns its folder. */
export function mutatedExample(m: Mutation): string {
  const dir = mkdtempSync(join(tmpdir(), `mesh-fuzz-${m.seed}-`));
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/[\\/](target|\.mesh)$/.test(src) });
  const path = join(dir, m.file);
  writeFileSync(path, m.apply(readFileSync(path)));
  return dir;
}

/** mulberry32: small, fast, and the same sequence for a seed on every machine. */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}

/** Lines split on '\n' (a final newline leaves an empty last item, kept as it was). */
function withLines(bytes: Buffer, change: (lines: string[]) => string[]): Buffer {
  return Buffer.from(change(bytes.toString('latin1').split('\n')).join('\n'), 'latin1');
}

function lineCount(bytes: Buffer): number {
  return bytes.toString('latin1').split('\n').length;
}

function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== 'target')
    .flatMap((e) => (e.isDirectory() ? listFiles(root, join(dir, e.name)) : [relative(root, join(dir, e.name)).split(sep).join('/')]))
    .sort();
}
