#!/usr/bin/env bash
# Webhook acknowledgement bench (issue 12): signed Ramp events posted to the packaged app at fixed
# rates, every vendor simulator slowed to 2 s a call; p50/p99/max of the acknowledgement per rate.
#
#   bench/webhook-ack.sh                                   # 100 and 500 requests/s, 10 s each
#   bench/webhook-ack.sh -Dbench.rates=100,500,1000 -Dbench.seconds=20
#
# Output: a table on stdout and target/bench/webhook/result.json; hrsync's log in target/bench/webhook/.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/build.sh
java -cp "$CP" "$@" io.hrsync.bench.WebhookAckBench \
  2> >(grep -v -e '^SLF4J' -e '^org.slf4j.spi.SLF4JServiceProvider' >&2)
