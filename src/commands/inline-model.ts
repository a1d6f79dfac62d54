import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ProjectFiles } from '../project/project-files.js';

/** The name an inline query is compiled under; a model of that name in the same domain would clash (MESH150). */
export const INLINE_NAME = 'mesh_inline_query';
/** How an inline query is named in diagnostics, in place of the file it never had. */
export const INLINE_FILE = '<inline>';

/**
 * `--inline "select … from {{ref "x"}}"`: the text is compiled as an aggregate model of the project,
 * so it resolves exactly as a model would. It belongs to the domain of its first ref (`{{ref "d.x"}}`:
 * d; `{{ref "x"}}`: the domain holding a model or seed x), else the first domain: a query about one
 * domain's models reads them directly, and like any model it reads other domains only through their
 * contract views (`{{contract …}}`), so what works inline works in a model file.
 */
export function withInlineModel(files: ProjectFiles, text: string): { files: ProjectFiles; path?: string } {
  const domain = inlineDomain(files, text);
  if (!domain) return { files };
  const path = `domains/${domain.folder}/aggregate/${INLINE_NAME}.sql`;
  const file = { path, absolute: join(domain.dir, 'aggregate', `${INLINE_NAME}.sql`), text };
  const domains = files.domains.map((d) => (d === domain ? { ...d, models: [...d.models, { stage: 'aggregate' as const, file }] } : d));
  return { files: { ...files, domains }, path };
}

/** Diagnostics of the inline query name it, not the file it was compiled as; its lines are the text's own. */
export function inlineDiagnostics(diagnostics: readonly Diagnostic[], path: string | undefined): Diagnostic[] {
  return diagnostics.map((d) => (path !== undefined && d.file === path ? { ...d, file: INLINE_FILE } : d));
}

function inlineDomain(files: ProjectFiles, text: string): ProjectFiles['domains'][number] | undefined {
  const first = /\{\{\s*ref\s+["']([^"']+)["']/.exec(text)?.[1];
  if (first) {
    const [qualifier, name] = first.includes('.') ? first.split('.', 2) : [undefined, first];
    const owner = files.domains.find((d) =>
      qualifier !== undefined ? d.folder === qualifier : [...d.models.map((m) => m.file.path), ...d.seeds.map((s) => s.path)].some((p) => stem(p) === name),
    );
    if (owner) return owner;
  }
  return files.domains[0];
}

function stem(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
}
