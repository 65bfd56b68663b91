#!/bin/sh
# worklog aggregate: the records as SQL tables, each option, each format,
# the export, and queries that are refused or fail.
. "$(dirname "$0")/lib.sh"

# Four items, one of them breaking its schema (status bogus), with
# Chinese titles and an hours field of the team's own.
setup() {
	new_repo "$R" &&
	write_config zhangsan=张三 lisi=李四 &&
	write_item_schema owner lifecycle &&
	write_item records/a.md I-1 todo "title: 压缩首屏图片" "owner: zhangsan" "hours: 3" &&
	write_item records/b.md I-2 doing "title: 上线 CDN" "owner: lisi" "hours: 2.5" &&
	write_item records/c.md I-3 done "title: Weekly report" "owner: zhangsan" "hours: 4" &&
	write_item records/d.md I-4 bogus "title: 坏记录" "owner: lisi"
}

test_expect_success 'with no options the records are listed, wide characters aligned' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate &&
	test_stderr "" &&
	test_stdout <<-\EOF
	path          type  id   title          owner     status
	------------  ----  ---  -------------  --------  ------
	records/a.md  item  I-1  压缩首屏图片   zhangsan  todo
	records/b.md  item  I-2  上线 CDN       lisi      doing
	records/c.md  item  I-3  Weekly report  zhangsan  done
	records/d.md  item  I-4  坏记录         lisi      bogus
	EOF
EOT

test_expect_success '--where filters by an SQL expression; invalid records are rows' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --where "valid = 0 OR state = 'done'" &&
	test_stdout <<-\EOF
	path          type  id   title          owner     status
	------------  ----  ---  -------------  --------  ------
	records/c.md  item  I-3  Weekly report  zhangsan  done
	records/d.md  item  I-4  坏记录         lisi      bogus
	EOF
EOT

test_expect_success '--group-by, --count, --sum and --avg; numbers align right' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --group-by owner --count \
		--sum fm.hours --avg fm.hours &&
	test_stdout <<-\EOF
	owner     count  sum_fm.hours  avg_fm.hours
	--------  -----  ------------  ------------
	lisi          2           2.5           2.5
	zhangsan      2             7           3.5
	EOF
EOT

test_expect_success '--group-by takes several fields; a NULL group is blank' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --group-by owner,state --count &&
	test_stdout <<-\EOF
	owner     state  count
	--------  -----  -----
	lisi                 1
	lisi      open       1
	zhangsan  done       1
	zhangsan  open       1
	EOF
EOT

test_expect_success '--sort orders by a result column or a field, --limit cuts' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --group-by owner \
		--sum fm.hours --sort sum_fm.hours:desc &&
	test_stdout <<-\EOF &&
	owner     sum_fm.hours
	--------  ------------
	zhangsan             7
	lisi               2.5
	EOF
	test_exit 0 "$WORKLOG" -C "$R" aggregate --sort fm.hours:desc,id --limit 2 &&
	test_stdout <<-\EOF &&
	path          type  id   title          owner     status
	------------  ----  ---  -------------  --------  ------
	records/c.md  item  I-3  Weekly report  zhangsan  done
	records/a.md  item  I-1  压缩首屏图片   zhangsan  todo
	EOF
	test_exit 0 "$WORKLOG" -C "$R" aggregate --count --limit 0 &&
	test_stdout <<-\EOF
	count
	-----
	EOF
EOT

test_expect_success '--format csv is RFC 4180: CRLF, quotes doubled' - <<\EOT
	setup &&
	write_item records/e.md I-5 todo 'title: "say \"hi\", then go"' "owner: lisi" &&
	write_item records/f.md I-6 todo 'title: "two\nlines, \e[31mred\u202e"' &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --format csv \
		--where "id IN ('I-2', 'I-5', 'I-6')" &&
	printf '%s\r\n' "path,type,id,title,owner,status" \
		"records/b.md,item,I-2,上线 CDN,lisi,doing" \
		'records/e.md,item,I-5,"say ""hi"", then go",lisi,todo' \
		'records/f.md,item,I-6,"two' \
		'lines, \x1B[31mred\u202E",,todo' | sed '4s/\r$//' >expect &&
	test_cmp expect out
EOT

