// SUSE's suse.linux.enterprise.15.xml at today's size: one ~300 MB OVAL document. The shape is
// the fixture's (fixtures/vulndata/suse/oval/suse_truncated.xml, vunnel's cut of the real file):
// one `vulnerability` definition per CVE with platforms, CVE/SUSE references, an advisory with
// severity, cvss3, bugzilla and affected CPEs; criteria OR-ing (products installed) AND (fixed
// packages installed) branches; then `rpminfo_test`s, `rpminfo_object`s and `rpminfo_state`s
// shared between definitions, as SUSE shares them: one release test per product and service
// pack (`sles-release` version equals 15.4), one package test per (binary rpm, fixed EVR).
import { OutFile } from "./out-file.js";
import { packageName, prose, seededRng, type Rng } from "./rng.js";

export interface OvalFeedOptions {
  readonly seed?: number;
  /** Size of the document to write, in bytes; 300 MB is SUSE's SLE 15 file. */
  readonly bytes?: number;
}

interface Product {
  readonly platform: string;
  readonly release: string;
  readonly cpe: string;
}
const PRODUCTS: readonly Product[] = [
  { platform: "SUSE Linux Enterprise Server", release: "sles-release", cpe: "sles" },
  { platform: "SUSE Linux Enterprise Desktop", release: "sled-release", cpe: "sled" },
  { platform: "SUSE Linux Enterprise Server for SAP Applications", release: "SLES_SAP-release", cpe: "sles_sap" },
  { platform: "SUSE Linux Enterprise High Performance Computing", release: "SLE_HPC-release", cpe: "sle_hpc" },
  { platform: "SUSE Linux Enterprise Module for Basesystem", release: "sle-module-basesystem-release", cpe: "sle-module-basesystem" },
  {
    platform: "SUSE Linux Enterprise Module for Server Applications",
    release: "sle-module-server-applications-release",
    cpe: "sle-module-server-applications",
  },
  { platform: "SUSE Linux Enterprise Module for Development Tools", release: "sle-module-development-tools-release", cpe: "sle-module-development-tools" },
  { platform: "SUSE Linux Enterprise Module for Legacy", release: "sle-module-legacy-release", cpe: "sle-module-legacy" },
];
const SPS = [0, 1, 2, 3, 4, 5, 6] as const;
const SUBPACKAGES = ["", "-devel", "-32bit", "-doc", "-lang", "-tools", "-debugsource", "-libs"];
const SEVERITIES = ["Low", "Moderate", "Important", "Critical"];
const ARCH = "(aarch64|ppc64le|s390x|x86_64)";
const NS = "oval:org.opensuse.security";
const HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xsi:schemaLocation="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux linux-definitions-schema.xsd http://oval.mitre.org/XMLSchema/oval-definitions-5#unix unix-definitions-schema.xsd http://oval.mitre.org/XMLSchema/oval-definitions-5 oval-definitions-schema.xsd http://oval.mitre.org/XMLSchema/oval-common-5 oval-common-schema.xsd" xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5" xmlns:oval-def="http://oval.mitre.org/XMLSchema/oval-definitions-5">
  <generator>
    <oval:product_name>Marcus Updateinfo to OVAL Converter</oval:product_name>
    <oval:schema_version>5.5</oval:schema_version>
    <oval:timestamp>2026-12-01T05:18:42</oval:timestamp>
  </generator>
  <definitions>
`;
const LINUX = ` xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5#linux"`;

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const spName = (sp: number): string => (sp === 0 ? "15" : `15 SP${sp}`);
const spVersion = (sp: number): string => (sp === 0 ? "15" : `15.${sp}`);

/** Ids handed out once per distinct key, as SUSE's generator shares tests, objects and states. */
class Ids<V> {
  readonly entries = new Map<string, { id: number; value: V }>();
  constructor(private next: number) {}
  get(key: string, value: () => V): number {
    let e = this.entries.get(key);
    if (!e) {
      e = { id: this.next++, value: value() };
      this.entries.set(key, e);
    }
    return e.id;
  }
}

