import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MESHWORK_VERSION } from '../artifacts/artifact-metadata.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { readsEnvironment } from '../parse/env-interpolation.js';
import type { ProjectFiles, SourceFile } from '../project/project-files.js';

/**
 * What the last `mesh compile` of a project produced, and from what: when the project's files and
 * everything else a compile reads are the same again, and target/ still holds what it wrote, that
 * compile's outcome stands and nothing is parsed, rendered or written (the warm edit-compile loop
 * on an unchanged mesh: make's rule, with content hashes instead of times for the inputs).
 */
export interface CompileRecord {
  readonly format: typeof FORMAT;
  /** The inputs' hash (compileKey). */
  readonly key: string;
  readonly nodes: number;
  readonly target: { readonly name: string; readonly engine: string };
  /** The compile's diagnostics (warnings only: a compile with errors writes nothing and no record). */
  readonly diagnostics: readonly Diagnostic[];
  /** Stamps of what it wrote (size and modification time): a file rewritten since, by anything, is a miss. */
  readonly outputs: Readonly<Record<string, string>>;
  /** compileSettings: everything but the files. */
  readonly settings: string;
  /**
   * Stamps of every path loadProject looked at (folders listed, files read, paths tested), taken
   * before it looked: when all are the same, no file was added, removed or written, and the files
   * need not even be read. Recent ones are recorded as 'recent' and never match (see inputStamp).
   */
  readonly inputs: Readonly<Record<string, string>>;
  /** Stamps of the folders of target/compiled/, when the record was written (inputStamp). */
  readonly folders?: Readonly<Record<string, string>>;
}

/** Bump when the record or the key changes shape. */
const FORMAT = 1;
const RECORD = join('.cache', 'compile.json');
/** The files a compile writes besides target/compiled/<domain>/<stage>/*.sql (listed in the index). */
const OUTPUTS = ['manifest.json', join('compiled', '.index.json')];
const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface CompileInputs {
  readonly files: ProjectFiles;
  /** loadProject's own problems (a misplaced file, an unreadable one): they are part of the outcome. */
  readonly diagnostics: readonly Diagnostic[];
  readonly target?: string;
  /** `--vars` as given. */
  readonly vars?: unknown;
  readonly format: boolean;
  /** Contract sunsets are judged against today (UTC), so an outcome holds for the day only. */
  readonly today: string;
}

/**
 * A hash of everything a compile reads: every project file's path and content (never a stamp, so a
 * touched but unchanged file still hits and a changed one never does), where loadProject found it,
 * its problems, the options, the day, and meshwork itself (version and its templates). Undefined
 * when the project reads the environment (`${NAME}` in YAML, `{{env}}` in SQL): which variables a
 * compile read is not recorded, so such a project always compiles.
 */
export function compileKey(inputs: CompileInputs): string | undefined {
  // One running hash over every part: a hash per file was a third of a warm compile of 10,000 models.
  const digest = createHash('sha1');
  const part = (text: string): void => void digest.update(text).update('\u0000');
  part(`format ${FORMAT} meshwork ${MESHWORK_VERSION}`);
  part(builtinTemplatesStamp());
  let readsEnv = false;
  const add = (role: string, file: SourceFile | undefined): void => {
    if (!file) return part(`${role} -`);
    if (file.path.endsWith('.sql') ? /\benv(_var)?\b/.test(file.text) : readsEnvironment(file.text)) readsEnv = true;
    part(`${role} ${file.path} ${file.absolute} ${file.undecodable ? 'undecodable' : file.text.length}`);
    part(file.text);
  };
  const { files } = inputs;
  part(`root ${files.root}`);
  add('config', files.configFile);
  for (const domain of files.domains) {
    part(`domain ${domain.folder} ${domain.dir} ${domain.domainFileUnreadable ? 'unreadable' : ''}`);
    add('domain.yaml', domain.domainFile);
    for (const { stage, file } of domain.models) add(`model ${stage}`, file);
    for (const file of domain.seeds) add('seed', file);
    for (const file of domain.tests) add('test', file);
    for (const file of domain.genericTests ?? []) add('generic', file);
    for (const file of domain.contracts) add('contract', file);
    for (const file of domain.macros ?? []) add('macro', file);
  }
  for (const [key, file] of files.templates) add(`template ${key}`, file);
  for (const file of files.macros ?? []) add('macro', file);
  for (const file of files.genericTests ?? []) add('generic', file);
  for (const [path, file] of files.imports) add(`import ${path}`, file);
  if (readsEnv) return undefined;
  part(`problems ${JSON.stringify(inputs.diagnostics)}`);
  part(`target ${inputs.target ?? ''} vars ${JSON.stringify(inputs.vars ?? null)} sql ${inputs.format ? 'formatted' : 'rendered'} today ${inputs.today}`);
  return digest.digest('hex');
}

