/*
 * Record diffs, as `worklog diff` prints them: text (and its --stat
 * summary), JSON and Markdown. Everything a record holds is made
 * printable (text) or escaped (JSON, Markdown) before it is written: a
 * value can never forge a line or drive the terminal.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "diff.h"
#include "util.h"

#include "../banned.h"

#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_CYAN "\033[36m"
#define C_RESET "\033[0m"

static void add_printable(struct wl_buf *b, const char *s)
{
	wl_buf_add_printable(b, s, strlen(s));
}

static void colored(struct wl_buf *b, int color, const char *c, const char *s)
{
	if (color)
		wl_buf_addstr(b, c);
	add_printable(b, s);
	if (color)
		wl_buf_addstr(b, C_RESET);
}

/* "task T-1", "task", "T-1" or "" for a version. */
static void label(struct wl_buf *b, const struct wl_diff_version *v)
{
	if (!v || v->form != WL_DIFF_RECORD)
		return;
	if (v->type)
		add_printable(b, v->type);
	if (v->type && v->id)
		wl_buf_addch(b, ' ');
	if (v->id)
		add_printable(b, v->id);
}

/* The version an entry is named by: the new one, the old when removed. */
static const struct wl_diff_version *shown(const struct wl_diff_entry *e)
{
	return e->new_v ? e->new_v : e->old_v;
}

/* The version whose type and id name the record: the new one, else the
 * old one when the new one cannot be read. */
static const struct wl_diff_version *named(const struct wl_diff_entry *e)
{
	if (e->new_v && e->new_v->form == WL_DIFF_RECORD)
		return e->new_v;
	return e->old_v;
}

static int type_changed(const struct wl_diff_entry *e)
{
	const char *a, *b;

	if (!e->old_v || !e->new_v || e->old_v->form != WL_DIFF_RECORD ||
	    e->new_v->form != WL_DIFF_RECORD)
		return 0;
	a = e->old_v->type;
	b = e->new_v->type;
	return (a || b) && (!a || !b || strcmp(a, b));
}

/* How a file is quoted in a header: escaped text, or Markdown code. */
typedef void quote_fn(struct wl_buf *b, const char *s);

/* ", 87% similar" and ", type a → b", where they apply. */
static void header_details(struct wl_buf *b, const struct wl_diff_entry *e,
			   quote_fn *quote)
{
	if (e->similarity)
		wl_buf_addf(b, ", %d%% similar", e->similarity);
	if (type_changed(e)) {
		wl_buf_addstr(b, ", type ");
		quote(b, e->old_v->type ? e->old_v->type : "(none)");
		wl_buf_addstr(b, " → ");
		quote(b, e->new_v->type ? e->new_v->type : "(none)");
	}
}

/* The first line of an entry: what happened to which file. */
static void text_header(struct wl_buf *b, const struct wl_diff_entry *e,
			int color)
{
	const struct wl_diff_version *v = shown(e);
	size_t at;

	if (color)
		wl_buf_addstr(b, C_BOLD);
	wl_buf_addf(b, "%s ", wl_diff_change_name(e->change));
	if (e->old_path) {
		add_printable(b, e->old_path);
		wl_buf_addstr(b, " → ");
	}
	add_printable(b, e->path);
	if (color)
		wl_buf_addstr(b, C_RESET);
	at = b->len;
	wl_buf_addstr(b, " (");
	label(b, named(e));
	if (b->len == at + 2)
		b->len = at;
	else
		wl_buf_addch(b, ')');
	b->buf[b->len] = '\0';
	header_details(b, e, add_printable);
	if (v->form == WL_DIFF_NOT_RECORD)
		wl_buf_addstr(b, ": not a record");
	else if (v->form == WL_DIFF_UNPARSABLE)
		wl_buf_addstr(b, ": cannot be read as a record");
	else if (e->old_v && e->new_v && e->old_v->form != WL_DIFF_RECORD)
		wl_buf_addstr(b, e->old_v->form == WL_DIFF_NOT_RECORD ?
					 ": now a record" :
					 ": readable again");
	wl_buf_addch(b, '\n');
}

