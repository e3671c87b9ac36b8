// `node scripts/bundle-cli.mjs CLI_DIR OUT`: bundles the compiled CLI (CLI_DIR/main.js and
// entry.js, as tsc wrote them) into OUT/main.mjs and entry.mjs; bin/claro.js runs main.mjs. A whole `claro sbom` spent a
// quarter of its start resolving, reading and linking ~100 module files one by one (issue 10 §3);
// bundled, each command still loads only its own code: esbuild splits what a command imports
// lazily into chunks. npm packages stay outside the bundle and load from node_modules as before,
// except the two every image command loads before it reads a layer (INLINE).
import { build } from "esbuild";
import { cpSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
// Bundled, each is one module instead of its CommonJS files (8 and 15), resolved and read one by
// one: importing commander took 11 ms and packageurl-js 14 ms, bundled 6 and 9 (median of 5).
const INLINE = new Set(["commander", "packageurl-js"]);
const packageOf = (spec) =>
  spec
    .split("/")
    .slice(0, spec.startsWith("@") ? 2 : 1)
    .join("/");
const [cliDir, out] = process.argv.slice(2).map((p) => join(root, p));
if (cliDir === undefined || out === undefined) throw new Error("usage: node scripts/bundle-cli.mjs CLI_DIR OUT");

rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: { main: join(cliDir, "main.js"), entry: join(cliDir, "entry.js") },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  plugins: [
    {
      name: "external-packages",
      setup(b) {
        // commander needs child_process only to spawn executable subcommands (`git-x` style),
        // which claro has none of; loading it (with net and dgram) at every start took 4 ms.
        b.onResolve({ filter: /^node:child_process$/ }, (a) =>
          a.importer.includes("/node_modules/commander/") ? { path: "child_process", namespace: "deferred" } : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: "deferred" }, () => ({
          contents: 'module.exports = new Proxy({}, { get: (_, key) => require("node:child_process")[key] });',
          loader: "js",
        }));
        b.onResolve({ filter: /^[^./]/ }, (a) => (INLINE.has(packageOf(a.path)) ? undefined : { path: a.path, external: true }));
      },
    },
  ],
  // The inlined packages are CommonJS and require node's built-ins, which an ES module can only do
  // through a require of its own.
  banner: { js: 'import { createRequire as __claroCreateRequire } from "node:module"; const require = __claroCreateRequire(import.meta.url);' },
  outdir: out,
  // .mjs says "ES module" by itself: for a .js file node looks up the nearest package.json's
  // "type" first, for each of the ~50 chunks a command loads (17 ms of `claro sbom`, median of 21).
  outExtension: { ".js": ".mjs" },
  logLevel: "warning",
});
// Every chunk sits in OUT, and the stores find their SQL migrations next to their module
// (src/store/migrations.ts: ./<backend>/migrations/<schema>/), so the folders go there too.
for (const backend of ["sqlite", "postgres"]) {
  cpSync(join(root, "src", "store", backend, "migrations"), join(out, backend, "migrations"), {
    recursive: true,
    filter: (f) => statSync(f).isDirectory() || f.endsWith(".sql"),
  });
}
