'use strict';
// The overview's graph: a small mesh opens as its whole dataset lineage, a larger one as the mesh
// map (domains and data products) from which a domain opens to its datasets. The selector box
// replaces either with the datasets a selector picks.
window.Overview = (() => {
  const { h } = window.Dom;
  const { meshView, datasetView, domainNames, datasetsOf } = window.MeshMap;
  /** Up to this many datasets the whole lineage still reads well on one screen. */
  const OPEN_ALL_UP_TO = 60;

  function mount(container) {
    const all = domainNames.reduce((n, name) => n + datasetsOf(name).length, 0);
    const expanded = new Set(all <= OPEN_ALL_UP_TO ? domainNames : []);
    let selected = null;

    const describeMap = (view) => {
      const count = (type) => view.nodes.filter((n) => n.type === type).length;
      const domains = count('domain');
      return [domains ? `${domains} domains` : '', count('product') ? `${count('product')} data products` : '', count('dataset') ? `${count('dataset')} datasets` : '']
        .filter(Boolean).join(' · ') + (domains ? ' · click a domain to show its datasets' : ' · click a box to open it');
    };
    const describe = (view) => (selected ? `${view.nodes.length} datasets selected by ${selected.text} · click a box to open it` : describeMap(view));
    const show = () => panel.show(selected ? datasetView(selected.ids) : meshView(expanded));
    const setExpanded = (names) => { expanded.clear(); for (const name of names) expanded.add(name); selected = null; show(); };
    const actions = {
      expandDomain: (name) => { expanded.add(name); show(); },
      collapseDomain: (name) => { expanded.delete(name); show(); },
      // A selection's lanes are not the map's open domains: nothing to fold there.
      canCollapse: () => !selected,
    };
    const buttons = [
      h('button', { type: 'button', class: 'mesh-map', title: 'One box per domain and per data product', onclick: () => setExpanded([]) }, 'Mesh map'),
      h('button', { type: 'button', class: 'all-datasets', title: 'Every domain open to its datasets', onclick: () => setExpanded(domainNames) }, 'All datasets'),
    ];
    container.append(window.SelectorBox.create((ids, text) => { selected = ids ? { ids, text } : null; show(); }));
    const panel = window.GraphView.create(container, { actions, buttons, describe });
    show();
  }

  return { mount, OPEN_ALL_UP_TO };
})();
