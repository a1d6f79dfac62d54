import type { CompiledNode } from '../compile/compiled-node.js';
import type { TargetConfig } from '../parse/definitions.js';

type Document = Readonly<Record<string, unknown>>;

/**
 * The ODCS server where the target holds a domain's contract views. ODCS names its server types
 * after engines, so this is where an engine name is spelled out.
 */
export function targetServer(target: TargetConfig, schema: string): Record<string, unknown> {
  const common = { server: target.name, environment: target.name, description: `where meshwork publishes the contract views on target '${target.name}'` };
  // A contract view's dataset is its domain's public one, `<prefix><domain>`: in the domain's project when `projects:` names it.
  const domain = schema.slice((target.datasetPrefix ?? '').length);
  if (target.engine === 'bigquery') return { ...common, type: 'bigquery', project: target.bigquery?.projects[domain] ?? target.project ?? '', dataset: schema };
  return { ...common, type: 'duckdb', database: target.path ?? ':memory:', schema };
}

/**
 * A contract as published on a target: the user's document, with the target's server in `servers`
 * (replacing one of the same name) and each built schema object's `physicalName` set to the view
 * that publishes it. Everything else is kept as written, so it still follows the ODCS schema.
 */
export function resolveContract(document: Document, target: TargetConfig, views: readonly CompiledNode[]): Record<string, unknown> {
  const schema = views[0]?.schema;
  const written = Array.isArray(document.servers) ? (document.servers as Document[]) : [];
  const server = schema === undefined ? undefined : targetServer(target, schema);
  const servers = server ? [...written.filter((s) => s.server !== server.server), server] : written;
  const viewOf = new Map(views.map((v) => [v.contract?.object, v]));
  const objects = Array.isArray(document.schema) ? (document.schema as Document[]) : undefined;
  return {
    ...document,
    ...(servers.length > 0 ? { servers } : {}),
    ...(objects
      ? {
          schema: objects.map((o) => {
            const view = viewOf.get(String(o.name));
            // Right after the name, where a reader looks for it.
            return view?.identifier ? Object.assign({ name: o.name, physicalName: '' }, o, { physicalName: view.identifier }) : o;
          }),
        }
      : {}),
  };
}
