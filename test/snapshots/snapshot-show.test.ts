import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { updateProject, writeProject } from '../support/temp-project.js';

/** A seed of terms saved with CRLF, and a check snapshot of it, as the example's carrier_sla_history. */
const FILES: Record<string, string> = {
  'domains/ship/domain.yaml': 'name: ship\nowner: team-ship\n',
  'domains/ship/seeds/slas.csv': 'carrier,days\r\ndhl,3\r\nups,\r\n',
  'domains/ship/cleaned/sla_history.sql': '/*\r\nmaterialized: snapshot\r\nunique_key: carrier\r\nstrategy: check\r\ncheck_cols: all\r\n*/\r\nselect carrier, days from {{ref "slas"}}\r\n',
};

describe('mesh show on a snapshot', () => {
  it('shows the history as built (every version and its validity), not the snapshot query', async () => {
    const dir = writeProject(FILES);
    const before = await mesh(['show', 'sla_history', '--project', dir]);
    expect(before.code).toBe(1);
    expect(before.err.join('\n')).toContain('MESH240');
    expect(before.err.join('\n')).toContain('mesh build --select +ship.sla_history');

    expect((await mesh(['build', '--project', dir])).code).toBe(0);
    updateProject(dir, { 'domains/ship/seeds/slas.csv': 'carrier,days\r\ndhl,2\r\nups,\r\n' });
    expect((await mesh(['build', '--project', dir])).code).toBe(0);

    const r = await mesh(['show', 'sla_history', '--limit', '10', '--output', 'json', '--project', dir]);
    expect(r.err).toEqual([]);
    const versions = r.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(versions[0]!)).toEqual(['carrier', 'days', 'snapshot_id', 'valid_from', 'valid_to', 'is_current', 'is_deleted']);
    const summary = versions.map((v) => `${String(v.carrier)} ${String(v.days)} ${v.is_current ? 'current' : 'closed'}`).sort();
    expect(summary).toEqual(['dhl 2 current', 'dhl 3 closed', 'ups null current']);
  });
});
