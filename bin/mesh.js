#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (compiled by `npm ci` through the prepare script).
import { main, reportInternalError } from '../dist/cli/main.js';

// `mesh ls | head`: a reader that stops early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
// A promise that failed with nothing awaiting it is a bug in meshwork: MESH199, never a raw stack.
process.on('unhandledRejection', (e) => {
  reportInternalError(e, { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) }, process.env);
  process.exit(2);
});
process.exitCode = await main(process.argv.slice(2));
