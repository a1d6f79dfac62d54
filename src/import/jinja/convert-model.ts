import type { ConvertedModel, JinjaContext } from '../import-types.js';
import { convertBody } from './convert-body.js';
import { readJinja } from './jinja-tree.js';

/**
 * A dbt model, singular test or analysis → a meshwork template with the same lines: `{{ config() }}`
 * leaves the SQL (its arguments come back as values, for the header), every other construct is
 * converted in place or left as a `{{!-- dbt: … --}}` comment and reported (docs/templates.md,
 * "How mesh import dbt converts Jinja").
 */
export function convertModelSql(text: string, context: JinjaContext): ConvertedModel {
  const source = text.replace(/^\uFEFF/, '');
  const { sql, config, problems } = convertBody(source, readJinja(source), { context, kind: 'model' });
  return { sql, config, problems: problems.map(({ blocking: _, ...problem }) => problem) };
}
