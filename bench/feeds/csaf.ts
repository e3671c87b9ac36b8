// Red Hat's CSAF VEX archive at today's size: `csaf_vex_<date>.tar.zst` holding 30,000
// `<year>/cve-<year>-<n>.json` documents (Red Hat ships one per CVE). Each document takes the
// shape of the fixture CSAF files (fixtures/vulndata/redhat/csaf-advisories, vunnel's real
// samples): pretty-printed with 2 spaces, a product tree of RHEL stream products (main, EUS, AUS,
// E4S, ELS CPEs) and other products (OpenShift, Satellite: claro drops those) with src and
// per-arch binary rpm components joined by default_component_of relationships; one vulnerability
// with fixed / known_affected / known_not_affected product ids, vendor_fix remediations naming an
// RHSA, none_available ("Affected", "Deferred") and no_fix_planned ("Will not fix", "Out of support
// scope") ones, an impact threat, CVSS v3 scores, and some modular components (`rpmmod=`).
// Seed 1: 30,000 documents of 53 KB on average (one in twenty kernel-sized, up to ~500 KB),
// 1.6 GB inflated, 71 MB as .tar.zst (level 3); claro maps them to 163,044 records.
import { createWriteStream, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import tarStream from "tar-stream";
import { CompressStream } from "zstd-napi";
import { sharedPath } from "../../test/support/shared.js";
import { packageName, prose, seededRng, version, type Rng } from "./rng.js";

export interface CsafFeedOptions {
  readonly seed?: number;
  /** VEX documents; 30,000 is today's archive. */
  readonly documents?: number;
}

interface Stream {
  readonly id: string;
  readonly name: string;
  readonly cpe: string;
  readonly el: string;
}

// Fix streams (products that ship rpms with versions) and the major-only products unfixed states are filed under.
const FIX_STREAMS: readonly Stream[] = [
  { id: "AppStream-10.0.Z", name: "Red Hat Enterprise Linux AppStream (v. 10)", cpe: "cpe:/a:redhat:enterprise_linux:10::appstream", el: "el10_0" },
  { id: "BaseOS-10.0.Z", name: "Red Hat Enterprise Linux BaseOS (v. 10)", cpe: "cpe:/o:redhat:enterprise_linux:10::baseos", el: "el10_0" },
  { id: "AppStream-9.6.0.Z.MAIN", name: "Red Hat Enterprise Linux AppStream (v. 9)", cpe: "cpe:/a:redhat:enterprise_linux:9::appstream", el: "el9_6" },
  { id: "BaseOS-9.6.0.Z.MAIN", name: "Red Hat Enterprise Linux BaseOS (v. 9)", cpe: "cpe:/o:redhat:enterprise_linux:9::baseos", el: "el9_6" },
  { id: "AppStream-9.4.0.Z.EUS", name: "Red Hat Enterprise Linux AppStream EUS (v.9.4)", cpe: "cpe:/a:redhat:rhel_eus:9.4::appstream", el: "el9_4" },
  { id: "AppStream-9.2.0.Z.E4S", name: "Red Hat Enterprise Linux AppStream E4S (v.9.2)", cpe: "cpe:/a:redhat:rhel_e4s:9.2::appstream", el: "el9_2" },
  { id: "AppStream-8.10.0.Z.MAIN.EUS", name: "Red Hat Enterprise Linux AppStream (v. 8)", cpe: "cpe:/a:redhat:enterprise_linux:8::appstream", el: "el8_10" },
  { id: "BaseOS-8.10.0.Z.MAIN.EUS", name: "Red Hat Enterprise Linux BaseOS (v. 8)", cpe: "cpe:/o:redhat:enterprise_linux:8::baseos", el: "el8_10" },
  { id: "BaseOS-8.6.0.Z.TUS", name: "Red Hat Enterprise Linux BaseOS TUS (v.8.6)", cpe: "cpe:/o:redhat:rhel_tus:8.6::baseos", el: "el8_6" },
  { id: "BaseOS-8.4.0.Z.AUS", name: "Red Hat Enterprise Linux BaseOS AUS (v.8.4)", cpe: "cpe:/o:redhat:rhel_aus:8.4::baseos", el: "el8_4" },
  { id: "7Server-ELS", name: "Red Hat Enterprise Linux Server - Extended Life Cycle Support (v. 7)", cpe: "cpe:/o:redhat:rhel_els:7", el: "el7_9" },
];
const MAJORS: readonly Stream[] = ["6", "7", "8", "9", "10"].map((m) => ({
  id: `red_hat_enterprise_linux_${m}`,
  name: `Red Hat Enterprise Linux ${m}`,
  cpe: `cpe:/o:redhat:enterprise_linux:${m}`,
  el: `el${m}`,
}));
const OTHERS: readonly Stream[] = [
  { id: "red_hat_openshift_container_platform_4", name: "Red Hat OpenShift Container Platform 4", cpe: "cpe:/a:redhat:openshift:4", el: "rhaos4" },
  { id: "red_hat_satellite_6", name: "Red Hat Satellite 6", cpe: "cpe:/a:redhat:satellite:6", el: "el8sat" },
  { id: "red_hat_software_collections", name: "Red Hat Software Collections", cpe: "cpe:/a:redhat:rhel_software_collections:3", el: "el7" },
];
const ARCHES = ["aarch64", "ppc64le", "s390x", "x86_64"] as const;
const SUFFIXES = ["", "-devel", "-libs", "-debuginfo", "-debugsource", "-tools", "-doc", "-static", "-utils", "-common", "-headers", "-client"];
const IMPACTS = ["Low", "Moderate", "Important", "Critical"];
const AFFECTED = [
  ["none_available", "Affected"],
  ["none_available", "Deferred"],
  ["no_fix_planned", "Will not fix"],
  ["no_fix_planned", "Out of support scope"],
] as const;
const VECTORS = [
  "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
  "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
  "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H",
  "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N",
  "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:N/I:N/A:H",
];

/** Real descriptions from the fixture documents, so lengths and wording look like Red Hat's. */
function sampleDescriptions(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const n of readdirSync(dir)) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".json")) {
        const doc = JSON.parse(readFileSync(p, "utf8")) as { vulnerabilities: { notes?: { category: string; text: string }[] }[] };
        for (const v of doc.vulnerabilities) for (const n2 of v.notes ?? []) if (n2.category === "description") out.push(n2.text);
      }
    }
  };
  walk(sharedPath("fixtures", "vulndata", "redhat", "csaf-advisories"));
  return out;
}

