/** A problem in a user's project: a stable code, a message a person can act on, and where it is. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** What to do about it. */
  readonly hint?: string;
}

/** Stable codes; docs/diagnostics.md explains each. */
export type DiagnosticCode =
  | 'MESH100' // mesh.yaml missing or unreadable, output that cannot be written, mesh init into a folder that is not empty
  | 'MESH101' // YAML syntax error
  | 'MESH102' // unknown key
  | 'MESH103' // invalid value
  | 'MESH104' // required key missing
  | 'MESH105' // a file that is not UTF-8 (reported at the line of its first bad byte)
  | 'MESH106' // `${NAME}` in mesh.yaml or domain.yaml names an environment variable that is not set, with no `:-default`
  | 'MESH110' // domain folder without domain.yaml
  | 'MESH120' // model or test file problem (unclosed header, test without ref, tests on an ephemeral)
  | 'MESH121' // a model or test whose rendered SQL holds more than one statement
  | 'MESH122' // a seed CSV that does not parse strictly (ragged row, unclosed quote, empty, duplicate columns)
  | 'MESH123' // a compiled statement that the offline BigQuery syntax check rejects (mesh check on a bigquery target)
  | 'MESH124' // mesh check: a model (seed, contract view, singular test) that DuckDB's binder rejects: an unknown column, table or function
  | 'MESH125' // mesh check: a column test (or relationships field) on a column the model does not produce
  | 'MESH126' // mesh check: models not bound because their inputs cannot be read locally (a warning)
  | 'MESH130' // template syntax error
  | 'MESH131' // unknown helper or bad helper arguments
  | 'MESH132' // Jinja syntax in a template ({{ ref('x') }}, {% if %}, {# #}): meshwork templates are Handlebars
  | 'MESH133' // a macro file that cannot be a macro (name shadows a helper, bad params header)
  | 'MESH134' // a macro call with a missing, unknown or repeated parameter
  | 'MESH135' // a macro that calls itself, directly or through other macros
  | 'MESH136' // a value of the wrong kind in a template: #each over a non-list, a list printed, a comparison of a list
  | 'MESH137' // {{#each}} without block params, or {{#with}}: Handlebars would rebind {{this}}
  | 'MESH140' // ref to a model that does not exist
  | 'MESH141' // source not declared, or not available on the target's engine
  | 'MESH142' // var not defined
  | 'MESH150' // two nodes with one name in one domain
  | 'MESH151' // names that differ only in case (nodes of a domain, domains, sources): engines fold identifiers
  | 'MESH152' // two domain folders whose domain.yaml give one name
  | 'MESH153' // a generic test used without an argument its header requires
  | 'MESH160' // dependency cycle
  | 'MESH170' // selector problem
  | 'MESH180' // target problem (unknown target, unsupported engine)
  | 'MESH181' // the target's warehouse cannot be opened (a DuckDB file in use or unwritable)
  | 'MESH182' // BigQuery credentials cannot be loaded or are refused (key file, token variable, ADC), or the project or location does not answer
  | 'MESH190' // file or folder outside the known layout (a warning: it is ignored)
  | 'MESH191' // OpenLineage events a catalog did not accept (a warning: they stay in target/openlineage/)
  | 'MESH199' // an internal error of meshwork (a bug): printed without a stack trace unless MESH_DEBUG=1
  | 'MESH201' // contract does not follow the ODCS v3.1 JSON Schema
  | 'MESH202' // contract version is not a semantic version
  | 'MESH203' // contract domain differs from its domain folder
  | 'MESH204' // contract product (dataProduct or name) differs from its file name, or is not a valid name
  | 'MESH205' // two schema objects, or two properties of one object, with one name
  | 'MESH206' // what a contract view needs is missing: a property without logicalType, an object without properties
  | 'MESH207' // backing model entry (customProperties: property: model) missing, repeated or malformed
  | 'MESH208' // part of a contract meshwork does not build or check (a warning: servers, topics, custom rules)
  | 'MESH209' // the model a contract says backs it does not exist in the contract's domain
  | 'MESH210' // {{contract}} names no published contract, or no version of it
  | 'MESH211' // a ref to another domain's model that a contract publishes
  | 'MESH212' // a consumer reads a deprecated contract version (a warning, with its sunset date)
  | 'MESH213' // a consumer reads a contract version past its sunset date
  | 'MESH214' // a contracted column the backing model does not provide (checked with no warehouse)
  | 'MESH215' // a breaking contract change without a new major version
  | 'MESH216' // a contract change whose effect on consumers cannot be proven safe (a warning)
  | 'MESH217' // an imported contract cannot be read, or has no location on the target
  | 'MESH218' // a consumer reads a column an imported contract does not have (mesh check)
  | 'MESH219' // a contracts/<stem>.sql mapping with no contract beside it, or for a contract of several tables
  | 'MESH220' // policy contract-owner: a contract names no owner
  | 'MESH221' // policy contract-description: a contract has no description.purpose
  | 'MESH222' // policy column-description: a contract column has no description
  | 'MESH223' // policy personal-data-classified: a column that looks personal has no classification
  | 'MESH224' // policy restricted-columns-masked: a restricted or PII column published without hash or mask
  | 'MESH225' // policy freshness-sla: a contract declares no latency or freshness SLA
  | 'MESH226' // policy view-naming: a contract view would not be named <product>_v<major>
  | 'MESH227' // a column transform meshwork cannot apply (unknown value, or a column that is not a string)
  | 'MESH230' // mesh lineage, mesh show: no node or column of that name, or a name that matches several nodes
  | 'MESH240' // mesh show: a relation the query reads was never built, or the warehouse refused the query
  | 'MESH243' // mesh retry: no target/run_results.json to retry from
  | 'MESH244' // mesh retry: run_results.json is not a run of build or test it can read, or predates recorded options (warning)
  | 'MESH245' // mesh retry: nodes the last run recorded are no longer in the project, left out (warning)
  | 'MESH246' // a state: or git: selector without a state or revision to compare with
  | 'MESH247' // --state: no manifest.json there, unreadable, or written without fingerprints
  | 'MESH248' // git:modified: not a git checkout, an unknown --git-base revision, or git failed
  | 'MESH250' // --defer with nothing to defer to (no --state or --defer-to, a state folder with no readable manifest), --favor-state without --defer
  | 'MESH251' // --defer: an unselected parent this target has not built has no relation in the state manifest; read from this target (warning)
  | 'MESH252' // --defer-to names no target of mesh.yaml, or the state manifest's target is not in mesh.yaml (DuckDB: its file is unknown)
  | 'MESH253' // --defer to an environment on another engine (relations and SQL dialects differ)
  | 'MESH254' // --env: a name that cannot end a schema name (lower-case letters, digits, single underscores)
  | 'MESH255' // mesh env promote: a contract the environment has no audited, published candidate of, refused
  | 'MESH256' // mesh env drop: the target's public views read candidates promoted from the environment (without --force)
  | 'MESH257' // mesh env promote/drop: no environment of that name on the target
  | 'MESH260' // mesh build: the warehouse would not tell when the source tables last changed; what reads them is rebuilt (warning)
  | 'MESH263' // mesh build: the node-state table could not be written after the run (warning)
  | 'MESH270' // a source's freshness warn_after / error_after is not a duration
  | 'MESH271' // a source's freshness warn_after is longer than its error_after
  | 'MESH272' // a source's (or a domain's default) freshness has neither warn_after nor error_after
  | 'MESH273' // mesh source freshness: --select names no source that declares freshness
  | 'MESH274' // mesh source freshness: the freshness query of a source failed on the warehouse (runtime error)
  | 'MESH275' // unit test: its model is not a model of the project
  | 'MESH276' // unit test: a given the model does not read (or `this`/is_incremental on a model that is not incremental)
  | 'MESH277' // unit test: an input the model reads has no given
  | 'MESH278' // unit test: a CSV given that cannot be read or is not a table
  | 'MESH279' // unit test: the model's query failed on its given rows
  | 'MESH280' // a snapshot model without unique_key
  | 'MESH281' // snapshot strategy timestamp without updated_at
  | 'MESH282' // snapshot strategy check without check_cols
  | 'MESH283' // a snapshot without a strategy, or an unknown one
  | 'MESH284' // a snapshot setting on a model that is not a snapshot, for the other strategy, or of the wrong form
  | 'MESH285' // mesh import dbt: the folder given is not a dbt project (no dbt_project.yml)
  | 'MESH286' // mesh import dbt: a dbt_project.yml or properties yml entry not in the form dbt reads (no name, a list that is not one)
  | 'MESH287' // mesh import dbt: a --domain-map or --stage-map that cannot be read
  | 'MESH292' // mesh test --unit --generate: no model (or several) of that name
  | 'MESH293' // mesh test --unit --generate: an input of the model cannot be read in the target (not built)
  | 'MESH294' // mesh test --unit --generate: the generated test expects no rows (its inputs' rows do not join), or does not pass when run again
  | 'MESH295'; // a source's freshness has a filter but no loaded_at (the age then comes from table metadata)

export function error(
  code: DiagnosticCode,
  message: string,
  where: { file?: string; line?: number; column?: number; hint?: string } = {},
): Diagnostic {
  return { code, severity: 'error', message, ...where };
}

export function warning(
  code: DiagnosticCode,
  message: string,
  where: { file?: string; line?: number; column?: number; hint?: string } = {},
): Diagnostic {
  return { code, severity: 'warning', message, ...where };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file:line:col: error MESH140: message (hint)` — the form editors and CI logs link. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}: ` : '';
  const hint = d.hint ? `\n  hint: ${d.hint}` : '';
  return `${where}${d.severity} ${d.code}: ${d.message}${hint}`;
}

/** Sorted for stable output: by file, then line. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.code.localeCompare(b.code),
  );
}
