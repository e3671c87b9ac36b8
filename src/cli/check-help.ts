/** `claro check --help` text after the options. */
export const CHECK_EXAMPLES = `
Groups and targets:
  claro check IMAGE                 image config + merged filesystem (every image source of claro scan)
  claro check dockerfile PATH       a Dockerfile (multi-stage, ARG substitution, heredocs)
  claro check host DIR              a root filesystem or snapshot: daemon.json, dockerd units, audit rules, §3 files
  claro check runtime FILE          docker inspect JSON, a Compose file or Kubernetes manifests

Examples:
  claro check --list
  claro check oci-archive:images.tar:app --fail-on HIGH
  claro check --format sarif --output check.sarif registry.example.com/team/app:1.2
  claro check --level 1 --exclude 4.6,DKL-DI-0006 docker-archive:app.tar
  claro check dockerfile ./Dockerfile --format junit --output junit.xml
  claro check host / --ignore-file .claro-ignore.yaml
  claro check runtime docker-compose.yml --include privileged,5.31

Ignore file (--ignore-file):
  - id: non-root-user          # rule id, benchmark id (e.g. 4.1) or reference (CIS-DI-0001, DS002)
    reason: the entrypoint drops privileges with gosu
    expires: 2027-01-01        # optional; from that day the entry no longer applies

Exit codes: 0 checked and the policy passed; 1 a failed check at or above --fail-on;
2 could not analyse (bad input, bad flags, or a rule that failed to evaluate).`;
