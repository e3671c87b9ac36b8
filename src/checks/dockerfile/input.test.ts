import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDockerfile, type DockerfileInput, type Instruction } from "./input.js";

const P = "Dockerfile";
const parse = (text: string, buildArgs?: Record<string, string>): DockerfileInput => parseDockerfile(text, P, buildArgs === undefined ? {} : { buildArgs });
const only = (input: DockerfileInput, keyword: string): Instruction[] => input.instructions.filter((i) => i.keyword === keyword);

test("continuations join lines; comment and blank lines inside are skipped; lines are 1-based", () => {
  const d = parse(["FROM alpine:3.19", "RUN apk add \\", "# a comment inside", "", "    curl \\", "  && echo done", "USER app"].join("\n"));
  const [run] = only(d, "RUN");
  assert.equal(run?.startLine, 2);
  assert.equal(run?.endLine, 6);
  assert.equal(run?.args[0], "apk add     curl   && echo done");
  assert.equal(only(d, "USER")[0]?.startLine, 7);
  assert.deepEqual(d.problems, []);
});

test("the escape directive switches continuations to backtick and keeps backslashes literal", () => {
  const d = parse(["# escape=`", "FROM mcr.microsoft.com/windows/servercore:ltsc2022", "COPY testfile.txt c:\\", "RUN dir c:\\ `", "  && echo ok"].join("\n"));
  assert.equal(d.directives.escape, "`");
  assert.deepEqual(only(d, "COPY")[0]?.args, ["testfile.txt", "c:\\"]);
  assert.equal(only(d, "RUN")[0]?.args[0], "dir c:\\   && echo ok");
  assert.equal(only(d, "RUN")[0]?.endLine, 5);
});

test("directives stop at the first non-directive line; a bad escape value is a problem", () => {
  const d = parse(["# syntax=docker/dockerfile:1", "# escape=x", "FROM a:1"].join("\n"));
  assert.equal(d.directives.syntax, "docker/dockerfile:1");
  assert.equal(d.directives.escape, "\\");
  assert.equal(d.problems.length, 1);
  const late = parse(["# a comment", "# escape=`", "FROM a:1"].join("\n"));
  assert.equal(late.directives.escape, "\\");
});

test("heredocs: body lines, <<- tab stripping, quoted delimiters, several per line, COPY <<EOF", () => {
  const d = parse(
    [
      "FROM debian:12",
      "RUN <<EOF",
      "apt-get update",
      "apt-get install -y curl",
      "EOF",
      "RUN <<-'A' cat - <<B > /out",
      "\techo $HOME",
      "\tA",
      "second",
      "B",
      "COPY <<EOF /etc/app.conf",
      "key=value",
      "EOF",
      "USER app",
    ].join("\n"),
  );
  const [first, second] = only(d, "RUN");
  assert.deepEqual(first?.heredocs, [{ name: "EOF", content: "apt-get update\napt-get install -y curl\n", expand: true, stripTabs: false }]);
  assert.deepEqual([first?.startLine, first?.endLine], [2, 5]);
  assert.deepEqual(
    second?.heredocs.map((h) => [h.name, h.content, h.expand, h.stripTabs]),
    [
      ["A", "echo $HOME\n", false, true],
      ["B", "second\n", true, false],
    ],
  );
  assert.equal(second?.endLine, 10);
  const copy = only(d, "COPY")[0];
  assert.deepEqual(copy?.args, ["<<EOF", "/etc/app.conf"]);
  assert.equal(copy?.heredocs[0]?.content, "key=value\n");
  assert.equal(only(d, "USER")[0]?.startLine, 14);
});

test("an unterminated heredoc is a problem, not a crash", () => {
  const d = parse("FROM a:1\nRUN <<EOF\necho hi\n");
  assert.equal(d.problems.length, 1);
  assert.match(d.problems[0]?.kind === "malformed-record" ? d.problems[0].detail : "", /not terminated/);
});

