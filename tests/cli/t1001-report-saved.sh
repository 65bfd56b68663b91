#!/bin/sh
# worklog report NAME: saved reports of `reports:` in .worklog.yaml, with
# their filters, sections and SQL queries run under the store's
# authorizer.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/report-fixture.sh"

# saved_setup: the fixture, with saved reports committed on 12-01.
saved_setup() {
	report_setup &&
	cat >>"$R/.worklog.yaml" <<-\EOF &&
	reports:
	  lang: en
	  lisi-monthly:
	    period: month
	    title: Lisi's month
	    owner: lisi
	    sections: [summary, completed]
	    queries:
	      - name: waiting
	        title: Open work
	        sql: >-
	          SELECT id, status FROM records WHERE owner = :owner
	          AND state IN ('open', 'blocked') ORDER BY id
	      - {name: kinds, sql: "SELECT type, count(*) AS n FROM records GROUP BY type ORDER BY type"}
	  p1:
	    period: week
	    where: "project = 'P-2026-01' OR id = 'P-2026-01'"
	    sections: [projects]
	  bad:
	    period: week
	    queries:
	      - {name: evil, sql: "DELETE FROM records"}
	EOF
	rcommit zhangsan@example.com 2026-12-01 09:00 "saved reports"
}

test_expect_success 'a saved report: its title, owner, sections and queries' - <<\EOT
	saved_setup &&
	test_exit 0 "$WORKLOG" -C "$R" report lisi-monthly --period 2026-11 \
		--today 2026-12-01 &&
	test_stdout <<-\EOF
	# Lisi's month 2026-11

	2026-11-01 to 2026-11-30 · as of 2026-11-30 · time zone Asia/Shanghai · commit 77ac8bda44dc · owner lisi

	## Summary

	| Measure | This period | Previous period | Change |
	| --- | ---: | ---: | ---: |
	| Created | 5 | 0 | 5 |
	| Completed | 2 | 0 | 2 |
	| In progress | 1 | 1 | 0 |
	| Overdue | 1 | 0 | 1 |
	| Blocked | 0 | 0 | 0 |

	## Completed

	| ID | Type | Title | Owner | Completed | Completed by | completed: as recorded | Differs | Started | Days |
	| --- | --- | --- | --- | --- | --- | --- | --- | --- | ---: |
	| T-2026-0002 | task | Task T-2026-0002 | lisi | 2026-11-10 | lisi | 2026-11-10 | no | 2026-11-03 | 7.1 |

	## Open work

	| ID | Status |
	| --- | --- |
	| PRB-2026-002 | open |
	| T-2026-0003 | doing |

	## kinds

	| Type | n |
	| --- | ---: |
	| kpi | 4 |
	| log | 3 |
	| meeting | 1 |
	| problem | 2 |
	| project | 1 |
	| task | 5 |
	EOF
EOT

test_expect_success 'a saved query is a part --section and JSON name' - <<\EOT
	saved_setup &&
	test_exit 0 "$WORKLOG" -C "$R" report lisi-monthly --period 2026-11 \
		--today 2026-12-01 --format csv --section waiting &&
	printf '\357\273\277' >expect &&
	printf '%s\r\n' "ID,Status" "PRB-2026-002,open" "T-2026-0003,doing" >>expect &&
	test_cmp expect out &&
	test_exit 0 "$WORKLOG" -C "$R" report lisi-monthly --period 2026-11 \
		--today 2026-12-01 --format json &&
	sed -n "/\"extra\"/,/^  }/p" out | head -n 8 >got &&
	cat >expect <<-\EOF &&
	  "extra": {
	    "waiting": {
	      "title": "Open work",
	      "columns": [
	        "id",
	        "status"
	      ],
	      "rows": [
	EOF
	test_cmp expect got
EOT

test_expect_success 'where: narrows every section' - <<\EOT
	saved_setup &&
	test_exit 0 "$WORKLOG" -C "$R" report p1 --period 2026-W46 \
		--today 2026-12-01 &&
	test_stdout <<-\EOF
	# Weekly report 2026-W46

	2026-11-09 to 2026-11-15 · as of 2026-11-15 · time zone Asia/Shanghai · commit 77ac8bda44dc

	## Projects

	| ID | Title | Owner | Phase | Status | Health | Due | Phase changes |
	| --- | --- | --- | --- | --- | --- | --- | --- |
	| P-2026-01 | 活动保障 | zhangsan | execution | active | green | 2026-12-31 | 2026-11-09 planning → execution |
	EOF
EOT

test_expect_success 'a query that writes is refused, with its place in the configuration' - <<\EOT
	saved_setup &&
	test_exit 2 "$WORKLOG" -C "$R" report bad --today 2026-12-01 &&
	test_must_be_empty out &&
	test_stderr <<-\EOF
	worklog: .worklog.yaml:34:27: query 'evil' of saved report 'bad' refused: writing to 'records' is not allowed: the store is read-only
	EOF
EOT

test_expect_success 'a saved report that is wrong is a configuration error' - <<\EOT
	saved_setup &&
	cat >>"$R/.worklog.yaml" <<-\EOF &&
	  week: {period: week}
	  odd: {period: fortnight, colour: red}
	EOF
	rcommit zhangsan@example.com 2026-12-01 10:00 "bad saved reports" &&
	test_exit 2 "$WORKLOG" -C "$R" report month --today 2026-12-01 &&
	test_must_be_empty out &&
	test_stderr <<-\EOF
	.worklog.yaml:35:3: error: reports: a saved report may not be called 'week', the name of a period [config]
	.worklog.yaml:36:17: error: reports: odd: period must be week, month or quarter, not 'fortnight' [config]
	.worklog.yaml:36:28: error: unknown key 'colour' in saved report 'odd' (known: period, title, where, owner, project, lang, sections, queries) [config]
	worklog: cannot use the configuration: 3 errors
	EOF
EOT

test_done
