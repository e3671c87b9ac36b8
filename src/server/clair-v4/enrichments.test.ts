import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { registeredMatchers, registeredScanners } from "../../cli/pipeline.js";
import { claro } from "../../../test/support/claro.js";
import { ensureRegistry } from "../../../test/support/registry.js";
import { sharedPath } from "../../../test/support/shared.js";
import { openIndexStore } from "../../store/open-index-store.js";
import { openStore } from "../../store/open-store.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../build-server.js";
import { CLAIR_ENRICHMENT_TYPES } from "./enrichments.js";
import type { ServerDeps } from "../index-service.js";

const td = (name: string): string => fileURLToPath(new URL(`./testdata/enrich/${name}`, import.meta.url));
const ACCEPT = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json";
let dir = "";
let db = "";
let host = "";
let deps: ServerDeps;
let app: FastifyInstance;
let base = "";

/** The Clair manifest a client would send for bookworm-multilayer (amd64) in the test registry. */
async function clairManifest(): Promise<{ hash: string; layers: { hash: string; uri: string; headers: Record<string, string[]>; media_type: string }[] }> {
  let res = await fetch(`http://${host}/v2/test/debian-bookworm/manifests/bookworm-multilayer`, { headers: { accept: ACCEPT } });
  let doc = (await res.json()) as { manifests?: { digest: string; platform?: { architecture: string } }[]; layers?: { digest: string }[] };
  let digest = res.headers.get("docker-content-digest") ?? "";
  if (doc.manifests) {
    const m = doc.manifests.find((x) => x.platform?.architecture === "amd64") ?? doc.manifests[0]!;
    res = await fetch(`http://${host}/v2/test/debian-bookworm/manifests/${m.digest}`, { headers: { accept: ACCEPT } });
    doc = (await res.json()) as typeof doc;
    digest = m.digest;
  }
  const layers = (doc.layers ?? []).map((l) => ({
    hash: l.digest,
    uri: `http://${host}/v2/test/debian-bookworm/blobs/${l.digest}`,
    headers: {},
    media_type: "application/vnd.oci.image.layer.v1.tar+gzip",
  }));
  return { hash: digest, layers };
}

before(async () => {
  host = await ensureRegistry({ auth: "none" }, 5020);
  dir = mkdtempSync(join(tmpdir(), "claro-server-enrich-"));
  db = `sqlite:${join(dir, "db.sqlite")}`;
  const update = await claro([
    "db",
    "update",
    "--db",
    db,
    "-q",
    "--source",
    `debian=${sharedPath("fixtures/vulndata/debian/derived-bookworm/data.json")}`,
    "--source",
    `epss=${td("epss-scores.csv")}`,
    "--source",
    `kev=${td("kev-catalogue.json")}`,
  ]);
  assert.equal(update.code, 0, update.stderr);
  deps = { indexStore: await openIndexStore(db), advisoryStore: await openStore(db), scanners: registeredScanners(), matchers: registeredMatchers() };
  app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

after(async () => {
  await app.close();
  await deps.indexStore.close();
  await deps.advisoryStore.close();
  rmSync(dir, { recursive: true, force: true });
});

interface ScanDoc {
  vulnerabilities: { id: string; epss?: { score: number; percentile: number }; kev?: { dateAdded: string; dueDate: string | null; ransomware: string } }[];
}
interface ClairReport {
  vulnerabilities: Record<string, { name: string }>;
  enrichments: Record<string, Record<string, Record<string, unknown>[]>[]>;
}

test("a Clair v4 vulnerability report carries the EPSS and KEV data claro scan shows", async () => {
  const scan = await claro(["scan", "--db", db, "--format", "json", "-q", `oci-archive:${sharedPath("images/debian-bookworm.oci.tar")}:bookworm-multilayer`]);
  assert.equal(scan.code, 0, scan.stderr);
  const scanned = (JSON.parse(scan.stdout) as ScanDoc).vulnerabilities;

  const manifest = await clairManifest();
  const indexed = await fetch(`${base}/indexer/api/v1/index_report`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(manifest),
  });
  assert.equal(indexed.status, 201, await indexed.clone().text());
  const res = await fetch(`${base}/matcher/api/v1/vulnerability_report/${manifest.hash}`);
  assert.equal(res.status, 201);
  const report = (await res.json()) as ClairReport;
  const epss = report.enrichments[CLAIR_ENRICHMENT_TYPES.epss]?.[0];
  const kev = report.enrichments[CLAIR_ENRICHMENT_TYPES.kev]?.[0];
  assert.ok(epss && kev, JSON.stringify(Object.keys(report.enrichments)));

  for (const cve of ["CVE-2024-28757", "CVE-2024-22365"]) {
    const fromScan = scanned.find((v) => v.id === cve);
    assert.ok(fromScan?.epss, `${cve} has EPSS in claro scan`);
    const ids = Object.entries(report.vulnerabilities)
      .filter(([, v]) => v.name === cve)
      .map(([id]) => id);
    assert.ok(ids.length > 0, cve);
    for (const id of ids) {
      assert.deepEqual(epss[id], [{ cve, epss: fromScan.epss.score, percentile: fromScan.epss.percentile }]);
      if (fromScan.kev === undefined) assert.equal(kev[id], undefined);
      else
        assert.deepEqual(kev[id], [
          { cve, date_added: fromScan.kev.dateAdded, due_date: fromScan.kev.dueDate ?? "", known_ransomware_campaign_use: fromScan.kev.ransomware },
        ]);
    }
  }
  const expat = scanned.find((v) => v.id === "CVE-2024-28757");
  assert.deepEqual(expat?.kev, { dateAdded: "2025-01-15", dueDate: "2025-02-05", ransomware: "Unknown" });
  // Only vulnerabilities of this report are keyed; the catalogue's other CVE is not.
  const named = new Set(Object.keys(report.vulnerabilities));
  for (const id of [...Object.keys(epss), ...Object.keys(kev)]) assert.ok(named.has(id), id);
});
