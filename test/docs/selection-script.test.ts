import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Selection } from '../../src/graph/select-nodes.js';
import type { MeshGraph } from '../../src/graph/mesh-graph.js';
import { selectionScript } from '../../src/docs/selection-script.js';
import { compile } from '../../src/mesh.js';
import { fixtureGraph, XSS } from './fixture-catalog.js';
import { BAD_SELECTORS, EXAMPLE_SELECTORS } from './selectors.js';

/** selection.js run as a browser runs it: a classic script with `window` and nothing of Node. */
function runScript(script: string): { select(text: string): Selection } {
  const window: Record<string, unknown> = {};
  runInNewContext(script, { window });
  return window['MESH_SELECTION'] as { select(text: string): Selection };
}

let project: string;
let graph: MeshGraph;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'mesh-selection-script-'));
  cpSync(join(import.meta.dirname, '..', '..', 'example-project'), project, { recursive: true, filter: (src) => !/[/\\](target|\.mesh)$/.test(src) });
  graph = compile({ projectDir: project }).compiled!.graph;
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('selection.js: meshwork selector code shipped to the docs site', () => {
  it('selects what graph.select selects, for every selector form, run in an empty context', () => {
    const site = runScript(selectionScript(graph));
    for (const text of EXAMPLE_SELECTORS) {
      const expected = graph.select([text], undefined);
      expect(expected.ids.length, text).toBeGreaterThan(0);
      const got = site.select(text);
      expect([...got.ids].sort(), text).toEqual([...expected.ids].sort());
      expect(got.diagnostics, text).toEqual(expected.diagnostics);
    }
  });

  it('gives the CLI messages, hints and severity for malformed selectors and for one that matches nothing', () => {
    const site = runScript(selectionScript(graph));
    for (const bad of BAD_SELECTORS) {
      const got = site.select(bad.text);
      expect(got.ids).toEqual([]);
      expect(got.diagnostics).toEqual(graph.select([bad.text], undefined).diagnostics);
      expect(got.diagnostics[0]).toMatchObject({ code: 'MESH170', severity: 'error' });
      expect(got.diagnostics[0]!.message).toContain(bad.message);
      expect(got.diagnostics[0]!.hint).toContain(bad.hint);
    }
    const none = site.select('ordrs');
    expect(none.ids).toEqual([]);
    expect(none.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', message: "--select: selector 'ordrs' matches no node", hint: expect.stringContaining('orders') })]);
  });

  it('carries node names and tags as JSON data that cannot end the script', () => {
    const script = selectionScript(fixtureGraph());
    const data = script.slice(0, script.indexOf('\n'));
    expect(data).not.toMatch(/[<>&]/);
    expect(runScript(script).select('tag:kpi').ids).toEqual(['model.checkout.orders', 'model.shipping.shipments', 'test.checkout.not_null_orders_order_id']);
    expect(fixtureGraph().node('model.checkout.orders').tags).toContain(XSS);
  });
});
