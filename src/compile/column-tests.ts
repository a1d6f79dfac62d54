import type { Dialect } from '../adapters/dialect.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { testId, type ModelDefinition } from '../parse/definitions.js';
import type { TemplateEngine } from '../template/template-engine.js';
import type { CompiledNode } from './compiled-node.js';
import { oneStatement } from './one-statement.js';
import type { ProjectIndex } from './model-hooks.js';

/** A model header's column tests → test nodes, each a query whose rows are failures. */
export function compileColumnTests(
  model: ModelDefinition,
  relation: string | undefined,
  index: ProjectIndex,
  engine: TemplateEngine,
  dialect: Dialect,
  taken: Set<string>,
): { tests: CompiledNode[]; diagnostics: Diagnostic[] } {
  const tests: CompiledNode[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const column of model.config.columns) {
    for (const test of column.tests) {
      if (!relation) {
        diagnostics.push(error('MESH120', `column tests cannot run on ephemeral model '${model.name}'`, { file: model.file, line: test.line, hint: 'materialize it as a view, or test the models that read it' }));
        continue;
      }
      const dependsOn = [{ id: model.id, line: test.line }];
      const context: Record<string, unknown> = { relation, column: dialect.quoteIdentifier(test.column) };
      let suffix = '';
      if (test.kind === 'accepted_values') {
        context.values = (test.values ?? []).map((v) => (typeof v === 'string' ? dialect.stringLiteral(v) : String(v)));
      }
      if (test.kind === 'relationships') {
        const parent = index.findReferable(model.domain, test.to ?? '');
        if (!parent) {
          const near = index.suggestReferable(model.domain, test.to ?? '');
          diagnostics.push(error('MESH140', `relationships test on '${model.name}.${test.column}' points to '${test.to}', which is not a model or seed`, { file: model.file, line: test.line, hint: near.length ? `did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : 'set to: to a model or seed of this domain' }));
          continue;
        }
        if (parent.domain !== model.domain) {
          diagnostics.push(error('MESH211', `relationships test on '${model.name}.${test.column}' reads '${test.to}', an internal model of domain '${parent.domain}'`, { file: model.file, line: test.line, hint: `${index.contractHint(parent)}; check the keys in a singular test (tests/*.sql) that reads the contract view` }));
          continue;
        }
        dependsOn.push({ id: parent.id, line: test.line });
        context.to_relation = parent.reference;
        context.field = dialect.quoteIdentifier(test.field ?? '');
        suffix = `_${parent.name}`;
      }
      let name = `${test.kind}_${model.name}_${test.column}${suffix}`;
      for (let n = 2; taken.has(`${model.domain}.${name}`); n++) name = `${test.kind}_${model.name}_${test.column}${suffix}_${n}`;
      taken.add(`${model.domain}.${name}`);
      const rendered = engine.text(`tests/${test.kind}`, context);
      // Only a project's own tests/<kind>.sql template can write a second statement here.
      const checked = oneStatement({ sql: rendered, lines: rendered.split('\n').map(() => test.line) }, dialect.lexicon, {
        what: `${test.kind} test on '${model.name}.${test.column}' (templates/${dialect.engine}/tests/${test.kind}.sql)`,
        file: model.file,
        line: test.line,
      });
      if ('problem' in checked) {
        diagnostics.push(checked.problem);
        continue;
      }
      const sql = checked.sql.sql;
      tests.push({
        id: testId(model.domain, name),
        kind: 'test',
        name,
        domain: model.domain,
        stage: 'tests',
        file: model.file,
        line: test.line,
        checksum: model.checksum,
        materialized: 'test',
        select: { sql, lines: sql.split('\n').map(() => test.line) },
        dependsOn,
        tags: model.config.tags,
        test: { severity: test.severity, kind: test.kind, column: test.column, attachedTo: dependsOn.map((d) => d.id) },
      });
    }
  }
  return { tests, diagnostics };
}
