import type { VersionScheme } from "../../contracts/version-scheme.js";
import { compareApk2, isValidApk2 } from "./version-apk2.js";
import { compareApk3, isValidApk3 } from "./version-apk3.js";

export { compareApk2, isValidApk2 } from "./version-apk2.js";
export { compareApk3, isValidApk3 } from "./version-apk3.js";

/**
 * apk's raw ordering calls some distinct invalid versions equal (`1.0~1234` = `1.0~2345` in
 * apk 2: both stop at the same invalid token). A scheme used for matching and sorting must be a
 * total order that is the same on every run, so ties between distinct strings where either side
 * is invalid are broken by plain string order. Valid versions keep apk's answer untouched.
 */
function totalOrder(raw: (a: string, b: string) => -1 | 0 | 1, valid: (v: string) => boolean) {
  return (a: string, b: string): number => {
    const r = raw(a, b);
    if (r !== 0 || a === b || (valid(a) && valid(b))) return r;
    return a < b ? -1 : 1;
  };
}

/**
 * apk 2's own validator accepts `""`, `a` or `-r1`: its tokenizer starts in a digit state that
 * may read zero digits. No package can carry such a version (abuild rejects it), so the scheme
 * also requires a leading digit.
 */
function isValidApk2Strict(v: string): boolean {
  return /^[0-9]/.test(v) && isValidApk2(v);
}

/** The apk 2 rules every Alpine release so far ships; the default for `alpine:*` advisories. */
export const apkVersion: VersionScheme = {
  id: "apk",
  compare: totalOrder(compareApk2, isValidApk2Strict),
  isValid: isValidApk2Strict,
};

/** The apk-tools 3 rules (leading-zero string sort, `~hash`, stricter syntax). */
export const apk3Version: VersionScheme = {
  id: "apk3",
  compare: totalOrder((a, b) => compareApk3(a, b), isValidApk3),
  isValid: isValidApk3,
};
