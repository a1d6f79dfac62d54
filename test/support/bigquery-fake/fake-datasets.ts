import type { RecordedRequest } from './fake-server.js';
import { HttpFailure, type Reply } from './http-failure.js';
import type { AccessEntry, FakeDataset, Warehouse } from './warehouse.js';

/** datasets.get/insert/patch/list and tables.get/list/delete over the warehouse. */
export class DatasetRoutes {
  constructor(private readonly warehouse: Warehouse) {}

  get(projectId: string, datasetId: string): Reply {
    return { status: 200, body: datasetResource(this.needDataset(projectId, datasetId)) };
  }

  needDataset(projectId: string, datasetId: string): FakeDataset {
    const dataset = this.warehouse.dataset(projectId, datasetId);
    if (!dataset) throw new HttpFailure(404, 'notFound', `Not found: Dataset ${projectId}:${datasetId}`);
    return dataset;
  }

  listDatasets(projectId: string): Reply {
    const datasets = [...this.warehouse.datasets.values()].filter((d) => d.projectId === projectId);
    return { status: 200, body: { kind: 'bigquery#datasetList', datasets: datasets.map((d) => ({ kind: 'bigquery#dataset', id: `${d.projectId}:${d.datasetId}`, datasetReference: { projectId: d.projectId, datasetId: d.datasetId }, location: d.location, labels: d.labels })) } };
  }

  insertDataset(request: RecordedRequest, projectId: string): Reply {
    const body = (request.body ?? {}) as { datasetReference?: { datasetId?: string; projectId?: string }; location?: string; labels?: Record<string, string>; description?: string; access?: AccessEntry[] };
    const datasetId = body.datasetReference?.datasetId;
    if (!datasetId) throw new HttpFailure(400, 'invalid', 'Dataset reference is missing');
    if (this.warehouse.dataset(projectId, datasetId)) throw new HttpFailure(409, 'duplicate', `Already Exists: Dataset ${projectId}:${datasetId}`);
    const dataset = this.warehouse.addDataset({ projectId, datasetId, ...(body.location ? { location: body.location } : {}), ...(body.labels ? { labels: body.labels } : {}), ...(body.description !== undefined ? { description: body.description } : {}), ...(body.access ? { access: body.access } : {}) });
    return { status: 200, body: datasetResource(dataset) };
  }

  patchDataset(request: RecordedRequest, projectId: string, datasetId: string): Reply {
    const dataset = this.needDataset(projectId, datasetId);
    if (request.ifMatch !== undefined && request.ifMatch !== dataset.etag) throw new HttpFailure(412, 'conditionNotMet', 'Precondition check failed.');
    const body = (request.body ?? {}) as { labels?: Record<string, string>; description?: string; access?: AccessEntry[] };
    if (body.access) dataset.access = body.access;
    if (body.labels) dataset.labels = { ...dataset.labels, ...body.labels };
    if (body.description !== undefined) dataset.description = body.description;
    this.warehouse.touch(dataset);
    return { status: 200, body: datasetResource(dataset) };
  }

  listTables(projectId: string, datasetId: string): Reply {
    this.needDataset(projectId, datasetId);
    const tables = [...this.warehouse.relations.values()].filter((r) => r.projectId === projectId && r.datasetId === datasetId);
    return {
      status: 200,
      body: {
        kind: 'bigquery#tableList',
        totalItems: tables.length,
        tables: tables.map((r) => ({ kind: 'bigquery#table', id: `${projectId}:${datasetId}.${r.tableId}`, tableReference: { projectId, datasetId, tableId: r.tableId }, type: r.kind })),
      },
    };
  }

  getTable(projectId: string, datasetId: string, tableId: string): Reply {
    const dataset = this.needDataset(projectId, datasetId);
    const r = this.warehouse.relation(projectId, datasetId, tableId);
    if (!r) throw new HttpFailure(404, 'notFound', `Not found: Table ${projectId}:${datasetId}.${tableId}`);
    return {
      status: 200,
      body: {
        kind: 'bigquery#table',
        id: `${projectId}:${datasetId}.${tableId}`,
        tableReference: { projectId, datasetId, tableId },
        type: r.kind,
        location: dataset.location,
        schema: { fields: r.columns.map((c) => ({ name: c.name, type: c.type, mode: 'NULLABLE' })) },
        // Milliseconds as text, as the REST API sends int64 values.
        ...(r.lastModifiedTime !== undefined ? { creationTime: String(r.lastModifiedTime), lastModifiedTime: String(r.lastModifiedTime) } : {}),
        ...(r.streamingRows ? { streamingBuffer: { estimatedRows: String(r.streamingRows), estimatedBytes: String(r.streamingRows * 16), oldestEntryTime: String(r.lastModifiedTime ?? 0) } } : {}),
        ...(r.kind === 'TABLE' ? { numRows: String(r.numRows ?? 0), numBytes: String((r.numRows ?? 0) * 16 * r.columns.length) } : { view: { query: r.viewQuery ?? '', useLegacySql: false } }),
      },
    };
  }

  deleteTable(projectId: string, datasetId: string, tableId: string): Reply {
    this.needDataset(projectId, datasetId);
    if (!this.warehouse.dropRelation(projectId, datasetId, tableId)) throw new HttpFailure(404, 'notFound', `Not found: Table ${projectId}:${datasetId}.${tableId}`);
    return { status: 204, body: undefined };
  }
}

function datasetResource(d: FakeDataset): Record<string, unknown> {
  return {
    kind: 'bigquery#dataset',
    etag: d.etag,
    id: `${d.projectId}:${d.datasetId}`,
    datasetReference: { projectId: d.projectId, datasetId: d.datasetId },
    location: d.location,
    labels: d.labels,
    ...(d.description !== undefined ? { description: d.description } : {}),
    access: d.access,
  };
}
