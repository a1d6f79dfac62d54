/** A cell of a given or expected row: as YAML wrote it, or as a CSV field (text; an empty field is null). */
export type Cell = string | number | boolean | null;
export type Row = Readonly<Record<string, Cell>>;

export type GivenKind = 'ref' | 'source' | 'seed' | 'contract' | 'this';

/** One input of the model under test, with the rows it holds for the test. */
export interface GivenInput {
  readonly kind: GivenKind;
  /** The name as written (`orders`, `shop.orders`); for `this`, the model's own name. */
  readonly name: string;
  /** `contract:` givens: the major version read (`version: 2`). */
  readonly version?: number;
  /** Columns in the order first seen (a CSV's header; inline rows: their keys as they appear). */
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  /** Rows came from a CSV file: every value is text, typed as a seed's are. */
  readonly fromCsv: boolean;
  /** Line of the given's entry in the test file. */
  readonly line: number;
}

/** `domains/<d>/tests/unit/<name>.yaml`, parsed. */
export interface UnitTestDefinition {
  /** `<domain>.<file stem>`. */
  readonly name: string;
  readonly domain: string;
  /** Relative to the project root. */
  readonly file: string;
  readonly model: string;
  readonly modelLine: number;
  readonly given: readonly GivenInput[];
  readonly givenLine: number;
  readonly vars?: Readonly<Record<string, unknown>>;
  /** The incremental branch: `is_incremental` true, `this` read from the `this` given. */
  readonly isIncremental: boolean;
  readonly expect: { readonly columns: readonly string[]; readonly rows: readonly Row[]; readonly ordered: boolean; readonly line: number };
}
