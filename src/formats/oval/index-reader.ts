import type { OvalField, OvalIndex, OvalObject, OvalState, OvalTest } from "./types.js";
import { saxAll } from "./sax.js";

const CONTAINERS = { tests: "test", objects: "object", states: "state", state: "state" } as const;

/**
 * Pass one: the tests, objects and states, which come after the definitions, as small id-keyed
 * records. Everything under `<definitions>` is skipped here (pass two streams it).
 */
export function indexOval(body: Buffer, label: string): OvalIndex {
  const tests = new Map<string, OvalTest>();
  const objects = new Map<string, OvalObject>();
  const states = new Map<string, OvalState>();
  let section: "test" | "object" | "state" | null = null;
  let depth = 0;
  let current: { id: string; kind: string; comment: string | null; objectRef: string | null; stateRefs: string[]; name: string | null; fields: Record<string, OvalField> } | null = null;
  let field: { local: string; operation: string; datatype: string | null } | null = null;
  let text: string | null = null;

  saxAll(body, label, {
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
        if (section === "test") tests.set(c.id, { id: c.id, kind: c.kind, comment: c.comment, objectRef: c.objectRef, stateRefs: c.stateRefs });
        else if (section === "object") objects.set(c.id, { id: c.id, kind: c.kind, name: c.name });
        else states.set(c.id, { id: c.id, kind: c.kind, fields: c.fields });
        current = null;
      }
      depth--;
    },
  });
  return { tests, objects, states };
}
