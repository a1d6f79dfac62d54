import type { EngineFact } from '../../adapters/adapter.js';
import type { Output } from './output.js';
import { palette } from './terminal-colors.js';

/** `mesh debug`'s report: one line per check, ✓ or ✗, what was found, and under a failed (or unfinished) one what to do. */
export function printFacts(facts: readonly EngineFact[], output: Output, format: 'text' | 'json'): void {
  if (format === 'json') {
    for (const f of facts) output.out(JSON.stringify({ type: 'check', check: f.check, ok: f.ok, found: f.found, ...(f.fix ? { fix: f.fix } : {}) }));
    output.out(JSON.stringify({ type: 'debugged', ok: facts.every((f) => f.ok), failed: facts.filter((f) => !f.ok).length }));
    return;
  }
  const colors = palette(output.color ?? false);
  const width = Math.max(...facts.map((f) => f.check.length));
  for (const f of facts) {
    output.out(`${f.ok ? colors.green('✓') : colors.red('✗')} ${colors.bold(f.check.padEnd(width))}  ${f.found}`);
    if (f.fix) output.out(`  ${' '.repeat(width)}  ${colors.dim(`${f.ok ? 'note' : 'fix'}: ${f.fix}`)}`);
  }
  const failed = facts.filter((f) => !f.ok).length;
  output.out(failed === 0 ? `\nAll ${facts.length} checks passed.` : `\n${colors.red(`${failed} of ${facts.length} checks failed`)}: see fix: above.`);
}
