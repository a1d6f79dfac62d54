import { describe } from 'vitest';
import { fuzzCases, fuzzSeeds } from './fuzz-commands.js';

// A build costs about a second and a half: fewer seeds here, in a file of its own so vitest runs it beside the other.
describe('broken copies of the example project: every command, the build too, answers with diagnostics', () => {
  fuzzCases(fuzzSeeds(1001, 6), { build: () => true });
});
