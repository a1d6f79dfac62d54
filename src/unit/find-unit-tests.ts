import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { decodeText } from '../project/decode-text.js';
import type { DomainFiles, ProjectFiles, SourceFile } from '../project/project-files.js';

/** `domains/<domain>/tests/unit/*.yaml` (and `.yml`) of each domain, sorted by path. */
export function findUnitTests(files: Pick<ProjectFiles, 'root'> & { readonly domains: readonly Pick<DomainFiles, 'folder' | 'dir'>[] }): { domain: string; file: SourceFile }[] {
  const found: { domain: string; file: SourceFile }[] = [];
  for (const domain of files.domains) {
    const dir = join(domain.dir, 'tests', 'unit');
    if (!existsSync(dir)) continue;
    const names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name) && !e.name.startsWith('.')).map((e) => e.name).sort();
    for (const name of names) {
      const file = readProjectFile(files.root, join(dir, name));
      if (file) found.push({ domain: domain.folder, file });
    }
  }
  return found;
}

/** A file of the project as text (a UTF-8 BOM dropped), its path relative to the root; undefined when it is not there or not UTF-8. */
export function readProjectFile(root: string, absolute: string): SourceFile | undefined {
  if (!existsSync(absolute)) return undefined;
  try {
    const decoded = decodeText(readFileSync(absolute));
    return 'text' in decoded ? { path: relative(root, absolute).split(sep).join('/'), absolute, text: decoded.text } : undefined;
  } catch {
    return undefined;
  }
}