interface Product {
  readonly product: { name: string; product_id: string; product_identification_helper: { cpe?: string; purl?: string } };
}
const product = (id: string, name: string, helper: { cpe?: string; purl?: string }): Product => ({
  product: { name, product_id: id, product_identification_helper: helper },
});

/** One VEX document for `cve`; answers its JSON text. */
function vexDocument(rng: Rng, cve: string, year: number, names: readonly string[], descriptions: readonly string[]): string {
  const platforms = new Map<string, Stream>();
  const components = new Map<string, Product>();
  const relationships: unknown[] = [];
  const status = { fixed: [] as string[], known_affected: [] as string[], known_not_affected: [] as string[] };
  const remediations: unknown[] = [];
  const relate = (platform: Stream, componentId: string): string => {
    platforms.set(platform.id, platform);
    const full = `${platform.id}:${componentId}`;
    relationships.push({
      category: "default_component_of",
      full_product_name: { name: `${componentId} as a component of ${platform.name}`, product_id: full },
      product_reference: componentId,
      relates_to_product_reference: platform.id,
    });
    return full;
  };
  // A CVE touches one to three source packages; the same packages recur across CVEs, as kernel does.
  // One in twenty is a kernel-sized document: many subpackages, fixed in many streams.
  const heavy = rng.chance(0.05);
  const picked = new Set(Array.from({ length: rng.chance(0.3) ? 2 : 1 }, () => rng.pick(names)));
  for (const name of picked) {
    const module = rng.chance(0.1) ? `${name}:${rng.int(1, 20)}` : null;
    const upstream = version(rng);
    const fixed = FIX_STREAMS.filter(() => rng.chance(heavy ? 0.4 : 0.12));
    for (const s of fixed) {
      const vr = `${upstream}-${rng.int(1, 40)}.${module ? `module+${s.el}.0+${rng.int(10000, 99999)}+${rng.int(0, 0xffffff).toString(16)}` : s.el}`;
      const mod = module ? `&rpmmod=${module}:${rng.int(8000000, 9999999)}:${rng.int(0, 0xffffff).toString(16)}` : "";
      const ids: string[] = [];
      const src = `${name}-0:${vr}.src`;
      components.set(src, product(src, src, { purl: `pkg:rpm/redhat/${name}@${vr}?arch=src${mod}` }));
      ids.push(relate(s, src));
      for (const suffix of SUFFIXES.slice(0, heavy ? SUFFIXES.length : rng.int(1, 4))) {
        for (const arch of ARCHES) {
          const bin = `${name}${suffix}-0:${vr}.${arch}`;
          components.set(bin, product(bin, bin, { purl: `pkg:rpm/redhat/${name}${suffix}@${vr}?arch=${arch}${mod}` }));
          ids.push(relate(s, bin));
        }
      }
      status.fixed.push(...ids);
      remediations.push({
        category: "vendor_fix",
        date: `${year}-0${rng.int(1, 9)}-1${rng.int(0, 9)}T12:00:00+00:00`,
        details:
          "For details on how to apply this update, which includes the changes described in this advisory, refer to:\n\nhttps://access.redhat.com/articles/11258",
        product_ids: ids,
        url: `https://access.redhat.com/errata/RHSA-${year}:${rng.int(1000, 9999)}`,
      });
    }
    // Majors without a fix in this document: an unfixed state, or not affected, for the unversioned component.
    const unversioned = module ? `${module}/${name}` : name;
    components.set(unversioned, product(unversioned, unversioned, { purl: `pkg:rpm/redhat/${name}?arch=src${module ? `&rpmmod=${module}` : ""}` }));
    for (const m of MAJORS) {
      if (fixed.some((s) => s.cpe.includes(`:${m.id.split("_").at(-1)}:`) && s.cpe.includes("enterprise_linux")) || rng.chance(0.35)) continue;
      const id = relate(m, unversioned);
      if (rng.chance(0.3)) status.known_not_affected.push(id);
      else {
        status.known_affected.push(id);
        const [category, details] = rng.pick(AFFECTED);
        remediations.push({ category, details, product_ids: [id] });
      }
    }
    for (const o of OTHERS) if (rng.chance(0.3)) status.known_not_affected.push(relate(o, unversioned));
  }
  const impact = rng.pick(IMPACTS);
  const vector = rng.pick(VECTORS);
  const all = [...status.fixed, ...status.known_affected, ...status.known_not_affected];
  const description = rng.chance(0.3) ? rng.pick(descriptions) : `A flaw was found in the component. ${prose(rng, rng.int(20, 80))}`;
  const doc = {
    document: {
      aggregate_severity: { namespace: "https://access.redhat.com/security/updates/classification/", text: impact },
      category: "csaf_vex",
      csaf_version: "2.0",
      distribution: { text: "Copyright © Red Hat, Inc. All rights reserved.", tlp: { label: "WHITE", url: "https://www.first.org/tlp/" } },
      lang: "en",
      notes: [
        {
          category: "legal_disclaimer",
          text: "This content is licensed under the Creative Commons Attribution 4.0 International License (https://creativecommons.org/licenses/by/4.0/). If you distribute this content, or a modified version of it, you must provide attribution to Red Hat Inc. and provide a link to the original.",
          title: "Terms of Use",
        },
      ],
      publisher: {
        category: "vendor",
        contact_details: "https://access.redhat.com/security/team/contact/",
        issuing_authority: "Red Hat Product Security is responsible for vulnerability handling across all Red Hat products and services.",
        name: "Red Hat Product Security",
        namespace: "https://www.redhat.com",
      },
      references: [
        { category: "self", summary: `Canonical URL`, url: `https://security.access.redhat.com/data/csaf/v2/vex/${year}/${cve.toLowerCase()}.json` },
      ],
      title: `${rng.pick(["kernel", "openssl", "glibc", "curl", "python"])}: ${prose(rng, rng.int(5, 12))}`,
      tracking: {
        current_release_date: `${year}-12-01T00:00:00+00:00`,
        id: cve,
        initial_release_date: `${year}-01-15T00:00:00+00:00`,
        revision_history: [{ date: `${year}-01-15T00:00:00+00:00`, number: "1", summary: "Initial version" }],
        status: "final",
        version: "1",
      },
    },
    product_tree: {
      branches: [
        {
          branches: [
            {
              branches: [...platforms.values()].map((p) => ({
                category: "product_name",
                name: p.name,
                product: product(p.id, p.name, { cpe: p.cpe }).product,
              })),
              category: "product_family",
              name: "Red Hat Enterprise Linux",
            },
            {
              branches: [...components.values()].map((p) => ({ category: "product_version", name: p.product.name, product: p.product })),
              category: "architecture",
              name: "components",
            },
          ],
          category: "vendor",
          name: "Red Hat",
        },
      ],
      relationships,
    },
    vulnerabilities: [
      {
        cve,
        cwe: { id: `CWE-${rng.int(20, 900)}`, name: prose(rng, 4) },
        discovery_date: `${year}-01-10T00:00:00+00:00`,
        ids: [{ system_name: "Red Hat Bugzilla ID", text: String(rng.int(1000000, 2400000)) }],
        notes: [
          { category: "description", text: description, title: "Vulnerability description" },
          { category: "summary", text: prose(rng, rng.int(6, 14)), title: "Vulnerability summary" },
          {
            category: "general",
            text: "The CVSS score(s) listed for this vulnerability do not reflect the associated product's status, and are included for informational purposes to better understand the severity of this vulnerability.",
            title: "CVSS score applicability",
          },
        ],
        product_status: Object.fromEntries(Object.entries(status).filter(([, ids]) => ids.length > 0)),
        references: [
          { category: "self", summary: "Canonical URL", url: `https://access.redhat.com/security/cve/${cve}` },
          { category: "external", summary: `https://www.cve.org/CVERecord?id=${cve}`, url: `https://www.cve.org/CVERecord?id=${cve}` },
          { category: "external", summary: `https://nvd.nist.gov/vuln/detail/${cve}`, url: `https://nvd.nist.gov/vuln/detail/${cve}` },
        ],
        release_date: `${year}-01-15T00:00:00+00:00`,
        remediations,
        scores: [{ cvss_v3: { baseScore: rng.int(20, 98) / 10, baseSeverity: impact.toUpperCase(), vectorString: vector, version: "3.1" }, products: all }],
        threats: [{ category: "impact", details: impact }],
        title: prose(rng, rng.int(6, 14)),
      },
    ],
  };
  return JSON.stringify(doc, null, 2);
}

