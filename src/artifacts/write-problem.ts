import { relative, sep } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

/** What the file system says when a path meshwork writes is taken or closed: the user can fix these. */
const USER_FIXABLE = new Set(['ENOTDIR', 'EEXIST', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC']);

/**
 * MESH100 for output that cannot be written (`target` is a file, a read-only folder, a full disk),
 * named relative to the project; undefined for any other failure, which is a bug and is rethrown.
 */
export function writeProblem(e: unknown, root: string): Diagnostic | undefined {
  const failure = e as NodeJS.ErrnoException;
  if (!failure.code || !USER_FIXABLE.has(failure.code)) return undefined;
  const path = failure.path ? relative(root, failure.path).split(sep).join('/') || '.' : 'target';
  const reason = failure.message.replace(/^\w+: /, '').replace(/, \w+ '.*'$/, '');
  return error('MESH100', `cannot write ${path}: ${reason}`, {
    file: path,
    hint:
      failure.code === 'ENOTDIR' || failure.code === 'EEXIST'
        ? 'a file is in the way of a folder meshwork writes its output in (target/ and its folders): move or delete the file'
        : failure.code === 'ENOSPC'
          ? 'the disk is full: free some space'
          : 'give the user running mesh write permission there, or write elsewhere (--out for mesh docs)',
  });
}
