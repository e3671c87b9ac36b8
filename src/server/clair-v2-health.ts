import { createServer } from "node:http";
import { FatalError } from "../core/problem.js";

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
    server.once("error", (e) => reject(new FatalError("CONFIG_INVALID", `cannot listen on ${listen} for /health: ${e.message}`, "choose another --health-listen address")));
    server.listen(Number(port), host, () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === "object" && addr !== null ? addr.port : Number(port),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
