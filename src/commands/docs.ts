import { join, resolve } from 'node:path';
import type { Catalog } from '../catalog/catalog-types.js';
import { serveSite, type SiteServer } from '../docs/serve-site.js';
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
 * static site in `out` (default target/docs) that opens from file:// with no network.
 */
export async function docs(options: ProjectOptions & { readonly out?: string }): Promise<DocsResult> {
  // The catalog keeps the last build's results, which the site shows.
  const result = await catalog(options);
  if (!result.catalog || !result.graph) return { diagnostics: result.diagnostics };
  try {
    const site = writeDocsSite(result.catalog, result.graph, options.out ? resolve(options.out) : join(result.targetDir, 'docs'));
    return { diagnostics: result.diagnostics, catalog: result.catalog, site };
  } catch (e) {
    return { diagnostics: [...result.diagnostics, unwritable(e, resolve(options.projectDir))] };
  }
}

/** `mesh docs --serve`: serves a written site on localhost (port 0: any free port) until closed. */
export function serveDocs(site: DocsSite, port: number): Promise<SiteServer> {
  return serveSite(site.dir, { port });
}
