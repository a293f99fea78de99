#!/bin/sh
# scripts/install-deps.sh - install everything motcua needs to build, test,
# fuzz and benchmark on Debian 12 (run by make demo/test/bench and .ci/run).
#
# Idempotent and quiet when everything is present.  Debian packages come
# from apt-get (apt-get update runs only when something is missing); the
# Node tooling (playwright-core) from npm into node_modules/.  Browsers are
# never downloaded: the browser tests drive Debian's /usr/bin/chromium.
# Uses sudo when not run as root.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="build-essential pkg-config clang libclang-rt-14-dev clang-format libmicrohttpd-dev
libsqlite3-dev sqlite3 libjansson-dev libutf8proc-dev libsodium-dev liboath-dev
libqrencode-dev libcmocka-dev libcurl4-openssl-dev libxlsxwriter-dev zlib1g-dev libbrotli-dev
libhpdf-dev libzip-dev fonts-dejavu-core poppler-utils unzip libxml2-utils nginx-light wrk
chromium nodejs npm libpq-dev postgresql postgresql-contrib haproxy"

if [ "$(id -u)" -eq 0 ]; then
    SUDO=
else
    SUDO=sudo
fi

installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=
for pkg in $PACKAGES; do
    # A Node.js from another source (e.g. one that bundles npm) is fine:
    # installing Debian's packages over it would conflict.
    case $pkg in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    installed "$pkg" || missing="$missing $pkg"
done

if [ -n "$missing" ]; then
    echo "install-deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -q --no-install-recommends $missing
fi

# Again whenever package-lock.json changed since the last install (npm
# writes node_modules/.package-lock.json), so a pulled checkout gets the
# packages a new test needs.
if [ ! -d node_modules/playwright-core ] ||
    { [ -f package-lock.json ] && [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
    echo "install-deps: installing node modules"
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    if [ -f package-lock.json ]; then
        npm ci --no-audit --no-fund
    else
        npm install --no-audit --no-fund
    fi
fi
