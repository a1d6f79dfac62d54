import type { Dialect } from '../adapters/dialect.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { testId, type DataTestDefinition, type ModelDefinition } from '../parse/definitions.js';
import { checksum } from '../parse/parse-model.js';
import type { TemplateEngine } from '../template/template-engine.js';
import { TemplateRenderError, templateRenderProblem } from '../template/template-render-error.js';
import type { CompiledNode } from './compiled-node.js';
import { bindArguments, GenericTests } from './generic-tests.js';
import { oneStatement } from './one-statement.js';
import type { ProjectIndex } from './model-hooks.js';

/** Where a domain's tests keep their failing rows (`store_failures`). */
export function auditSchema(dialect: Dialect, domain: string): string {
  return dialect.schemaName(`${domain}_audit`);
}

/**
 * A model header's data tests (under its columns, and at model level) → test nodes, each a query
 * whose rows are failures: a builtin's template (`templates/<engine>/tests/<kind>.sql`) or a
 * generic test's (`tests/generic/<name>.sql`).
 */
export function compileColumnTests(
  model: ModelDefinition,
  relation: string | undefined,
  index: ProjectIndex,
  engine: TemplateEngine,
  dialect: Dialect,
  taken: Set<string>,
  generic: GenericTests = new GenericTests([]),
): { tests: CompiledNode[]; diagnostics: Diagnostic[] } {
  const tests: CompiledNode[] = [];
  const diagnostics: Diagnostic[] = [];
  const uses: DataTestDefinition[] = [...model.config.columns.flatMap((c) => c.tests), ...(model.config.tests ?? [])];
  for (const test of uses) {
    const on = test.column !== undefined ? `'${model.name}.${test.column}'` : `model '${model.name}'`;
    const resolved = generic.resolve(model.domain, test.kind);
    if (!resolved) {
      if (!generic.isBroken(model.domain, test.kind)) diagnostics.push(generic.unknown(model.domain, test, model.file));
      continue;
    }
    if (!relation) {
      diagnostics.push(error('MESH120', `${test.column !== undefined ? 'column' : 'model-level'} tests cannot run on ephemeral model '${model.name}'`, { file: model.file, line: test.line, hint: 'materialize it as a view, or test the models that read it' }));
      continue;
    }
    const dependsOn = [{ id: model.id, line: test.line }];
    // `where:` narrows the rows every test reads, as dbt's does: the model becomes a filtered subquery.
    const tested = test.where ? `(SELECT * FROM ${relation} WHERE ${test.where})` : relation;
    const context: Record<string, unknown> = { relation: tested, model: tested };
    if (test.column !== undefined) context.column = dialect.quoteIdentifier(test.column);
    let suffix = '';
    if (test.values) context.values = test.values.map((v) => (typeof v === 'string' ? dialect.stringLiteral(v) : String(v)));
    if (test.columns) context.columns = test.columns.map((c) => dialect.quoteIdentifier(c));
    // dbt_utils.expression_is_true under a column: the expression follows the column (`>= 0`).
    if (test.expression !== undefined) context.expression = test.column !== undefined ? `${context.column as string} ${test.expression}` : test.expression;
    if (test.kind === 'relationships' && test.to !== undefined) {
      const parent = index.findReferable(model.domain, test.to);
      if (!parent) {
        const near = index.suggestReferable(model.domain, test.to);
        diagnostics.push(error('MESH140', `relationships test on ${on} points to '${test.to}', which is not a model or seed`, { file: model.file, line: test.line, hint: near.length ? `did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : 'set to: to a model or seed of this domain' }));
        continue;
      }
      if (parent.domain !== model.domain) {
        diagnostics.push(error('MESH211', `relationships test on ${on} reads '${test.to}', an internal model of domain '${parent.domain}'`, { file: model.file, line: test.line, hint: `${index.contractHint(parent)}; check the keys in a singular test (tests/*.sql) that reads the contract view` }));
        continue;
      }
      dependsOn.push({ id: parent.id, line: test.line });
      context.to_relation = parent.reference;
      context.field = dialect.quoteIdentifier(test.field ?? '');
      suffix = `_${parent.name}`;
    }
    let template = `tests/${test.kind}`;
    let source = `templates/${dialect.engine}/tests/${test.kind}.sql`;
    if ('generic' in resolved) {
      const bound = bindArguments(resolved.generic, test, model.file);
      diagnostics.push(...bound.diagnostics);
      if (!bound.values) continue;
      Object.assign(context, bound.values);
      template = resolved.template;
      source = resolved.generic.file;
    }
    const stem = `${test.kind}_${model.name}${test.column !== undefined ? `_${test.column}` : ''}${suffix}`;
    let name = stem;
    for (let n = 2; taken.has(`${model.domain}.${name}`); n++) name = `${stem}_${n}`;
    taken.add(`${model.domain}.${name}`);
    let rendered: string;
    try {
      rendered = engine.text(template, context);
    } catch (e) {
      // A generic test (or a project's override) naming what it is not given: at its line, saying where it is used.
      if (!(e instanceof TemplateRenderError)) throw e;
      const problem = templateRenderProblem(e);
      if (!generic.firstReport(`${problem.file}:${problem.line}:${problem.message}`)) continue;
      const given = Object.keys(context).filter((k) => k !== 'relation');
      diagnostics.push({
        ...problem,
        message: `${problem.message} (test '${test.kind}' used on ${on} at ${model.file}:${test.line}${test.column === undefined ? ', a model-level use, which has no {{column}}' : ''})`,
        ...('generic' in resolved ? { hint: `this use gives the test ${given.map((k) => `{{${k}}}`).join(', ')}: fix the name, declare it in params: with a default, or pass it where the test is used` } : {}),
      });
      continue;
    }
    // Only a project's own template can write a second statement here.
    const checked = oneStatement({ sql: rendered, lines: rendered.split('\n').map(() => test.line) }, dialect.lexicon, {
      what: `${test.kind} test on ${on} (${source})`,
      file: model.file,
      line: test.line,
    });
    if ('problem' in checked) {
      diagnostics.push(checked.problem);
      continue;
    }
    const sql = checked.sql.sql;
    const stores = test.storeFailures ?? model.config.storeFailures ?? false;
    const audit = auditSchema(dialect, model.domain);
    tests.push({
      id: testId(model.domain, name),
      kind: 'test',
      name,
      domain: model.domain,
      stage: 'tests',
      file: model.file,
      line: test.line,
      checksum: 'generic' in resolved ? checksum(`${model.checksum}${resolved.generic.checksum}`) : model.checksum,
      materialized: 'test',
      select: { sql, lines: sql.split('\n').map(() => test.line) },
      dependsOn,
      tags: model.config.tags,
      test: {
        severity: test.severity,
        kind: test.kind,
        ...(test.column !== undefined ? { column: test.column } : {}),
        attachedTo: dependsOn.map((d) => d.id),
        ...(stores ? { storeFailures: { schema: audit, identifier: name, relation: dialect.relation(audit, name) } } : {}),
      },
    });
  }
  return { tests, diagnostics };
}
