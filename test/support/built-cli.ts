import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');

/** The launcher a user runs: `node bin/mesh.js …` (it loads dist/). */
export const MESH_BIN = join(ROOT, 'bin', 'mesh.js');

/**
 * Makes sure bin/mesh.js runs the current sources. `npm ci` compiles dist/ (the prepare script) but
 * `npm test` only type-checks, so after an edit dist/ is stale: it is compiled again, as
 * `npm run build` does, only when a source is newer than its output, since compiling costs seconds.
 */
export function ensureBuiltCli(): void {
  const stale = sources(SRC).some((file) => {
    const out = join(DIST, relative(SRC, file)).replace(/\.ts$/, '.js');
    return !existsSync(out) || statSync(out).mtimeMs < statSync(file).mtimeMs;
  });
  if (!stale) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (e) {
    // tsc reports on stdout.
    throw new Error(`npm run build failed:\n${String((e as { stdout?: Buffer }).stdout ?? e)}`);
  }
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}
