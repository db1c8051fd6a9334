/** An error the user can act on: the message names the input, what was wrong and what to do. */
export class CensusError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CensusError";
  }
}
