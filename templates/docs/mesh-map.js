'use strict';
// What a graph shows, as data: nodes (datasets, domains, data products) and edges between them.
// The mesh map folds each collapsed domain's datasets into one domain node and each contract view
// into its data product's node, so that edges between domains are contract consumption.
window.MeshMap = (() => {
  const { catalog, dataset, product, isDataset } = window.Site;
  const DOMAIN = 'domain:';
  const PRODUCT = 'product:';

  const datasetsOf = new Map();
  for (const d of Object.values(catalog.datasets)) {
    if (isDataset(d)) (datasetsOf.get(d.domain) || datasetsOf.set(d.domain, []).get(d.domain)).push(d.id);
  }
  const domainNames = [...new Set([...catalog.domains.map((d) => d.name), ...datasetsOf.keys()])].sort();

  function addEdge(edges, seen, from, to, crossDomain) {
    const key = `${from}\u0000${to}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, crossDomain });
  }

  /**
   * The mesh map with the domains in `expanded` opened to their datasets: one node per other domain
   * and per data product it publishes (its contract views), and the table edges mapped onto those
   * nodes: domain → product it publishes, product → domain (or dataset) that reads it.
   * With every domain open this is the whole dataset lineage.
   */
  function meshView(expanded) {
    const nodes = new Map();
    const unitOf = (d) => {
      if (expanded.has(d.domain)) return d.id;
      if (d.product && (d.kind === 'contract' || d.kind === 'import')) return PRODUCT + d.product;
      return DOMAIN + d.domain;
    };
    const ensure = (unit, domain, productId) => {
      if (nodes.has(unit)) return;
      if (unit.startsWith(PRODUCT)) nodes.set(unit, { id: unit, type: 'product', domain, product: productId, external: !product(productId) });
      else if (unit.startsWith(DOMAIN)) nodes.set(unit, { id: unit, type: 'domain', domain, datasets: (datasetsOf.get(domain) || []).length });
      else nodes.set(unit, { id: unit, type: 'dataset', domain, cluster: domain });
    };
    for (const d of catalog.domains) if (!expanded.has(d.name)) ensure(DOMAIN + d.name, d.name);
    for (const p of catalog.products) if (!expanded.has(p.domain)) { ensure(DOMAIN + p.domain, p.domain); ensure(PRODUCT + p.id, p.domain, p.id); }
    for (const ids of datasetsOf.values()) for (const id of ids) { const d = dataset(id); ensure(unitOf(d), d.domain, d.product); }
    const edges = [];
    const seen = new Set();
    for (const edge of catalog.edges) {
      const from = dataset(edge.from);
      const to = dataset(edge.to);
      if (!from || !to || !isDataset(from) || !isDataset(to)) continue;
      const a = unitOf(from);
      const b = unitOf(to);
      addEdge(edges, seen, a, b, nodes.get(a).domain !== nodes.get(b).domain);
    }
    // A product is its domain's even before a view of it is built.
    for (const p of catalog.products) if (!expanded.has(p.domain)) addEdge(edges, seen, DOMAIN + p.domain, PRODUCT + p.id, false);
    return { nodes: [...nodes.values()], edges };
  }

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

  /** Datasets (tests too, when asked for by id) in lanes per domain, with the edges between them. */
  function datasetView(ids) {
    const shown = ids.filter((id) => dataset(id));
    const keep = new Set(shown);
    const edges = [];
    const seen = new Set();
    for (const id of shown) {
      const d = dataset(id);
      for (const up of d.upstream) if (keep.has(up)) addEdge(edges, seen, up, id, dataset(up).domain !== d.domain);
    }
    return { nodes: shown.map((id) => ({ id, type: 'dataset', domain: dataset(id).domain, cluster: dataset(id).domain })), edges };
  }

  return { meshView, datasetView, neighbourhood, domainNames, datasetsOf: (name) => datasetsOf.get(name) || [], DOMAIN, PRODUCT };
})();
