import { describe, expect, it } from 'vitest';
import { scanCalls } from '../../src/import/scan-calls.js';

describe('scanCalls', () => {
  it('finds ref and source calls with their lines, in any quoting, across CRLF lines', () => {
    const text = "select *\r\nfrom {{ ref('orders') }}\r\njoin {{ ref(\"shop\", \"customers\") }} using (id)\r\njoin {{source( 'erp' , \"items\" )}} on true\r\n-- not a call: preference('x')\r\n";
    expect(scanCalls(text)).toEqual([
      { kind: 'ref', name: 'orders', line: 2 },
      { kind: 'ref', name: 'customers', second: 'shop', line: 3 },
      { kind: 'source', name: 'erp', second: 'items', line: 4 },
    ]);
  });

  it('skips a source with one argument and a ref built from a variable', () => {
    expect(scanCalls("{{ source('erp') }} {{ ref(model_name) }}")).toEqual([]);
  });
});
