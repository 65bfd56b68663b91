/*
 * The sections of a report and the saved reports of `reports:`,
 * compiled when the configuration loads. See report_def.h.
 */
#include <stdlib.h>
#include <string.h>

#include "report_def.h"
#include "util.h"

#include "../banned.h"

static const char *const section_names[WL_REPORT_SECTIONS_NR] = {
	[WL_REPORT_SUMMARY] = "summary",
	[WL_REPORT_COMPLETED] = "completed",
	[WL_REPORT_OPEN] = "open",
	[WL_REPORT_PROBLEMS] = "problems",
	[WL_REPORT_KPIS] = "kpis",
	[WL_REPORT_PROJECTS] = "projects",
	[WL_REPORT_MEETINGS] = "meetings",
	[WL_REPORT_PEOPLE] = "people",
	[WL_REPORT_NEXT] = "next",
};

const char *wl_report_section_name(enum wl_report_section s)
{
	return (unsigned)s < WL_REPORT_SECTIONS_NR ? section_names[s] : NULL;
}

int wl_report_section_parse(enum wl_report_section *s, const char *name)
{
	unsigned i;

	for (i = 0; i < WL_REPORT_SECTIONS_NR; i++) {
		if (!strcmp(section_names[i], name)) {
			*s = (enum wl_report_section)i;
			return 0;
		}
	}
	return -1;
}

struct ctx {
	const char *path;
	struct wl_diags *diags;
	const char *report;         /* the saved report's name */
	int bad;                    /* an error in this report */
};

#define err(c, at, ...)                                                        \
	do {                                                                   \
		wl_diags_at((c)->diags, (c)->path, (at), WL_SEV_ERROR,         \
			    "config", __VA_ARGS__);                            \
		(c)->bad = 1;                                                  \
	} while (0)

/* Returns the value as a string, or NULL after an error. */
static const char *string_of(struct ctx *c, const char *key,
			     const struct wl_node *v)
{
	if (v->kind == WL_NODE_STRING && !memchr(v->str, '\0', v->len))
		return v->str;
	err(c, v, "reports: %s: %s must be a string", c->report, key);
	return NULL;
}

/* Code points of a UTF-8 string. */
static size_t code_points(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static const char *title_of(struct ctx *c, const char *key,
			    const struct wl_node *v)
{
	const char *s = string_of(c, key, v);

	if (s && code_points(s) > WL_REPORT_MAX_TITLE) {
		err(c, v, "reports: %s: %s is longer than %d characters",
		    c->report, key, WL_REPORT_MAX_TITLE);
		return NULL;
	}
	return s;
}

static const char *sql_of(struct ctx *c, const char *key,
			  const struct wl_node *v)
{
	const char *s = string_of(c, key, v);
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; s[i] == ' ' || s[i] == '\t' || s[i] == '\n'; i++)
		;
	if (!s[i]) {
		err(c, v, "reports: %s: %s is empty", c->report, key);
		return NULL;
	}
	if (v->len > WL_REPORT_MAX_SQL) {
		err(c, v, "reports: %s: %s is longer than %d bytes", c->report,
		    key, WL_REPORT_MAX_SQL);
		return NULL;
	}
	return s;
}

static void parse_period(struct ctx *c, struct wl_saved_report *r,
			 const struct wl_node *v)
{
	const char *s = string_of(c, "period", v);
	enum wl_period_kind k;

	if (!s)
		return;
	if (wl_period_kind_parse(&k, s) < 0 || (k != WL_PERIOD_WEEK &&
						k != WL_PERIOD_MONTH &&
						k != WL_PERIOD_QUARTER)) {
		err(c, v, "reports: %s: period must be week, month or quarter, not '%s'",
		    c->report, s);
		return;
	}
	r->kind = k;
}

