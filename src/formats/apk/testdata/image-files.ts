// Test-only: pulls single files out of the shared test images with the `tar` CLI, so tests read
// the real package databases rather than copies.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sharedPath } from "../../../../test/support/shared.js";

function tarOut(archive: string, member: string): Buffer {
  return execFileSync("tar", ["-xOf", archive, member], { maxBuffer: 64 * 1024 * 1024 });
}

/** Extracts `member` from a layer tar (possibly gzip) into a fresh temp dir and reads it. */
function fromLayer(layer: Buffer, member: string, gzip: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), "claro-apk-"));
  const layerPath = join(dir, gzip ? "layer.tar.gz" : "layer.tar");
  writeFileSync(layerPath, layer);
  // Layers spell names `./lib/…` or `lib/…`: find the stored spelling first.
  const names = execFileSync("tar", [gzip ? "-tzf" : "-tf", layerPath], { maxBuffer: 64 * 1024 * 1024 })
    .toString("utf8")
    .split("\n");
  const stored = names.find((n) => n.replace(/^\.\//, "") === member);
  if (stored === undefined) throw new Error(`${member} not in layer`);
  execFileSync("tar", [gzip ? "-xzf" : "-xf", layerPath, "-C", dir, stored]);
  return readFileSync(join(dir, member), "utf8");
}

/** A file of the single-layer `alpine-3.9.6.docker.tar` (docker-archive, uncompressed layer). */
export function alpine396File(member: string): string {
  const archive = sharedPath("images", "alpine-3.9.6.docker.tar");
  const manifest = JSON.parse(tarOut(archive, "manifest.json").toString("utf8")) as { Layers: string[] }[];
  const layer = manifest[0]!.Layers[0]!;
  return fromLayer(tarOut(archive, layer), member, false);
}

/** A file of the `3.20.3` (gzip) ref of `alpine-3.20.3.oci.tar`. */
export function alpine3203File(member: string): string {
  const archive = sharedPath("images", "alpine-3.20.3.oci.tar");
  const blob = (d: string): Buffer => tarOut(archive, `blobs/sha256/${d.replace("sha256:", "")}`);
  const index = JSON.parse(tarOut(archive, "index.json").toString("utf8")) as {
    manifests: { digest: string; annotations?: Record<string, string> }[];
  };
  const ref = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === "3.20.3");
  if (!ref) throw new Error("ref 3.20.3 not in alpine-3.20.3.oci.tar");
  const manifest = JSON.parse(blob(ref.digest).toString("utf8")) as { layers: { digest: string }[] };
  return fromLayer(blob(manifest.layers[0]!.digest), member, true);
}
