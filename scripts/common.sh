# Shared by scripts/run, scripts/test and scripts/bench: install what is missing, build.
# shellcheck shell=bash

KURL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages kurl builds with, and the real servers its tests run against.
KURL_BUILD_PACKAGES=(g++ cmake make pkg-config libuv1-dev libmbedtls-dev libcli11-dev catch2
  node-llhttp zlib1g-dev libsimdjson-dev libre2-dev libbrotli-dev libzstd-dev)
KURL_TEST_PACKAGES=(python3 python3-aiohttp nginx-light curl openssl tinyproxy-bin nodejs lighttpd
  python3-httpbin gunicorn brotli zstd groff-base)

# Installs the given Debian packages when any is missing (needs root, as on a fresh machine).
kurl_ensure_packages() {
  local missing=()
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "kurl: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
    return 1
  fi
  echo "kurl: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # The servers are test peers that the tests start themselves: keep their packages from
  # starting system services (two of them would fight over port 80 and fail the install).
  local policy=/usr/sbin/policy-rc.d added_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added_policy=1
  fi
  local status=0
  apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || status=$?
  [ -n "$added_policy" ] && rm -f "$policy"
  return "$status"
}

# Configures and builds into $1 with build type $2 and extra CMake arguments; quiet on success.
kurl_build() {
  local dir="$1" type="$2"
  shift 2
  local log
  log="$(mktemp)"
  if ! { cmake -S "$KURL_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" "$@" &&
    cmake --build "$dir" -j2; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "kurl: build failed" >&2
    return 1
  fi
  rm -f "$log"
}
