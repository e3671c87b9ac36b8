import { LineCounter, parseAllDocuments } from "yaml";
import type { Problem } from "../../core/problem.js";
import { composeServices, looksLikeCompose } from "./compose-util.js";
import { inspectContainer, looksLikeInspect } from "./inspect-util.js";
import { kubernetesContainers, looksLikeKubernetes } from "./kubernetes-util.js";
import type { ContainerSpec, RuntimeCheckInput, RuntimeFormat } from "./spec-util.js";
import { Cursor } from "./yaml-util.js";

export type {
  ContainerSpec,
  Healthcheck,
  Located,
  MountKind,
  MountSpec,
  PortSpec,
  RestartPolicy,
  RuntimeCheckInput,
  RuntimeFormat,
  Setting,
} from "./spec-util.js";

function malformed(path: string, line: number | null, detail: string): Problem {
  return { kind: "malformed-record", path, line, detail };
}

const NOT_RECOGNISED =
  "not a runtime configuration: expected `docker inspect` JSON (an array of containers), a Docker Compose file (a `services:` map) or Kubernetes workload manifests";

/**
 * Reads `docker inspect` JSON, a Compose file, or (multi-document) Kubernetes manifests into one
 * list of containers. Never throws on bad input: an unreadable file yields no containers and a
 * Problem, so every rule then skips with "no containers" rather than passing.
 */
export function parseRuntime(text: string, path: string): RuntimeCheckInput {
  const lineCounter = new LineCounter();
  // JSON is parsed as YAML too: same node API, and `docker inspect` evidence gets real lines.
  const docs = parseAllDocuments(text, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false });
  const fail = (detail: string, line: number | null = null): RuntimeCheckInput => ({
    file: path,
    format: null,
    containers: [],
    problems: [malformed(path, line, detail)],
  });
  if (!Array.isArray(docs)) return fail("empty file: " + NOT_RECOGNISED);
  const problems: Problem[] = [];
  const containers: ContainerSpec[] = [];
  let format: RuntimeFormat | null = null;
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
      problems.push(malformed(path, line, `cannot parse: ${error.message.split("\n")[0]}`));
      continue;
    }
    const root = Cursor.root({ doc, lineCounter }, doc.contents);
    if (root.isNull()) continue;
    const objects = root.isSeq() ? root.items() : [root];
    if (objects.length > 0 && objects.every(looksLikeInspect)) {
      format ??= "docker-inspect";
      objects.forEach((o, i) => containers.push(inspectContainer(Cursor.root(o.ctx, o.node), path, i)));
    } else if (looksLikeCompose(root)) {
      format ??= "compose";
      containers.push(...composeServices(root, path));
    } else if (looksLikeKubernetes(root)) {
      format ??= "kubernetes";
      containers.push(...kubernetesContainers(root, path));
    } else if (root.isSeq() && objects.length === 0) {
      // `docker inspect` of nothing prints `[]`.
      format ??= "docker-inspect";
    } else {
      problems.push(malformed(path, root.line, NOT_RECOGNISED));
    }
  }
  if (format === null && problems.length === 0) problems.push(malformed(path, null, "no documents: " + NOT_RECOGNISED));
  return { file: path, format, containers, problems };
}
