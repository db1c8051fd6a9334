import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".csv": "text/csv",
};

/**
 * Serves a built site on 127.0.0.1 with clean URLs (/challenges → challenges.html), as a host would.
 * With `gzip`, every response goes gzipped to a client that accepts it, as GitHub Pages or Netlify
 * send it: the bench's throttled phone profile then downloads what a phone would (the tests count
 * uncompressed bytes, so they leave it off).
 */
export async function serveStatic(
  root: string,
  { gzip = false }: { gzip?: boolean } = {},
): Promise<{ url: string; server: Server; bytesServed: () => number }> {
  let served = 0;
  const gzipped = new Map<string, Buffer>();
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    const candidates = path.endsWith("/")
      ? [join(root, path, "index.html")]
      : [join(root, path), join(root, `${path}.html`)];
    for (const file of candidates) {
      if (!file.startsWith(root)) break;
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile()) {
        if (gzip && /\bgzip\b/.test(String(req.headers["accept-encoding"]))) {
          if (!gzipped.has(file)) gzipped.set(file, gzipSync(await readFile(file), { level: 9 }));
          const body = gzipped.get(file)!;
          res.writeHead(200, {
            "content-type": TYPES[extname(file)] ?? "application/octet-stream",
            "content-encoding": "gzip",
            "content-length": body.length,
          });
          served += body.length;
          res.end(body);
          return;
        }
        res.writeHead(200, {
          "content-type": TYPES[extname(file)] ?? "application/octet-stream",
          "content-length": info.size,
        });
        served += info.size;
        createReadStream(file).pipe(res);
        return;
      }
    }
    res.writeHead(404).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    bytesServed: () => served,
  };
}
