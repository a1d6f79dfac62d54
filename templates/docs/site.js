'use strict';
// The catalog (from catalog-data.js) with the lookups and links every page needs.
window.Site = (() => {
  const catalog = window.MESH_CATALOG;
  const datasets = catalog.datasets;
  const products = new Map(catalog.products.map((p) => [p.id, p]));
  const domains = new Map(catalog.domains.map((d) => [d.name, d]));
  const PALETTE = ['#2563eb', '#16a34a', '#9333ea', '#db2777', '#0891b2', '#ca8a04', '#4f46e5', '#65a30d'];
  const domainNames = [...new Set([...catalog.domains.map((d) => d.name), ...Object.values(datasets).map((d) => d.domain)])].sort();

  /** The product and contract version a contract view publishes, when it is one. */
  function contractOf(datasetId) {
    const dataset = datasets[datasetId];
    const product = dataset && dataset.product ? products.get(dataset.product) : undefined;
    const version = product && product.versions.find((v) => v.views.includes(datasetId));
    return version ? { product, version } : undefined;
  }

  const enc = encodeURIComponent;
  const links = {
    home: () => '#/',
    domain: (name) => `#/domain/${enc(name)}`,
    product: (id) => `#/product/${enc(id)}`,
    contract: (productId, major) => `#/contract/${enc(productId)}/v${major}`,
    /** A dataset's page; contract views open their contract version's page. */
    dataset(id, column) {
      const contract = column ? undefined : contractOf(id);
      if (contract) return links.contract(contract.product.id, contract.version.major);
      return `#/dataset/${enc(id)}${column ? `/${enc(column)}` : ''}`;
    },
  };

  return {
    catalog,
    dataset: (id) => datasets[id],
    product: (id) => products.get(id),
    domain: (name) => domains.get(name),
    contractOf,
    links,
    domainColor: (name) => PALETTE[Math.max(0, domainNames.indexOf(name)) % PALETTE.length],
    /** Models, seeds, sources and contracts: what lineage graphs draw (tests are not datasets). */
    isDataset: (d) => d.kind !== 'test',
  };
})();
