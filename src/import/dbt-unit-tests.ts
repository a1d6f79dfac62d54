import type { DbtLocation } from './dbt-project.js';
import type { DbtYaml } from './dbt-yaml.js';

/**
 * One entry of a properties yml's `unit_tests:` (dbt ≥ 1.8), as written: the converter reads its
 * keys and asks `lineOf` for the line of any of them (for the report).
 */
export interface DbtUnitTest extends DbtLocation {
  readonly name: string;
  readonly entry: Readonly<Record<string, unknown>>;
  /** 1-based line of a key below the entry (`['given', 0, 'rows']`); the nearest written parent's when absent. */
  lineOf(path: readonly (string | number)[]): number;
}

/** A file under a test path's `fixtures/` folder (dbt looks fixtures up by file stem). */
export interface DbtFixture {
  readonly name: string;
  readonly file: string;
  readonly format: 'csv' | 'sql';
  /** The file's text (a BOM dropped), for expected rows read from it. */
  readonly text: string;
}

/** The `unit_tests:` entries of one properties file (entries without a name are the caller's MESH286). */
export function readUnitTests(yaml: DbtYaml, found: readonly { entry: Record<string, unknown>; path: (string | number)[] }[]): DbtUnitTest[] {
  return found.map(({ entry, path }) => ({
    name: String(entry.name),
    entry,
    file: yaml.file,
    line: yaml.line(path),
    // A key's own line (a `rows: |` block starts below it); lineOf falls back to the nearest parent written.
    lineOf: (sub) => yaml.line([...path, ...sub], typeof sub[sub.length - 1] === 'string'),
  }));
}
