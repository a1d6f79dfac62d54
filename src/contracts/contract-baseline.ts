import type { CompiledProject } from '../compile/compiled-node.js';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { defaultBaseline, readAllAtRevision, readAtRevision } from '../project/git-revision.js';
import { classifyChanges, requiresNewMajor } from './classify-changes.js';
import type { ContractDefinition } from './contract-definition.js';
import { readContract } from './read-contract.js';

/**
 * Each contract classified against its version in a git revision (default: the merge base with
 * main): what a pull request changes in a contract, with no warehouse. A breaking change without a
 * new major version is an error at the line of the change.
 */
export function contractChangesSince(compiled: CompiledProject, against: string | undefined): Diagnostic[] {
  const root = compiled.project.config.root;
  const revision = against ?? defaultBaseline(root);
  if (!revision) return [];
  const diagnostics: Diagnostic[] = [];
  const texts = readAllAtRevision(root, compiled.project.contracts.map((c) => c.file), revision);
  for (const contract of compiled.project.contracts) {
    const text = texts.get(contract.file);
    const before = text === undefined ? undefined : readContract({ path: contract.file, text }, contract.domain ? { domain: contract.domain } : {}).contract;
    if (!before) continue;
    const changes = classifyChanges(before, contract);
    const refused = !requiresNewMajor(before, contract, changes).ok;
    for (const change of changes) {
      if (change.kind === 'breaking' && refused) {
        diagnostics.push(error('MESH215', `${change.message} (${change.rule}): breaking since ${revision.slice(0, 12)}, and the version stays ${contract.version.major}.x`, {
          file: contract.file,
          line: change.line,
          hint: `publish it as version ${contract.version.major + 1}.0.0 (a new view beside the old one), or undo the change`,
        }));
      } else if (change.kind === 'warning') {
        diagnostics.push(warning('MESH216', `${change.message} (${change.rule})`, { file: contract.file, line: change.line, hint: 'check that consumers still work' }));
      }
    }
  }
  return diagnostics;
}


/** A contract file as it stood in a git revision; undefined when it did not exist or did not read. */
export function contractAtRevision(root: string, path: string, revision: string, domain: string | undefined): ContractDefinition | undefined {
  const text = readAtRevision(root, path, revision);
  return text === undefined ? undefined : readContract({ path, text }, domain ? { domain } : {}).contract;
}
