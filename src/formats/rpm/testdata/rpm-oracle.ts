import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const RPM_INSTALL_HINT = "the real `rpm` is the oracle for these tests; install it with: apt-get update && apt-get install -y rpm";

/** Fails the calling test (never skips) when the rpm binary is missing. */
export function requireRpm(): void {
  const r = spawnSync("rpm", ["--version"], { encoding: "utf8" });
  assert.ok(r.status === 0 && /RPM version/.test(r.stdout), `rpm not found on PATH: ${RPM_INSTALL_HINT}`);
}

/**
 * One rpm process compares every pair with Lua's `rpm.vercmp` (rpm 4.18 parses each side as
 * `[epoch:]version[-release]` and compares with rpmvercmp). Each result is `-1`, `0`, `1`, or
 * `err` when rpm rejects the string.
 */
export function rpmVercmpOracle(pairs: readonly (readonly [string, string])[]): string[] {
  requireRpm();
  const dir = mkdtempSync(join(tmpdir(), "claro-rpmvercmp-"));
  try {
    const file = join(dir, "pairs.tsv");
    writeFileSync(file, pairs.map(([a, b]) => `${a}\t${b}\n`).join(""));
    const lua = `%{lua:
local t = {}
for line in io.lines(rpm.expand("%{_claro_pairs}")) do
  local a, b = string.match(line, "^([^\\t]*)\\t([^\\t]*)$")
  local ok, r = pcall(rpm.vercmp, a, b)
  if ok then t[#t + 1] = tostring(r) else t[#t + 1] = "err" end
end
print(table.concat(t, "\\n"))
}`;
    const res = spawnSync("rpm", ["--define", `_claro_pairs ${file}`, "--eval", lua], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    assert.equal(res.status, 0, `rpm --eval failed: ${res.stderr}`);
    const out = res.stdout.split("\n").filter((l) => l !== "");
    assert.equal(out.length, pairs.length, `rpm answered ${out.length} of ${pairs.length} pairs: ${res.stderr}`);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `rpm -qa --qf FORMAT` on a private copy of a database directory (rpm wants it writable). */
export function rpmQuery(dbDir: string, backend: "bdb_ro" | "sqlite", format: string): string[] {
  requireRpm();
  const dir = mkdtempSync(join(tmpdir(), "claro-rpmdb-"));
  try {
    cpSync(dbDir, dir, { recursive: true });
    const res = spawnSync("rpm", ["--define", `_db_backend ${backend}`, "--dbpath", dir, "-qa", "--qf", format], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(res.status, 0, `rpm -qa failed: ${res.stderr}`);
    return res.stdout.split("\n").filter((l) => l !== "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
