export { indexOval } from "./index-reader.js";
export { ovalDefinitions as definitionsOf } from "./definition-reader.js";
