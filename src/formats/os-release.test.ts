import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parseOsRelease } from "./os-release.js";

test("parses quoted, single-quoted and bare values and skips comments", () => {
  const text = [
    "# a comment",
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
    "NAME='Debian GNU/Linux'",
    "VERSION_ID=12",
    "",
    'HOME_URL="https://www.debian.org/"',
  ].join("\n");
  assert.deepEqual(parseOsRelease(text), {
    PRETTY_NAME: "Debian GNU/Linux 12 (bookworm)",
    NAME: "Debian GNU/Linux",
    VERSION_ID: "12",
    HOME_URL: "https://www.debian.org/",
  });
});

test("applies escapes inside double quotes and in bare words", () => {
  const text = 'A="say \\"hi\\" \\$HOME \\\\ \\n"\nB=a\\ b\nC=\'it\\s\'';
  assert.deepEqual(parseOsRelease(text), { A: 'say "hi" $HOME \\ \\n', B: "a b", C: "it\\s" });
});

test("tolerates CRLF, blanks around lines, bad lines and unbalanced quotes", () => {
  const text = 'ID=alpine\r\n  VERSION_ID=3.9.6  \r\nnot a variable\r\nBROKEN="open\r\n=x\r\n';
  assert.deepEqual(parseOsRelease(text), { ID: "alpine", VERSION_ID: "3.9.6" });
});

test("later assignments win, as in a shell", () => {
  assert.deepEqual(parseOsRelease("ID=a\nID=b"), { ID: "b" });
});

test("agrees with a shell sourcing this machine's os-release", () => {
  // The host is Debian; its os-release is a real sample, and bash itself is the oracle.
  const path = "/etc/os-release";
  const parsed = parseOsRelease(readFileSync(path, "utf8"));
  const keys = Object.keys(parsed);
  assert.ok(keys.includes("ID"));
  const script = `. ${path}; for k in ${keys.join(" ")}; do printf '%s=%s\\0' "$k" "\${!k}"; done`;
  const out = execFileSync("bash", ["-c", script], { encoding: "utf8" });
  const fromShell = Object.fromEntries(
    out
      .split("\0")
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
  assert.deepEqual(parsed, fromShell);
});
