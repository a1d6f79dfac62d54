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
// google-auth-library warns on stderr when application default credentials find no GCE metadata
// server (a laptop, most CI): meshwork reports missing credentials itself, as MESH182 with a fix.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  if (type === 'MetadataLookupWarning' || warning?.name === 'MetadataLookupWarning') return;
  emitWarning(warning, ...rest);
};
// A promise that failed with nothing awaiting it is a bug in meshwork: MESH199, never a raw stack.
process.on('unhandledRejection', (e) => {
  reportInternalError(e, { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) }, process.env);
  process.exit(2);
});
process.exitCode = await main(process.argv.slice(2));
