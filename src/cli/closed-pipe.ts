/**
 * A reader that closes the pipe early (`kube-census landscape | head -2`) is not an error of the
 * command: it has read what it wanted. Node's default is an unhandled EPIPE 'error' event (a stack
 * trace and exit status 1). Here the rest of that stream's output is dropped quietly and the
 * command ends as it would have — its `finally` blocks run (temporary files, spill folders, the
 * database handle), the files it was asked to write (`export --out`, `figure --svg`) are still
 * written — and it exits 0 (or its own failure status). git and seq die of SIGPIPE instead (141 in
 * the shell); Node cannot die of it without skipping that cleanup, and 0 keeps `set -o pipefail`
 * scripts that read a few lines from passing. The same holds for stderr (`export … 2>&1 | head`:
 * the export's progress lines go there). Any other error on stdout (a full disk behind `> file`)
 * is still a failure, said in one line.
 */
export function endQuietlyOnClosedPipe(
  streams: NodeJS.WriteStream[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    let closed = false;
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE" || closed) {
        closed = true;
        // why: each write after the close would raise ERR_STREAM_DESTROYED; nothing reads them
        stream.write = (() => true) as typeof stream.write;
        return;
      }
      process.exitCode = 1;
      if (stream !== process.stderr)
        process.stderr.write(`kube-census: cannot write the output: ${e.message}\n`);
    });
  }
}
