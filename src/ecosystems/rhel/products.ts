import type { CsafBranch, CsafProductTree } from "./csaf-schema.js";

/** An rpm named by a CSAF product: what a purl `pkg:rpm/redhat/NAME@V-R?arch=…&epoch=…&rpmmod=…` says. */
export interface RpmComponent {
  readonly name: string;
  /** `[epoch:]version-release`, epoch 0 dropped; null when the product names no version (VEX known_affected). */
  readonly evr: string | null;
  readonly arch: string | null;
  /** `name:stream` of the module the rpm was built in, or null. */
  readonly module: string | null;
}

/** A full product id resolved to the stream CPE it ships in and the rpm (and module) it is. */
export interface ResolvedProduct {
  readonly cpe: string | null;
  readonly rpm: RpmComponent | null;
  readonly module: string | null;
}

interface BaseProduct {
  readonly cpe: string | null;
  readonly rpm: RpmComponent | null;
  /** `name:stream` for a `pkg:rpmmod/…` product (a module as a whole). */
  readonly module: string | null;
}

/**
 * Parses the rpm and rpmmod purls Red Hat writes. Returns the module for `rpmmod` purls
 * (`pkg:rpmmod/redhat/ruby@2.7:8080…:63b3…` → `ruby:2.7`).
 */
export function parseRedHatPurl(purl: string): { rpm: RpmComponent | null; module: string | null } | null {
  const m = /^pkg:(rpm|rpmmod)\/[^/]+\/([^@?#]+)(?:@([^?#]+))?(?:\?([^#]*))?/.exec(purl);
  if (!m) return null;
  const [, type, rawName, rawVersion, rawQuery] = m;
  const name = decodeURIComponent(rawName!);
  const version = rawVersion === undefined ? null : decodeURIComponent(rawVersion);
  const q = new Map<string, string>();
  for (const pair of (rawQuery ?? "").split("&")) {
    const eq = pair.indexOf("=");
    if (eq > 0) q.set(pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1)));
  }
  if (type === "rpmmod") {
    const stream = version?.split(":")[0];
    return { rpm: null, module: stream ? `${name}:${stream}` : null };
  }
  const rpmmod = q.get("rpmmod")?.split(":");
  const module = rpmmod && rpmmod.length >= 2 && rpmmod[0] && rpmmod[1] ? `${rpmmod[0]}:${rpmmod[1]}` : null;
  const epoch = q.get("epoch");
  const evr = version === null ? null : `${epoch && epoch !== "0" ? `${epoch}:` : ""}${version}`;
  return { rpm: { name, evr, arch: q.get("arch") ?? null, module }, module };
}

function collect(branches: readonly CsafBranch[], out: Map<string, BaseProduct>): void {
  for (const b of branches) {
    const p = b.product;
    if (p) {
      const helper = p.product_identification_helper;
      const parsed = helper?.purl ? parseRedHatPurl(helper.purl) : null;
      out.set(p.product_id, { cpe: helper?.cpe ?? null, rpm: parsed?.rpm ?? null, module: parsed?.module ?? null });
    }
    if (b.branches) collect(b.branches, out);
  }
}

/**
 * Resolves full product ids (`AppStream-9.4.0.Z.MAIN.EUS:python3.9-0:3.9.18-3.el9_4.5.src`) through
 * the relationships to the platform's CPE and the component's rpm. Relationships can nest (an rpm
 * that is a component of a module that is a component of a platform), so resolution recurses.
 */
export class ProductIndex {
  private readonly base = new Map<string, BaseProduct>();
  private readonly rels = new Map<string, { component: string; platform: string }>();
  private readonly cache = new Map<string, ResolvedProduct | null>();

  constructor(tree: CsafProductTree) {
    collect(tree.branches, this.base);
    for (const r of tree.relationships) {
      this.rels.set(r.full_product_name.product_id, { component: r.product_reference, platform: r.relates_to_product_reference });
    }
  }

  resolve(id: string, depth = 0): ResolvedProduct | null {
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    let out: ResolvedProduct | null = null;
    const rel = this.rels.get(id);
    if (rel && depth < 8) {
      const platform = this.resolve(rel.platform, depth + 1);
      const component = this.resolve(rel.component, depth + 1);
      if (platform && component) {
        out = {
          cpe: platform.cpe ?? component.cpe,
          rpm: component.rpm ?? platform.rpm,
          module: component.rpm?.module ?? component.module ?? platform.module,
        };
      }
    } else {
      const b = this.base.get(id);
      if (b) out = { cpe: b.cpe, rpm: b.rpm, module: b.rpm?.module ?? b.module };
    }
    this.cache.set(id, out);
    return out;
  }
}
