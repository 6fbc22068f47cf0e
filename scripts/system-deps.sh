#!/usr/bin/env bash
# Installs what the operating system must provide, only when it is missing (Debian/Ubuntu):
#   gettext (compiling the translation catalogues), a CJK font (PDF documents), and, with
#   --browser, Chromium for the browser tests. Safe to run again; does nothing when all is there.
set -euo pipefail
want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
if ! python3 -c 'import ctypes.util,sys; sys.exit(0 if ctypes.util.find_library("pango-1.0") else 1)' 2>/dev/null; then
  missing+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
fi
if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "Missing system packages: ${missing[*]} (install them with apt-get as root)" >&2; exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]} (no apt-get here: install them by hand)" >&2; exit 1
fi
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
