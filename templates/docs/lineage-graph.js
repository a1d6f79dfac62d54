'use strict';
// A view (mesh-map.js) laid out by dagre, left to right, upstream first, and drawn as SVG: datasets
// as boxes that expand to their columns (two expanded neighbours show their column-level edges),
// domains and data products as boxes of the mesh map, open domains as lanes. Cross-domain edges
// are dashed and coloured.
window.LineageGraph = (() => {
  const { s } = window.Dom;
  const { dataset, product, links, domainColor } = window.Site;
  const HEADER = 44;
  const LANE = 'lane:';
  const ROW = 18;

  function subtitle(node) {
    if (node.type === 'domain') return `domain · ${node.datasets} datasets`;
    if (node.type === 'product') {
      const p = product(node.product);
      if (!p) return 'imported data product';
      const active = p.versions.filter((v) => v.status === 'active').map((v) => `v${v.major}`);
      const consumers = new Set(p.versions.flatMap((v) => v.consumers)).size;
      return `data product · ${(active.length ? active : p.versions.map((v) => `v${v.major}`)).join(', ')} · ${consumers} consumers`;
    }
    const d = dataset(node.id);
    return [d.kind, d.domain, d.stage].filter(Boolean).join(' · ');
  }

  const title = (node) => (node.type === 'domain' ? node.domain : node.type === 'product' ? node.product : dataset(node.id).name);

  // Text widths measured in the page's fonts, so that boxes fit their names whatever font is installed.
  const measure = (() => {
    const context = document.createElement('canvas').getContext('2d');
    const family = (css) => getComputedStyle(document.documentElement).getPropertyValue(css).trim() || 'sans-serif';
    const fonts = { name: `600 13px ${family('--sans')}`, kind: `11px ${family('--sans')}`, column: `11.5px ${family('--mono')}`, type: `10.5px ${family('--sans')}` };
    return (text, font) => { context.font = fonts[font]; return context.measureText(text).width; };
  })();

  function nodeSize(node, open) {
    const header = Math.max(measure(title(node), 'name'), measure(subtitle(node), 'kind')) + 48;
    const columns = open ? dataset(node.id).columns : [];
    const rows = columns.map((c) => measure(c.name, 'column') + measure(c.type || '', 'type') + 36);
    return { width: Math.ceil(Math.min(420, Math.max(150, header, ...rows))), height: HEADER + (open ? columns.length * ROW + 6 : 0) };
  }

  function layout(view, openColumns) {
    // A compound graph: each open domain is a cluster that dagre keeps together, drawn as a lane.
    const graph = new dagre.graphlib.Graph({ compound: true });
    graph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 56, edgesep: 8, marginx: 16, marginy: 28 });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const node of view.nodes) {
      graph.setNode(node.id, { ...nodeSize(node, openColumns.has(node.id)), node });
      if (!node.cluster) continue;
      if (!graph.hasNode(LANE + node.cluster)) graph.setNode(LANE + node.cluster, { domain: node.cluster });
      graph.setParent(node.id, LANE + node.cluster);
    }
    for (const edge of view.edges) graph.setEdge(edge.from, edge.to, { crossDomain: edge.crossDomain });
    dagre.layout(graph);
    return graph;
  }

  /** A smooth path through dagre's edge points. */
  function curve(points) {
    let path = `M${points[0].x},${points[0].y}`;
    for (let i = 1; i < points.length - 1; i++) {
      const mid = { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
      path += ` Q${points[i].x},${points[i].y} ${mid.x},${mid.y}`;
    }
    const last = points[points.length - 1];
    return `${path} L${last.x},${last.y}`;
  }

  function columnEdge(x1, y1, x2, y2) {
    const bend = Math.max(30, (x2 - x1) / 2);
    return `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
  }

  function toggleButton(id, open, label, onclick) {
    return (width) => s('g', { class: 'toggle', 'data-toggle': id, transform: `translate(${width - 18},18)`, onclick: (e) => { e.stopPropagation(); onclick(); } },
      s('title', {}, label), s('circle', { r: 9 }), s('text', { y: 4.5, 'text-anchor': 'middle' }, open ? '−' : '+'));
  }

  /** One box; `actions.toggleColumns(id)` and `actions.expandDomain(name)` come from the panel. */
  function drawNode(node, box, open, focus, actions) {
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    let kind = node.type;
    let go;
    let toggle;
    let rows = [];
    let tooltip;
    if (node.type === 'domain') {
      go = () => actions.expandDomain(node.domain);
      toggle = toggleButton(node.id, false, `Show the ${node.datasets} datasets of ${node.domain}`, go);
      tooltip = `${node.domain}: click to show its datasets`;
    } else if (node.type === 'product') {
      go = () => { if (!node.external) location.hash = links.product(node.product); };
      tooltip = node.product;
      if (node.external) kind = 'import';
    } else {
      const d = dataset(node.id);
      kind = d.kind;
      go = () => { location.hash = links.dataset(node.id); };
      tooltip = `${node.id}${d.description ? `\n${d.description}` : ''}`;
      if (d.columns.length) toggle = toggleButton(node.id, open, open ? 'Hide columns' : `Show ${d.columns.length} columns`, () => actions.toggleColumns(node.id));
      if (open) rows = d.columns.map((c, i) =>
        s('g', { class: 'column-row', 'data-column': c.name, onclick: (e) => { e.stopPropagation(); location.hash = links.dataset(node.id, c.name); } },
          s('rect', { x: 1, y: HEADER + i * ROW, width: box.width - 2, height: ROW, class: 'row-hit' }),
          s('text', { x: 12, y: HEADER + i * ROW + 13, class: 'column-name' }, c.name),
          s('text', { x: box.width - 10, y: HEADER + i * ROW + 13, class: 'column-type', 'text-anchor': 'end' }, c.type || '')));
    }
    return s('g', { class: `node kind-${kind}${node.id === focus ? ' focus' : ''}`, 'data-id': node.id, transform: `translate(${x},${y})`, onclick: go },
      s('title', {}, tooltip),
      s('rect', { class: 'box', width: box.width, height: box.height, rx: node.type === 'dataset' ? 6 : 12 }),
      s('rect', { class: 'stripe', width: 5, height: box.height, rx: 2, fill: domainColor(node.domain) }),
      s('text', { x: 14, y: 19, class: 'node-name' }, title(node)),
      s('text', { x: 14, y: 35, class: 'node-kind' }, subtitle(node)),
      toggle ? toggle(box.width) : null,
      rows);
  }

  function drawLane(box, actions) {
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    const collapse = actions.collapseDomain && (!actions.canCollapse || actions.canCollapse(box.domain)) ? actions.collapseDomain : undefined;
    return s('g', { class: 'cluster', 'data-domain': box.domain },
      s('rect', { x, y, width: box.width, height: box.height, rx: 10, stroke: domainColor(box.domain) }),
      // Above the lane: dagre keeps no room inside a cluster for a label, nodesep keeps it between lanes.
      s('text', { x: x + 8, y: y - 5, style: { fill: domainColor(box.domain) } }, box.domain),
      collapse ? s('g', { class: 'collapse', 'data-collapse': box.domain, transform: `translate(${x + box.width - 12},${y - 9})`, onclick: () => collapse(box.domain) },
        s('title', {}, `Fold ${box.domain} into one box`), s('circle', { r: 8 }), s('text', { y: 4, 'text-anchor': 'middle' }, '−')) : null);
  }

  /** Column-level edges between two expanded boxes; none when the lineage names no column of `from`. */
  function columnEdges(from, to, graph, crossDomain) {
    const a = graph.node(from);
    const b = graph.node(to);
    const fromColumns = dataset(from).columns.map((c) => c.name);
    const paths = [];
    dataset(to).columns.forEach((column, i) => {
      for (const input of column.inputs) {
        const k = input.dataset === from ? fromColumns.indexOf(input.column) : -1;
        if (k < 0) continue;
        const y1 = a.y - a.height / 2 + HEADER + k * ROW + ROW / 2;
        const y2 = b.y - b.height / 2 + HEADER + i * ROW + ROW / 2;
        paths.push(s('path', { class: `edge column-edge${crossDomain ? ' cross' : ''}`, d: columnEdge(a.x + a.width / 2, y1, b.x - b.width / 2, y2), 'data-from': `${from}.${input.column}`, 'data-to': `${to}.${column.name}` }));
      }
    });
    return paths;
  }

  /** The view as an SVG element, with its natural size. */
  function render(view, { openColumns, focus, actions }) {
    const graph = layout(view, openColumns);
    const size = { width: graph.graph().width || 1, height: graph.graph().height || 1 };
    const edges = graph.edges().flatMap(({ v, w }) => {
      const { crossDomain, points } = graph.edge(v, w);
      const columns = openColumns.has(v) && openColumns.has(w) ? columnEdges(v, w, graph, crossDomain) : [];
      return columns.length ? columns : [s('path', { class: `edge${crossDomain ? ' cross' : ''}`, d: curve(points), 'data-from': v, 'data-to': w })];
    });
    const marker = (name) => s('marker', { id: name, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z' }));
    const ids = graph.nodes();
    const svg = s('svg', { class: 'lineage', viewBox: `0 0 ${size.width} ${size.height}`, role: 'img', 'aria-label': 'Lineage graph' },
      s('defs', {}, marker('arrow'), marker('arrow-cross')),
      s('g', { class: 'clusters' }, ids.filter((id) => id.startsWith(LANE)).map((id) => drawLane(graph.node(id), actions))),
      s('g', { class: 'edges' }, edges),
      s('g', { class: 'nodes' }, ids.filter((id) => !id.startsWith(LANE)).map((id) => drawNode(graph.node(id).node, graph.node(id), openColumns.has(id), focus, actions))));
    return { svg, size };
  }

  return { render };
})();