static void text_diag(FILE *out, struct wl_buf *b, const char *what,
		      const struct wl_diag *g, int color)
{
	wl_buf_addf(b, "    %s", what);
	fwrite(b->buf, 1, b->len, out);
	wl_buf_reset(b);
	cli_diag_line(out, g, NULL, NULL, color);
}

static void text_field(struct wl_buf *b, const struct wl_field_change *c,
		       int color)
{
	wl_buf_addstr(b, "    ");
	add_printable(b, c->path);
	switch (c->kind) {
	case WL_FIELD_CHANGED:
		wl_buf_addstr(b, ": ");
		colored(b, color, C_RED, c->old_value);
		wl_buf_addstr(b, " → ");
		colored(b, color, C_GREEN, c->new_value);
		break;
	case WL_FIELD_ADDED:
		wl_buf_addstr(b, ": + ");
		colored(b, color, C_GREEN, c->new_value);
		break;
	case WL_FIELD_REMOVED:
		wl_buf_addstr(b, ": - ");
		colored(b, color, C_RED, c->old_value);
		break;
	case WL_FIELD_ITEM_ADDED:
		wl_buf_addstr(b, "[+]: ");
		colored(b, color, C_GREEN, c->new_value);
		break;
	case WL_FIELD_ITEM_REMOVED:
		wl_buf_addstr(b, "[-]: ");
		colored(b, color, C_RED, c->old_value);
		break;
	}
	wl_buf_addch(b, '\n');
}

static void heading(struct wl_buf *b, const struct wl_diff_section *s)
{
	int i;

	if (!s->heading) {
		wl_buf_addstr(b, "(text before the first heading)");
		return;
	}
	for (i = 0; i < s->level; i++)
		wl_buf_addch(b, '#');
	wl_buf_addch(b, ' ');
	add_printable(b, s->heading);
}

static void text_section(struct wl_buf *b, const struct wl_diff_section *s,
			 int color)
{
	wl_buf_addstr(b, "    ");
	if (color)
		wl_buf_addstr(b, C_CYAN);
	heading(b, s);
	if (color)
		wl_buf_addstr(b, C_RESET);
	if (s->change != WL_SECTION_CHANGED)
		wl_buf_addf(b, " (%s)", wl_section_change_name(s->change));
	wl_buf_addstr(b, ": ");
	if (color)
		wl_buf_addstr(b, C_GREEN);
	wl_buf_addf(b, "+%zu", s->added);
	wl_buf_addstr(b, color ? C_RESET " " C_RED : " ");
	wl_buf_addf(b, "-%zu", s->removed);
	if (color)
		wl_buf_addstr(b, C_RESET);
	wl_buf_addch(b, '\n');
}

static void text_entry(FILE *out, const struct wl_diff_entry *e, int color)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	text_header(&b, e, color);
	if (e->old_v && e->old_v->error && e->new_v)
		text_diag(out, &b, "was: ", e->old_v->error, color);
	if (shown(e)->error)
		text_diag(out, &b, "", shown(e)->error, color);
	for (i = 0; i < e->fields.nr; i++)
		text_field(&b, &e->fields.v[i], color);
	for (i = 0; i < e->sections_nr; i++)
		text_section(&b, &e->sections[i], color);
	fwrite(b.buf, 1, b.len, out);
	wl_buf_release(&b);
}

/* "3 files changed: 1 added, 2 modified" */
static void summary(struct wl_buf *b, const struct wl_diff *d)
{
	size_t n[4] = { 0 }, i, k = 0;

	for (i = 0; i < d->nr; i++)
		n[d->v[i].change]++;
	wl_buf_addf(b, "%zu file%s changed", d->nr, d->nr == 1 ? "" : "s");
	for (i = 0; i < 4; i++) {
		static const enum wl_diff_change order[] = {
			WL_DIFF_ADDED, WL_DIFF_REMOVED, WL_DIFF_RENAMED,
			WL_DIFF_MODIFIED
		};

		if (!n[order[i]])
			continue;
		wl_buf_addf(b, "%s %zu %s", k++ ? "," : ":", n[order[i]],
			    wl_diff_change_name(order[i]));
	}
}

