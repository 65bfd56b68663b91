/*
 * Text into field values (template.h): what --set, a spreadsheet cell or
 * a Trello card gives, turned into the value its field's schema wants.
 * The schema judges the result later; this file only reads the text
 * the way people write it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "template.h"

#include "../banned.h"

/*
 * Words for enum values, as spreadsheets, Trello lists and Asana
 * sections write them. A word stands for the first of its values that
 * the field's enum has (待处理 is `todo` for a task, `open` for a
 * problem). Compared without regard to ASCII case.
 */
static const struct {
	const char *word;
	const char *values;        /* candidates, '|'-separated */
} words[] = {
	/* states */
	{ "待办", "todo|open" }, { "待处理", "todo|open" },
	{ "未开始", "todo|open" }, { "新建", "todo|open" },
	{ "计划中", "todo|planning" }, { "to do", "todo|open" },
	{ "todo", "todo|open" }, { "to-do", "todo|open" },
	{ "not started", "todo|open" }, { "backlog", "todo|open" },
	{ "new", "todo|open" }, { "open", "open|todo" },
	{ "进行中", "doing|active|investigating" },
	{ "处理中", "doing|investigating|active" },
	{ "开发中", "doing|active" }, { "执行中", "doing|active" },
	{ "in progress", "doing|active|investigating" },
	{ "doing", "doing|active" }, { "started", "doing|active" },
	{ "wip", "doing|active" }, { "active", "active|doing" },
	{ "调查中", "investigating|doing" }, { "排查中", "investigating|doing" },
	{ "分析中", "investigating|doing" },
	{ "阻塞", "blocked|on-hold" }, { "受阻", "blocked|on-hold" },
	{ "卡住", "blocked|on-hold" }, { "blocked", "blocked|on-hold" },
	{ "waiting", "blocked|on-hold" }, { "暂停", "on-hold|blocked" },
	{ "挂起", "on-hold|blocked" }, { "on hold", "on-hold|blocked" },
	{ "paused", "on-hold|blocked" },
	{ "已完成", "done|resolved|closed" }, { "完成", "done|resolved|closed" },
	{ "已结束", "done|closed" }, { "done", "done|resolved|closed" },
	{ "completed", "done|resolved|closed" },
	{ "complete", "done|resolved|closed" },
	{ "finished", "done|closed" },
	{ "已解决", "resolved|done" }, { "解决", "resolved|done" },
	{ "resolved", "resolved|done" }, { "fixed", "resolved|done" },
	{ "已关闭", "closed|done" }, { "关闭", "closed|done" },
	{ "closed", "closed|done" },
	{ "已取消", "cancelled|closed" }, { "取消", "cancelled|closed" },
	{ "作废", "cancelled|retired" }, { "cancelled", "cancelled|closed" },
	{ "canceled", "cancelled|closed" }, { "dropped", "cancelled" },
	{ "草稿", "draft" }, { "生效", "active" }, { "已废止", "retired" },
	/* priorities and severities */
	{ "低", "low" }, { "中", "medium" }, { "一般", "medium" },
	{ "普通", "medium" }, { "高", "high" }, { "紧急", "urgent|critical" },
	{ "严重", "critical|high" }, { "致命", "critical" },
	{ "p0", "urgent|critical" }, { "p1", "high" }, { "p2", "medium" },
	{ "p3", "low" }, { "med", "medium" }, { "normal", "medium" },
	/* categories */
	{ "日常", "routine" }, { "例行", "routine" }, { "项目", "project" },
	{ "分析", "analysis" }, { "数据分析", "analysis" },
	/* project phases */
	{ "启动", "initiation" }, { "立项", "initiation" },
	{ "规划", "planning" }, { "计划", "planning" }, { "执行", "execution" },
	{ "监控", "monitoring" }, { "收尾", "closing" }, { "结项", "closing" },
	/* directions */
	{ "越高越好", "up" }, { "越低越好", "down" }, { "higher", "up" },
	{ "lower", "down" },
};

static const char *const yes_words[] = { "true", "yes", "y", "1", "是",
					 "对", "√", "✓", "✔", "x" };
static const char *const no_words[] = { "false", "no", "n", "0", "否",
					"不", "×", "✗", "" };

static int word_in(const char *s, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(s, v[i]))
			return 1;
	return 0;
}

