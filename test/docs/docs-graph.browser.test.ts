import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPage } from './chromium.js';
import { ARTIFACTS, copyExampleProject, goToHash, graphDrawnAt, graphFitsPanel, writeSite, type DocSite } from './doc-site-fixture.js';
import { BAD_SELECTORS, EXAMPLE_SELECTORS } from './selectors.js';

let browser: Browser;
let site: DocSite;
beforeAll(async () => {
  site = await writeSite(copyExampleProject());
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (site) rmSync(dirname(site.project), { recursive: true, force: true });
});

async function open(width: number, height: number, hash = ''): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems = watchPage(page, 'file://');
  await page.goto(`${site.index}${hash}`);
  await graphDrawnAt(page);
  return { page, problems };
}

const drawnIds = (page: Page): Promise<string[]> => page.locator('main svg.lineage g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id')!).sort());
const edge = (page: Page, from: string, to: string) => page.locator(`main svg.lineage path.edge[data-from="${from}"][data-to="${to}"]`);

describe('the overview graph of the example project', () => {
  it('opens fitted in its panel at any window size, and Fit fits it again after zooming in', async () => {
    for (const [width, height] of [[1920, 1080], [1024, 700], [700, 520]] as const) {
      const { page, problems } = await open(width, height);
      expect(await graphFitsPanel(page), `${width}×${height} on open`).toMatchObject({ fits: true });
      for (let i = 0; i < 4; i++) await page.locator('main .graph-toolbar button[title="Zoom in"]').click();
      expect(await graphFitsPanel(page), `${width}×${height} zoomed in`).toMatchObject({ fits: false });
      await page.locator('main .graph-toolbar button.fit').click();
      expect(await graphFitsPanel(page), `${width}×${height} after Fit`).toMatchObject({ fits: true });
      if (width === 700) await page.screenshot({ path: join(ARTIFACTS, 'docs-overview-small-window.png') });
      // A page's graph too: fitted into the page's width and the panel's height.
      await goToHash(page, '#/domain/checkout');
      await page.locator('main svg.lineage g.node').first().waitFor();
      await page.locator('main .graph-toolbar button.fit').click();
      expect(await graphFitsPanel(page), `${width}×${height} domain page`).toMatchObject({ fits: true });
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('folds into the mesh map, opens a domain to its datasets and folds it again', async () => {
    const { page, problems } = await open(1600, 1000);
    await page.locator('main button.mesh-map').click();
    const domains = site.catalog.domains.map((d) => `domain:${d.name}`);
    const products = site.catalog.products.map((p) => `product:${p.id}`);
    await expect.poll(() => drawnIds(page)).toEqual([...domains, ...products].sort());
    // Each product hangs off its domain and points at every other domain that reads one of its versions.
    for (const p of site.catalog.products) {
      expect(await edge(page, `domain:${p.domain}`, `product:${p.id}`).count(), p.id).toBe(1);
      const readers = new Set(p.versions.flatMap((v) => v.consumers).map((c) => site.catalog.datasets[c]!.domain));
      for (const reader of readers) if (reader !== p.domain) expect(await edge(page, `product:${p.id}`, `domain:${reader}`).count(), `${p.id} → ${reader}`).toBe(1);
    }
    const consumed = site.catalog.products.filter((p) => p.versions.some((v) => v.consumers.some((c) => site.catalog.datasets[c]!.domain !== p.domain)));
    expect(consumed.length).toBeGreaterThan(0);
    expect(await page.locator('main svg.lineage path.edge.cross').count()).toBeGreaterThan(0);
    expect(await graphFitsPanel(page)).toMatchObject({ fits: true });
    await page.screenshot({ path: join(ARTIFACTS, 'docs-overview-mesh-map.png') });

    // Open checkout: its datasets in a lane, contract views included; the other domains stay folded.
    await page.locator('main g.node[data-id="domain:checkout"]').click();
    const checkout = Object.values(site.catalog.datasets).filter((d) => d.domain === 'checkout' && d.kind !== 'test').map((d) => d.id);
    const others = site.catalog.domains.filter((d) => d.name !== 'checkout').map((d) => `domain:${d.name}`);
    const otherProducts = site.catalog.products.filter((p) => p.domain !== 'checkout').map((p) => `product:${p.id}`);
    await expect.poll(() => drawnIds(page)).toEqual([...checkout, ...others, ...otherProducts].sort());
    expect(await page.locator('main g.cluster[data-domain="checkout"]').count()).toBe(1);
    expect(await edge(page, 'model.checkout.orders', 'contract.checkout.orders_v2').count()).toBe(1);
    const reader = site.catalog.products.find((p) => p.id === 'checkout.orders')!.versions.flatMap((v) => v.views.flatMap((view) => v.consumers.map((c) => [view, site.catalog.datasets[c]!.domain] as const))).find(([, d]) => d !== 'checkout')!;
    expect(await edge(page, reader[0], `domain:${reader[1]}`).count()).toBe(1);
    expect(await graphFitsPanel(page)).toMatchObject({ fits: true });
    await page.screenshot({ path: join(ARTIFACTS, 'docs-overview-expanded-domain.png') });

    // Fold it again with the lane's − button.
    await page.locator('main [data-collapse="checkout"]').click();
    await expect.poll(() => drawnIds(page)).toEqual([...domains, ...products].sort());
    // A product box opens its page.
    await page.locator('main g.node[data-id="product:checkout.orders"] .node-name').click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/product/checkout.orders');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the selector box selects what graph.select selects, and shows a bad selector\'s message beside it', async () => {
    const { page, problems } = await open(1600, 1000);
    const everything = await drawnIds(page);
    const box = page.locator('#selector');
    for (const text of EXAMPLE_SELECTORS) {
      const expected = site.graph.select([text], undefined).ids;
      expect(expected.length, text).toBeGreaterThan(0);
      await box.fill(text);
      await box.press('Enter');
      await expect.poll(() => drawnIds(page), { message: text }).toEqual([...expected].sort());
      expect(await page.locator('main .selector-count').textContent()).toBe(`${expected.length} selected`);
      expect(await page.locator('main .selector-problems li').count(), text).toBe(0);
      if (text === '+orders,tag:pii') await page.screenshot({ path: join(ARTIFACTS, 'docs-overview-filtered.png') });
    }

    await box.fill('tag:kpi');
    await box.press('Enter');
    const kpi = await drawnIds(page);
    for (const bad of BAD_SELECTORS) {
      await box.fill(bad.text);
      await box.press('Enter');
      const problem = page.locator('main .selector-problems li.error');
      await expect.poll(() => problem.textContent(), { message: bad.text }).toContain(bad.message);
      expect(await problem.textContent()).toContain(bad.hint);
      expect(await drawnIds(page), 'a malformed selector leaves the graph as it was').toEqual(kpi);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'docs-overview-bad-selector.png') });

    await box.fill('ordrs');
    await box.press('Enter');
    await expect.poll(() => page.locator('main .selector-problems li.warning').textContent()).toContain("selector 'ordrs' matches no node");
    expect(await page.locator('main .selector-problems li.warning').textContent()).toContain('did you mean');

    // Typing applies on its own after a pause; emptying the box brings the whole overview back.
    await box.fill('domain:management');
    await expect.poll(() => drawnIds(page)).toEqual([...site.graph.select(['domain:management'], undefined).ids].sort());
    await box.fill('');
    await expect.poll(() => drawnIds(page)).toEqual(everything);
    expect(await page.locator('main .selector-problems li').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
