#!/usr/bin/env bash
# Ingest benchmark: generated exports of N rows through read, validation, change detection and
# planning in the packaged app (plan mode, first run, four vendors), with the heap it is given.
#
#   bench/ingest.sh                                        # 10k, 100k and 1M rows, -Xmx256m
#   bench/ingest.sh -Dbench.rows=100000 -Dbench.heap=512m  # see IngestBench for every option
#   BENCH_REBUILD=1 bench/ingest.sh ...                    # repackage the jar even if it exists
#
# Output: a table on stdout and target/bench/ingest/result.json; per N, the export, hrsync's log and
# the JVM's GC log under target/bench/ingest/<N>/.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/build.sh
java -Xmx256m -cp "$CP" "$@" io.hrsync.bench.IngestBench \
  2> >(grep -v -e '^SLF4J' -e '^org.slf4j.spi.SLF4JServiceProvider' >&2)
