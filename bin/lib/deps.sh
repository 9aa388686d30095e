#!/usr/bin/env bash
# Installs what Settle's build and tests need when it is missing. Idempotent: a second run only checks.
# Sourced by bin/run and bin/test; every function is safe to call again.
set -euo pipefail

GOBIN_DIR="$(go env GOPATH 2>/dev/null || echo "$HOME/go")/bin"
export PATH="$GOBIN_DIR:$PATH"

log() { printf '\033[1;34m[settle]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[settle]\033[0m %s\n' "$*" >&2; exit 1; }

# A JDK 21 or later: the machine's default may be 17, so look beside it before installing one.
ensure_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/temurin-[3-9]* /usr/lib/jvm/java-2[1-9]-openjdk* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    local major
    major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  log "no JDK 21+ found; installing openjdk-21-jdk-headless"
  apt_install openjdk-21-jdk-headless || die "Settle needs JDK 21 or later: install one and set JAVA_HOME"
  ensure_jdk
}

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* by hand"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ "$APT_UPDATED" -eq 0 ]; then
    $sudo apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

ensure_go_tool() { # name module@version
  local name="$1" module="$2"
  if ! command -v "$name" >/dev/null; then
    command -v go >/dev/null || die "Go is needed to install $name ($module): install Go"
    log "installing $name ($module)"
    GOFLAGS=-mod=mod go install "$module" || die "could not install $name: go install $module"
  fi
}

ensure_temporal_cli() { ensure_go_tool temporal github.com/temporalio/cli/cmd/temporal@v1.5.1; }
ensure_stripe_mock() { ensure_go_tool stripe-mock github.com/stripe/stripe-mock@latest; }

# Debian's Chromium for the browser test (TemporalUiIT), which Playwright drives; no browser is
# ever downloaded. Without recommends: the browser alone, not a desktop's printing and sound.
ensure_chromium() {
  if ! command -v chromium >/dev/null; then
    log "installing Chromium (Debian package)"
    apt_install --no-install-recommends chromium
  fi
  command -v chromium >/dev/null || die "Chromium is needed by the browser test: apt-get install chromium"
}

# Docker Compose's own CLI, to validate docker/compose.yaml where no Docker engine runs (`config`
# needs none). Debian's docker-compose (v1) rejects the Compose Specification's top-level `name`,
# and `go install` refuses the module (its go.mod has replace directives), so it is built from
# the module's source with `go build`, once, into the Go bin directory. Prints the binary's path.
COMPOSE_VERSION=v5.6.0
ensure_compose() {
  local bin="$GOBIN_DIR/docker-compose-$COMPOSE_VERSION"
  if [ ! -x "$bin" ]; then
    command -v go >/dev/null || die "Go is needed to build Docker Compose $COMPOSE_VERSION: install Go"
    log "building Docker Compose $COMPOSE_VERSION from its Go module (once; a few minutes)"
    local src
    src=$(GOFLAGS=-mod=mod go mod download -json "github.com/docker/compose/v5@$COMPOSE_VERSION" \
      | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p') \
      || die "could not download github.com/docker/compose/v5@$COMPOSE_VERSION"
    [ -d "$src" ] || die "could not download github.com/docker/compose/v5@$COMPOSE_VERSION"
    local work
    work=$(mktemp -d)
    cp -r "$src/." "$work" && chmod -R u+w "$work"
    mkdir -p "$GOBIN_DIR"
    (cd "$work" && GOFLAGS=-mod=mod go build -o "$bin.partial" ./cmd) >&2 \
      || { rm -rf "$work"; die "could not build Docker Compose $COMPOSE_VERSION"; }
    mv "$bin.partial" "$bin"
    rm -rf "$work"
  fi
  echo "$bin"
}

# Debian's Prometheus: the server for PrometheusScrapeIT, and promtool for the rule checks.
ensure_prometheus() {
  if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
    log "installing Prometheus and promtool (Debian package)"
    apt_install --no-install-recommends prometheus
    stop_packaged_prometheus
  fi
  command -v promtool >/dev/null || die "promtool is needed for the alert rules: apt-get install prometheus"
}

# The package starts its own server on :9090 (the port compose's Prometheus publishes) and enables
# it at boot. The tests start theirs on a free port, so the packaged service is stopped and
# disabled; only right after bin/test installed it, never a Prometheus the machine already ran.
stop_packaged_prometheus() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now prometheus.service >/dev/null 2>&1 || true
  elif [ -x /etc/init.d/prometheus ]; then
    $sudo service prometheus stop >/dev/null 2>&1 || true
    $sudo update-rc.d prometheus disable >/dev/null 2>&1 || true
  fi
}

