import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile } from "./input.js";
import { apkNoCache } from "./apk-no-cache.js";

const run = (text: string) => apkNoCache.evaluate(parseDockerfile(text, "Dockerfile"));

test("apk-no-cache: passes", () => {
  const passing = [
    "FROM alpine:3\nRUN apk add --no-cache curl",
    "FROM alpine:3\nRUN apk --no-cache add curl",
    "FROM alpine:3\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del .build-deps",
    "FROM alpine:3\nRUN apk add --virtual .build-deps --no-cache \\\n    gcc",
    "FROM alpine:3\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*",
    "FROM alpine:3\nRUN --mount=type=cache,target=/var/cache/apk apk add curl",
    "FROM alpine:3\nRUN apk del curl && apk info",
    "FROM alpine:3\nRUN <<EOF\napk add --no-cache curl\nEOF",
  ];
  for (const text of passing) assert.equal(run(text).status, "pass", text);
});

test("apk-no-cache: fails with the offending lines as evidence", () => {
  const cases: Array<[string, number[]]> = [
    ["FROM alpine:3\nRUN apk add curl", [2]],
    ["FROM alpine:3\nRUN apk add --no-cache a\nRUN apk add --virtual .build-deps gcc \\\n  && make\nRUN true", [3]],
    ["FROM alpine:3\nRUN rm -rf /var/cache/apk/* && apk add curl", [2]],
    ["FROM alpine:3\nRUN --mount=type=cache,target=/root/.cache apk add curl", [2]],
    ["FROM alpine:3\nRUN <<EOF\nset -e\napk update\napk add -U curl\nEOF", [2]],
    ["FROM alpine:3\nRUN sh -c 'apk add curl'", [2]],
  ];
  for (const [text, want] of cases) {
    const outcome = run(text);
    assert.equal(outcome.status, "fail", text);
    if (outcome.status !== "fail") continue;
    assert.deepEqual(
      outcome.evidence.map((e) => e.line),
      want,
      text,
    );
    for (const e of outcome.evidence) assert.equal(e.file, "Dockerfile");
  }
});
