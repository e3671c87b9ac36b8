import { SaxesParser } from "saxes";
import type { PackageScanner } from "../../contracts/scanner.js";
import { scanLockfiles } from "../../formats/lockfile-scan.js";
import { nugetPurl } from "./scanner.js";

/**
 * NuGet central package management: `Directory.Packages.props` (NuGet 6.2+) pins versions with
 * `<PackageVersion Include="Id" Version="1.2.3" />`; `<GlobalPackageReference>` adds a package to
 * every project (analyzers, versioning tools: private build assets, so dev). The older
 * `packages.props` of Microsoft.Build.CentralPackageVersions writes
 * `<PackageReference Update="Id" Version="…" />`. Versions may be `$(Property)` references to the
 * file's own `<PropertyGroup>`, an exact `[1.2.3]`, or a plain minimum that NuGet resolves to
 * that version when it exists; open ranges (`[1.0,2.0)`), floating versions (`1.*`) and
 * properties defined elsewhere name no single version and are skipped. `Condition`s are not
 * evaluated: every pin counts.
 */
export interface CentralPackage {
  readonly name: string;
  readonly version: string;
  readonly dev: boolean;
}

const PROPS_NAMES = new Set(["directory.packages.props", "packages.props"]);

export function isCentralPackagesFile(path: string): boolean {
  return PROPS_NAMES.has(path.slice(path.lastIndexOf("/") + 1).toLowerCase());
}

function resolveVersion(raw: string, properties: ReadonlyMap<string, string>): string | undefined {
  const v = raw.trim().replace(/\$\(([^)]+)\)/g, (whole, name: string) => properties.get(name.trim().toLowerCase()) ?? whole);
  if (v.includes("$(") || v.includes("*")) return undefined;
  const exact = /^\[\s*([^,\s\]]+)\s*\]$/.exec(v);
  if (exact) return exact[1];
  return /^[0-9][0-9A-Za-z.+-]*$/.test(v) ? v : undefined;
}

export function parsePackagesProps(xml: string): CentralPackage[] | string {
  const parser = new SaxesParser({ xmlns: false });
  const stack: string[] = [];
  const properties = new Map<string, string>();
  const pins: { name: string; version: string; dev: boolean }[] = [];
  let pending: { name: string; version: string; dev: boolean } | null = null;
  let text = "";
  let error: Error | null = null;
  parser.on("error", (e) => {
    error ??= e;
  });
  parser.on("opentag", (tag) => {
    const parent = stack[stack.length - 1];
    stack.push(tag.name);
    text = "";
    const attr = (n: string): string | undefined => {
      const v = tag.attributes[n];
      return typeof v === "string" ? v : undefined;
    };
    if (parent !== "ItemGroup") return;
    const name =
      tag.name === "PackageVersion" || tag.name === "GlobalPackageReference" ? attr("Include") : tag.name === "PackageReference" ? attr("Update") : undefined;
    if (name !== undefined && name.trim() !== "") pending = { name: name.trim(), version: attr("Version") ?? "", dev: tag.name === "GlobalPackageReference" };
  });
  const onText = (t: string): void => {
    text += t;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", (tag) => {
    stack.pop();
    const parent = stack[stack.length - 1];
    // The first definition of a property wins here; MSBuild's last-wins needs evaluation order
    // across imports that one file does not show.
    if (parent === "PropertyGroup" && !properties.has(tag.name.toLowerCase())) properties.set(tag.name.toLowerCase(), text.trim());
    else if (tag.name === "Version" && pending !== null) pending.version = text.trim();
    else if (pending !== null && stack[stack.length - 1] === "ItemGroup") {
      pins.push(pending);
      pending = null;
    }
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    return `not XML: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (error !== null) return `not XML: ${(error as Error).message}`;
  if (stack.length > 0) return "not XML: unclosed elements";
  const out: CentralPackage[] = [];
  for (const p of pins) {
    const version = resolveVersion(p.version, properties);
    if (version !== undefined) out.push({ name: p.name, version, dev: p.dev });
  }
  return out;
}

/** Versions pinned centrally for a .NET solution (Directory.Packages.props, packages.props). */
export const nugetCentralPackagesScanner: PackageScanner = {
  id: "nuget-central-packages",
  version: 1,
  kind: "package",
  wants: ["**/Directory.Packages.props", "**/directory.packages.props", "**/packages.props"],
  scan: (tree) =>
    scanLockfiles(
      tree,
      (path) => (isCentralPackagesFile(path) ? "props" : undefined),
      (_, text) => parsePackagesProps(text),
      (p, path) => ({
        name: p.name,
        version: p.version,
        type: "nuget",
        arch: null,
        source: null,
        purl: nugetPurl(p.name, p.version),
        foundIn: path,
        ...(p.dev ? { dev: true } : {}),
      }),
    ),
};
