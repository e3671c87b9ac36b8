-- claro migration: layer extracts by blob digest with the scanner versions they serve
-- Content-addressed layer extracts. `scanners` is a JSON object of scanner
-- id → version whose wants the extract serves; it is merged in place when a bumped scanner turns
-- out to read nothing in the layer, so that layer is not fetched again.
CREATE TABLE layer_extracts (
  digest TEXT PRIMARY KEY,
  extract BLOB NOT NULL,
  scanners TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
