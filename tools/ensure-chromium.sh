#!/usr/bin/env bash
# Browser tests need a real Chromium. Use CHROMIUM_PATH or /usr/bin/chromium; where neither exists and
# Debian's apt is usable as root, install the `chromium` package (and say so); otherwise stop with
# instructions. Browser tests are never skipped silently.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$path" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "No Chromium at $path: installing Debian's chromium package with apt-get (needed for the browser tests)..."
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null
  if [ -x /usr/bin/chromium ]; then
    echo "Installed $(/usr/bin/chromium --version 2>/dev/null)"
    exit 0
  fi
fi
cat >&2 <<MSG
The browser tests need Chromium and none was found at $path.
Install it, then run npm test again:
  - Debian/Ubuntu:  sudo apt-get install -y chromium   (or chromium-browser)
  - elsewhere:      install Chromium or Chrome and set CHROMIUM_PATH=/path/to/chromium
MSG
exit 1