/* " 2 fields, 1 section" or the change itself. */
static void stat_what(struct wl_buf *b, const struct wl_diff_entry *e)
{
	const struct wl_diff_version *v = shown(e);

	if (e->change == WL_DIFF_ADDED || e->change == WL_DIFF_REMOVED ||
	    (e->change == WL_DIFF_RENAMED && !e->fields.nr &&
	     !e->sections_nr))
		wl_buf_addstr(b, wl_diff_change_name(e->change));
	else if (v->form != WL_DIFF_RECORD)
		wl_buf_addstr(b, v->form == WL_DIFF_NOT_RECORD ?
					 "not a record" :
					 "cannot be read as a record");
	else
		wl_buf_addf(b, "%zu field change%s, %zu section%s", e->fields.nr,
			    e->fields.nr == 1 ? "" : "s", e->sections_nr,
			    e->sections_nr == 1 ? "" : "s");
}

/* Sets `name` to the entry's "PATH" or "OLD => PATH"; returns its
 * display width. */
static size_t stat_name(struct wl_buf *name, const struct wl_diff_entry *e)
{
	wl_buf_reset(name);
	if (e->old_path) {
		add_printable(name, e->old_path);
		wl_buf_addstr(name, " => ");
	}
	add_printable(name, e->path);
	return cli_display_width(name->buf, name->len);
}

static void text_stat(FILE *out, const struct wl_diff *d)
{
	struct wl_buf b = WL_BUF_INIT, name = WL_BUF_INIT;
	size_t i, width = 0;

	for (i = 0; i < d->nr; i++) {
		size_t w = stat_name(&name, &d->v[i]);

		if (w > width)
			width = w;
	}
	for (i = 0; i < d->nr; i++) {
		const struct wl_diff_entry *e = &d->v[i];
		size_t w = stat_name(&name, e);

		wl_buf_addch(&b, ' ');
		wl_buf_add(&b, name.buf, name.len);
		for (; w < width; w++)
			wl_buf_addch(&b, ' ');
		wl_buf_addstr(&b, " | ");
		stat_what(&b, e);
		wl_buf_addch(&b, '\n');
	}
	wl_buf_addch(&b, ' ');
	summary(&b, d);
	wl_buf_addch(&b, '\n');
	fwrite(b.buf, 1, b.len, out);
	wl_buf_release(&b);
	wl_buf_release(&name);
}

void cli_diff_text(FILE *out, const struct wl_diff *d, int color, int stat)
{
	size_t i;

	if (stat) {
		if (d->nr)
			text_stat(out, d);
		return;
	}
	for (i = 0; i < d->nr; i++)
		text_entry(out, &d->v[i], color);
}

/* ---- JSON ------------------------------------------------------------ */

static void json_str(struct wl_buf *b, const char *s)
{
	if (!s)
		wl_buf_addstr(b, "null");
	else
		wl_buf_add_json_string(b, s, strlen(s));
}

static const char *kind_name(const struct wl_diff_version *v)
{
	if (!v)
		return NULL;
	switch (v->form) {
	case WL_DIFF_RECORD: return "record";
	case WL_DIFF_NOT_RECORD: return "not-a-record";
	case WL_DIFF_UNPARSABLE: return "unparsable";
	}
	return NULL;
}

static void json_error(struct wl_buf *b, const struct wl_diff_version *v)
{
	const struct wl_diag *g = v ? v->error : NULL;

	if (!g) {
		wl_buf_addstr(b, "null");
		return;
	}
	wl_buf_addstr(b, "{\"path\": ");
	json_str(b, g->path);
	wl_buf_addf(b, ", \"line\": %d, \"column\": %d, \"rule\": ", g->line,
		    g->column);
	json_str(b, g->rule);
	wl_buf_addstr(b, ", \"message\": ");
	json_str(b, g->message);
	wl_buf_addch(b, '}');
}