test_expect_success '--format json is an array of rows with SQL types kept' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --format json \
		--sql "SELECT owner, count(*) AS n, sum(json_extract(fm, '\$.hours')) AS h, NULL AS x FROM records GROUP BY owner ORDER BY owner" &&
	test_stdout <<-\EOF &&
	[
	  {"owner": "lisi", "n": 2, "h": 2.5, "x": null},
	  {"owner": "zhangsan", "n": 2, "h": 7, "x": null}
	]
	EOF
	test_exit 0 "$WORKLOG" -C "$R" aggregate --format json --where 0 &&
	test_stdout "[]"
EOT

test_expect_success '--format markdown is a pipe table, cells escaped' - <<\EOT
	setup &&
	write_item records/e.md I-5 todo 'title: "a|b <i>x</i> & c\\d"' "owner: lisi" &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --format markdown \
		--sql "SELECT id, title, json_extract(fm, '\$.hours') AS hours FROM records WHERE id IN ('I-1', 'I-5') ORDER BY id" &&
	test_stdout <<-\EOF
	| id | title | hours |
	| --- | --- | ---: |
	| I-1 | 压缩首屏图片 | 3 |
	| I-5 | a\|b &lt;i>x&lt;/i> &amp; c\\d |  |
	EOF
EOT

