import { describe, expect, it } from 'vitest';
import { compile } from '../../src/mesh.js';
import { writeProject } from '../support/temp-project.js';
import { lines } from './events-project.js';

const DOMAIN = { 'domains/shop/domain.yaml': lines('name: shop', 'owner: team-shop') };
const configure = (...block: string[]) => compile({ projectDir: writeProject({ ...DOMAIN, 'mesh.yaml': lines('name: m', 'openlineage:', ...block) }, {}) });

describe('openlineage: in mesh.yaml', () => {
  it('reads url, api_key_env, timeout_ms and retries', () => {
    const result = configure('  url: https://marquez.example.com/', '  api_key_env: MARQUEZ_TOKEN', '  timeout_ms: 2000', '  retries: 0');
    expect(result.diagnostics).toEqual([]);
    expect(result.compiled!.project.config.openlineage).toEqual({ url: 'https://marquez.example.com', apiKeyEnv: 'MARQUEZ_TOKEN', timeoutMs: 2000, retries: 0 });
  });

  it('reports each bad value at its line, with what to write', () => {
    const result = configure(
      '  url: marquez:5000', //              3
      '  api_key_env: Bearer abc', //         4
      '  timeout_ms: 0', //                   5
      '  retries: 11', //                     6
      '  retrie: 3', //                       7
    );
    expect(result.compiled).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line, d.message])).toEqual([
      ['MESH103', 'mesh.yaml', 3, "openlineage url 'marquez:5000' is not an http:// or https:// URL"],
      ['MESH103', 'mesh.yaml', 4, "openlineage api_key_env must name an environment variable, not 'Bearer abc'"],
      ['MESH103', 'mesh.yaml', 5, 'openlineage timeout_ms must be a whole number above 0, not 0'],
      ['MESH103', 'mesh.yaml', 6, 'openlineage retries must be a whole number from 0 to 10, not 11'],
      ['MESH102', 'mesh.yaml', 7, "unknown key 'retrie' in openlineage"],
    ]);
    expect(result.diagnostics[1]!.hint).toBe('keep the token out of mesh.yaml: export it, e.g. MARQUEZ_TOKEN=…, and write api_key_env: MARQUEZ_TOKEN');
    expect(result.diagnostics[4]!.hint).toBe("did you mean 'retries'? allowed keys: url, api_key_env, timeout_ms, retries");
  });

  it('wants the base URL: meshwork adds /api/v1/lineage', () => {
    const [d] = configure('  url: http://localhost:5000/api/v1/lineage').diagnostics;
    expect([d!.code, d!.line, d!.hint]).toEqual(['MESH103', 3, 'write the catalog\'s base URL (http://localhost:5000): meshwork adds /api/v1/lineage']);
  });

  it('is a mapping', () => {
    const [d] = compile({ projectDir: writeProject({ ...DOMAIN, 'mesh.yaml': lines('name: m', 'openlineage: http://localhost:5000') }, {}) }).diagnostics;
    expect([d!.code, d!.line, d!.message]).toEqual(['MESH103', 2, "openlineage must be a mapping of keys to values, not 'http://localhost:5000'"]);
  });
});
