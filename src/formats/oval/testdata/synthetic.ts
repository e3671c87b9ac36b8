import { closeSync, openSync, writeSync } from "node:fs";

/**
 * Writes a SUSE-shaped OVAL file of about `targetBytes`: each definition needs two tests, two
 * objects and two states that come after all definitions, which is what makes a naive reader
 * hold everything. Returns the number of definitions written.
 */
export function writeSyntheticOval(path: string, targetBytes: number): number {
  const fd = openSync(path, "w");
  const perDef = 1860;
  const n = Math.ceil(targetBytes / perDef);
  const w = (s: string): void => void writeSync(fd, s);
  w('<?xml version="1.0" encoding="UTF-8"?>\n<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5">\n<definitions>\n');
  let buf = "";
  const flush = (force: boolean): void => {
    if (force || buf.length > 1 << 20) {
      w(buf);
      buf = "";
    }
  };
  for (let i = 0; i < n; i++) {
    buf += `<definition id="oval:test:def:${i}" version="1" class="vulnerability"><metadata><title>CVE-2099-${10000 + i}</title><affected family="unix"><platform>Test 1</platform></affected>`;
    buf += `<reference ref_id="CVE-2099-${10000 + i}" ref_url="https://example.invalid/CVE-2099-${10000 + i}" source="CVE"/><description>${"synthetic description text ".repeat(20)}</description>`;
    buf += `<advisory><severity>Moderate</severity></advisory></metadata><criteria operator="AND"><criterion test_ref="oval:test:tst:r" comment="release 1"/>`;
    buf += `<criteria operator="OR"><criterion test_ref="oval:test:tst:${i}a" comment="pkg${i} is &lt;1.${i}-1"/><criterion test_ref="oval:test:tst:${i}b" comment="pkg${i}-libs is &lt;1.${i}-1"/></criteria></criteria></definition>\n`;
    flush(false);
  }
  w(buf + "</definitions>\n<tests>\n");
  buf = '<rpminfo_test id="oval:test:tst:r" check="at least one"><object object_ref="oval:test:obj:r"/><state state_ref="oval:test:ste:r"/></rpminfo_test>\n';
  for (let i = 0; i < n; i++) {
    for (const s of ["a", "b"]) buf += `<rpminfo_test id="oval:test:tst:${i}${s}" check="at least one"><object object_ref="oval:test:obj:${i}${s}"/><state state_ref="oval:test:ste:${i}"/></rpminfo_test>\n`;
    flush(false);
  }
  w(buf + "</tests>\n<objects>\n");
  buf = '<rpminfo_object id="oval:test:obj:r"><name>test-release</name></rpminfo_object>\n';
  for (let i = 0; i < n; i++) {
    buf += `<rpminfo_object id="oval:test:obj:${i}a"><name>pkg${i}</name></rpminfo_object>\n<rpminfo_object id="oval:test:obj:${i}b"><name>pkg${i}-libs</name></rpminfo_object>\n`;
    flush(false);
  }
  w(buf + "</objects>\n<states>\n");
  buf = '<rpminfo_state id="oval:test:ste:r"><version operation="equals">1</version></rpminfo_state>\n';
  for (let i = 0; i < n; i++) {
    buf += `<rpminfo_state id="oval:test:ste:${i}"><arch operation="pattern match">(x86_64|aarch64)</arch><evr datatype="evr_string" operation="less than">0:1.${i}-1</evr></rpminfo_state>\n`;
    flush(false);
  }
  w(buf + "</states>\n</oval_definitions>\n");
  closeSync(fd);
  return n;
}
