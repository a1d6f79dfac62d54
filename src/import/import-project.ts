import { yamlText } from '../catalog/yaml-text.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { convertUnitTests } from './convert-unit-tests.js';
import { domainYaml, type CopiedFile } from './domain-yaml.js';
import { DEFAULT_STAGE_MAP, parseDomainMap, parseStageMap } from './import-maps.js';
import { ImportProblems } from './import-problems.js';
import { importReport, type ImportCounts } from './import-report.js';
import { placeMacros } from './macro-files.js';
import { MACRO_ENGINES } from '../parse/parse-project.js';
import type { JinjaContext } from './import-types.js';
import { convertMacroFile } from './jinja/convert-macros.js';
import { convertModelSql } from './jinja/convert-model.js';
import { modelHeader, lineOf } from './model-header.js';
import { odcsContract } from './odcs-contract.js';
import { domainName, planImport } from './plan-import.js';
import { readDbtProject } from './read-dbt-project.js';
import type { ImportProblem } from './import-types.js';

/** A file of the meshwork project to write: its text, or a dbt file copied byte for byte (seeds, data). */
export type OutputFile = { readonly path: string; readonly text: string } | { readonly path: string; readonly copyOf: string };

export interface ImportOutput {
  readonly files: readonly OutputFile[];
  readonly counts: ImportCounts;
  readonly problems: readonly ImportProblem[];
}

export interface ImportMaps {
  readonly domainMap?: string | undefined;
  readonly stageMap?: string | undefined;
}

/**
 * A dbt project → the files of a meshwork project (nothing is written here). Problems with the
 * dbt project itself are diagnostics and give no output; constructs that cannot be converted are
 * listed in the report, and the rest is imported.
 */
