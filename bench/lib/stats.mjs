/** Small numeric and formatting helpers shared by the bench scripts. */

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summary(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: values.map((v) => Math.round(v * 10) / 10) };
}

/** 1234.5 ms → "1.23 s", 45.6 → "46 ms". */
export function ms(value) {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  return `${Math.round(value)} ms`;
}

export function mb(kilobytes) {
  return Number.isFinite(kilobytes) ? `${Math.round(kilobytes / 1024)} MB` : 'n/a';
}

export function int(n) {
  return Number(n).toLocaleString('en-US');
}

export function pct(fraction) {
  return `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)}%`;
}
