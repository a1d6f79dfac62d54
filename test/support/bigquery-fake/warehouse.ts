import type { TableColumn } from '../statement-analyzer.js';

/** An access entry of a dataset, as the REST API spells it. */
export interface AccessEntry {
  readonly role?: string;
  readonly userByEmail?: string;
  readonly groupByEmail?: string;
  readonly domain?: string;
  readonly specialGroup?: string;
  readonly iamMember?: string;
  readonly view?: { readonly projectId: string; readonly datasetId: string; readonly tableId: string };
  readonly dataset?: unknown;
}

export interface FakeDataset {
  readonly projectId: string;
  readonly datasetId: string;
  location: string;
  labels: Record<string, string>;
  description?: string;
  access: AccessEntry[];
  /** Changes on every write; a PATCH with a stale `If-Match` fails as BigQuery's does (412). */
  etag: string;
}

export interface FakeRelation {
  readonly projectId: string;
  readonly datasetId: string;
  readonly tableId: string;
  readonly kind: 'TABLE' | 'VIEW';
  columns: TableColumn[];
  /** Known for tables: rows loaded or written (the `rows` hook decides for CREATE TABLE AS). */
  numRows?: number;
  /** The values a load job wrote (null for a null), for tests that check what arrived. */
  rows?: (string | null)[][];
  readonly viewQuery?: string;
  /** When its data last changed (ms since the epoch): set by putRelation and every write, as BigQuery's `lastModifiedTime`. */
  lastModifiedTime?: number;
  /** Rows streamed in and not yet in storage: tables.get reports a `streamingBuffer`. */
  streamingRows?: number;
}

/** What the fake BigQuery holds: datasets and relations by `project.dataset[.table]`. */
export class Warehouse {
  readonly datasets = new Map<string, FakeDataset>();
  readonly relations = new Map<string, FakeRelation>();
  private etags = 0;
  private clock = 0;

  dataset(projectId: string, datasetId: string): FakeDataset | undefined {
    return this.datasets.get(`${projectId}.${datasetId}`);
  }

  relation(projectId: string, datasetId: string, tableId: string): FakeRelation | undefined {
    return this.relations.get(`${projectId}.${datasetId}.${tableId}`);
  }

  /** Creates a dataset (tests use it to set up a warehouse that already has some). */
  addDataset(spec: { projectId: string; datasetId: string; location?: string; labels?: Record<string, string>; description?: string; access?: AccessEntry[] }): FakeDataset {
    const dataset: FakeDataset = {
      projectId: spec.projectId,
      datasetId: spec.datasetId,
      location: spec.location ?? 'US',
      labels: { ...spec.labels },
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      access: spec.access ?? [
        { role: 'WRITER', specialGroup: 'projectWriters' },
        { role: 'OWNER', specialGroup: 'projectOwners' },
        { role: 'READER', specialGroup: 'projectReaders' },
      ],
      etag: this.nextEtag(),
    };
    this.datasets.set(`${spec.projectId}.${spec.datasetId}`, dataset);
    return dataset;
  }

  /** Creates or replaces a relation (tests use it to set up existing tables); it is modified now unless it says when. */
  putRelation(relation: FakeRelation): void {
    relation.lastModifiedTime ??= this.now();
    this.relations.set(`${relation.projectId}.${relation.datasetId}.${relation.tableId}`, relation);
  }

  /** Records a write to a relation's data (DML, a load appending). */
  modified(relation: FakeRelation): void {
    relation.lastModifiedTime = this.now();
  }

  /** Milliseconds since the epoch, strictly increasing: two writes in the same millisecond still differ. */
  private now(): number {
    this.clock = Math.max(Date.now(), this.clock + 1);
    return this.clock;
  }

  dropRelation(projectId: string, datasetId: string, tableId: string): boolean {
    return this.relations.delete(`${projectId}.${datasetId}.${tableId}`);
  }

  touch(dataset: FakeDataset): void {
    dataset.etag = this.nextEtag();
  }

  /** A copy to return to when a transaction rolls back or a dry run ends. */
  snapshot(): () => void {
    const datasets = [...this.datasets].map(([k, d]): [string, FakeDataset] => [k, { ...d, labels: { ...d.labels }, access: [...d.access] }]);
    const relations = [...this.relations].map(([k, r]): [string, FakeRelation] => [k, { ...r, columns: [...r.columns], ...(r.rows ? { rows: [...r.rows] } : {}) }]);
    return () => {
      this.datasets.clear();
      this.relations.clear();
      for (const [k, d] of datasets) this.datasets.set(k, d);
      for (const [k, r] of relations) this.relations.set(k, r);
    };
  }

  private nextEtag(): string {
    return `etag-${++this.etags}`;
  }
}

/** BigQuery reads locations without regard to case (`us` is `US`). */
export function sameLocation(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
