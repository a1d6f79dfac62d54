import type { JinjaContext, RefTarget } from '../../../src/import/import-types.js';

/** A project around the converted file: models of its own domain, one public model of another, declared sources, vars and macros. */
export function jinjaContext(overrides: Partial<{ file: string; vars: Record<string, unknown>; macros: string[]; models: string[] }> = {}): JinjaContext {
  const own = new Set(overrides.models ?? ['stg_orders', 'stg_payments', 'stg_customers', 'orders', 'raw_payments']);
  return {
    file: overrides.file ?? 'models/marts/orders.sql',
    resolveRef(name: string, packageName?: string): RefTarget {
      if (name === 'customers_public' && packageName === undefined) return { kind: 'contract', product: 'crm.customers', version: 1 };
      if (own.has(name)) return { kind: 'ref', name };
      return { kind: 'unknown', name };
    },
    resolveSource(sourceName: string, tableName: string): string | undefined {
      return sourceName === 'jaffle' && ['orders', 'payments'].includes(tableName) ? `raw_${tableName}` : undefined;
    },
    macros: new Set(overrides.macros ?? ['cents_to_dollars']),
    vars: overrides.vars ?? { payment_methods: ['credit_card', 'coupon'], start_date: '2018-01-01', flag: true },
  };
}
