/*
 * Suppressions (lint.h): reading them from a record's `worklog:`
 * settings and its body's HTML comments, matching findings against
 * them, and reporting those that suppress nothing, as modern linters
 * do, so that a disable comment does not outlive its reason.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "util.h"

#include "../banned.h"

void wl_sups_release(struct wl_sups *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		free(s->v[i].name);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static struct wl_sup *add(struct wl_sups *s, enum wl_sup_kind kind,
			  const char *name, size_t len, int line, int column)
{
	struct wl_sup *e;

	WL_ALLOC_GROW(s->v, s->nr + 1, s->alloc);
	e = &s->v[s->nr++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->name = wl_xstrndup(name, len);
	e->line = line;
	e->column = column;
	e->first = 1;
	e->last = INT_MAX;
	return e;
}

/* The rule `name` names: its id, or WL_SUP_UNKNOWN. */
static int rule_of(const char *name)
{
	const struct wl_rule_def *d = wl_rule_find(name);

	return d ? (int)d->rule : WL_SUP_UNKNOWN;
}

/* ---- worklog: {disable: [...]} -------------------------------------- */

static void read_settings(struct wl_sups *out, const struct wl_record *r,
			  struct wl_diags *diags)
{
	const struct wl_node *n = r->settings, *list = NULL;
	size_t i;

	if (n->kind != WL_NODE_MAP) {
		wl_diags_at(diags, r->path, n, WL_SEV_ERROR, "schema",
			    "worklog: must be a mapping, such as {disable: [truthy]}");
		return;
	}
	for (i = 0; i < n->nr; i++) {
		if (!strcmp(n->pairs[i].key->str, "disable"))
			list = n->pairs[i].value;
		else
			wl_diags_at(diags, r->path, n->pairs[i].key,
				    WL_SEV_ERROR, "schema",
				    "worklog: unknown key '%s' (known: disable)",
				    n->pairs[i].key->str);
	}
	if (!list)
		return;
	if (list->kind != WL_NODE_SEQ) {
		wl_diags_at(diags, r->path, list, WL_SEV_ERROR, "schema",
			    "worklog.disable: must be a list of rule ids");
		return;
	}
	for (i = 0; i < list->nr; i++) {
		const struct wl_node *v = list->items[i];
		struct wl_sup *e;

		if (v->kind != WL_NODE_STRING) {
			wl_diags_at(diags, r->path, v, WL_SEV_ERROR, "schema",
				    "worklog.disable[%zu]: must be a rule id",
				    i);
			continue;
		}
		e = add(out, WL_SUP_SETTING, v->str, v->len, v->line,
			v->column);
		e->rule = rule_of(e->name);
	}
}

/* ---- <!-- worklog-... --> ------------------------------------------- */

/* A cursor over a comment's bytes that knows its line and column. */
struct cursor {
	const char *p, *end;
	int line, column;
};

