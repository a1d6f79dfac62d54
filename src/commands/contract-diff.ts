import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { EngineError } from '../adapters/adapter.js';
import { openAdapter } from '../adapters/open-adapter.js';
import { warehouseProblem } from '../adapters/warehouse-problem.js';
import { classifyChanges, requiresNewMajor, type ContractChange } from '../contracts/classify-changes.js';
import { contractAtRevision } from '../contracts/contract-baseline.js';
import { publishedBaseline, readPublishedState } from '../contracts/published-state.js';
import { readContract } from '../contracts/read-contract.js';
import { defaultBaseline } from '../project/git-revision.js';
import { decodeText } from '../project/decode-text.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { publishedStateRelation, PUBLISHED_STATE_SCHEMA } from '../plan/build-plan.js';
import type { ContractDefinition } from '../contracts/contract-definition.js';
import { compile, type ProjectOptions } from './compile.js';

export interface ContractDiff {
  readonly diagnostics: readonly Diagnostic[];
  /** What the contract is compared with: `git <revision>` or `published state of <target>`. */
  readonly baseline?: string;
  readonly before?: ContractDefinition;
  readonly after?: ContractDefinition;
  readonly changes: readonly ContractChange[];
  /** Whether the change may be published: no breaking change, or one with a new major version. */
  readonly allowed: boolean;
}

/**
 * `mesh contract diff <file>`: a contract's changes, classified, against its version in a git
 * revision (default: the merge base with main) or, with `state`, what the target last published.
 */
export async function diffContract(options: ProjectOptions & { readonly file: string; readonly against?: string; readonly state?: boolean }): Promise<ContractDiff> {
  const root = resolve(options.projectDir);
  // A path relative to the current folder, or else to the project.
  const absolute = [resolve(options.file), resolve(root, options.file)].find((f) => existsSync(f)) ?? resolve(options.file);
  const path = relative(root, absolute).split(sep).join('/');
  const domain = /^domains\/([^/]+)\/contracts\//.exec(path)?.[1];
  const decoded = isFile(join(root, path)) ? decodeText(readFileSync(join(root, path))) : undefined;
  if (decoded === undefined) {
    const shown = existsSync(absolute) ? path : options.file;
    return { diagnostics: [error('MESH201', `no contract file ${shown}`, { file: shown, hint: 'give the path of a domains/<domain>/contracts/<product>.odcs.yaml file' })], changes: [], allowed: false };
  }
  if ('problem' in decoded) {
    const { line, column, message, hint } = decoded.problem;
    return { diagnostics: [error('MESH105', message, { file: path, line, column, hint })], changes: [], allowed: false };
  }
  const text = decoded.text;
  const read = readContract({ path, text }, domain ? { domain } : {});
  const after = read.contract;
  if (!after) return { diagnostics: read.diagnostics, changes: [], allowed: false };
  let before: ContractDefinition | undefined;
  let baseline: string;
  if (options.state) {
    const result = compile(options);
    if (!result.compiled) return { diagnostics: result.diagnostics, changes: [], allowed: false };
    baseline = `published state of target '${result.compiled.target.name}'`;
    const opened = await openAdapter(result.compiled.target, root, 1, options.env ?? {});
    if (!opened.adapter) return { diagnostics: opened.diagnostics, changes: [], allowed: false };
    const stateSchema = result.compiled.dialect.schemaName(PUBLISHED_STATE_SCHEMA);
    try {
      const existing = await opened.adapter.relations([stateSchema]);
      const published = await readPublishedState(opened.adapter, existing.has(`${stateSchema}.published_contracts`) ? publishedStateRelation(result.compiled.dialect) : undefined);
      before = publishedBaseline(after, published.get(`${after.domain}.${after.product}`) ?? []);
    } catch (e) {
      // The warehouse refused (credentials, project, location, network): the target's problem, not a crash.
      if (!(e instanceof EngineError)) throw e;
      return { diagnostics: [warehouseProblem(result.compiled.target, opened.adapter, e, `cannot read the published state (${stateSchema})`)], changes: [], allowed: false };
    } finally {
      await opened.adapter.close();
    }
  } else {
    const revision = options.against ?? defaultBaseline(root) ?? 'HEAD';
    baseline = `git ${revision}`;
    before = contractAtRevision(root, path, revision, domain);
  }
  const changes = before ? classifyChanges(before, after) : [];
  const allowed = before ? requiresNewMajor(before, after, changes).ok : true;
  return { diagnostics: read.diagnostics, baseline, ...(before ? { before } : {}), after, changes, allowed };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
