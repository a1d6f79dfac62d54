'use strict';
// The lineage graph: datasets as boxes laid out by dagre (left to right, upstream first) with
// table-level edges; a box expands to its columns, and two expanded neighbours show the
// column-level edges between them. Cross-domain edges are dashed and coloured.
window.LineageGraph = (() => {
  const { h, s } = window.Dom;
  const { catalog, dataset, links, domainColor, isDataset } = window.Site;
  const HEADER = 44;
  const CLUSTER = 'domain:';
  const ROW = 18;

  const upstreamOf = new Map();
  const downstreamOf = new Map();
  for (const edge of catalog.edges) {
    if (!dataset(edge.from) || !dataset(edge.to)) continue;
    (upstreamOf.get(edge.to) || upstreamOf.set(edge.to, []).get(edge.to)).push(edge.from);
    (downstreamOf.get(edge.from) || downstreamOf.set(edge.from, []).get(edge.from)).push(edge.to);
  }

  /** Every dataset within `depth` edges of `focus`, upstream and downstream. */
  function neighbourhood(focus, depth) {
    const keep = new Set([focus]);
    for (const adjacent of [upstreamOf, downstreamOf]) {
      let frontier = [focus];
      for (let step = 0; step < depth && frontier.length; step++) {
        frontier = frontier.flatMap((id) => (adjacent.get(id) || []).filter((n) => !keep.has(n) && keep.add(n)));
      }
    }
    return [...keep];
  }

  const allDatasets = () => Object.values(catalog.datasets).filter(isDataset).map((d) => d.id);

  function subtitle(d) {
    return [d.kind, d.domain, d.stage].filter(Boolean).join(' · ');
  }

  // Text widths measured in the page's fonts, so that boxes fit their names whatever font is installed.
  const measure = (() => {
    const context = document.createElement('canvas').getContext('2d');
    const family = (css) => getComputedStyle(document.documentElement).getPropertyValue(css).trim() || 'sans-serif';
    const fonts = { name: `600 13px ${family('--sans')}`, kind: `11px ${family('--sans')}`, column: `11.5px ${family('--mono')}`, type: `10.5px ${family('--sans')}` };
    return (text, font) => { context.font = fonts[font]; return context.measureText(text).width; };
  })();

  function nodeWidth(d, open) {
    const header = Math.max(measure(d.name, 'name'), measure(subtitle(d), 'kind')) + 48;
    const rows = open ? d.columns.map((c) => measure(c.name, 'column') + measure(c.type || '', 'type') + 36) : [];
    return Math.ceil(Math.min(420, Math.max(150, header, ...rows)));
  }

  function layout(ids, expanded) {
    // A compound graph: each domain is a cluster that dagre keeps together, drawn as a lane.
    const graph = new dagre.graphlib.Graph({ compound: true });
    graph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 56, edgesep: 8, marginx: 16, marginy: 28 });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const id of ids) {
      const d = dataset(id);
      const open = expanded.has(id);
      graph.setNode(id, { width: nodeWidth(d, open), height: HEADER + (open ? d.columns.length * ROW + 6 : 0) });
      if (!graph.hasNode(CLUSTER + d.domain)) graph.setNode(CLUSTER + d.domain, { domain: d.domain });
      graph.setParent(id, CLUSTER + d.domain);
    }
    for (const edge of catalog.edges) {
      if (graph.hasNode(edge.from) && graph.hasNode(edge.to)) graph.setEdge(edge.from, edge.to, { crossDomain: edge.crossDomain });
    }
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

  function drawNode(id, box, open, focus, toggle) {
    const d = dataset(id);
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    const go = () => { location.hash = links.dataset(id); };
    const rows = open ? d.columns.map((c, i) =>
      s('g', { class: 'column-row', 'data-column': c.name, onclick: (e) => { e.stopPropagation(); location.hash = links.dataset(id, c.name); } },
        s('rect', { x: 1, y: HEADER + i * ROW, width: box.width - 2, height: ROW, class: 'row-hit' }),
        s('text', { x: 12, y: HEADER + i * ROW + 13, class: 'column-name' }, c.name),
        s('text', { x: box.width - 10, y: HEADER + i * ROW + 13, class: 'column-type', 'text-anchor': 'end' }, c.type || ''))) : [];
    return s('g', { class: `node kind-${d.kind}${id === focus ? ' focus' : ''}`, 'data-id': id, transform: `translate(${x},${y})`, onclick: go },
      s('title', {}, `${id}${d.description ? `\n${d.description}` : ''}`),
      s('rect', { class: 'box', width: box.width, height: box.height, rx: 6 }),
      s('rect', { class: 'stripe', width: 5, height: box.height, rx: 2, fill: domainColor(d.domain) }),
      s('text', { x: 14, y: 19, class: 'node-name' }, d.name),
      s('text', { x: 14, y: 35, class: 'node-kind' }, subtitle(d)),
      d.columns.length ? s('g', { class: 'toggle', 'data-toggle': id, transform: `translate(${box.width - 18},18)`, onclick: (e) => { e.stopPropagation(); toggle(id); } },
        s('title', {}, open ? 'Hide columns' : `Show ${d.columns.length} columns`),
        s('circle', { r: 9 }),
        s('text', { y: 4.5, 'text-anchor': 'middle' }, open ? '−' : '+')) : null,
      rows);
  }

  function drawCluster(box) {
    const x = box.x - box.width / 2;
    const y = box.y - box.height / 2;
    return s('g', { class: 'cluster', 'data-domain': box.domain },
      s('rect', { x, y, width: box.width, height: box.height, rx: 10, stroke: domainColor(box.domain) }),
      // Above the lane: dagre keeps no room inside a cluster for a label, nodesep keeps it between lanes.
      s('text', { x: x + 8, y: y - 5, style: { fill: domainColor(box.domain) } }, box.domain));
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

  function legend(ids) {
    const domains = [...new Set(ids.map((id) => dataset(id).domain))].sort();
    return h('div', { class: 'legend' },
      h('span', { class: 'legend-edge' }, 'within a domain'),
      h('span', { class: 'legend-edge cross' }, 'across domains'),
      domains.map((name) => h('span', { class: 'legend-domain' }, h('i', { style: { background: domainColor(name) } }), name)));
  }

  /**
   * Draws the graph of `ids` (default: every dataset; with `focus` and `depth`, its neighbourhood)
   * into `container`, with zoom buttons and a legend.
   */
  function mount(container, { focus, depth, ids } = {}) {
    const shown = ids || (focus ? neighbourhood(focus, depth || 2) : allDatasets());
    const expanded = new Set();
    const scroller = h('div', { class: 'graph-scroll' });
    let scale;
    let size = { width: 0, height: 0 };
    const zoom = (factor) => { scale = Math.min(2, Math.max(0.2, scale * factor)); resize(); };
    // A panel that fills the page fits both ways; one inside a page fits its width and grows to its height.
    const fill = container.classList.contains('fill');
    const fit = () => {
      const fits = Math.min(scroller.clientWidth / size.width, fill ? scroller.clientHeight / size.height : 1);
      scale = Math.min(1, Math.max(0.6, fits)); // below 0.6 names are too small to read: scroll instead
      resize();
    };
    function resize() {
      const svg = scroller.firstChild;
      svg.setAttribute('width', Math.ceil(size.width * scale));
      svg.setAttribute('height', Math.ceil(size.height * scale));
    }
    function toggle(id) {
      if (!expanded.delete(id)) expanded.add(id);
      draw();
    }
    function draw() {
      const graph = layout(shown, expanded);
      size = { width: graph.graph().width || 1, height: graph.graph().height || 1 };
      const edges = graph.edges().flatMap(({ v, w }) => {
        const { crossDomain, points } = graph.edge(v, w);
        const columns = expanded.has(v) && expanded.has(w) ? columnEdges(v, w, graph, crossDomain) : [];
        return columns.length ? columns : [s('path', { class: `edge${crossDomain ? ' cross' : ''}`, d: curve(points), 'data-from': v, 'data-to': w })];
      });
      const marker = (name) => s('marker', { id: name, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z' }));
      scroller.replaceChildren(s('svg', { class: 'lineage', viewBox: `0 0 ${size.width} ${size.height}`, role: 'img', 'aria-label': 'Lineage graph' },
        s('defs', {}, marker('arrow'), marker('arrow-cross')),
        s('g', { class: 'clusters' }, graph.nodes().filter((id) => id.startsWith(CLUSTER)).map((id) => drawCluster(graph.node(id)))),
        s('g', { class: 'edges' }, edges),
        s('g', { class: 'nodes' }, graph.nodes().filter((id) => !id.startsWith(CLUSTER)).map((id) => drawNode(id, graph.node(id), expanded.has(id), focus, toggle)))));
      if (scale === undefined) requestAnimationFrame(fit);
      else resize();
    }
    container.append(
      h('div', { class: 'graph-toolbar' },
        h('button', { type: 'button', title: 'Zoom out', onclick: () => zoom(1 / 1.25) }, '−'),
        h('button', { type: 'button', title: 'Zoom in', onclick: () => zoom(1.25) }, '+'),
        h('button', { type: 'button', title: 'Fit the graph in view', onclick: fit }, 'Fit'),
        h('span', { class: 'muted' }, `${shown.length} datasets · click a box to open it, + to show its columns`),
        legend(shown)),
      scroller);
    scale = undefined;
    draw();
  }

  return { mount, neighbourhood };
})();