/* Trims ASCII white space and the ideographic space (U+3000). */
static char *trimmed(const char *s, size_t len)
{
	for (;;) {
		if (len && strchr(" \t\r\n\v\f", s[0])) {
			s++, len--;
		} else if (len >= 3 && !memcmp(s, "\xe3\x80\x80", 3)) {
			s += 3, len -= 3;
		} else if (len && strchr(" \t\r\n\v\f", s[len - 1])) {
			len--;
		} else if (len >= 3 && !memcmp(s + len - 3, "\xe3\x80\x80", 3)) {
			len -= 3;
		} else {
			break;
		}
	}
	return wl_xstrndup(s, len);
}

const char *wl_roster_find(const struct wl_config *cfg, const char *who)
{
	const char *lt = strchr(who, '<'), *gt;
	char *email = NULL;
	const char *found = NULL;
	size_t i, j;

	if (*who == '@')
		who++;
	if (lt && (gt = strchr(lt, '>')))
		email = wl_xstrndup(lt + 1, gt - lt - 1);
	for (i = 0; i < cfg->people_nr && !found; i++) {
		const struct wl_person *p = &cfg->people[i];

		if (!strcmp(p->id, who))
			found = p->id;
		for (j = 0; j < p->emails_nr && !found; j++)
			if (!strcasecmp(p->emails[j], email ? email : who))
				found = p->id;
	}
	/* Names last: two people may share one, ids and emails not. */
	for (i = 0; i < cfg->people_nr && !found; i++) {
		const struct wl_person *p = &cfg->people[i];

		if (p->name && !strcasecmp(p->name, who))
			found = p->id;
	}
	free(email);
	return found;
}

/* Reads 1 to `max` digits; returns how many, 0 if none. */
static size_t digits(const char *s, size_t len, size_t max, int *out)
{
	size_t n = 0;

	*out = 0;
	while (n < len && n < max && s[n] >= '0' && s[n] <= '9')
		*out = *out * 10 + (s[n++] - '0');
	return n;
}

/* What may follow a date: nothing, or a time after a space or a `T`. */
static int time_tail(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return 1;
	if (s[0] != ' ' && s[0] != 'T')
		return 0;
	for (i = 1; i < len; i++)
		if (!strchr("0123456789:. APMapm", s[i]))
			return 0;
	return 1;
}

int wl_date_from_text(long long *day, const char *s, size_t len,
		      const struct wl_tz *tz)
{
	long long secs, off;
	int y, m, d;
	size_t n, i = 0;

	/* A date-time with an offset is a moment: its day is the zone's. */
	if (len > 10 && !wl_rfc3339_parse(&secs, &off, s, len)) {
		*day = wl_tz_day(tz, secs);
		return 0;
	}
	if ((n = digits(s, len, 4, &y)) != 4)
		return -1;
	i = n;
	if (i < len && strchr("-/.", s[i])) {
		char sep = s[i++];

		if (!(n = digits(s + i, len - i, 2, &m)))
			return -1;
		i += n;
		if (i >= len || s[i++] != sep)
			return -1;
		if (!(n = digits(s + i, len - i, 2, &d)))
			return -1;
		i += n;
	} else if (len - i >= 3 && !memcmp(s + i, "年", 3)) {
		i += 3;
		if (!(n = digits(s + i, len - i, 2, &m)))
			return -1;
		i += n;
		if (len - i < 3 || memcmp(s + i, "月", 3))
			return -1;
		i += 3;
		if (!(n = digits(s + i, len - i, 2, &d)))
			return -1;
		i += n;
		if (len - i >= 3 && !memcmp(s + i, "日", 3))
			i += 3;
	} else {
		return -1;
	}
	if (!time_tail(s + i, len - i) || !wl_date_valid(y, m, d))
		return -1;
	*day = wl_days_from_civil(y, m, d);
	return 0;
}

static struct wl_node *new_node(struct wl_arena *a, enum wl_node_kind kind)
{
	struct wl_node *n = wl_arena_alloc(a, sizeof(*n));

	n->kind = kind;
	n->flags = WL_NODE_PLAIN;
	return n;
}

static struct wl_node *string_node(struct wl_arena *a, const char *s,
				   size_t len)
{
	struct wl_node *n = new_node(a, WL_NODE_STRING);

	n->str = wl_arena_strndup(a, s, len);
	n->len = len;
	return n;
}

