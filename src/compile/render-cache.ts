import type { Memo } from '../cache/memo.js';
import type { RenderHooks, TemplateLocation } from '../template/template-engine.js';
import type { MappedSql } from './compiled-node.js';
import { NodeHooks, type ProjectIndex } from './model-hooks.js';
import { checksum } from '../parse/parse-model.js';

/** One question a template asked while rendering, and the answer it got. */
export interface HookCall {
  readonly kind: 'ref' | 'source' | 'variable' | 'contract' | 'env' | 'macro';
  readonly name: string;
  readonly fallback?: unknown;
  readonly at: TemplateLocation;
  readonly answer: string;
}

/**
 * A render that produced no problems. Rendering is a pure function of the template text, its scope,
 * meshwork's templates and the answers to its questions (refs, sources, vars), so when every
 * question still gets the same answer, the SQL is the same and need not be rendered again.
 */
export interface RenderRecord {
  readonly sql: MappedSql;
  readonly calls: readonly HookCall[];
}

export type RenderCache = Memo<RenderRecord>;

/** Hooks that answer like NodeHooks and write down every question and answer. */
export class RecordingHooks implements RenderHooks {
  readonly calls: HookCall[] = [];
  constructor(readonly inner: NodeHooks) {}

  ref(name: string, at: TemplateLocation): string {
    return this.record({ kind: 'ref', name, at, answer: this.inner.ref(name, at) });
  }
  source(name: string, at: TemplateLocation): string {
    return this.record({ kind: 'source', name, at, answer: this.inner.source(name, at) });
  }
  variable(name: string, fallback: unknown, at: TemplateLocation): unknown {
    const value = this.inner.variable(name, fallback, at);
    this.record({ kind: 'variable', name, fallback, at, answer: varAnswer(value) });
    return value;
  }
  contract(name: string, version: unknown, at: TemplateLocation): string {
    return this.record({ kind: 'contract', name, fallback: version, at, answer: this.inner.contract(name, version, at) });
  }
  environment(name: string, fallback: unknown, at: TemplateLocation): string | undefined {
    const value = this.inner.environment(name, fallback, at);
    this.record({ kind: 'env', name, fallback, at, answer: varAnswer(value) });
    return value;
  }
  report(...args: Parameters<RenderHooks['report']>): void {
    this.inner.report(...args);
  }
  macroCalled(name: string, identity: string): void {
    this.record({ kind: 'macro', name, at: { line: 0 }, answer: identity });
  }

  private record(call: HookCall): string {
    this.calls.push(call);
    return call.answer;
  }
}

/**
 * Asks the record's questions again; the hooks collect dependencies as a render would. `macro`
 * tells which macro file and text a call of that name runs now: an edited, added or removed macro
 * re-renders exactly the nodes that called it.
 */
export function replay(record: RenderRecord, hooks: NodeHooks, macro: (name: string) => string | undefined = () => undefined): boolean {
  for (const call of record.calls) {
    const answer =
      call.kind === 'macro'
        ? macro(call.name)
        : call.kind === 'ref'
        ? hooks.ref(call.name, call.at)
        : call.kind === 'source'
          ? hooks.source(call.name, call.at)
          : call.kind === 'contract'
            ? hooks.contract(call.name, call.fallback, call.at)
            : call.kind === 'env'
              ? varAnswer(hooks.environment(call.name, call.fallback, call.at))
            : varAnswer(hooks.variable(call.name, call.fallback, call.at));
    if (answer !== call.answer) return false;
  }
  return hooks.diagnostics.length === 0;
}

/**
 * A var's answer as recorded: a hash of its value with its type (5 and "5" render differently
 * through {{literal}}). Hashed because a var may come from the environment (`${NAME}` in
 * mesh.yaml), and the record is written to target/.cache.
 */
function varAnswer(value: unknown): string {
  return checksum(JSON.stringify(value) ?? 'undefined');
}

export function renderCacheKey(parts: readonly (string | boolean)[]): string {
  return parts.join('\u0000');
}

export type { ProjectIndex };
