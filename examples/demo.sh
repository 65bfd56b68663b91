#!/bin/sh
# demo.sh — replay a month of an e-commerce operations team's work records
# as a git history, then run worklog on it.
#
#   sh examples/demo.sh WORKLOG_BINARY DEMO_DIR
#
# DEMO_DIR is deleted and recreated as a throwaway git repository. The
# records in examples/records are the final state; earlier versions are
# made from them with sed (a task goes back to `todo`, a problem loses its
# solution, a project its later phases) and committed on the day they were
# written, by the person who wrote them, from 2026-10-26 to 2026-11-25
# (+0800). The last version of every file is the one in examples/, so the
# demo repository ends exactly equal to examples/ (.worklog.yaml,
# .worklog/ and records/). Fixed names and dates make every run produce
# the same commits.
#
# Then worklog runs on it: validate, lint, aggregate, report, diff
# between two revisions, the hooks refusing a commit, and a merge of two
# branches that edit one record on neighbouring lines, which plain git
# conflicts on and worklog's merge driver merges field by field.
set -eu

if [ $# -ne 2 ]; then
	echo "usage: sh examples/demo.sh WORKLOG_BINARY DEMO_DIR" >&2
	exit 2
fi
WORKLOG=$1
DEMO=$2
EX=$(cd "$(dirname "$0")" && pwd)

case $WORKLOG in
/*) ;;
*/*) WORKLOG=$(pwd)/$WORKLOG ;;
esac
case $WORKLOG in
*/*) [ -f "$WORKLOG" ] && [ -x "$WORKLOG" ] ;;
*) command -v "$WORKLOG" >/dev/null 2>&1 ;;
esac || {
	echo "demo: cannot run '$WORKLOG'; build it with 'make'" >&2
	exit 2
}

# Refuse to delete anything that does not look like an earlier demo.
case $DEMO in
'' | / | . | ..)
	echo "demo: refusing to use '$DEMO' as the demo directory" >&2
	exit 2 ;;
esac
if [ -e "$DEMO" ] && [ -n "$(ls -A "$DEMO" 2>/dev/null)" ] &&
   [ ! -f "$DEMO/.git/worklog-demo" ]; then
	echo "demo: '$DEMO' exists and is not a worklog demo; not deleting it" >&2
	exit 2
fi
rm -rf "$DEMO"
mkdir -p "$DEMO"
DEMO=$(cd "$DEMO" && pwd)

# Keep the user's git configuration out of the history: no signing, no
# hooks, no line-end conversion.
GIT_CONFIG_NOSYSTEM=1
GIT_CONFIG_GLOBAL=/dev/null
export GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY 2>/dev/null || :

g() {
	git -C "$DEMO" -c commit.gpgsign=false -c core.hooksPath=/dev/null \
		-c core.autocrlf=false -c init.defaultBranch=main "$@"
}

g init -q
g symbolic-ref HEAD refs/heads/main
: >"$DEMO/.git/worklog-demo"
# The reports' web pages are written beside the records, not committed.
echo 'report-*.html' >>"$DEMO/.git/info/exclude"

# put FILE [SED-ARGUMENTS...]: copy examples/FILE into the demo
# repository, edited by sed when arguments are given.
put() {
	f=$1
	shift
	case $f in
	*/*) mkdir -p "$DEMO/${f%/*}" ;;
	esac
	if [ $# -eq 0 ]; then
		cp "$EX/$f" "$DEMO/$f"
	else
		sed "$@" "$EX/$f" >"$DEMO/$f"
	fi
}

# A task as first written: todo, no progress yet.
as_todo() {
	put "$1" -e 's/^status: .*/status: todo/' -e '/^completed:/d' \
		-e '/^spent:/d' -e '/^blocked_reason:/d' \
		-e '/^## 进展/,$d' -e '/^## Progress/,$d'
}

# A task under way: doing, its checklist not yet ticked, no result.
as_doing() {
	put "$1" -e 's/^status: .*/status: doing/' -e '/^completed:/d' \
		-e '/^spent:/d' -e '/^blocked_reason:/d' -e 's/^- \[x\]/- [ ]/' \
		-e '/^## 结果/,$d' -e '/^## Result/,$d'
}

