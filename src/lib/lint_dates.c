/*
 * The date rules of one record: date-order (x-date-order pairs must not
 * run backwards) and overdue (an open record, or an unchecked task
 * item, whose due date is before today). Values that are not dates are
 * the schema's to report; these rules skip them, except a task item's
 * due:, which no schema sees. Messages name the due date, not how long
 * ago it was, so that a finding (and its SARIF fingerprint) stays the
 * same from one day to the next.
 */
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "date.h"
#include "lint_rules.h"
#include "record.h"
#include "type.h"
#include "util.h"

#include "../banned.h"

/*
 * Reads the day of a date or date-time string (`2026-11-02`,
 * `2026-11-02T09:30:00+08:00`: dates with a time compare by their
 * date as written). Returns 0, or -1 if the node is no such string.
 */
static int day_of(long long *day, const struct wl_node *n)
{
	if (!n || n->kind != WL_NODE_STRING || n->len < 10)
		return -1;
	if (n->len > 10 && n->str[10] != 'T' && n->str[10] != 't' &&
	    n->str[10] != ' ')
		return -1;
	return wl_day_parse(day, n->str, 10);
}

int wl_lint_date_order(struct wl_diags *out, const struct wl_rule_record *in,
		       int sev)
{
	const struct wl_node *fm = in->record->doc.root;
	size_t i;

	for (i = 0; i < in->type->nr_date_order; i++) {
		const struct wl_date_pair *p = &in->type->date_order[i];
		const struct wl_node *a = wl_node_get(fm, p->earlier);
		const struct wl_node *b = wl_node_get(fm, p->later);
		long long da, db;

		if (day_of(&da, a) || day_of(&db, b) || da <= db)
			continue;
		wl_diags_add(out, in->path, b->line, b->column, sev,
			     "date-order", "%s: %s is before %s (%s)",
			     p->later, b->str, p->earlier, a->str);
	}
	return 0;
}

/* The record itself: open or blocked, and its due date passed. */
static void overdue_record(struct wl_diags *out,
			   const struct wl_rule_record *in, int sev)
{
	const struct wl_lifecycle *lc = &in->type->lifecycle;
	const struct wl_node *fm = in->record->doc.root, *due;
	enum wl_state_class cls;
	long long day;

	if (!lc->field || !lc->due)
		return;
	cls = wl_record_state(in->type, fm);
	if (cls != WL_STATE_OPEN && cls != WL_STATE_BLOCKED)
		return;
	due = wl_node_get(fm, lc->due);
	if (day_of(&day, due) || day >= in->today)
		return;
	wl_diags_add(out, in->path, due->line, due->column, sev, "overdue",
		     "%s: %s has passed and %s is still \"%s\"", lc->due,
		     due->str, lc->field,
		     wl_node_get(fm, lc->field)->str);
}

/*
 * Appends an item's text without its @names and its due:, which the
 * message says otherwise, cut to about 40 code points.
 */
static void add_item_text(struct wl_buf *b, const char *s)
{
	size_t cps = 0, n;

	for (;;) {
		s += strspn(s, " \t");
		n = strcspn(s, " \t");
		if (*s == '@' || !strncmp(s, "due:", 4)) {
			s += n;
			continue;
		}
		if (!*s)
			return;
		if (cps >= 40)
			break;
		if (b->len)
			wl_buf_addch(b, ' ');
		for (; n && cps < 40; cps++) {
			size_t c = 1;

			while (c < n && ((unsigned char)s[c] & 0xC0) == 0x80)
				c++;
			wl_buf_add(b, s, c);
			s += c;
			n -= c;
		}
		if (n)
			break;
	}
	wl_buf_addstr(b, "...");
}

static void overdue_items(struct wl_diags *out,
			  const struct wl_rule_record *in, int sev)
{
	const struct wl_body *body = in->body;
	struct wl_buf text = WL_BUF_INIT;
	size_t i;

	for (i = 0; i < body->items_nr; i++) {
		const struct wl_body_item *it = &body->items[i];
		long long day;

		if (it->done || !it->due)
			continue;
		wl_buf_reset(&text);
		add_item_text(&text, it->text);
		if (!it->due_ok || wl_day_parse(&day, it->due, strlen(it->due))) {
			wl_diags_add(out, in->path, it->due_line,
				     it->due_column, sev, "overdue",
				     "task \"%s\": due:%s is not a date (use due:YYYY-MM-DD)",
				     wl_buf_cstr(&text), it->due);
			continue;
		}
		if (day >= in->today)
			continue;
		wl_diags_add(out, in->path, it->due_line, it->due_column, sev,
			     "overdue",
			     "task \"%s\" is not checked and was due %s",
			     wl_buf_cstr(&text), it->due);
	}
	wl_buf_release(&text);
}

int wl_lint_overdue(struct wl_diags *out, const struct wl_rule_record *in,
		    int sev)
{
	overdue_record(out, in, sev);
	overdue_items(out, in, sev);
	return 0;
}
