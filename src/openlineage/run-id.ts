import { v7 } from 'uuid';

/** A run's id: a UUIDv7, so ids (and the event files named by them) sort in the order runs started. The only importer of `uuid`. */
export function newRunId(): string {
  return v7();
}
