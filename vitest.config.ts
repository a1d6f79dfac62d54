import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Both cores: vitest's default leaves one free.
    maxWorkers: 2,
    // One module graph per worker, not per file: importing the sources again for each of ~150 files
    // cost about 2 minutes of the suite's 5. Tests keep no module state (STYLE.md), so files are
    // independent without it; each restores what it spies on.
    isolate: false,
    // The JSON report lets CI print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]],
  },
});
