# Shared set-up for scripts/start and scripts/test: system packages, the virtualenv, front-end files.
# Sourced, not run. Idempotent: a second run only checks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"

say() { printf '\033[1m[noks]\033[0m %s\n' "$*"; }

check_python() {
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    say "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11 if it is not 'python3')."; exit 1
  fi
  if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    say "Python 3.11 or newer is needed; $PYTHON is $("$PYTHON" --version 2>&1)."; exit 1
  fi
}

missing_system_packages() {
  local missing=()
  "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=("python3-venv")
  "$PYTHON" - <<'PY' || missing+=("libpango-1.0-0" "libpangoft2-1.0-0")
import ctypes.util, sys
sys.exit(0 if ctypes.util.find_library("pango-1.0") and ctypes.util.find_library("pangoft2-1.0") else 1)
PY
  "$PYTHON" -c 'import ctypes.util, sys; sys.exit(0 if ctypes.util.find_library("harfbuzz-subset") else 1)' \
    || missing+=("libharfbuzz-subset0")
  { command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "DejaVu Serif"; } || missing+=("fonts-dejavu-core" "fontconfig")
  command -v npm >/dev/null 2>&1 || missing+=("npm")
  for extra in "$@"; do
    case "$extra" in
      chromium) [ -x /usr/bin/chromium ] || missing+=("chromium") ;;
      gettext) command -v msgfmt >/dev/null 2>&1 || missing+=("gettext") ;;
    esac
  done
  printf '%s\n' "${missing[@]:-}"
}

ensure_system_packages() {
  local missing
  missing="$(missing_system_packages "$@" | xargs)"
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing system packages: $missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    say "Missing system packages: $missing"
    say "Install them with:  sudo apt-get install $missing   (then run this command again)"
    exit 1
  fi
}

ensure_virtualenv() {
  local requirements="$1"
  if [ ! -x .venv/bin/python ]; then
    say "Creating the virtual environment in .venv"
    "$PYTHON" -m venv .venv
  fi
  local stamp=".venv/.installed-$(basename "$requirements")"
  local digest
  digest="$(cat requirements*.txt | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    say "Installing Python packages from $requirements"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r "$requirements"
    echo "$digest" > "$stamp"
  fi
}

ensure_frontend() {
  local digest
  digest="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ ! -f node_modules/.noks-stamp ] || [ "$(cat node_modules/.noks-stamp)" != "$digest" ]; then
    say "Installing front-end packages from the npm registry (package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$digest" > node_modules/.noks-stamp
  fi
  .venv/bin/python scripts/vendor_assets.py >/dev/null
}
