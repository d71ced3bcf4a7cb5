#!/usr/bin/env bash
# Checks the Prometheus side of the dashboards: the example config, the alert rules, and the
# rules' unit tests (each rule fires in one case and stays quiet in another). Needs promtool
# (Debian: apt-get install prometheus). The Grafana JSON is checked by DashboardsTest (mvn test).
set -euo pipefail
cd "$(dirname "$0")/prometheus"
promtool check config prometheus.yml
promtool check rules verity-alerts.yml
promtool test rules verity-alerts.test.yml
