/**
 * For the pure parsers that throw what their caller makes of a typed problem (the cross-tab's
 * filter and net parsers): a `fail` that carries the problem, and the problem a call was refused
 * with, so a test asserts the problem itself rather than any caller's wording.
 */
class Refused<P> extends Error {
  constructor(readonly problem: P) {
    super("refused");
  }
}

export function problems<P>() {
  const fail = (p: P) => new Refused(p);
  /** The problem `f` was refused with; an error if it was not refused. */
  const problem = (f: () => unknown): P => {
    try {
      f();
    } catch (e) {
      if (e instanceof Refused) return e.problem as P;
      throw e;
    }
    throw new Error("not refused");
  };
  return { fail, problem };
}
