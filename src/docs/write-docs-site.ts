import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../catalog/catalog-types.js';
import type { MeshGraph } from '../graph/mesh-graph.js';
import { dagreBrowserFiles } from './dagre-bundle.js';
import { selectionScript } from './selection-script.js';
import { catalogScript, escapeHtml } from './site-data.js';

/** The site's own files, shipped beside dist/ and src/ in templates/docs/. */
const SITE_DIR = fileURLToPath(new URL('../../templates/docs/', import.meta.url));
const ASSETS = ['style.css', 'dom.js', 'site.js', 'mesh-map.js', 'lineage-graph.js', 'graph-view.js', 'selector-box.js', 'overview.js', 'search.js', 'pages.js', 'app.js'] as const;

export interface DocsSite {
  readonly dir: string;
  /** Files written, relative to dir; index.html first. */
  readonly files: readonly string[];
}

/**
 * Writes the static docs site for a catalog into `dir`: index.html, the scripts and styles, dagre's
 * browser bundle, `catalog-data.js` and `selection.js` (the project's graph with meshwork's
 * selector code, for the selector box). Opens from file:// with no network. Other files in `dir`
 * are left alone.
 */
export function writeDocsSite(catalog: Catalog, graph: MeshGraph, dir: string): DocsSite {
  mkdirSync(dir, { recursive: true });
  const title = escapeHtml(`${catalog.project} · meshwork docs`);
  writeFileSync(join(dir, 'index.html'), readFileSync(join(SITE_DIR, 'index.html'), 'utf8').replaceAll('{{title}}', title));
  for (const asset of ASSETS) copyFileSync(join(SITE_DIR, asset), join(dir, asset));
  const dagre = dagreBrowserFiles();
  for (const file of dagre) copyFileSync(file.from, join(dir, file.to));
  writeFileSync(join(dir, 'catalog-data.js'), catalogScript(catalog));
  writeFileSync(join(dir, 'selection.js'), selectionScript(graph));
  return { dir, files: ['index.html', ...ASSETS, ...dagre.map((f) => f.to), 'catalog-data.js', 'selection.js'] };
}