test_expect_success 'a control character in a cell cannot break the table' - <<\EOT
	setup &&
	write_item records/e.md I-5 todo 'title: "two\nlines\tand \e[31mred"' &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --sql "SELECT id, title FROM records WHERE id = 'I-5'" &&
	test_stdout <<-\EOF
	id   title
	---  ---------------------------
	I-5  two\nlines\tand \x1B[31mred
	EOF
EOT

test_expect_success '--sql runs any query over every table' - <<\EOT
	setup &&
	printf -- '---\ntype: item\nid: I-9\nstatus: todo\n---\n## 进展\n- [x] 写 @lisi due:2026-12-01\n' >"$R/records/f.md" &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --format csv --sql \
		"SELECT i.kind, i.text, i.owner, i.due, i.done, i.section, p.name FROM items i JOIN people p ON p.id = i.owner" &&
	tr -d '\r' <out >got &&
	printf '%s\n' "kind,text,owner,due,done,section,name" \
		"task,写 @lisi due:2026-12-01,lisi,2026-12-01,1,进展,李四" >expect &&
	test_cmp expect got &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --format csv --sql \
		"SELECT heading, level, line, chars FROM sections" &&
	tr -d '\r' <out >got &&
	printf '%s\n' "heading,level,line,chars" "进展,2,6,20" >expect &&
	test_cmp expect got
EOT

test_expect_success 'fields are checked, never pasted into SQL' - <<\EOT
	setup &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --group-by 'owner; DROP TABLE records' &&
	test_grep "^worklog: unknown field 'owner; DROP TABLE records' (use a column of records: path, type, id, title, owner, status, priority, category, project, date, period, created, due, completed, state, valid, or fm.KEY)$" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --sum "fm.x') FROM people --" &&
	test_grep "^worklog: 'fm.x') FROM people --' is not a front-matter path" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --sort 'owner:sideways' &&
	test_grep "^worklog: sort key 'owner:sideways': the order after ':' is asc or desc$" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --limit -1 &&
	test_grep "^worklog: --limit takes a number of rows, not '-1'$" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --sql "SELECT 1" --count &&
	test_grep "^worklog: --sql runs a query of its own" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate extra &&
	test_grep "^worklog: aggregate takes no arguments ('extra'; a range needs --history)$" err &&
	test_must_be_empty out
EOT

test_expect_success 'an SQL error is exit 2 with SQLite'"'"'s message and the query' - <<\EOT
	setup &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --sql "SELEC * FROM records" &&
	test_must_be_empty out &&
	test_stderr <<-\EOF &&
	worklog: SQL error: near "SELEC": syntax error
	worklog: the query: SELEC * FROM records
	EOF
	test_exit 2 "$WORKLOG" -C "$R" aggregate --where "nosuch > 1" &&
	test_grep "^worklog: SQL error: no such column: nosuch$" err &&
	test_grep '^worklog: the query: SELECT "path", "type", "id", "title", "owner", "status" FROM records WHERE (nosuch > 1\\n) ORDER BY "path"$' err
EOT

test_expect_success 'a query that would write, attach or load is refused, exit 2' - <<\EOT
	setup &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --sql "ATTACH DATABASE '$TRASH/x.db' AS x" &&
	test_stderr <<-EOF &&
	worklog: query refused: ATTACH is not allowed
	worklog: the query: ATTACH DATABASE '$TRASH/x.db' AS x
	EOF
	test_path_is_missing x.db &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --sql "DELETE FROM records" &&
	test_grep "^worklog: query refused: writing to 'records' is not allowed: the store is read-only$" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --sql "SELECT load_extension('$TRASH/evil')" &&
	test_grep "^worklog: query refused: the function load_extension() is not allowed$" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --sql "PRAGMA writable_schema = ON" &&
	test_grep "^worklog: query refused: PRAGMA writable_schema is not allowed" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --where "1) UNION SELECT 1,2,3,4,5,6 FROM records; DROP TABLE records; --" &&
	test_grep "^worklog: query refused: changing the schema is not allowed: the store is read-only$" err &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --sql "VACUUM INTO '$TRASH/copy.db'" &&
	test_grep "^worklog: query refused: the statement writes; only queries that read are allowed$" err &&
	test_path_is_missing copy.db
EOT

test_expect_success 'a record that does not parse is no row, and a note says so' - <<\EOT
	setup &&
	printf -- '---\ntitle: [broken\n---\n' >"$R/records/x.md" &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --count &&
	test_stdout <<-\EOF &&
	count
	-----
	    4
	EOF
	test_stderr "worklog: 1 record file did not parse and is not in the tables (see 'worklog validate')" &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --count -q &&
	test_stderr ""
EOT

test_expect_success '--staged and --rev read another version' - <<\EOT
	setup &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm four &&
	rm "$R/records/a.md" &&
	git -C "$R" rm -q --cached records/b.md &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --count --format csv &&
	test_stdout "$(printf 'count\r\n3\r')" &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --count --format csv --staged &&
	test_stdout "$(printf 'count\r\n3\r')" &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --format csv --staged --sql "SELECT group_concat(id, ' ') AS ids FROM records" &&
	test_stdout "$(printf 'ids\r\nI-1 I-3 I-4\r')" &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --count --format csv --rev HEAD &&
	test_stdout "$(printf 'count\r\n4\r')"
EOT

test_expect_success SQLITE3 '--export writes every table to a file the sqlite3 shell opens' - <<\EOT
	setup &&
	echo stale >old.db &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --export "$TRASH/old.db" &&
	test_must_be_empty out &&
	test_stderr "" &&
	sqlite3 old.db "SELECT path, valid FROM records ORDER BY path; SELECT count(*) FROM people; SELECT group_concat(value) FROM (SELECT value FROM states WHERE type = 'item' ORDER BY position);" >got &&
	cat >expect <<-\EOF &&
	records/a.md|1
	records/b.md|1
	records/c.md|1
	records/d.md|0
	2
	todo,doing,done
	EOF
	test_cmp expect got &&
	ls >files &&
	printf '%s\n' expect files got old.db out err repo >expect &&
	sort expect >want && sort files >have && test_cmp want have
EOT

test_expect_success '--export with a query does both; a bad folder is exit 2' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --export "$TRASH/a.db" --count &&
	test_stdout <<-\EOF &&
	count
	-----
	    4
	EOF
	test_path_is_file a.db &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --export "$TRASH/no/such/a.db" &&
	test_grep "^worklog: cannot create a file beside '$TRASH/no/such/a.db': No such file or directory$" err
EOT

test_expect_success '--stats says what was loaded and what each phase took' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --stats --count &&
	test_grep "^records: 4 loaded (1 invalid), 0 not parsed; 0 items, 0 sections, 2 people$" err &&
	test_grep -E "^time: open [0-9.]+s, load [0-9.]+s, seal [0-9.]+s, export [0-9.]+s, query [0-9.]+s, output [0-9.]+s$" err &&
	test_line_count = 2 err
EOT

test_expect_success 'the formats a command does not print are refused' - <<\EOT
	setup &&
	test_exit 2 "$WORKLOG" -C "$R" aggregate --format github &&
	test_stderr "worklog: aggregate does not print github (use table, json, csv or markdown)" &&
	test_exit 2 "$WORKLOG" -C "$R" validate --format csv &&
	test_stderr "worklog: validate does not print csv (use text, json, github, sarif or gitlab)"
EOT

test_done
