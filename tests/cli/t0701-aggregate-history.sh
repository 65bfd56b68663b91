#!/bin/sh
# worklog aggregate --history: the history table and the lifecycle and
# status_spans views, from commits made in the test with fixed dates and
# authors; the range options.
. "$(dirname "$0")/lib.sh"

# commit_as EMAIL DAY TIME MESSAGE: commits everything, authored and
# committed by EMAIL on 2026-11-DAY at TIME, +08:00.
commit_as() {
	git -C "$R" add -A &&
	GIT_AUTHOR_NAME=${1%@*} GIT_AUTHOR_EMAIL=$1 \
	GIT_COMMITTER_NAME=${1%@*} GIT_COMMITTER_EMAIL=$1 \
	GIT_AUTHOR_DATE="2026-11-$2T$3:00+08:00" \
	GIT_COMMITTER_DATE="2026-11-$2T$3:00+08:00" \
		git -C "$R" commit -qm "$4"
}

# I-1 goes todo -> doing -> done -> doing -> done and moves folder on the
# way; I-2 is created doing and deleted; I-3 stays todo, committed by
# someone not in the roster.
setup() {
	new_repo "$R" &&
	write "$R/.worklog.yaml" <<-\EOF &&
	version: 1
	records: ["records/**/*.md"]
	schemas: [.worklog/schema]
	people:
	  - {id: zhangsan, name: 张三, email: [zhangsan@example.com]}
	  - {id: lisi, name: 李四, email: [lisi@example.com]}
	EOF
	write_item_schema owner lifecycle &&
	write_item records/a/1.md I-1 todo "owner: zhangsan" &&
	write_item records/a/2.md I-2 doing "owner: lisi" &&
	commit_as zhangsan@example.com 02 10:00 "I-1, I-2" &&
	write_item records/a/1.md I-1 doing "owner: lisi" &&
	write_item records/a/3.md I-3 todo &&
	commit_as guest@example.org 03 11:00 "I-1 started, I-3" &&
	write_item records/a/1.md I-1 done "owner: lisi" &&
	git -C "$R" rm -q records/a/2.md &&
	commit_as lisi@example.com 04 12:00 "I-1 done, I-2 dropped" &&
	mkdir -p "$R/records/b" &&
	git -C "$R" mv records/a/1.md records/b/1.md &&
	write_item records/b/1.md I-1 doing "owner: lisi" &&
	commit_as lisi@example.com 05 13:00 "I-1 reopened and moved" &&
	write_item records/b/1.md I-1 done "owner: lisi" &&
	commit_as zhangsan@example.com 06 14:00 "I-1 done again"
}

test_expect_success 'the history table has one row per dated change' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --format csv --sql \
		"SELECT time, author, person, path, old_path, id, change, field, old, new, state FROM history ORDER BY seq" &&
	tr -d '\r' <out >got &&
	cat >expect <<-\EOF &&
	time,author,person,path,old_path,id,change,field,old,new,state
	2026-11-02T10:00:00+08:00,zhangsan,zhangsan,records/a/1.md,,I-1,created,,,,todo
	2026-11-02T10:00:00+08:00,zhangsan,zhangsan,records/a/2.md,,I-2,created,,,,doing
	2026-11-03T11:00:00+08:00,guest,,records/a/1.md,,I-1,changed,status,todo,doing,doing
	2026-11-03T11:00:00+08:00,guest,,records/a/1.md,,I-1,changed,owner,zhangsan,lisi,doing
	2026-11-03T11:00:00+08:00,guest,,records/a/3.md,,I-3,created,,,,todo
	2026-11-04T12:00:00+08:00,lisi,lisi,records/a/1.md,,I-1,changed,status,doing,done,done
	2026-11-04T12:00:00+08:00,lisi,lisi,records/a/2.md,,I-2,deleted,,,,doing
	2026-11-05T13:00:00+08:00,lisi,lisi,records/b/1.md,records/a/1.md,I-1,renamed,,,,doing
	2026-11-05T13:00:00+08:00,lisi,lisi,records/b/1.md,,I-1,changed,status,done,doing,doing
	2026-11-06T14:00:00+08:00,zhangsan,zhangsan,records/b/1.md,,I-1,changed,status,doing,done,done
	EOF
	test_cmp expect got
EOT

