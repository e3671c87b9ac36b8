import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import type { ScannedPackage } from "../../core/package.js";
import { pythonLockScanner } from "./lock-scanner.js";

const TRIVY = sharedPath("fixtures", "pkgdb", "python", "trivy");
const LOCAL = join(import.meta.dirname, "testdata", "locks");
const ctx = { distribution: null };
const scanOne = (path: string, content: Buffer) => pythonLockScanner.scan(memoryTree({ [path]: content }), ctx);
const brief = (found: readonly ScannedPackage[]): string[] => found.map((p) => `${p.name}@${p.version}${p.dev ? " dev" : ""}`);

test("requirements.txt: pinned lines only, with extras, markers, hashes, continuations; includes reported", () => {
  const { found, problems } = scanOne("srv/app/requirements-prod.txt", readFileSync(join(LOCAL, "requirements.txt")));
  assert.deepEqual(brief(found), ["django@4.2.1", "requests@2.28.1", "urllib3@1.26.12", "charset-normalizer@3.0.1", "zope-interface@6.0"]);
  assert.equal(found[0]?.purl, "pkg:pypi/django@4.2.1");
  assert.deepEqual(
    problems.map((p) => (p.kind === "unsupported" ? p.detail : p.kind)),
    [
      "srv/app/requirements-prod.txt:2: included file base.txt not followed; its packages are not listed",
      "srv/app/requirements-prod.txt:3: included file constraints.txt not followed; its packages are not listed",
    ],
  );
});

test("Pipfile.lock (trivy Pipfile_normal.lock): default packages, develop empty", () => {
  const { found, problems } = scanOne("app/Pipfile.lock", readFileSync(join(TRIVY, "Pipfile_normal.lock")));
  assert.deepEqual(problems, []);
  assert.deepEqual(brief(found), ["certifi@2019.3.9", "chardet@3.0.4", "idna@2.8", "pyyaml@5.1", "requests@2.21.0", "urllib3@1.24.2"]);
});

test("Pipfile.lock develop section is flagged dev", () => {
  const lock = JSON.stringify({ default: { six: { version: "==1.16.0" } }, develop: { pytest: { version: "==7.2.0" }, local: { path: "." } } });
  assert.deepEqual(brief(scanOne("Pipfile.lock", Buffer.from(lock)).found), ["six@1.16.0", "pytest@7.2.0 dev"]);
});

test("poetry.lock v2 (trivy poetry_v2_flask.lock): dev = groups without main", () => {
  const { found, problems } = scanOne("app/poetry.lock", readFileSync(join(TRIVY, "poetry_v2_flask.lock")));
  assert.deepEqual(problems, []);
  assert.deepEqual(brief(found), [
    "atomicwrites@1.4.1 dev",
    "attrs@25.1.0 dev",
    "click@8.1.8",
    "colorama@0.4.6",
    "flask@1.0.3",
    "itsdangerous@2.2.0",
    "jinja2@3.1.5",
    "markupsafe@3.0.2",
    "more-itertools@10.6.0 dev",
    "packaging@24.2 dev",
    "pluggy@0.13.1",
    "py@1.11.0 dev",
    "pytest@5.4.3 dev",
    "wcwidth@0.2.13 dev",
    "werkzeug@3.1.3",
  ]);
});

test("poetry.lock v1: category = dev", () => {
  const { found, problems } = scanOne("poetry.lock", readFileSync(join(LOCAL, "poetry-v1.lock")));
  assert.deepEqual(problems, []);
  assert.deepEqual(brief(found), ["certifi@2022.9.24", "pytest@7.2.0 dev"]);
});

// Trivy lists the project itself (`normal`, source virtual) as the root package; claro leaves it
// out because it is not a PyPI release. Dev = reachable only through [package.dev-dependencies].
test("uv.lock (trivy uv_normal.lock): project root left out (trivy lists it), dev = only via dev-dependencies", () => {
  const { found, problems } = scanOne("app/uv.lock", readFileSync(join(TRIVY, "uv_normal.lock")));
  assert.deepEqual(problems, []);
  assert.deepEqual(brief(found), [
    "anyio@4.7.0",
    "certifi@2024.12.14",
    "charset-normalizer@3.4.0",
    "colorama@0.4.6 dev",
    "exceptiongroup@1.2.2",
    "h11@0.14.0",
    "httpcore@1.0.7",
    "httpx@0.28.1",
    "idna@3.10",
    "iniconfig@2.0.0 dev",
    "orjson@3.10.12",
    "packaging@24.2 dev",
    "pluggy@1.5.0 dev",
    "pytest@8.3.4 dev",
    "requests@2.32.0",
    "sniffio@1.3.1",
    "socksio@1.0.0",
    "tomli@2.2.1 dev",
    "typing-extensions@4.12.2",
    "urllib3@2.2.3",
  ]);
});

// The name/version sets must equal what Python's own tomllib reads from the same files.
const tomllib = spawnSync("python3", ["-c", "import tomllib"]);
test("poetry.lock and uv.lock package sets equal Python tomllib's reading", { skip: tomllib.status !== 0 ? "python3 >= 3.11 not installed" : false }, () => {
  for (const [file, as] of [
    ["poetry_v2_flask.lock", "poetry.lock"],
    ["uv_normal.lock", "uv.lock"],
  ] as const) {
    const script =
      "import tomllib,sys,json\nd=tomllib.load(open(sys.argv[1],'rb'))\nprint(json.dumps(sorted(p['name']+'@'+p['version'] for p in d['package'] if p.get('source',{}).get('virtual')!='.')))";
    const run = spawnSync("python3", ["-c", script, join(TRIVY, file)], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const got = scanOne(as, readFileSync(join(TRIVY, file)))
      .found.map((p) => `${p.name}@${p.version}`)
      .sort();
    assert.deepEqual(got, JSON.parse(run.stdout) as string[], file);
  }
});

test("broken lockfiles are problems, not crashes; node_modules copies are skipped", () => {
  const tree = memoryTree({
    "a/poetry.lock": "[[package]\nname = 'x'\n",
    "b/Pipfile.lock": "{",
    "c/node_modules/x/requirements.txt": "six==1.0\n",
  });
  const { found, problems } = pythonLockScanner.scan(tree, ctx);
  assert.deepEqual(found, []);
  assert.deepEqual(
    problems.map((p) => p.kind === "malformed-record" && `${p.path}:${p.line}`),
    ["a/poetry.lock:1", "b/Pipfile.lock:null"],
  );
});
