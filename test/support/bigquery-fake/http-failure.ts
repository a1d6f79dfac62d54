/** A request BigQuery answers with an HTTP error: its status, reason and message. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** A handler's answer. */
export type Reply = { status: number; body: unknown };
