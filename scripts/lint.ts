// Project lint: folder import boundaries (architecture-anchors §4.1), kebab-case file names,
// named exports only, no `any` in exported signatures, and a size budget per file.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

/** Which top-level folders of src/ each folder may import. */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  contracts: ["core"],
  formats: ["core", "contracts"],
  // Feed adapters: fetch, spool and turn a feed into advisories with the parsers of formats/.
  feeds: ["core", "contracts", "formats"],
  image: ["core", "contracts"],
  ecosystems: ["core", "contracts", "formats", "feeds"],
  indexer: ["core", "contracts", "image"],
  matcher: ["core", "contracts"],
  updater: ["core", "contracts"],
  store: ["core", "contracts"],
  report: ["core", "contracts"],
  checks: ["core", "contracts", "formats"],
  // The workflows (scan, update, export/import, check) over the engines, once for both front ends.
  app: ["core", "contracts", "formats", "feeds", "image", "indexer", "matcher", "updater", "store", "report", "ecosystems", "checks"],
  // cli/ and server/ reach ecosystems, matchers and stores only through app/ (THROUGH_APP below),
  // so the two front ends cannot assemble the pipeline each in their own way again (issue 10).
  server: ["core", "contracts", "formats", "feeds", "image", "indexer", "updater", "report", "checks", "app"],
  cli: ["core", "contracts", "formats", "feeds", "image", "indexer", "updater", "report", "checks", "server", "app"],
  "api.ts": ["core", "contracts", "image", "indexer", "matcher", "updater", "store", "report", "ecosystems", "feeds", "checks"],
};
const MAX_LINES = 350;

/**
 * The sub-folders of server/ and store/, and which sibling sub-folders each may import. Every
 * sub-folder on disk must be listed (test/lint-boundaries.test.ts checks), so a new dialect or
 * backend comes with its rule. A dialect never reaches into another dialect's routes or shapes,
 * and one storage backend never into the other; files at the folder's top (build-server.ts,
 * index-service.ts, open-store.ts) are shared and free to all.
 */
export const SUBFOLDERS: Readonly<Record<"server" | "store", Readonly<Record<string, readonly string[]>>>> = {
  server: {
    "clair-v4": ["jobs", "notifier"],
    "clair-v2": ["jobs"],
    harbor: ["jobs"],
    ui: ["notifier"],
    // The notifier serves both Clair dialects' notification routes and payloads.
    notifier: ["clair-v2", "clair-v4"],
    jobs: [],
  },
  store: {
    sqlite: [],
    postgres: [],
  },
};
const THROUGH_APP: ReadonlySet<string> = new Set(["ecosystems", "matcher", "store"]);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === "testdata" || name === "node_modules") return [];
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Every problem in the TypeScript tree under `src`, one line each. */
export function lintTree(src: string): string[] {
  const errors: string[] = [];
  for (const file of walk(src)) {
    const rel = relative(src, file);
    const parts = rel.split(sep);
    const top = parts.length === 1 ? parts[0]! : parts[0]!;
    const isTest = file.endsWith(".test.ts");
    const base = parts[parts.length - 1]!.replace(/\.test\.ts$|\.ts$/, "");
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(base)) errors.push(`${rel}: file names are kebab-case`);
    const text = readFileSync(file, "utf8");
    const lines = text.split("\n").length;
    if (!isTest && lines > MAX_LINES) errors.push(`${rel}: ${lines} lines; split it (budget ${MAX_LINES})`);
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const allowed = ALLOWED[top];
    if (!allowed) errors.push(`${rel}: top-level folder '${top}' has no boundary rule in scripts/lint.ts`);
    if ((top === "server" || top === "store") && parts.length > 2 && SUBFOLDERS[top][parts[1]!] === undefined) {
      errors.push(`${rel}: sub-folder '${top}/${parts[1]}' has no rule in SUBFOLDERS (scripts/lint.ts)`);
    }
    const visit = (node: ts.Node): void => {
      // Static imports and re-exports, and `import("…")`: a lazily loaded module is still a dependency.
      const specifier =
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)
          ? node.moduleSpecifier
          : ts.isCallExpression(node) &&
              node.expression.kind === ts.SyntaxKind.ImportKeyword &&
              node.arguments[0] !== undefined &&
              ts.isStringLiteral(node.arguments[0])
            ? node.arguments[0]
            : null;
      if (specifier !== null) {
        const spec = specifier.text;
        if (spec.startsWith(".")) {
          const target = relative(src, resolve(dirname(file), spec));
          if (target.startsWith("..")) {
            if (!isTest) errors.push(`${rel}: production code imports outside src/ (${spec})`);
          } else {
            const targetTop = target.split(sep)[0]!.replace(/\.js$/, ".ts");
            const targetParts = target.split(sep);
            const ecoCross =
              top === "ecosystems" && targetParts[0] === "ecosystems" && parts.length > 2 && targetParts.length > 2 && targetParts[1] !== parts[1];
            // Tests may wire real components together (a check test reads a real image); production may not.
            if (!isTest && targetTop !== top && allowed && !allowed.includes(targetTop)) {
              const via = THROUGH_APP.has(targetTop) && allowed.includes("app") ? "; go through src/app/" : "";
              errors.push(`${rel}: '${top}' may not import '${targetTop}' (${spec})${via}`);
            }
            if (ecoCross) errors.push(`${rel}: an ecosystem may not import another ecosystem (${spec})`);
            const sub = (top === "server" || top === "store") && parts.length > 2 ? SUBFOLDERS[top][parts[1]!] : undefined;
            if (
              sub &&
              targetParts[0] === top &&
              targetParts.length > 2 &&
              targetParts[1] !== parts[1] &&
              targetParts[1] !== "testdata" &&
              !sub.includes(targetParts[1]!)
            ) {
              errors.push(`${rel}: '${top}/${parts[1]}' may not import '${top}/${targetParts[1]}' (${spec}); share it from ${top}/ itself`);
            }
          }
        }
      }
      if (ts.isExportAssignment(node) && !node.isExportEquals) errors.push(`${rel}: default export; use named exports`);
      if (ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) {
        errors.push(`${rel}: default export; use named exports`);
      }
      if (ts.isEnumDeclaration(node)) errors.push(`${rel}: enum; use a union of string literals`);
      if (!isTest && node.kind === ts.SyntaxKind.AnyKeyword) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
        errors.push(`${rel}:${line + 1}: 'any'; use unknown or a precise type`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return errors;
}

// `node --import tsx scripts/lint.ts [SRC_DIR]`: the project's src/ by default; a test lints a
// tree of its own to see a rule fail.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const errors = lintTree(resolve(process.argv[2] ?? join(import.meta.dirname, "..", "src")));
  if (errors.length > 0) {
    for (const e of errors) console.error(`lint: ${e}`);
    console.error(`lint: ${errors.length} problem(s)`);
    process.exit(1);
  }
  console.log("lint: ok");
}
