import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Output } from './output.js';
import { palette, type Palette } from './terminal-colors.js';

/** All problems at once, errors and warnings, then a count. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], output: Output, format: 'text' | 'json'): void {
  if (format === 'json') {
    for (const d of diagnostics) output.err(JSON.stringify({ type: 'diagnostic', ...d }));
    return;
  }
  const colors = palette(output.errColor ?? false);
  for (const d of diagnostics) output.err(colorDiagnostic(d, colors));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (errors > 0) output.err(`\n${colors.red(`${errors} error${errors === 1 ? '' : 's'}`)}${warnings ? `, ${colors.yellow(`${warnings} warning${warnings === 1 ? '' : 's'}`)}` : ''}: nothing was run.`);
}

/** formatDiagnostic's text, with the severity coloured, the code bold and the hint dim. */
function colorDiagnostic(d: Diagnostic, colors: Palette): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}: ` : '';
  const severity = d.severity === 'error' ? colors.red(d.severity) : colors.yellow(d.severity);
  const hint = d.hint ? `\n  ${colors.dim(`hint: ${d.hint}`)}` : '';
  return `${colors.bold(where)}${severity} ${colors.bold(d.code)}: ${d.message}${hint}`;
}
