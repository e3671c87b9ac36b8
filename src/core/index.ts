export * from "./advisory.js";
export * from "./digest.js";
export * from "./distribution.js";
export * from "./image.js";
export * from "./package.js";
export * from "./problem.js";
export * from "./report.js";
export * from "./severity.js";