# as WHO 'YYYY-MM-DD HH:MM': the next commits are WHO's, at that time in
# China Standard Time.
as() {
	case $1 in
	zhangsan) name=张三 ;;
	lisi) name=李四 ;;
	wangwu) name=王五 ;;
	zhaoliu) name=赵六 ;;
	*) echo "demo: unknown author '$1'" >&2; exit 2 ;;
	esac
	GIT_AUTHOR_NAME=$name GIT_COMMITTER_NAME=$name
	GIT_AUTHOR_EMAIL=$1@example.com GIT_COMMITTER_EMAIL=$1@example.com
	GIT_AUTHOR_DATE="$2:00 +0800" GIT_COMMITTER_DATE="$2:00 +0800"
	export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_AUTHOR_DATE \
		GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_COMMITTER_DATE
}

# commit WHO 'YYYY-MM-DD HH:MM' MESSAGE: commit everything as WHO, at
# that time.
commit() {
	as "$1" "$2"
	g add -A
	g commit -q -m "$3"
}

# weekly_logs WEEK FRIDAY: the three engineers' weekly logs, Friday evening.
weekly_logs() {
	put "records/logs/$1-zhangsan.md"
	commit zhangsan "$2 17:40" "周报 $1 张三"
	put "records/logs/$1-lisi.md"
	commit lisi "$2 17:55" "周报 $1 李四"
	put "records/logs/$1-wangwu.md"
	commit wangwu "$2 18:20" "Weekly log $1 wangwu"
}

T=records/tasks
P=records/projects
Q=records/problems
K=records/kpis
PB=records/playbooks
M=records/meetings

# Project P-2026-01 at an earlier phase: still active, later milestones
# open, later progress lines and the retrospective not yet written.
project1() {
	phase=$1
	shift
	put $P/P-2026-01.md -e "s/^phase: closing\$/phase: $phase/" \
		-e 's/^status: done$/status: active/' -e '/^completed:/d' \
		-e '/^## 复盘/,$d' "$@"
}

# ---- W44: kickoff -------------------------------------------------------

put .worklog.yaml -e '/oncall/d' -e '/^schemas:/d'
put records/roles/ops-engineer.md
commit zhaoliu "2026-10-26 09:30" "建立工作记录仓库：配置、名册、岗位职责"

project1 initiation -e '/^kpis:/d' -e 's/done: true}/done: false}/' \
	-e '/^## 计划/,$d'
commit zhangsan "2026-10-26 11:00" "P-2026-01 双11 大促保障立项"

as_todo $T/T-2026-0140.md
as_todo $T/T-2026-0144.md
commit zhangsan "2026-10-26 14:30" "新建任务 T-2026-0140 活动页优化、T-2026-0144 订单巡检"

put $M/2026-10-26-double11-kickoff.md -e 's/done: true}/done: false}/'
commit zhaoliu "2026-10-26 16:00" "双11 启动会纪要"

as_todo $T/T-2026-0141.md
commit lisi "2026-10-27 10:00" "新建任务 T-2026-0141 CDN 扩容与预热"

project1 planning -e '/^kpis:/d' -e 's/done: true}/done: false}/' \
	-e '/^## 进展/,$d'
as_todo $T/T-2026-0142.md
commit zhangsan "2026-10-28 09:30" "P-2026-01 进入规划；新建任务 T-2026-0142 库存监控"

as_doing $T/T-2026-0140.md
commit lisi "2026-10-28 14:00" "T-2026-0140 开始"

put $Q/PRB-2026-001.md -e 's/^status: .*/status: open/' -e '/^resolved:/d' \
	-e '/^cause:/d' -e '/^solution:/d' -e '/^effect:/d' -e '/^## 原因分析/,$d'
commit lisi "2026-10-29 16:20" "PRB-2026-001 详情页图片加载慢"

put $Q/PRB-2026-001.md -e 's/^status: .*/status: investigating/' \
	-e '/^resolved:/d' -e '/^solution:/d' -e '/^effect:/d' \
	-e '/^## 解决方案/,$d'
commit lisi "2026-10-30 11:00" "PRB-2026-001 定位原因：缓存键含时间戳参数"

