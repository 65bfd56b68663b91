/*
 * The encoding rule: records are UTF-8 text with \n line ends. A
 * byte-order mark and \r\n line ends are accepted by every reader of
 * worklog (DESIGN.md §1) but make diffs noisy and trip other tools, so
 * lint reports them and `--fix` removes them; a mix of both is worse (a
 * tool keeps one style and rewrites every other line). A lone \r is
 * reported but never fixed: it may be a line break or stray junk, and
 * only the author knows which. (In front matter a lone \r is a syntax
 * error already; only the body's are this rule's.)
 */
#include <string.h>

#include "lint_rules.h"
#include "record.h"
#include "util.h"

#include "../banned.h"

/* Where each kind of line end is first met. */
struct line_ends {
	size_t crlf, lf, lone_cr;        /* how many */
	int crlf_line, crlf_col;         /* of the first \r\n's \r */
	int lf_line, lf_col;             /* of the first bare \n */
	int first_is_crlf;               /* the first line end is \r\n */
	int lone_line, lone_col;         /* of the first lone \r */
};

/* Scans the whole file once, counting columns in code points. */
static void scan(struct line_ends *e, const char *buf, size_t len,
		 size_t body)
{
	size_t i;
	int line = 1, col = 1;

	memset(e, 0, sizeof(*e));
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\r' && i + 1 < len && buf[i + 1] == '\n') {
			if (!e->crlf++ && !e->lf) {
				e->first_is_crlf = 1;
			}
			if (e->crlf == 1) {
				e->crlf_line = line;
				e->crlf_col = col;
			}
			i++;
			line++;
			col = 1;
		} else if (c == '\n') {
			if (!e->lf++) {
				e->lf_line = line;
				e->lf_col = col;
			}
			line++;
			col = 1;
		} else if (c == '\r') {
			if (i >= body && !e->lone_cr++) {
				e->lone_line = line;
				e->lone_col = col;
			}
			col++;
		} else if ((c & 0xC0) != 0x80) {
			col++;
		}
	}
}

static void line_ends(struct wl_diags *out, const struct wl_rule_record *in,
		      int sev, const struct line_ends *e)
{
	const char *path = in->path;
	int line, col;

	if (e->crlf && !e->lf) {
		wl_diags_add(out, path, e->crlf_line, e->crlf_col, sev,
			     "encoding",
			     "lines end in CRLF (\\r\\n); records use LF (\\n)");
		line = e->crlf_line;
		col = e->crlf_col;
	} else if (e->crlf) {
		/* The first line sets the style; the first line that breaks
		 * it is the finding. */
		line = e->first_is_crlf ? e->lf_line : e->crlf_line;
		col = e->first_is_crlf ? e->lf_col : e->crlf_col;
		wl_diags_add(out, path, line, col, sev, "encoding",
			     "mixed line ends: this line ends in %s, the first in %s; records use LF (\\n)",
			     e->first_is_crlf ? "LF" : "CRLF",
			     e->first_is_crlf ? "CRLF" : "LF");
	} else {
		return;
	}
	if (in->fixes)
		wl_fixes_add(in->fixes, WL_FIX_LF, WL_RULE_ENCODING, line, col,
			     0, 0, NULL);
}

int wl_lint_encoding(struct wl_diags *out, const struct wl_rule_record *in,
		     int sev)
{
	const struct wl_record *r = in->record;
	struct line_ends e;

	if (r->len >= 3 && !memcmp(r->buf, "\xEF\xBB\xBF", 3)) {
		wl_diags_add(out, in->path, 1, 1, sev, "encoding",
			     "the file starts with a byte-order mark; records are UTF-8 without one");
		if (in->fixes)
			wl_fixes_add(in->fixes, WL_FIX_DROP_BOM,
				     WL_RULE_ENCODING, 1, 1, 0, 3, NULL);
	}
	/* Most records have no \r at all: one memchr decides. */
	if (!memchr(r->buf, '\r', r->len))
		return 0;
	scan(&e, r->buf, r->len, r->fm.body);
	line_ends(out, in, sev, &e);
	if (e.lone_cr > 1)
		wl_diags_add(out, in->path, e.lone_line, e.lone_col, sev,
			     "encoding",
			     "a carriage return (\\r) not followed by a line feed, and %zu more",
			     e.lone_cr - 1);
	else if (e.lone_cr)
		wl_diags_add(out, in->path, e.lone_line, e.lone_col, sev,
			     "encoding",
			     "a carriage return (\\r) not followed by a line feed");
	return 0;
}