static void add_enum_list(struct wl_buf *b, const struct wl_node *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		if (i)
			wl_buf_addstr(b, i + 1 == list->nr ? " or " : ", ");
		wl_buf_addstr(b, list->items[i]->str ? list->items[i]->str :
						       "null");
	}
}

static const struct wl_node *enum_find(const struct wl_node *list,
				       const char *s, int fold)
{
	size_t i;

	for (i = 0; list && i < list->nr; i++) {
		const struct wl_node *v = list->items[i];

		if (v->kind == WL_NODE_SEQ || v->kind == WL_NODE_MAP ||
		    !v->str)
			continue;
		if (fold ? !strcasecmp(v->str, s) : !strcmp(v->str, s))
			return v;
	}
	return NULL;
}

/* An enum value: itself, then by a word of the table. */
static const struct wl_node *enum_value(const struct wl_node *list,
					const char *s)
{
	const struct wl_node *v;
	size_t i;

	if ((v = enum_find(list, s, 0)) || (v = enum_find(list, s, 1)))
		return v;
	for (i = 0; i < sizeof(words) / sizeof(*words); i++) {
		const char *c = words[i].values;

		if (strcasecmp(words[i].word, s))
			continue;
		while (*c) {
			size_t n = strcspn(c, "|");
			char *one = wl_xstrndup(c, n);

			v = enum_find(list, one, 0);
			free(one);
			if (v)
				return v;
			c += n + (c[n] == '|');
		}
	}
	return NULL;
}

/* A number as JSON writes it, maybe with thousands separators. */
static struct wl_node *number(struct wl_arena *a, const char *s, int integer)
{
	struct wl_buf b = WL_BUF_INIT;
	struct wl_node *n = NULL;
	char *end;
	double f;
	size_t i;

	for (i = 0; s[i]; i++)
		if (s[i] != ',' || !i || !s[i + 1])
			wl_buf_addch(&b, s[i]);
	if (!b.len || strspn(b.buf, "+-0123456789.eE") != b.len)
		goto done;
	errno = 0;
	f = strtod(b.buf, &end);
	if (*end || errno || !isfinite(f))
		goto done;
	if (f == floor(f) && fabs(f) < 9e15) {
		n = new_node(a, WL_NODE_INT);
		n->v.i = (long long)f;
	} else if (!integer) {
		n = new_node(a, WL_NODE_FLOAT);
		n->v.f = f;
	}
	if (n) {
		n->str = wl_arena_strndup(a, b.buf, b.len);
		n->len = b.len;
	}
done:
	wl_buf_release(&b);
	return n;
}

static const char *mapped(const struct wl_value_ctx *ctx, const char *field,
			  const char *s)
{
	size_t i;

	for (i = 0; i < ctx->nr_maps; i++)
		if (!strcmp(ctx->maps[i].field, field) &&
		    !strcasecmp(ctx->maps[i].from, s))
			return ctx->maps[i].to;
	return s;
}

static int scalar(struct wl_node **out, struct wl_arena *a,
		  const struct wl_field_shape *sh,
		  const struct wl_value_ctx *ctx, const char *s, char **why);