test_expect_success 'lifecycle dates creation, start and the last completion' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --sql \
		"SELECT id, path, created_at, created_by, started_at, completed_at, completed_by, status_changes, reopened FROM lifecycle ORDER BY id" &&
	test_stdout <<-\EOF
	id   path            created_at                 created_by  started_at                 completed_at               completed_by  status_changes  reopened
	---  --------------  -------------------------  ----------  -------------------------  -------------------------  ------------  --------------  --------
	I-1  records/b/1.md  2026-11-02T10:00:00+08:00  zhangsan    2026-11-03T11:00:00+08:00  2026-11-06T14:00:00+08:00  zhangsan                   4         1
	I-2  records/a/2.md  2026-11-02T10:00:00+08:00  zhangsan    2026-11-02T10:00:00+08:00                                                        0         0
	I-3  records/a/3.md  2026-11-03T11:00:00+08:00                                                                                               0         0
	EOF
EOT

test_expect_success 'status_spans says how long each state lasted' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --format csv --sql \
		'SELECT id, status, "from", "to", seconds FROM status_spans ORDER BY id, "from"' &&
	tr -d '\r' <out >got &&
	cat >expect <<-\EOF &&
	id,status,from,to,seconds
	I-1,todo,2026-11-02T10:00:00+08:00,2026-11-03T11:00:00+08:00,90000
	I-1,doing,2026-11-03T11:00:00+08:00,2026-11-04T12:00:00+08:00,90000
	I-1,done,2026-11-04T12:00:00+08:00,2026-11-05T13:00:00+08:00,90000
	I-1,doing,2026-11-05T13:00:00+08:00,2026-11-06T14:00:00+08:00,90000
	I-1,done,2026-11-06T14:00:00+08:00,,
	I-2,doing,2026-11-02T10:00:00+08:00,2026-11-04T12:00:00+08:00,180000
	I-3,todo,2026-11-03T11:00:00+08:00,,
	EOF
	test_cmp expect got &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --sql \
		"SELECT status, sum(seconds) / 3600 AS hours FROM status_spans GROUP BY status ORDER BY status" &&
	test_stdout <<-\EOF
	status  hours
	------  -----
	doing     100
	done       25
	todo       25
	EOF
EOT

test_expect_success '--since, --until and a range choose the commits' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --since 2026-11-04 \
		--until 2026-11-05 --sql "SELECT group_concat(change || ':' || id, ' ') AS c FROM history" &&
	test_stdout <<-\EOF &&
	c
	-----------------------------------------------
	changed:I-1 deleted:I-2 renamed:I-1 changed:I-1
	EOF
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history HEAD~1..HEAD \
		--sql "SELECT count(*) AS n, min(time) AS t FROM history" &&
	test_stdout <<-\EOF
	n  t
	-  -------------------------
	1  2026-11-06T14:00:00+08:00
	EOF
EOT

test_expect_success '--first-parent reports a merge as one change' - <<\EOT
	setup &&
	git -C "$R" checkout -qb side HEAD~1 &&
	write_item records/a/3.md I-3 doing &&
	commit_as lisi@example.com 07 09:00 "I-3 started on a branch" &&
	git -C "$R" checkout -q - &&
	GIT_COMMITTER_DATE="2026-11-08T10:00:00+08:00" \
		git -C "$R" merge -q --no-ff -m merge side &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history \
		--sql "SELECT substr(time, 1, 10) AS day, person FROM history WHERE id = 'I-3' AND change = 'changed'" &&
	test_stdout <<-\EOF &&
	day         person
	----------  ------
	2026-11-07  lisi
	EOF
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --first-parent \
		--sql "SELECT substr(time, 1, 10) AS day, person FROM history WHERE id = 'I-3' AND change = 'changed'" &&
	test_stdout <<-\EOF
	day         person
	----------  ------
	2026-11-08
	EOF
EOT

test_expect_success '--stats adds what the walk cost' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --stats --count &&
	test_grep "^history: 5 commits walked (5 in range), 10 changes; " err &&
	test_grep -E "^history time: [0-9.]+s \(walk [0-9.]+s, diff [0-9.]+s, parse [0-9.]+s, compare [0-9.]+s\)$" err &&
	test_line_count = 4 err
EOT

test_expect_success 'without --history there is no history, and its options are errors' - <<\EOT
	setup &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --sql "SELECT * FROM lifecycle" &&
	test_grep "^worklog: SQL error: no such table: lifecycle$" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate HEAD &&
	test_grep "^worklog: aggregate takes no arguments ('HEAD'; a range needs --history)$" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --since 2026-11-01 &&
	test_grep "^worklog: --since, --until and --first-parent choose the commits of --history, which is not given$" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --history HEAD HEAD~1 &&
	test_grep "^worklog: aggregate --history takes one range, not 'HEAD~1'$" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --history nosuch &&
	test_grep "nosuch" err &&
	test_must_be_empty out
EOT

test_done
