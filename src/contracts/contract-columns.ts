import type { Adapter } from '../adapters/adapter.js';
import { bindModels, type BindFailure, type BindOutcome } from '../compile/bind-models.js';
import { engineType } from './logical-types.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';

/**
 * Compile-time check, with no warehouse: does each contract's backing model provide every
 * contracted column? The backing model and its ancestors are created as empty tables in an embedded,
 * empty DuckDB over the project's local files (sources and seeds), and DuckDB's binder names their
 * columns: the same binder that builds them, so `*`, `USING` and aliases all resolve as in a build.
 * `compiled` must be compiled for a DuckDB target; nothing is materialized or read beyond the
 * files' headers and samples.
 */
export async function checkContractColumns(compiled: CompiledProject, scratch: Adapter, only?: ReadonlySet<string>): Promise<Diagnostic[]> {
  const imports = await createImportedViews(compiled, scratch);
  const { contracts, consumers } = contractsAndConsumers(compiled, imports, only);
  if (contracts.length === 0 && consumers.length === 0) return [];
  const needed = new Set([...contracts.flatMap((c) => c.dependsOn.map((d) => d.id)), ...consumers.map((c) => c.id)]);
  const outcome = await bindModels(compiled, scratch, { only: needed });
  return contractColumnDiagnostics(compiled, scratch, imports, outcome, only);
}

/** The contract views and the consumers of imported contracts (among `only`, when given). */
function contractsAndConsumers(compiled: CompiledProject, imports: readonly ImportedView[], only?: ReadonlySet<string>): { contracts: CompiledNode[]; consumers: CompiledNode[] } {
  // `only`: the contract views and consumers among these nodes (a build checks what it runs).
  const nodes = [...compiled.nodes.values()].filter((n) => !only || only.has(n.id));
  return {
    contracts: nodes.filter((n) => n.kind === 'contract' && n.contractObject),
    consumers: nodes.filter((n) => n.kind === 'model' && imports.some((i) => n.select.sql.includes(i.relation))),
  };
}

/**
 * The contract columns and imported-contract consumers, once `bindModels` created the models they
 * read (at least the contracts' backing models and the consumers, with their ancestors).
 */
export async function contractColumnDiagnostics(
  compiled: CompiledProject,
  scratch: Adapter,
  imports: readonly ImportedView[],
  outcome: BindOutcome,
  only?: ReadonlySet<string>,
): Promise<Diagnostic[]> {
  const { contracts, consumers } = contractsAndConsumers(compiled, imports, only);
  const unavailable = (id: string): string | undefined => {
    const failedId = outcome.failed.has(id) ? id : outcome.blocked.get(id);
    const failure = failedId !== undefined ? outcome.failed.get(failedId) : undefined;
    return failure ? `${compiled.nodes.get(failedId!)!.file}: ${failure.error.message.split('\n')[0]}` : undefined;
  };
  const diagnostics: Diagnostic[] = [...consumers.flatMap((node) => importConsumerError(node, imports, outcome.failed.get(node.id)))];
  for (const contract of contracts) {
    const object = contract.contractObject!;
    // What fills the view: its mapping (contracts/<stem>.sql) when it has one, else its backing model.
    const source = contract.mapping
      ? { what: `the mapping ${mappingFile(contract)}`, file: mappingFile(contract), sql: `SELECT * FROM (\n${contract.mapping.sql}\n) AS mapped` }
      : backingOf(compiled, contract);
    const why = contract.dependsOn.map((d) => unavailable(d.id)).find((w) => w !== undefined);
    if (why) {
      diagnostics.push(
        warning('MESH214', `cannot check the columns of contract view ${contract.relation} at compile time: ${why}`, {
          file: contract.file,
          line: object.line,
          hint: 'the build still checks them; give sources a duckdb location with sample data to check earlier',
        }),
      );
      continue;
    }
    let provided: string[];
    try {
      provided = await scratch.queryValues(`SELECT column_name FROM (DESCRIBE ${source.sql})`);
    } catch (e) {
      diagnostics.push(
        error('MESH214', `${source.what} does not bind: ${(e as Error).message.split('\n')[0]}`, { file: source.file, line: 1, hint: 'fix the query; the contract view reads it' }),
      );
      continue;
    }
    for (const property of object.properties) {
      if (provided.includes(property.name)) continue;
      const near = nearestNames(property.name, provided);
      diagnostics.push(
        error('MESH214', `contract column '${property.name}' is not provided by ${source.what} (${source.file})`, {
          file: contract.file,
          line: property.line,
          hint: near.length > 0 ? `${contract.mapping ? 'the mapping' : 'the model'} has ${near.map((n) => `'${n}'`).join(', ')}: rename one side, or map it in ${contract.mapping ? 'the mapping' : 'the model'}` : `add '${property.name}' to ${source.file}, or remove it from the contract with a new major version`,
        }),
      );
    }
  }
  return diagnostics;
}

