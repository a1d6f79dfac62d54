import { hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EngineName } from '../parse/definitions.js';
import type { SourceFile } from '../project/project-files.js';

/** meshwork's own templates, shipped beside dist/ and src/. */
const BUILTIN_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface TemplateText {
  readonly text: string;
  /** Where it came from, for messages: a project override or meshwork's own file. */
  readonly file: string;
}

/** `<kind>/<name>` (e.g. `helpers/json_text`) → template text, project overrides winning. */
export type TemplateSet = ReadonlyMap<string, TemplateText>;

/** The templates of one engine, and a fingerprint of their text (renders depend on it). */
export function loadTemplates(engine: EngineName, overrides: ReadonlyMap<string, SourceFile>): { set: TemplateSet; fingerprint: string } {
  const set = new Map<string, TemplateText>();
  const engineDir = `${BUILTIN_DIR}${engine}/`;
  if (existsSync(engineDir)) {
    for (const kind of readdirSync(engineDir)) {
      for (const name of readdirSync(`${engineDir}${kind}`)) {
        if (!name.endsWith('.sql')) continue;
        const file = `${engineDir}${kind}/${name}`;
        set.set(`${kind}/${name.slice(0, -4)}`, { text: readFileSync(file, 'utf8'), file: `templates/${engine}/${kind}/${name}` });
      }
    }
  }
  for (const [key, file] of overrides) {
    if (!key.startsWith(`${engine}/`)) continue;
    set.set(key.slice(engine.length + 1, -4), { text: file.text, file: file.path });
  }
  const fingerprint = hash('sha1', [...set.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, t]) => `${k}\u0000${t.text}`).join('\u0001'));
  return { set, fingerprint };
}