put $T/T-2026-0144.md -e '/^- \[.\] 2026-W4[5-8] /d'
commit zhangsan "2026-10-30 15:00" "T-2026-0144 W44 订单巡检"

weekly_logs 2026-W44 2026-10-30

# ---- W45: execution -----------------------------------------------------

project1 execution -e '/^kpis:/d' -e '/压测与扩容/s/done: true/done: false/' \
	-e '/大促值守/s/done: true/done: false/' \
	-e '/复盘报告/s/done: true/done: false/' -e '/^- 11-1[0-9] /d'
as_doing $T/T-2026-0142.md
commit zhangsan "2026-11-02 09:30" "P-2026-01 方案评审通过，进入执行；T-2026-0142 开始"

as_doing $T/T-2026-0141.md
commit lisi "2026-11-02 10:30" "T-2026-0141 开始"

as_todo $T/T-2026-0143.md
commit wangwu "2026-11-02 11:00" "New task T-2026-0143: 双11 traffic and conversion analysis"

put $M/2026-10-26-double11-kickoff.md
for k in GMV AVAIL P95; do
	put $K/K-2026-11-$k.md -e '/^actual:/d' -e '/^measured:/d' \
		-e '/^## 分析/,$d'
done
commit zhaoliu "2026-11-02 14:00" "启动会行动项完成；设定 11 月 KPI 目标"

put $PB/PB-2026-01.md -e 's/^status: active$/status: draft/' \
	-e '/^reviewed:/d' -e '/^reviewed_by:/d' -e '/^drilled:/d' \
	-e '/^next_review:/d' -e '/连接池/d' -e '/^## 演练记录/,$d'
commit zhangsan "2026-11-02 16:00" "PB-2026-01 支付异常应急预案初稿"

put $Q/PRB-2026-001.md
commit lisi "2026-11-03 17:00" "PRB-2026-001 已解决：缓存键忽略查询参数，回源率 6%"

put records/summaries/2026-10-zhangsan.md -e '/^reviewed_by:/d' -e '/^reviewed:/d'
commit zhangsan "2026-11-03 20:00" "2026 年 10 月团队总结"

put records/summaries/2026-10-zhangsan.md
commit zhaoliu "2026-11-04 10:00" "评审 10 月团队总结"

put $T/T-2026-0141.md -e 's/^status: .*/status: blocked/' -e '/^completed:/d' \
	-e '/^spent:/d' -e 's/^- \[x\]/- [ ]/' -e '/^## 结果/,$d' \
	-e '/^status:/a\
blocked_reason: CDN 厂商临时带宽配额审批未通过，已找商务协调'
commit lisi "2026-11-04 11:00" "T-2026-0141 阻塞：等待 CDN 带宽配额审批"

put records/analyses/A-2026-006.md
put $K/K-2026-11-REFUND.md -e '/^actual:/d' -e '/^measured:/d' \
	-e '/^## Analysis/,$d'
commit wangwu "2026-11-04 15:00" "A-2026-006 October refund rate; new KPI K-2026-11-REFUND"

as_doing $T/T-2026-0141.md
commit lisi "2026-11-05 10:00" "T-2026-0141 配额到位，继续扩容"

put $T/T-2026-0140.md
commit lisi "2026-11-05 18:00" "T-2026-0140 完成：活动页 P95 1.2 秒"

put $PB/PB-2026-01.md -e 's/^status: active$/status: draft/' \
	-e '/^reviewed:/d' -e '/^reviewed_by:/d' -e '/^next_review:/d' \
	-e '/连接池/d'
commit zhangsan "2026-11-05 20:00" "PB-2026-01 演练记录"

put $PB/PB-2026-01.md -e 's/^reviewed: .*/reviewed: 2026-11-06/' \
	-e 's/^next_review: .*/next_review: 2027-02-06/' -e '/连接池/d'
commit zhaoliu "2026-11-06 10:00" "评审 PB-2026-01，预案生效"

put $T/T-2026-0142.md
commit zhangsan "2026-11-06 16:00" "T-2026-0142 完成：库存同步告警上线"

put $T/T-2026-0144.md -e '/^- \[.\] 2026-W4[6-8] /d'
commit zhangsan "2026-11-06 16:30" "T-2026-0144 W45 订单巡检"

