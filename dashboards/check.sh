#!/usr/bin/env bash
# Checks the Prometheus side of the dashboards: the example config, the alert rules, and the
# rules' unit tests (each rule fires, stays quiet and resolves); the example Alertmanager config
# and the receiver each severity is routed to; the Grafana dashboards against Grafana's published
# schema (npm @grafana/schema, typed by TypeScript). Needs promtool, amtool and npm (Debian:
# apt-get install prometheus prometheus-alertmanager npm). DashboardsTest (mvn test) checks what
# the dashboards query.
set -euo pipefail
cd "$(dirname "$0")"
promtool check config prometheus/prometheus.yml
promtool check rules prometheus/verity-alerts.yml
promtool test rules prometheus/verity-alerts.test.yml
amtool check-config alertmanager/alertmanager.yml
route() { amtool config routes test --config.file=alertmanager/alertmanager.yml --verify.receivers="$1" "${@:2}"; }
route pager severity=critical alertname=VerityDataLoss model=m
route tickets severity=warning alertname=VerityFeatureDrift model=m
npm install --prefix schema --no-audit --no-fund --silent
npm run --prefix schema --silent check
