#!/bin/sh
# bench-crawl.sh: nianbao crawl of N real report pages from 8 loopback
# hosts, parse and store into SQLite included, against a bare loop of 8
# workers that downloads the same pages and reads them with goquery, in
# paired runs (order alternating). Prints each pair (pages/s, CPU, peak
# RSS, largest WAL) and the min/median/max ratio.
#
#	scripts/bench-crawl.sh [PAGES...]	# default: 1000 5000, 3 pairs each
#
# PAIRS sets the pairs per size (default 3). For a CPU profile of the
# crawl, run one size in process:
#	NIANBAO_BENCH_INPROCESS=1 NIANBAO_BENCH_PAGES=1000 go test ./cmd/nianbao \
#		-run XXX -bench CrawlPipeline -benchtime 1x -cpuprofile crawl.prof
set -eu
cd "$(dirname "$0")/.."
pairs=${PAIRS:-3}
[ $# -gt 0 ] || set -- 1000 5000
for n in "$@"; do
	echo "== $n report pages, $pairs pairs"
	NIANBAO_BENCH_PAGES=$n go test ./cmd/nianbao -run XXX -bench CrawlPipeline \
		-benchtime "${pairs}x" -timeout 4h
done
