#!/usr/bin/env bash
# Run by `mvn verify` before the browser tests: they drive Debian's chromium at /usr/bin/chromium (playwright-core
# never downloads a browser). When it is missing, install it with apt-get if this user may (root, or password-less
# sudo); otherwise stop with the one command to run. Set LATCHKEY_NO_INSTALL=1 to forbid installing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "${LATCHKEY_NO_INSTALL:-0}" != "1" ] && command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    SUDO=none
  fi
  if [ "$SUDO" != none ]; then
    echo "Installing Debian's chromium for the browser tests (apt-get install chromium)..."
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q chromium
    [ -x /usr/bin/chromium ] && exit 0
  fi
fi
echo "The browser tests need Debian's chromium at /usr/bin/chromium, and this user cannot install it." >&2
echo "Install it once with:  sudo apt-get install chromium   (then run the tests again)" >&2
exit 1
