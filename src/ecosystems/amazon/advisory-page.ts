import { z } from "zod";
import { rpmVersion } from "../../formats/rpm/version.js";

/** What an ALAS advisory page adds to its RSS item: the fixed packages and the prose. */
export interface AlasPage {
  /** The id in the page heading; AL2023 pages say `ALAS2023-2023-126` where the RSS says `ALAS-2023-126`. */
  readonly headingId: string | null;
  /** Capitalised as shown (`Critical`, `Important`); null when the page has no severity block. */
  readonly severity: string | null;
  readonly cves: readonly string[];
  readonly description: string | null;
  /** Packages of the `New Packages` block, one per (name, kind). */
  readonly fixed: readonly FixedPackage[];
}

export interface FixedPackage {
  readonly name: string;
  /** `source` for the block's `src:` builds (the SRPM name), `binary` for every architecture. */
  readonly kind: "source" | "binary";
  /** `[epoch:]version-release`. */
  readonly evr: string;
}

const fixedPackage = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.+-]+$/),
  kind: z.enum(["source", "binary"]),
  evr: z.string().regex(/^(?:[0-9]+:)?[^\s:-][^\s:]*-[^\s:-]+$/),
});

/**
 * Reads an ALAS advisory page. The page is HTML, not XML (`<!doctype html>`, `&nbsp;`, `&#169`
 * without `;`), so a SAX XML parser would reject it; instead the few blocks the page template
 * marks with ids (`severity`, `references`, `issue_overview`, `new_packages`) are cut out and
 * their text read, and every derived value is validated. Returns a string describing the fault
 * when the page has no `New Packages` block (no fix to match on).
 */
export function parseAlasPage(html: string): AlasPage | string {
  const block = (id: string): string | null => {
    const m = new RegExp(`<div[^>]*\\bid=['"]${id}['"][^>]*>([\\s\\S]*?)</div>`, "i").exec(html);
    return m ? m[1]! : null;
  };
  const newPackages = block("new_packages");
  if (newPackages === null) return "no 'New Packages' block";
  const pre = /<pre[^>]*>([\s\S]*?)<\/pre>/i.exec(newPackages)?.[1] ?? newPackages;
  const fixed = parseNewPackages(pre);
  if (typeof fixed === "string") return fixed;
  const severityText = block("severity");
  const severity =
    severityText === null
      ? null
      : textOf(severityText)
          .replace(/^Severity:\s*/i, "")
          .trim() || null;
  const references = block("references") ?? "";
  const overview = block("issue_overview");
  const heading = /<h1[^>]*>\s*([^<]+?)\s*<\/h1>/i.exec(html)?.[1] ?? null;
  return {
    headingId: heading && /^ALAS[A-Z0-9.-]*$/.test(heading) ? heading : null,
    severity,
    cves: [...new Set([...references.matchAll(/CVE-[0-9]{4}-[0-9]+/g)].map((m) => m[0]))],
    description: overview === null ? null : textOf(overview.replace(/<b>\s*Issue Overview:\s*<\/b>/i, "")).trim() || null,
    fixed,
  };
}

/** `x86_64:<br />&nbsp;&nbsp;&nbsp; kernel-4.9.76-38.79.amzn2.x86_64<br />…` → packages. */
function parseNewPackages(pre: string): FixedPackage[] | string {
  const lines = decodeEntities(pre.replace(/<br\s*\/?>/gi, "\n").replace(/<[^>]+>/g, ""))
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const byName = new Map<string, FixedPackage>();
  let arch: string | null = null;
  for (const line of lines) {
    const header = /^([A-Za-z0-9_]+):$/.exec(line);
    if (header) {
      arch = header[1]!;
      continue;
    }
    if (arch === null) return `package '${line}' before any architecture heading`;
    const nevra = parseNevra(line, arch);
    // A `src` build names the SRPM, not an installable package: it is kept (vunnel lists it too)
    // but as a source record, which the binary-name matcher never queries.
    const checked = fixedPackage.safeParse(nevra && { ...nevra, kind: arch === "src" ? "source" : "binary" });
    if (!checked.success) return `cannot read package '${line}' under '${arch}'`;
    const key = `${checked.data.kind} ${checked.data.name}`;
    const seen = byName.get(key);
    // One name, one fix: architectures normally share a build; should they differ, the lowest EVR
    // is kept, so no architecture's fixed build is reported as still vulnerable.
    if (seen === undefined || rpmVersion.compare(checked.data.evr, seen.evr) < 0) byName.set(key, checked.data);
  }
  if (![...byName.values()].some((p) => p.kind === "binary")) return "the 'New Packages' block lists no binary package";
  return [...byName.values()];
}

/**
 * `kernel-doc-4.9.76-38.79.amzn2.noarch` under `noarch` → kernel-doc, 4.9.76-38.79.amzn2.
 * The epoch, when the page shows one, is either a prefix (`1:openssl-…`) or before the version
 * (`openssl-1:1.0.2k-…`).
 */
export function parseNevra(text: string, arch: string): { name: string; evr: string } | null {
  let rest = text.endsWith(`.${arch}`) ? text.slice(0, -arch.length - 1) : text;
  let epoch: string | null = null;
  const prefix = /^([0-9]+):(.*)$/.exec(rest);
  if (prefix) {
    epoch = prefix[1]!;
    rest = prefix[2]!;
  }
  const r = rest.lastIndexOf("-");
  const v = r > 0 ? rest.lastIndexOf("-", r - 1) : -1;
  if (v <= 0) return null;
  const name = rest.slice(0, v);
  let version = rest.slice(v + 1, r);
  const inner = /^([0-9]+):(.*)$/.exec(version);
  if (inner) {
    epoch ??= inner[1]!;
    version = inner[2]!;
  }
  const evr = `${epoch !== null && epoch !== "0" ? `${epoch}:` : ""}${version}-${rest.slice(r + 1)}`;
  return { name, evr };
}

function textOf(html: string): string {
  const spaced = html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/p>\s*<p[^>]*>/gi, "\n\n")
    .replace(/<[^>]+>/g, "");
  return decodeEntities(spaced)
    .split("\n")
    .map((l) => l.replace(/\s+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n");
}

const NAMED: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);?/g, (whole, ref: string) => {
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}
