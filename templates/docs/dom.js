'use strict';
// DOM and SVG built from data with text nodes only: text from YAML or SQL never becomes markup.
window.Dom = (() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';

  function setAttributes(el, attributes) {
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (typeof value === 'function') el.addEventListener(key.replace(/^on/, ''), value);
      // Through the CSSOM: the page's CSP forbids style attributes.
      else if (key === 'style') Object.assign(el.style, value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof Node ? child : String(child));
    }
    return el;
  }

  /** An HTML element: h('a', { href: '#/' }, 'text', child…). */
  function h(tag, attributes, ...children) {
    const el = document.createElement(tag);
    setAttributes(el, attributes);
    return append(el, children);
  }

  /** An SVG element, same shape as h. */
  function s(tag, attributes, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    setAttributes(el, attributes);
    return append(el, children);
  }

  return { h, s };
})();
