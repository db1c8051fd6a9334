import { rmSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Temporary files and folders written beside their target (`census.duckdb.tmp-<pid>`,
 * `<file>.<pid>.partial`, `<out>.tmp-<pid>/`) are removed on Ctrl-C or SIGTERM, and any left by a
 * process that was killed harder are swept by the next run: their pid names their owner.
 */
const tracked = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function onSignal(signal: NodeJS.Signals): void {
  for (const path of tracked) rmSync(path, { recursive: true, force: true });
  tracked.clear();
  for (const s of SIGNALS) process.off(s, onSignal);
  // Die of the same signal, so the shell sees why (exit status 128 + signal).
  process.kill(process.pid, signal);
}

/** Removes `paths` if the process is interrupted before the returned release is called. */
export function removeOnSignal(...paths: string[]): () => void {
  if (tracked.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  for (const p of paths) tracked.add(p);
  return () => {
    for (const p of paths) tracked.delete(p);
    if (tracked.size === 0) for (const s of SIGNALS) process.off(s, onSignal);
  };
}

/** Whether a process with this id runs (one of another user counts as running). */
export function pidRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Removes the temporary siblings of `target` that a dead process left: names made of the target's
 * name and a pid in one of the given shapes ("tmp" → `<name>.tmp-<pid>[-<n>]`, its `.wal` and its `.spill` folder, "partial"
 * → `<name>.<pid>.partial`). Returns the paths removed.
 */
export async function sweepStale(target: string, shapes: ("tmp" | "partial")[]): Promise<string[]> {
  const dir = dirname(target);
  const name = escape(basename(target));
  const patterns = shapes.map((s) =>
    s === "tmp"
      ? new RegExp(`^${name}\\.tmp-(\\d+)(-\\d+)?(\\.wal|\\.spill)?$`)
      : new RegExp(`^${name}\\.(\\d+)\\.partial$`),
  );
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries)
    for (const pattern of patterns) {
      const m = pattern.exec(entry);
      if (!m || pidRunning(Number(m[1]))) continue;
      await rm(join(dir, entry), { recursive: true, force: true });
      removed.push(join(dir, entry));
    }
  return removed;
}
