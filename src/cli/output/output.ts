/** Where the CLI writes: injected, so commands can be run in tests without touching process. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}