static void parse_sections(struct ctx *c, struct wl_saved_report *r,
			   const struct wl_node *v)
{
	enum wl_report_section s;
	size_t i;

	if (v->kind != WL_NODE_SEQ) {
		err(c, v, "reports: %s: sections must be a list of section names",
		    c->report);
		return;
	}
	r->sections = 0;
	for (i = 0; i < v->nr; i++) {
		const struct wl_node *n = v->items[i];
		const char *name = string_of(c, "a section", n);

		if (!name)
			continue;
		if (wl_report_section_parse(&s, name) < 0) {
			const char *near = wl_did_you_mean(name, strlen(name),
							   section_names,
							   WL_REPORT_SECTIONS_NR);

			if (near)
				err(c, n, "reports: %s: unknown section '%s' (did you mean '%s'?)",
				    c->report, name, near);
			else
				err(c, n, "reports: %s: unknown section '%s' (known: summary, completed, open, problems, kpis, projects, meetings, people, next)",
				    c->report, name);
		} else if (r->sections & (1u << s)) {
			err(c, n, "reports: %s: section '%s' is listed twice",
			    c->report, name);
		} else {
			r->sections |= 1u << s;
		}
	}
}

/* A query's name: what --section takes and the JSON key under "extra". */
static int name_ok(const char *s)
{
	size_t i;

	if (!*s || strlen(s) > WL_REPORT_MAX_NAME)
		return 0;
	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		      s[i] == '_'))
			return 0;
	return 1;
}

static void parse_query(struct ctx *c, struct wl_saved_report *r,
			const struct wl_node *n)
{
	struct wl_report_query q = { 0 };
	enum wl_report_section s;
	size_t i;

	if (n->kind != WL_NODE_MAP) {
		err(c, n, "reports: %s: each query must be a mapping of name, title and sql",
		    c->report);
		return;
	}
	for (i = 0; i < n->nr; i++) {
		const struct wl_node *k = n->pairs[i].key, *v = n->pairs[i].value;

		if (!strcmp(k->str, "name"))
			q.name = string_of(c, "a query's name", v);
		else if (!strcmp(k->str, "title"))
			q.title = title_of(c, "a query's title", v);
		else if (!strcmp(k->str, "sql"))
			q.node = v, q.sql = sql_of(c, "a query's sql", v);
		else
			err(c, k, "reports: %s: unknown key '%s' in a query (known: name, title, sql)",
			    c->report, k->str);
	}
	if (!q.name || !q.sql) {
		if (!q.name && !wl_node_get(n, "name"))
			err(c, n, "reports: %s: a query has no name", c->report);
		if (!q.sql && !wl_node_get(n, "sql"))
			err(c, n, "reports: %s: a query has no sql", c->report);
		return;
	}
	if (!name_ok(q.name)) {
		err(c, wl_node_get(n, "name"),
		    "reports: %s: a query's name is 1 to %d of a-z, 0-9, '-' and '_', not '%s'",
		    c->report, WL_REPORT_MAX_NAME, q.name);
		return;
	}
	if (!wl_report_section_parse(&s, q.name)) {
		err(c, wl_node_get(n, "name"),
		    "reports: %s: query '%s' has the name of a built-in section",
		    c->report, q.name);
		return;
	}
	for (i = 0; i < r->queries_nr; i++) {
		if (!strcmp(r->queries[i].name, q.name)) {
			err(c, wl_node_get(n, "name"),
			    "reports: %s: query '%s' is defined twice",
			    c->report, q.name);
			return;
		}
	}
	r->queries[r->queries_nr++] = q;
}

static void parse_queries(struct ctx *c, struct wl_saved_report *r,
			  const struct wl_node *v)
{
	size_t i;

	if (v->kind != WL_NODE_SEQ) {
		err(c, v, "reports: %s: queries must be a list of {name, title, sql}",
		    c->report);
		return;
	}
	if (v->nr > WL_REPORT_MAX_QUERIES) {
		err(c, v, "reports: %s: more than %d queries", c->report,
		    WL_REPORT_MAX_QUERIES);
		return;
	}
	r->queries = wl_xcalloc(v->nr + 1, sizeof(*r->queries));
	for (i = 0; i < v->nr; i++)
		parse_query(c, r, v->items[i]);
}

