// The report's schemaVersion (json-schema.ts says how it is bumped), apart from the zod schemas so
// that writing a report does not build them (issue 10 §3: `claro sbom` start-up).
export const SCHEMA_VERSION = "1.3.0";
