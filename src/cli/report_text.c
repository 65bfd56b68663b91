/*
 * What every report format shares: the headings and labels in English
 * and Chinese, the parts of a report in order with their columns, and
 * the text of a cell. Numbers and dates come from wl_rv_fmt (report.h),
 * so they read the same in every format.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "report.h"

#include "../banned.h"

/* Headings and labels: a key (a section, a column, a word of the
 * model; "PART.KEY" for a column of one part), English, Chinese. */
static const char *const labels[][3] = {
	/* sections and tables */
	{ "summary", "Summary", "概览" },
	{ "completed", "Completed", "完成" },
	{ "open", "In progress, overdue and blocked", "进行中、逾期与阻塞" },
	{ "problems", "Problems", "问题" },
	{ "kpis", "KPIs", "KPI" },
	{ "projects", "Projects", "项目" },
	{ "meetings", "Meetings and decisions", "会议与决议" },
	{ "meetings.meetings", "Meetings", "会议" },
	{ "meetings.actions", "Open action items", "未完成的行动项" },
	{ "people", "People", "人员" },
	{ "next", "Next", "下一步计划" },
	{ "extra", "More", "更多" },
	/* report kinds */
	{ "week", "Weekly report", "周报" },
	{ "month", "Monthly report", "月报" },
	{ "quarter", "Quarterly report", "季报" },
	/* columns */
	{ "measure", "Measure", "指标" },
	{ "current", "This period", "本期" },
	{ "previous", "Previous period", "上期" },
	{ "change", "Change", "变化" },
	{ "id", "ID", "编号" },
	{ "type", "Type", "类型" },
	{ "title", "Title", "标题" },
	{ "owner", "Owner", "负责人" },
	{ "completed.completed", "Completed", "完成日期" },
	{ "completed_by", "Completed by", "完成人" },
	{ "completed_field", "completed: as recorded", "记录的完成日期" },
	{ "differs", "Differs", "不一致" },
	{ "started", "Started", "开始日期" },
	{ "days", "Days", "天数" },
	{ "state", "State", "状态类别" },
	{ "status", "Status", "状态" },
	{ "since", "Since", "起始日期" },
	{ "due", "Due", "截止日期" },
	{ "overdue", "Overdue", "逾期" },
	{ "severity", "Severity", "严重程度" },
	{ "reported", "Reported", "报告日期" },
	{ "opened", "Opened", "登记日期" },
	{ "resolved", "Resolved", "解决日期" },
	{ "resolved_field", "resolved: as recorded", "记录的解决日期" },
	{ "problems.days", "Days to resolve", "解决用时（天）" },
	{ "cause", "Cause", "原因" },
	{ "solution", "Solution", "解决方案" },
	{ "effect", "Effect", "效果" },
	{ "name", "Name", "名称" },
	{ "period", "Period", "周期" },
	{ "target", "Target", "目标" },
	{ "actual", "Actual", "实际" },
	{ "unit", "Unit", "单位" },
	{ "direction", "Direction", "方向" },
	{ "attainment", "Attainment %", "达成率 %" },
	{ "met", "Met", "达标" },
	{ "trend", "Trend (attainment %)", "趋势（达成率 %）" },
	{ "phase", "Phase", "阶段" },
	{ "health", "Health", "健康度" },
	{ "changes", "Phase changes", "阶段变化" },
	{ "date", "Date", "日期" },
	{ "attendees", "Attendees", "参会人" },
	{ "decisions", "Decisions", "决议" },
	{ "what", "Action", "行动项" },
	{ "meeting", "Meeting", "会议" },
	{ "person", "Person", "人员" },
	{ "people.completed", "Completed", "完成数" },
	{ "logs", "Logs", "日志数" },
	{ "hours", "Hours", "工时" },
	{ "logs_required", "Logs required", "应交日志" },
	{ "logs_on_time", "On time", "按时" },
	{ "logs_late", "Late", "迟交" },
	{ "logs_missing", "Missing", "缺交" },
	{ "logs_pending", "Pending", "未到期" },
	{ "item", "Item", "事项" },
	/* words of the model */
	{ "created", "Created", "新建" },
	{ "summary.completed", "Completed", "完成" },
	{ "in_progress", "In progress", "进行中" },
	{ "blocked", "Blocked", "阻塞" },
	{ "not_started", "Not started", "未开始" },
	{ "done", "Done", "已完成" },
	{ "cancelled", "Cancelled", "已取消" },
	{ "up", "higher is better", "越高越好" },
	{ "down", "lower is better", "越低越好" },
	{ "milestone", "milestone", "里程碑" },
	{ "true", "yes", "是" },
	{ "false", "no", "否" },
	/* charts */
	{ "chart.completions", "Completions per period", "各期完成数" },
	{ "chart.attainment", "KPI attainment", "KPI 达成率" },
	{ "chart.status_mix", "Status mix", "状态分布" },
	{ "chart.burndown", "Open tasks over the period", "本期未完成任务" },
	/* the title and the line under it */
	{ "to", "to", "至" },
	{ "as_of", "as of", "截至" },
	{ "incomplete", "period not over", "本期未结束" },
	{ "commit", "commit", "提交" },
	{ "timezone", "time zone", "时区" },
	{ "filter.owner", "owner", "负责人" },
	{ "filter.project", "project", "项目" },
	{ "empty", "None in this period.", "本期无。" },
};

