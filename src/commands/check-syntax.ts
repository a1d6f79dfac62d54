import { createHash } from 'node:crypto';
import { EngineError } from '../adapters/adapter.js';
import { loadMemo, saveMemo } from '../artifacts/cache-files.js';
import type { SyntaxCheck, SyntaxOutcome } from '../compile/bigquery-syntax.js';
import type { CompiledNode, CompiledProject, MappedSql } from '../compile/compiled-node.js';
import { laggingConstructBefore, rewriteLagging } from '../compile/lagging-constructs.js';
import { blankTextAndComments } from '../compile/split-statements.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { locateEngineError } from '../execute/locate-engine-error.js';
import type { EngineName } from '../parse/definitions.js';
import { sourceLines } from '../project/source-lines.js';

/** Engines whose SQL can be parsed offline, each parser loaded only when its engine is the target's. */
const OFFLINE_PARSERS: Partial<Record<EngineName, () => Promise<SyntaxCheck>>> = {
  bigquery: async () => (await import('../compile/bigquery-syntax.js')).bigquerySyntax(),
};

/** What the offline syntax check did, for the command's summary. */
export interface SyntaxCheckSummary {
  /** Statements looked at: each node's SELECT and incremental SELECT (a contract view's holds its mapping). */
  readonly statements: number;
  /** Of those, how many were answered from target/.cache (the same SQL parsed before). */
  readonly cached: number;
  /** Statements the parser rejected where it lags BigQuery: not reported, not checked. */
  readonly unchecked: readonly { readonly node: string; readonly construct: string }[];
}

export interface SyntaxCheckResult {
  readonly diagnostics: readonly Diagnostic[];
  /** Absent when the target's engine has no offline parser. */
  readonly summary?: SyntaxCheckSummary;
}

/** Bump when what is stored for a statement changes meaning (the parser, the rewrites). */
const CHECK_VERSION = 1;

/** An outcome as stored in the cache (null: it parsed). */
type Remembered = Exclude<SyntaxOutcome, undefined> | null;

/**
 * `mesh check` on an engine with an offline parser: every node's compiled SELECT (and incremental
 * SELECT; a contract view's holds its mapping) is parsed; a rejection is MESH123 at the line of
 * the user's file it came from, unless a construct the parser lags on occurs up to where it
 * stopped. Outcomes are remembered by SQL hash in target/.cache: parsing is slow next to
 * compiling (see docs/bigquery-sql-check.md).
 */
export async function checkSyntax(compiled: CompiledProject, targetDir: string, options: { readonly cache?: boolean } = {}): Promise<SyntaxCheckResult> {
  const load = OFFLINE_PARSERS[compiled.target.engine];
  if (!load) return { diagnostics: [] };
  const memo = options.cache === false ? undefined : loadMemo<Remembered>(targetDir, `syntax-${compiled.target.engine}`);
  let parse: SyntaxCheck | undefined;
  const lexicon = compiled.dialect.lexicon;
  const lineOf = sourceLines(compiled.project.config.root);
  const diagnostics: Diagnostic[] = [];
  const unchecked: { node: string; construct: string }[] = [];
  const reported = new Set<string>();
  let statements = 0;
  let cached = 0;

  // Ephemeral models first: their mistakes are reported under their own name, not a reader's.
  const nodes = [...compiled.nodes.values()].sort((a, b) => Number(b.materialized === 'ephemeral') - Number(a.materialized === 'ephemeral'));
  for (const node of nodes) {
    for (const { what, query } of queriesOf(node)) {
      statements++;
      const key = createHash('sha256').update(`${CHECK_VERSION}\n${query.sql}`).digest('base64url');
      const remembered = memo?.recall(key);
      let outcome: Remembered;
      if (remembered !== undefined) {
        cached++;
        outcome = remembered;
      } else {
        parse ??= await load();
        // Lagging constructs with a same-length spelling the parser accepts are rewritten first, so the rest is checked.
        outcome = parse(rewriteLagging(query.sql, blankTextAndComments(query.sql, lexicon))) ?? null;
        memo?.set(key, outcome);
      }
      if (outcome === null) continue;
      if ('parserFailed' in outcome) {
        unchecked.push({ node: node.id, construct: `the parser failed (${outcome.parserFailed})` });
        continue;
      }
      const code = blankTextAndComments(query.sql, lexicon);
      const lagging = laggingConstructBefore(blankTextAndComments(rewriteLagging(query.sql, code), lexicon), outcome.offset);
      if (lagging) {
        unchecked.push({ node: node.id, construct: lagging.construct });
        continue;
      }
      const where = locateEngineError(new EngineError(outcome.message, 0, outcome.line, outcome.column), query.sql, query, node.file, lineOf);
      // An ephemeral model's mistake shows in its own SELECT and in every reader's: reported once.
      const at = `${where.file}:${where.line ?? node.line}:${where.column ?? ''}`;
      if (reported.has(at)) continue;
      reported.add(at);
      diagnostics.push(
        error('MESH123', `BigQuery syntax error in ${describe(node)}${what}: ${where.message}`, {
          file: where.file,
          line: where.line ?? node.line,
          ...(where.column ? { column: where.column } : {}),
          hint: 'fix the SQL for BigQuery (GoogleSQL) at that line; if BigQuery accepts it, the offline parser lags: see docs/bigquery-sql-check.md',
        }),
      );
    }
  }
  if (memo) saveMemo(targetDir, `syntax-${compiled.target.engine}`, memo);
  return { diagnostics, summary: { statements, cached, unchecked } };
}

/** A contract's mapping is checked inside its view's SELECT, whose line map points into the mapping's file. */
function queriesOf(node: CompiledNode): { what: string; query: MappedSql }[] {
  return [
    { what: '', query: node.select },
    ...(node.incrementalSelect ? [{ what: ' (its is_incremental SELECT)', query: node.incrementalSelect }] : []),
  ];
}

function describe(node: CompiledNode): string {
  return `${node.kind} '${node.domain}.${node.name}'`;
}
