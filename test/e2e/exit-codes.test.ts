import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { claro, claroArgv } from "../support/claro.js";
import { sharedPath } from "../support/shared.js";

const alpine = `docker-archive:${sharedPath("images", "alpine-3.9.6.docker.tar")}`;
let work: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), "claro-e2e-exit-"));
});
after(() => rmSync(work, { recursive: true, force: true }));

test("an empty database is exit 2 with the command that fills it, never '0 vulnerabilities'", async () => {
  const r = await claro(["scan", "--db", `sqlite:${join(work, "empty.sqlite")}`, alpine]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /DB_EMPTY/);
  assert.match(r.stderr, /claro db update/);
  assert.doesNotMatch(r.stdout, /0 vulnerabilities/i);
});

test("--fail-on exits 1 when the policy fails, 0 when it passes; Klar's CLAIR_THRESHOLD too", async () => {
  const db = `sqlite:${join(work, "debian-policy.sqlite")}`;
  const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
  assert.equal((await claro(["db", "update", "--db", db, "--source", `debian=${feed}`])).code, 0);
  const image = `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:bookworm-multilayer`;
  const fail = await claro(["scan", "--format", "json", "--db", db, "--fail-on", "medium", image]);
  assert.equal(fail.code, 1, fail.stderr);
  assert.match(fail.stderr, /policy failed/);
  assert.ok((JSON.parse(fail.stdout) as { vulnerabilities: unknown[] }).vulnerabilities.length > 0, "the report is still written");
  const pass = await claro(["scan", "--format", "json", "--db", db, "--severity", "CRITICAL", "--fail-on", "critical", image]);
  assert.equal(pass.code, 0, pass.stderr);
  const klarFail = await claro(["scan", "--db", db, image], { CLAIR_OUTPUT: "Low", CLAIR_THRESHOLD: "5" });
  assert.equal(klarFail.code, 1, klarFail.stderr);
  const klarPass = await claro(["scan", "--db", db, image], { CLAIR_OUTPUT: "Critical", CLAIR_THRESHOLD: "0" });
  assert.equal(klarPass.code, 0, klarPass.stderr);
});

test("bad references and missing files are exit 2 with a one-line cause", async () => {
  for (const ref of [
    `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:no-such-ref`,
    "docker-archive:/nonexistent.tar",
    "oci-archive:" + sharedPath("images", "debian-bookworm.oci.tar"),
  ]) {
    const r = await claro(["sbom", ref]);
    assert.equal(r.code, 2, `${ref}: ${r.stderr}`);
    assert.match(r.stderr.split("\n")[0]!, /^claro: error \[[A-Z_]+\]: .+/);
  }
  const ambiguous = await claro(["sbom", "oci-archive:" + sharedPath("images", "debian-bookworm.oci.tar")]);
  assert.match(ambiguous.stderr, /bookworm-minbase/);
  assert.match(ambiguous.stderr, /bookworm-multilayer/);
  const usage = await claro(["scan", "--no-such-flag", alpine]);
  assert.equal(usage.code, 2, "a usage error is 'could not analyse', not a policy failure");
});

test("a truncated feed fails the update (exit 2) and the previous data stays and still matches", async () => {
  const db = `sqlite:${join(work, "debian.sqlite")}`;
  const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
  assert.equal((await claro(["db", "update", "--db", db, "--source", `debian=${feed}`])).code, 0);
  const before = JSON.parse((await claro(["db", "status", "--format", "json", "--db", db])).stdout) as { advisories: number };
  const truncated = join(work, "truncated.json");
  const body = readFileSync(feed);
  writeFileSync(truncated, body.subarray(0, Math.floor(body.length / 2)));
  const r = await claro(["db", "update", "--db", db, "--source", `debian=${truncated}`]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /debian/);
  const afterStatus = JSON.parse((await claro(["db", "status", "--format", "json", "--db", db])).stdout) as { advisories: number };
  assert.equal(afterStatus.advisories, before.advisories);
  // Re-running the same good feed is a no-op: unchanged, one read, no write.
  copyFileSync(feed, join(work, "again.json"));
  const again = await claro(["db", "update", "--db", db, "--source", `debian=${join(work, "again.json")}`]);
  assert.equal(again.code, 0);
  assert.match(again.stderr, /debian: unchanged/);
});

test("corrupt inputs are exit 2 with a one-line cause: truncated archive, corrupted layer blob", async () => {
  const truncated = join(work, "truncated.tar");
  const whole = readFileSync(sharedPath("images", "alpine-3.9.6.docker.tar"));
  writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
  const t = await claro(["sbom", `docker-archive:${truncated}`]);
  assert.equal(t.code, 2, t.stderr);
  assert.match(t.stderr.split("\n")[0]!, /^claro: error \[ARCHIVE_CORRUPT\]: /);
  assert.equal(t.stdout, "", "nothing that looks like a result is printed");

  // An OCI layout whose gzip layer has one byte flipped: the stream breaks or the digest differs.
  const layout = join(work, "layout");
  execFileSync("mkdir", ["-p", layout]);
  execFileSync("tar", ["-xf", sharedPath("images", "alpine-3.20.3.oci.tar"), "-C", layout]);
  const index = JSON.parse(readFileSync(join(layout, "index.json"), "utf8")) as { manifests: { digest: string; annotations: Record<string, string> }[] };
  const desc = index.manifests.find((m) => m.annotations["org.opencontainers.image.ref.name"] === "3.20.3")!;
  const manifest = JSON.parse(readFileSync(join(layout, "blobs", "sha256", desc.digest.slice(7)), "utf8")) as { layers: { digest: string }[] };
  const blobPath = join(layout, "blobs", "sha256", manifest.layers[0]!.digest.slice(7));
  const blob = readFileSync(blobPath);
  blob[Math.floor(blob.length / 2)]! ^= 0xff;
  chmodSync(blobPath, 0o644);
  writeFileSync(blobPath, blob);
  const c = await claro(["sbom", `oci:${layout}:3.20.3`]);
  assert.equal(c.code, 2, c.stderr);
  assert.match(c.stderr.split("\n")[0]!, /^claro: error \[(LAYER_CORRUPT|DIGEST_MISMATCH)\]: /);
  assert.equal(c.stdout, "");
});

test("a reader that closes the pipe early (`claro sbom … | head -1`) is not a crash and not exit 1", async () => {
  const { spawn } = await import("node:child_process");
  const { repoRoot } = await import("../support/shared.js");
  const child = spawn(process.execPath, [...claroArgv(), "sbom", "-q", `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:bookworm-multilayer`], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  child.stdout.once("data", () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Unhandled/);
});
