export { KEV_UPDATER_ID, KEV_URL, kevEnrichers, parseKevJson } from "./kev-json.js";
