import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { serveSite } from '../../src/docs/serve-site.js';
import { catalogScript } from '../../src/docs/site-data.js';
import { writeDocsSite } from '../../src/docs/write-docs-site.js';
import { fixtureCatalog, fixtureGraph, XSS } from './fixture-catalog.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-docs-'));
  made.push(dir);
  return dir;
}

/** A raw GET, so that paths like /../x reach the server as sent. */
function get(url: string, path: string, method = 'GET'): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(url), { path, method, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('docs site files', () => {
  it('writes one self-contained folder: the page, its scripts, dagre and the catalog as a script', () => {
    const dir = join(tempDir(), 'docs');
    const site = writeDocsSite(fixtureCatalog(), fixtureGraph(), dir);
    expect(site.files[0]).toBe('index.html');
    expect(site.files).toEqual(expect.arrayContaining(['dagre.min.js', 'catalog-data.js', 'app.js', 'style.css']));
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    // Every script and style the page loads is a file of the folder (the icon is empty, inline): nothing from the network.
    const loaded = [...html.matchAll(/(?:src|href)="([^"#]+)"/g)].map((m) => m[1]).filter((url) => url !== 'data:,');
    expect(loaded.sort()).toEqual(site.files.filter((f) => /\.(js|css)$/.test(f)).sort());
    expect(readFileSync(join(dir, 'dagre.min.js'), 'utf8')).toMatch(/^"use strict";var dagre=/);
  });

  it('escapes the project name in the page title', () => {
    const dir = tempDir();
    writeDocsSite(fixtureCatalog(), fixtureGraph(), dir);
    const title = /<title>(.*)<\/title>/.exec(readFileSync(join(dir, 'index.html'), 'utf8'))![1]!;
    expect(title).not.toContain('<');
    expect(title).toContain('&#60;img src=x onerror=&#34;window.__xss=1&#34;&#62;');
  });

  it('the catalog script assigns the catalog unchanged and holds no character that could end a script', () => {
    const catalog = fixtureCatalog();
    const script = catalogScript({ ...catalog, project: `${catalog.project} \u2028 & > it's C:\\dir\\ \\u0041 done` });
    expect(script).not.toMatch(/[<>&\u2028]/);
    const window: Record<string, unknown> = {};
    runInNewContext(script, { window });
    expect(window['MESH_CATALOG']).toEqual({ ...catalog, project: `shop ${XSS} \u2028 & > it's C:\\dir\\ \\u0041 done` });
  });
});

describe('docs server', () => {
  it('serves the folder on a free port, with content types, and nothing outside it', async () => {
    const root = tempDir();
    const dir = join(root, 'site');
    writeDocsSite(fixtureCatalog(), fixtureGraph(), dir);
    const server = await serveSite(dir, { port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const index = await get(server.url, '/');
      expect(index.status).toBe(200);
      expect(index.type).toBe('text/html; charset=utf-8');
      expect(index.body).toContain('<script src="catalog-data.js"></script>');
      expect((await get(server.url, '/catalog-data.js')).type).toBe('text/javascript; charset=utf-8');
      expect((await get(server.url, '/catalog-data.js', 'HEAD')).body).toBe('');
      expect((await get(server.url, '/missing.js')).status).toBe(404);
      expect((await get(server.url, '/../index.html')).status).toBe(200); // the URL is normalised inside the root
      // A file beside the folder, reached only through an encoded "..".
      writeFileSync(join(root, 'secret.txt'), 'secret');
      expect((await get(server.url, '/..%2fsecret.txt')).status).toBe(404);
      expect((await get(server.url, '/%2e%2e%2fsecret.txt')).status).toBe(404);
      expect((await get(server.url, '/', 'POST')).status).toBe(405);
    } finally {
      await server.close();
    }
    await expect(get(server.url, '/')).rejects.toThrow(/ECONNREFUSED/);
  });
});
