import { main } from '../../src/cli/main.js';

/** Runs the CLI in-process with its output captured; `env` replaces the process's environment when given. */
export async function mesh(args: readonly string[], env?: Readonly<Record<string, string | undefined>>): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, env ? { env } : {});
  return { code, out, err };
}
