/** An age in seconds for people: `1d 12h 1s`, `45s`, to the second. */
export function ageText(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 0) return `${-s}s in the future`;
  const parts = [[Math.floor(s / 86_400), 'd'], [Math.floor((s % 86_400) / 3600), 'h'], [Math.floor((s % 3600) / 60), 'm'], [s % 60, 's']] as const;
  const shown = parts.filter(([n]) => n > 0).map(([n, u]) => `${n}${u}`);
  return shown.length > 0 ? shown.join(' ') : '0s';
}
