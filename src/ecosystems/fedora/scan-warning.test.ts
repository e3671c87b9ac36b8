import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { claro } from "../../../test/support/claro.js";
import { sharedPath } from "../../../test/support/shared.js";

// A real rpmdb (the CBL-Mariner sqlite fixture, copied to a temp dir only) under Fedora and
// Amazon os-release files: the real CLI must warn for Fedora and not for Amazon with its feed.
test("claro scan says plainly that Fedora packages are not matched; Amazon with its feed gets no warning", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-fedora-"));
  try {
    const db = `sqlite:${join(dir, "claro.db")}`;
    const update = await claro(["db", "update", "--db", db, "--only", "amazon", "--source", `amazon=${sharedPath("fixtures/vulndata/amazon/alas")}`]);
    assert.equal(update.code, 0, update.stderr);
    const root = join(dir, "root");
    mkdirSync(join(root, "etc"), { recursive: true });
    mkdirSync(join(root, "var/lib/rpm"), { recursive: true });
    copyFileSync(sharedPath("fixtures/pkgdb/rpmdb/sqlite/cbl-mariner-2.0/rpmdb.sqlite"), join(root, "var/lib/rpm/rpmdb.sqlite"));
    writeFileSync(join(root, "etc/os-release"), 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=39\nPRETTY_NAME="Fedora Linux 39 (Container Image)"\n');
    const fedora = await claro(["scan", `dir:${root}`, "--db", db, "--format", "json"]);
    assert.equal(fedora.code, 0, fedora.stderr);
    assert.match(fedora.stderr, /claro: warning: \d+ rpm packages \(fedora:39\) NOT matched: claro has no vulnerability data source for them/);
    const coverage = (JSON.parse(fedora.stdout) as { coverage: { type: string; matched: boolean; reason: string | null }[] }).coverage;
    assert.deepEqual(
      coverage.map((c) => [c.type, c.matched, c.reason]),
      [["rpm", false, "unsupported"]],
    );
    writeFileSync(join(root, "etc/os-release"), 'NAME="Amazon Linux"\nID="amzn"\nVERSION_ID="2"\nPRETTY_NAME="Amazon Linux 2"\n');
    const amazon = await claro(["scan", `dir:${root}`, "--db", db, "--format", "json"]);
    assert.equal(amazon.code, 0, amazon.stderr);
    // Amazon Linux 2 itself is past its end of life (2026-06-30), which is said; its packages are matched.
    assert.doesNotMatch(amazon.stderr, /NOT matched/);
    assert.match(amazon.stdout, /"amzn"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
