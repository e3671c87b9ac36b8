// Test helper (testdata/ is outside the lint walk): pulls var/lib/dpkg/status out of the real
// test images with the tar CLI, so tests can compare against dpkg-query on the same bytes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function readMember(archive: string, member: string): Buffer {
  return execFileSync("tar", ["-xOf", archive, member], { maxBuffer: 256 * 1024 * 1024 });
}

function layerDigests(archive: string, refName: string): string[] {
  const index = JSON.parse(readMember(archive, "index.json").toString("utf8")) as {
    manifests: { digest: string; annotations?: Record<string, string> }[];
  };
  const entry = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === refName);
  if (!entry) throw new Error(`no ref ${refName} in ${archive}`);
  const manifest = JSON.parse(readMember(archive, `blobs/sha256/${entry.digest.slice(7)}`).toString("utf8")) as {
    layers: { digest: string }[];
  };
  return manifest.layers.map((l) => l.digest);
}

/** The dpkg status file of one gzip layer, or undefined when the layer does not write it. */
function statusOfLayer(archive: string, digest: string): Buffer | undefined {
  const script = 'tar -xOf "$1" "blobs/sha256/$2" | tar -xzO var/lib/dpkg/status 2>/dev/null';
  try {
    const out = execFileSync("bash", ["-c", script, "bash", archive, digest.slice(7)], { maxBuffer: 64 * 1024 * 1024 });
    return out.length > 0 ? out : undefined;
  } catch {
    return undefined;
  }
}

/** The status file of the last layer of `refName` that has one. */
export function imageStatus(archive: string, refName: string): Buffer {
  const layers = layerDigests(archive, refName);
  for (let i = layers.length - 1; i >= 0; i--) {
    const status = statusOfLayer(archive, layers[i]!);
    if (status) return status;
  }
  throw new Error(`no var/lib/dpkg/status in ${refName}`);
}

/** Writes `status` as an admindir for `dpkg-query --admindir` and returns the directory. */
export function adminDirWith(status: Buffer | string): string {
  const dir = mkdtempSync(join(tmpdir(), "claro-dpkg-"));
  mkdirSync(join(dir, "info"), { recursive: true });
  mkdirSync(join(dir, "updates"), { recursive: true });
  writeFileSync(join(dir, "status"), status);
  writeFileSync(join(dir, "available"), "");
  // Format 1 = multiarch layout (`<pkg>:<arch>.list`); without it dpkg looks for `<pkg>.list`.
  writeFileSync(join(dir, "info", "format"), "1\n");
  return dir;
}

/** dpkg-query's view of a status file: one `fields` line per package, sorted as dpkg-query prints. */
export function dpkgQuery(status: Buffer | string, format: string): string[] {
  const dir = adminDirWith(status);
  const out = execFileSync("dpkg-query", [`--admindir=${dir}`, "-W", "-f", format], { encoding: "utf8" });
  return out.split("\n").filter((l) => l !== "");
}
