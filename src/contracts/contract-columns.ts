import { EngineError, type Adapter } from '../adapters/adapter.js';
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
  // `only`: the contract views and consumers among these nodes (a build checks what it runs).
  const nodes = [...compiled.nodes.values()].filter((n) => !only || only.has(n.id));
  const contracts = nodes.filter((n) => n.kind === 'contract' && n.contractObject);
  const imports = await createImportedViews(compiled, scratch);
  const consumers = nodes.filter((n) => n.kind === 'model' && imports.some((i) => n.select.sql.includes(i.relation)));
  if (contracts.length === 0 && consumers.length === 0) return [];
  const needed = new Set<string>();
  for (const id of [...contracts.flatMap((c) => c.dependsOn.map((d) => d.id)), ...consumers.map((c) => c.id)]) {
    needed.add(id);
    for (const ancestor of compiled.graph.ancestors(id)) needed.add(ancestor);
  }
  const schemas = [...new Set([...needed].map((id) => compiled.nodes.get(id)?.schema).filter((s): s is string => s !== undefined))];
  await scratch.ensureSchemas(schemas.map((name) => ({ name })));

  const unavailable = new Map<string, string>();
  const failures = new Map<string, EngineError>();
  for (const id of compiled.graph.topologicalOrder(needed)) {
    const node = compiled.nodes.get(id)!;
    if (!node.relation || node.materialized === 'ephemeral') continue;
    const blocked = node.dependsOn.find((d) => unavailable.has(d.id));
    if (blocked) {
      unavailable.set(id, unavailable.get(blocked.id)!);
      continue;
    }
    try {
      // An empty table, not a view: a view re-binds every view beneath it, which grows with depth times fan-out.
      await scratch.execute([{ sql: `CREATE OR REPLACE TABLE ${node.relation} AS\nSELECT * FROM (\n${node.select.sql}\n) AS bound LIMIT 0` }]);
    } catch (e) {
      unavailable.set(id, `${node.file}: ${(e as Error).message.split('\n')[0]}`);
      if (e instanceof EngineError) failures.set(id, e);
    }
  }

  const diagnostics: Diagnostic[] = [...consumers.flatMap((node) => importConsumerError(node, imports, failures.get(node.id)))];
  for (const contract of contracts) {
    const object = contract.contractObject!;
    // What fills the view: its mapping (contracts/<stem>.sql) when it has one, else its backing model.
    const source = contract.mapping
      ? { what: `the mapping ${mappingFile(contract)}`, file: mappingFile(contract), sql: `SELECT * FROM (\n${contract.mapping.sql}\n) AS mapped` }
      : backingOf(compiled, contract);
    const why = contract.dependsOn.map((d) => unavailable.get(d.id)).find((w) => w !== undefined);
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
interface ImportedView {
  readonly key: string;
  readonly relation: string;
  readonly file: string;
}

/**
 * Each imported contract with a location on this target becomes an empty, typed table at that
 * location: consumers bind against the contract alone, without the producer's code.
 */
async function createImportedViews(compiled: CompiledProject, scratch: Adapter): Promise<ImportedView[]> {
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
function importConsumerError(node: CompiledNode, imports: readonly ImportedView[], failure: EngineError | undefined): Diagnostic[] {
  if (!failure || !/^Binder Error/.test(failure.message)) return [];
  const read = imports.filter((i) => node.select.sql.includes(i.relation));
  const column = /"([^"]+)" not found/.exec(failure.message)?.[1] ?? /column "?([^"\s]+)"? not found/i.exec(failure.message)?.[1];
  // The statement wraps the model's SQL after two lines.
  const index = failure.line !== undefined ? failure.line - 3 : -1;
  const line = index >= 0 ? node.select.lines[index] : undefined;
  return [
    error('MESH218', `${describe(node)} reads ${column ? `column '${column}', which is` : 'a column'} not in imported contract ${read.map((i) => `'${i.key}'`).join(' or ')}: ${failure.message.split('\n')[0]}`, {
      file: (line ? node.select.files?.[index] : undefined) ?? node.file,
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
