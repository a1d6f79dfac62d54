import { describe } from 'vitest';
import { fuzzCases, fuzzSeeds } from './fuzz-commands.js';

// MESH_FUZZ_SEEDS=start:count runs other seeds (see fuzz-commands.ts); the build runs in the sibling file.
describe('broken copies of the example project: check, compile, ls, lineage, catalog and docs answer with diagnostics', () => {
  // The build file's seeds too: there only the build runs.
  fuzzCases([...fuzzSeeds(1, 24), ...fuzzSeeds(1001, 6)], { build: () => false });
});

// Seeds that crashed before issue 8: a NUL byte that cut DuckDB's parse of the lineage batch short
// (39), and an unclosed {{#if}} in a model other models read, which broke the graph (42).
describe('seeds that once crashed a command', () => {
  fuzzCases([39, 42], { build: () => false });
});
