#!/usr/bin/env bash
# Issue 12's figures in one sitting on a quiet machine (docs/performance.md "Where issue 12 stands"), on a built
# clone: HTTP (both databases), boot, then the 1M case lists and KPIs on data kept beforehand ("The 1M datasets for
# the quiet benches"). Output goes to $OUT (default /tmp/quiet-*). From the repository root:
#   LIST_SQLITE=<1M file> KPI_SQLITE=<1M file> [MARIADB=mariadb://user:pass@host:port] [BASELINE=server/dist-main] \
#     [WORDS_SQLITE=<1M file with texts, its search index filled>] [WORDS_MARIADB=<database name>] bash bench/quiet-sitting.sh
# BASELINE: a second build inside server/ measured beside this one in the same runs. The MariaDB databases are
# sansui_bench_field (lists) and sansui_bench_eval (KPIs); MariaDB's half is skipped without MARIADB.
set -u
OUT=${OUT:-/tmp/quiet}
BASE=${BASELINE:+--baseline-dist $BASELINE}
say() { echo "== $1 $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }

say http
DBS=both; [ -n "${MARIADB:-}" ] || DBS=sqlite
node bench/run.mjs --db "$DBS" --simulators external --seconds 8 --connections 10 \
  --phases floor,health,submit,paced,mine,board,queue --port 4600 $BASE > "$OUT-http.json" 2> "$OUT-http.log"
say mixed
node bench/run.mjs --db "$DBS" --simulators external --seconds 8 --connections 10 \
  --phases floor,mixed --mixed-rate 30 --port 4600 $BASE > "$OUT-mixed.json" 2> "$OUT-mixed.log"
say boot
node bench/boot.mjs --runs 2 --port-base 4650 $BASE > "$OUT-boot.log" 2>&1

cd server || exit 1
lists() { npx jest --forceExit --testRegex 'case-list\.bench\.ts$' > "$OUT-lists-$1.log" 2>&1; }
kpis() { npx jest --forceExit --testRegex 'kpi-plan\.bench\.ts$' > "$OUT-kpi-$1.log" 2>&1; }
# The same lists through the built server (and the baseline build), as production runs them: after the jest bench, which
# leaves the staff whose tokens it signs. $1 name, $2 database, $3 shapes (part of a label).
lists_http() {
  local db=$2
  [[ $db == *://* ]] || db=$(realpath "$db")
  (cd .. && node bench/case-list-http.mjs --db "$db" --calls 20 --rounds 2 --port 4660 ${3:+--only "$3"} $BASE \
    > "$OUT-lists-http-$1.md" 2> "$OUT-lists-http-$1.log")
}
# READ_CACHE=false: with answers kept, a shape's repeated calls are answered from the cache, not by the list.
export READ_CACHE=false LIST_LEGACY=0 LIST_CALLS=20 KPI_MEASURE_ONLY=1 KPI_SKIP_LISTS=1 KPI_CALLS=20
if [ -n "${LIST_SQLITE:-}" ]; then say "lists sqlite"; LIST_DB=$LIST_SQLITE lists sqlite; lists_http sqlite "$LIST_SQLITE"; fi
if [ -n "${MARIADB:-}" ]; then
  say "lists mariadb"
  TEST_DB=mysql TEST_MYSQL_URL=$MARIADB/sansui_test LIST_DB=$MARIADB/sansui_bench_field lists mysql
  lists_http mysql "$MARIADB/sansui_bench_field"
fi
if [ -n "${WORDS_SQLITE:-}" ]; then
  say "words sqlite"
  LIST_SKIP= LIST_ONLY=words LIST_CALLS=5 LIST_DB=$WORDS_SQLITE lists words-sqlite
  lists_http words-sqlite "$WORDS_SQLITE" words
fi
if [ -n "${MARIADB:-}" ] && [ -n "${WORDS_MARIADB:-}" ]; then
  say "words mariadb"
  LIST_SKIP= LIST_ONLY=words LIST_CALLS=5 TEST_DB=mysql TEST_MYSQL_URL=$MARIADB/sansui_test LIST_DB=$MARIADB/$WORDS_MARIADB lists words-mysql
  lists_http words-mysql "$MARIADB/$WORDS_MARIADB" words
fi
if [ -n "${KPI_SQLITE:-}" ]; then say "kpis sqlite"; KPI_KEEP_DB=$KPI_SQLITE kpis sqlite; fi
if [ -n "${MARIADB:-}" ]; then
  say "kpis mariadb"
  TEST_DB=mysql TEST_MYSQL_URL=$MARIADB/sansui_test KPI_KEEP_DB=$MARIADB/sansui_bench_eval kpis mysql
fi
say done
