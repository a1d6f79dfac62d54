import { join, resolve } from 'node:path';
import type { Catalog } from '../catalog/catalog-types.js';
import { serveSite, type SiteServer } from '../docs/serve-site.js';
import { withLaidOutSql } from '../docs/laid-out-sql.js';
import { writeDocsSite, type DocsSite } from '../docs/write-docs-site.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { unwritable, type ProjectOptions } from './compile.js';
import { catalog } from './catalog.js';

export interface DocsResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly catalog?: Catalog;
  readonly site?: DocsSite;
}

/**
 * `mesh docs`: the catalog (written as `mesh catalog` does, with the last build's results kept) as a
 * static site in `out` (default target/docs) that opens from file:// with no network. The site shows
 * each dataset's SQL laid out by sql-formatter.
 */
export async function docs(options: ProjectOptions & { readonly out?: string }): Promise<DocsResult> {
  // The catalog keeps the last build's results, which the site shows.
  const result = await catalog(options);
  if (!result.catalog || !result.graph || !result.sqlLanguage) return { diagnostics: result.diagnostics };
  try {
    // Laid out here, not by `mesh compile` (which writes SQL as rendered), cached by content hash.
    const shown = await withLaidOutSql(result.catalog, result.targetDir, result.sqlLanguage);
    const site = writeDocsSite(shown, result.graph, options.out ? resolve(options.out) : join(result.targetDir, 'docs'));
    return { diagnostics: result.diagnostics, catalog: result.catalog, site };
  } catch (e) {
    return { diagnostics: [...result.diagnostics, unwritable(e, resolve(options.projectDir))] };
  }
}

/** `mesh docs --serve`: serves a written site on localhost (port 0: any free port) until closed. */
export function serveDocs(site: DocsSite, port: number): Promise<SiteServer> {
  return serveSite(site.dir, { port });
}
