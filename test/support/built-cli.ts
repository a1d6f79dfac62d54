import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The real `mesh` launcher (bin/mesh.js), its dist/ compiled first (`npm run build`) when any
 * source file is newer than it, so a test of the binary runs the code under test.
 */
export function builtCli(): string {
  const main = join(ROOT, 'dist', 'cli', 'main.js');
  if (!existsSync(main) || newest(join(ROOT, 'src')) > statSync(main).mtimeMs) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  }
  return join(ROOT, 'bin', 'mesh.js');
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}
