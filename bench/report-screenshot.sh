#!/usr/bin/env bash
# Renders a report page (./etl report --output=FILE.html) in headless Chromium to a PNG, the way a
# person sees it. Not run in CI. Needs Debian's chromium (apt-get install chromium).
#   bench/report-screenshot.sh FILE.html OUT.png [WIDTH] [HEIGHT]
set -euo pipefail
page="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
png="$2"
width="${3:-1100}"
height="${4:-9000}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "report-screenshot: no chromium on PATH (apt-get install chromium)" >&2
  exit 2
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# --no-sandbox: we run as root here; the page is our own file and loads nothing from the network
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --window-size="$width,$height" --screenshot="$png" "file://$page" 2>/dev/null
echo "report-screenshot: $png (${width}x${height})"
