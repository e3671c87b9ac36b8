import { createServer } from "node:http";
import { FatalError } from "../../core/problem.js";

/** Clair v2's `GET /health` (200 healthy, 503 not) on a port of its own, as its deployments probe it. */
export async function startV2Health(listen: string, healthy: () => Promise<boolean>): Promise<{ readonly port: number; close(): Promise<void> }> {
  const [host, port] = listen.split(/:(?=\d+$)/) as [string, string];
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/health") {
      res.writeHead(404).end();
      return;
    }
    healthy()
      .catch(() => false)
      .then((ok) => res.writeHead(ok ? 200 : 503, { server: "clair" }).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      const why =
        e.code === "EADDRINUSE" ? `port ${port} on ${host} is already in use (Clair v2 /health)` : `cannot listen on ${listen} for /health: ${e.message}`;
      reject(new FatalError("CONFIG_INVALID", why, "stop the process listening there, or choose another --health-listen HOST:PORT (CLARO_HEALTH_LISTEN)"));
    });
    server.listen(Number(port), host, () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === "object" && addr !== null ? addr.port : Number(port),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
