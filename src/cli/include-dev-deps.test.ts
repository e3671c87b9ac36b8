import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { claro } from "../../test/support/claro.js";
import { devWorkspace } from "../ecosystems/cargo/testdata/dev-workspace.js";

const osv = (eco: string): string => fileURLToPath(new URL(`../ecosystems/${eco}/testdata/osv`, import.meta.url));

// A yarn v1 project: lodash 4.17.15 only through devDependencies, minimist 1.2.0 shipped. Both
// have advisories in npm's hand-written OSV records; the Cargo workspace's tokio 1.8.0 is
// dev-only and regex 1.5.4 is shipped, both with RustSec records.
const YARN_LOCK = `# yarn lockfile v1

lodash@^4.17.15:
  version "4.17.15"

minimist@^1.2.0:
  version "1.2.0"
`;
const PACKAGE_JSON = JSON.stringify({ name: "web", dependencies: { minimist: "^1.2.0" }, devDependencies: { lodash: "^4.17.15" } });

interface Doc {
  packages: { name: string; version: string }[];
  vulnerabilities: { package: { name: string; version: string } }[];
}

describe("dev dependencies are listed but not matched unless --include-dev-deps (real CLI, yarn v1 and Cargo)", () => {
  let dir: string;
  let db: string;
  let target: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "claro-devdeps-"));
    const root = join(dir, "root");
    const files: Record<string, string> = { "srv/web/yarn.lock": YARN_LOCK, "srv/web/package.json": PACKAGE_JSON };
    for (const [p, body] of Object.entries(devWorkspace)) files[`srv/rust/${p}`] = body;
    for (const [p, body] of Object.entries(files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), body);
    }
    target = `dir:${root}`;
    db = `sqlite:${join(dir, "db.sqlite")}`;
    const r = await claro(["db", "update", "-q", "--db", db, "--source", `npm=${osv("npm")}`, "--source", `cargo=${osv("cargo")}`, "--only", "npm,cargo"]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const scan = async (extra: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ doc: Doc; stderr: string }> => {
    const r = await claro(["scan", "--db", db, "--format", "json", ...extra, target], env);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return { doc: JSON.parse(r.stdout) as Doc, stderr: r.stderr };
  };
  const affected = (doc: Doc): string[] => [...new Set(doc.vulnerabilities.map((v) => `${v.package.name}@${v.package.version}`))].sort();

  it("by default: only shipped packages are matched; the dev ones are still listed, and the note says so", async () => {
    const { doc, stderr } = await scan([]);
    assert.deepEqual(affected(doc), ["minimist@1.2.0", "regex@1.5.4"]);
    const listed = new Set(doc.packages.map((p) => `${p.name}@${p.version}`));
    assert.ok(listed.has("lodash@4.17.15") && listed.has("tokio@1.8.0"), "the dev packages stay in the report's inventory");
    assert.match(stderr, /6 development-only package\(s\) listed but not matched; --include-dev-deps matches them/);
  });

  it("the SBOM lists the dev packages with their flag (CycloneDX scope optional and claro:package:dev)", async () => {
    const r = await claro(["sbom", "--format", "cyclonedx-json", "-q", target]);
    assert.equal(r.code, 0, r.stderr);
    const bom = JSON.parse(r.stdout) as { components: { name: string; version: string; scope?: string; properties?: { name: string; value: string }[] }[] };
    const dev = bom.components.filter((c) => c.properties?.some((p) => p.name === "claro:package:dev" && p.value === "true"));
    assert.deepEqual(dev.map((c) => `${c.name}@${c.version}`).sort(), [
      "bytes@1.0.1",
      "fastrand@1.9.0",
      "lodash@4.17.15",
      "memchr@2.5.0",
      "tempfile@3.3.0",
      "tokio@1.8.0",
    ]);
    assert.ok(dev.every((c) => c.scope === "optional"));
  });

  it("--include-dev-deps matches them too", async () => {
    const { doc, stderr } = await scan(["--include-dev-deps"]);
    assert.deepEqual(affected(doc), ["lodash@4.17.15", "minimist@1.2.0", "regex@1.5.4", "tokio@1.8.0"]);
    assert.doesNotMatch(stderr, /development-only/);
  });

  it("CLARO_INCLUDE_DEV_DEPS=true and the config key includeDevDeps do the same", async () => {
    const byEnv = await scan([], { CLARO_INCLUDE_DEV_DEPS: "true" });
    assert.deepEqual(affected(byEnv.doc), ["lodash@4.17.15", "minimist@1.2.0", "regex@1.5.4", "tokio@1.8.0"]);
    const config = join(dir, "claro.yaml");
    writeFileSync(config, "includeDevDeps: true\n");
    const byFile = await scan(["--config", config]);
    assert.deepEqual(affected(byFile.doc), affected(byEnv.doc));
  });
});