/** An imported contract as the scratch database stands it in: an empty table of the contracted columns and types. */
export interface ImportedView {
  readonly key: string;
  readonly relation: string;
  readonly file: string;
}

/**
 * Each imported contract with a location on this target becomes an empty, typed table at that
 * location: consumers bind against the contract alone, without the producer's code.
 */
export async function createImportedViews(compiled: CompiledProject, scratch: Adapter): Promise<ImportedView[]> {
  const created: ImportedView[] = [];
  for (const { contract, locations } of compiled.project.imported) {
    const location = locations[compiled.target.name];
    const object = contract.schema[0];
    if (!location || !object || object.properties.length === 0) continue;
    const parts = location.split('.').map((part) => compiled.dialect.quoteIdentifier(part));
    const relation = parts.join('.');
    const columns = object.properties.map((p) => `${compiled.dialect.quoteIdentifier(p.name)} ${engineType(p, 'duckdb') ?? 'VARCHAR'}`);
    const statements = [
      ...(parts.length === 3 ? [{ sql: `ATTACH IF NOT EXISTS ':memory:' AS ${parts[0]}` }] : []),
      ...(parts.length > 1 ? [{ sql: `CREATE SCHEMA IF NOT EXISTS ${parts.slice(0, -1).join('.')}` }] : []),
      { sql: `CREATE OR REPLACE TABLE ${relation} (${columns.join(', ')})` },
    ];
    await scratch.execute(statements);
    created.push({ key: `${contract.domain}.${contract.product} version ${contract.version.major}`, relation, file: contract.file });
  }
  return created;
}

/**
 * A consumer of an imported contract that does not bind: when DuckDB's binder names a column
 * the contract does not have, that is MESH218 at the consumer's line.
 */
function importConsumerError(node: CompiledNode, imports: readonly ImportedView[], failure: BindFailure | undefined): Diagnostic[] {
  if (!failure || !/^Binder Error/.test(failure.error.message)) return [];
  const read = imports.filter((i) => node.select.sql.includes(i.relation));
  const message = failure.error.message;
  const column = /"([^"]+)" not found/.exec(message)?.[1] ?? /column "?([^"\s]+)"? not found/i.exec(message)?.[1];
  const index = failure.error.line !== undefined ? failure.error.line - 1 : -1;
  const line = index >= 0 ? failure.statement.lines[index] : undefined;
  return [
    error('MESH218', `${describe(node)} reads ${column ? `column '${column}', which is` : 'a column'} not in imported contract ${read.map((i) => `'${i.key}'`).join(' or ')}: ${message.split('\n')[0]}`, {
      file: (line ? failure.statement.files?.[index] : undefined) ?? node.file,
      ...(line ? { line } : { line: node.line }),
      hint: `the contract (${read.map((i) => i.file).join(', ')}) lists the columns you can read; ask its owners for a new version if you need another`,
    }),
  ];
}

function backingOf(compiled: CompiledProject, contract: CompiledNode): { what: string; file: string; sql: string } {
  const backing = compiled.nodes.get(contract.dependsOn[0]!.id)!;
  return { what: describe(backing), file: backing.file, sql: backing.relation! };
}

function mappingFile(contract: CompiledNode): string {
  return contract.file.replace(/\.odcs\.yaml$/, '.sql');
}

function describe(node: CompiledNode): string {
  return `${node.stage}.${node.name}`;
}
