import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ecosystems } from "./index.js";
import { ECOSYSTEM_NAMES, isEcosystemName, updaterCatalog } from "./updater-catalog.js";

describe("updater catalog", () => {
  it("names the registry's ecosystems in its order", () => {
    assert.deepEqual(ECOSYSTEM_NAMES, Object.keys(ecosystems));
    assert.equal(isEcosystemName("debian"), true);
    assert.equal(isEcosystemName("toString"), false);
  });

  it("loads each ecosystem's own updater factory", async () => {
    for (const name of ECOSYSTEM_NAMES) assert.equal(await updaterCatalog[name](), ecosystems[name].updaters, name);
  });
});
