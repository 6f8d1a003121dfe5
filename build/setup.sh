#!/usr/bin/env bash
# Installs what KeTu needs on a fresh Debian/Ubuntu machine: system packages (Chromium for the
# workbench and e2e tests, GDAL, poppler and LibreOffice for the file checks, a CJK font), then npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v ogrinfo >/dev/null 2>&1 || missing+=(gdal-bin)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
# LibreOffice Impress: the print tests prove that a PPTX we write opens in the office suite users own.
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-impress)
fc-list 2>/dev/null | grep -q 'Noto Sans CJK' || missing+=(fonts-noto-cjk fontconfig)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Electron binary cannot be downloaded everywhere; the localhost host needs no Electron binary.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
npm ci --no-audit --no-fund
