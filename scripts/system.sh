#!/usr/bin/env bash
# Debian packages the test suite needs beside Python: a real PostgreSQL server (store tests run on
# both back ends) and Chromium (the web page's end-to-end tests). Idempotent: installs only what is
# missing, and only as root on a Debian-like machine; elsewhere it says what to install by hand.
set -euo pipefail
need=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "sitrep tests need these system packages: ${need[*]} (install them, e.g. with apt-get)" >&2
  exit 1
fi
