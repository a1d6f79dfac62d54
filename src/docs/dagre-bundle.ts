import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * @dagrejs/dagre's one home. The docs site lays out its graphs in the browser (a box that expands
 * to its columns changes size, so the layout is redone there), with dagre's self-contained browser
 * bundle copied into the site: `dagre.min.js` defines the global `dagre`, graphlib included.
 */
export function dagreBrowserFiles(): readonly { readonly from: string; readonly to: string }[] {
  const root = dirname(createRequire(import.meta.url).resolve('@dagrejs/dagre/package.json'));
  return [
    { from: join(root, 'dist', 'dagre.min.js'), to: 'dagre.min.js' },
    { from: join(root, 'dist', 'dagre.min.js.LEGAL.txt'), to: 'dagre.min.js.LEGAL.txt' },
    { from: join(root, 'LICENSE'), to: 'dagre.LICENSE.txt' },
  ];
}
