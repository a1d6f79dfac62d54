import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launchChromium, watchPage } from '../docs/chromium.js';
import { mesh } from '../support/run-cli.js';
import { freshnessProject } from './freshness-project.js';

describe('source freshness on the docs site', () => {
  it("a source's page shows its last freshness result: status, age, what was measured, thresholds; a source without freshness shows none", async () => {
    const dir = freshnessProject();
    expect((await mesh(['source', 'freshness', '--project', dir, '--as-of', '2024-07-01T12:00:00Z'])).code).toBe(1);
    expect((await mesh(['docs', '--project', dir])).code).toBe(0);
    const index = pathToFileURL(join(dir, 'target', 'docs', 'index.html')).href;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems = watchPage(page, 'file://');
      const section = async (id: string): Promise<string[]> => {
        await page.goto(`${index}#/dataset/${id}`);
        await page.locator('main h1').waitFor();
        return page.locator('main section', { has: page.locator('h2', { hasText: /^Freshness$/ }) }).allInnerTexts();
      };
      const orders = (await section('source.shop.orders')).join('\n');
      expect(orders).toMatch(/warn\s+4h old/);
      expect(orders).toContain('newest loaded_at');
      expect(orders).toContain('2024-07-01T08:00:00.000Z');
      expect(orders).toMatch(/Warn after\s+3 hours/);
      expect(orders).toMatch(/Error after\s+1 day/);
      const customers = (await section('source.shop.customers')).join('\n');
      expect(customers).toMatch(/error\s+2d old/);
      expect(customers).toContain('table last modified (metadata)');
      expect(await page.locator('main .badge.kind-status-error').count()).toBe(1);
      expect(await section('source.shop.events')).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
