import { describe } from 'vitest';
import { fuzzCases, fuzzSeeds } from './fuzz-commands.js';

// MESH_FUZZ_SEEDS=start:count runs other seeds (see fuzz-commands.ts); the build runs in the sibling file.
describe('broken copies of the example project: check, compile, ls, lineage, catalog and docs answer with diagnostics', () => {
  fuzzCases(fuzzSeeds(1, 24), { build: () => false });
});
