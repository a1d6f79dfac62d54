import type { DbtDescribed, DbtLocation, DbtModelProperties, DbtUnmapped, DbtSeedProperties, DbtSourceTable } from './dbt-project.js';
import type { DbtProperties } from './dbt-properties.js';

/** A `{% docs name %} … {% enddocs %}` block of a dbt `.md` file. */
export interface DocBlock extends DbtLocation {
  readonly text: string;
}


const BLOCK = /\{%-?\s*docs\s+([A-Za-z_][\w]*)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\}/g;
/** `{{ doc("name") }}` in a description; dbt also takes `doc('package', 'name')`. */
const DOC_CALL = /\{\{-?\s*doc\(\s*(?:['"]([\w.-]+)['"]\s*,\s*)?['"]([\w.-]+)['"]\s*\)\s*-?\}\}/g;

/** Every docs block of one `.md` file, by name. */
export function readDocBlocks(text: string, file: string): Map<string, DocBlock> {
  const blocks = new Map<string, DocBlock>();
  for (const match of text.matchAll(BLOCK)) {
    const line = text.slice(0, match.index).split('\n').length;
    blocks.set(match[1]!, { text: match[2]!.trim(), file, line });
  }
  return blocks;
}

/**
 * The properties with every `{{ doc("name") }}` in a description replaced by its docs block's text,
 * as dbt renders it; a block the project does not have stays as written and is reported.
 */
export function withDocBlocks(props: DbtProperties, docs: ReadonlyMap<string, DocBlock>, unmapped: DbtUnmapped[]): DbtProperties {
  const resolve = <T extends DbtDescribed>(owner: T, at: DbtLocation): T => {
    if (!owner.description?.includes('doc(')) return owner;
    const description = owner.description.replace(DOC_CALL, (written, _pkg: string | undefined, name: string) => {
      const block = docs.get(name);
      if (block) return block.text;
      unmapped.push({ file: at.file, line: owner.descriptionLine ?? at.line, construct: written, what: `docs block ${name} not found in the project's .md files: the description keeps the call as written` });
      return written;
    });
    return { ...owner, description };
  };
  const model = (m: DbtModelProperties): DbtModelProperties => ({ ...resolve(m, m), columns: m.columns.map((c) => resolve(c, c)) });
  return {
    ...props,
    models: props.models.map(model),
    seeds: props.seeds.map((s: DbtSeedProperties) => resolve(s, s)),
    sources: props.sources.map((s: DbtSourceTable) => resolve(s, s)),
  };
}
