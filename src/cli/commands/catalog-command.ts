import type { Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { Output } from '../output/output.js';
import type { Environment } from '../../parse/env-interpolation.js';
import { printDiagnostics } from '../output/print-diagnostics.js';
import { withProject, type CommonFlags, withVars, varsOption } from './shared-options.js';

/** `mesh catalog`: writes target/catalog.json and target/products/** without running anything. */
export function catalogCommand(program: Command, output: Output, setExit: (code: number) => void, env: Environment): void {
  withVars(withProject(program.command('catalog').description('write target/catalog.json and, per data product, its ODPS descriptor and resolved contracts'))).action(async (flags: CommonFlags) => {
    const { catalog } = await import('../../mesh.js');
    const result = await catalog({ projectDir: flags.project, ...varsOption(flags), env, ...(flags.target ? { target: flags.target } : {}) });
    printDiagnostics(result.diagnostics, output, flags.logFormat);
    if (hasErrors(result.diagnostics) || !result.catalog) return setExit(1);
    const { products, datasets, target } = result.catalog;
    const count = Object.keys(datasets).length;
    if (flags.logFormat === 'json') {
      output.out(JSON.stringify({ type: 'catalog', target: target.name, products: products.length, datasets: count, files: result.files }));
    } else {
      output.out(`Catalog of ${products.length} data products and ${count} datasets for target '${target.name}' → ${result.targetDir}/catalog.json`);
      for (const p of products) output.out(`  ${p.id}  v${p.versions.map((v) => v.major).join(', v')}  → ${result.targetDir}/products/${p.id}/`);
    }
    setExit(0);
  });
}