/** Counts the tar bytes handed to the compressor, so the producer can wait for it (bounded memory). */
class Meter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    cb(null, chunk);
  }
}

/** Writes the archive to `path`; answers its byte count and the documents written. */
export async function writeCsafFeed(path: string, options: CsafFeedOptions = {}): Promise<{ bytes: number; records: number; inflated: number }> {
  const rng = seededRng(options.seed ?? 1);
  const documents = options.documents ?? 30_000;
  const descriptions = sampleDescriptions();
  const names = Array.from({ length: 5000 }, (_, i) => packageName(rng, i));
  mkdirSync(dirname(path), { recursive: true });
  const pack = tarStream.pack();
  const meter = new Meter();
  const done = pipeline(pack, meter, new CompressStream({ compressionLevel: 3 }), createWriteStream(path));
  let produced = 0;
  // Years as Red Hat's archive spreads them: few old CVEs, most from the last decade.
  const years = Array.from({ length: 27 }, (_, i) => 1999 + i);
  const counts = new Map<number, number>();
  const ids = Array.from({ length: documents }, () => {
    const year = years[Math.min(years.length - 1, Math.floor(years.length * Math.sqrt(rng.next())))]!;
    const n = (counts.get(year) ?? 999) + rng.int(1, 4);
    counts.set(year, n);
    return { year, cve: `CVE-${year}-${String(n).padStart(4, "0")}` };
  }).sort((a, b) => a.year - b.year || a.cve.localeCompare(b.cve, "en", { numeric: true }));
  for (const { year, cve } of ids) {
    const text = Buffer.from(vexDocument(rng, cve, year, names, descriptions));
    produced += text.length;
    pack.entry({ name: `${year}/${cve.toLowerCase()}.json`, mtime: new Date(Date.UTC(2025, 0, 1)), mode: 0o644, uname: "root", gname: "root" }, text);
    while (produced - meter.bytes > 32 << 20) await new Promise((r) => setTimeout(r, 2));
  }
  pack.finalize();
  await done;
  return { bytes: statSync(path).size, records: documents, inflated: produced };
}