test("exec and shell forms; flags of FROM, COPY and RUN", () => {
  const d = parse(
    [
      "FROM --platform=$BUILDPLATFORM golang:1.22 AS build",
      'RUN --mount=type=cache,target=/root/.cache ["go", "build", "./..."]',
      "FROM alpine:3.19",
      "COPY --from=build --chown=app:app /src/app /app",
      'CMD ["/app", "--serve"]',
      "ENTRYPOINT /app --serve",
      "RUN [not json",
    ].join("\n"),
  );
  const [from] = only(d, "FROM");
  assert.deepEqual(from?.flags, [{ name: "platform", value: "" }]);
  const [run, badJson] = only(d, "RUN");
  assert.equal(run?.form, "exec");
  assert.deepEqual(run?.args, ["go", "build", "./..."]);
  assert.deepEqual(run?.flags, [{ name: "mount", value: "type=cache,target=/root/.cache" }]);
  assert.equal(badJson?.form, "shell");
  assert.deepEqual(
    only(d, "COPY")[0]?.flags.map((f) => `${f.name}=${f.value}`),
    ["from=build", "chown=app:app"],
  );
  assert.equal(only(d, "CMD")[0]?.form, "exec");
  assert.deepEqual(only(d, "ENTRYPOINT")[0]?.args, ["/app --serve"]);
  assert.equal(d.stages[0]?.platform, "");
});

test("ARG scoping: global ARGs reach FROM only, until re-declared in the stage", () => {
  const d = parse(
    [
      "ARG VERSION=3.19",
      "ARG USERNAME=builder",
      "FROM alpine:${VERSION}",
      "USER ${USERNAME:-nobody}",
      "ARG USERNAME",
      "USER $USERNAME",
      "ARG EXTRA=x",
      "WORKDIR /opt/${EXTRA:+with-extra}",
      "WORKDIR /opt/${MISSING:+with-extra}${MISSING:-fallback}",
    ].join("\n"),
  );
  assert.equal(d.stages[0]?.baseImage, "alpine:3.19");
  assert.equal(d.stages[0]?.rawBaseImage, "alpine:${VERSION}");
  assert.deepEqual(
    only(d, "USER").map((u) => u.args[0]),
    ["nobody", "builder"],
  );
  assert.deepEqual(
    only(d, "WORKDIR").map((w) => w.args[0]),
    ["/opt/with-extra", "/opt/fallback"],
  );
  assert.equal(only(d, "ARG")[0]?.stage, -1);
});

test("build args override declared ARG defaults", () => {
  const d = parse("ARG TAG=1\nFROM node:$TAG\n", { TAG: "20" });
  assert.equal(d.stages[0]?.baseImage, "node:20");
});

test("ENV: both forms, quotes removed, values from before the instruction, inherited by child stages", () => {
  const d = parse(
    [
      "FROM debian:12 AS base",
      'ENV APP_HOME="/srv/my app" MODE=prod',
      "ENV LEGACY some value here",
      "ENV MODE=dev OLD=$MODE",
      "FROM base",
      "WORKDIR $APP_HOME",
      "FROM debian:12",
      "WORKDIR ${APP_HOME:-/none}",
    ].join("\n"),
  );
  const envs = only(d, "ENV").flatMap((e) => e.keyValues.map((kv) => `${kv.key}=${kv.value}`));
  assert.deepEqual(envs, ["APP_HOME=/srv/my app", "MODE=prod", "LEGACY=some value here", "MODE=dev", "OLD=prod"]);
  assert.deepEqual(
    only(d, "WORKDIR").map((w) => w.args[0]),
    ["/srv/my app", "/none"],
  );
  assert.deepEqual(d.stages[1]?.base, { kind: "stage", index: 0 });
  assert.equal(d.stages[1]?.env.get("MODE"), "dev");
});

test("single quotes and escapes stop substitution", () => {
  const d = parse("FROM a:1\nENV A=1\nLABEL x='$A' y=\\$A z=\"$A\"\n");
  assert.deepEqual(
    only(d, "LABEL")[0]?.keyValues.map((kv) => kv.value),
    ["$A", "$A", "1"],
  );
});