const char *cli_report_label(const struct cli_report *rep, const char *part,
			     const char *key)
{
	size_t i, n = sizeof(labels) / sizeof(*labels), plen;

	plen = part ? strlen(part) : 0;
	for (i = 0; part && i < n; i++)
		if (!strncmp(labels[i][0], part, plen) &&
		    labels[i][0][plen] == '.' &&
		    !strcmp(labels[i][0] + plen + 1, key))
			return labels[i][rep->zh ? 2 : 1];
	for (i = 0; i < n; i++)
		if (!strcmp(labels[i][0], key))
			return labels[i][rep->zh ? 2 : 1];
	return key;
}

const char *cli_report_empty(const struct cli_report *rep)
{
	return cli_report_label(rep, NULL, "empty");
}

/* The columns of each table, as the model's rows have them. */
static const char *const summary_cols[] = {
	"measure", "current", "previous", "change",
};
static const char *const completed_cols[] = {
	"id", "type", "title", "owner", "completed", "completed_by",
	"completed_field", "differs", "started", "days",
};
static const char *const open_cols[] = {
	"id", "type", "title", "owner", "state", "status", "since", "days",
	"due", "overdue",
};
static const char *const problems_cols[] = {
	"id", "title", "severity", "owner", "status", "reported", "opened",
	"resolved", "resolved_field", "differs", "days", "cause", "solution",
	"effect",
};
static const char *const kpis_cols[] = {
	"id", "name", "owner", "period", "target", "actual", "unit",
	"direction", "attainment", "met", "trend",
};
static const char *const projects_cols[] = {
	"id", "title", "owner", "phase", "status", "health", "due", "changes",
};
static const char *const meetings_cols[] = {
	"date", "title", "owner", "attendees", "decisions",
};
static const char *const actions_cols[] = {
	"what", "owner", "due", "overdue", "meeting", "date",
};
static const char *const people_cols[] = {
	"person", "name", "completed", "logs", "hours", "logs_required",
	"logs_on_time", "logs_late", "logs_missing", "logs_pending",
};
static const char *const next_cols[] = {
	"owner", "period", "item",
};

#define COLS(v) v, sizeof(v) / sizeof(*v)

static const struct {
	const char *section, *table;    /* table NULL: the section itself */
	const char *const *cols;
	size_t ncols;
} tables[] = {
	{ "summary", NULL, COLS(summary_cols) },
	{ "completed", NULL, COLS(completed_cols) },
	{ "open", NULL, COLS(open_cols) },
	{ "problems", NULL, COLS(problems_cols) },
	{ "kpis", NULL, COLS(kpis_cols) },
	{ "projects", NULL, COLS(projects_cols) },
	{ "meetings", "meetings", COLS(meetings_cols) },
	{ "meetings", "actions", COLS(actions_cols) },
	{ "people", NULL, COLS(people_cols) },
	{ "next", NULL, COLS(next_cols) },
};

static void add_part(struct cli_report_part **v, size_t *nr, size_t *alloc,
		     const struct cli_report_part *p)
{
	WL_ALLOC_GROW(*v, *nr + 1, *alloc);
	(*v)[(*nr)++] = *p;
}

/* The saved report's queries, each a table. */
static void extra_parts(const struct cli_report *rep,
			struct cli_report_part **v, size_t *nr,
			size_t *alloc)
{
	const struct wl_rv *ex = wl_rv_get(rep->model->root, "extra");
	size_t i;

	for (i = 0; ex && i < ex->nr; i++) {
		const struct wl_rv *q = ex->v[i], *cols = wl_rv_get(q, "columns");
		struct cli_report_part p = { ex->keys[i],
					     wl_rv_get(q, "title")->s, 2,
					     wl_rv_get(q, "rows"), NULL, cols,
					     cols->nr };

		if (!rep->only || !strcmp(rep->only, p.name))
			add_part(v, nr, alloc, &p);
	}
}

const char *cli_report_col(const struct cli_report_part *p, size_t i)
{
	return p->colv ? p->colv->v[i]->s : p->cols[i];
}

