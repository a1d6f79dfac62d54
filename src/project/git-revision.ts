import { execFileSync } from 'node:child_process';

/**
 * Files as they stand in a git revision: the baseline of `mesh check` and `mesh contract diff`
 * when no warehouse is at hand. Undefined when the folder is not a git checkout, the revision is
 * unknown, or the file did not exist there.
 */
export function readAtRevision(root: string, path: string, revision: string): string | undefined {
  try {
    return execFileSync('git', ['-C', root, 'show', `${revision}:./${path}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/**
 * Several files as they stand in one revision, read by one `git cat-file --batch` (one process,
 * not one per file: `mesh check` reads every contract at its baseline). A file absent there, or
 * every file outside git, is missing from the map.
 */
export function readAllAtRevision(root: string, paths: readonly string[], revision: string): Map<string, string> {
  const found = new Map<string, string>();
  if (paths.length === 0 || /[\n]/.test(revision)) return found;
  let output: Buffer;
  try {
    const input = paths.map((path) => `${revision}:./${path}\n`).join('');
    output = execFileSync('git', ['-C', root, 'cat-file', '--batch'], { input, stdio: ['pipe', 'pipe', 'ignore'], maxBuffer: 1 << 30 });
  } catch {
    return found;
  }
  // Per path: `<object> blob <size>\n<content>\n`, or `<name> missing\n` (also `ambiguous`).
  let at = 0;
  for (const path of paths) {
    const end = output.indexOf(10, at);
    if (end < 0) break;
    const header = output.subarray(at, end).toString('utf8').split(' ');
    at = end + 1;
    if (header.length !== 3) continue;
    const size = Number(header[2]);
    if (header[1] === 'blob') found.set(path, output.subarray(at, at + size).toString('utf8'));
    at += size + 1;
  }
  return found;
}

/** The merge base of HEAD with the main branch (`main`, else `master`), or undefined outside git. */
export function defaultBaseline(root: string): string | undefined {
  for (const branch of ['main', 'master', 'origin/main']) {
    try {
      return execFileSync('git', ['-C', root, 'merge-base', 'HEAD', branch], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      // try the next name
    }
  }
  return undefined;
}

/** Whether `revision` names a commit of the git checkout at `root` (false outside git). */
export function isRevision(root: string, revision: string): boolean {
  try {
    execFileSync('git', ['-C', root, 'rev-parse', '--verify', '--quiet', `${revision}^{commit}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