weekly_logs 2026-W45 2026-11-06

# ---- W46: 双11 ----------------------------------------------------------

as_doing $T/T-2026-0143.md
put $T/T-2026-0146.md -e 's/^priority: low$/priority: medium/' \
	-e 's/11-20 与赵六确认.*$//'
commit wangwu "2026-11-09 10:00" "T-2026-0143 started; new task T-2026-0146"

put .worklog.yaml
put .worklog/schema/oncall.yaml
commit zhangsan "2026-11-09 16:00" "新增团队自定义类型 oncall（值班交接）"

put $T/T-2026-0141.md
commit lisi "2026-11-09 19:00" "T-2026-0141 完成：CDN 扩容与预热"

project1 monitoring -e '/大促值守/s/done: true/done: false/' \
	-e '/复盘报告/s/done: true/done: false/' -e '/^- 11-1[1-9] /d'
commit zhangsan "2026-11-10 09:00" "P-2026-01 进入大促值守"

put records/logs/2026-11-10-lisi.md
commit lisi "2026-11-10 21:30" "日报 2026-11-10"

put $Q/PRB-2026-002.md -e 's/^status: .*/status: open/' -e '/^resolved:/d' \
	-e '/^impact:/d' -e '/^cause:/d' -e '/^solution:/d' -e '/^effect:/d' \
	-e '/^tasks:/d' -e '/^## 影响/,$d'
commit zhangsan "2026-11-11 00:40" "PRB-2026-002 零点支付回调超时"

put $Q/PRB-2026-002.md -e 's/^status: .*/status: investigating/' \
	-e '/^resolved:/d' -e '/^solution:/d' -e '/^effect:/d' -e '/^tasks:/d' \
	-e '/^## 解决方案/,$d'
commit zhangsan "2026-11-11 01:30" "PRB-2026-002 定位：支付网关连接池耗尽"

put $Q/PRB-2026-002.md -e 's/^status: .*/status: resolved/' -e '/^tasks:/d' \
	-e '/^11-13 /,$d'
commit zhangsan "2026-11-11 03:10" "PRB-2026-002 已恢复，积压回调处理完毕"

put records/oncall/2026-11-10-night.md
commit zhangsan "2026-11-11 09:10" "值班交接 11-10 夜班"

as_todo $T/T-2026-0147.md
commit zhangsan "2026-11-11 10:00" "新建任务 T-2026-0147 支付回调超时排查脚本"

put records/logs/2026-11-11-lisi.md
commit lisi "2026-11-11 22:00" "日报 2026-11-11"

put records/oncall/2026-11-11-night.md
commit lisi "2026-11-12 09:05" "值班交接 11-11 夜班"

put records/logs/2026-11-12-lisi.md
commit lisi "2026-11-12 21:00" "日报 2026-11-12"

put $Q/PRB-2026-002.md
put $T/T-2026-0147.md
commit zhangsan "2026-11-13 10:00" "PRB-2026-002 关闭；取消 T-2026-0147"

project1 monitoring -e '/复盘报告/s/done: true/done: false/' -e '/^- 11-16 /d'
put $T/T-2026-0144.md -e '/^- \[.\] 2026-W4[78] /d'
commit zhangsan "2026-11-13 11:00" "P-2026-01 大促值守结束；T-2026-0144 W46 巡检"

weekly_logs 2026-W46 2026-11-13

# ---- W47: retrospective, 双12 -------------------------------------------

put $T/T-2026-0143.md
put records/analyses/A-2026-005.md -e '/^reviewed_by:/d' -e '/^reviewed:/d'
put $K/K-2026-11-GMV.md
commit wangwu "2026-11-16 10:00" "T-2026-0143 done: A-2026-005 双11 traffic analysis; GMV actual"

put $M/2026-11-16-double11-retro.md -e 's/^- \[x\]/- [ ]/'
commit zhaoliu "2026-11-16 15:00" "双11 复盘会纪要"

project1 closing -e '/复盘报告/s/done: true/done: false/'
put $P/P-2026-02.md -e 's/^phase: .*/phase: initiation/' \
	-e 's/^health: .*/health: green/' -e '/^## 风险/,$d'
