import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';
import { writeProject } from '../support/temp-project.js';

/** A project whose own materialization or test template names what meshwork does not pass it. */
const project = (templates: Record<string, string>): string =>
  writeProject({
    'mesh.yaml': 'name: shop\ntargets:\n  dev:\n    engine: duckdb\n    path: .mesh/dev.duckdb\n',
    'domains/shop/domain.yaml': 'name: shop\r\nowner: team-shop\r\ndescription: Shop.\r\n',
    'domains/shop/cleaned/orders.sql': '/*\ncolumns:\n  id:\n    tests: [not_null]\n*/\nselect 1 as id\n',
    ...templates,
  });

describe('a template override that names what does not exist is a diagnostic at its file and line, never a crash', () => {
  it('a materialization reading an undefined value: MESH131 at the override, nothing run', async () => {
    const dir = project({ 'templates/duckdb/materializations/view.sql': '{{#statement}}\r\nCREATE OR REPLACE VIEW {{relation}} AS\r\n{{sql}} {{nope.deeper}}\r\n{{/statement}}\r\n' });
    const { code, out, err } = await mesh(['build', '--project', dir]);
    const text = [...out, ...err].join('\n');
    expect(code).toBe(1);
    expect(text).toContain("templates/duckdb/materializations/view.sql:3:11: error MESH131: a template reads '.deeper' of a value that is not defined");
    expect(text).not.toMatch(/MESH199|at .*\.js:\d+/);
  });

  it('a materialization whose helper throws: MESH131 at the override file', async () => {
    const dir = project({ 'templates/duckdb/materializations/view.sql': '{{#statement}}\nCREATE OR REPLACE VIEW {{relation}} AS\n{{sql}} {{lookup nope.a "b"}}\n{{/statement}}\n' });
    const { code, out, err } = await mesh(['build', '--project', dir]);
    expect(code).toBe(1);
    expect([...out, ...err].join('\n')).toMatch(/^templates\/duckdb\/materializations\/view\.sql: error MESH131: template error: /m);
  });

  it('a test template with a misspelt value: MESH131 at its line on compile, check and build', async () => {
    const dir = project({ 'templates/duckdb/tests/not_null.sql': 'select *\nfrom {{relation}}\nwhere {{colum}} is null\n' });
    for (const command of ['compile', 'check', 'build']) {
      const { code, out, err } = await mesh([command, '--project', dir]);
      expect(code, command).toBe(1);
      expect([...out, ...err].join('\n'), command).toContain(`${join('templates', 'duckdb', 'tests', 'not_null.sql')}:3:9: error MESH131: unknown helper or value 'colum' in a template`);
    }
  });
});
