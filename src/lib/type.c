/*
 * Record types: x-filename checked against a record's path.
 */
#include <string.h>

#include "schema_impl.h"

#include "../banned.h"

/*
 * A glob where `*` matches any run of characters within one path segment,
 * `?` one character other than `/`, and `\x` the character x.
 */
static int glob_match(const char *p, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	while (*s) {
		int lit = p[0] == '\\' && p[1];
		char pc = lit ? p[1] : p[0];

		if (!lit && pc == '*') {
			star_p = ++p;
			star_s = s;
			continue;
		}
		if (pc && (pc == *s || (!lit && pc == '?' && *s != '/'))) {
			p += lit ? 2 : 1;
			s++;
			continue;
		}
		if (star_p && *star_s != '/') {
			p = star_p;
			s = ++star_s;
			continue;
		}
		return 0;
	}
	while (*p == '*')
		p++;
	return !*p;
}

/*
 * x-filename: every {field} is replaced by the record's value of that
 * field; the path must then end with the pattern, starting at a segment
 * boundary. Returns 1 if it does, 0 if not, -1 if a field is missing
 * (then nothing is checked). `expect` gets the pattern as substituted.
 */
static int filename_matches(const char *pattern, const struct wl_node *fm,
			    const char *path, struct wl_buf *expect)
{
	struct wl_buf glob = WL_BUF_INIT;
	const char *p, *s;
	int ret = 0;

	for (p = pattern; *p; p++) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		const struct wl_node *v;
		size_t i;

		if (!close) {
			wl_buf_addch(&glob, *p);
			wl_buf_addch(expect, *p);
			continue;
		}
		v = map_get(fm, p + 1, close - p - 1);
		if (!v || !is_scalar(v) || v->kind == WL_NODE_NULL ||
		    memchr(v->str, '\0', v->len)) {
			ret = -1;
			goto done;
		}
		for (i = 0; i < v->len; i++) {
			if (strchr("\\*?", v->str[i]))
				wl_buf_addch(&glob, '\\');
			wl_buf_addch(&glob, v->str[i]);
		}
		wl_buf_add(expect, v->str, v->len);
		p = close;
	}
	for (s = path; s; s = strchr(s, '/') ? strchr(s, '/') + 1 : NULL) {
		if (glob_match(wl_buf_cstr(&glob), s)) {
			ret = 1;
			break;
		}
	}
done:
	wl_buf_release(&glob);
	return ret;
}

int wl_type_validate(const struct wl_type *type, const struct wl_node *fm,
		     const char *path, int fm_line, struct wl_diags *diags)
{
	struct wl_buf expect = WL_BUF_INIT;
	int ok = wl_schema_validate(type->schema, fm, path, fm_line, diags);

	if (type->filename && fm && fm->kind == WL_NODE_MAP &&
	    !filename_matches(type->filename, fm, path ? path : "", &expect)) {
		if (diags)
			wl_diags_add(diags, path, fm_line > 0 ? fm_line : 1, 1,
				     WL_SEV_ERROR, "filename",
				     "file name does not match x-filename '%s': expected a path ending in '%s'",
				     type->filename, wl_buf_cstr(&expect));
		ok = 0;
	}
	wl_buf_release(&expect);
	return ok;
}
