import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Transport, TransportReport } from './transport.js';

export interface HttpTransportOptions {
  /** The catalog's base URL; events are POSTed to `<url>/api/v1/lineage`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Per request. */
  readonly timeoutMs: number;
  /** Attempts after a first one that failed. */
  readonly retries: number;
  /** Wait before the first retry; doubles at each one. */
  readonly backoffMs: number;
  /** Added to the reason a delivery failed (e.g. that the token's variable is not set). */
  readonly note?: string;
}

type Outcome = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly stop: boolean };

/**
 * POSTs events one at a time, in the order they were emitted (a run's START reaches the catalog
 * before its end), in the background: `send` only queues. An event that still fails after the
 * retries marks the catalog down, and what follows is not attempted: a catalog that is down costs
 * one event's attempts, not the build's time. `close` waits for the queue as long as one event's
 * attempts can take; then nothing new is attempted (a request under way keeps its timeout) and
 * what is left is given up.
 */
export class HttpTransport implements Transport {
  readonly endpoint: string;
  private readonly url: URL;
  /** One kept-alive connection: events go one at a time. */
  private readonly agent: HttpAgent;
  private readonly queue: string[] = [];
  private draining: Promise<void> = Promise.resolve();
  /** Set and cleared synchronously, so that no event is queued while nothing will send it. */
  private running = false;
  /** Aborted when `close` stops waiting: no new attempt starts, waits between retries end. */
  private readonly stop = new AbortController();
  /** Why what is left was given up, once `close` stopped waiting. */
  private cut: string | undefined;
  private sent = 0;
  private undelivered = 0;
  private reason: string | undefined;
  private down = false;

  constructor(private readonly options: HttpTransportOptions) {
    this.endpoint = `${options.url.replace(/\/+$/, '')}/api/v1/lineage`;
    this.url = new URL(this.endpoint);
    this.agent = this.url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, maxSockets: 1 }) : new HttpAgent({ keepAlive: true, maxSockets: 1 });
  }

  send(json: string): void {
    this.sent++;
    this.queue.push(json);
    if (this.running) return;
    this.running = true;
    this.draining = this.drain();
  }

  async close(): Promise<TransportReport> {
    const { timeoutMs, retries, backoffMs } = this.options;
    const bound = timeoutMs * (retries + 1) + backoffMs * (2 ** retries - 1);
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = await Promise.race([
        this.draining.then(() => false),
        new Promise<boolean>((done) => (timer = setTimeout(() => done(true), bound))),
      ]);
      clearTimeout(timer);
      if (gaveUp) {
        this.cut = `the queue was not sent within ${bound} ms`;
        this.stop.abort();
        await this.draining;
      }
    }
    this.agent.destroy();
    return { sent: this.sent, undelivered: this.undelivered, ...(this.reason ? { reason: this.reason } : {}) };
  }

  private async drain(): Promise<void> {
    try {
      for (let event = this.queue.shift(); event !== undefined; event = this.queue.shift()) {
        if (this.down || this.cut) {
          this.undelivered++;
          if (this.cut && !this.down) this.fail(this.cut);
          continue;
        }
        const outcome = await this.deliver(event);
        if (outcome.ok) continue;
        this.undelivered++;
        this.fail(outcome.reason);
        if (outcome.stop) this.down = true;
      }
    } finally {
      this.running = false;
    }
  }

  /** One event, with retries for what may pass on a second try: no answer, a 5xx, 408 or 429. */
  private async deliver(body: string): Promise<Outcome> {
    const { retries, backoffMs } = this.options;
    let last: Outcome = { ok: false, reason: this.cut ?? 'not sent', stop: true };
    let attempts = 0;
    for (let attempt = 0; attempt <= retries && !this.stop.signal.aborted; attempt++) {
      if (attempt > 0) await sleep(backoffMs * 2 ** (attempt - 1), this.stop.signal);
      if (this.stop.signal.aborted) break;
      last = await this.post(body);
      attempts++;
      if (last.ok || !retryable(last)) return last;
    }
    return last.ok || attempts === 0 ? last : { ...last, reason: `${last.reason} after ${attempts} attempt${attempts === 1 ? '' : 's'}` };
  }

  /** node:http rather than fetch: a few times less CPU per request, taken from the thread that runs the build. */
  private post(body: string): Promise<Outcome> {
    const { token, timeoutMs, note } = this.options;
    const why = (reason: string): string => (note ? `${reason} (${note})` : reason);
    return new Promise((resolve) => {
      let settled = false;
      const done = (outcome: Outcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
      const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...(token ? { Authorization: `Bearer ${token}` } : {}) };
      const request = send(this.url, { method: 'POST', agent: this.agent, headers }, (response) => {
        response.resume();
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) return done({ ok: true });
          // A refused token fails every event alike; a rejected event (400) fails alone.
          const stop = status >= 500 || [401, 403, 404, 408, 429].includes(status);
          done({ ok: false, reason: why(`HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`), stop });
        });
      });
      const timer = setTimeout(() => {
        done({ ok: false, reason: `no answer within ${timeoutMs} ms`, stop: true });
        request.destroy();
      }, timeoutMs);
      request.on('error', (e: Error & { code?: string }) => done({ ok: false, reason: why(e.code ?? e.message), stop: true }));
      request.end(body);
    });
  }

  private fail(reason: string): void {
    this.reason ??= reason;
  }
}

function retryable(outcome: Outcome): boolean {
  return !outcome.ok && !/^HTTP 4(?!08|29)/.test(outcome.reason);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (signal.aborted) return done();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
  });
}
