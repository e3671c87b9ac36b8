export {
  indexImage,
  indexImageDeferred,
  indexImageWithTree,
  type DeferredIndexOptions,
  type DeferredScanner,
  type IndexedImage,
  type IndexOptions,
  type TreeBuilder,
} from "./index-image.js";
export { compileWants } from "./wants.js";
export { applyDetectionPriority, DETECTION_PRIORITIES, type DetectionPriority, isDetectionPriority, partitionOsOwned } from "./os-owned.js";
