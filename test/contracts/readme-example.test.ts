import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readContract } from '../../src/contracts/read-contract.js';

describe('the README', () => {
  it("shows a complete contract that meshwork reads without a problem", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Data contracts'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const { contract, diagnostics } = readContract({ path: 'domains/checkout/contracts/orders.odcs.yaml', text: yaml! }, { domain: 'checkout' });
    expect(diagnostics).toEqual([]);
    expect(contract?.schema[0]?.properties.map((p) => p.name)).toEqual(['order_id', 'customer_id', 'status', 'placed_at']);
  });
});
