#!/bin/sh
# worklog report: the sections of a monthly and a weekly report of a
# repository with three months of back-dated history (report-fixture.sh),
# checked byte for byte in JSON, Markdown and CSV; the expected files
# are in t1000-report/.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/report-fixture.sh"

EXPECT=$TESTS_DIR/t1000-report

test_expect_success 'the monthly report in JSON: every section, dated by history' - <<\EOT
	report_setup &&
	test_exit 0 "$WORKLOG" -C "$R" report month --period 2026-11 \
		--today 2026-12-01 --lang en --format json &&
	test_cmp "$EXPECT/month.json" out &&
	test_must_be_empty err
EOT

test_expect_success 'the same report in Markdown, the default format' - <<\EOT
	report_setup &&
	test_exit 0 "$WORKLOG" -C "$R" report month --period 2026-11 \
		--today 2026-12-01 --lang en &&
	test_cmp "$EXPECT/month.md" out
EOT

test_expect_success 'in Chinese, every empty section says so' - <<\EOT
	report_setup &&
	test_exit 0 "$WORKLOG" -C "$R" report week --period 2026-W48 \
		--today 2026-12-01 --owner lisi --lang zh &&
	test_cmp "$EXPECT/week-zh.md" out &&
	test "$(grep -c "^_本期无。_$" out)" = 6
EOT

test_expect_success 'a completion belongs to the period of its commit, not of completed:' - <<\EOT
	report_setup &&
	test_exit 0 "$WORKLOG" -C "$R" report month --period 2026-10 \
		--today 2026-12-01 --lang en --format csv --section completed &&
	printf '\357\273\277' >expect &&
	printf '%s\r\n' \
		"ID,Type,Title,Owner,Completed,Completed by,completed: as recorded,Differs,Started,Days" \
		"T-2026-0005,task,Task T-2026-0005,zhangsan,2026-10-30,zhangsan,2026-11-02,yes,2026-10-05,25.3" >>expect &&
	test_cmp expect out
EOT

test_expect_success 'KPI attainment both ways, as CSV with Chinese headers' - <<\EOT
	report_setup &&
	test_exit 0 "$WORKLOG" -C "$R" report month --period 2026-11 \
		--today 2026-12-01 --lang zh --format csv --section kpis &&
	printf '\357\273\277' >expect &&
	printf '%s\r\n' \
		"编号,名称,负责人,周期,目标,实际,单位,方向,达成率 %,达标,趋势（达成率 %）" \
		"K-2026-11-AVAIL,Availability,zhangsan,2026-11,99.9,99.85,%,越高越好,99.95,否,2026-09 99.90; 2026-10 100.05; 2026-11 99.95" \
		"K-2026-11-P95,P95 load time,zhangsan,2026-11,1500,1200,ms,越低越好,125.00,是,2026-11 125.00" >>expect &&
	test_cmp expect out
EOT

test_expect_success 'logs on time against required, from the cadence rule' - <<\EOT
	report_setup &&
	test_exit 0 "$WORKLOG" -C "$R" report month --period 2026-11 \
		--today 2026-12-01 --lang en --format csv --section people &&
	printf '\357\273\277' >expect &&
	printf '%s\r\n' \
		"Person,Name,Completed,Logs,Hours,Logs required,On time,Late,Missing,Pending" \
		"zhangsan,张三,1,2,78,4,2,0,2,0" \
		"lisi,李四,2,1,37.5,4,0,1,3,0" >>expect &&
	test_cmp expect out &&
	sed "s/who: \[zhangsan, lisi\]/who: [zhangsan]/" "$R/.worklog.yaml" >cfg &&
	mv cfg "$R/.worklog.yaml" &&
	rcommit zhangsan@example.com 2026-12-01 09:00 "lisi writes no logs" &&
	test_exit 0 "$WORKLOG" -C "$R" report week --period 2026-W46 \
		--today 2026-12-01 --lang en --format csv --section people &&
	printf '\357\273\277' >expect &&
	printf '%s\r\n' \
		"Person,Name,Completed,Logs,Hours,Logs required,On time,Late,Missing,Pending" \
		"zhangsan,张三,0,1,38,1,1,0,0,0" \
		"lisi,李四,2,0,0,,,,," >>expect &&
	test_cmp expect out
EOT

test_expect_success 'the HTML page is one self-contained file with four charts' - <<\EOT
	report_setup &&
	test_exit 0 "$WORKLOG" -C "$R" report month --period 2026-11 \
		--today 2026-12-01 --lang en --format html &&
	test "$(head -n 1 out)" = "<!DOCTYPE html>" &&
	test "$(tail -n 1 out)" = "</html>" &&
	test_grep '<meta name="viewport" content="width=device-width' out &&
	test_grep "@media print" out &&
	test "$(grep -o "<svg" out | wc -l)" -eq 4 &&
	test "$(grep -o "</svg>" out | wc -l)" -eq 4 &&
	test "$(grep -o "<table" out | wc -l)" = "$(grep -o "</table>" out | wc -l)" &&
	test_grep ! -i "http" out &&
	test_grep ! -i -E "<(link|script|img|iframe)|url\(|@import|src=" out &&
	test_grep "T-2026-0001" out &&
	test_grep "活动保障" out
EOT

test_expect_success '--output writes the file and nothing else' - <<\EOT
	report_setup &&
	test_exit 0 "$WORKLOG" -C "$R" report month --period 2026-11 \
		--today 2026-12-01 --lang en --format json --output "$TRASH/r.json" &&
	test_must_be_empty out &&
	test_cmp "$EXPECT/month.json" "$TRASH/r.json" &&
	test "$(ls "$TRASH" | grep -c "^r\.json")" = 1 &&
	test_exit 2 "$WORKLOG" -C "$R" report month --period 2026-11 \
		--output "$TRASH/nosuch/r.md" &&
	test_grep "^worklog: cannot create a file beside '.*/nosuch/r.md': No such file or directory$" err &&
	test_path_is_missing "$TRASH/nosuch"
