import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, watchPage } from './chromium.js';
import { copyExampleProject, goToHash, writeSite, type DocSite } from './doc-site-fixture.js';

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

describe('every link of the example project docs site', () => {
  it('leads to a page: breadth-first from the home page through every in-site link, no "Not found"', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const problems = watchPage(page, 'file://');
    await page.goto(site.index);
    await page.locator('main h1').waitFor();

    const queue = ['#/'];
    const seen = new Set(queue);
    const notFound: string[] = [];
    const headings = new Map<string, string>();
    while (queue.length > 0) {
      const hash = queue.shift()!;
      await goToHash(page, hash);
      const { heading, text, links } = (await page.evaluate(`({
        heading: document.querySelector('main h1')?.firstChild?.textContent ?? '',
        text: document.querySelector('main')?.textContent ?? '',
        links: [...document.querySelectorAll('a[href^="#/"]')].map((a) => a.getAttribute('href')),
      })`)) as { heading: string; text: string; links: string[] };
      headings.set(hash, heading);
      if (heading === 'Not found' || text.includes('Not found') || text.includes('There is no ')) notFound.push(`${hash} (${heading})`);
      for (const link of links) {
        if (seen.has(link)) continue;
        seen.add(link);
        queue.push(link);
      }
    }

    expect(notFound).toEqual([]);
    // The crawl reached every domain, data product and contract version, and every dataset but tests.
    for (const d of site.catalog.domains) expect(seen, d.name).toContain(`#/domain/${d.name}`);
    for (const p of site.catalog.products) {
      expect(seen, p.id).toContain(`#/product/${p.id}`);
      expect(headings.get(`#/product/${p.id}`)).toBe(p.id);
      for (const v of p.versions) expect(seen).toContain(`#/contract/${p.id}/v${v.major}`);
    }
    const pages = [...seen].filter((h) => /^#\/dataset\/[^/]+$/.test(h)).map((h) => decodeURIComponent(h.slice('#/dataset/'.length)));
    const expected = Object.values(site.catalog.datasets).filter((d) => d.kind !== 'test' && d.kind !== 'contract').map((d) => d.id);
    expect(pages.sort()).toEqual(expect.arrayContaining(expected.sort()));
    expect(seen.size).toBeGreaterThan(40);
    expect(problems).toEqual([]);
  });
});
