'use strict';
// One function per page; each returns the page's element, built from the catalog.
window.Pages = (() => {
  const { h } = window.Dom;
  const { catalog, dataset, product, domain, contractOf, links, domainColor, isDataset } = window.Site;

  const label = (id) => { const d = dataset(id); return d ? `${d.domain}.${d.name}` : id; };
  const datasetLink = (id, column) => h('a', { href: links.dataset(id, column), class: 'dataset-link' }, column ? `${label(id)}.${column}` : label(id));
  const domainLink = (name) => h('a', { href: links.domain(name), class: 'domain-link' }, h('i', { class: 'dot', style: { background: domainColor(name) } }), name);
  const badge = (text, kind = text) => h('span', { class: `badge kind-${kind}` }, text);
  const section = (title, ...children) => h('section', {}, h('h2', {}, title), ...children);
  const when = (value, render) => (value === undefined || value === null || value === '' ? null : render(value));

  function fields(pairs) {
    return h('dl', { class: 'fields' }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  }

  function table(headers, rows, attributes = {}) {
    return h('table', attributes, h('thead', {}, h('tr', {}, headers.map((t) => h('th', {}, t)))), h('tbody', {}, rows));
  }

  function inputs(list) {
    if (!list.length) return h('span', { class: 'muted' }, '—');
    return h('ul', { class: 'inputs' }, list.map((input) =>
      h('li', {}, datasetLink(input.dataset, input.column), ' ',
        input.transformations.map((t) => h('span', { class: `tag ${t.type.toLowerCase()}` }, t.subtype.toLowerCase().replace('_', ' '), t.masking ? ' · masked' : '')))));
  }

  function columnsTable(d, highlight) {
    return table(['Column', 'Type', 'Classification', 'Description', 'Upstream columns'], d.columns.map((c) =>
      h('tr', { 'data-column': c.name, class: c.name === highlight ? 'highlight' : '' },
        h('td', {}, h('code', {}, c.name)),
        h('td', {}, c.type || ''),
        h('td', {}, when(c.classification, (v) => badge(v, `class-${v}`))),
        h('td', {}, c.description || ''),
        h('td', {}, inputs(c.inputs), when(c.unresolved, (why) => h('div', { class: 'warn' }, `unresolved: ${why}`))))), { class: 'columns' });
  }

  function lastResult(result) {
    if (!result) return h('p', { class: 'muted' }, 'Not built yet: no run results in the catalog.');
    return h('div', { class: 'result' },
      h('p', {}, badge(result.status, `status-${result.status}`), when(result.rows, (n) => ` ${n} rows`), when(result.finishedAt, (t) => h('span', { class: 'muted' }, ` · ${t}`))),
      when(result.message, (m) => h('pre', { class: 'message' }, m)),
      when(result.audits && result.audits.length ? result.audits : undefined, (audits) => table(['Quality rule', 'Outcome', 'Failing rows'], audits.map((a) =>
        h('tr', {}, h('td', {}, a.rule), h('td', {}, badge(a.success ? 'passed' : 'failed', a.success ? 'status-success' : 'status-error')), h('td', {}, a.failures === undefined ? '' : String(a.failures)))), { class: 'audits' })));
  }

  /** Seconds as `1d 2h`, `3h 5m`, `40s` (as mesh source freshness prints ages). */
  function ageText(seconds) {
    const s = Math.round(seconds);
    const parts = [[Math.floor(s / 86400), 'd'], [Math.floor((s % 86400) / 3600), 'h'], [Math.floor((s % 3600) / 60), 'm'], [s % 60, 's']].filter(([n]) => n > 0);
    return parts.length ? parts.slice(0, 2).map(([n, u]) => `${n}${u}`).join(' ') : '0s';
  }

  /** A source's last `mesh source freshness` result. */
  function freshness(f) {
    const measured = f.loadedAt ? h('span', {}, 'newest ', h('code', {}, f.loadedAt)) : 'table last modified (metadata)';
    return h('div', { class: 'result freshness' },
      h('p', {}, badge(f.status, `status-${f.status.replace(' ', '-')}`), when(f.ageSeconds, (a) => ` ${ageText(a)} old`), h('span', { class: 'muted' }, ` · at ${f.measuredAt}`)),
      fields([['Measured', measured], ['Newest', f.maxLoadedAt], ['Warn after', f.warnAfter], ['Error after', f.errorAfter]]),
      when(f.error, (m) => h('pre', { class: 'message' }, m)));
  }

  /** A page's graph: the datasets `ids`, or those within `depth` edges of `focus`. */
  function graphPanel({ ids, focus, depth = 2 }) {
    const panel = h('section', { class: 'graph-panel' });
    window.GraphView.create(panel, { focus }).show(window.MeshMap.datasetView(ids || window.MeshMap.neighbourhood(focus, depth)));
    return panel;
  }

  function overviewPanel() {
    const panel = h('section', { class: 'graph-panel fill overview' });
    window.Overview.mount(panel);
    return panel;
  }

  const around = (ids, depth) => [...new Set(ids.flatMap((id) => window.MeshMap.neighbourhood(id, depth)))];

  function home() {
    const all = Object.values(catalog.datasets).filter(isDataset);
    const run = catalog.lastRun;
    return h('div', { class: 'page home' },
      h('h1', {}, catalog.project),
      h('p', { class: 'stats' },
        `${catalog.domains.length} domains · ${catalog.products.length} data products · ${all.length} datasets · `,
        `${catalog.edges.filter((e) => e.crossDomain).length} cross-domain edges · target ${catalog.target.name} (${catalog.target.engine})`,
        run ? ` · last run ${run.success ? 'succeeded' : 'failed'} at ${run.startedAt}` : ''),
      overviewPanel());
  }

  function domainPage(name) {
    const d = domain(name);
    const own = Object.values(catalog.datasets).filter((x) => x.domain === name && isDataset(x));
    if (!d && !own.length) return notFound(`domain ${name}`);
    return h('div', { class: 'page' },
      h('h1', {}, domainLink(name), ' ', badge('domain')),
      d ? fields([['Owner', d.owner]]) : null,
      when(d && d.description, (t) => h('p', { class: 'description' }, t)),
      section('Data products', d && d.products.length
        ? h('ul', {}, d.products.map((id) => h('li', {}, h('a', { href: links.product(id) }, id), when(product(id)?.description, (t) => h('span', { class: 'muted' }, ` — ${t}`)))))
        : h('p', { class: 'muted' }, 'This domain publishes no data product.')),
      section('Lineage', graphPanel({ ids: around(own.map((x) => x.id), 1) })),
      section('Datasets', table(['Dataset', 'Kind', 'Stage', 'Materialized', 'Description'], own.map((x) =>
        h('tr', {}, h('td', {}, datasetLink(x.id)), h('td', {}, badge(x.kind)), h('td', {}, x.stage || ''), h('td', {}, x.materialized || ''), h('td', {}, x.description || ''))))));
  }

  function productPage(id) {
    const p = product(id);
    if (!p) return notFound(`data product ${id}`);
    return h('div', { class: 'page' },
      h('h1', {}, p.id, ' ', badge('data product', 'product')),
      fields([['Domain', domainLink(p.domain)], ['Owner', p.owner], ['ODPS descriptor', h('code', {}, `target/${p.files.odps}`)]]),
      when(p.description, (t) => h('p', { class: 'description' }, t)),
      section('Versions', table(['Contract', 'Version', 'Status', 'Views', 'Consumers', 'Deprecation'], p.versions.map((v) =>
        h('tr', {}, h('td', {}, h('a', { href: links.contract(p.id, v.major) }, `${p.id} v${v.major}`)), h('td', {}, v.version), h('td', {}, badge(v.status, `status-${v.status}`)),
          h('td', {}, v.views.map((view) => h('div', {}, h('code', {}, dataset(view)?.relation || view)))), h('td', {}, String(v.consumers.length)),
          h('td', {}, v.deprecation ? [when(v.deprecation.sunset, (t) => `sunset ${t} `), when(v.deprecation.replacement, (t) => `→ ${t}`)] : ''))))),
      section('Input ports', p.inputs.length ? h('ul', {}, p.inputs.map((i) => h('li', {}, datasetLink(i)))) : h('p', { class: 'muted' }, 'None.')),
      section('Lineage', graphPanel({ ids: around(p.versions.flatMap((v) => v.views), 2) })));
  }

  function contractPage(productId, major) {
    const p = product(productId);
    const v = p && p.versions.find((x) => String(x.major) === major);
    if (!v) return notFound(`contract ${productId} v${major}`);
    return h('div', { class: 'page' },
      h('h1', {}, `${p.id} v${v.major}`, ' ', badge('contract'), ' ', badge(v.status, `status-${v.status}`)),
      fields([['Data product', h('a', { href: links.product(p.id) }, p.id)], ['Domain', domainLink(p.domain)], ['Contract', `${v.contractId} · version ${v.version}`],
        ['File', h('code', {}, v.file)], ['Deprecation', v.deprecation ? `sunset ${v.deprecation.sunset || '—'}${v.deprecation.replacement ? `, replaced by ${v.deprecation.replacement}` : ''}` : undefined],
        ['Other versions', p.versions.length > 1 ? p.versions.filter((x) => x !== v).map((x) => h('a', { href: links.contract(p.id, x.major), class: 'version-link' }, `v${x.major} (${x.status})`)) : undefined]]),
      when(p.description, (t) => h('p', { class: 'description' }, t)),
      v.views.map((viewId) => {
        const view = dataset(viewId);
        if (!view) return h('p', { class: 'warn' }, `view ${viewId} is not in the catalog`);
        return h('section', { class: 'contract-view', 'data-view': viewId },
          h('h2', {}, 'Schema ', h('code', {}, view.relation || view.name)),
          when(view.description, (t) => h('p', { class: 'description' }, t)),
          columnsTable(view),
          h('h3', {}, 'Quality results'), lastResult(view.lastResult),
          h('p', {}, h('a', { href: `#/dataset/${encodeURIComponent(viewId)}` }, 'View SQL and dataset details')));
      }),
      section('Service levels', v.sla.length ? table(['Property', 'Value', 'Element'], v.sla.map((x) =>
        h('tr', {}, h('td', {}, x.property), h('td', {}, `${x.value}${x.unit ? ` ${x.unit}` : ''}`), h('td', {}, x.element || '')))) : h('p', { class: 'muted' }, 'No SLA declared.')),
      section('Consumers', v.consumers.length ? h('ul', { class: 'consumers' }, v.consumers.map((c) => h('li', {}, datasetLink(c), ' ', when(dataset(c), (d) => domainLink(d.domain)))))
        : h('p', { class: 'muted' }, 'No consumer reads this version.')),
      section('Lineage', graphPanel({ ids: around(v.views, 2), focus: v.views[0] })));
  }

  function datasetPage(id, column) {
    const d = dataset(id);
    if (!d) return notFound(`dataset ${id}`);
    const contract = contractOf(id);
    const tests = (d.downstream || []).map(dataset).filter((t) => t && t.kind === 'test');
    return h('div', { class: 'page' },
      h('h1', {}, `${d.domain}.${d.name}`, ' ', badge(d.kind)),
      fields([['Id', h('code', {}, d.id)], ['Domain', domainLink(d.domain)], ['Stage', d.stage], ['Materialized', d.materialized],
        ['Relation', when(d.relation, (r) => h('code', {}, r))], ['File', when(d.file, (f) => h('code', {}, f))],
        ['Contract', contract ? h('a', { href: links.contract(contract.product.id, contract.version.major) }, `${contract.product.id} v${contract.version.major}`) : undefined]]),
      when(d.description, (t) => h('p', { class: 'description' }, t)),
      when(d.unresolved, (why) => h('p', { class: 'warn' }, why)),
      section('Columns', d.columns.length ? columnsTable(d, column) : h('p', { class: 'muted' }, 'No columns known.')),
      d.datasetInputs.length ? section('Rows depend on', inputs(d.datasetInputs)) : null,
      section('Lineage', graphPanel({ focus: id, depth: 2 })),
      d.kind === 'source' || d.kind === 'import' ? null : section('Last run', lastResult(d.lastResult)),
      when(d.freshness, (f) => section('Freshness', freshness(f))),
      tests.length ? section('Tests', h('ul', {}, tests.map((t) => h('li', {}, h('code', {}, t.name), ' ', t.lastResult ? badge(t.lastResult.status, `status-${t.lastResult.status}`) : '')))) : null,
      when(d.sql, (sql) => section('SQL', h('pre', { class: 'sql' }, h('code', {}, sql)))));
  }

  function notFound(what) {
    return h('div', { class: 'page' }, h('h1', {}, 'Not found'), h('p', {}, `There is no ${what} in this catalog. `, h('a', { href: links.home() }, 'Back to the overview')));
  }

  return { home, domain: domainPage, product: productPage, contract: contractPage, dataset: datasetPage, notFound };
})();