ensure_mariadb_installed() {
  if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
    log "installing MariaDB (Debian package)"
    apt_install mariadb-server mariadb-client
  fi
}

# MariaDB for the integration tests: started when it is not answering, then given a database.
MARIADB_TEST_DATABASE="${SETTLE_IT_DB_NAME:-settle_it}"
ensure_mariadb_running() {
  ensure_mariadb_installed
  if mariadb-admin --protocol=socket ping >/dev/null 2>&1; then
    return 0
  fi
  log "starting MariaDB"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! $sudo service mariadb start >/dev/null 2>&1; then
    # No init system (a bare container): run the server directly.
    $sudo mkdir -p /run/mysqld && $sudo chown mysql:mysql /run/mysqld 2>/dev/null || true
    ($sudo mariadbd --user=mysql >/tmp/settle-mariadb.log 2>&1 &)
  fi
  local i
  for i in $(seq 1 60); do
    mariadb-admin --protocol=socket ping >/dev/null 2>&1 && return 0
    sleep 1
  done
  die "MariaDB did not start; see /var/log/mysql or /tmp/settle-mariadb.log"
}

# Each run starts from an empty database that Flyway migrates from V1, as a new installation is:
# a schema left by an earlier run (another branch's migrations, a version since renumbered) would
# fail Flyway's validation, or hide a migration that no longer runs from scratch.
ensure_test_database() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo mariadb --protocol=socket -uroot <<SQL
DROP DATABASE IF EXISTS \`${MARIADB_TEST_DATABASE}\`;
CREATE DATABASE IF NOT EXISTS \`${MARIADB_TEST_DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'settle'@'localhost' IDENTIFIED BY 'settle';
CREATE USER IF NOT EXISTS 'settle'@'127.0.0.1' IDENTIFIED BY 'settle';
GRANT ALL PRIVILEGES ON \`settle\\_%\`.* TO 'settle'@'localhost';
GRANT ALL PRIVILEGES ON \`settle\\_%\`.* TO 'settle'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
}

# schemathesis (the API contract test, ApiContractIT) in a virtualenv of its own under the user's
# cache, pinned, so it never touches the system's Python. Prints the executable's path.
SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS_VENV="${SETTLE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/settle}/schemathesis-${SCHEMATHESIS_VERSION}"
ensure_schemathesis() {
  local st="$SCHEMATHESIS_VENV/bin/schemathesis"
  if [ -x "$st" ] && "$st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    echo "$st"
    return 0
  fi
  if ! command -v python3 >/dev/null; then
    log "installing Python 3 (Debian package)"
    apt_install python3 python3-venv
  fi
  if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    log "installing python3-venv (Debian package)"
    apt_install python3-venv
  fi
  log "installing schemathesis ${SCHEMATHESIS_VERSION} into $SCHEMATHESIS_VENV"
  rm -rf "$SCHEMATHESIS_VENV"
  python3 -m venv "$SCHEMATHESIS_VENV" >&2 || die "could not create a virtualenv at $SCHEMATHESIS_VENV"
  "$SCHEMATHESIS_VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==${SCHEMATHESIS_VERSION}" >&2 \
    || die "could not install schemathesis ${SCHEMATHESIS_VERSION} with pip"
  [ -x "$st" ] || die "schemathesis was installed but $st is missing"
  echo "$st"
}
