import type { Dialect } from '../adapters/dialect.js';
import type { MeshGraph } from '../graph/mesh-graph.js';
import { buildCatalog } from '../catalog/build-catalog.js';
import type { Catalog } from '../catalog/catalog-types.js';
import { writeCatalog } from '../catalog/write-catalog.js';
import { withLastResults } from '../catalog/last-results.js';
import { readCatalogFile } from '../catalog/read-catalog.js';
import { readFreshnessResults } from '../catalog/freshness-results.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { compile, unwritable, type ProjectOptions } from './compile.js';
import { lineageOf } from './lineage.js';

export interface CatalogResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly catalog?: Catalog;
  /** Files written, relative to `targetDir`: catalog.json, then products/<domain>.<product>/…. */
  readonly files: readonly string[];
  readonly targetDir: string;
  /** The compiled project's graph (the docs site's selector box selects on it). */
  readonly graph?: MeshGraph;
  /** The target's SQL dialect for sql-formatter (the docs site lays out the SQL it shows). */
  readonly sqlLanguage?: Dialect['formatterLanguage'];
}

/**
 * `mesh catalog`: target/catalog.json and, per data product, its resolved contracts and ODPS
 * descriptor, from the compiled project alone (nothing runs; `mesh build` writes them with results).
 */
export async function catalog(options: ProjectOptions): Promise<CatalogResult> {
  const result = compile(options);
  const { compiled, targetDir } = result;
  if (!compiled || hasErrors(result.diagnostics)) return { diagnostics: result.diagnostics, files: [], targetDir };
  const columns = await lineageOf(result, options);
  // Nothing runs here: the results of the last build on this target are carried over.
  const freshness = readFreshnessResults(targetDir, compiled.target.name);
  const built = withLastResults(buildCatalog(compiled, columns.lineage, undefined, { generatedAt: new Date().toISOString(), freshness }), readCatalogFile(targetDir));
  try {
    return { diagnostics: result.diagnostics, catalog: built, files: writeCatalog(built, compiled, targetDir), targetDir, graph: compiled.graph, sqlLanguage: compiled.dialect.formatterLanguage };
  } catch (e) {
    return { diagnostics: [...result.diagnostics, unwritable(e, compiled.project.config.root)], files: [], targetDir };
  }
}
