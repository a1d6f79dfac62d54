import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { Catalog } from '../../src/catalog/catalog-types.js';
import type { MeshGraph } from '../../src/graph/mesh-graph.js';
import { docs } from '../../src/mesh.js';

export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

export interface DocSite {
  readonly project: string;
  /** file:// URL of index.html */
  readonly index: string;
  readonly catalog: Catalog;
  readonly graph: MeshGraph;
}

/** A copy of the example project in a temp folder (the caller removes `dirname(project)`). */
export function copyExampleProject(): string {
  const project = join(mkdtempSync(join(tmpdir(), 'mesh-docs-')), 'project');
  cpSync(join(import.meta.dirname, '..', '..', 'example-project'), project, { recursive: true, filter: (src) => !/[/\\](target|\.mesh)$/.test(src) });
  return project;
}

/** `mesh docs` of a project, in-process. */
export async function writeSite(project: string): Promise<DocSite> {
  const result = await docs({ projectDir: project });
  if (!result.site || !result.catalog) throw new Error(`mesh docs failed: ${JSON.stringify(result.diagnostics)}`);
  const { compile } = await import('../../src/mesh.js');
  return { project, index: pathToFileURL(join(result.site.dir, 'index.html')).href, catalog: result.catalog, graph: compile({ projectDir: project }).compiled!.graph };
}

/** Navigates within the open site to `hash` and waits for the router to draw it. */
export async function goToHash(page: Page, hash: string): Promise<void> {
  // A string: the page's globals are not in this project's TypeScript lib.
  await page.evaluate(`new Promise((done) => {
    const target = ${JSON.stringify(hash)};
    if (location.hash === target || (target === '#/' && location.hash === '')) return done();
    addEventListener('hashchange', () => done(), { once: true });
    location.hash = target;
  })`);
}

/** Milliseconds from navigation start to the first graph drawn and fitted (see graph-view.js). */
export async function graphDrawnAt(page: Page): Promise<number> {
  await page.waitForFunction(() => performance.getEntriesByName('mesh:graph-drawn').length > 0);
  return page.evaluate(() => performance.getEntriesByName('mesh:graph-drawn')[0]!.startTime);
}

/** Whether the drawn graph lies wholly inside its panel's visible area, within half a pixel. */
export async function graphFitsPanel(page: Page, panel = 'main section.graph-panel'): Promise<{ fits: boolean; graph: DOMRectLike; room: DOMRectLike }> {
  return page.locator(panel).first().evaluate((section) => {
    const scroller = section.querySelector('.graph-scroll')!;
    const svg = scroller.querySelector('svg.lineage')!.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    const room = { left: box.left, top: box.top, right: box.left + scroller.clientWidth, bottom: box.top + scroller.clientHeight };
    const graph = { left: svg.left, top: svg.top, right: svg.right, bottom: svg.bottom };
    const fits = graph.left >= room.left - 0.5 && graph.top >= room.top - 0.5 && graph.right <= room.right + 0.5 && graph.bottom <= room.bottom + 0.5 && svg.width > 0;
    return { fits, graph, room };
  });
}

export interface DOMRectLike { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number }
