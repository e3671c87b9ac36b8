import type { OvalField, OvalObject, OvalState, OvalTest } from "./types.js";
import type { SaxHandlers } from "./sax.js";

const CONTAINERS = { tests: "test", objects: "object", states: "state", state: "state" } as const;

/** Where the index records go as they close: the on-disk store when parsing, Maps for inspection. */
export interface IndexSink {
  test(t: OvalTest): void;
  object(o: OvalObject): void;
  state(s: OvalState): void;
}

/**
 * The tests, objects and states as small id-keyed records, each handed to `sink` as it closes
 * and not kept here; everything under `<definitions>` is ignored.
 */
export function indexHandlers(sink: IndexSink): SaxHandlers {
  let section: "test" | "object" | "state" | null = null;
  let depth = 0;
  let current: {
    id: string;
    kind: string;
    comment: string | null;
    objectRef: string | null;
    stateRefs: string[];
    name: string | null;
    fields: Record<string, OvalField>;
  } | null = null;
  let field: { local: string; operation: string; datatype: string | null } | null = null;
  let text: string | null = null;

  return {
    open(local, attrs, parent) {
      if (parent === "oval_definitions" && Object.hasOwn(CONTAINERS, local)) {
        section = CONTAINERS[local as keyof typeof CONTAINERS];
        depth = 0;
        return;
      }
      if (section === null) return;
      depth++;
      if (depth === 1) {
        current = { id: attrs["id"] ?? "", kind: local, comment: attrs["comment"] ?? null, objectRef: null, stateRefs: [], name: null, fields: {} };
        return;
      }
      if (depth !== 2 || current === null) return;
      if (section === "test") {
        if (local === "object" && attrs["object_ref"]) current.objectRef = attrs["object_ref"];
        if (local === "state" && attrs["state_ref"]) current.stateRefs.push(attrs["state_ref"]);
      } else {
        field = { local, operation: attrs["operation"] ?? "equals", datatype: attrs["datatype"] ?? null };
        text = "";
      }
    },
    text(t) {
      if (text !== null) text += t;
    },
    close(local, parent) {
      if (section === null) return;
      if (parent === "oval_definitions" && Object.hasOwn(CONTAINERS, local) && depth === 0) {
        section = null;
        return;
      }
      if (depth === 2 && current !== null && field !== null && text !== null) {
        const value = text.trim();
        if (section === "object" && field.local === "name") current.name = value;
        if (section === "state") current.fields[field.local] = { operation: field.operation, datatype: field.datatype, value };
        field = null;
        text = null;
      }
      if (depth === 1 && current !== null) {
        const c = current;
        if (section === "test") sink.test({ id: c.id, kind: c.kind, comment: c.comment, objectRef: c.objectRef, stateRefs: c.stateRefs });
        else if (section === "object") sink.object({ id: c.id, kind: c.kind, name: c.name });
        else sink.state({ id: c.id, kind: c.kind, fields: c.fields });
        current = null;
      }
      depth--;
    },
  };
}
