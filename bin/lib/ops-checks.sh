#!/usr/bin/env bash
# The operators' files checked by the real tools (sourced by bin/test): docker/compose.yaml by
# Docker Compose, the Prometheus configuration and alert rules by promtool. A file they reject
# fails the build.
set -euo pipefail

# `config --quiet` parses, interpolates and validates against the Compose Specification, with
# every profile. The required secrets get placeholder values: only the file is checked here.
check_compose_file() { # compose-binary
  local compose="$1"
  env SETTLE_CRYPTO_MASTER_KEY=check MYSQL_ROOT_PASSWORD=check SETTLE_DB_PASSWORD=check \
    TEMPORAL_DB_PASSWORD=check GRAFANA_ADMIN_PASSWORD=check \
    "$compose" --project-directory docker --env-file /dev/null -f docker/compose.yaml \
    --profile simulator config --quiet \
    || die "docker/compose.yaml is not a valid Compose file (see above)"
  log "docker/compose.yaml: valid (Docker Compose $COMPOSE_VERSION)"
}

# Without --syntax-only, `check config` also loads the rule files prometheus.yml names (relative to
# it, as in the container), so a renamed or missing rules file fails here, not only in Prometheus.
check_prometheus_files() {
  promtool check config docker/prometheus/prometheus.yml >&2 \
    || die "docker/prometheus/prometheus.yml: promtool refused it"
  promtool check rules docker/prometheus/alerts.yml >&2 \
    || die "docker/prometheus/alerts.yml: promtool refused it"
  (cd docker/prometheus && promtool test rules alerts.test.yml) >&2 \
    || die "docker/prometheus/alerts.test.yml: an alert did not fire (or clear) as its test expects"
  log "docker/prometheus: configuration, rules and rule tests pass promtool"
}
