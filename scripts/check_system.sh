#!/usr/bin/env bash
# Checks the system packages the app and its tests need: Pango and a Vietnamese font (WeasyPrint,
# PDF reports) and chromium (the Playwright browser tests). As root on Debian/Ubuntu it installs
# what is missing; otherwise it prints the command to run.
set -euo pipefail
PY="${1:-.venv/bin/python}"
PDF_PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
missing=""

if ! "$PY" -c "import weasyprint" >/dev/null 2>&1; then
  echo "WeasyPrint cannot load Pango (needed for PDF reports)." >&2
  missing="$PDF_PACKAGES"
fi
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "chromium is not installed (needed for the browser tests in tests/browser)." >&2
  missing="$missing chromium"
fi
missing="${missing# }"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing: $missing" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  "$PY" -c "import weasyprint" && [ -x /usr/bin/chromium ] && exit 0
fi
echo "Run this, then try again:" >&2
echo "  sudo apt-get install -y $missing" >&2
# Only the PDF libraries are required to run the app; without chromium the browser tests skip.
"$PY" -c "import weasyprint" >/dev/null 2>&1 && exit 0
exit 1
