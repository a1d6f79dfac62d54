/**
 * Results of a pure step keyed by everything the step depends on, carried from one run to the next
 * (the parse and render caches). Holds plain data only; loading and saving it is the caller's I/O.
 */
export class Memo<T> {
  private readonly kept = new Map<string, T>();
  private added = false;

  constructor(private readonly previous: ReadonlyMap<string, T> = new Map()) {}

  /** The remembered value when there is one and `valid` accepts it; otherwise computes it. */
  get<U extends T>(key: string, compute: () => U, valid: (remembered: U) => boolean = () => true): U {
    const remembered = this.previous.get(key) as U | undefined;
    const value = remembered !== undefined && valid(remembered) ? remembered : compute();
    if (value !== remembered) this.added = true;
    this.kept.set(key, value);
    return value;
  }

  /** Stores a value computed outside `get` (when computing needs more than a thunk). */
  set(key: string, value: T): void {
    this.kept.set(key, value);
    this.added = true;
  }

  /** Carries a remembered value over unchanged, after the caller checked it is still valid. */
  keep(key: string, value: T): void {
    this.kept.set(key, value);
  }

  peek(key: string): T | undefined {
    return this.previous.get(key);
  }

  /** The remembered value, carried over to this run as it is; undefined when there is none. */
  recall(key: string): T | undefined {
    const remembered = this.previous.get(key);
    if (remembered !== undefined) this.kept.set(key, remembered);
    return remembered;
  }

  /** Whether saving would change what is on disk: something was computed anew, or an entry went unused. */
  get changed(): boolean {
    return this.added || this.kept.size !== this.previous.size;
  }

  /** The entries used by this run (unused ones are dropped). */
  entries(): ReadonlyMap<string, T> {
    return this.kept;
  }
}