static void json_fields(struct wl_buf *b, const struct wl_diff_entry *e)
{
	size_t i;

	wl_buf_addstr(b, "\"fields\": [");
	for (i = 0; i < e->fields.nr; i++) {
		const struct wl_field_change *c = &e->fields.v[i];

		wl_buf_addstr(b, i ? ",\n    {\"path\": " : "\n    {\"path\": ");
		json_str(b, c->path);
		wl_buf_addstr(b, ", \"change\": ");
		json_str(b, wl_field_kind_name(c->kind));
		wl_buf_addstr(b, ", \"old\": ");
		if (c->old_node)
			wl_node_to_json(b, c->old_node);
		else
			wl_buf_addstr(b, "null");
		wl_buf_addstr(b, ", \"new\": ");
		if (c->new_node)
			wl_node_to_json(b, c->new_node);
		else
			wl_buf_addstr(b, "null");
		wl_buf_addch(b, '}');
	}
	wl_buf_addstr(b, e->fields.nr ? "\n  ], " : "], ");
}

static void json_sections(struct wl_buf *b, const struct wl_diff_entry *e)
{
	size_t i;

	wl_buf_addstr(b, "\"sections\": [");
	for (i = 0; i < e->sections_nr; i++) {
		const struct wl_diff_section *s = &e->sections[i];

		wl_buf_addstr(b, i ? ",\n    {\"heading\": " :
				     "\n    {\"heading\": ");
		json_str(b, s->heading);
		wl_buf_addf(b, ", \"level\": %d, \"change\": ", s->level);
		json_str(b, wl_section_change_name(s->change));
		wl_buf_addf(b, ", \"added\": %zu, \"removed\": %zu}", s->added,
			    s->removed);
	}
	wl_buf_addstr(b, e->sections_nr ? "\n  ]}" : "]}");
}

static void json_entry(struct wl_buf *b, const struct wl_diff_entry *e)
{
	const struct wl_diff_version *v = shown(e);

	wl_buf_addstr(b, "{\"path\": ");
	json_str(b, e->path);
	wl_buf_addstr(b, ", \"old_path\": ");
	json_str(b, e->old_path);
	wl_buf_addstr(b, ", \"id\": ");
	json_str(b, named(e)->form == WL_DIFF_RECORD ? named(e)->id : NULL);
	wl_buf_addstr(b, ", \"type\": ");
	json_str(b, named(e)->form == WL_DIFF_RECORD ? named(e)->type : NULL);
	wl_buf_addstr(b, ", \"old_type\": ");
	json_str(b, type_changed(e) ? e->old_v->type : NULL);
	wl_buf_addstr(b, ", \"change\": ");
	json_str(b, wl_diff_change_name(e->change));
	if (e->similarity)
		wl_buf_addf(b, ", \"similarity\": %d", e->similarity);
	else
		wl_buf_addstr(b, ", \"similarity\": null");
	wl_buf_addstr(b, ",\n  \"kind\": ");
	json_str(b, kind_name(v));
	wl_buf_addstr(b, ", \"old_kind\": ");
	json_str(b, e->new_v ? kind_name(e->old_v) : NULL);
	wl_buf_addstr(b, ", \"error\": ");
	json_error(b, v);
	wl_buf_addstr(b, ", \"old_error\": ");
	json_error(b, e->new_v ? e->old_v : NULL);
	wl_buf_addstr(b, ",\n  ");
	json_fields(b, e);
	json_sections(b, e);
}

void cli_diff_json(FILE *out, const struct wl_diff *d)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	wl_buf_addch(&b, '[');
	for (i = 0; i < d->nr; i++) {
		wl_buf_addstr(&b, i ? ",\n " : "\n ");
		json_entry(&b, &d->v[i]);
		cli_rows_flush(out, &b, 0);
	}
	wl_buf_addstr(&b, d->nr ? "\n]\n" : "]\n");
	cli_rows_flush(out, &b, 1);
	wl_buf_release(&b);
}

/* ---- Markdown -------------------------------------------------------- */

/*
 * `s` as inline code: printable, on one line, fenced by more backticks
 * than it holds in a row (CommonMark), with a space inside the fence
 * where it starts or ends with one.
 */
