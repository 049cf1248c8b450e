#!/usr/bin/env bash
# Throughput and latency of the ID-JAG exchange against Keycloak's own grants, measured in the same run on
# one Keycloak 26.7.4 (port 18780, in-memory database) that this script starts and stops. Prints a table and
# the ratios. Options: BENCH_THREADS (default 4), BENCH_SECONDS per phase (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Pbench verify -Dbench.threads="${BENCH_THREADS:-4}" -Dbench.seconds="${BENCH_SECONDS:-20}"
