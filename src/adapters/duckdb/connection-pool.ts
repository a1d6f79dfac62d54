/** A fixed set of resources handed out one at a time; waiters are served first come, first served. */
export class Pool<T> {
  private readonly idle: T[] = [];
  private readonly waiting: ((item: T) => void)[] = [];
  private created = 0;

  constructor(
    private readonly size: number,
    private readonly create: () => Promise<T>,
  ) {}

  async use<R>(work: (item: T) => Promise<R>): Promise<R> {
    const item = await this.acquire();
    try {
      return await work(item);
    } finally {
      this.release(item);
    }
  }

  /** Every resource created so far, idle or not (for closing). */
  drain(): T[] {
    return this.idle.splice(0);
  }

  private async acquire(): Promise<T> {
    const idle = this.idle.pop();
    if (idle !== undefined) return idle;
    if (this.created < this.size) {
      this.created++;
      return this.create();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(item: T): void {
    const next = this.waiting.shift();
    if (next) next(item);
    else this.idle.push(item);
  }
}
