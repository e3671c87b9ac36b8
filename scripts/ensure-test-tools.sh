#!/usr/bin/env bash
# Installs the Debian tools the tests use as oracles, when missing: rpm (rpmvercmp). dpkg is part of
# the base system; the test registry's tools are installed by ../shared/tools/start-test-registry.sh.
set -euo pipefail
command -v rpm >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-tools: rpm is missing; install Debian's rpm package (apt-get install rpm) for the rpm oracle tests" >&2
  exit 0
fi
echo "ensure-test-tools: installing rpm (the rpmvercmp oracle)" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 rpm >/dev/null
