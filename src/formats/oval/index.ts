export { archList, cvssOf, identify, linksOf, normaliseSeverity } from "./mapping.js";
export { definitionsOf, indexOval } from "./reader.js";
export { KNOWN_TEST_KINDS, resolveLeaf, toDnf, type Leaf } from "./resolve.js";
export type * from "./types.js";
export { bufferChunks, feedChunks, fileChunks } from "./chunks.js";
export { osReleaseScanner } from "./distribution.js";
