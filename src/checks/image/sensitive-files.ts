import type { CheckRule } from "../../contracts/check-rule.js";
import type { Evidence } from "../../core/check.js";
import { type ImageCheckInput, isEmptyTree } from "./input.js";
import { baseName, fileSecretHits, isThirdPartyPath } from "./secret-files-util.js";
import { EXTRA_SECTION } from "./section-util.js";

const KEY_FILE_NAMES = new Set(["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"]);

function finding(path: string, entryType: string, content: string | undefined): string | null {
  const name = baseName(path);
  if (entryType === "dir") return name === ".git" ? "git repository metadata (.git)" : null;
  if (entryType !== "file") return null;
  if (KEY_FILE_NAMES.has(name)) return "SSH private key";
  if (name === ".git-credentials") return "git credential store";
  if (path.endsWith(".aws/credentials")) return "AWS credentials file";
  if (content === undefined) return null;
  const kinds = new Set(fileSecretHits(path, content).map((h) => h.kind));
  if ((name.endsWith(".pem") || name.endsWith(".key")) && kinds.has("private-key")) return "private key";
  if (name === ".npmrc" && kinds.has("npm-auth")) return ".npmrc with registry credentials";
  if (path.endsWith(".docker/config.json") && kinds.has("docker-auth")) return "docker config.json with registry credentials";
  return null;
}

/**
 * Dockle DKL-LI-0003 style, narrowed to files that hold credentials or source history. Key
 * files are judged by their content where a name is ambiguous (`*.pem` is usually a
 * certificate). Package trees (node_modules, site-packages, vendor) are left out: their test
 * keys are public.
 */
export const sensitiveFiles: CheckRule<ImageCheckInput> = {
  id: "sensitive-files",
  group: "image",
  benchmarkIds: {},
  references: ["DKL-LI-0003"],
  title: "Do not ship private keys, credential files or .git directories",
  section: EXTRA_SECTION,
  level: 1,
  severity: "high",
  needs: ["image filesystem: file names", "content of *.pem, *.key, .npmrc, .docker/config.json"],
  remediation: "Exclude these paths in .dockerignore, use multi-stage builds, and rotate any key or token that was shipped.",
  evaluate(input) {
    if (isEmptyTree(input.tree)) return { status: "skip", missing: "image filesystem" };
    const evidence: Evidence[] = [];
    for (const e of input.tree.entries()) {
      if (isThirdPartyPath(e.path)) continue;
      const what = finding(e.path, e.type, e.type === "file" ? input.tree.read(e.path)?.toString("utf8") : undefined);
      if (what !== null) evidence.push({ file: e.path, detail: what });
    }
    return evidence.length > 0 ? { status: "fail", evidence } : { status: "pass" };
  },
};
