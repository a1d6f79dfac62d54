/**
 * The parts of an OpenLineage 2-0-2 RunEvent that meshwork writes. Facets are plain JSON objects
 * that carry `_producer` and `_schemaURL` (see facets.ts); the spec's JSON Schema is the reference.
 */

export type EventType = 'START' | 'COMPLETE' | 'FAIL' | 'ABORT';

export interface Facet {
  readonly _producer: string;
  readonly _schemaURL: string;
  readonly [field: string]: unknown;
}

export type Facets = Readonly<Record<string, Facet>>;

export interface DatasetRef {
  readonly namespace: string;
  readonly name: string;
}

export interface InputDataset extends DatasetRef {
  readonly facets?: Facets;
  readonly inputFacets?: Facets;
}

export interface OutputDataset extends DatasetRef {
  readonly facets?: Facets;
  readonly outputFacets?: Facets;
}

export interface JobRef {
  readonly namespace: string;
  readonly name: string;
}

export interface RunEvent {
  readonly eventType: EventType;
  readonly eventTime: string;
  readonly producer: string;
  readonly schemaURL: string;
  readonly run: { readonly runId: string; readonly facets?: Facets };
  readonly job: JobRef & { readonly facets?: Facets };
  readonly inputs: readonly InputDataset[];
  readonly outputs: readonly OutputDataset[];
}
