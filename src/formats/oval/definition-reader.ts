import type { CriteriaNode, CriteriaOperator, OvalCve, OvalDefinition, OvalReference } from "./types.js";
import type { SaxHandlers } from "./sax.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type CriteriaBuilder = { operator: CriteriaOperator; negate: boolean; children: CriteriaNode[] };

/** Metadata elements kept as plain strings in `extra` when a vendor puts them directly in metadata. */
const EXTRA = new Set(["patchable", "advisory_id", "advisory_date"]);
const TEXT = new Set(["title", "description", "platform", "severity", "cve", ...EXTRA]);

function operatorOf(v: string | undefined): CriteriaOperator {
  const u = (v ?? "AND").toUpperCase();
  return u === "OR" || u === "ONE" || u === "XOR" ? u : "AND";
}

/**
 * Builds each `<definition>` as a compact record and hands it to `onDefinition` as soon as it
 * closes, so only the open definition is held here.
 */
export function definitionHandlers(onDefinition: (def: OvalDefinition) => void): SaxHandlers {
  let def: (Mutable<OvalDefinition> & { platforms: string[]; references: OvalReference[]; cves: OvalCve[]; extra: Record<string, string> }) | null = null;
  const criteria: CriteriaBuilder[] = [];
  let text: string | null = null;
  let cveAttrs: Record<string, string> = {};

  return {
    open(local, attrs, parent) {
      if (local === "definition" && parent === "definitions") {
        def = {
          id: attrs["id"] ?? "",
          class: attrs["class"] ?? "",
          title: "",
          description: null,
          platforms: [],
          references: [],
          cves: [],
          severity: null,
          extra: {},
          criteria: null,
        };
        return;
      }
      if (def === null) return;
      if (local === "reference")
        def.references.push({ source: attrs["source"] ?? "", refId: (attrs["ref_id"] ?? "").trim(), refUrl: attrs["ref_url"]?.replace(/\s+/g, "") || null });
      else if (local === "criteria") criteria.push({ operator: operatorOf(attrs["operator"]), negate: attrs["negate"] === "true", children: [] });
      else if (local === "criterion" || local === "extend_definition") {
        const negate = attrs["negate"] === "true";
        const leaf: CriteriaNode =
          local === "criterion"
            ? { kind: "criterion", testRef: attrs["test_ref"] ?? "", negate, comment: attrs["comment"] ?? null }
            : { kind: "extend", definitionRef: attrs["definition_ref"] ?? "", negate };
        const top = criteria[criteria.length - 1];
        if (top) top.children.push(leaf);
        else def.criteria = leaf;
      } else if (TEXT.has(local)) {
        text = "";
        if (local === "cve") cveAttrs = attrs;
      }
    },
    text(t) {
      if (text !== null) text += t;
    },
    close(local, parent) {
      if (def === null) return;
      if (local === "definition" && parent === "definitions") {
        onDefinition(def);
        def = null;
        criteria.length = 0;
        return;
      }
      if (local === "criteria") {
        const b = criteria.pop();
        if (!b) return;
        const node: CriteriaNode = { kind: "criteria", operator: b.operator, negate: b.negate, children: b.children };
        const top = criteria[criteria.length - 1];
        if (top) top.children.push(node);
        else def.criteria = node;
        return;
      }
      if (text === null || !TEXT.has(local)) return;
      const value = text.trim();
      text = null;
      if (local === "title") def.title = value.replace(/\s+/g, " ");
      else if (local === "description") def.description = value || null;
      else if (local === "platform") def.platforms.push(value);
      else if (local === "severity") def.severity = value || null;
      else if (local === "cve") {
        // SUSE writes `CVE-2010-1323 at SUSE`; the id is the first token.
        const id = /CVE-\d{4}-\d+/.exec(value)?.[0] ?? value;
        def.cves.push({ id, href: cveAttrs["href"] ?? null, cvss3: cveAttrs["cvss3"] || null });
      } else if (EXTRA.has(local)) def.extra[local] = value;
    },
  };
}