interface Source {
  readonly name: string;
  readonly binaries: readonly string[];
  /** EVRs released so far per service pack: later CVEs are often fixed by the same update. */
  readonly evrs: Map<number, string[]>;
}

/** Writes the document to `path`; answers its byte count and definitions written. */
export function writeOvalFeed(path: string, options: OvalFeedOptions = {}): { bytes: number; records: number } {
  const rng = seededRng(options.seed ?? 1);
  const target = options.bytes ?? 300_000_000;
  const sources: Source[] = Array.from({ length: 4000 }, (_, i) => {
    const name = packageName(rng, i);
    return { name, binaries: SUBPACKAGES.slice(0, rng.int(1, SUBPACKAGES.length)).map((s) => `${name}${s}`), evrs: new Map() };
  });
  const objects = new Ids<string>(2009030000);
  const states = new Ids<{ version?: string; evr?: string; arch: boolean }>(2009060000);
  const tests = new Ids<{ comment: string; object: number; state: number }>(2009220000);
  const releaseTest = (p: Product, sp: number): number => {
    const object = objects.get(p.release, () => p.release);
    const state = states.get(`v ${spVersion(sp)}`, () => ({ version: spVersion(sp), arch: false }));
    return tests.get(`r ${p.release} ${sp}`, () => ({ comment: `${p.release} is ==${spVersion(sp)}`, object, state }));
  };
  const packageTest = (bin: string, evr: string, arch: boolean): number => {
    const object = objects.get(bin, () => bin);
    const state = states.get(`e ${evr} ${arch}`, () => ({ evr: `0:${evr}`, arch }));
    return tests.get(`p ${bin} ${evr} ${arch}`, () => ({ comment: `${bin} is &lt;${evr}${arch ? " for aarch64,ppc64le,s390x,x86_64" : ""}`, object, state }));
  };
  const out = new OutFile(path);
  out.write(HEADER);
  let written = HEADER.length;
  let definitions = 0;
  // Tests, objects and states come after the definitions: their share is estimated as they accumulate.
  while (written + tests.entries.size * 330 + states.entries.size * 250 + objects.entries.size * 160 < target) {
    const text = definition(rng, definitions, sources, releaseTest, packageTest);
    out.write(text);
    written += text.length;
    definitions += 1;
  }
  out.write("  </definitions>\n  <tests>\n");
  for (const [, { id, value: t }] of tests.entries) {
    out.write(
      `    <rpminfo_test id="${NS}:tst:${id}" version="1" comment="${t.comment}" check="at least one"${LINUX}>\n      <object object_ref="${NS}:obj:${t.object}"/>\n      <state state_ref="${NS}:ste:${t.state}"/>\n    </rpminfo_test>\n`,
    );
  }
  out.write("  </tests>\n  <objects>\n");
  for (const [, { id, value: name }] of objects.entries)
    out.write(`    <rpminfo_object id="${NS}:obj:${id}" version="1"${LINUX}>\n      <name>${name}</name>\n    </rpminfo_object>\n`);
  out.write("  </objects>\n  <states>\n");
  for (const [, { id, value: s }] of states.entries) {
    const body =
      s.version !== undefined
        ? `      <version operation="equals">${s.version}</version>\n`
        : `${s.arch ? `      <arch datatype="string" operation="pattern match">${ARCH}</arch>\n` : ""}      <evr datatype="evr_string" operation="less than">${s.evr}</evr>\n`;
    out.write(`    <rpminfo_state id="${NS}:ste:${id}" version="1"${LINUX}>\n${body}    </rpminfo_state>\n`);
  }
  out.write("  </states>\n</oval_definitions>\n");
  out.close();
  return { bytes: out.bytes, records: definitions };
}

