import type { TargetConfig } from '../../parse/definitions.js';

/** The target's project: where data lives unless `projects:` places a domain elsewhere. */
export function defaultProject(target: TargetConfig): string {
  return target.project ?? 'project';
}

/**
 * Dataset (as named in SQL, with the target's prefix) → the GCP project it lives in: that of the
 * domain it belongs to (`<domain>` or `<domain>_<anything>`, the longest domain name that fits)
 * when `projects:` lists it, else the target's.
 */
export function datasetProjects(target: TargetConfig, domains: readonly string[]): (dataset: string) => string {
  const projects = target.bigquery?.projects ?? {};
  const fallback = defaultProject(target);
  if (Object.keys(projects).length === 0) return () => fallback;
  const prefix = target.datasetPrefix ?? '';
  const longestFirst = [...new Set([...domains, ...Object.keys(projects)])].sort((a, b) => b.length - a.length);
  return (dataset) => {
    const name = dataset.startsWith(prefix) ? dataset.slice(prefix.length) : dataset;
    const domain = longestFirst.find((d) => name === d || name.startsWith(`${d}_`));
    return (domain !== undefined ? projects[domain] : undefined) ?? fallback;
  };
}

/**
 * The adapter's view of `datasetProjects`: a dataset's domain is known once `ensureSchemas` named
 * it; before that (planning reads existing relations first) it is read from the name.
 */
export class DatasetProjects {
  private readonly known = new Map<string, string>();
  private readonly byName: (dataset: string) => string;

  constructor(private readonly target: TargetConfig) {
    this.byName = datasetProjects(target, Object.keys(target.bigquery?.projects ?? {}));
  }

  learn(dataset: string, domain: string | undefined): void {
    if (domain !== undefined) this.known.set(dataset, this.target.bigquery?.projects[domain] ?? defaultProject(this.target));
  }

  of(dataset: string): string {
    return this.known.get(dataset) ?? this.byName(dataset);
  }
}