commit zhangsan "2026-11-16 15:30" "P-2026-01 进入收尾；P-2026-02 双12 年终大促立项"

as_todo $T/T-2026-0149.md
commit wangwu "2026-11-16 16:00" "New task T-2026-0149: weekly KPI export (retro action)"

put records/analyses/A-2026-005.md
commit zhaoliu "2026-11-17 10:00" "评审 A-2026-005"

as_doing $T/T-2026-0149.md
commit wangwu "2026-11-18 10:00" "T-2026-0149 started"

put $PB/PB-2026-01.md -e 's/^reviewed: .*/reviewed: 2026-11-06/' \
	-e 's/^next_review: .*/next_review: 2027-02-06/'
commit zhangsan "2026-11-18 15:00" "PB-2026-01 补充连接池检查步骤"

put $PB/PB-2026-01.md
commit zhaoliu "2026-11-19 10:00" "重新评审 PB-2026-01"

put $Q/PRB-2026-003.md -e 's/^status: .*/status: open/' -e '/^cause:/d' \
	-e '/^tasks:/d' -e '/^## Cause/,$d'
commit zhangsan "2026-11-19 14:00" "PRB-2026-003 duplicate coupon claims"

put $Q/PRB-2026-003.md
as_todo $T/T-2026-0145.md
commit lisi "2026-11-20 10:00" "PRB-2026-003 investigating; new task T-2026-0145"

put $T/T-2026-0146.md
commit wangwu "2026-11-20 11:00" "T-2026-0146 priority low until 双11 follow-up is done"

put $P/P-2026-01.md
put $M/2026-11-16-double11-retro.md
put $T/T-2026-0144.md
commit zhangsan "2026-11-20 14:00" "P-2026-01 关闭并补充复盘；复盘行动项更新；T-2026-0144 W47 巡检"

put $T/T-2026-0149.md
commit wangwu "2026-11-20 15:00" "T-2026-0149 export query done"

# wangwu's W47 log comes in late (Tuesday, after Monday's deadline):
# lint's cadence rule reports it.
put records/logs/2026-W47-zhangsan.md
commit zhangsan "2026-11-20 17:40" "周报 2026-W47 张三"
put records/logs/2026-W47-lisi.md
commit lisi "2026-11-20 17:55" "周报 2026-W47 李四"
# Where W47 ended, for worklog diff below.
g tag 2026-W47

# ---- W48 so far ---------------------------------------------------------

put $P/P-2026-02.md -e 's/^health: .*/health: green/' -e '/^## 风险/,$d'
commit zhangsan "2026-11-23 10:00" "P-2026-02 进入规划"

as_doing $T/T-2026-0145.md
as_todo $T/T-2026-0148.md
put $PB/PB-2026-02.md
commit lisi "2026-11-23 11:00" "T-2026-0145 开始；新建 T-2026-0148 双12 压测；PB-2026-02 CDN 故障预案初稿"

as_doing $T/T-2026-0148.md
commit lisi "2026-11-24 10:00" "T-2026-0148 开始"

put records/logs/2026-W47-wangwu.md
commit wangwu "2026-11-24 09:10" "Weekly log 2026-W47 wangwu (late)"

put $T/T-2026-0145.md
put $T/T-2026-0148.md
commit lisi "2026-11-25 16:00" "T-2026-0145 网关限流上线；T-2026-0148 阻塞：压测环境未到位"

put $P/P-2026-02.md
commit zhangsan "2026-11-25 16:30" "P-2026-02 风险：压测环境"

for k in AVAIL P95 REFUND; do
	put $K/K-2026-11-$k.md
done
commit zhaoliu "2026-11-25 18:00" "更新 11 月 KPI 实际值"

# ---- the result ----------------------------------------------------------

# The history must end exactly at examples/.
for p in .worklog.yaml .worklog records; do
	if ! diff -r "$EX/$p" "$DEMO/$p" >/dev/null; then
		echo "demo: the demo repository's $p differs from examples/$p" >&2
		exit 1
	fi
done
if [ -n "$(g status --porcelain)" ]; then
	echo "demo: uncommitted changes left in $DEMO" >&2
	exit 1
