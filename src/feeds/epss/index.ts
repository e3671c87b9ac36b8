export { EPSS_UPDATER_ID, EPSS_URL, epssEnrichers, parseEpssCsv } from "./epss-csv.js";
