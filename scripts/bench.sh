#!/bin/sh
# bench.sh reruns every measure of docs/performance.md and writes a
# summary: the Go benchmarks (parser, crawler, crawl, store, compare) and the
# exports' peak RSS and time against the sqlite3 shell, on a database of
# 10,000 synthetic reports (1.64 million values) built once.
#
#	scripts/bench.sh            # everything, summary in bench/summary-DATE.txt
#	scripts/bench.sh parser     # one part: parser, crawler, crawl, store, import, compare, export
#
# Environment: BENCH_DIR (default bench/) holds the database, the binary
# and the summaries; COUNT (default 3) is the number of runs of each Go
# benchmark. Run it from the repository's root on a quiet machine.
set -eu

dir=${BENCH_DIR:-bench}
count=${COUNT:-3}
parts=${*:-parser crawler crawl store import compare export}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
db=$dir/large.db
summary=$dir/summary-$(date -u +%Y%m%dT%H%M%SZ).txt
{
	echo "# nianbao benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "# $(go version); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //')"
	echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
} >"$summary"

# gobench PKG PATTERN BENCHTIME: runs the benchmarks and keeps their lines.
gobench() {
	echo "## go test $1 -bench '$2' -benchtime $3 -count $count" >>"$summary"
	NIANBAO_LARGE_DB=$db go test "$1" -run '^$' -bench "$2" -benchtime "$3" -count "$count" -benchmem |
		tee /dev/stderr | grep -E '^(Benchmark|ok|FAIL)' >>"$summary"
}

for part in $parts; do
	case $part in
	parser)
		gobench ./parser 'HTMLVsGoquery|TextVsGoqueryWalk' 100x
		gobench ./parser 'ParseVsGoquery' 100x
		;;
	crawler)
		gobench ./crawler . 5x
		;;
	crawl)
		# nianbao crawl of 1,040 pages against the bare loop, COUNT pairs
		# (scripts/bench-crawl.sh for other sizes); the crawl's store alone
		echo "## go test ./cmd/nianbao -bench CrawlPipeline -benchtime ${count}x (1,040 pages)" >>"$summary"
		NIANBAO_BENCH_PAGES=1000 go test ./cmd/nianbao -run '^$' -bench CrawlPipeline -benchtime "${count}x" -timeout 2h |
			tee /dev/stderr | grep -E '^(Benchmark|ok|FAIL)|pair [0-9]' >>"$summary"
		gobench ./store 'CrawlWriter' 1x
		;;
	store)
		gobench ./store 'ImportVsBare' 4000x
		gobench ./store 'Import$|ImportParse' 4000x
		gobench ./store 'CompareQuery' 1x
		gobench ./store 'Reparse$|SettleManyVersions' 2x
		;;
	import)
		# Paired runs: 1 core, 2 cores, the bare loop; each printed as it ends.
		echo "## import of 1,000 copies on 1 and 2 cores against the bare loop (ImportCores, paired)" >>"$summary"
		NIANBAO_IMPORT_DOCS=1000 go test ./store -run '^$' -bench 'ImportCores' -benchtime 3x -timeout 60m 2>&1 |
			tee /dev/stderr | grep -E '^(ImportCores|Benchmark|ok|FAIL)' >>"$summary"
		# The single writer's share of the CPU (profile labels), one run each.
		echo "## the writer's share of an import's CPU, 1,000 copies (ImportProfile, go tool pprof -tags)" >>"$summary"
		for cores in 1 2; do
			NIANBAO_IMPORT_DOCS=1000 go test ./store -run '^$' -bench "ImportProfile/cores=$cores\$" -benchtime 1x \
				-cpuprofile "$dir/import-$cores.prof" -o "$dir/store.test" | grep -E '^Benchmark' >>"$summary"
			go tool pprof -tags "$dir/store.test" "$dir/import-$cores.prof" 2>/dev/null | sed -n '1,4p' >>"$summary"
		done
		;;
	compare)
		gobench ./cmd/nianbao 'CompareVsShell' 5x
		;;
	export)
		go build -o "$dir/nianbao" ./cmd/nianbao
		# The database, if missing, is built by the benchmark's generator.
		[ -f "$db" ] || NIANBAO_LARGE_DB=$db go test ./cmd/nianbao -run '^$' -bench 'CompareVsShell' -benchtime 1x >/dev/null
		echo "## exports of $db: wall s, cpu s, peak RSS kB (/usr/bin/time)" >>"$summary"
		for args in "-layout long" "-layout wide" "-format jsonl -layout long" "-format xlsx -layout wide" "-format xlsx -layout long"; do
			for i in $(seq "$count"); do
				/usr/bin/time -f "export $args: %e s wall, %U+%S s cpu, %M kB peak RSS" \
					"$dir/nianbao" export -db "$db" $args -no-dictionary -o "$dir/out" 2>&1 >/dev/null | tail -1 >>"$summary"
			done
		done
		if command -v sqlite3 >/dev/null; then
			# The query the long layout reads (store.Values, no filter).
			q="SELECT report_id, agency, region, year, template, seq, table_name, section, code, dim, label_zh, label_en,
				row_label, column_label, unit, value, raw, derived, source, final_url, sha256, fetched_at, findings
				FROM stat_values ORDER BY agency, year, report_id, seq"
			# Paired, both to /dev/null.
			for i in $(seq "$count"); do
				/usr/bin/time -f "export -layout long > /dev/null: %e s wall, %U+%S s cpu, %M kB peak RSS" \
					"$dir/nianbao" export -db "$db" -layout long 2>&1 >/dev/null | tail -1 >>"$summary"
				/usr/bin/time -f "sqlite3 -csv > /dev/null, same query: %e s wall, %U+%S s cpu, %M kB peak RSS" \
					sqlite3 -readonly -csv "$db" "$q" 2>&1 >/dev/null | tail -1 >>"$summary"
			done
		fi
		rm -f "$dir/out"
		;;
	*)
		echo "bench.sh: unknown part $part (parser, crawler, crawl, store, import, compare, export)" >&2
		exit 2
		;;
	esac
done
echo "summary: $summary"
