/**
 * Amazon Linux 2 "extras" (amazon-linux-extras topics) publish their advisories in the same AL2
 * feed, with the topic in the id: `ALAS2KERNEL-5.10-2023-001`, `ALAS2PYTHON3.8-2023-002`,
 * `ALAS2DOCKER-2023-003`. A topic's packages often share names with the base repository's
 * (`kernel` 5.10 from the extras topic, `kernel` 4.14 from core), so a topic's fix must not be
 * compared with a base package of another version stream: kernel 4.14.x is always "lower" than
 * a 5.10 fix, which would be a false positive.
 */
export interface ExtrasTopic {
  /** `KERNEL-5.10`, `PYTHON3.8`, `DOCKER`. */
  readonly topic: string;
  /** The version stream the topic names (`5.10`, `3.8`), or null (`DOCKER`). */
  readonly stream: string | null;
}

const EXTRAS_ID = /^ALAS2([A-Z][A-Z0-9.]*?(?:-[0-9][0-9.]*)?)-[0-9]{4}-[0-9]+$/;

export function extrasTopicOf(alasId: string): ExtrasTopic | null {
  const m = EXTRAS_ID.exec(alasId);
  if (!m) return null;
  const topic = m[1]!;
  const stream = /-?([0-9]+(?:\.[0-9]+)*)$/.exec(topic)?.[1] ?? null;
  return { topic, stream };
}

/**
 * Whether `installed` (an EVR) may be compared with an extras `fixed` EVR. The guard applies only
 * when the fix itself is in the topic's stream (kernel 5.10.x for `KERNEL-5.10`); topics whose
 * number is not the package version (`CORRETTO8` ships 1.8.0…) are compared as usual.
 */
export function sameStream(topic: ExtrasTopic, installed: string, fixed: string): boolean {
  if (topic.stream === null) return true;
  const inStream = (evr: string): boolean => {
    const version = evr.replace(/^[0-9]+:/, "");
    return version === topic.stream || version.startsWith(`${topic.stream}.`) || version.startsWith(`${topic.stream}-`);
  };
  if (!inStream(fixed)) return true;
  return inStream(installed);
}
