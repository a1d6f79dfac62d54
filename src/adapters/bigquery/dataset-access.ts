import type { RelationName } from '../adapter.js';
import { ApiFailure, type AccessEntry, type BigQueryApi } from './bigquery-api.js';

/** An IAM principal as ODCS roles map it in the target (`user:`, `group:`, `serviceAccount:`, `domain:`) → a READER entry. */
export function readerEntry(principal: string): AccessEntry {
  const at = principal.indexOf(':');
  const kind = at < 0 ? '' : principal.slice(0, at);
  const who = principal.slice(at + 1);
  switch (kind) {
    case 'user':
    case 'serviceAccount':
      return { role: 'READER', userByEmail: who };
    case 'group':
      return { role: 'READER', groupByEmail: who };
    case 'domain':
      return { role: 'READER', domain: who };
    case 'specialGroup':
      return { role: 'READER', specialGroup: who };
    default:
      return { role: 'READER', iamMember: principal };
  }
}

const sameEntry = (a: AccessEntry, b: AccessEntry): boolean =>
  a.view && b.view
    ? a.view.projectId === b.view.projectId && a.view.datasetId === b.view.datasetId && a.view.tableId === b.view.tableId
    : !a.view && !b.view && a.role === b.role && a.userByEmail === b.userByEmail && a.groupByEmail === b.groupByEmail && a.domain === b.domain && a.specialGroup === b.specialGroup && a.iamMember === b.iamMember;

/**
 * Adds entries to a dataset's access list, once: read, add what is missing, patch with the etag
 * read (another writer in between makes BigQuery answer 412, and the read is made again).
 */
export async function addAccess(api: BigQueryApi, projectId: string, datasetId: string, wanted: readonly AccessEntry[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const dataset = await api.getDataset(projectId, datasetId);
    if (!dataset) throw new ApiFailure(`Not found: Dataset ${projectId}:${datasetId}`, 404, 'notFound');
    const access = dataset.access ?? [];
    const missing = wanted.filter((w) => !access.some((a) => sameEntry(a, w)));
    if (missing.length === 0) return;
    try {
      await api.patchDataset(projectId, datasetId, dataset.etag, { access: [...access, ...missing] });
      return;
    } catch (e) {
      if (!(e instanceof ApiFailure) || e.status !== 412 || attempt >= 3) throw e;
    }
  }
}

/** The access entry that lets `view` read a dataset (BigQuery authorized views). */
export function viewEntry(projectId: string, view: RelationName): AccessEntry {
  return { view: { projectId, datasetId: view.schema, tableId: view.name } };
}
