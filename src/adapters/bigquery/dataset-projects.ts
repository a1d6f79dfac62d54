/**
 * Which GCP project a dataset lives in: a domain may have its own (`projects:` in the target).
 * A dataset's domain is known once `ensureSchemas` named it; before that (planning reads existing
 * relations first) it is read from the name, as meshwork names datasets: `<prefix><domain>` or
 * `<prefix><domain>_<stage>`, the longest domain that fits.
 */
export class DatasetProjects {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly defaultProject: string,
    private readonly domainProjects: Readonly<Record<string, string>>,
    private readonly prefix: string,
  ) {}

  learn(dataset: string, domain: string | undefined): void {
    if (domain !== undefined) this.known.set(dataset, this.domainProjects[domain] ?? this.defaultProject);
  }

  of(dataset: string): string {
    const known = this.known.get(dataset);
    if (known) return known;
    const bare = dataset.startsWith(this.prefix) ? dataset.slice(this.prefix.length) : dataset;
    const domain = Object.keys(this.domainProjects)
      .filter((d) => bare === d || bare.startsWith(`${d}_`))
      .sort((a, b) => b.length - a.length)[0];
    return domain ? this.domainProjects[domain]! : this.defaultProject;
  }
}
