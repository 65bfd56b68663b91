# The repository the report tests read: three months (September to
# November 2026) of a small operations team's records, committed on the
# days the work happened (+08:00, the configuration's zone), by the
# person who did it. Sourced by t10xx-*.sh after lib.sh.
#
# What the November report must find, and why:
#   T-2026-0001  done by the commit of 11-04, its front matter says
#                completed: 2026-11-03 (a disagreement to flag)
#   T-2026-0002  created, started and done in November (11-10)
#   T-2026-0003  doing since September, due 11-15: overdue
#   T-2026-0004  created 11-05, blocked since 11-12
#   T-2026-0005  done by the commit of 10-30 although its front matter
#                says 2026-11-02: October's completion, not November's
#   PRB-2026-001 opened 11-06, resolved 11-09; PRB-2026-002 opened 11-20
#   K-*-AVAIL    higher is better, September to November (a trend);
#   K-2026-11-P95 lower is better
#   P-2026-01    planning -> execution on 11-09, its Load test milestone
#                done then
#   a meeting on 11-16 with decisions and one open action
#   weekly logs: W45 by both (lisi's a day late), W46 by zhangsan only

# rcommit EMAIL DATE TIME MESSAGE: commits everything as EMAIL on DATE
# (2026-MM-DD) at TIME, +08:00.
rcommit() {
	git -C "$R" add -A &&
	GIT_AUTHOR_NAME=${1%@*} GIT_AUTHOR_EMAIL=$1 \
	GIT_COMMITTER_NAME=${1%@*} GIT_COMMITTER_EMAIL=$1 \
	GIT_AUTHOR_DATE="$2T$3:00+08:00" GIT_COMMITTER_DATE="$2T$3:00+08:00" \
		git -C "$R" commit -qm "$4"
}

# rec PATH LINE...: $R/records/PATH is a record whose front matter is the
# LINEs, without a body (rec_body adds one).
rec() {
	path_=$1
	shift
	{
		printf -- '---\n' &&
		for l_; do
			printf '%s\n' "$l_"
		done &&
		printf -- '---\n'
	} | write "$R/records/$path_"
}

# rec_body PATH: appends stdin to the record at PATH.
rec_body() {
	cat >>"$R/records/$1"
}

# task ID OWNER STATUS CREATED DUE [LINE...]
task() {
	id_=$1 owner_=$2 st_=$3 cr_=$4 due_=$5
	shift 5
	rec "tasks/$id_.md" "type: task" "id: $id_" "title: Task $id_" \
		"owner: $owner_" "status: $st_" "created: $cr_" "due: $due_" "$@"
}

# kpi ID PERIOD DIRECTION TARGET ACTUAL UNIT NAME
kpi() {
	rec "kpis/$1.md" "type: kpi" "id: $1" "name: $7" "owner: zhangsan" \
		"period: $2" "direction: $3" "target: $4" "actual: $5" "unit: '$6'" \
		"measured: 2026-11-30"
}

# problem ID STATUS [LINE...]
problem() {
	id_=$1 st_=$2
	shift 2
	rec "problems/$id_.md" "type: problem" "id: $id_" "title: Problem $id_" \
		"owner: lisi" "severity: high" "status: $st_" "$@"
}

# project PHASE LOAD-TEST-DONE
project() {
	rec projects/P-2026-01.md "type: project" "id: P-2026-01" \
		"title: 活动保障" "owner: zhangsan" "phase: $1" "status: active" \
		"health: green" "start: 2026-09-15" "due: 2026-12-31" \
		"milestones:" \
		"  - {name: Plan approved, due: 2026-10-01, done: true}" \
		"  - {name: Load test, due: 2026-11-08, done: $2}"
}

