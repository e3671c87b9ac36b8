// `node scripts/bundle-cli.mjs CLI_DIR OUT`: bundles the compiled CLI (CLI_DIR/main.js and
// entry.js, as tsc wrote them) into OUT, which bin/claro.js runs. A whole `claro sbom` spent a
// quarter of its start resolving, reading and linking ~100 module files one by one (issue 10 §3);
// bundled, each command still loads only its own code: esbuild splits what a command imports
// lazily into chunks. npm packages stay outside the bundle and load from node_modules as before.
import { build } from "esbuild";
import { cpSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
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
  packages: "external",
  outdir: out,
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
