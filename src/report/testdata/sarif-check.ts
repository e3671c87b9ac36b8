// Structural SARIF 2.1.0 validation: the fields GitHub code scanning requires, plus claro's own
// promise that every result has a location (Dockle's SARIF was rejected for lacking them).

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Returns the list of violations; empty when the document is structurally valid. */
export function sarifViolations(doc: unknown): string[] {
  const errors: string[] = [];
  if (!isObject(doc)) return ["document is not an object"];
  if (doc["version"] !== "2.1.0") errors.push("version is not 2.1.0");
  if (typeof doc["$schema"] !== "string") errors.push("$schema missing");
  const runs = doc["runs"];
  if (!Array.isArray(runs) || runs.length === 0) return [...errors, "runs missing or empty"];
  runs.forEach((run: unknown, ri) => {
    if (!isObject(run)) return void errors.push(`runs[${ri}] is not an object`);
    const driver = isObject(run["tool"]) && isObject(run["tool"]["driver"]) ? run["tool"]["driver"] : null;
    if (driver === null || typeof driver["name"] !== "string") return void errors.push(`runs[${ri}].tool.driver.name missing`);
    const rules = Array.isArray(driver["rules"]) ? (driver["rules"] as unknown[]) : [];
    const ids = rules.map((r) => (isObject(r) ? r["id"] : undefined));
    if (new Set(ids).size !== ids.length) errors.push(`runs[${ri}]: duplicate rule ids`);
    rules.forEach((r, i) => {
      if (!isObject(r) || typeof r["id"] !== "string") errors.push(`runs[${ri}].rules[${i}].id missing`);
      else if (!isObject(r["shortDescription"]) || typeof r["shortDescription"]["text"] !== "string")
        errors.push(`rule ${r["id"]}: shortDescription.text missing`);
    });
    const results = run["results"];
    if (!Array.isArray(results)) return void errors.push(`runs[${ri}].results missing`);
    results.forEach((res: unknown, i) => {
      const at = `runs[${ri}].results[${i}]`;
      if (!isObject(res)) return void errors.push(`${at} is not an object`);
      const ruleId = res["ruleId"];
      if (typeof ruleId !== "string") errors.push(`${at}.ruleId missing`);
      else if (!ids.includes(ruleId)) errors.push(`${at}.ruleId ${ruleId} is not in tool.driver.rules`);
      if (typeof res["ruleIndex"] === "number" && ids[res["ruleIndex"]] !== ruleId) errors.push(`${at}.ruleIndex does not point at ${String(ruleId)}`);
      if (!isObject(res["message"]) || typeof res["message"]["text"] !== "string") errors.push(`${at}.message.text missing`);
      if (!["error", "warning", "note", "none"].includes(String(res["level"]))) errors.push(`${at}.level invalid`);
      const locations = res["locations"];
      if (!Array.isArray(locations) || locations.length === 0) return void errors.push(`${at} has no location`);
      locations.forEach((loc: unknown, li) => {
        const phys = isObject(loc) ? loc["physicalLocation"] : undefined;
        const art = isObject(phys) ? phys["artifactLocation"] : undefined;
        if (!isObject(art) || typeof art["uri"] !== "string" || art["uri"] === "")
          errors.push(`${at}.locations[${li}] has no physicalLocation.artifactLocation.uri`);
        // A reference like `alpine:latest` parses as a URI with scheme `alpine`: not a file.
        else if (/^[a-z][a-z0-9+.-]*:/i.test(art["uri"]) && !/^file:/i.test(art["uri"]))
          errors.push(`${at}.locations[${li}] uri '${art["uri"]}' has a non-file scheme`);
        const region = isObject(phys) ? phys["region"] : undefined;
        if (region !== undefined && (!isObject(region) || typeof region["startLine"] !== "number" || region["startLine"] < 1))
          errors.push(`${at}.locations[${li}].region.startLine invalid`);
      });
    });
  });
  return errors;
}