test("multi-stage: names are case-insensitive, COPY --from resolves, instructions are case-insensitive", () => {
  const d = parse(["from golang:1.22 As Builder", "run go build", "FROM scratch", "copy --from=builder /app /app", "Copy --from=0 /x /y"].join("\n"));
  assert.deepEqual(
    d.stages.map((s) => [s.index, s.name, s.baseImage]),
    [
      [0, "builder", "golang:1.22"],
      [1, null, "scratch"],
    ],
  );
  assert.deepEqual(
    d.stages[1]?.instructions.map((i) => i.keyword),
    ["FROM", "COPY", "COPY"],
  );
  assert.deepEqual(d.stages[1]?.base, { kind: "image", image: "scratch" });
  assert.equal(only(d, "RUN")[0]?.stage, 0);
});

test("ONBUILD holds its trigger, unsubstituted", () => {
  const d = parse("FROM a:1\nARG X=1\nONBUILD RUN echo $X\nONBUILD ONBUILD RUN x\n");
  const [ob] = only(d, "ONBUILD");
  assert.equal(ob?.onbuild?.keyword, "RUN");
  assert.deepEqual(ob?.onbuild?.args, ["echo $X"]);
  assert.equal(d.problems.length, 1);
});

test("malformed lines become problems with their line and are left out", () => {
  const d = parse(
    ["RUN echo before from", "FROM", "FROM a:1 AS", "FROM debian:12", "FOO bar", "ENV novalue", "HEALTHCHECK --interval=5s", "USER app"].join("\n"),
  );
  const lines = d.problems.map((p) => (p.kind === "malformed-record" ? p.line : null));
  assert.deepEqual(lines, [1, 2, 3, 5, 6, 7]);
  assert.deepEqual(
    d.instructions.map((i) => i.keyword),
    ["FROM", "USER"],
  );
});

test("a file without FROM reports it", () => {
  const d = parse("ARG A=1\n");
  assert.equal(d.stages.length, 0);
  assert.equal(d.problems.length, 1);
  assert.deepEqual(parse("").problems, []);
});

test("HEALTHCHECK forms", () => {
  const d = parse('FROM a:1\nHEALTHCHECK --interval=30s CMD ["curl", "-f", "http://x"]\nHEALTHCHECK NONE\nHEALTHCHECK CMD curl -f http://x || exit 1\n');
  assert.deepEqual(
    only(d, "HEALTHCHECK").map((h) => h.args),
    [["CMD", "curl", "-f", "http://x"], ["NONE"], ["CMD", "curl -f http://x || exit 1"]],
  );
  assert.deepEqual(only(d, "HEALTHCHECK")[0]?.flags, [{ name: "interval", value: "30s" }]);
});

test("unset variables are recorded, so rules can tell 'empty' from 'unknown'", () => {
  const d = parse("ARG A=1\nFROM debian:$A\nWORKDIR $HOME/app\nARG B=x\nENV C=${B}${D}\n");
  assert.deepEqual(
    d.instructions.map((i) => i.unresolved),
    [[], [], ["HOME"], [], ["D"]],
  );
});

test("CRLF line endings parse like LF", () => {
  const d = parse("# escape=`\r\nFROM a:1\r\nRUN echo a `\r\n  b\r\nRUN <<EOF\r\nline\r\nEOF\r\nUSER app\r\n");
  assert.equal(d.directives.escape, "`");
  assert.deepEqual(
    d.instructions.map((i) => [i.keyword, i.startLine, i.endLine]),
    [
      ["FROM", 2, 2],
      ["RUN", 3, 4],
      ["RUN", 5, 7],
      ["USER", 8, 8],
    ],
  );
  assert.equal(d.instructions[2]?.heredocs[0]?.content, "line\n");
  assert.deepEqual(d.problems, []);
});