/** What a compile depends on besides the project's files (the options, the day, meshwork itself). */
export function compileSettings(inputs: Omit<CompileInputs, 'files' | 'diagnostics'>): string {
  return createHash('sha1')
    .update(`format ${FORMAT} meshwork ${MESHWORK_VERSION}\u0000${builtinTemplatesStamp()}\u0000`)
    .update(`target ${inputs.target ?? ''} vars ${JSON.stringify(inputs.vars ?? null)} sql ${inputs.format ? 'formatted' : 'rendered'} today ${inputs.today}`)
    .digest('hex');
}

/** The last compile's record, when there is one of this format. */
export function readCompileRecord(targetDir: string): CompileRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(join(targetDir, RECORD), 'utf8')) as CompileRecord;
    return record.format === FORMAT ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A path's stamp: kind, size, modification time and inode, following links; 'absent' when there is
 * nothing. A stamp taken within two seconds of the path's modification is 'recent': a file written
 * again within the same tick of a coarse clock keeps its time, so only older stamps are trusted (as
 * git treats "racily clean" entries).
 */
export function inputStamp(path: string, takenAt?: number): string {
  try {
    // No exception for a path that is not there: many are not (a domain without seeds/), and throwing costs.
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return 'absent';
    if (takenAt !== undefined && stat.mtimeMs >= takenAt - 2000) return 'recent';
    return `${stat.mode}:${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  } catch {
    return 'absent';
  }
}

/** Whether every path the last compile's loadProject looked at is as it was (a 'recent' stamp never is). */
export function inputsUnchanged(record: CompileRecord): boolean {
  const entries = Object.entries(record.inputs ?? {});
  if (entries.length === 0) return false;
  for (const [path, stamp] of entries) if (stamp === 'recent' || inputStamp(path) !== stamp) return false;
  return true;
}

/** The last compile's record when its key is `key` and target/ still holds what it wrote; otherwise undefined. */
export function unchangedCompile(targetDir: string, key: string): CompileRecord | undefined {
  const record = readCompileRecord(targetDir);
  if (!record || record.key !== key || !outputsIntact(targetDir, record)) return undefined;
  return record;
}

/** Whether target/ still holds what the record's compile wrote. */
export function outputsIntact(targetDir: string, record: CompileRecord): boolean {
  for (const [path, stamp] of Object.entries(record.outputs)) if (outputStamp(join(targetDir, path)) !== stamp) return false;
  // Every compiled file the index lists is still there (a deleted one is written again by a compile):
  // certain when no folder of them changed since the record was written, with every file in it.
  const folders = Object.entries(record.folders ?? {});
  if (folders.length > 0 && folders.every(([path, stamp]) => stamp !== 'recent' && inputStamp(join(targetDir, path)) === stamp)) return true;
  const index = readIndexPaths(targetDir);
  if (!index) return false;
  const listings = new Map<string, ReadonlySet<string>>();
  for (const path of index) {
    // Index paths are compiled/<domain>/<stage>/<name>.sql, with slashes on every system.
    const slash = path.lastIndexOf('/');
    const dir = path.slice(0, slash);
    let names = listings.get(dir);
    if (!names) {
      const absolute = join(targetDir, dir);
      names = new Set(existsSync(absolute) ? readdirSync(absolute) : []);
      listings.set(dir, names);
    }
    if (!names.has(path.slice(slash + 1))) return false;
  }
  return true;
}

/** Writes the record of a compile that wrote target/; best effort, like the other caches. */
export function saveCompileRecord(targetDir: string, record: Omit<CompileRecord, 'format' | 'outputs' | 'folders'>): void {
  try {
    const outputs = Object.fromEntries(OUTPUTS.map((path) => [path, outputStamp(join(targetDir, path))]));
    // Every compiled file is there now (just written, or checked by writeCompiledSql): so it is later while its folder is unchanged.
    const takenAt = Date.now();
    const folders = Object.fromEntries([...new Set((readIndexPaths(targetDir) ?? []).map((path) => path.slice(0, path.lastIndexOf('/'))))].map((path) => [path, inputStamp(join(targetDir, path), takenAt)]));
    mkdirSync(join(targetDir, '.cache'), { recursive: true });
    writeFileSync(join(targetDir, RECORD), JSON.stringify({ format: FORMAT, ...record, outputs, folders } satisfies CompileRecord));
  } catch {
    // Only costs the next compile its shortcut.
  }
}

function outputStamp(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  } catch {
    return 'absent';
  }
}

function readIndexPaths(targetDir: string): string[] | undefined {
  try {
    const index = JSON.parse(readFileSync(join(targetDir, 'compiled', '.index.json'), 'utf8')) as { files?: Record<string, string> };
    return index.files ? Object.keys(index.files) : undefined;
  } catch {
    return undefined;
  }
}

/** meshwork's own templates, by name, size and time: they change only with meshwork (or while developing it). */
function builtinTemplatesStamp(): string {
  try {
    const entries = readdirSync(BUILTIN_TEMPLATES, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
    return `templates ${entries.map((file) => `${file} ${outputStamp(file)}`).join(' ')}`;
  } catch {
    return 'templates -';
  }
}
