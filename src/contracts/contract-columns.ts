import type { Adapter } from '../adapters/adapter.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-node.js';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';

/**
 * Compile-time check, with no warehouse: does each contract's backing model provide every
 * contracted column? The backing model and its ancestors are created as views in an embedded,
 * empty DuckDB over the project's local files (sources and seeds), and DuckDB's binder names their
 * columns: the same binder that builds them, so `*`, `USING` and aliases all resolve as in a build.
 * `compiled` must be compiled for a DuckDB target; nothing is materialized or read beyond the
 * files' headers and samples.
 */
export async function checkContractColumns(compiled: CompiledProject, scratch: Adapter): Promise<Diagnostic[]> {
  const contracts = [...compiled.nodes.values()].filter((n) => n.kind === 'contract' && n.contractObject);
  if (contracts.length === 0) return [];
  const needed = new Set<string>();
  for (const contract of contracts) {
    const backing = contract.dependsOn[0]!.id;
    needed.add(backing);
    for (const id of compiled.graph.ancestors(backing)) needed.add(id);
  }
  const schemas = [...new Set([...needed].map((id) => compiled.nodes.get(id)?.schema).filter((s): s is string => s !== undefined))];
  await scratch.ensureSchemas(schemas);

  const unavailable = new Map<string, string>();
  for (const id of compiled.graph.topologicalOrder(needed)) {
    const node = compiled.nodes.get(id)!;
    if (!node.relation || node.materialized === 'ephemeral') continue;
    const blocked = node.dependsOn.find((d) => unavailable.has(d.id));
    if (blocked) {
      unavailable.set(id, unavailable.get(blocked.id)!);
      continue;
    }
    try {
      await scratch.execute([{ sql: `CREATE OR REPLACE VIEW ${node.relation} AS\n${node.select.sql}` }]);
    } catch (e) {
      unavailable.set(id, `${node.file}: ${(e as Error).message.split('\n')[0]}`);
    }
  }

  const diagnostics: Diagnostic[] = [];
  for (const contract of contracts) {
    const backing = compiled.nodes.get(contract.dependsOn[0]!.id)!;
    const object = contract.contractObject!;
    const why = unavailable.get(backing.id);
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
    const provided = await scratch.queryValues(`SELECT column_name FROM (DESCRIBE ${backing.relation})`);
    for (const property of object.properties) {
      if (provided.includes(property.name)) continue;
      const near = nearestNames(property.name, provided);
      diagnostics.push(
        error('MESH214', `contract column '${property.name}' is not provided by ${describe(backing)} (${backing.file})`, {
          file: contract.file,
          line: property.line,
          hint: near.length > 0 ? `the model has ${near.map((n) => `'${n}'`).join(', ')}: rename one side, or map it in the model` : `add '${property.name}' to ${backing.file}, or remove it from the contract with a new major version`,
        }),
      );
    }
  }
  return diagnostics;
}

function describe(node: CompiledNode): string {
  return `${node.stage}.${node.name}`;
}
