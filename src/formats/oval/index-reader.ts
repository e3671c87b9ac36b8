import type { OvalField, OvalIndex, OvalObject, OvalState, OvalTest } from "./types.js";
import { detach, type SaxHandlers } from "./sax.js";

const CONTAINERS = { tests: "test", objects: "object", states: "state", state: "state" } as const;

/**
 * The tests, objects and states as small id-keyed records; everything under `<definitions>` is
 * ignored here. Kept strings are detached from saxes' chunks, and the few words that repeat on
 * every record (element kinds, operations, datatypes) are shared, so the index costs what its
 * ids and values cost and no more.
 */
export function indexHandlers(): { readonly handlers: SaxHandlers; readonly index: OvalIndex } {
  const tests = new Map<string, OvalTest>();
  const objects = new Map<string, OvalObject>();
  const states = new Map<string, OvalState>();
  const words = new Map<string, string>();
  const word = (s: string): string => {
    let w = words.get(s);
    if (w === undefined) words.set((w = detach(s)), w);
    return w;
  };
  let section: "test" | "object" | "state" | null = null;
  let depth = 0;
  let current: { id: string; kind: string; comment: string | null; objectRef: string | null; stateRefs: string[]; name: string | null; fields: Record<string, OvalField> } | null = null;
  let field: { local: string; operation: string; datatype: string | null } | null = null;
  let text: string | null = null;

  const handlers: SaxHandlers = {
    open(local, attrs, parent) {
      if (parent === "oval_definitions" && Object.hasOwn(CONTAINERS, local)) {
        section = CONTAINERS[local as keyof typeof CONTAINERS];
        depth = 0;
        return;
      }
      if (section === null) return;
      depth++;
      if (depth === 1) {
        const comment = attrs["comment"];
        current = { id: detach(attrs["id"] ?? ""), kind: word(local), comment: comment === undefined ? null : detach(comment), objectRef: null, stateRefs: [], name: null, fields: {} };
        return;
      }
      if (depth !== 2 || current === null) return;
      if (section === "test") {
        if (local === "object" && attrs["object_ref"]) current.objectRef = detach(attrs["object_ref"]);
        if (local === "state" && attrs["state_ref"]) current.stateRefs.push(detach(attrs["state_ref"]));
      } else {
        const datatype = attrs["datatype"];
        field = { local: word(local), operation: word(attrs["operation"] ?? "equals"), datatype: datatype === undefined ? null : word(datatype) };
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
        const value = detach(text.trim());
        if (section === "object" && field.local === "name") current.name = value;
        if (section === "state") current.fields[field.local] = { operation: field.operation, datatype: field.datatype, value };
        field = null;
        text = null;
      }
      if (depth === 1 && current !== null) {
        const c = current;
        // `[...refs]` sizes the array exactly; a pushed-to array keeps room for 16.
        if (section === "test") tests.set(c.id, { id: c.id, kind: c.kind, comment: c.comment, objectRef: c.objectRef, stateRefs: [...c.stateRefs] });
        else if (section === "object") objects.set(c.id, { id: c.id, kind: c.kind, name: c.name });
        else states.set(c.id, { id: c.id, kind: c.kind, fields: c.fields });
        current = null;
      }
      depth--;
    },
  };
  return { handlers, index: { tests, objects, states } };
}
