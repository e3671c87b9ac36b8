export { matchReport } from "./match.js";
