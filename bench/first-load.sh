#!/usr/bin/env bash
# First-load benchmark: N new people into the four vendor simulators, measured as the vendors see it.
#
#   bench/first-load.sh                                    # N=100, 150 ms latency
#   bench/first-load.sh -Dbench.people=300                 # any -D is passed to the bench (see bench/README.md)
#   BENCH_REBUILD=1 bench/first-load.sh ...                # repackage the jar even if it exists
#
# Builds target/quarkus-app/quarkus-run.jar if it is missing (or BENCH_REBUILD=1), compiles the tests,
# then runs io.hrsync.bench.FirstLoadBench on the test classpath. No Maven plugin beyond the build's
# own: the classpath is target/test-classes, target/classes and the app's own dependencies
# (target/quarkus-app/lib/main, which the package step writes). Offline by default when ~/.m2 is warm;
# set MVN_OFFLINE= (empty) on a machine whose ~/.m2 is cold.
# Output: a table on stdout and target/bench/first-load/result.json; hrsync's log in
# target/bench/first-load/hrsync.log. Exit code 0 when hrsync exited 0.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/build.sh
# The simulators' SFTP server logs through SLF4J, whose only binding here is Quarkus' (unusable outside
# Quarkus): SLF4J says so on stderr and falls back to no logging, which is what the bench wants.
java -Xmx512m -cp "$CP" "$@" io.hrsync.bench.FirstLoadBench \
  2> >(grep -v -e '^SLF4J' -e '^org.slf4j.spi.SLF4JServiceProvider' >&2)
