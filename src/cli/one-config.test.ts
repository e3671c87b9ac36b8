import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { claro } from "../../test/support/claro.js";
import { sharedPath } from "../../test/support/shared.js";
import { isFatalError } from "../core/problem.js";
import { loadSettings } from "./config.js";
import { loadServeSettings } from "./serve-command.js";

// No user config may speak: ~/.config/claro would otherwise be read.
const NONE = { XDG_CONFIG_HOME: "/nonexistent/claro-test" };

describe("one claro.yaml for scan, db update and serve (issue 10.2)", () => {
  let dir = "";
  let file = "";
  let db = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "claro-one-config-"));
    file = join(dir, "claro.yaml");
    db = `sqlite:${join(dir, "db.sqlite")}`;
    writeFileSync(file, `db: ${db}\nformat: json\nseverity: HIGH\nserve:\n  listen: 127.0.0.1:7070\n  allowHosts: [registry.local]\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("loadSettings takes the top-level keys and leaves the serve: section to serve; flags > env > file", () => {
    assert.deepEqual(loadSettings({}, file, NONE), { db, format: "json", severity: "HIGH" });
    assert.equal(loadSettings({}, file, { ...NONE, CLARO_FORMAT: "table" }).format, "table");
    assert.equal(loadSettings({ format: "sarif" }, file, { ...NONE, CLARO_FORMAT: "table" }).format, "sarif");
    // Unknown top-level keys are still refused: only `serve` is set aside.
    writeFileSync(join(dir, "bad.yaml"), "serve: {}\nformt: json\n");
    assert.throws(
      () => loadSettings({}, join(dir, "bad.yaml"), NONE),
      (e: unknown) => isFatalError(e) && e.code === "CONFIG_INVALID" && /formt/.test(e.message),
    );
  });

  it("loadServeSettings reads the serve: section of the same file, its db falling back to the top-level one", () => {
    assert.deepEqual(loadServeSettings({}, file, {}), { listen: "127.0.0.1:7070", allowHosts: ["registry.local"], db });
    assert.equal(loadServeSettings({}, file, { CLARO_DB: "sqlite:/tmp/env.sqlite" }).db, "sqlite:/tmp/env.sqlite");
    assert.equal(loadServeSettings({ db: "sqlite:/tmp/flag.sqlite" }, file, { CLARO_DB: "sqlite:/tmp/env.sqlite" }).db, "sqlite:/tmp/flag.sqlite");
  });

  it("the real CLI: db update and scan both run with the file (they exited 2 on the serve: key before)", async () => {
    const update = await claro([
      "db",
      "update",
      "--config",
      file,
      "-q",
      "--source",
      `debian=${sharedPath("fixtures/vulndata/debian/derived-bookworm/data.json")}`,
    ]);
    assert.equal(update.code, 0, update.stderr);
    const scan = await claro(["scan", "--config", file, "-q", `oci-archive:${sharedPath("images/debian-bookworm.oci.tar")}:bookworm-multilayer`]);
    assert.equal(scan.code, 0, scan.stderr);
    const doc = JSON.parse(scan.stdout) as { vulnerabilities: { severity: string }[] };
    assert.ok(doc.vulnerabilities.length > 0);
  });
});