static void parse_lang(struct ctx *c, const char **out,
		       const struct wl_node *v, const char *what)
{
	if (v->kind == WL_NODE_STRING &&
	    (!strcmp(v->str, "zh") || !strcmp(v->str, "en")))
		*out = v->str;
	else
		err(c, v, "%slang must be zh or en", what);
}

/* One key of a saved report. */
static void parse_key(struct ctx *c, struct wl_saved_report *r,
		      const struct wl_node *k, const struct wl_node *v)
{
	const char *key = k->str;

	if (!strcmp(key, "period")) {
		parse_period(c, r, v);
	} else if (!strcmp(key, "title")) {
		r->title = title_of(c, "title", v);
	} else if (!strcmp(key, "where")) {
		r->where = sql_of(c, "where", v);
		r->where_node = v;
	} else if (!strcmp(key, "owner")) {
		r->owner = string_of(c, "owner", v);
	} else if (!strcmp(key, "project")) {
		r->project = string_of(c, "project", v);
	} else if (!strcmp(key, "lang")) {
		struct wl_buf what = WL_BUF_INIT;

		wl_buf_addf(&what, "reports: %s: ", c->report);
		parse_lang(c, &r->lang, v, wl_buf_cstr(&what));
		wl_buf_release(&what);
	} else if (!strcmp(key, "sections")) {
		parse_sections(c, r, v);
	} else if (!strcmp(key, "queries")) {
		parse_queries(c, r, v);
	} else {
		err(c, k, "unknown key '%s' in saved report '%s' (known: period, title, where, owner, project, lang, sections, queries)",
		    key, c->report);
	}
}

static void parse_saved(struct ctx *c, struct wl_report_settings *out,
			const struct wl_node *k, const struct wl_node *v)
{
	struct wl_saved_report *r = &out->saved[out->saved_nr];
	enum wl_period_kind kind;
	size_t i;

	c->report = k->str;
	c->bad = 0;
	if (!wl_period_kind_parse(&kind, k->str)) {
		err(c, k, "reports: a saved report may not be called '%s', the name of a period",
		    k->str);
		return;
	}
	if (v->kind != WL_NODE_MAP) {
		err(c, v, "reports: saved report '%s' must be a mapping, not a %s",
		    k->str, wl_node_kind_name(v));
		return;
	}
	memset(r, 0, sizeof(*r));
	r->name = k->str;
	r->node = v;
	r->sections = WL_REPORT_ALL;
	for (i = 0; i < v->nr; i++)
		parse_key(c, r, v->pairs[i].key, v->pairs[i].value);
	if (!r->kind && !wl_node_get(v, "period"))
		err(c, v, "reports: %s: no period (week, month or quarter)",
		    k->str);
	if (c->bad) {
		free(r->queries);
		return;
	}
	out->saved_nr++;
}

int wl_report_settings_compile(struct wl_report_settings *out,
			       const struct wl_node *n, const char *path,
			       struct wl_diags *diags)
{
	struct ctx c = { path, diags, NULL, 0 };
	size_t i;

	out->saved = wl_xcalloc(n->nr + 1, sizeof(*out->saved));
	for (i = 0; i < n->nr; i++) {
		const struct wl_node *k = n->pairs[i].key;
		const struct wl_node *v = n->pairs[i].value;

		if (!strcmp(k->str, "lang"))
			parse_lang(&c, &out->lang, v, "reports: ");
		else
			parse_saved(&c, out, k, v);
	}
	return 0;
}

void wl_report_settings_release(struct wl_report_settings *r)
{
	size_t i;

	for (i = 0; i < r->saved_nr; i++)
		free(r->saved[i].queries);
	free(r->saved);
	memset(r, 0, sizeof(*r));
}

const struct wl_saved_report *wl_report_settings_find(
	const struct wl_report_settings *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->saved_nr; i++)
		if (!strcmp(r->saved[i].name, name))
			return &r->saved[i];
	return NULL;
}
