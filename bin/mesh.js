#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (compiled by `npm ci` through the prepare script).
import { main } from '../dist/cli/main.js';

// `mesh ls | head`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
process.exitCode = await main(process.argv.slice(2));
