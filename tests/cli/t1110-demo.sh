#!/bin/sh
# `make demo` (examples/demo.sh) runs to the end on a fresh repository and
# shows what it says it shows: worklog diff between two revisions of the
# example repository, and a merge of two branches that plain git
# conflicts on and worklog's merge driver merges cleanly.
. "$(dirname "$0")/lib.sh"

# demo: runs the demo into $TRASH/demo, its output in $TRASH/demo.out.
demo() {
	sh "$PROJECT_DIR/examples/demo.sh" "$WORKLOG" "$TRASH/demo" >demo.out 2>demo.err ||
		{ cat demo.err; return 1; }
}

# section HEADER: the lines of demo.out from the one starting with
# HEADER to the next blank line or header.
section() {
	awk -v h="$1" 'on && (/^== / || $0 == "") { exit }
		index($0, h) == 1 { on = 1 } on' demo.out
}

test_expect_success 'worklog diff between two revisions of the example repository' - <<\EOT
	demo &&
	section "== worklog diff --stat 2026-W47 HEAD" >actual &&
	cat >expect <<-\EOF &&
	== worklog diff --stat 2026-W47 HEAD (week 48 so far, one line a record)
	 records/kpis/K-2026-11-AVAIL.md  | 2 field changes, 2 sections
	 records/kpis/K-2026-11-P95.md    | 2 field changes, 1 section
	 records/kpis/K-2026-11-REFUND.md | 2 field changes, 1 section
	 records/logs/2026-W47-wangwu.md  | added
	 records/playbooks/PB-2026-02.md  | added
	 records/projects/P-2026-02.md    | 2 field changes, 1 section
	 records/tasks/T-2026-0145.md     | 2 field changes, 1 section
	 records/tasks/T-2026-0148.md     | added
	 8 files changed: 3 added, 5 modified
	EOF
	test_cmp expect actual &&
	section "== worklog diff 2026-W47 HEAD" >actual &&
	cat >expect <<-\EOF &&
	== worklog diff 2026-W47 HEAD
	modified records/kpis/K-2026-11-AVAIL.md (kpi K-2026-11-AVAIL)
	    actual: + 99.93
	    measured: + 2026-11-25
	    ## 分析 (added): +5 -0
	    ## 改进措施 (added): +4 -0
	modified records/kpis/K-2026-11-P95.md (kpi K-2026-11-P95)
	    actual: + 1280
	    measured: + 2026-11-25
	    ## 分析 (added): +4 -0
	modified records/kpis/K-2026-11-REFUND.md (kpi K-2026-11-REFUND)
	    actual: + 3.4
	    measured: + 2026-11-25
	    ## Analysis (added): +5 -0
	added records/logs/2026-W47-wangwu.md (log)
	added records/playbooks/PB-2026-02.md (playbook PB-2026-02)
	modified records/projects/P-2026-02.md (project P-2026-02)
	    phase: initiation → planning
	    health: green → yellow
	    ## 风险 (added): +3 -0
	modified records/tasks/T-2026-0145.md (task T-2026-0145)
	    status: todo → doing
	    spent: + 1d
	    ## Progress (added): +5 -0
	added records/tasks/T-2026-0148.md (task T-2026-0148)
	EOF
	test_cmp expect actual
EOT

test_expect_success 'plain git conflicts where the merge driver merges the two branches' - <<\EOT
	demo &&
	section "== worklog diff base main" >actual &&
	section "== worklog diff base live" >>actual &&
	section "== git merge live, plain git" >>actual &&
	section "== git merge live, with worklog merge" >>actual &&
	cat >expect <<-\EOF &&
	== worklog diff base main: on main, zhangsan unblocked T-2026-0148
	modified records/tasks/T-2026-0148.md (task T-2026-0148)
	    status: blocked → doing
	    blocked_reason: - 压测环境机器未到位，等待 IT 分配（预计 11-28）
	    ## 进展: +1 -1
	== worklog diff base live: on the branch live, lisi raised its priority and tagged it
	modified records/tasks/T-2026-0148.md (task T-2026-0148)
	    priority: high → urgent
	    tags[+]: live
	== git merge live, plain git (merge=text): a conflict
	   Auto-merging records/tasks/T-2026-0148.md
	   CONFLICT (content): Merge conflict in records/tasks/T-2026-0148.md
	   Automatic merge failed; fix conflicts and then commit the result.
	   <<<<<<< HEAD
	   priority: high
	   status: doing
	   =======
	   priority: urgent
	   status: blocked
	   blocked_reason: 压测环境机器未到位，等待 IT 分配（预计 11-28）
	   >>>>>>> live
	== git merge live, with worklog merge as the driver: clean
	   Auto-merging records/tasks/T-2026-0148.md
	   merged: Merge branch 'live'
	EOF
	test_cmp expect actual &&
	section "== the merged front matter" >actual &&
	cat >expect <<-\EOF &&
	== the merged front matter of records/tasks/T-2026-0148.md
	   ---
	   type: task
	   id: T-2026-0148
	   title: 双12 活动页压测
	   owner: lisi
	   category: project
	   priority: urgent
	   status: doing
	   project: P-2026-02
	   created: 2026-11-23
	   due: 2026-12-05
	   depends_on: [T-2026-0145]
	   estimate: 2d
	   spent: 0.5d
	   tags: [performance, double12, live]
	   ---
	EOF
	test_cmp expect actual &&
	section "== worklog diff base HEAD" >actual &&
	cat >expect <<-\EOF &&
	== worklog diff base HEAD: the merge took both sides' changes
	modified records/tasks/T-2026-0148.md (task T-2026-0148)
	    priority: high → urgent
	    status: blocked → doing
	    blocked_reason: - 压测环境机器未到位，等待 IT 分配（预计 11-28）
	    tags[+]: live
	    ## 进展: +1 -1
	EOF
	test_cmp expect actual &&
	git -C "$TRASH/demo" rev-parse -q --verify HEAD^2 >/dev/null &&
	git -C "$TRASH/demo" status --porcelain >status &&
	test_must_be_empty status &&
	tail -n 1 demo.out >last &&
	echo "== worklog validate records/tasks/T-2026-0148.md" >expect &&
	test_cmp expect last &&
	tail -n 1 demo.err >last &&
	echo "checked 1 record: 0 errors, 0 warnings" >expect &&
	test_cmp expect last
EOT

test_done
