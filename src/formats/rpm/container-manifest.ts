import type { Problem } from "../../core/problem.js";
import { sourceNameFromSrpm, type RpmPackage } from "./package.js";

/** Where CBL-Mariner / Azure Linux distroless images list their packages instead of an rpmdb. */
export const CONTAINER_MANIFEST_PATH = "var/lib/rpmmanifest/container-manifest-2";

/**
 * Reads `container-manifest-2`: one package per line, tab-separated as
 * `name, version-release, install time, build time, vendor, epoch, size, arch, checksum, source rpm`
 * (the `rpm -qa --qf` output Mariner's image build writes). A short or garbled line is a problem;
 * the rest are still listed.
 */
export function parseContainerManifest(text: string, path: string): { packages: RpmPackage[]; problems: Problem[] } {
  const packages: RpmPackage[] = [];
  const problems: Problem[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const f = line.split("\t");
    const [name, vr, , , vendor, epoch, size, arch, , srpm] = f;
    const dash = vr?.lastIndexOf("-") ?? -1;
    if (f.length < 10 || !name || !vr || dash <= 0 || dash === vr.length - 1) {
      problems.push({ kind: "malformed-record", path, line: i + 1, detail: "expected 10 tab-separated fields with version-release" });
      return;
    }
    const sourceRpm = srpm && srpm !== "(none)" ? srpm : null;
    packages.push({
      name,
      epoch: epoch && /^\d+$/.test(epoch) && epoch !== "0" ? Number(epoch) : null,
      version: vr.slice(0, dash),
      release: vr.slice(dash + 1),
      arch: arch && arch !== "(none)" ? arch : null,
      sourceRpm,
      sourceName: (sourceRpm ? sourceNameFromSrpm(sourceRpm) : null) ?? name,
      vendor: vendor && vendor !== "(none)" ? vendor : null,
      modularityLabel: null,
      license: null,
      size: size && /^\d+$/.test(size) ? Number(size) : null,
    });
  });
  return { packages, problems };
}
