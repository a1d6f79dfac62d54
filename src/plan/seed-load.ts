import { resolve } from 'node:path';
import type { RelationName, SeedLoad } from '../adapters/adapter.js';
import type { Dialect } from '../adapters/dialect.js';
import type { SeedDefinition } from '../parse/definitions.js';

/**
 * A seed loaded by the engine from its CSV file (capability `loadsFiles`) rather than written into
 * SQL, so a large seed loads as any file does: every column with the type it loads as (declared in
 * domain.yaml, else inferred from its values).
 */
export function seedLoad(seed: SeedDefinition, into: RelationName, dialect: Dialect, root: string): SeedLoad {
  return { schema: into.schema, name: into.name, file: resolve(root, seed.file), columns: dialect.seedColumns(seed) };
}
