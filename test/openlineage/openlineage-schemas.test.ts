import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventProblems, SCHEMAS } from './openlineage-schema.js';

const SHARED = new URL('../../../shared/schemas/openlineage/', import.meta.url);

describe('the OpenLineage schemas the tests validate with', () => {
  it('are the official ones: equal to ../shared/schemas/openlineage when it is there', () => {
    const files = ['OpenLineage.json', ...readdirSync(new URL('facets/', SCHEMAS)).map((f) => `facets/${f}`)].sort();
    expect(files.length).toBeGreaterThan(15);
    if (!existsSync(SHARED)) return;
    const shared = ['OpenLineage.json', ...readdirSync(new URL('facets/', SHARED)).map((f) => `facets/${f}`)].sort();
    expect(files).toEqual(shared);
    for (const f of files) expect(readFileSync(new URL(f, SCHEMAS), 'utf8'), f).toBe(readFileSync(new URL(f, SHARED), 'utf8'));
  });

  it('catch what is wrong: a missing runId, a facet without its required field, a facet in the wrong place', () => {
    const producer = 'https://example.com/p';
    const event = {
      eventType: 'START',
      eventTime: '2024-01-01T00:00:00Z',
      producer,
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: { facets: { errorMessage: { _producer: producer, _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet', message: 'x' } } },
      job: { namespace: 'n', name: 'j', facets: { schema: { _producer: producer, _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet', fields: [] } } },
      inputs: [],
      outputs: [],
    };
    const problems = eventProblems(event);
    expect(problems.some((p) => p.includes("must have required property 'runId'"))).toBe(true);
    expect(problems.some((p) => p.includes("run.facets.errorMessage: must have required property 'programmingLanguage'"))).toBe(true);
    expect(problems).toContain('job.facets.schema: a DatasetFacet where a JobFacet belongs');
  });
});
