export { computeBaseScore } from "./cvss-score.js";
export { cvssOfItem, NVD_UPDATER_ID, parseNvdPages, readNvdPage, type NvdPage } from "./nvd-api.js";
