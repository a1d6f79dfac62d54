'use strict';
// The router (hash routes, so the site works from file://) and the sidebar.
(() => {
  const { h } = window.Dom;
  const { catalog, links, domainColor, product } = window.Site;
  // Domains list product ids (`domain.product`); the sidebar nests them under their domain by name.
  const productName = (id) => product(id)?.name || id;
  const main = document.getElementById('main');
  const sidebar = document.getElementById('sidebar');

  function renderSidebar() {
    const domains = [...catalog.domains].sort((a, b) => a.name.localeCompare(b.name));
    sidebar.replaceChildren(
      h('a', { href: links.home(), class: 'nav-home' }, 'Lineage overview'),
      h('h2', {}, 'Domains'),
      h('ul', {}, domains.map((d) => h('li', {},
        h('a', { href: links.domain(d.name), class: 'nav-domain' }, h('i', { class: 'dot', style: { background: domainColor(d.name) } }), d.name),
        h('ul', {}, d.products.map((id) => h('li', {}, h('a', { href: links.product(id), class: 'nav-product' }, productName(id)))))))));
  }

  function route() {
    const [page, ...args] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
    const render = {
      '': () => window.Pages.home(),
      domain: () => window.Pages.domain(args[0]),
      product: () => window.Pages.product(args[0]),
      contract: () => window.Pages.contract(args[0], (args[1] || '').replace(/^v/, '')),
      dataset: () => window.Pages.dataset(args[0], args[1]),
    }[page] || (() => window.Pages.notFound(`page ${location.hash}`));
    main.replaceChildren(render());
    main.scrollTop = 0;
    document.title = `${main.querySelector('h1')?.childNodes[0]?.textContent || ''} · ${catalog.project} docs`;
    for (const a of sidebar.querySelectorAll('a')) a.classList.toggle('active', a.getAttribute('href') === location.hash || (!location.hash && a.getAttribute('href') === '#/'));
    main.querySelector('tr.highlight')?.scrollIntoView({ block: 'center' });
  }

  document.getElementById('generated').textContent = `generated ${catalog.generatedAt.slice(0, 16).replace('T', ' ')} · meshwork ${catalog.meshworkVersion}`;
  renderSidebar();
  window.Search.attach(document.getElementById('search'), document.getElementById('search-results'));
  window.addEventListener('hashchange', route);
  route();
})();
