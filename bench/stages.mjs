#!/usr/bin/env node
/**
 * Child process of bench/run.mjs: `mesh compile` of one project, stage by stage — the calls
 * compileAndWrite (dist/mesh.js) makes, timed one by one. Prints one JSON line.
 *
 *   node [--cpu-prof ...] bench/stages.mjs <projectDir>
 *
 * Stages: check (stamps of the files, else reading and hashing them: when nothing changed since the
 * last compile, `mesh compile` stops here with that compile's outcome), read (the files, when the
 * check did not; the stages from here show what a compile that does not stop costs, e.g. inside
 * `mesh build`), import (dist/cli/main.js and all it loads), compile (the API's
 * compile(): reading files, parse cache, parsing, rendering, graph), write_sql (writeCompiledSql:
 * a file per changed node, as rendered, as `mesh compile` without --format), manifest (writeManifest). Under --cpu-prof,
 * bench/run.mjs splits these further by the profile's inclusive times of their functions.
 * Cold or warm is up to the caller: it moves target/ away for a cold run.
 */
import { resolve } from 'node:path';

const projectDir = resolve(process.argv[2] ?? '.');
const dist = new URL('../dist/', import.meta.url);
const times = {};
let mark = performance.now();
const lap = (name) => {
  const now = performance.now();
  times[name] = now - mark;
  mark = now;
};

const { prepareCompile } = await import(new URL('commands/unchanged-compile.js', dist).href);
const quick = prepareCompile({ projectDir, format: false });
lap('check');
// When the check says nothing changed it reads no file: read them now, for the stages below.
const { prepared } = quick.prepared ? quick : prepareCompile({ projectDir, format: false, shortcut: false });
const unchanged = quick.unchanged;
lap('read');

await import(new URL('cli/main.js', dist).href);
const { compile } = await import(new URL('mesh.js', dist).href);
const { writeCompiledSql } = await import(new URL('artifacts/write-compiled.js', dist).href);
const { writeManifest } = await import(new URL('artifacts/manifest.js', dist).href);
lap('import');

const result = compile({ projectDir }, prepared.loaded);
lap('compile');
const errors = result.diagnostics.filter((d) => d.severity === 'error');
if (!result.compiled || errors.length) throw new Error(`compile errors: ${JSON.stringify(errors.slice(0, 3))}`);
const written = await writeCompiledSql(result.compiled, result.targetDir, { format: false });
lap('write_sql');
writeManifest(result.compiled, result.targetDir);
lap('manifest');

process.stdout.write(
  `${JSON.stringify({
    nodes: result.compiled.nodes.size,
    models: result.compiled.project.models.length,
    // Whether `mesh compile` would have stopped after the check (nothing changed since the last one).
    unchanged: unchanged !== undefined,
    // writeCompiledSql reports { written, kept } when it skips unchanged files.
    ...(written && typeof written === 'object' ? { filesWritten: written.written, filesKept: written.kept } : {}),
    times,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
