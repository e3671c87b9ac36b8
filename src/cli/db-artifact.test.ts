import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { claro } from "../../test/support/claro.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { ensureRegistry } from "../../test/support/registry.js";
import { sharedPath } from "../../test/support/shared.js";
import { LATEST_SCHEMA_VERSION } from "../store/index.js";

const FEED = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
const EPSS = sharedPath("fixtures", "vulndata", "epss", "data.csv");
const KEV = sharedPath("fixtures", "vulndata", "kev", "known_exploited_vulnerabilities.json");
const IMAGE = `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:bookworm-multilayer`;
const PORT = 5000;
/** Where start-test-registry.sh keeps the registry's storage (its STATE_DIR default). */
const STORAGE = join(
  process.env["XDG_CACHE_HOME"] || join(process.env["HOME"] ?? "/root", ".cache"),
  `test-registry-${PORT}`,
  "data",
  "docker",
  "registry",
  "v2",
);

interface Manifest {
  readonly mediaType: string;
  readonly artifactType: string;
  readonly config: { mediaType: string; digest: string; size: number };
  readonly layers: readonly { mediaType: string; digest: string; size: number }[];
  readonly annotations: Record<string, string>;
}

/** The manifest straight from the registry (token auth by hand), not through claro. */
async function registryManifest(host: string, repo: string, tag: string): Promise<{ bytes: Buffer; manifest: Manifest }> {
  const t = (await (await fetch(`http://127.0.0.1:${PORT + 1}/token?service=test-registry&scope=repository:${repo}:pull`)).json()) as { token: string };
  const res = await fetch(`http://${host}/v2/${repo}/manifests/${tag}`, {
    headers: { authorization: `Bearer ${t.token}`, accept: "application/vnd.oci.image.manifest.v1+json" },
  });
  assert.equal(res.status, 200);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { bytes, manifest: JSON.parse(bytes.toString("utf8")) as Manifest };
}

/** A blob's file in the registry's own storage: overwriting it is how a tampered registry is made. */
function storedBlob(digest: string): string {
  const hex = digest.slice("sha256:".length);
  const file = join(STORAGE, "blobs", "sha256", hex.slice(0, 2), hex, "data");
  assert.ok(existsSync(file), `registry storage not found at ${file}`);
  return file;
}

/** Every request a client makes through it, forwarded unchanged to the real registry. */
function countingProxy(target: number): Promise<{ server: Server; port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const up = request({ host: "127.0.0.1", port: target, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as AddressInfo).port, seen })));
}

/** A scan report minus its own creation time: the only field that may differ between databases. */
function comparable(stdout: string): unknown {
  const report = JSON.parse(stdout) as Record<string, unknown>;
  delete report["createdAt"];
  return report;
}

