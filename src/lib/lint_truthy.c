/*
 * The truthy rule. worklog reads front matter as YAML 1.2, where `yes`,
 * `no`, `on`, `off`, `y` and `n` are strings; YAML 1.1 readers (PyYAML,
 * many editors, GitHub's own `on:`) read the same words as booleans.
 * An unquoted one, key or value, means two things to two tools, so lint
 * asks for quotes (or `true`/`false`, which mean the same everywhere).
 * The words are YAML 1.1's own list, in its three case forms (yes, Yes,
 * YES); `yEs` is a string to every reader and is left alone.
 */
#include <stdlib.h>
#include <string.h>

#include "lint_rules.h"
#include "record.h"
#include "util.h"

#include "../banned.h"

static const char *const words[] = {
	"y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
	"n", "N", "no", "No", "NO", "off", "Off", "OFF",
};
#define TRUE_WORDS 8

/* Returns 1 for a YAML 1.1 true word, 0 for a false one, -1 if neither. */
static int truthy(const struct wl_node *n)
{
	size_t i;

	if (!(n->flags & WL_NODE_PLAIN) || n->kind != WL_NODE_STRING ||
	    n->len > 3)
		return -1;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(n->str, words[i]))
			return i < TRUE_WORDS;
	return -1;
}

/*
 * Where the walk is: the keys and indexes down to the node, kept on the
 * stack and written out only for a finding, so that a record without
 * one costs no text.
 */
struct frame {
	const struct frame *up;
	const struct wl_node *key;      /* a mapping's key, or NULL */
	size_t index;                   /* else a sequence's index */
};

struct walk {
	struct wl_diags *out;
	const struct wl_rule_record *in;
	int sev;
	struct wl_buf path;
	/* Nodes reported: an alias shares its node, which is reported
	 * once, where it is written. Findings are rare; a list will do. */
	const struct wl_node **seen;
	size_t seen_nr, seen_alloc;
};

/* Writes the path of frame `f` ("meta.list[0]") into `b`. */
static void path_of(struct wl_buf *b, const struct frame *f)
{
	if (!f)
		return;
	path_of(b, f->up);
	if (f->key) {
		if (f->up)
			wl_buf_addch(b, '.');
		wl_buf_add_printable(b, f->key->str, f->key->len);
	} else {
		wl_buf_addf(b, "[%zu]", f->index);
	}
}

static int seen(struct walk *w, const struct wl_node *n)
{
	size_t i;

	for (i = 0; i < w->seen_nr; i++)
		if (w->seen[i] == n)
			return 1;
	WL_ALLOC_GROW(w->seen, w->seen_nr + 1, w->seen_alloc);
	w->seen[w->seen_nr++] = n;
	return 0;
}

/*
 * Returns the byte offset in `buf` of 1-based `line` and `column` (in
 * code points), or -1 if the file has no such place.
 */
static long offset_of(const char *buf, size_t len, int line, int column)
{
	size_t i = 0;
	int l = 1, c = 1;

	while (l < line) {
		const char *nl = memchr(buf + i, '\n', len - i);

		if (!nl)
			return -1;
		i = (size_t)(nl - buf) + 1;
		l++;
	}
	while (c < column && i < len && buf[i] != '\n') {
		i++;
		while (i < len && ((unsigned char)buf[i] & 0xC0) == 0x80)
			i++;
		c++;
	}
	return c == column ? (long)i : -1;
}

/* Skips an anchor or a tag (`&x `, `!!str `) before a node's text. */
static long skip_properties(const char *buf, size_t len, long off)
{
	while (off >= 0 && (size_t)off < len &&
	       (buf[off] == '&' || buf[off] == '!')) {
		while ((size_t)off < len && buf[off] != ' ' && buf[off] != '\t' &&
		       buf[off] != '\n')
			off++;
		while ((size_t)off < len && (buf[off] == ' ' || buf[off] == '\t'))
			off++;
	}
	return off;
}

/* Quotes the word at the node, if the file has exactly it there. */
static void fix(struct walk *w, const struct wl_node *n)
{
	const struct wl_record *r = w->in->record;
	long off = skip_properties(r->buf, r->len,
				   offset_of(r->buf, r->len, n->line,
					     n->column));
	char *quoted;

	if (off < 0 || (size_t)off + n->len > r->len ||
	    memcmp(r->buf + off, n->str, n->len))
		return;
	quoted = wl_xprintf("\"%s\"", n->str);
	wl_fixes_add(w->in->fixes, WL_FIX_EDIT, WL_RULE_TRUTHY, n->line,
		     n->column, (size_t)off, n->len, quoted);
	free(quoted);
}

static void report(struct walk *w, const struct frame *at,
		   const struct wl_node *n, int key)
{
	int t = truthy(n);

	if (t < 0 || seen(w, n))
		return;
	wl_buf_reset(&w->path);
	path_of(&w->path, at);
	if (key)
		wl_diags_add(w->out, w->in->path, n->line, n->column, w->sev,
			     "truthy",
			     "%s: the key %s is %s to YAML 1.1 readers; write \"%s\"",
			     wl_buf_cstr(&w->path), n->str,
			     t ? "true" : "false", n->str);
	else
		wl_diags_add(w->out, w->in->path, n->line, n->column, w->sev,
			     "truthy",
			     "%s: %s is %s to YAML 1.1 readers; write \"%s\" for the text or %s for the boolean",
			     wl_buf_cstr(&w->path), n->str,
			     t ? "true" : "false", n->str,
			     t ? "true" : "false");
	if (w->in->fixes)
		fix(w, n);
}

static void walk(struct walk *w, const struct frame *at,
		 const struct wl_node *n)
{
	struct frame f = { at, NULL, 0 };
	size_t i;

	if (n->kind == WL_NODE_MAP) {
		for (i = 0; i < n->nr; i++) {
			f.key = n->pairs[i].key;
			report(w, &f, f.key, 1);
			walk(w, &f, n->pairs[i].value);
		}
	} else if (n->kind == WL_NODE_SEQ) {
		for (f.index = 0; f.index < n->nr; f.index++)
			walk(w, &f, n->items[f.index]);
	} else {
		report(w, at, n, 0);
	}
}

int wl_lint_truthy(struct wl_diags *out, const struct wl_rule_record *in,
		   int sev)
{
	struct walk w = { out, in, sev, WL_BUF_INIT, NULL, 0, 0 };

	if (in->record->doc.root)
		walk(&w, NULL, in->record->doc.root);
	wl_buf_release(&w.path);
	free(w.seen);
	return 0;
}
