import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/catalog-types.js';
import { main } from '../../src/cli/main.js';
import { build } from '../../src/mesh.js';
import { launchChromium, watchPage } from './chromium.js';

const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

let browser: Browser;
let project: string;
let catalog: Catalog;
let siteIndex: string;

/** Runs the CLI in-process with captured output; the promise settles when the command ends. */
function mesh(args: string[]): { done: Promise<number>; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { done: main(args, { out: (l) => out.push(l), err: (l) => err.push(l) }), out, err };
}

beforeAll(async () => {
  // The example project, built (the site shows the build's quality results), then documented.
  project = mkdtempSync(join(tmpdir(), 'mesh-docs-site-'));
  cpSync(join(import.meta.dirname, '..', '..', 'example-project'), project, { recursive: true, filter: (src) => !/[/\\](target|\.mesh)$/.test(src) });
  const built = await build({ projectDir: project });
  expect(built.run?.results.every((r) => r.status === 'success')).toBe(true);
  const run = mesh(['docs', '--project', project]);
  expect(await run.done, run.err.join('\n')).toBe(0);
  siteIndex = /→ (file:\S+)$/.exec(run.out.at(-1) ?? '')![1]!;
  const { readCatalogFile } = await import('../../src/catalog/read-catalog.js');
  catalog = readCatalogFile(join(project, 'target'))!;
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(project, { recursive: true, force: true });
});

async function openPage(url: string, origin: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const problems = watchPage(page, origin);
  await page.goto(url);
  await page.locator('svg.lineage .node').first().waitFor();
  return { page, problems };
}

const hashOf = (page: Page): string => new URL(page.url()).hash;
const heading = (page: Page): Promise<string | null> => page.locator('main h1').evaluate((h1) => h1.firstChild?.textContent ?? null);

describe('docs site of the example project in headless Chromium', () => {
  it('opens from file://: overview graph, search, a contract with its columns, a lineage edge followed, a node expanded', async () => {
    const { page, problems } = await openPage(siteIndex, 'file://');
    expect(siteIndex).toMatch(/^file:\/\/.*\/target\/docs\/index\.html$/);

    // The overview draws every dataset, and the cross-domain edges apart from the others.
    const datasets = Object.values(catalog.datasets).filter((d) => d.kind !== 'test');
    await expect.poll(() => page.locator('svg.lineage g.node').count()).toBe(datasets.length);
    const crossDomain = catalog.edges.filter((e) => e.crossDomain);
    expect(crossDomain.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('svg.lineage path.edge.cross').count()).toBe(crossDomain.length);
    await expect.poll(() => page.locator('svg.lineage path.edge:not(.cross)').count()).toBe(catalog.edges.length - crossDomain.length);
    await page.screenshot({ path: join(ARTIFACTS, 'docs-site-overview.png') });

    // Search for a product and open it.
    await page.fill('#search', 'orders');
    const result = page.locator('#search-results a[data-kind="product"]', { hasText: 'checkout.orders' });
    await result.click();
    await expect.poll(() => hashOf(page)).toBe('#/product/checkout.orders');
    await expect.poll(() => heading(page)).toBe('checkout.orders');

    // Open its current contract: the schema with types, classification and the audits of the build.
    await page.locator('main a', { hasText: 'checkout.orders v2' }).click();
    await expect.poll(() => hashOf(page)).toBe('#/contract/checkout.orders/v2');
    const view = catalog.datasets['contract.checkout.orders_v2']!;
    const rows = page.locator('.contract-view table.columns tbody tr');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-column')))).toEqual(view.columns.map((c) => c.name));
    expect(await rows.filter({ hasText: 'customer_id' }).textContent()).toContain('pii');
    expect(await rows.filter({ hasText: 'order_total' }).textContent()).toContain('DOUBLE');
    expect(await page.locator('table.audits').textContent()).toContain('unique: order_id');
    expect(await page.locator('main').textContent()).toContain('latency');
    await page.screenshot({ path: join(ARTIFACTS, 'docs-site-contract.png'), fullPage: true });

    // Follow the lineage edge upstream, from the contract view to the model behind it.
    await expect.poll(() => page.locator('path.edge[data-from="model.checkout.orders"][data-to="contract.checkout.orders_v2"]').count()).toBe(1);
    await page.locator('g.node[data-id="model.checkout.orders"] .node-name').click();
    await expect.poll(() => hashOf(page)).toBe('#/dataset/model.checkout.orders');
    await expect.poll(() => heading(page)).toBe('checkout.orders');
    expect(await page.locator('pre.sql').textContent()).toContain('lifecycle');

    // Expand the model and the contract view to their columns: column-level edges appear.
    const model = catalog.datasets['model.checkout.orders']!;
    await page.locator('[data-toggle="model.checkout.orders"]').click();
    await expect.poll(() => page.locator('g.node[data-id="model.checkout.orders"] .column-row').count()).toBe(model.columns.length);
    await page.locator('[data-toggle="contract.checkout.orders_v2"]').click();
    await expect.poll(() => page.locator('path.column-edge[data-from="model.checkout.orders.order_id"][data-to="contract.checkout.orders_v2.order_id"]').count()).toBe(1);
    await page.locator('section.graph-panel').screenshot({ path: join(ARTIFACTS, 'docs-site-columns.png') });
    expect(problems).toEqual([]);
  });

  it('mesh docs --serve serves the site on localhost until Ctrl+C', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mesh-docs-serve-'));
    const listening = new Set(process.listeners('SIGINT'));
    const run = mesh(['docs', '--project', project, '--out', out, '--serve', '--port', '0']);
    // Ctrl+C for the server only: Playwright's own SIGINT handler in this process would exit it.
    const pressCtrlC = (): void => {
      for (const listener of process.listeners('SIGINT')) if (!listening.has(listener)) (listener as (signal: NodeJS.Signals) => void)('SIGINT');
    };
    try {
      await expect.poll(() => run.out.join('\n'), { timeout: 20_000 }).toMatch(/Serving the docs at http/);
      const url = /at (http:\S+)/.exec(run.out.join('\n'))![1]!;
      expect(run.out.join('\n')).toContain(pathToFileURL(join(out, 'index.html')).href);

      const { page, problems } = await openPage(url, url);
      await expect.poll(() => heading(page)).toBe(catalog.project);
      await page.fill('#search', 'carrier_slas');
      await page.locator('#search-results a[data-kind="seed"]', { hasText: 'shipping.carrier_slas' }).click();
      await expect.poll(() => hashOf(page)).toBe('#/dataset/seed.shipping.carrier_slas');
      await expect.poll(() => page.locator('table.columns tbody tr').count()).toBe(catalog.datasets['seed.shipping.carrier_slas']!.columns.length);
      expect(problems).toEqual([]);
      await page.close();

      pressCtrlC();
      expect(await run.done).toBe(0);
      expect(run.out.at(-1)).toBe('Stopped.');
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      pressCtrlC(); // a failed assertion must not leave the server running
      await run.done;
      rmSync(out, { recursive: true, force: true });
    }
  });
});
