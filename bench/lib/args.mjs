/** A numeric flag's value (`--runs 5`), or the fallback when it is not given. */
export function numberFlag(argv, flag, fallback) {
  const i = argv.indexOf(flag);
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : fallback;
}
