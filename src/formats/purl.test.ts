import assert from "node:assert/strict";
import { test } from "node:test";
import { formatPurl, formatPurlLenient, purlEncode } from "./purl.js";

test("builds a Debian purl the way Syft writes it", () => {
  // Syft's debian cataloger output for a bookworm libc6 (syft/pkg/cataloger/debian/package.go).
  const purl = formatPurl({
    type: "deb",
    namespace: "debian",
    name: "libc6",
    version: "2.36-9+deb12u4",
    qualifiers: { distro: "debian-12", arch: "amd64" },
  });
  assert.equal(purl, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12");
});

test("leaves epoch colons bare, drops empty qualifiers and sorts keys", () => {
  const purl = formatPurl({
    type: "DEB",
    namespace: "debian",
    name: "libgcc-s1",
    version: "1:12.2.0-14",
    qualifiers: { upstream: "gcc-12@12.2.0-14", distro: "debian-12", arch: "", Empty: null },
  });
  assert.equal(purl, "pkg:deb/debian/libgcc-s1@1:12.2.0-14?distro=debian-12&upstream=gcc-12%4012.2.0-14");
});

test("matches the purl-spec examples for apk and subpaths", () => {
  assert.equal(
    formatPurl({ type: "apk", namespace: "alpine", name: "curl", version: "7.83.0-r0", qualifiers: { arch: "x86" } }),
    "pkg:apk/alpine/curl@7.83.0-r0?arch=x86",
  );
  assert.equal(
    formatPurl({ type: "golang", namespace: "google.golang.org", name: "genproto", subpath: "googleapis/api/annotations" }),
    "pkg:golang/google.golang.org/genproto#googleapis/api/annotations",
  );
  assert.equal(purlEncode("a b/c"), "a%20b%2Fc");
});

test("lenient building never throws on image data and still encodes as the spec says", () => {
  // packageurl-js 2.0.1 throws a ReferenceError for a golang `v` version that is not semver.
  assert.equal(formatPurlLenient({ type: "golang", namespace: "example.com/a", name: "b", version: "v1.2" }), "pkg:golang/example.com/a/b@v1.2");
  assert.throws(() => formatPurl({ type: "maven", name: "tomcat-embed-websocket", version: "9.0.65" }));
});