fi

commits=$(g rev-list --count HEAD)
authors=$(g log --format=%ae | sort -u | wc -l | tr -d ' ')
records=$(cd "$DEMO" && find records -name '*.md' | wc -l | tr -d ' ')
echo "== worklog demo: 电商运营组 (e-commerce operations team)"
echo "   repository: $DEMO"
echo "   $records records, $commits commits by $authors authors, 2026-10-26 .. 2026-11-25 (+0800)"
g shortlog -sne HEAD | sed 's/^/   /'
echo
echo "== git log (latest 10)"
g log --format='   %h %ad %<(6)%an %s' --date=format:'%m-%d %H:%M' -n 10
echo
echo "== worklog validate"
rc=0
"$WORKLOG" -C "$DEMO" validate || rc=$?
echo "== validate exit status: $rc"
[ "$rc" -eq 0 ] || exit $rc

echo
echo "== worklog validate --rev HEAD~40 (the records as they were, read from git)"
"$WORKLOG" -C "$DEMO" validate --rev HEAD~40 || exit $?

# lint: validate plus the team's rules, the history's included. On
# Monday 30 November some work is overdue (warnings), and wangwu's W47
# log came in after its deadline: cadence is an error, so lint exits 1.
echo
echo "== worklog lint --today 2026-11-30 (overdue work, and a late weekly log)"
rc=0
"$WORKLOG" -C "$DEMO" lint --today 2026-11-30 || rc=$?
echo "== lint exit status: $rc (1: the late log is an error)"
[ "$rc" -eq 1 ] || exit 1

# Tables by SQL: one fact only the history knows, one the records hold.
echo
echo "== worklog aggregate --history: tasks and other records completed, per person"
echo "   (completion: the commit that moved a record into a done state)"
"$WORKLOG" -C "$DEMO" aggregate --history --sql "
	SELECT l.completed_by AS person, p.name, count(*) AS completed
	FROM lifecycle l LEFT JOIN people p ON p.id = l.completed_by
	WHERE l.completed_at IS NOT NULL
	GROUP BY l.completed_by ORDER BY completed DESC, person" || exit $?
echo
echo "== worklog aggregate: problems not yet solved, by severity"
"$WORKLOG" -C "$DEMO" aggregate --where "type = 'problem' AND state <> 'done'" \
	--group-by fm.severity --count --sort count:desc || exit $?

# Reports: written from the commits, so the same history gives the same
# report. Chinese, as `reports: lang` says; HTML pages beside the
# repository's files (not committed).
echo
echo "== worklog report week --period 2026-W47 --today 2026-11-25"
"$WORKLOG" -C "$DEMO" report week --period 2026-W47 --today 2026-11-25 || exit $?
echo
echo "== worklog report month --period 2026-11 --today 2026-11-25 --section summary"
"$WORKLOG" -C "$DEMO" report month --period 2026-11 --today 2026-11-25 \
	--section summary || exit $?
for p in week:2026-W47 month:2026-11; do
	html="$DEMO/report-${p#*:}.html"
	"$WORKLOG" -C "$DEMO" report "${p%%:*}" --period "${p#*:}" \
		--today 2026-11-25 --format html --output "$html" || exit $?
	echo "== the ${p%%:*}'s report as a web page: $html"
done

# worklog diff: what changed, record by record and field by field,
# where git diff shows lines. Exit status 1: there are differences.
differs() {
	rc=0
	"$WORKLOG" -C "$DEMO" diff "$@" || rc=$?
	if [ "$rc" -ne 1 ]; then
		echo "demo: worklog diff $* exited $rc, not 1" >&2
		exit 1
	fi
}
echo
echo "== worklog diff --stat 2026-W47 HEAD (week 48 so far, one line a record)"
differs --stat 2026-W47 HEAD
echo
echo "== worklog diff 2026-W47 HEAD"
differs 2026-W47 HEAD

# The hooks: a finished task cannot silently go back to todo.
echo
echo "== worklog hooks install, then a commit that breaks a rule"
PATH="$(dirname "$WORKLOG"):$PATH"
export PATH
"$WORKLOG" -C "$DEMO" hooks install
sed 's/^status: done$/status: todo/' "$DEMO/records/tasks/T-2026-0140.md" \
	>"$DEMO/records/tasks/T-2026-0140.md.new"
