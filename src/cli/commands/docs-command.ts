import { InvalidArgumentError, type Command } from 'commander';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { Output } from '../output/output.js';
import type { Environment } from '../../parse/env-interpolation.js';
import { printDiagnostics } from '../output/print-diagnostics.js';
import { withProject, type CommonFlags, withVars, varsOption } from './shared-options.js';

interface DocsFlags extends CommonFlags {
  out?: string;
  serve?: boolean;
  port: number;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0: any free port)');
  return port;
}

/** Resolves on the first Ctrl+C (or SIGTERM). */
function interrupted(): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `mesh docs`: writes the static docs site; with --serve, serves it on localhost until Ctrl+C. */
export function docsCommand(program: Command, output: Output, setExit: (code: number) => void, env: Environment): void {
  withVars(withProject(program.command('docs').description('write the docs site (catalog, contracts, lineage graph) to target/docs; --serve serves it on localhost')))
    .option('--out <dir>', 'folder to write the site to (default: target/docs of the project)')
    .option('--serve', 'serve the site on localhost until Ctrl+C')
    .option('--port <n>', 'port for --serve (0: any free port)', parsePort, 8080)
    .action(async (flags: DocsFlags) => {
      const { docs, serveDocs } = await import('../../mesh.js');
      const result = await docs({ projectDir: flags.project, ...varsOption(flags), env, ...(flags.target ? { target: flags.target } : {}), ...(flags.out ? { out: flags.out } : {}) });
      printDiagnostics(result.diagnostics, output, flags.logFormat);
      if (hasErrors(result.diagnostics) || !result.site || !result.catalog) return setExit(1);
      const index = pathToFileURL(join(result.site.dir, 'index.html')).href;
      const datasets = Object.values(result.catalog.datasets).filter((d) => d.kind !== 'test').length;
      if (flags.logFormat === 'json') output.out(JSON.stringify({ type: 'docs', dir: result.site.dir, index, products: result.catalog.products.length, datasets }));
      else output.out(`Docs site of ${result.catalog.products.length} data products and ${datasets} datasets → ${index}`);
      if (!flags.serve) return setExit(0);
      let server;
      try {
        server = await serveDocs(result.site, flags.port);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
        output.err(`error: cannot serve on port ${flags.port} (${code}): pass --port <n>, or --port 0 for any free port`);
        return setExit(1);
      }
      if (flags.logFormat === 'json') output.out(JSON.stringify({ type: 'serving', url: server.url }));
      else output.out(`Serving the docs at ${server.url} (Ctrl+C to stop)`);
      await interrupted();
      await server.close();
      output.out(flags.logFormat === 'json' ? JSON.stringify({ type: 'stopped' }) : 'Stopped.');
      setExit(0);
    });
}
