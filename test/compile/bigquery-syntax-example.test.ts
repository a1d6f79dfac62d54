/** The example project's `mesh check --target prod`: the offline BigQuery syntax check finds nothing to report. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/mesh.js';

const EXAMPLE = fileURLToPath(new URL('../../example-project/', import.meta.url));

describe('example-project, mesh check --target prod', () => {
  it('parses every compiled SELECT with no MESH123', async () => {
    const result = await check({ projectDir: EXAMPLE, target: 'prod', cache: false });
    expect(result.diagnostics.filter((d) => d.code === 'MESH123')).toEqual([]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Every node's SELECT, and the incremental run of incremental models, was looked at.
    const nodes = [...result.compiled!.nodes.values()];
    expect(result.syntax!.statements).toBe(nodes.length + nodes.filter((n) => n.incrementalSelect).length);
    expect(result.syntax!.statements).toBeGreaterThan(100);
  });
});
