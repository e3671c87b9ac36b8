// Moved to app/ with the update workflow; kept so existing importers keep working.
export { enrichers, isEnricherName, type EnricherName } from "../app/enrichers.js";
