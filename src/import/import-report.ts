import type { ImportProblem } from './import-types.js';

export interface ImportCounts {
  readonly models: number;
  readonly seeds: number;
  readonly sources: number;
  readonly tests: number;
  readonly unitTests: number;
  readonly contracts: number;
  readonly macros: number;
  readonly genericTests: number;
}

/**
 * `import-report.md`: what was imported, then every construct that was not converted, grouped by
 * dbt file (in path order) and by line within it, each with what was done and what to do.
 */
export function importReport(name: string, counts: ImportCounts, domains: readonly { name: string; models: number }[], problems: readonly ImportProblem[]): string {
  const lines = [
    `# Import report: dbt project ${name}`,
    '',
    '| imported | count |',
    '|---|---|',
    `| models | ${counts.models} |`,
    `| seeds | ${counts.seeds} |`,
    `| sources | ${counts.sources} |`,
    `| tests (column, model and singular) | ${counts.tests} |`,
    `| unit tests | ${counts.unitTests} |`,
    `| contracts | ${counts.contracts} |`,
    `| macros | ${counts.macros} |`,
    `| generic tests | ${counts.genericTests} |`,
    '',
    `Domains: ${domains.map((d) => `${d.name} (${d.models} model${d.models === 1 ? '' : 's'})`).join(', ')}.`,
    '',
    'Next: run `mesh check` in this folder (every model bound in an empty DuckDB, no warehouse needed), then `mesh build`. See docs/import-dbt.md for what maps to what.',
    '',
  ];
  if (problems.length === 0) {
    lines.push('Every construct was converted.', '');
    return lines.join('\n');
  }
  lines.push(`## ${problems.length} construct${problems.length === 1 ? '' : 's'} not converted`, '');
  const byFile = new Map<string, ImportProblem[]>();
  for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  for (const file of [...byFile.keys()].sort()) {
    lines.push(`### ${file}`, '');
    const sorted = [...byFile.get(file)!].sort((a, b) => a.line - b.line);
    for (const p of sorted) {
      lines.push(`- line ${p.line}: ${code(p.construct)}`, `  - done: ${p.message}`, `  - to do: ${p.hint}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function code(text: string): string {
  if (text === '') return '(the file)';
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${ticks === '``' ? ' ' : ''}${text}${ticks === '``' ? ' ' : ''}${ticks}`;
}