/* Splits a list: at line breaks if there are any, else at , ; ， ； 、. */
static int list(struct wl_node **out, struct wl_arena *a,
		const struct wl_field *f, const struct wl_value_ctx *ctx,
		const char *s, char **why)
{
	static const char *const seps[] = { "\n", ",", ";", "，", "；", "、" };
	struct wl_node *seq = new_node(a, WL_NODE_SEQ);
	struct wl_node **items = NULL;
	size_t len = strlen(s), nr = 0, alloc = 0, i, k;
	int lines = strchr(s, '\n') != NULL;

	if (len >= 2 && s[0] == '[' && s[len - 1] == ']')
		s++, len -= 2;
	for (i = 0; i <= len;) {
		size_t end = len, next = len + 1;
		struct wl_node *item;
		char *one;
		const char *v;
		int r;

		for (k = lines ? 0 : 1; k < (lines ? 1 : 6); k++) {
			size_t seplen = strlen(seps[k]);
			const char *hit = memmem(s + i, len - i, seps[k], seplen);

			if (hit && (size_t)(hit - s) < end) {
				end = hit - s;
				next = end + seplen;
			}
		}
		one = trimmed(s + i, end - i);
		/* A bulleted line: "- item", "* item", "• item". */
		if (lines && (!strncmp(one, "- ", 2) || !strncmp(one, "* ", 2)))
			memmove(one, one + 2, strlen(one + 2) + 1);
		else if (lines && !strncmp(one, "• ", 4))
			memmove(one, one + 4, strlen(one + 4) + 1);
		v = mapped(ctx, f->name, one);
		r = *v ? scalar(&item, a, &f->item, ctx, v, why) : 0;
		free(one);
		if (r < 0) {
			free(items);
			return -1;
		}
		if (r > 0) {
			WL_ALLOC_GROW(items, nr + 1, alloc);
			items[nr++] = item;
		}
		i = next;
	}
	seq->nr = nr;
	seq->items = wl_arena_alloc(a, (nr ? nr : 1) * sizeof(*items));
	if (nr)
		memcpy(seq->items, items, nr * sizeof(*items));
	free(items);
	*out = seq;
	return nr ? 1 : 0;
}

static int scalar(struct wl_node **out, struct wl_arena *a,
		  const struct wl_field_shape *sh,
		  const struct wl_value_ctx *ctx, const char *s, char **why)
{
	const struct wl_node *v;
	unsigned t = sh->types;
	long long day;

	if (sh->enum_values) {
		if (!(v = enum_value(sh->enum_values, s))) {
			struct wl_buf b = WL_BUF_INIT;

			wl_buf_addf(&b, "'%s' is not one of ", s);
			add_enum_list(&b, sh->enum_values);
			*why = wl_buf_detach(&b, NULL);
			return -1;
		}
		*out = (struct wl_node *)v;
		return 1;
	}
	if (sh->person && ctx->cfg->people_nr) {
		const char *id = wl_roster_find(ctx->cfg, s);

		if (!id) {
			*why = wl_xprintf("'%s' is not in the roster (not an id, an email or a name of people:)",
					  s);
			return -1;
		}
		s = id;
	}
	if (t && !(t & WL_JSON_STRING) && (t & WL_JSON_BOOLEAN)) {
		int yes = word_in(s, yes_words, sizeof(yes_words) /
						       sizeof(*yes_words));

		if (!yes && !word_in(s, no_words, sizeof(no_words) /
							 sizeof(*no_words))) {
			*why = wl_xprintf("'%s' is not true or false", s);
			return -1;
		}
		*out = new_node(a, WL_NODE_BOOL);
		(*out)->v.b = yes;
		(*out)->str = yes ? "true" : "false";
		(*out)->len = strlen((*out)->str);
		return 1;
	}
	if (t && !(t & WL_JSON_STRING) &&
	    (t & (WL_JSON_NUMBER | WL_JSON_INTEGER))) {
		*out = number(a, s, !(t & WL_JSON_NUMBER));
		if (!*out) {
			*why = wl_xprintf("'%s' is not %s", s,
					  t & WL_JSON_NUMBER ? "a number" :
							       "a whole number");
			return -1;
		}
		return 1;
	}
	if (sh->format == wl_format_id("date")) {
		char buf[WL_DATE_MAX];

		if (wl_date_from_text(&day, s, strlen(s), ctx->cfg->tz) < 0) {
			*why = wl_xprintf("'%s' is not a date (write 2026-11-30)",
					  s);
			return -1;
		}
		wl_day_fmt(buf, day);
		*out = string_node(a, buf, strlen(buf));
		return 1;
	}
	*out = string_node(a, s, strlen(s));
	return 1;
}

int wl_value_from_text(struct wl_node **out, struct wl_arena *arena,
		       const struct wl_field *f, const struct wl_value_ctx *ctx,
		       const char *text, char **why)
{
	char *s = trimmed(text, strlen(text));
	const char *v = mapped(ctx, f->name, s);
	unsigned t = f->shape.types;
	int r;

	*out = NULL;
	*why = NULL;
	if (!*v)
		r = 0;
	else if (t & WL_JSON_ARRAY && !(t & WL_JSON_STRING))
		r = list(out, arena, f, ctx, v, why);
	else
		r = scalar(out, arena, &f->shape, ctx, v, why);
	free(s);
	return r;
}