export function importDbtProject(dbtRoot: string, maps: ImportMaps): { output?: ImportOutput; diagnostics: Diagnostic[] } {
  const stageMap = maps.stageMap === undefined ? { map: { ...DEFAULT_STAGE_MAP }, diagnostics: [] } : parseStageMap(maps.stageMap);
  const domainMap = maps.domainMap === undefined ? { diagnostics: [] } : parseDomainMap(maps.domainMap);
  const read = readDbtProject(dbtRoot);
  const diagnostics = [...stageMap.diagnostics, ...domainMap.diagnostics, ...read.diagnostics];
  const project = read.project;
  if (!project || !stageMap.map || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  const problems = new ImportProblems(project.texts);
  for (const u of project.unmapped) problems.add(u.file, u.line, u.what, unmappedHint(u.what), u.construct);
  const plan = planImport(project, { ...(domainMap.map ? { domainMap: domainMap.map } : {}), stageMap: stageMap.map }, problems);
  const files: OutputFile[] = [];
  // Written with LF line ends, whatever the dbt files had (the converter keeps a file's CRLF).
  const text = (path: string, body: string): void => {
    const lf = body.replace(/\r\n?/g, '\n');
    files.push({ path, text: lf.endsWith('\n') ? lf : `${lf}\n` });
  };

  text('mesh.yaml', meshYaml(domainName(project.name), project.vars));
  text('.gitignore', '.mesh/\ntarget/\n');

  // Macros first: a model's context lists the macros it may call.
  const macroNames = new Set(project.macroFiles.flatMap((f) => [...f.text.matchAll(/\{%-?\s*macro\s+(\w+)/g)].map((m) => m[1]!)));
  const macroContext = (file: string, macros: ReadonlySet<string>): JinjaContext => ({
    file,
    resolveRef: (name) => plan.resolveRef(plan.domains[0]!.name, name),
    resolveSource: () => undefined,
    macros,
    vars: project.vars,
  });
  const convertMacros = (macros: ReadonlySet<string>) => project.macroFiles.map((f) => ({ file: f.file, converted: convertMacroFile(f.text, macroContext(f.file, macros)) }));
  let macroFiles = convertMacros(macroNames);
  let placed = placeMacros(macroFiles, macroNames, MACRO_ENGINES);
  // A macro that could not be converted is not callable: convert again without it.
  if (placed.callable.size !== macroNames.size || [...placed.callable].some((n) => !macroNames.has(n))) {
    macroFiles = convertMacros(placed.callable);
    placed = placeMacros(macroFiles, macroNames, MACRO_ENGINES);
  }
  const converted = placed.callable;
  const generics = new Set<string>();
  for (const { converted: c } of macroFiles) {
    problems.push(...c.problems);
    for (const test of c.tests) {
      generics.add(test.name);
      text(`tests/generic/${test.name}.sql`, withHeader(test.params.length > 0 ? { params: test.params } : {}, test.sql));
    }
  }
  for (const p of placed.problems) problems.add(p.file, p.line, p.message, p.hint);
  for (const macro of placed.files) text(macro.path, withHeader(macro.params.length > 0 ? { params: macro.params } : {}, macro.sql));
  const macroCount = placed.files.length;

  const context = (domain: string, file: string): JinjaContext => ({
    file,
    resolveRef: (name) => plan.resolveRef(domain, name),
    resolveSource: (source, table) => plan.resolveSource(domain, source, table),
    macros: converted,
    vars: project.vars,
  });
  const modelDomains = new Map(plan.models.map((m) => [m.dbt.name, m.domain]));
  let testCount = 0;
  let contractCount = 0;
  for (const model of plan.models) {
    const result = convertModelSql(model.dbt.text, context(model.domain, model.dbt.file));
    problems.push(...result.problems);
    const scope = {
      generics,
      refDomain: (name: string): 'same' | 'other' | 'unknown' => {
        const target = plan.resolveRef(model.domain, name);
        if (target.kind === 'unknown') return 'unknown';
        if (target.kind === 'contract') return 'other';
        const domain = modelDomains.get(name) ?? plan.seedDomains.get(name);
        return domain === model.domain ? 'same' : 'other';
      },
    };
    const header = modelHeader(model, result.config, scope, problems);
    testCount += countTests(header);
    text(`domains/${model.domain}/${model.stage}/${model.dbt.name}.sql`, withHeader(header, result.sql));
    if (model.contracted) {
      const domain = plan.domains.find((d) => d.name === model.domain)!;
      text(`domains/${model.domain}/contracts/${model.dbt.name}.odcs.yaml`, yamlText(odcsContract(model, domain, problems)));
      contractCount++;
    }
  }
  for (const model of plan.models) {
    const access = model.config.access;
    if (access?.value === 'public' && !model.contracted) {
      problems.add(access.file, access.line, `model ${model.dbt.name} is public but has no enforced contract with columns: no ODCS contract written, and other domains cannot read it`, 'add contract: {enforced: true} and its columns with a data_type each, then import again');
    }
  }
  for (const test of plan.tests) {
    const result = convertModelSql(test.dbt.text, context(test.domain, test.dbt.file));
    problems.push(...result.problems);
    const header: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(result.config)) {
      if (key === 'severity' && typeof value === 'string') header.severity = value.toLowerCase();
      else if (key === 'store_failures' || key === 'tags') header[key] = value;
      else problems.add(test.dbt.file, lineOf(test.dbt.text, /\{\{-?\s*config\s*\(/), `test config ${key} has no meshwork equivalent: not imported`, 'a singular test takes severity, description, tags and store_failures');
    }
    text(`domains/${test.domain}/tests/${test.dbt.name}.sql`, withHeader(header, result.sql));
    testCount++;
  }

  const unitTests = convertUnitTests(project, plan, problems);
  for (const file of unitTests.files) {
    if ('text' in file) text(file.path, file.text);
    else files.push(file);
  }

  const copies: CopiedFile[] = [];
  for (const domain of plan.domains) {
    const seeds = project.seeds.filter((s) => plan.seedDomains.get(s.name) === domain.name);
    const doc = domainYaml(project, domain, plan.sources.filter((s) => s.domain === domain.name), seeds, problems, copies);
    text(`domains/${domain.name}/domain.yaml`, yamlText(doc));
    for (const seed of seeds) files.push({ path: `domains/${domain.name}/seeds/${seed.name}.csv`, copyOf: seed.file });
  }
  for (const copy of copies) files.push({ path: copy.to, copyOf: copy.from });

  const counts: ImportCounts = {
    models: plan.models.length,
    seeds: plan.seedDomains.size,
    sources: plan.sources.length,
    tests: testCount,
    unitTests: unitTests.count,
    contracts: contractCount,
    macros: macroCount,
    genericTests: generics.size,
  };
  const domainCounts = plan.domains.map((d) => ({ name: d.name, models: plan.models.filter((m) => m.domain === d.name).length }));
  text('import-report.md', importReport(project.name, counts, domainCounts, problems.list));
  return { output: { files, counts, problems: problems.list }, diagnostics };
}

/** The model's SQL behind its YAML header in a leading block comment (none when the header is empty). */
function withHeader(header: Record<string, unknown>, sql: string): string {
  const body = sql.replace(/^\s*\n/, '');
  if (Object.keys(header).length === 0) return body;
  // A `*/` inside a description would end the comment early.
  return `/*\n${yamlText(header).replace(/\*\//g, '* /')}*/\n${body}`;
}

function countTests(header: Record<string, unknown>): number {
  const columns = (header.columns ?? {}) as Record<string, { tests?: unknown[] }>;
  return ((header.tests as unknown[] | undefined)?.length ?? 0) + Object.values(columns).reduce((n, c) => n + (c.tests?.length ?? 0), 0);
}

/** mesh.yaml: the DuckDB dev target, a commented BigQuery prod (the sources carry their BigQuery tables), the vars. */
function meshYaml(name: string, vars: Readonly<Record<string, unknown>>): string {
  return [
    '# Imported from a dbt project by mesh import dbt: see import-report.md (docs/project-format.md).',
    yamlText({ name }).trimEnd(),
    'targets:',
    '  dev:',
    '    engine: duckdb',
    '    path: .mesh/dev.duckdb',
    "  # Production on BigQuery: uncomment and set the project (every key: docs/bigquery-config.md).",
    '  # prod:',
    '  #   engine: bigquery',
    '  #   project: ${GCP_PROJECT:-my-gcp-project}',
    '  #   location: US',
    '  #   method: adc',
    ...(Object.keys(vars).length > 0 ? [yamlText({ vars }).trimEnd()] : []),
    '',
  ].join('\n');
}

function unmappedHint(what: string): string {
  if (what.startsWith('dbt snapshot')) return 'write it as a model with materialized: snapshot, unique_key and strategy (docs/snapshots.md)';
  if (what.startsWith('Python model')) return 'rewrite it as a SQL model';
  if (what.includes('meshwork tests models, not sources')) return 'put the test on the staging model that reads the source';
  if (what.startsWith('versioned model')) return 'import each version as its own model, and publish the versions as contract major versions (docs/contracts.md)';
  return 'see docs/import-dbt.md for what is imported';
}
