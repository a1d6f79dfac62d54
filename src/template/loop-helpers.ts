import { describe } from './logic-helpers.js';
import { renderData, where, type HelperCallOptions } from './render-data.js';

/** The part of Handlebars' block helper options `{{#each}}` uses (structural: no import). */
interface BlockOptions extends HelperCallOptions {
  fn(context: unknown, options?: { data?: unknown; blockParams?: unknown[] }): string;
  inverse(context: unknown): string;
}

type Block = (this: unknown, items: unknown, options: BlockOptions) => string;

/**
 * `{{#each}}` in a model or macro: block params are required (resolve-names.ts), the context stays
 * the node's so that `{{this}}` is still the relation, and anything but a list or a mapping is
 * MESH136 — never an empty render. Meshwork's own templates keep Handlebars' `builtin`.
 */
export function eachHelper(builtin: (...args: never[]) => unknown, createFrame: (data: unknown) => object): Block {
  return function (this: unknown, items: unknown, options: BlockOptions): string {
    const data = renderData(options);
    if (!data.hooks) return (builtin as unknown as Block).call(this, items, options);
    const entries: [unknown, string | number][] | undefined = Array.isArray(items)
      ? items.map((item, i) => [item, i])
      : items !== null && typeof items === 'object'
        ? Object.entries(items).map(([key, value]): [unknown, string] => [value, key])
        : undefined;
    if (!entries) {
      // A missing var has been reported (MESH142) where it was read.
      if (items === undefined && (data.reported?.count ?? 0) > 0) return '';
      data.hooks.report('MESH136', `{{#each}} loops over a list, and it was given ${describe(items)}`, where(options, data), 'give it a list: a var holding one (vars: {methods: [card, cash]}), (list "a" "b"), or a macro parameter passed one');
      return '';
    }
    if (entries.length === 0) return options.inverse(this);
    let out = '';
    for (const [i, [item, key]] of entries.entries()) {
      const frame = Object.assign(createFrame(options.data), { index: i, key, first: i === 0, last: i === entries.length - 1 });
      out += options.fn(this, { data: frame, blockParams: [item, key] });
    }
    return out;
  };
}

/** `{{item}}` of a block param or macro parameter: text as is, numbers and booleans as written, null as NULL; a list or mapping is MESH136. */
export function printValue(value: unknown, options: HelperCallOptions): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'NULL';
  const data = renderData(options);
  data.hooks?.report('MESH136', `a ${describe(value).replace(/^a /, '')} cannot be printed`, where(options, data), "loop over a list with {{#each … as |item|}}, or insert it with {{csv_literals …}}; read a mapping's field with item.field");
  return '';
}
