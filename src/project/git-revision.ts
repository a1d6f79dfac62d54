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
