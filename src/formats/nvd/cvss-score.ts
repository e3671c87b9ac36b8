import calculator from "ae-cvss-calculator";
import type { CvssScore } from "../../core/advisory.js";

// The package is a CommonJS webpack bundle: Node's ESM loader sees only its default export.
const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = calculator;

/** The base score of a CVSS vector, computed with ae-cvss-calculator; null when the vector is not valid for `version`. */
export function computeBaseScore(version: CvssScore["version"], vector: string): number | null {
  try {
    const v = version === "2.0" ? new Cvss2(vector) : version === "3.0" ? new Cvss3P0(vector) : version === "3.1" ? new Cvss3P1(vector) : new Cvss4P0(vector);
    const base = v.calculateScores().base;
    return typeof base === "number" && Number.isFinite(base) ? base : null;
  } catch {
    // The calculator throws on vectors it cannot read; such a vector simply has no score.
    return null;
  }
}
