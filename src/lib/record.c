#include "record.h"

#include <stdlib.h>
#include <string.h>

#include "../banned.h"

/* Returns the length of the line at `p` without its line end. */
static size_t line_length(const char *p, const char *end, size_t *eol)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n;

	if (!nl) {
		*eol = 0;
		return (size_t)(end - p);
	}
	n = (size_t)(nl - p);
	*eol = 1;
	if (n && p[n - 1] == '\r') {
		n--;
		*eol = 2;
	}
	return n;
}

/*
 * The front-matter rule: a record's first line is exactly `---`, after an
 * optional UTF-8 BOM, and the front matter runs to the next line that is
 * exactly `---` or `...`. Lines may end in \n or \r\n; the rest of the
 * file is the Markdown body.
 */
enum wl_fm_status wl_fm_split(struct wl_fm *out, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	size_t n, eol;
	int line = 1;

	memset(out, 0, sizeof(*out));
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
		out->flags |= WL_FM_BOM;
		p += 3;
	}
	n = line_length(p, end, &eol);
	if (n != 3 || memcmp(p, "---", 3))
		return WL_FM_NONE;
	if (eol)
		out->flags |= eol == 2 ? WL_FM_CRLF : WL_FM_LF;
	p += n + eol;
	out->yaml = (size_t)(p - buf);
	out->yaml_line = ++line;
	while (p < end) {
		n = line_length(p, end, &eol);
		if (eol)
			out->flags |= eol == 2 ? WL_FM_CRLF : WL_FM_LF;
		if (n == 3 && (!memcmp(p, "---", 3) || !memcmp(p, "...", 3))) {
			out->yaml_len = (size_t)(p - buf) - out->yaml;
			out->close_line = line;
			out->body = (size_t)(p - buf) + n + eol;
			out->body_line = line + 1;
			return WL_FM_OK;
		}
		p += n + eol;
		line++;
	}
	out->yaml_len = len - out->yaml;
	out->body = len;
	out->body_line = line;
	return WL_FM_UNTERMINATED;
}

/*
 * libyaml follows YAML 1.1 and takes a lone \r, NEL, LS and PS for line
 * breaks; YAML 1.2 and every other part of worklog count only \n. Rather
 * than report positions that disagree with the editor, such characters
 * are refused in front matter. Returns the offset of the first, or -1.
 */
static long odd_line_break(const char *s, size_t len, const char **what)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < len; i++) {
		if (u[i] < 0x80 && u[i] != '\r')
			continue;
		if (u[i] == '\r' && (i + 1 >= len || u[i + 1] != '\n')) {
			*what = "a carriage return not followed by a line feed";
			return (long)i;
		}
		if (u[i] == 0xc2 && i + 1 < len && u[i + 1] == 0x85) {
			*what = "U+0085 (next line)";
			return (long)i;
		}
		if (u[i] == 0xe2 && i + 2 < len && u[i + 1] == 0x80 &&
		    (u[i + 2] == 0xa8 || u[i + 2] == 0xa9)) {
			*what = u[i + 2] == 0xa8 ? "U+2028 (line separator)" :
						   "U+2029 (paragraph separator)";
			return (long)i;
		}
	}
	return -1;
}

/* Whether the line at `p` (before `end`) is a conflict marker line: the
 * seven characters `c` and then a space or the line's end. */
static int marker_line(const char *p, const char *end, char c)
{
	int i;

	for (i = 0; i < 7; i++)
		if (p + i >= end || p[i] != c)
			return 0;
	return p + 7 == end || p[7] == ' ' || p[7] == '\n' || p[7] == '\r';
}

/*
 * Finds git's conflict markers left in a file: a `<<<<<<<` line, then a
 * `>>>>>>>` line, outside fenced code blocks (where a record may quote
 * them). Returns 1 with the offset and line of the first marker and the
 * line of the second, else 0. Costs one memmem where there are none.
 */
static int find_conflict(const char *buf, size_t len, size_t *at, int *line,
			 int *end_line)
{
	const char *p = buf, *end = buf + len;
	int n = 1, fenced = 0;

	*line = 0;
	if (!memmem(buf, len, "<<<<<<<", 7))
		return 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *q = p;

		while (q < end && q - p < 3 && *q == ' ')
			q++;
		if (end - q >= 3 && (!memcmp(q, "```", 3) || !memcmp(q, "~~~", 3)))
			fenced = !fenced;
		else if (!fenced && !*line && marker_line(p, end, '<')) {
			*at = (size_t)(p - buf);
			*line = n;
		} else if (!fenced && *line && marker_line(p, end, '>')) {
			*end_line = n;
			return 1;
		}
		if (!nl)
			break;
		p = nl + 1;
		n++;
	}
	return 0;
}

