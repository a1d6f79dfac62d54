import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Transport, TransportReport } from './transport.js';

/**
 * NDJSON: one event per line, in the order they were emitted, written as they come so that a build
 * that stops half way leaves the events of what ran. Every build writes one file.
 */
export class FileTransport implements Transport {
  private readonly fd: number;
  private sent = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
  }

  send(json: string): void {
    writeSync(this.fd, `${json}\n`);
    this.sent++;
  }

  async close(): Promise<TransportReport> {
    closeSync(this.fd);
    return { sent: this.sent, undelivered: 0 };
  }
}
