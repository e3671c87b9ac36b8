import type { PackageFix, Remediation, RemediationGroup } from "./remediation.js";

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const OS_UPGRADE: Readonly<Record<string, string>> = { deb: "apt-get upgrade", apk: "apk upgrade", rpm: "dnf upgrade" };

/** The one-line advice for a group, shared by the table and the HTML report. */
export function groupHeading(g: RemediationGroup): string {
  const where = g.layers.length === 1 ? `layer ${g.position}` : `layers ${g.position}–${g.position + g.layers.length - 1}`;
  if (g.kind === "base") {
    const tool = [...new Set(g.packages.map((p) => OS_UPGRADE[p.type]).filter((t): t is string => t !== undefined))].join("`/`");
    const how = tool === "" ? "upgrade" : `\`${tool}\``;
    const name = g.baseImage === null ? "" : ` ${g.baseImage}`;
    const these = g.packages.length === 1 ? "this package" : `these ${g.packages.length} packages`;
    return `Base image (${where}): upgrade the base image${name}, or ${how} ${these}`;
  }
  return `Your ${where}: ${g.createdBy ?? "(no history entry)"}`;
}

export function fixLine(p: PackageFix): string {
  const where = p.manifest === null ? "" : ` in ${p.manifest}`;
  return `${p.name} ${p.version} → ${p.fixedVersion}${where} (${p.type}; removes ${plural(p.findings, "finding", "findings")}, highest ${p.highestSeverity.toUpperCase()})`;
}

/** `claro scan --show remediation`: the table report's remediation section. */
export function renderRemediationText(r: Remediation): string {
  const out = ["Remediation by layer", "===================="];
  if (r.groups.length === 0) out.push("No finding has a fix yet.");
  for (const g of r.groups) {
    out.push("", groupHeading(g));
    if (g.command !== null) out.push(`  $ ${g.command}`);
    for (const p of g.packages) out.push(`  ${fixLine(p)}`);
  }
  if (r.unfixable.length > 0) {
    out.push("", `Without a fix (${r.unfixable.length}):`);
    for (const u of r.unfixable) out.push(`  ${u.id} ${u.package.name} ${u.package.version} (${u.status}, ${u.severity.toUpperCase()})`);
  }
  return `${out.join("\n")}\n`;
}