struct cli_report_part *cli_report_parts(const struct cli_report *rep,
					 size_t *nr)
{
	struct cli_report_part *v = NULL;
	size_t alloc = 0, i;
	const char *last = NULL;

	*nr = 0;
	for (i = 0; i < sizeof(tables) / sizeof(*tables); i++) {
		const struct wl_rv *sec = wl_rv_get(rep->model->root,
						    tables[i].section);
		const char *name = tables[i].table ? tables[i].table
						   : tables[i].section;
		struct cli_report_part p = { name, NULL, 2, NULL,
					     tables[i].cols, NULL,
					     tables[i].ncols };

		if (!sec || (rep->only && strcmp(rep->only, name)))
			continue;
		if (tables[i].table && !rep->only &&
		    (!last || strcmp(last, tables[i].section))) {
			struct cli_report_part h = {
				tables[i].section,
				cli_report_label(rep, NULL, tables[i].section),
				2, NULL, NULL, NULL, 0
			};

			add_part(&v, nr, &alloc, &h);
		}
		last = tables[i].section;
		p.title = cli_report_label(rep, tables[i].table ? tables[i].section
								: NULL,
					   name);
		p.rows = tables[i].table ? wl_rv_get(sec, tables[i].table) : sec;
		p.level = tables[i].table && !rep->only ? 3 : 2;
		add_part(&v, nr, &alloc, &p);
	}
	extra_parts(rep, &v, nr, &alloc);
	return v;
}

int cli_report_has_part(const struct wl_report *model, const char *name)
{
	struct cli_report rep = { model, 0, name };
	size_t nr;

	free(cli_report_parts(&rep, &nr));
	return nr > 0;
}

/* An object in a cell: its values joined by spaces, `from` and `to` by
 * an arrow; a trend point is its period and attainment (its `actual`
 * is in the JSON). */
static void object_text(struct wl_buf *b, const struct cli_report *rep,
			const char *part, const struct wl_rv *v)
{
	size_t i, start = b->len;

	for (i = 0; i < v->nr; i++) {
		if (v->v[i]->kind == WL_RV_NULL || !strcmp(v->keys[i], "actual"))
			continue;
		if (b->len > start)
			wl_buf_addstr(b, !strcmp(v->keys[i], "to") ? " → " : " ");
		cli_report_cell(b, rep, part, v->v[i]);
	}
}

void cli_report_cell(struct wl_buf *b, const struct cli_report *rep,
		     const char *part, const struct wl_rv *v)
{
	size_t i;

	switch (v->kind) {
	case WL_RV_BOOL:
		wl_buf_addstr(b, cli_report_label(rep, NULL,
						  v->i ? "true" : "false"));
		break;
	case WL_RV_LABEL:
		wl_buf_addstr(b, cli_report_label(rep, part, v->s));
		break;
	case WL_RV_LIST:
		for (i = 0; i < v->nr; i++) {
			if (i)
				wl_buf_addstr(b, "; ");
			cli_report_cell(b, rep, part, v->v[i]);
		}
		break;
	case WL_RV_OBJ:
		object_text(b, rep, part, v);
		break;
	default:
		wl_rv_fmt(b, v);
		break;
	}
}

void cli_report_title(struct wl_buf *b, const struct cli_report *rep)
{
	const struct wl_rv *m = wl_rv_get(rep->model->root, "report");
	const struct wl_rv *title = wl_rv_get(m, "title");

	if (title->kind == WL_RV_TEXT)
		wl_buf_addstr(b, title->s);
	else
		wl_buf_addstr(b, cli_report_label(rep, NULL,
						  wl_rv_get(m, "kind")->s));
	wl_buf_addch(b, ' ');
	wl_rv_fmt(b, wl_rv_get(m, "period"));
}

void cli_report_subtitle(struct wl_buf *b, const struct cli_report *rep)
{
	const struct wl_rv *m = wl_rv_get(rep->model->root, "report");
	const struct wl_rv *commit = wl_rv_get(m, "commit");
	static const char *const filters[] = { "owner", "project" };
	size_t i;

	wl_rv_fmt(b, wl_rv_get(m, "from"));
	wl_buf_addf(b, " %s ", cli_report_label(rep, NULL, "to"));
	wl_rv_fmt(b, wl_rv_get(m, "to"));
	wl_buf_addf(b, " · %s ", cli_report_label(rep, NULL, "as_of"));
	wl_rv_fmt(b, wl_rv_get(m, "as_of"));
	if (!wl_rv_get(m, "complete")->i)
		wl_buf_addf(b, " (%s)", cli_report_label(rep, NULL, "incomplete"));
	wl_buf_addf(b, " · %s ", cli_report_label(rep, NULL, "timezone"));
	wl_rv_fmt(b, wl_rv_get(m, "timezone"));
	if (commit->kind == WL_RV_TEXT)
		wl_buf_addf(b, " · %s %.12s",
			    cli_report_label(rep, NULL, "commit"), commit->s);
	for (i = 0; i < 2; i++) {
		const struct wl_rv *f = wl_rv_get(m, filters[i]);
		char key[32];

		if (f->kind != WL_RV_TEXT)
			continue;
		snprintf(key, sizeof(key), "filter.%s", filters[i]);
		wl_buf_addf(b, " · %s %s", cli_report_label(rep, NULL, key),
			    f->s);
	}
}