static void step(struct cursor *c)
{
	if (*c->p == '\n') {
		c->line++;
		c->column = 1;
		c->p++;
		return;
	}
	c->p++;
	while (c->p < c->end && ((unsigned char)*c->p & 0xC0) == 0x80)
		c->p++;
	c->column++;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* Reads the next word (ended by white space, a comma or the end);
 * returns its length, 0 at the end. */
static size_t word(struct cursor *c, const char **start, int *line,
		   int *column, int commas)
{
	while (c->p < c->end && (is_space(*c->p) || (commas && *c->p == ',')))
		step(c);
	*start = c->p;
	*line = c->line;
	*column = c->column;
	while (c->p < c->end && !is_space(*c->p) && !(commas && *c->p == ','))
		step(c);
	return (size_t)(c->p - *start);
}

static const char *const directives[] = {
	"worklog-disable", "worklog-enable", "worklog-disable-next-line",
};

/* worklog-enable: ends the open ranges of `rule` (every one for
 * WL_SUP_EVERY) before `line`; returns how many it ended. */
static size_t enable(struct wl_sups *s, int rule, int line)
{
	size_t i, n = 0;

	for (i = 0; i < s->nr; i++) {
		struct wl_sup *e = &s->v[i];

		if (e->kind == WL_SUP_RANGE && e->last == INT_MAX &&
		    (rule == WL_SUP_EVERY || e->rule == rule)) {
			e->last = line - 1;
			n++;
		}
	}
	return n;
}

/* One rule (or none: `name` NULL) of directive `which` in a comment
 * that ends on `end_line`. */
static void directive_rule(struct wl_sups *s, int which, const char *name,
			   size_t len, int line, int column, int end_line,
			   int comment_line)
{
	int rule = name ? WL_SUP_UNKNOWN : WL_SUP_EVERY;
	struct wl_sup *e;

	if (name) {
		char *id = wl_xstrndup(name, len);

		rule = rule_of(id);
		free(id);
	}
	if (which == 1 && rule != WL_SUP_UNKNOWN) {
		if (enable(s, rule, comment_line))
			return;
		e = add(s, WL_SUP_ENABLE, name ? name : "", name ? len : 0,
			line, column);
		e->rule = rule;
		e->first = e->last = 0;
		return;
	}
	e = add(s, which == 2 ? WL_SUP_NEXT_LINE : WL_SUP_RANGE,
		name ? name : "", name ? len : 0, line, column);
	e->rule = rule;
	if (which == 2)
		e->first = e->last = end_line + 1;
	else if (which == 0)
		e->first = comment_line;
	else
		e->first = e->last = 0;     /* an unknown rule to enable */
}

static void read_comment(struct wl_sups *s, const char *body,
			 const struct wl_body_comment *c)
{
	struct cursor cur = { body + c->start + 4,
			      body + c->end - (c->closed ? 3 : 0), c->line,
			      c->column + 4 };
	const char *w;
	size_t n, k;
	int line, column, dline, dcol, which = -1, any = 0;
	struct wl_sup *e;

	n = word(&cur, &w, &dline, &dcol, 0);
	if (n < 8 || memcmp(w, "worklog-", 8))
		return;
	for (k = 0; k < 3; k++)
		if (strlen(directives[k]) == n && !memcmp(directives[k], w, n))
			which = (int)k;
	if (which < 0) {
		e = add(s, WL_SUP_DIRECTIVE, w, n, dline, dcol);
		e->rule = WL_SUP_UNKNOWN;
		e->first = e->last = 0;
		return;
	}
	while ((n = word(&cur, &w, &line, &column, 1)) > 0) {
		if (n == 2 && !memcmp(w, "--", 2))
			break;
		directive_rule(s, which, w, n, line, column, c->end_line,
			       c->line);
		any = 1;
	}
	if (!any)
		directive_rule(s, which, NULL, 0, dline, dcol, c->end_line,
			       c->line);
}

int wl_sups_read(struct wl_sups *out, const struct wl_record *r,
		 const struct wl_body *body, struct wl_diags *diags)
{
	size_t i;

	if (r->settings)
		read_settings(out, r, diags);
	for (i = 0; body && i < body->comments_nr; i++)
		read_comment(out, r->buf + r->fm.body, &body->comments[i]);
	return 0;
}

/* ---- Matching and reporting ----------------------------------------- */

static int covers(const struct wl_sup *e, int rule, int line)
{
	if (e->kind == WL_SUP_ENABLE || e->kind == WL_SUP_DIRECTIVE ||
	    e->rule == WL_SUP_UNKNOWN)
		return 0;
	if (e->rule != WL_SUP_EVERY && e->rule != rule)
		return 0;
	return line >= e->first && line <= e->last;
}

int wl_sups_match(struct wl_sups *s, enum wl_rule_id rule, int line)
{
	size_t i;
	int hit = 0;

	for (i = 0; i < s->nr; i++) {
		if (covers(&s->v[i], (int)rule, line)) {
			s->v[i].used = 1;
			hit = 1;
		}
	}
	return hit;
}

int wl_sups_filter(struct wl_sups *s, const struct wl_diag *g)
{
	const struct wl_rule_def *d;

	if (!s->nr || !(d = wl_rule_find(g->rule)) ||
	    (d->flags & WL_RULE_UNSUPPRESSIBLE))
		return 0;
	return wl_sups_match(s, d->rule, g->line);
}

/* What an unused suppression suppressed nothing in. No line numbers:
 * a message must not change when unrelated lines move. */
static void add_scope(struct wl_buf *m, const struct wl_sup *e)
{
	if (e->kind == WL_SUP_SETTING)
		wl_buf_addstr(m, " in this record");
	else if (e->kind == WL_SUP_NEXT_LINE)
		wl_buf_addstr(m, " on the next line");
	else if (e->last == INT_MAX)
		wl_buf_addstr(m, " from here to the end");
	else
		wl_buf_addstr(m, " before its worklog-enable");
}

static const char *hint_rule(const char *name)
{
	const char *ids[WL_RULE_NR];
	size_t i;

	for (i = 0; i < WL_RULE_NR; i++)
		ids[i] = wl_rule_defs[i].id;
	return wl_did_you_mean(name, strlen(name), ids, WL_RULE_NR);
}

/* The message for suppression `e`, or 0 if it is not to be reported. */
static int message(struct wl_buf *m, const struct wl_sup *e,
		   const struct wl_rules *rules)
{
	const char *hint;

	if (e->kind == WL_SUP_DIRECTIVE) {
		hint = wl_did_you_mean(e->name, strlen(e->name), directives, 3);
		wl_buf_addf(m, "unknown directive '%s'", e->name);
		if (hint)
			wl_buf_addf(m, "; did you mean '%s'?", hint);
	} else if (e->rule == WL_SUP_UNKNOWN) {
		hint = hint_rule(e->name);
		wl_buf_addf(m, "unknown rule '%s'", e->name);
		if (hint)
			wl_buf_addf(m, "; did you mean '%s'?", hint);
	} else if (e->kind == WL_SUP_ENABLE) {
		if (e->rule == WL_SUP_EVERY)
			wl_buf_addstr(m, "worklog-enable: nothing is disabled here");
		else
			wl_buf_addf(m, "worklog-enable: '%s' is not disabled here",
				    e->name);
	} else if (e->rule != WL_SUP_EVERY &&
		   (wl_rule_def((enum wl_rule_id)e->rule)->flags &
		    WL_RULE_UNSUPPRESSIBLE)) {
		wl_buf_addf(m, "'%s' cannot be suppressed", e->name);
	} else if (e->used ||
		   (e->rule != WL_SUP_EVERY && !rules->severity[e->rule])) {
		return 0;
	} else {
		if (e->rule == WL_SUP_EVERY)
			wl_buf_addstr(m, "no finding to suppress");
		else
			wl_buf_addf(m, "no '%s' finding to suppress", e->name);
		add_scope(m, e);
	}
	return 1;
}

/*
 * Reports go in three passes: first the suppressions of one rule, then
 * those of every rule, last those of unused-suppression itself; a
 * report of one pass may be suppressed by the suppressions of a later
 * one (which are then used).
 */
static int pass_of(const struct wl_sup *e)
{
	if (e->rule == WL_RULE_UNUSED_SUPPRESSION)
		return 2;
	if (e->rule == WL_SUP_EVERY && e->kind != WL_SUP_ENABLE)
		return 1;
	return 0;
}

static int later_covers(struct wl_sups *s, const struct wl_sup *e)
{
	size_t i;
	int hit = 0;

	for (i = 0; i < s->nr; i++) {
		struct wl_sup *o = &s->v[i];

		if (pass_of(o) > pass_of(e) &&
		    covers(o, WL_RULE_UNUSED_SUPPRESSION, e->line)) {
			o->used = 1;
			hit = 1;
		}
	}
	return hit;
}

void wl_sups_report(struct wl_sups *s, const struct wl_rules *rules,
		    const char *path, struct wl_diags *out)
{
	int sev = rules->severity[WL_RULE_UNUSED_SUPPRESSION], pass;
	struct wl_buf m = WL_BUF_INIT;
	size_t i;

	if (!sev)
		return;
	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < s->nr; i++) {
			struct wl_sup *e = &s->v[i];

			if (pass_of(e) != pass)
				continue;
			wl_buf_reset(&m);
			if (!message(&m, e, rules) || later_covers(s, e))
				continue;
			wl_diags_add(out, path, e->line, e->column,
				     (enum wl_severity)sev,
				     "unused-suppression", "%s",
				     wl_buf_cstr(&m));
		}
	}
	wl_buf_release(&m);
}
