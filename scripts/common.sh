# Shared by scripts/run, scripts/test and scripts/bench: install what is missing, build.
# shellcheck shell=bash

KURL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages kurl builds with, and the real servers its tests run against.
KURL_BUILD_PACKAGES=(g++ cmake make pkg-config libuv1-dev libmbedtls-dev libcli11-dev catch2
  node-llhttp zlib1g-dev libsimdjson-dev libre2-dev libbrotli-dev libzstd-dev)
KURL_TEST_PACKAGES=(python3 python3-aiohttp nginx-light curl openssl tinyproxy-bin nodejs lighttpd
  python3-httpbin gunicorn brotli zstd zsh fish man-db groff-base)
# What scripts/package and its test need on top of the build packages (dpkg-shlibdeps, and
# file, which CPack runs to find the binaries).
KURL_PACKAGE_PACKAGES=(dpkg-dev file)

# Where the steps keep their output: apt's in apt.log, each build's in build*.log.
KURL_LOG_DIR="${KURL_LOG_DIR:-$KURL_ROOT/build/logs}"
# Lines of a failed step's log shown on the terminal.
KURL_LOG_TAIL=40

# Runs "$@" as one step, its output appended to $KURL_LOG_DIR/$1.log, printing one line
# ("$2... ok"); when it fails, the exit code and the last lines of the log instead.
kurl_step() {
  local log="$KURL_LOG_DIR/$1.log" what="$2"
  shift 2
  mkdir -p "$KURL_LOG_DIR"
  printf '== %s: %s\n' "$(date -u +%FT%TZ)" "$*" >>"$log"
  printf '%s... ' "$what" >&2
  local status=0
  "$@" >>"$log" 2>&1 </dev/null || status=$?
  if [ "$status" -eq 0 ]; then
    echo "ok" >&2
    return 0
  fi
  echo "failed (exit $status); the end of ${log#"$KURL_ROOT"/}:" >&2
  tail -n "$KURL_LOG_TAIL" "$log" >&2
  return "$status"
}

# apt-get update and install, keeping the servers among them from starting as services.
kurl_apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  # The servers are test peers that the tests start themselves: keep their packages from
  # starting system services (two of them would fight over port 80 and fail the install).
  local policy=/usr/sbin/policy-rc.d added_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added_policy=1
  fi
  local status=0
  apt-get update && apt-get install -y --no-install-recommends "$@" || status=$?
  [ -n "$added_policy" ] && rm -f "$policy"
  return "$status"
}

# Installs the given Debian packages when any is missing (needs root, as on a fresh machine);
# apt's output goes to build/logs/apt.log.
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
  kurl_step apt "installing packages (${missing[*]})" kurl_apt_install "${missing[@]}"
}

# Configures and builds into $1 with build type $2 and extra CMake arguments, as one step
# logged in build/logs/<directory name>.log.
kurl_build() {
  local dir="$1" type="$2"
  shift 2
  kurl_step "$(basename "$dir")" "building $(basename "$dir") ($type)" \
    kurl_configure_and_build "$dir" "$type" "$@"
}

kurl_configure_and_build() {
  local dir="$1" type="$2"
  shift 2
  cmake -S "$KURL_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" "$@" && cmake --build "$dir" -j2
}
