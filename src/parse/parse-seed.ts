import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { nearestNames } from '../diagnostics/suggest.js';
import type { SourceFile } from '../project/project-files.js';
import { seedId, type SeedConfig, type SeedDefinition } from './definitions.js';
import { readCsv } from './read-csv.js';

/** What reading a seed's CSV yields, cached by its text: the header's names, or the problems. */
export interface SeedHeader {
  readonly kind: 'seed-header';
  readonly columns: readonly string[];
}

/** The CSV read strictly: every problem is a MESH122 at the line where the bad record starts. */
export function readSeedHeader(file: SourceFile): { definition: SeedHeader; diagnostics: Diagnostic[] } {
  const { table, problems } = readCsv(file.text);
  return {
    definition: { kind: 'seed-header', columns: table?.header ?? [] },
    diagnostics: problems.map((p) => error('MESH122', p.message, { file: file.path, line: p.line, hint: p.hint })),
  };
}

/**
 * A seed with what its domain declares about it. A `column_types` entry must name a column of the
 * CSV (compared without case, as engines do): otherwise it is reported at its line in domain.yaml.
 */
export function seedDefinition(
  domain: string,
  name: string,
  file: SourceFile,
  header: SeedHeader,
  config: SeedConfig | undefined,
  domainFile: string,
  checksum: string,
): { seed: SeedDefinition; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const columnTypes: Record<string, string> = {};
  const byLowerName = new Map(header.columns.map((c) => [c.toLowerCase(), c]));
  // A CSV that did not read has no columns to check against: its own problems say enough.
  for (const { column, type, line } of header.columns.length > 0 ? config?.columnTypes ?? [] : []) {
    const actual = byLowerName.get(column.toLowerCase());
    if (actual !== undefined) {
      columnTypes[actual] = type;
      continue;
    }
    const near = nearestNames(column, header.columns, 1);
    diagnostics.push(
      error('MESH122', `column_types of seed '${name}' names column '${column}', which ${file.path} does not have`, {
        file: domainFile,
        line,
        hint: `${near.length > 0 ? `did you mean '${near[0]}'? ` : ''}its columns are ${header.columns.join(', ')}`,
      }),
    );
  }
  return {
    seed: {
      kind: 'seed',
      id: seedId(domain, name),
      name,
      domain,
      file: file.path,
      checksum,
      csv: file.text,
      columns: header.columns,
      columnTypes,
      ...(config?.description ? { description: config.description } : {}),
    },
    diagnostics,
  };
}
