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

/**
 * An argument as an error message echoes it: cut to its first `max` characters with its length
 * said, so a pasted 100 KB value does not flood the terminal (main.ts escapes control characters).
 */
export function echoed(value: string, max = 80): string {
  return value.length > max ? `${value.slice(0, max)}… (${value.length} characters)` : value;
}
