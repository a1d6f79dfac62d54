/** What a construct cannot become, and what the user should do: thrown while converting, caught per construct. */
export class Unconvertible extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}
