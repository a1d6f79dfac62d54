import { describe, expect, it } from 'vitest';
import { updateProject, writeProject } from '../support/temp-project.js';
import { expectFailedAt, failingBuilds } from './build-failure.js';
import { lineOf, SAVINGS, saved } from './editor-files.js';

const failure = failingBuilds();

const BASE = { 'domains/shop/raw/base.sql': 'select range as id from range(3)\n' };

describe.each(SAVINGS)('an engine error in a model saved with $name names its own line', (saving) => {
  it('in a view with a YAML header', async () => {
    const lines = ['/*', 'materialized: view', 'description: A view with a misspelt column.', '*/', 'select', '  range as id,', '  nope as misspelt', 'from range(3)'];
    const dir = writeProject({ 'domains/shop/cleaned/v.sql': saved(saving, lines) });
    expectFailedAt(await failure(dir, 'model.shop.v'), 'domains/shop/cleaned/v.sql', lineOf(lines, 'nope'), 3);
  });

  it('in a table, on a line that a helper changed (the column counts from the end of the line)', async () => {
    const lines = ['/* materialized: table */', 'select id', 'from {{ref "base"}} where nope > 1'];
    const dir = writeProject({ ...BASE, 'domains/shop/aggregate/t.sql': saved(saving, lines) });
    const shown = 'from "shop_raw"."base" where nope > 1';
    const found = await failure(dir, 'model.shop.t');
    expectFailedAt(found, 'domains/shop/aggregate/t.sql', 3, lines[2]!.indexOf('nope') + 1, shown.indexOf('nope') + 1);
    expect(found.result.message).toContain(`\n  3 | ${shown}\n`);
  });

  it('below a var whose value spans lines', async () => {
    const lines = ['select', '  {{var "columns"}},', '  nope as misspelt', 'from range(3)'];
    const dir = writeProject({
      'mesh.yaml': saved(saving, ['name: test_mesh', 'vars:', '  columns: |-', '    range as id,', '    range * 2 as twice']),
      'domains/shop/cleaned/v.sql': saved(saving, lines),
    });
    expectFailedAt(await failure(dir, 'model.shop.v'), 'domains/shop/cleaned/v.sql', 3, 3);
  });

  it('in an incremental model, first build, below the {{#if is_incremental}} block left out', async () => {
    const lines = ['/*', 'materialized: incremental', 'unique_key: id', '*/', 'select range as id', 'from range(3)', '{{#if is_incremental}}', 'where range > (select max(id) from {{this}})', '{{/if}}', 'order by nope'];
    const dir = writeProject({ 'domains/shop/aggregate/inc.sql': saved(saving, lines) });
    expectFailedAt(await failure(dir, 'model.shop.inc'), 'domains/shop/aggregate/inc.sql', 10, 10);
  });

  it('in an incremental model, second build, inside the {{#if is_incremental}} branch', async () => {
    const lines = (filter: string) => ['/*', 'materialized: incremental', 'unique_key: id', '*/', 'select range as id', 'from range(3)', '{{#if is_incremental}}', `where ${filter} > (select max(id) from {{this}})`, '{{/if}}'];
    const dir = writeProject({ 'domains/shop/aggregate/inc.sql': saved(saving, lines('range')) });
    const first = await failure(dir, 'model.shop.inc');
    if (first.result.status !== 'success') throw new Error(first.result.message);
    updateProject(dir, { 'domains/shop/aggregate/inc.sql': saved(saving, lines('nope')) });
    const second = await failure(dir, 'model.shop.inc');
    expectFailedAt(second, 'domains/shop/aggregate/inc.sql', 8, 7);
  });

  it('inside an ephemeral model, inlined as a CTE: the ephemeral file and its line', async () => {
    const lines = ['/*', 'materialized: ephemeral', '*/', 'select', '  range as id,', '  nope as misspelt', 'from range(3)'];
    const dir = writeProject({
      'domains/shop/cleaned/eph.sql': saved(saving, lines),
      'domains/shop/aggregate/reader.sql': saved(saving, ['/* materialized: table */', 'select id from {{ref "eph"}}']),
    });
    expectFailedAt(await failure(dir, 'model.shop.reader'), 'domains/shop/cleaned/eph.sql', 6, 3);
  });

  it('in a model that reads an ephemeral model and has a WITH of its own: the model file and its line', async () => {
    const lines = ['with kept as (', '  select id from {{ref "eph"}}', ')', 'select id, nope', 'from kept'];
    const dir = writeProject({
      'domains/shop/cleaned/eph.sql': saved(saving, ['/*', 'materialized: ephemeral', '*/', 'select range as id', 'from range(3)']),
      'domains/shop/aggregate/reader.sql': saved(saving, lines),
    });
    expectFailedAt(await failure(dir, 'model.shop.reader'), 'domains/shop/aggregate/reader.sql', 4, 12);
  });
});