int wl_record_parse(struct wl_record *r, const char *path, char *buf,
		    size_t len, const struct wl_yaml_limits *limits,
		    struct wl_diags *diags)
{
	static const struct wl_yaml_limits defaults = WL_YAML_LIMITS_DEFAULT;
	const char *why;
	size_t bad, ndiags, at = 0;
	long odd;
	int line, col, end_line = 0;
	enum wl_fm_status st;

	if (!limits)
		limits = &defaults;
	r->path = wl_xstrdup(path);
	r->buf = buf;
	r->len = len;
	r->doc.root = NULL;
	r->settings = NULL;

	st = wl_fm_split(&r->fm, buf, len);
	if (st == WL_FM_NONE) {
		const char *p = buf + ((r->fm.flags & WL_FM_BOM) ? 3 : 0);

		wl_diags_add(diags, path, 1, 1, WL_SEV_ERROR, "syntax",
			     "missing front matter: the first line must be '---'%s",
			     !strncmp(p, "---", 3) && (p[3] == ' ' || p[3] == '\t') ?
				     " (it has trailing white space)" : "");
		return 0;
	}
	if (!wl_utf8_check(buf, len, &bad, &why)) {
		wl_offset_to_pos(buf, len, bad, &line, &col);
		wl_diags_add(diags, path, line, col, WL_SEV_ERROR, "syntax",
			     "%s at byte %zu", why, bad);
		if (bad < r->fm.body)
			return 0;
	}
	if (st == WL_FM_UNTERMINATED) {
		wl_diags_add(diags, path, 1, 1, WL_SEV_ERROR, "syntax",
			     "unterminated front matter: no closing '---' or '...' line");
		return 0;
	}
	if (r->fm.yaml_len > limits->max_bytes) {
		wl_diags_add(diags, path, 1, 1, WL_SEV_ERROR, "syntax",
			     "front matter is larger than %zu bytes",
			     limits->max_bytes);
		return 0;
	}
	odd = odd_line_break(buf + r->fm.yaml, r->fm.yaml_len, &why);
	if (odd >= 0) {
		wl_offset_to_pos(buf, len, r->fm.yaml + (size_t)odd, &line,
				 &col);
		wl_diags_add(diags, path, line, col, WL_SEV_ERROR, "syntax",
			     "%s is not allowed in front matter; end lines with \\n or \\r\\n",
			     why);
		return 0;
	}
	if (find_conflict(buf, len, &at, &line, &end_line)) {
		/* `worklog merge` leaves them: the record must not pass until
		 * someone resolves them. */
		wl_diags_add(diags, path, line, 1, WL_SEV_ERROR, "syntax",
			     "unresolved merge conflict (conflict markers on lines %d to %d)",
			     line, end_line);
		if (at < r->fm.body)
			return 0;
	}
	ndiags = diags->nr;
	wl_yaml_parse(&r->doc, buf + r->fm.yaml, r->fm.yaml_len,
		      r->fm.yaml_line - 1, limits, path, diags);
	if (!r->doc.root && diags->nr == ndiags) {
		wl_diags_add(diags, path, r->fm.yaml_line, 1, WL_SEV_ERROR,
			     "syntax", "front matter must be a mapping, not empty");
		return 0;
	}
	if (r->doc.root && r->doc.root->kind != WL_NODE_MAP) {
		static const char *const names[] = {
			[WL_NODE_NULL] = "null", [WL_NODE_BOOL] = "boolean",
			[WL_NODE_INT] = "number", [WL_NODE_FLOAT] = "number",
			[WL_NODE_STRING] = "string", [WL_NODE_SEQ] = "sequence",
		};

		wl_diags_add(diags, path, r->doc.root->line,
			     r->doc.root->column, WL_SEV_ERROR, "syntax",
			     "front matter must be a mapping, not a %s",
			     names[r->doc.root->kind]);
		wl_doc_release(&r->doc);
	}
	return 0;
}

void wl_record_too_big(struct wl_record *r, const char *path, size_t size,
		       size_t max, struct wl_diags *diags)
{
	r->path = wl_xstrdup(path);
	r->buf = wl_xstrdup("");
	r->len = 0;
	memset(&r->fm, 0, sizeof(r->fm));
	r->doc.root = NULL;
	r->type = NULL;
	wl_diags_add(diags, path, 1, 1, WL_SEV_ERROR, "syntax",
		     "file is %zu bytes, more than the limit of %zu (limits: file-bytes)",
		     size, max);
}

void wl_record_release(struct wl_record *r)
{
	free(r->path);
	free(r->buf);
	wl_doc_release(&r->doc);
	r->path = NULL;
	r->buf = NULL;
	r->len = 0;
	r->type = NULL;
	r->settings = NULL;
}
