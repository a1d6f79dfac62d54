'use strict';
// A graph panel: a toolbar (zoom, Fit, what is shown, legend) over a scrolling area that holds the
// drawn view. Fit scales the whole graph into the panel, whatever its size; the panel opens fitted.
window.GraphView = (() => {
  const { h } = window.Dom;
  const { domainColor } = window.Site;
  const { render } = window.LineageGraph;
  const MAX_SCALE = 1; // Fit never enlarges: a small graph keeps its natural size

  function legend(view) {
    const domains = [...new Set(view.nodes.map((n) => n.domain))].sort();
    return h('div', { class: 'legend' },
      h('span', { class: 'legend-edge' }, 'within a domain'),
      h('span', { class: 'legend-edge cross' }, 'across domains'),
      domains.map((name) => h('span', { class: 'legend-domain' }, h('i', { style: { background: domainColor(name) } }), name)));
  }

  /**
   * A panel in `container`; `show(view)` draws a view (mesh-map.js) in it. `actions` may hold
   * `expandDomain(name)` and `collapseDomain(name)`; `buttons` are extra toolbar buttons.
   */
  function create(container, { focus, actions = {}, buttons = [], describe } = {}) {
    const scroller = h('div', { class: 'graph-scroll' });
    const status = h('span', { class: 'muted graph-status' });
    const legendSlot = h('div', { class: 'legend-slot' });
    const openColumns = new Set();
    let view = { nodes: [], edges: [] };
    let size = { width: 1, height: 1 };
    let scale = 1;
    let fitted = 1;

    function apply() {
      const svg = scroller.querySelector('svg.lineage');
      if (!svg) return;
      svg.setAttribute('width', Math.floor(size.width * scale));
      svg.setAttribute('height', Math.floor(size.height * scale));
    }
    /** The room the graph may take: the panel's, or in a page its width and the area's max height. */
    function room() {
      const maxHeight = parseFloat(getComputedStyle(scroller).maxHeight);
      const height = container.classList.contains('fill') || !Number.isFinite(maxHeight) ? scroller.clientHeight : maxHeight;
      return { width: scroller.clientWidth - 2, height: height - 2 };
    }
    function fit() {
      const { width, height } = room();
      // The panel left the page (another route) before its first frame, or shows no graph.
      if (width <= 0 || height <= 0 || !scroller.querySelector('svg.lineage')) return;
      fitted = Math.min(MAX_SCALE, width / size.width, height / size.height);
      scale = fitted;
      apply();
    }
    const zoom = (factor) => { scale = Math.min(MAX_SCALE * 2, Math.max(Math.min(0.1, fitted), scale * factor)); apply(); };

    function draw(refit) {
      if (!view.nodes.length) {
        scroller.replaceChildren(h('p', { class: 'muted graph-empty' }, 'No dataset to draw.'));
        status.textContent = describe ? describe(view) : '';
        legendSlot.replaceChildren();
        return;
      }
      const rendered = render(view, { openColumns, focus, actions: { ...actions, toggleColumns } });
      size = rendered.size;
      scroller.replaceChildren(rendered.svg);
      status.textContent = describe ? describe(view) : `${view.nodes.length} datasets · click a box to open it, + to show its columns`;
      legendSlot.replaceChildren(legend(view));
      if (!refit) return apply();
      // Before the panel is in the page it has no size: fit on the next frame.
      // Before the panel is in the page it has no size: fit on the next frame. The mark, a frame
      // later (once painted), is what the docs tests and bench/docs-overview.mjs time.
      const drawn = () => requestAnimationFrame(() => performance.mark('mesh:graph-drawn'));
      if (scroller.isConnected && scroller.clientWidth) { fit(); drawn(); return; }
      apply();
      requestAnimationFrame(() => { fit(); drawn(); });
    }
    function toggleColumns(id) {
      if (!openColumns.delete(id)) openColumns.add(id);
      draw(false);
    }

    container.append(
      h('div', { class: 'graph-toolbar' },
        h('button', { type: 'button', title: 'Zoom out', onclick: () => zoom(1 / 1.25) }, '−'),
        h('button', { type: 'button', title: 'Zoom in', onclick: () => zoom(1.25) }, '+'),
        h('button', { type: 'button', title: 'Fit the whole graph in view', class: 'fit', onclick: fit }, 'Fit'),
        buttons,
        status,
        legendSlot),
      scroller);
    scale = 0; // nothing shows at its natural size before the first fit

    return {
      show(next, { refit = true } = {}) { view = next; draw(refit); },
      fit,
    };
  }

  return { create };
})();
