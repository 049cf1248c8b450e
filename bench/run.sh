#!/usr/bin/env bash
# The ID-JAG exchange against Keycloak's own grants, same server, same run (README, "Performance"). Starts Keycloak
# 26.7.4 with this JAR on 127.0.0.1:18780 (and, with BENCH_DB=postgres, a PostgreSQL of Debian's packages on
# 127.0.0.1:18832), stops both by their PIDs, prints the ratios and writes the raw figures to bench/results/.
# BENCH_DB h2|postgres (h2), BENCH_THREADS (4), BENCH_SECONDS per timed phase (4), BENCH_WARMUP seconds before each timed phase (1),
# BENCH_WARMUP_FIRST seconds of each phase before the first round (10),
# BENCH_ROUNDS (12, at least 3), BENCH_SIZES connections per realm (10,1000,10000), BENCH_PROFILE=1 for a JFR recording per phase.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Pbench verify -Dskip.ui=true \
  -Dbench.db="${BENCH_DB:-h2}" -Dbench.threads="${BENCH_THREADS:-4}" -Dbench.seconds="${BENCH_SECONDS:-4}" \
  -Dbench.warmup="${BENCH_WARMUP:-1}" -Dbench.warmupFirst="${BENCH_WARMUP_FIRST:-10}" -Dbench.rounds="${BENCH_ROUNDS:-12}" -Dbench.sizes="${BENCH_SIZES:-10,1000,10000}" \
  -Dbench.profile="${BENCH_PROFILE:-false}"
