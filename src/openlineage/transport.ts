/** Where events go, each as its JSON text. `send` never blocks on the network; `close` waits, within a bound, for what is under way. */
export interface Transport {
  send(json: string): void;
  close(): Promise<TransportReport>;
}

export interface TransportReport {
  /** Events sent but not accepted by the other end. */
  readonly undelivered: number;
  readonly sent: number;
  /** Why, for the first event that could not be delivered. */
  readonly reason?: string;
}