describe("claro db push / pull (real CLI, token-auth registry)", () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-db-artifact-"));
  const schema = uniqueSchema();
  const repo = `claro-test/db-${process.pid}-${Date.now().toString(36)}`;
  const source = `sqlite:${join(dir, "source.sqlite")}`;
  const pulled = `sqlite:${join(dir, "pulled.sqlite")}`;
  let host = "";
  let pg = "";
  let proxy: Awaited<ReturnType<typeof countingProxy>> | undefined;

  before(async () => {
    host = await ensureRegistry({ auth: "token" }, PORT);
    pg = withSchema(await pgTestUrl(), schema);
    proxy = await countingProxy(PORT);
    const update = await claro(["db", "update", "--db", source, "-q", "--source", `debian=${FEED}`, "--source", `epss=${EPSS}`, "--source", `kev=${KEV}`]);
    assert.equal(update.code, 0, update.stderr);
  });
  after(async () => {
    proxy?.server.close();
    rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it("pushes an OCI artifact; pulls into empty SQLite and PostgreSQL give the same scan as the source", { timeout: 600_000 }, async () => {
    const push = await claro(["db", "push", `${host}/${repo}:latest`, "--db", source]);
    assert.equal(push.code, 0, push.stderr);
    const { bytes, manifest } = await registryManifest(host, repo, "latest");
    const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    assert.equal(push.stdout, `${host}/${repo}@${digest}\n`);
    assert.match(push.stderr, /^pushed \d+ records of 3 updaters to /m);
    assert.equal(manifest.mediaType, "application/vnd.oci.image.manifest.v1+json");
    assert.equal(manifest.artifactType, "application/vnd.claro.db.v1");
    assert.deepEqual(manifest.config, {
      mediaType: "application/vnd.oci.empty.v1+json",
      digest: "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
      size: 2,
    });
    assert.equal(manifest.layers.length, 1);
    assert.equal(manifest.layers[0]!.mediaType, "application/vnd.claro.db.bundle.v1.ndjson+gzip");
    assert.equal(manifest.annotations["dev.claro.db.schema-version"], String(LATEST_SCHEMA_VERSION));
    assert.ok(!Number.isNaN(Date.parse(manifest.annotations["org.opencontainers.image.created"] ?? "")));
    // The layer is the export bundle byte for byte: gzip, as the registry stored it.
    const layer = readFileSync(storedBlob(manifest.layers[0]!.digest));
    assert.equal(layer.length, manifest.layers[0]!.size);
    assert.deepEqual([...layer.subarray(0, 2)], [0x1f, 0x8b]);

    for (const db of [pulled, pg]) {
      const pull = await claro(["db", "pull", `${host}/${repo}:latest`, "--db", db]);
      assert.equal(pull.code, 0, pull.stderr);
      assert.match(pull.stderr, new RegExp(`^pulled .*\\(${digest}, .*imported \\d+ records of 3 updaters`, "m"));
    }
    const scans = await Promise.all([source, pulled, pg].map((db) => claro(["scan", "--format", "json", "--db", db, IMAGE])));
    for (const s of scans) assert.equal(s.code, 0, s.stderr);
    const [a, b, c] = scans.map((s) => comparable(s.stdout));
    assert.ok(((a as { vulnerabilities: unknown[] }).vulnerabilities ?? []).length > 0, "the source database matched nothing: the comparison would be empty");
    assert.deepEqual(b, a);
    assert.deepEqual(c, a);
  });

  it("a second pull of the same digest downloads no blob and says up to date", { timeout: 300_000 }, async () => {
    const viaProxy = `127.0.0.1:${proxy!.port}/${repo}:latest`;
    const fresh = `sqlite:${join(dir, "fresh.sqlite")}`;
    // The proxy does see blob downloads: a first pull into an empty database fetches the layer once.
    const first = await claro(["db", "pull", viaProxy, "--db", fresh]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(proxy!.seen.filter((r) => r.startsWith(`GET /v2/${repo}/blobs/`)).length, 1, proxy!.seen.join("\n"));
    proxy!.seen.length = 0;
    for (const db of [fresh, pulled]) {
      const again = await claro(["db", "pull", viaProxy, "--db", db]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /: up to date \(sha256:[0-9a-f]{64}\)/);
    }
    assert.deepEqual(
      proxy!.seen.filter((r) => r.includes("/blobs/")),
      [],
    );
    assert.deepEqual(
      proxy!.seen.filter((r) => r.startsWith("GET ")),
      [],
      "not even the manifest body is read",
    );
    assert.ok(proxy!.seen.some((r) => r.startsWith(`HEAD /v2/${repo}/manifests/latest`)));
  });

  it("a tampered layer or manifest in the registry is refused (exit 2) and the database stays as it was", { timeout: 300_000 }, async () => {
    const empty = `sqlite:${join(dir, "empty.sqlite")}`;
    // The database's state: what `db status` shows and the artifact digest it recorded.
    const state = async (db: string): Promise<string> => {
      const r = await claro(["db", "status", "--db", db, "--format", "json"]);
      assert.equal(r.code, 0, r.stderr);
      const sqlite = new Database(db.slice("sqlite:".length), { readonly: true });
      try {
        return JSON.stringify([r.stdout, sqlite.prepare("SELECT value FROM metadata").all()]);
      } finally {
        sqlite.close();
      }
    };
    const before = { [pulled]: await state(pulled), [empty]: await state(empty) };
    assert.match(before[pulled]!, /sha256:[0-9a-f]{64}/, "the pulled database recorded no artifact");
    for (const [tag, what] of [
      ["layer", "layer"],
      ["manifest", "manifest"],
    ] as const) {
      // Each push writes a new bundle (its header names the time), so the blobs altered here are this tag's alone.
      const push = await claro(["db", "push", `${host}/${repo}:${tag}`, "--db", source, "-q"]);
      assert.equal(push.code, 0, push.stderr);
      const { manifest } = await registryManifest(host, repo, tag);
      const digest = push.stdout.trim().split("@")[1]!;
      const file = storedBlob(what === "layer" ? manifest.layers[0]!.digest : digest);
      const bytes = Buffer.from(readFileSync(file));
      if (what === "layer") {
        bytes[bytes.length >> 1]! ^= 0x01;
        writeFileSync(file, bytes);
      } else {
        // Same length, still valid JSON (the registry parses it): only the creation time's last digit changes.
        const text = bytes
          .toString("utf8")
          .replace(/("org\.opencontainers\.image\.created":"[^"]*?)(\d)Z"/, (_m, a: string, d: string) => `${a}${(Number(d) + 1) % 10}Z"`);
        assert.notEqual(text, bytes.toString("utf8"));
        writeFileSync(file, text);
      }
      // Into a database that holds an older pull, and into an empty one that a bad import would fill.
      for (const db of [pulled, empty]) {
        const pull = await claro(["db", "pull", `${host}/${repo}:${tag}`, "--db", db]);
        assert.equal(pull.code, 2, pull.stderr);
        const lines = pull.stderr
          .trim()
          .split("\n")
          .filter((l) => l.startsWith("claro: "));
        assert.match(lines[0]!, /^claro: error \[DIGEST_MISMATCH\]: /, pull.stderr);
        assert.match(lines[1]!, /^claro: hint: /);
        assert.equal(await state(db), before[db], `${what}: the database changed`);
      }
    }
  });
});
