import { formatDiagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Output } from './output.js';

/** All problems at once, errors and warnings, then a count. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], output: Output, format: 'text' | 'json'): void {
  if (format === 'json') {
    for (const d of diagnostics) output.err(JSON.stringify({ type: 'diagnostic', ...d }));
    return;
  }
  for (const d of diagnostics) output.err(formatDiagnostic(d));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (errors > 0) output.err(`\n${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}: nothing was run.`);
}