mv "$DEMO/records/tasks/T-2026-0140.md.new" \
	"$DEMO/records/tasks/T-2026-0140.md"
g add records/tasks/T-2026-0140.md
# Not g: it turns hooks off for the replay above.
if git -C "$DEMO" -c commit.gpgsign=false commit -q -m "T-2026-0140 back to todo"; then
	echo "demo: the pre-commit hook accepted a forbidden transition" >&2
	exit 1
fi
echo "== the hook refused the commit, as it should"
g reset -q --hard HEAD

# ---- worklog merge: two people, one record, neighbouring lines ----------

# edit FILE SED-ARGUMENTS...: edit a file of the demo repository.
edit() {
	f=$1
	shift
	sed "$@" "$DEMO/$f" >"$DEMO/$f.new"
	mv "$DEMO/$f.new" "$DEMO/$f"
}

# hooks install also set up git's diff and merge drivers for records:
# .gitattributes, committed so that every clone uses them, and
# .git/config. Then lisi, on a branch, raises T-2026-0148's priority and
# tags it, while zhangsan, on main, unblocks it: the lines next to each
# other in the front matter.
T8=$T/T-2026-0148.md
as zhaoliu "2026-11-26 09:00"
g add .gitattributes
g commit -q -m "records 的 diff 与 merge 驱动"
g tag base
g checkout -q -b live
edit $T8 -e 's/^priority: high$/priority: urgent/' \
	-e 's/^tags: \[performance, double12\]$/tags: [performance, double12, live]/'
commit lisi "2026-11-26 10:00" "T-2026-0148 直播楼层纳入压测，优先级 urgent"
g checkout -q main
edit $T8 -e 's/^status: blocked$/status: doing/' -e '/^blocked_reason:/d' \
	-e 's/^- \[ \] 申请压测环境/- [x] 申请压测环境/'
commit zhangsan "2026-11-26 10:30" "T-2026-0148 压测环境到位，继续"
echo
echo "== worklog diff base main: on main, zhangsan unblocked T-2026-0148"
differs base main -- $T8
echo "== worklog diff base live: on the branch live, lisi raised its priority and tagged it"
differs base live -- $T8

# Plain git first: the merge driver turned off for this one merge by
# .git/info/attributes, which outranks .gitattributes.
echo
echo "== git merge live, plain git (merge=text): a conflict"
echo "records/**/*.md merge=text" >"$DEMO/.git/info/attributes"
as zhangsan "2026-11-26 11:00"
if g merge --no-edit live >"$DEMO/.git/demo-merge.out" 2>&1; then
	echo "demo: plain git merged T-2026-0148 without a conflict" >&2
	exit 1
fi
sed 's/^/   /' "$DEMO/.git/demo-merge.out"
sed -n '/^<<<<<<< /,/^>>>>>>> /p' "$DEMO/$T8" | sed 's/^/   /'
g merge --abort
rm "$DEMO/.git/info/attributes" "$DEMO/.git/demo-merge.out"

echo
echo "== git merge live, with worklog merge as the driver: clean"
if ! g merge -q --no-edit live >"$DEMO/.git/demo-merge.out" 2>&1; then
	cat "$DEMO/.git/demo-merge.out" >&2
	echo "demo: the merge driver did not merge T-2026-0148" >&2
	exit 1
fi
sed 's/^/   /' "$DEMO/.git/demo-merge.out"
rm "$DEMO/.git/demo-merge.out"
if [ -n "$(g ls-files -u)" ] || ! g rev-parse -q --verify HEAD^2 >/dev/null; then
	echo "demo: the merge driver did not merge T-2026-0148" >&2
	exit 1
fi
echo "   merged: $(g log -1 --format=%s)"
echo "== the merged front matter of $T8"
sed -n '1,/^---$/p' "$DEMO/$T8" | sed 's/^/   /'
echo
echo "== worklog diff base HEAD: the merge took both sides' changes"
differs base HEAD -- $T8
echo
echo "== worklog validate $T8"
"$WORKLOG" -C "$DEMO" validate $T8 || exit $?
