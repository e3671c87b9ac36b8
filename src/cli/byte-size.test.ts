import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFatalError } from "../core/problem.js";
import { loadSettings, parseByteSize } from "./config.js";

describe("--max-buffered-bytes and CLARO_MAX_BUFFERED_BYTES", () => {
  it("reads bytes and binary units", () => {
    assert.equal(parseByteSize("268435456", "x"), 268435456);
    assert.equal(parseByteSize("512MiB", "x"), 512 * 1024 ** 2);
    assert.equal(parseByteSize("1 GiB", "x"), 1024 ** 3);
    assert.equal(parseByteSize("64k", "x"), 64 * 1024);
    assert.equal(parseByteSize("0", "x"), 0);
  });

  it("refuses anything else as CONFIG_INVALID naming where it came from", () => {
    for (const bad of ["", "lots", "-1", "1.5GiB", "12TB"]) {
      assert.throws(
        () => parseByteSize(bad, "--max-buffered-bytes"),
        (e) => isFatalError(e) && e.code === "CONFIG_INVALID" && e.message.startsWith("--max-buffered-bytes:"),
      );
    }
  });

  it("takes the environment variable, and a flag over it", () => {
    // No config file may speak: a user's ~/.config/claro would otherwise be read.
    const none = { XDG_CONFIG_HOME: "/nonexistent/claro-test" };
    const env = { ...none, CLARO_MAX_BUFFERED_BYTES: "256MiB" };
    assert.equal(loadSettings({}, undefined, env).maxBufferedBytes, 256 * 1024 ** 2);
    assert.equal(loadSettings({ maxBufferedBytes: 1024 }, undefined, env).maxBufferedBytes, 1024);
    assert.throws(
      () => loadSettings({}, undefined, { ...none, CLARO_MAX_BUFFERED_BYTES: "huge" }),
      (e) => isFatalError(e) && e.message.includes("CLARO_MAX_BUFFERED_BYTES"),
    );
  });
});
