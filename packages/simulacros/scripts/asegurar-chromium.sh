#!/usr/bin/env bash
# Headless Chromium for the drills' HTML report test (packages/simulacros/test/e2e): installs
# Debian's `chromium` package when /usr/bin/chromium is missing. Idempotent; CI runs it as root
# before `npm test`. ALPES_CHROMIUM points the test at another binary instead.
set -euo pipefail
if [ -x "${ALPES_CHROMIUM:-/usr/bin/chromium}" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "asegurar-chromium: chromium missing and not root: run 'sudo apt-get install -y chromium'" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