report_setup() {
	new_repo "$R" &&
	write "$R/.worklog.yaml" <<-\EOF &&
	version: 1
	records: ["records/**/*.md"]
	timezone: Asia/Shanghai
	people:
	  - {id: zhangsan, name: 张三, email: [zhangsan@example.com]}
	  - {id: lisi, name: 李四, email: [lisi@example.com]}
	rules:
	  cadence:
	    severity: warning
	    since: 2026-11-02
	    require:
	      - {type: log, every: week, grace: 1d, who: [zhangsan, lisi]}
	EOF
	task T-2026-0003 lisi doing 2026-09-15 2026-11-15 &&
	kpi K-2026-09-AVAIL 2026-09 up 99.9 99.8 % Availability &&
	project planning false &&
	rcommit zhangsan@example.com 2026-09-15 10:00 "the team's first records" &&
	task T-2026-0001 zhangsan todo 2026-10-05 2026-11-20 &&
	task T-2026-0005 zhangsan doing 2026-10-05 2026-11-30 &&
	rcommit zhangsan@example.com 2026-10-05 10:00 "T-1, T-5" &&
	kpi K-2026-10-AVAIL 2026-10 up 99.9 99.95 % Availability &&
	rcommit lisi@example.com 2026-10-12 10:00 "October's availability" &&
	task T-2026-0001 zhangsan doing 2026-10-05 2026-11-20 &&
	rcommit zhangsan@example.com 2026-10-20 10:00 "T-1 started" &&
	task T-2026-0005 zhangsan done 2026-10-05 2026-11-30 \
		"completed: 2026-11-02" &&
	rcommit zhangsan@example.com 2026-10-30 17:00 "T-5 done" &&
	task T-2026-0002 lisi todo 2026-11-02 2026-11-30 &&
	rcommit lisi@example.com 2026-11-02 09:00 "T-2" &&
	task T-2026-0002 lisi doing 2026-11-02 2026-11-30 &&
	rcommit lisi@example.com 2026-11-03 09:00 "T-2 started" &&
	task T-2026-0001 zhangsan done 2026-10-05 2026-11-20 \
		"completed: 2026-11-03" &&
	rcommit zhangsan@example.com 2026-11-04 18:00 "T-1 done" &&
	task T-2026-0004 zhangsan todo 2026-11-05 2026-11-25 &&
	rcommit zhangsan@example.com 2026-11-05 11:00 "T-4" &&
	problem PRB-2026-001 open "reported: 2026-11-05" \
		"cause: the cache key holds the query string" &&
	rcommit lisi@example.com 2026-11-06 15:00 "PRB-1" &&
	problem PRB-2026-001 investigating "reported: 2026-11-05" \
		"cause: the cache key holds the query string" &&
	rcommit lisi@example.com 2026-11-07 10:00 "PRB-1 looked at" &&
	project execution true &&
	rec logs/2026-W45-zhangsan.md "type: log" "period: 2026-W45" \
		"owner: zhangsan" "hours: 40" "next: [Review the runbook]" &&
	rcommit zhangsan@example.com 2026-11-09 09:30 "execution; W45 log" &&
	problem PRB-2026-001 resolved "reported: 2026-11-05" \
		"cause: the cache key holds the query string" \
		"solution: ignore the query string in the key" \
		"effect: origin fetches down from 38% to 6%" \
		"resolved: 2026-11-09" &&
	rcommit lisi@example.com 2026-11-09 16:00 "PRB-1 resolved" &&
	task T-2026-0002 lisi done 2026-11-02 2026-11-30 \
		"completed: 2026-11-10" &&
	rec logs/2026-W45-lisi.md "type: log" "period: 2026-W45" \
		"owner: lisi" "hours: 37.5" &&
	rec_body logs/2026-W45-lisi.md <<-\EOF &&
	## Done

	- T-2026-0002

	## Next

	- Load test the gateway
	- [ ] Rotate the certificates
	EOF
	rcommit lisi@example.com 2026-11-10 12:00 "T-2 done; W45 log, late" &&
	task T-2026-0004 zhangsan blocked 2026-11-05 2026-11-25 &&
	rcommit zhangsan@example.com 2026-11-12 14:00 "T-4 waits for the vendor" &&
	rec meetings/2026-11-16-review.md "type: meeting" "date: 2026-11-16" \
		"title: Mid-month review" "owner: zhangsan" \
		"attendees: [zhangsan, lisi]" \
		"decisions: [Freeze changes on 11-28, 'Keep the cache rule']" &&
	rec_body meetings/2026-11-16-review.md <<-\EOF &&
	## Actions

	- [ ] Publish the runbook @lisi due:2026-11-20
	- [x] Book the room @zhangsan due:2026-11-17
	EOF
	rec logs/2026-W46-zhangsan.md "type: log" "period: 2026-W46" \
		"owner: zhangsan" "hours: 38" &&
	rcommit zhangsan@example.com 2026-11-16 18:00 "review; W46 log" &&
	problem PRB-2026-002 open "reported: 2026-11-20" &&
	rcommit lisi@example.com 2026-11-20 10:00 "PRB-2" &&
	kpi K-2026-11-AVAIL 2026-11 up 99.9 99.85 % Availability &&
	kpi K-2026-11-P95 2026-11 down 1500 1200 ms "P95 load time" &&
	rcommit zhangsan@example.com 2026-11-30 20:00 "November's KPIs"
}