static void md_code(struct wl_buf *b, const char *s)
{
	struct wl_buf t = WL_BUF_INIT;
	size_t run = 0, most = 0, i, n;

	if (!*s) {
		/* No code span can be empty. */
		wl_buf_addstr(b, "*(empty)*");
		return;
	}
	add_printable(&t, s);
	for (i = 0; i < t.len; i++) {
		run = t.buf[i] == '`' ? run + 1 : 0;
		if (run > most)
			most = run;
	}
	n = most + 1;
	for (i = 0; i < n; i++)
		wl_buf_addch(b, '`');
	if (t.len && (t.buf[0] == '`' || t.buf[t.len - 1] == '`'))
		wl_buf_addch(b, ' ');
	wl_buf_add(b, t.buf ? t.buf : "", t.len);
	if (t.len && (t.buf[0] == '`' || t.buf[t.len - 1] == '`'))
		wl_buf_addch(b, ' ');
	for (i = 0; i < n; i++)
		wl_buf_addch(b, '`');
	wl_buf_release(&t);
}

static void md_field(struct wl_buf *b, const struct wl_field_change *c)
{
	wl_buf_addstr(b, "  - ");
	md_code(b, c->path);
	switch (c->kind) {
	case WL_FIELD_CHANGED:
		wl_buf_addstr(b, ": ");
		md_code(b, c->old_value);
		wl_buf_addstr(b, " → ");
		md_code(b, c->new_value);
		break;
	case WL_FIELD_ADDED:
		wl_buf_addstr(b, " set to ");
		md_code(b, c->new_value);
		break;
	case WL_FIELD_REMOVED:
		wl_buf_addstr(b, " removed (was ");
		md_code(b, c->old_value);
		wl_buf_addch(b, ')');
		break;
	case WL_FIELD_ITEM_ADDED:
		wl_buf_addstr(b, ": added ");
		md_code(b, c->new_value);
		break;
	case WL_FIELD_ITEM_REMOVED:
		wl_buf_addstr(b, ": removed ");
		md_code(b, c->old_value);
		break;
	}
	wl_buf_addch(b, '\n');
}

static void md_entry(struct wl_buf *b, const struct wl_diff_entry *e)
{
	const struct wl_diff_version *v = shown(e);
	struct wl_buf l = WL_BUF_INIT;
	size_t i;

	wl_buf_addf(b, "- **%s** ", wl_diff_change_name(e->change));
	if (e->old_path) {
		md_code(b, e->old_path);
		wl_buf_addstr(b, " → ");
	}
	md_code(b, e->path);
	label(&l, named(e));
	if (l.len) {
		wl_buf_addstr(b, " (");
		md_code(b, l.buf);
		wl_buf_addch(b, ')');
	}
	header_details(b, e, md_code);
	if (v->form == WL_DIFF_NOT_RECORD)
		wl_buf_addstr(b, ": not a record");
	else if (v->form == WL_DIFF_UNPARSABLE)
		wl_buf_addstr(b, ": **cannot be read as a record**");
	wl_buf_addch(b, '\n');
	if (v->error) {
		wl_buf_addf(b, "  - line %d, column %d: ", v->error->line,
			    v->error->column);
		md_code(b, v->error->message);
		wl_buf_addch(b, '\n');
	}
	for (i = 0; i < e->fields.nr; i++)
		md_field(b, &e->fields.v[i]);
	for (i = 0; i < e->sections_nr; i++) {
		const struct wl_diff_section *s = &e->sections[i];

		wl_buf_addstr(b, "  - section ");
		md_code(b, s->heading ? s->heading :
					"(text before the first heading)");
		wl_buf_addf(b, " %s (+%zu −%zu)\n",
			    wl_section_change_name(s->change), s->added,
			    s->removed);
	}
	wl_buf_release(&l);
}

void cli_diff_markdown(FILE *out, const struct wl_diff *d)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	wl_buf_addstr(&b, "### Record changes\n\n");
	if (!d->nr)
		wl_buf_addstr(&b, "No record changed.\n");
	for (i = 0; i < d->nr; i++) {
		md_entry(&b, &d->v[i]);
		cli_rows_flush(out, &b, 0);
	}
	if (d->nr) {
		wl_buf_addch(&b, '\n');
		summary(&b, d);
		wl_buf_addstr(&b, ".\n");
	}
	cli_rows_flush(out, &b, 1);
	wl_buf_release(&b);
}
