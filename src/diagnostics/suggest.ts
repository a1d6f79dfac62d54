/**
 * Nearest names by edit distance, for "did you mean" hints. Self-contained: the docs site runs its
 * source in the browser for the selector box's hints (src/docs/selection-script.ts).
 */
export function nearestNames(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      }
      previous = current;
    }
    return previous[b.length]!;
  }

  const scored: { name: string; distance: number }[] = [];
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  for (const name of candidates) {
    const distance = editDistance(wanted.toLowerCase(), name.toLowerCase());
    if (distance <= limit || name.includes(wanted) || wanted.includes(name)) scored.push({ name, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((s) => s.name);
}
