/** One module line of Go build info: `mod`/`dep`, optionally replaced by a following `=>` line. */
export interface GoModule {
  readonly path: string;
  readonly version: string;
  readonly sum: string;
  readonly replace: GoModule | null;
}

export interface GoModInfo {
  /** The main package path (`path` line); null for a binary without one. */
  readonly path: string | null;
  readonly main: GoModule | null;
  readonly deps: readonly GoModule[];
  /** `build` settings as key/value, in order (Go ≥ 1.18). */
  readonly settings: readonly (readonly [key: string, value: string])[];
}

function moduleOf(fields: readonly string[]): GoModule {
  return { path: fields[1] ?? "", version: fields[2] ?? "", sum: fields[3] ?? "", replace: null };
}

/** Go quotes a build setting value with strconv.Quote when it holds these. */
function unquote(v: string): string {
  if (!v.startsWith('"')) return v;
  try {
    const s: unknown = JSON.parse(v);
    return typeof s === "string" ? s : v;
  } catch {
    return v;
  }
}

/** Parses the module info text as `debug/buildinfo.ParseBuildInfo` does; unknown lines are ignored. */
export function parseModInfo(text: string): GoModInfo {
  let path: string | null = null;
  let main = null as GoModule | null;
  const deps: GoModule[] = [];
  const settings: [string, string][] = [];
  let last: "main" | "dep" | null = null;
  for (const line of text.split("\n")) {
    const fields = line.split("\t");
    switch (fields[0]) {
      case "path":
        path = fields[1] ?? null;
        last = null;
        break;
      case "mod":
        main = moduleOf(fields);
        last = "main";
        break;
      case "dep":
        deps.push(moduleOf(fields));
        last = "dep";
        break;
      case "=>": {
        const r = moduleOf(fields);
        if (last === "main" && main) main = { ...main, replace: r };
        else if (last === "dep" && deps.length > 0) {
          const prev = deps[deps.length - 1]!;
          deps[deps.length - 1] = { ...prev, replace: r };
        }
        last = null;
        break;
      }
      case "build": {
        const kv = line.slice("build\t".length);
        const eq = kv.startsWith('"') ? kv.indexOf("=", kv.indexOf('"', 1) + 1) : kv.indexOf("=");
        if (eq > 0) settings.push([unquote(kv.slice(0, eq)), unquote(kv.slice(eq + 1))]);
        last = null;
        break;
      }
      default:
        last = null;
    }
  }
  return { path, main, deps, settings };
}

function quoteIfNeeded(s: string): string {
  return /[ \t\r\n"`]/.test(s) ? JSON.stringify(s) : s;
}

/** `go version -m FILE` output for parsed build info, byte for byte as Go 1.19+ prints it. */
export function formatGoVersionM(file: string, goVersion: string, info: GoModInfo): string {
  const lines = [`${file}: ${goVersion}`];
  const mod = (word: string, m: GoModule): void => {
    if (m.replace === null) lines.push(`\t${word}\t${m.path}\t${m.version}\t${m.sum}`);
    else {
      lines.push(`\t${word}\t${m.path}\t${m.version}`);
      mod("=>", m.replace);
    }
  };
  if (info.path !== null) lines.push(`\tpath\t${info.path}`);
  if (info.main) mod("mod", info.main);
  for (const d of info.deps) mod("dep", d);
  for (const [k, v] of info.settings) lines.push(`\tbuild\t${/[= \t\r\n"`]/.test(k) ? JSON.stringify(k) : k}=${quoteIfNeeded(v)}`);
  return `${lines.join("\n")}\n`;
}
