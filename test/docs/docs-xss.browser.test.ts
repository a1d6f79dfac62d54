import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDocsSite } from '../../src/docs/write-docs-site.js';
import { launchChromium, watchPage } from './chromium.js';
import { fixtureCatalog, fixtureGraph } from './fixture-catalog.js';

let browser: Browser;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mesh-docs-xss-'));
  writeDocsSite(fixtureCatalog(), fixtureGraph(), dir);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('docs site with hostile text in the catalog', () => {
  it('shows descriptions, names and SQL as text on every page and in search, and runs none of it', async () => {
    const page = await browser.newPage();
    const problems = watchPage(page, 'file://');
    const index = pathToFileURL(join(dir, 'index.html')).href;
    for (const route of ['#/', '#/domain/checkout', '#/product/checkout.orders', '#/contract/checkout.orders/v1', '#/dataset/model.checkout.orders', '#/dataset/model.checkout.orders/order_total']) {
      await page.goto(`${index}${route}`);
      await page.locator('main h1').waitFor();
    }
    await page.goto(`${index}#/dataset/model.checkout.orders`);
    await expect.poll(() => page.locator('main').textContent()).toContain('One row per order. <img src=x onerror="window.__xss=1">');
    expect(await page.locator('pre.sql').textContent()).toContain('from order_events -- <img src=x');
    await page.fill('#search', 'onerror');
    await expect.poll(() => page.locator('#search-results li').count()).toBeGreaterThan(0);
    expect(await page.title()).toBe('checkout.orders · shop <img src=x onerror="window.__xss=1"></script><script>window.__xss=2</script> docs');
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(problems).toEqual([]);

    // The selector box shows what was typed, and the graph's tags, as text.
    await page.goto(`${index}#/`);
    await page.fill('#selector', '<img src=x onerror="window.__xss=4">');
    await page.press('#selector', 'Enter');
    await expect.poll(() => page.locator('.selector-problems').textContent()).toContain("selector '<img' matches no node");
    await page.fill('#selector', 'tag:*onerror*');
    await page.press('#selector', 'Enter');
    await expect.poll(() => page.locator('main .selector-count').textContent()).toBe('3 selected');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(problems).toEqual([]);

    // The page's CSP stops inline handlers even if markup were ever built from data.
    await page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__xss=3">')`);
    await expect.poll(() => problems.some((p) => p.includes('Content Security Policy'))).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });
});
