'use strict';
// The selector box: `mesh build --select` syntax over the project's graph, run by meshwork's own
// selector code (selection.js, written from src/graph/ by mesh docs). Problems show under the box.
window.SelectorBox = (() => {
  const { h } = window.Dom;
  const DELAY = 300;
  const EXAMPLES = '+orders · domain:checkout · tag:kpi · stage:cleaned,orders_* · @name · space = or, comma = and';

  /** The box; `onSelect(ids, text)` gets the selected ids, or null when the box is emptied. */
  function create(onSelect) {
    const input = h('input', { id: 'selector', class: 'selector-input', type: 'search', placeholder: 'Select as mesh build --select does, e.g. +orders domain:checkout', autocomplete: 'off', spellcheck: 'false', 'aria-label': 'Select nodes with --select syntax' });
    const count = h('span', { class: 'muted selector-count' });
    const problems = h('ul', { class: 'selector-problems', 'aria-live': 'polite' });
    let timer;
    let applied;

    function apply() {
      clearTimeout(timer);
      const text = input.value.trim();
      if (text === applied) return;
      applied = text;
      if (!text) {
        problems.replaceChildren();
        count.textContent = '';
        onSelect(null, '');
        return;
      }
      const { ids, diagnostics } = window.MESH_SELECTION.select(text);
      problems.replaceChildren(...diagnostics.map((d) => h('li', { class: `problem ${d.severity}` },
        h('span', { class: 'problem-message' }, d.message.replace(/^--select: /, '')),
        d.hint ? h('span', { class: 'muted' }, ` — ${d.hint}`) : '')));
      // A malformed selector keeps the graph as it was.
      if (diagnostics.some((d) => d.severity === 'error')) return;
      count.textContent = `${ids.length} selected`;
      onSelect(ids, text);
    }

    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(apply, DELAY); });
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') apply(); });
    return h('div', { class: 'selector' },
      h('div', { class: 'selector-row' }, input, count),
      h('div', { class: 'muted selector-help' }, EXAMPLES),
      problems);
  }

  return { create };
})();