function definition(
  rng: Rng,
  i: number,
  sources: readonly Source[],
  releaseTest: (p: Product, sp: number) => number,
  packageTest: (bin: string, evr: string, arch: boolean) => number,
): string {
  const year = 2005 + Math.floor(21 * Math.sqrt(rng.next()));
  const cve = `CVE-${year}-${1000 + i}`;
  const src = rng.pick(sources);
  const arch = rng.chance(0.05);
  const branches: string[] = [];
  const platforms = new Set<string>();
  const cpes = new Set<string>();
  // One to three fixes, each for a run of service packs and the products that ship the package there.
  let sp = rng.int(0, 4);
  for (let f = 0, n = rng.int(1, 3); f < n && sp <= 6; f++) {
    const sps = SPS.filter((s) => s >= sp && s < sp + rng.int(1, 3));
    sp = sps[sps.length - 1]! + 1;
    const products = PRODUCTS.filter((_, k) => k === 0 || rng.chance(0.35));
    const known = src.evrs.get(sps[0]!) ?? [];
    const evr =
      known.length > 0 && rng.chance(0.6)
        ? rng.pick(known)
        : `${rng.int(0, 9)}.${rng.int(0, 30)}.${rng.int(0, 20)}-${150000 + rng.int(0, 600)}.${rng.int(1, 90)}.${rng.int(1, 3)}`;
    if (!known.includes(evr)) src.evrs.set(sps[0]!, [...known, evr]);
    const releases: string[] = [];
    for (const s of sps) {
      for (const p of products) {
        platforms.add(`${p.platform} ${spName(s)}`);
        cpes.add(`cpe:/o:suse:${p.cpe}:15${s === 0 ? "" : `:sp${s}`}`);
        releases.push(`<criterion test_ref="${NS}:tst:${releaseTest(p, s)}" comment="${p.platform} ${spName(s)} is installed"/>`);
      }
    }
    const bins = src.binaries.filter((_, k) => k === 0 || rng.chance(0.7));
    const packages = bins.map((b) => `<criterion test_ref="${NS}:tst:${packageTest(b, evr, arch)}" comment="${b}-${evr} is installed"/>`);
    const or = (items: string[], pad: string): string =>
      items.length === 1 ? `${pad}${items[0]}\n` : `${pad}<criteria operator="OR">\n${items.map((x) => `${pad}  ${x}\n`).join("")}${pad}</criteria>\n`;
    branches.push(`        <criteria operator="AND">\n${or(releases, "          ")}${or(packages, "          ")}        </criteria>\n`);
  }
  const severity = rng.pick(SEVERITIES);
  const criteria = branches.length === 1 ? branches[0]!.replace(/^ {2}/gm, "") : `      <criteria operator="OR">\n${branches.join("")}      </criteria>\n`;
  return `    <definition id="${NS}:def:${year}${1000 + i}" version="1" class="vulnerability">
      <metadata>
        <title>${cve}</title>
        <affected family="unix">
${[...platforms]
  .sort()
  .map((p) => `          <platform>${p}</platform>\n`)
  .join("")}        </affected>
        <reference ref_id="Mitre ${cve}" ref_url="https://cve.mitre.org/cgi-bin/cvename.cgi?name=${cve}" source="CVE"/>
        <reference ref_id="SUSE ${cve}" ref_url="https://www.suse.com/security/cve/${cve}" source="SUSE CVE"/>
        <description>${esc(`${prose(rng, rng.int(15, 60))} ${src.name}`)}</description>
        <advisory from="security@suse.de">
          <issued date="${year}-0${rng.int(1, 9)}-1${rng.int(0, 9)}"/>
          <updated date="2026-0${rng.int(1, 9)}-2${rng.int(0, 8)}"/>
          <severity>${severity}</severity>
          <cve impact="${severity.toLowerCase()}" cvss3="${rng.int(20, 98) / 10}/CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:L/A:N" href="https://www.suse.com/security/cve/${cve}/">${cve}</cve>
          <bugzilla href="https://bugzilla.suse.com/${rng.int(900000, 1250000)}">SUSE bug ${rng.int(900000, 1250000)}</bugzilla>
          <affected_cpe_list>
${[...cpes]
  .sort()
  .map((c) => `            <cpe>${c}</cpe>\n`)
  .join("")}          </affected_cpe_list>
        </advisory>
      </metadata>
${criteria}    </definition>
`;
}
