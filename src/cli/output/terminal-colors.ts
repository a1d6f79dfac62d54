/** Terminal colour: the only importer of picocolors, and the decision whether to colour at all. */
import picocolors from 'picocolors';

/** The few styles meshwork's output uses; each returns its text unchanged when colour is off. */
export interface Palette {
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
}

export function palette(enabled: boolean): Palette {
  const c = picocolors.createColors(enabled);
  return { red: c.red, green: c.green, yellow: c.yellow, cyan: c.cyan, bold: c.bold, dim: c.dim };
}

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Whether a stream gets ANSI colour. `NO_COLOR` set to anything but '' turns it off (no-color.org)
 * and wins over `FORCE_COLOR`, as in picocolors, since it is a person's standing preference;
 * `FORCE_COLOR` turns it on even when piped (force-color.org), except `0` or `false`, which turn
 * it off (Node's and supports-color's reading); otherwise colour on a terminal that is not `dumb`.
 */
export function colorWanted(isTTY: boolean | undefined, env: Environment): boolean {
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force) return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY === true && env['TERM'] !== 'dumb';
}

