#!/usr/bin/env bash
# Checks the system libraries WeasyPrint needs (Pango) and a font covering Vietnamese.
# As root on Debian/Ubuntu it installs what is missing; otherwise it prints the command to run.
set -euo pipefail
PY="${1:-.venv/bin/python}"
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"

if "$PY" -c "import weasyprint" >/dev/null 2>&1; then
  exit 0
fi
echo "WeasyPrint cannot load Pango (needed for PDF reports)." >&2
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing: $PACKAGES" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >/dev/null
  "$PY" -c "import weasyprint" && exit 0
fi
echo "Run this, then try again:" >&2
echo "  sudo apt-get install -y $PACKAGES" >&2
exit 1
