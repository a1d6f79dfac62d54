import { describe } from 'vitest';
import { fuzzCases, fuzzSeeds } from './fuzz-commands.js';

// A build costs about a second and a half: fewer seeds here, in a file of its own so vitest runs it
// beside the other; the other commands are fuzzed there, over more seeds.
describe('broken copies of the example project: the build answers with diagnostics or failed nodes', () => {
  fuzzCases(fuzzSeeds(1001, 6), { build: () => true, onlyBuild: true });
});
