import { spawn, type ChildProcess } from "node:child_process";
import { createServer, request, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { claroArgv } from "../support/claro.js";
import { repoRoot } from "../support/shared.js";

const ACCEPT = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** One real `claro serve` process. */
export interface ServeInstance {
  readonly name: string;
  readonly base: string;
  readonly child: ChildProcess;
  /** stdout + stderr so far (pino logs), for failure messages. */
  log(): string;
  readonly exited: Promise<number | null>;
}

/** Spawns the CLI as test/support/claro.ts does and waits for /readyz. */
export async function startServe(
  name: string,
  db: string,
  env: NodeJS.ProcessEnv = {},
  extra: readonly string[] = ["--update-period", "0"],
): Promise<ServeInstance> {
  const [port, health] = [await freePort(), await freePort()];
  const args = [...claroArgv(), "serve", "--db", db, "--listen", `127.0.0.1:${port}`, "--health-listen", `127.0.0.1:${health}`, ...extra];
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) break;
    if (
      await fetch(`${base}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      )
    )
      return { name, base, child, log: () => out, exited };
    await sleep(100);
  }
  child.kill("SIGKILL");
  throw new Error(`${name} never became ready:\n${out}`);
}

/** Sum of a Prometheus counter's series whose labels include `labels`. */
export async function metric(base: string, name: string, labels: Readonly<Record<string, string>> = {}): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = m[2] ?? "";
    if (Object.entries(labels).every(([k, v]) => got.includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * A loopback relay in front of the real registry. While `holding`, each blob GET gets its headers
 * and the first half of the real body at once, then nothing more until `release()`: indexing on
 * the far side is deterministically stuck in the middle of a layer download.
 */
export class SlowBlobRelay {
  holding = false;
  /** Blob GETs seen, in order, by path. */
  readonly blobGets: string[] = [];
  private held = 0;
  private gate: { promise: Promise<void>; open: () => void } = SlowBlobRelay.newGate();
  private server: Server | null = null;
  host = "";

  constructor(private readonly upstream: string) {}

  private static newGate(): { promise: Promise<void>; open: () => void } {
    let open = (): void => undefined;
    const promise = new Promise<void>((r) => (open = r));
    return { promise, open };
  }

  async start(): Promise<void> {
    const [upHost, upPort] = this.upstream.split(":") as [string, string];
    this.server = createServer((req, res) => {
      const isBlob = req.method === "GET" && /\/blobs\/sha256:/.test(req.url ?? "");
      if (isBlob) this.blobGets.push(req.url ?? "");
      const hold = isBlob && this.holding;
      const gate = this.gate.promise;
      const up = request(
        { host: upHost, port: Number(upPort), method: req.method, path: req.url, headers: { ...req.headers, host: this.upstream } },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          if (!hold) return void upRes.pipe(res);
          const chunks: Buffer[] = [];
          upRes.on("data", (c: Buffer) => chunks.push(c));
          upRes.on("end", () => {
            const body = Buffer.concat(chunks);
            res.write(body.subarray(0, body.length >> 1));
            this.held += 1;
            void gate.then(() => res.end(body.subarray(body.length >> 1)));
          });
        },
      );
      up.on("error", () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.host = `127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** Blob responses stuck halfway so far (released ones included). */
  get heldCount(): number {
    return this.held;
  }

  /** Resolves once `n` more blob responses than `since` are stuck halfway. */
  waitHeld(since: number, n = 1): Promise<true> {
    return until(`${n} held blob download(s)`, async () => this.held >= since + n);
  }

  /** Lets every held response finish and stops holding new ones. */
  release(): void {
    this.holding = false;
    this.gate.open();
    this.gate = SlowBlobRelay.newGate();
  }

  async close(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export interface ClairManifestJson {
  hash: string;
  layers: { hash: string; uri: string; headers: Record<string, string[]>; media_type: string }[];
}

/**
 * The Clair manifest a client (clairctl) sends for an image of the token-auth registry: layer
 * URIs on `blobHost` (the registry itself or a relay in front of it), with a pull token.
 */
export async function clairManifest(registry: string, repo: string, ref: string, blobHost = registry): Promise<ClairManifestJson> {
  const [, port] = registry.split(":") as [string, string];
  const tokenRes = await fetch(`http://127.0.0.1:${Number(port) + 1}/token?service=test-registry&scope=repository:${repo}:pull`);
  const token = ((await tokenRes.json()) as { token: string }).token;
  const headers = { accept: ACCEPT, authorization: `Bearer ${token}` };
  let res = await fetch(`http://${registry}/v2/${repo}/manifests/${ref}`, { headers });
  type Doc = { manifests?: { digest: string; platform?: { architecture: string } }[]; layers?: { digest: string; mediaType: string }[] };
  let doc = (await res.json()) as Doc;
  let digest = res.headers.get("docker-content-digest") ?? "";
  if (doc.manifests) {
    const m = doc.manifests.find((x) => x.platform?.architecture === "amd64") ?? doc.manifests[0]!;
    res = await fetch(`http://${registry}/v2/${repo}/manifests/${m.digest}`, { headers });
    doc = (await res.json()) as Doc;
    digest = m.digest;
  }
  const mediaType = (t: string): string => (t.endsWith("zstd") ? "application/vnd.oci.image.layer.v1.tar+zstd" : "application/vnd.oci.image.layer.v1.tar+gzip");
  return {
    hash: digest,
    layers: (doc.layers ?? []).map((l) => ({
      hash: l.digest,
      uri: `http://${blobHost}/v2/${repo}/blobs/${l.digest}`,
      headers: { Authorization: [`Bearer ${token}`] },
      media_type: mediaType(l.mediaType),
    })),
  };
}

export function postIndex(base: string, manifest: ClairManifestJson): Promise<Response> {
  return fetch(`${base}/indexer/api/v1/index_report`, {
    method: "POST",
    headers: { "content-type": "application/vnd.clair.manifest.v1+json" },
    body: JSON.stringify(manifest),
  });
}
