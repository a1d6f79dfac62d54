import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';
import { orders, PROJECT } from './env-project.js';

const AS_OF = ['--as-of', '2024-01-02T12:00:00Z'];

describe('mesh build --env, mesh env promote and drop on the command line', () => {
  it('builds an environment in the project database, promotes it, refuses to drop it, then drops it with --force', async () => {
    const dir = writeProject(PROJECT);
    expect((await mesh(['build', '--project', dir, ...AS_OF])).code).toBe(0);
    updateProject(dir, orders([['o7', 'c1', 70, 'paid']]));
    const built = await mesh(['build', '--project', dir, '--env', 'feature', ...AS_OF]);
    expect([built.code, built.err]).toEqual([0, []]);
    expect(built.out.join('\n')).toMatch(/OK +contract +checkout__feature.orders_v1 /);

    const promoted = await mesh(['env', 'promote', 'feature', '--project', dir]);
    expect([promoted.code, promoted.err]).toEqual([0, []]);
    expect(promoted.out).toEqual([expect.stringMatching(/^Promoted contract\.checkout\.orders_v1 1\.2\.0: "checkout"\."orders_v1" now reads "checkout_private__feature"\."__promoted_orders_v1__\w+"$/)]);

    const refused = await mesh(['env', 'drop', 'feature', '--project', dir]);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toContain('MESH256');
    const forced = await mesh(['env', 'drop', 'feature', '--project', dir, '--force', '--log-format', 'json']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.out[0]!)).toMatchObject({ type: 'env_drop', environment: 'feature', dropped: expect.arrayContaining(['checkout_cleaned__feature', 'meshwork__feature']) });
  });

  it('a bad environment name is MESH254, exit 1', async () => {
    const dir = writeProject(PROJECT);
    const result = await mesh(['build', '--project', dir, '--env', 'My Feature']);
    expect(result.code).toBe(1);
    expect(result.err.join('\n')).toContain('MESH254');
    expect(result.err.join('\n')).toContain('use --env my_feature');
  });
});
