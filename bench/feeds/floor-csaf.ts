// The CSAF VEX floor's rows (see floor.ts): the archive inflated and walked with the same
// synchronous zstd and tar readers claro uses (reading, not validating), each member parsed with
// JSON.parse, its product ids resolved through the relationships to a stream CPE and an rpm purl,
// one row per (namespace, source package) as claro writes them. No schema, no ranking of two
// states for one package (the first wins), no CVSS or impact lookups beyond the first.
import { fileSlices } from "../../src/formats/feed-file.js";
import { tarMembers } from "../../src/formats/tar-members.js";
import { zstdSlices } from "../../src/formats/zstd-slices.js";

type Row = (string | null)[];
interface Branch {
  product?: { product_id: string; product_identification_helper?: { cpe?: string; purl?: string } };
  branches?: Branch[];
}
interface Doc {
  document: { aggregate_severity?: { text: string } };
  product_tree: {
    branches?: Branch[];
    relationships?: { full_product_name: { product_id: string }; product_reference: string; relates_to_product_reference: string }[];
  };
  vulnerabilities: {
    cve?: string;
    notes?: { category: string; text: string }[];
    product_status?: Record<string, string[]>;
    scores?: { cvss_v3?: { vectorString: string; baseScore: number } }[];
    references?: { category: string; url: string }[];
  }[];
}

const CPE = /^cpe:\/[aho]:redhat:(enterprise_linux|rhel_els|rhel_eus|rhel_aus|rhel_e4s|rhel_tus):(\d+)(?:\.(\d+))?/;
const PURL = /^pkg:rpm\/[^/]+\/([^@?]+)(?:@([^?]+))?\?arch=([^&]+)(?:&rpmmod=([^:]+):([^:&]+))?/;

function namespaceOf(cpe: string): string | null {
  const m = CPE.exec(cpe);
  if (!m) return null;
  if (m[1] === "enterprise_linux") return `rhel:${m[2]}`;
  if (m[1] === "rhel_els") return `rhel-els:${m[2]}`;
  return m[3] === undefined ? null : `rhel-${m[1]!.slice(5)}:${m[2]}.${m[3]}`;
}

export function* csafRows(source: string): Generator<Row> {
  for (const m of tarMembers(zstdSlices(fileSlices(source), source), source)) {
    const doc = JSON.parse(m.data.toString("utf8")) as Doc;
    const helpers = new Map<string, { cpe?: string; purl?: string }>();
    const walk = (bs: Branch[] | undefined): void =>
      bs?.forEach((b) => (b.product && helpers.set(b.product.product_id, b.product.product_identification_helper ?? {}), walk(b.branches)));
    walk(doc.product_tree.branches);
    const rels = new Map((doc.product_tree.relationships ?? []).map((r) => [r.full_product_name.product_id, r] as const));
    const severity = doc.document.aggregate_severity?.text ?? null;
    for (const v of doc.vulnerabilities) {
      const cvss = v.scores?.[0]?.cvss_v3
        ? JSON.stringify([{ version: "3.1", vector: v.scores[0].cvss_v3.vectorString, score: v.scores[0].cvss_v3.baseScore, source: "redhat" }])
        : "[]";
      const description = v.notes?.find((n) => n.category === "description")?.text ?? null;
      const links = JSON.stringify((v.references ?? []).filter((r) => r.category === "self").map((r) => r.url));
      const seen = new Set<string>();
      for (const [list, status] of [
        ["fixed", "fixed"],
        ["known_affected", "affected"],
        ["known_not_affected", "not_affected"],
      ] as const) {
        for (const id of v.product_status?.[list] ?? []) {
          const rel = rels.get(id);
          const ns = rel ? namespaceOf(helpers.get(rel.relates_to_product_reference)?.cpe ?? "") : null;
          const p = rel ? PURL.exec(helpers.get(rel.product_reference)?.purl ?? "") : null;
          // Source rpms only: in these documents every binary has its src rpm beside it.
          if (ns === null || !p || p[3] !== "src") continue;
          const name = p[4] ? `${p[4]}:${p[5]}::${p[1]}` : p[1]!;
          const key = `${ns}\0${name}`;
          if (seen.has(key)) continue;
          seen.add(key);
          yield [
            "rhel",
            v.cve ?? "",
            "[]",
            ns,
            name,
            "source",
            "rpm",
            status,
            status === "fixed" ? (p[2] ?? null) : null,
            null,
            severity?.toLowerCase() ?? "unknown",
            severity,
            cvss,
            description,
            links,
            null,
          ];
        }
      }
    }
  }
}
