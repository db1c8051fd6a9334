/**
 * Long synchronous work written as a generator that `yield`s where it could stop (after a row, a
 * record, a chunk), so the same code runs two ways: all at once (`runAll`, for tests and small
 * inputs) or paced (`runPaced`), letting the event loop turn every few tens of milliseconds.
 * why: a signal handler (Ctrl-C, SIGTERM: remove the temporary database, then die) only runs when
 * the event loop turns; at 50× the exports, one unbroken harmonisation loop held it for ~30 s.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs the steps to the end without pausing. */
export function runAll<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** How long work may hold the event loop before it lets signals and timers in. */
export const PACE_MS = 50;

/** Returns a check that, once `ms` have passed since the last pause, resolves after one turn of the event loop. */
export function pacer(ms = PACE_MS): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    if (performance.now() - last < ms) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        last = performance.now();
        resolve();
      }),
    );
  };
}

/**
 * Runs the steps, letting the event loop turn every `ms` at most (or whenever `pause` says: one
 * pacer shared by several runs, the pieces of a streamed file, keeps one clock).
 */
export async function runPaced<T>(steps: Steps<T>, ms = PACE_MS, pause = pacer(ms)): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    const p = pause();
    if (p) await p;
  }
}
