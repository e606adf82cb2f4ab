#!/usr/bin/env bash
# Renders every workbook under a folder to PDF and PNG pages with LibreOffice,
# as a reader's spreadsheet program lays them out, to look at them page by page.
# Needs Debian's libreoffice-calc, fonts-wqy-microhei and poppler-utils.
#   scripts/render-workbooks.sh OUT_DIR [RESOLUTION]
# Writes OUT_DIR/pdf/<name>.pdf and OUT_DIR/pdf/<name>-<page>.png.
set -euo pipefail
dir="${1:?usage: render-workbooks.sh DIR [DPI]}"
dpi="${2:-70}"
mkdir -p "$dir/pdf"
find "$dir" -name '*.xlsx' -not -path "$dir/pdf/*" -print0 | while IFS= read -r -d '' book; do
    name="$(basename "$book" .xlsx)"
    timeout 180 soffice --headless --convert-to pdf --outdir "$dir/pdf" "$book" >/dev/null 2>&1 || echo "failed: $book" >&2
    if [ -f "$dir/pdf/$name.pdf" ]; then
        pdftoppm -r "$dpi" -png "$dir/pdf/$name.pdf" "$dir/pdf/$name"
        echo "$name: $(pdfinfo "$dir/pdf/$name.pdf" | awk '/^Pages/ {print $2}') page(s)"
    fi
done