EOT

test_expect_success 'the language follows --lang, then reports.lang, then LANG' - <<\EOT
	report_setup &&
	LANG=zh_CN.UTF-8 test_exit 0 "$WORKLOG" -C "$R" report week \
		--period 2026-W46 --section summary &&
	test_grep "^# 周报 2026-W46$" out &&
	LANG=C test_exit 0 "$WORKLOG" -C "$R" report week \
		--period 2026-W46 --section summary &&
	test_grep "^# Weekly report 2026-W46$" out &&
	printf 'reports:\n  lang: zh\n' >>"$R/.worklog.yaml" &&
	rcommit zhangsan@example.com 2026-12-01 09:00 "reports in Chinese" &&
	LANG=C test_exit 0 "$WORKLOG" -C "$R" report week \
		--period 2026-W46 --section summary &&
	test_grep "^# 周报 2026-W46$" out &&
	LANG=C test_exit 0 "$WORKLOG" -C "$R" report week \
		--period 2026-W46 --section summary --lang en &&
	test_grep "^# Weekly report 2026-W46$" out
EOT

test_expect_success '--stats says what was loaded and what each phase took' - <<\EOT
	report_setup &&
	test_exit 0 "$WORKLOG" -C "$R" report month --period 2026-11 \
		--today 2026-12-01 --section summary --stats &&
	test_grep -E "^report: 16 records, 32 history rows from 18 commits; load [0-9.]+s, history [0-9.]+s, sections [0-9.]+s$" err &&
	test_line_count = 1 err
EOT

test_expect_success 'bad periods, sections and languages are usage errors' - <<\EOT
	report_setup &&
	test_exit 2 "$WORKLOG" -C "$R" report week --period 2026-11 &&
	test_grep "^worklog: '2026-11' is not a week (like 2026-W49)$" err &&
	test_must_be_empty out &&
	test_exit 2 "$WORKLOG" -C "$R" report month --format csv &&
	test_grep "^worklog: --format csv prints one table: name it with --section$" err &&
	test_exit 2 "$WORKLOG" -C "$R" report month --section nosuch &&
	test_grep "nosuch" err &&
	test_exit 2 "$WORKLOG" -C "$R" report month --lang fr &&
	test_grep "fr" err &&
	test_exit 2 "$WORKLOG" -C "$R" report fortnight &&
	test_grep "^worklog: no report 'fortnight' (reports: week, month, quarter)$" err &&
	test_exit 2 "$WORKLOG" -C "$R" report month --format sarif &&
	test_must_be_empty out
EOT

test_expect_success 'an --owner off the roster is an error, with the id it may mean' - <<\EOT
	report_setup &&
	test_exit 2 "$WORKLOG" -C "$R" report month --period 2026-11 \
		--today 2026-12-01 --owner lsi &&
	test_must_be_empty out &&
	echo "worklog: no person 'lsi' on the roster of .worklog.yaml; did you mean 'lisi'?" >expect &&
	test_cmp expect err &&
	test_exit 2 "$WORKLOG" -C "$R" report month --owner 李四 &&
	test_grep "^worklog: no person '李四' on the roster of .worklog.yaml; did you mean 'lisi'?$" err &&
	test_exit 2 "$WORKLOG" -C "$R" report month --owner nobody-at-all &&
	test_grep "^worklog: no person 'nobody-at-all' on the roster of .worklog.yaml$" err
EOT

test_expect_success 'a --project no record has is an error, with the id it may mean' - <<\EOT
	report_setup &&
	test_exit 2 "$WORKLOG" -C "$R" report month --period 2026-11 \
		--today 2026-12-01 --project P-2026-10 &&
	test_must_be_empty out &&
	echo "worklog: no project 'P-2026-10' in the records; did you mean 'P-2026-01'?" >expect &&
	test_cmp expect err &&
	test_exit 2 "$WORKLOG" -C "$R" report month --project zzz &&
	test_grep "^worklog: no project 'zzz' in the records$" err &&
	test_exit 0 "$WORKLOG" -C "$R" report month --period 2026-11 \
		--today 2026-12-01 --project P-2026-01 --section projects \
		--format csv &&
	test_grep "P-2026-01" out
EOT

test_expect_success 'a HEAD without .worklog.yaml says so, for report and aggregate' - <<\EOT
	new_repo "$R" &&
	write "$R/records/a.md" <<-\EOF &&
	---
	type: log
	---
	EOF
	commit_at 2026-11-02 "records only" &&
	test_exit 2 "$WORKLOG" -C "$R" report week &&
	test_must_be_empty out &&
	echo "worklog: report: HEAD in '$R' has no .worklog.yaml (report reads the committed configuration: commit it, or name another --rev)" >expect &&
	test_cmp expect err &&
	echo "version: 1" >"$R/.worklog.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" report week &&
	test_cmp expect err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --count --rev HEAD &&
	test_grep "^worklog: aggregate: HEAD in '$R' has no .worklog.yaml" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --count --staged &&
	test_grep "^worklog: aggregate: the index of '$R' has no .worklog.yaml (stage one, or drop --staged)$" err &&
	test_exit 1 "$WORKLOG" -C "$R" validate --rev HEAD &&
	test_grep "records/a.md:1:1: error: missing required property" out
EOT

test_done
