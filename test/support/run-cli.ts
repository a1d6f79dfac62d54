import { main } from '../../src/cli/main.js';

/** Runs the CLI in-process with its output captured. */
export async function mesh(args: readonly string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}
