import { parse } from 'csv-parse/sync';

/** A CSV file read strictly: the header, the rows, and the physical line each row starts on. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly headerLine: number;
  readonly rows: readonly (readonly string[])[];
  /** 1-based line of the file on which each row starts (quoted fields may span lines). */
  readonly rowLines: readonly number[];
}

export interface CsvProblem {
  readonly line: number;
  readonly message: string;
  readonly hint: string;
}

/**
 * The one importer of csv-parse. RFC 4180 with `,` and `"`, lines ended by CRLF, LF or CR, empty
 * lines skipped; a quote inside an unquoted field is kept as a character, as DuckDB's reader
 * keeps it. The problems are the ones that would make a table other than the file shows: a quote
 * never closed, an empty file, a header with a duplicate or empty name, a row with more or fewer
 * fields than the header.
 */
export function readCsv(text: string): { table?: CsvTable; problems: CsvProblem[] } {
  const scan = scanRecords(text);
  const end = scan.unclosed ? scan.unclosed.offset : text.length;
  const starts = scan.unclosed ? scan.records.slice(0, -1) : scan.records;
  const records = parseRecords(text.slice(0, end), starts);
  const problems: CsvProblem[] = [];
  const [header, ...rows] = records;
  if (!header) {
    if (!scan.unclosed) problems.push({ line: 1, message: 'the seed is empty: it has no header row', hint: 'write the column names on the first line, separated by commas' });
  } else {
    problems.push(...headerProblems(header.fields, header.line));
    for (const row of rows) {
      if (row.fields.length === header.fields.length) continue;
      problems.push({
        line: row.line,
        message: `this row has ${count(row.fields.length, 'field')}, the header has ${count(header.fields.length, 'column')}`,
        hint: 'give every row one value per column (an empty value is NULL); quote a value that contains a comma',
      });
    }
  }
  if (scan.unclosed) {
    problems.push({ line: scan.unclosed.line, message: `a quote opened on line ${scan.unclosed.quoteLine} is never closed`, hint: 'close the quoted value with "; write a quote inside a quoted value as ""' });
  }
  if (problems.length > 0 || !header) return { problems };
  return { table: { header: header.fields, headerLine: header.line, rows: rows.map((r) => r.fields), rowLines: rows.map((r) => r.line) }, problems };
}

function headerProblems(header: readonly string[], line: number): CsvProblem[] {
  const problems: CsvProblem[] = [];
  const seen = new Map<string, string>();
  header.forEach((name, i) => {
    if (name.trim() === '') {
      problems.push({ line, message: `column ${i + 1} of the header has no name`, hint: 'name every column in the header row (a trailing comma adds an unnamed column)' });
      return;
    }
    const other = seen.get(name.toLowerCase());
    if (other !== undefined) {
      const same = other === name ? `twice` : `twice, as '${other}' and '${name}' (engines compare column names without case)`;
      problems.push({ line, message: `the header names column '${other}' ${same}`, hint: 'give each column its own name' });
      return;
    }
    seen.set(name.toLowerCase(), name);
  });
  const only = header.length === 1 ? header[0]! : '';
  const delimiter = [';', '\t', '|'].find((d) => only.includes(d));
  if (delimiter) {
    problems.push({ line, message: `the header is one column '${only}': the file looks separated by '${delimiter === '\t' ? '\\t' : delimiter}', and seeds are separated by commas`, hint: 'save the seed as comma-separated values' });
  }
  return problems;
}

interface RecordStart {
  readonly offset: number;
  readonly line: number;
}

/**
 * Where each non-empty record starts (offset and line), found by following quotes as csv-parse
 * does: a quote opens a quoted value only at the start of a field, `""` inside one is a quote.
 */
function scanRecords(text: string): { records: RecordStart[]; unclosed?: RecordStart & { quoteLine: number } } {
  const records: RecordStart[] = [];
  let line = 1;
  let fieldStart = true;
  let quoted = false;
  let quoteLine = 0;
  let recordStarted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!recordStarted && c !== '\n' && c !== '\r') {
      records.push({ offset: i, line });
      recordStarted = true;
    }
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      } else if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
        line++;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      quoteLine = line;
      fieldStart = false;
    } else if (c === ',') {
      fieldStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      fieldStart = true;
      recordStarted = false;
    } else {
      fieldStart = false;
    }
  }
  const last = records[records.length - 1];
  return { records, ...(quoted && last ? { unclosed: { ...last, quoteLine } } : {}) };
}

const OPTIONS = { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'] };

/** Fields of each record, paired with its line; one parse of the whole text, else record by record. */
function parseRecords(text: string, starts: readonly RecordStart[]): { fields: string[]; line: number }[] {
  const whole = parse(text, OPTIONS) as string[][];
  if (whole.length === starts.length) return whole.map((fields, i) => ({ fields, line: starts[i]!.line }));
  // The scan and the parser read a record boundary differently (quotes in odd places): parsing
  // each record alone keeps every row on its own line.
  return starts.map((start, i) => {
    const slice = text.slice(start.offset, starts[i + 1]?.offset ?? text.length);
    const fields = (parse(slice, OPTIONS) as string[][])[0] ?? [];
    return { fields, line: start.line };
  });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
