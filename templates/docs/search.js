'use strict';
// The search box: one index of domains, products, contract versions, datasets and columns,
// matched by substring and ranked by how well the name matches.
window.Search = (() => {
  const { h } = window.Dom;
  const { catalog, links, isDataset } = window.Site;
  const KIND_ORDER = ['domain', 'product', 'contract', 'model', 'seed', 'source', 'import', 'column'];
  const LIMIT = 40;

  function buildIndex() {
    const entries = [];
    const add = (kind, label, detail, href, extra = '') => entries.push({ kind, label, detail, href, text: `${label} ${detail} ${extra}`.toLowerCase() });
    for (const d of catalog.domains) add('domain', d.name, `domain · ${d.owner}`, links.domain(d.name), d.description);
    for (const p of catalog.products) {
      add('product', p.id, `data product${p.owner ? ` · ${p.owner}` : ''}`, links.product(p.id), p.description);
      for (const v of p.versions) add('contract', `${p.id} v${v.major}`, `contract ${v.version} · ${v.status}`, links.contract(p.id, v.major), v.contractId);
    }
    for (const d of Object.values(catalog.datasets)) {
      if (!isDataset(d) || d.kind === 'contract') continue;
      add(d.kind, `${d.domain}.${d.name}`, `${d.kind}${d.stage ? ` · ${d.stage}` : ''}`, links.dataset(d.id), `${d.id} ${d.relation || ''} ${d.description || ''}`);
    }
    for (const d of Object.values(catalog.datasets)) {
      if (!isDataset(d)) continue;
      for (const c of d.columns) add('column', c.name, `column of ${d.domain}.${d.name}${c.type ? ` · ${c.type}` : ''}`, links.dataset(d.id, c.name), c.description);
    }
    return entries;
  }

  function rank(entry, q) {
    const label = entry.label.toLowerCase();
    if (label === q) return 0;
    if (label.startsWith(q) || label.split(/[._ ]/).includes(q)) return 1;
    if (label.split(/[._ ]/).some((w) => w.startsWith(q))) return 2;
    if (label.includes(q)) return 3;
    return entry.text.includes(q) ? 4 : -1;
  }

  function find(index, query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    return index
      .map((entry) => ({ entry, score: rank(entry, q) }))
      .filter((r) => r.score >= 0)
      .sort((a, b) => a.score - b.score || KIND_ORDER.indexOf(a.entry.kind) - KIND_ORDER.indexOf(b.entry.kind) || a.entry.label.localeCompare(b.entry.label))
      .slice(0, LIMIT)
      .map((r) => r.entry);
  }

  /** Wires the input and its result list. */
  function attach(input, list) {
    const index = buildIndex();
    let results = [];
    let active = 0;
    const close = () => { list.hidden = true; };
    const open = (entry) => { location.hash = entry.href; input.value = ''; close(); input.blur(); };
    function show() {
      results = find(index, input.value);
      active = 0;
      list.replaceChildren(...(results.length ? results.map((entry, i) =>
        h('li', { class: i === active ? 'active' : '' },
          h('a', { href: entry.href, 'data-kind': entry.kind, onclick: (e) => { e.preventDefault(); open(entry); } },
            h('span', { class: `badge kind-${entry.kind}` }, entry.kind), h('span', { class: 'result-label' }, entry.label), h('span', { class: 'muted' }, entry.detail))))
        : [h('li', { class: 'empty muted' }, input.value.trim() ? 'No match' : '')]));
      list.hidden = !input.value.trim();
    }
    function move(step) {
      if (!results.length) return;
      active = (active + step + results.length) % results.length;
      [...list.children].forEach((li, i) => li.classList.toggle('active', i === active));
      list.children[active].scrollIntoView({ block: 'nearest' });
    }
    input.addEventListener('input', show);
    input.addEventListener('focus', () => { if (input.value.trim()) show(); });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') { e.preventDefault(); move(e.key === 'ArrowDown' ? 1 : -1); }
      else if (e.key === 'Enter' && results[active]) open(results[active]);
      else if (e.key === 'Escape') close();
    });
    document.addEventListener('click', (e) => { if (!list.contains(e.target) && e.target !== input) close(); });
  }

  return { attach, find, buildIndex };
})();
