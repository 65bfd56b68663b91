/*
 * Reading a record's Markdown body: headings, the text under them, task
 * items and HTML comments. See body.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "body.h"
#include "date.h"
#include "util.h"

/*
 * What is read, line by line, as CommonMark's block structure has it,
 * reduced to what worklog needs:
 *
 * - An ATX heading is up to 3 spaces, 1 to 6 '#', then a space, a tab or
 *   the end of the line; an optional closing run of '#' after a space is
 *   not part of its text. A heading inside a list item (indented to the
 *   item's text) or a block quote is not a section. Setext headings
 *   (text underlined with === or ---) are not read.
 * - A fenced code block opens with 3 or more '`' (no '`' in the info
 *   string) or '~' and closes with a run of the same character at least
 *   as long, with nothing but white space after it; unclosed, it runs to
 *   the end. An indented code block is a line indented 4 columns past
 *   its container (the left margin, or the innermost list item's text)
 *   that does not continue a paragraph. Neither holds headings, items or
 *   comments.
 * - An HTML comment runs from "<!--" to the next "-->", across lines;
 *   the text of a line where one ends is part of it as an HTML block
 *   (no heading or item starts there). "<!--" inside a `code span` on
 *   one line is text.
 * - A list item starts with '-', '+', '*' or 1 to 9 digits and '.' or
 *   ')', then white space or the end of the line. It is a task item if
 *   its text starts with "[ ]", "[x]" or "[X]" followed by white space
 *   or the end of the line. An item is nested in the one above when its
 *   marker is indented at least to that item's text. A list ends at a
 *   heading or at a line after a blank line that is indented less than
 *   the list's text.
 * Tabs advance to the next multiple of 4 columns. Lazy continuation
 * lines and other containers' finer points are not modelled.
 */

#define MAX_RUN 32

enum prev_line { P_START, P_BLANK, P_CODE, P_TEXT, P_BREAK };

struct line {
	const char *s;          /* its first byte */
	size_t off;             /* offset of s in the buffer */
	size_t len;             /* without \n or \r\n */
	int no;                 /* file line */
};

struct list_level {
	int content_col;        /* column (0-based) of the item's text */
	int item;               /* its task item index, or -1 */
};

struct parser {
	struct wl_body *b;
	unsigned flags;         /* enum wl_body_flags */
	const char *buf;
	size_t len;
	int line0;
	int fence;              /* inside a fenced code block */
	char fence_ch;
	size_t fence_len;
	long comment;           /* index of a comment still open, or -1 */
	enum prev_line prev;
	struct list_level *list;
	size_t list_nr, list_alloc;
	/* cum[k]: counted characters of the body's lines before line k */
	size_t *cum;
	size_t cum_nr, cum_alloc;
	/* heading line starts, parallel to b->headings */
	size_t *hstart;
	size_t hstart_alloc;
	struct wl_body_mention *mentions;
	size_t mentions_nr, mentions_alloc;
	struct wl_buf text;
	/*
	 * So that hostile lines cost linear time: the last column asked
	 * for on the current line, and where each backtick run length last
	 * occurs on it (runs longer than MAX_RUN open no code span).
	 */
	int col_line;
	size_t col_byte;
	int col;
	int runs_line;
	size_t last_run[MAX_RUN + 1];
};

/* 1-based column, in code points, of byte k of line l. Columns are asked
 * for left to right on a line, so counting resumes where it stopped. */
static int col_of(struct parser *p, const struct line *l, size_t k)
{
	size_t i = 0;
	int c = 1;

	if (p->col_line == l->no && p->col_byte <= k) {
		i = p->col_byte;
		c = p->col;
	}
	for (; i < k && i < l->len; i++)
		if (((unsigned char)l->s[i] & 0xc0) != 0x80)
			c++;
	p->col_line = l->no;
	p->col_byte = i;
	p->col = c;
	return c;
}

/* Decodes one code point of s[0..n); returns its length (1 for a bad
 * byte, with *cp set to a value no test below accepts). */
static size_t utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t want, i;
	unsigned c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		want = 2;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		want = 3;
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		want = 4;
		c &= 0x07;
	} else {
		*cp = 0xffffffffu;
		return 1;
	}
	if (n < want)
		goto bad;
	for (i = 1; i < want; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3f);
	}
	*cp = c;
	return want;
bad:
	*cp = 0xffffffffu;
	return 1;
}

static int is_blank_cp(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\v' ||
	       cp == '\f' || cp == 0xa0 || cp == 0x3000 || cp == 0xfeff;
}

/*
 * Characters of a roster id as written after '@': ASCII letters, digits,
 * '_', '-', '.', and any other letter-like code point (Chinese names);
 * white space and the punctuation blocks (Latin-1, general, CJK and
 * full-width punctuation) end an id, so "@张三，" names 张三.
 */
static int is_id_cp(unsigned cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9') || cp == '_' || cp == '-' ||
		       cp == '.';
	if (cp > 0x10ffff)
		return 0;
	if (cp <= 0xbf || (cp >= 0x2000 && cp <= 0x206f) ||
	    (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
	    (cp >= 0xff00 && cp <= 0xff0f) || (cp >= 0xff1a && cp <= 0xff20) ||
	    (cp >= 0xff3b && cp <= 0xff40) || (cp >= 0xff5b && cp <= 0xff65) ||
	    cp == 0xfeff)
		return 0;
	return 1;
}

/* The code point that ends just before l->s[k], or 0 at the line's
 * start (an invalid sequence gives a value no test accepts). */
static unsigned cp_before(const struct line *l, size_t k)
{
	size_t i;
	unsigned cp;

	if (!k)
		return 0;
	i = k - 1;
	while (i > 0 && k - i < 4 && ((unsigned char)l->s[i] & 0xc0) == 0x80)
		i--;
	if (utf8_next((const unsigned char *)l->s + i, k - i, &cp) != k - i)
		return 0xffffffffu;
	return cp;
}

static size_t count_nonblank(const char *s, size_t n)
{
	size_t i = 0, nr = 0;
	unsigned cp;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		/* ASCII, most of any body, without decoding. */
		if (c < 0x80) {
			nr += c != ' ' && c != '\t' && c != '\r' && c != '\v' &&
			      c != '\f';
			i++;
			continue;
		}
		i += utf8_next((const unsigned char *)s + i, n - i, &cp);
		if (!is_blank_cp(cp))
			nr++;
	}
	return nr;
}

static const char *find3(const char *s, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i + 3 <= n; i++)
		if (s[i] == what[0] && s[i + 1] == what[1] && s[i + 2] == what[2])
			return s + i;
	return NULL;
}

static const char *trimmed(struct wl_arena *a, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
		     s[n - 1] == '\n'))
		n--;
	return wl_arena_strndup(a, s, n);
}

/* Ends the open comment at offset `end` of the buffer (after "-->"). */
static void close_comment(struct parser *p, size_t end, int line, int closed)
{
	struct wl_body_comment *c = &p->b->comments[p->comment];
	size_t from = c->start + 4, to = closed ? end - 3 : end;

	if (to < from)
		to = from;
	c->text = trimmed(&p->b->arena, p->buf + from, to - from);
	c->end = end;
	c->end_line = line;
	c->closed = closed;
	p->comment = -1;
}

static void open_comment(struct parser *p, const struct line *l, size_t k)
{
	struct wl_body *b = p->b;
	struct wl_body_comment *c;

	WL_ALLOC_GROW(b->comments, b->comments_nr + 1, b->comments_alloc);
	c = &b->comments[b->comments_nr];
	memset(c, 0, sizeof(*c));
	c->line = l->no;
	c->column = col_of(p, l, k);
	c->start = l->off + k;
	p->comment = (long)b->comments_nr++;
}

/* An @name starting at l->s[k] ('@'): returns the bytes it spans (0 if
 * it is no mention) and records it. */
static size_t read_mention(struct parser *p, const struct line *l, size_t k,
			   size_t end)
{
	size_t i = k + 1, last = k + 1;
	unsigned cp;

	if (is_id_cp(cp_before(l, k)) || cp_before(l, k) == '@')
		return 0;
	while (i < end) {
		size_t n = utf8_next((const unsigned char *)l->s + i, end - i,
				     &cp);

		if (!is_id_cp(cp))
			break;
		i += n;
		if (cp != '.' && cp != '-')
			last = i;
	}
	if (last == k + 1)
		return 0;
	WL_ALLOC_GROW(p->mentions, p->mentions_nr + 1, p->mentions_alloc);
	p->mentions[p->mentions_nr].text =
		wl_arena_strndup(&p->b->arena, l->s + k + 1, last - k - 1);
	p->mentions[p->mentions_nr].line = l->no;
	p->mentions[p->mentions_nr].column = col_of(p, l, k);
	p->mentions_nr++;
	return last - k;
}

/* A due:VALUE starting at l->s[k]: returns the bytes it spans, or 0. */
static size_t read_due(struct parser *p, struct wl_body_item *it,
		       const struct line *l, size_t k, size_t end)
{
	size_t i = k + 4, last;
	long long day;

	if (it->due || end - k < 4 || strncasecmp(l->s + k, "due:", 4) ||
	    is_id_cp(cp_before(l, k)))
		return 0;
	while (i < end && ((l->s[i] >= '0' && l->s[i] <= '9') ||
			   (l->s[i] >= 'a' && l->s[i] <= 'z') ||
			   (l->s[i] >= 'A' && l->s[i] <= 'Z') ||
			   l->s[i] == '-' || l->s[i] == '/' || l->s[i] == '.'))
		i++;
	last = i;
	while (last > k + 4 && l->s[last - 1] == '.')
		last--;
	it->due = wl_arena_strndup(&p->b->arena, l->s + k + 4, last - k - 4);
	it->due_ok = !wl_day_parse(&day, it->due, last - k - 4);
	it->due_line = l->no;
	it->due_column = col_of(p, l, k);
	return i - k;
}

/* Notes where each backtick run length last occurs on line l. */
static void note_runs(struct parser *p, const struct line *l)
{
	size_t k = 0;

	memset(p->last_run, 0, sizeof(p->last_run));
	p->runs_line = l->no;
	while (k < l->len) {
		size_t n = 0;
		const char *bt = memchr(l->s + k, '`', l->len - k);

		if (!bt)
			break;
		k = (size_t)(bt - l->s);
		while (k + n < l->len && l->s[k + n] == '`')
			n++;
		if (n <= MAX_RUN)
			p->last_run[n] = k + 1;
		k += n;
	}
}

/* Length of a code span starting with the backtick run at s[k], or 0 if
 * the run is not closed on this line. Sets *run to the run's length. */
static size_t code_span(struct parser *p, const struct line *l, size_t k,
			size_t *run)
{
	size_t n = 0, i;

	while (k + n < l->len && l->s[k + n] == '`')
		n++;
	*run = n;
	if (p->runs_line != l->no)
		note_runs(p, l);
	/* No run of this length further on: the search would fail. */
	if (n > MAX_RUN || p->last_run[n] <= k + 1)
		return 0;
	for (i = k + n; i < l->len;) {
		size_t m = 0;

		while (i + m < l->len && l->s[i + m] == '`')
			m++;
		if (m == n)
			return i + m - k;
		i += m ? m : 1;
	}
	return 0;
}

/*
 * Reads the text of line `l` from byte `from`: notes the HTML comments
 * that start on it (one left open makes p->comment >= 0), appends what
 * is outside them to `text` (if not NULL), records @mentions and due: in
 * `it` (if not NULL). Returns the non-blank code points outside comments.
 */
static size_t scan_text(struct parser *p, const struct line *l, size_t from,
			struct wl_buf *text, struct wl_body_item *it)
{
	size_t k = from, seg = from, nr = 0;

	while (k < l->len) {
		size_t n = 0, run;
		const char *e;

		if (l->s[k] == '`') {
			n = code_span(p, l, k, &run);
			k += n ? n : run;
			continue;
		}
		if (it && l->s[k] == '@')
			n = read_mention(p, l, k, l->len);
		else if (it && (l->s[k] == 'd' || l->s[k] == 'D'))
			n = read_due(p, it, l, k, l->len);
		if (n) {
			k += n;
			continue;
		}
		if (l->len - k < 4 || memcmp(l->s + k, "<!--", 4)) {
			k++;
			continue;
		}
		nr += count_nonblank(l->s + seg, k - seg);
		if (text)
			wl_buf_add(text, l->s + seg, k - seg);
		open_comment(p, l, k);
		e = find3(l->s + k + 2, l->len - k - 2, "-->");
		if (!e)
			return nr;
		close_comment(p, l->off + (size_t)(e + 3 - l->s), l->no, 1);
		k = seg = (size_t)(e + 3 - l->s);
	}
	nr += count_nonblank(l->s + seg, l->len - seg);
	if (text)
		wl_buf_add(text, l->s + seg, l->len - seg);
	return nr;
}

/* Indentation of a line in columns, and the byte where its text starts. */
static int indent_of(const struct line *l, size_t *first)
{
	size_t i;
	int col = 0;

	for (i = 0; i < l->len; i++) {
		if (l->s[i] == ' ')
			col++;
		else if (l->s[i] == '\t')
			col = (col / 4 + 1) * 4;
		else
			break;
	}
	*first = i;
	return col;
}

static int is_fence(const struct line *l, size_t i, char *ch, size_t *n)
{
	size_t k = i;

	if (i >= l->len || (l->s[i] != '`' && l->s[i] != '~'))
		return 0;
	while (k < l->len && l->s[k] == l->s[i])
		k++;
	if (k - i < 3)
		return 0;
	if (l->s[i] == '`' && memchr(l->s + k, '`', l->len - k))
		return 0;
	*ch = l->s[i];
	*n = k - i;
	return 1;
}

static int closes_fence(const struct parser *p, const struct line *l)
{
	size_t i, k;
	char ch;
	size_t n;

	indent_of(l, &i);
	if (!is_fence(l, i, &ch, &n) || ch != p->fence_ch || n < p->fence_len)
		return 0;
	for (k = i + n; k < l->len; k++)
		if (l->s[k] != ' ' && l->s[k] != '\t')
			return 0;
	return 1;
}

/* A thematic break: 3 or more '-', '*' or '_' (one kind), spaces between. */
static int is_break(const struct line *l, size_t i)
{
	size_t k, nr = 0;
	char c = i < l->len ? l->s[i] : 0;

	if (c != '-' && c != '*' && c != '_')
		return 0;
	for (k = i; k < l->len; k++) {
		if (l->s[k] == c)
			nr++;
		else if (l->s[k] != ' ' && l->s[k] != '\t')
			return 0;
	}
	return nr >= 3;
}

/* Returns the heading level of a line whose text starts at i, or 0. */
static int heading_level(const struct line *l, size_t i)
{
	size_t k = i;

	while (k < l->len && l->s[k] == '#' && k - i < 7)
		k++;
	if (k == i || k - i > 6)
		return 0;
	if (k < l->len && l->s[k] != ' ' && l->s[k] != '\t')
		return 0;
	return (int)(k - i);
}

static void add_heading(struct parser *p, const struct line *l, size_t i,
			int level)
{
	struct wl_body *b = p->b;
	struct wl_body_heading *h;
	size_t n;
	const char *t;

	WL_ALLOC_GROW(b->headings, b->headings_nr + 1, b->headings_alloc);
	WL_ALLOC_GROW(p->hstart, b->headings_nr + 1, p->hstart_alloc);
	h = &b->headings[b->headings_nr];
	memset(h, 0, sizeof(*h));
	p->hstart[b->headings_nr++] = l->off;
	h->level = level;
	h->line = l->no;
	h->column = col_of(p, l, i);
	h->start = l->off + l->len;
	wl_buf_reset(&p->text);
	scan_text(p, l, i + (size_t)level, &p->text, NULL);
	t = wl_buf_cstr(&p->text);
	n = p->text.len;
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		n--;
	/* The closing sequence: a run of '#' after white space (or alone). */
	if (n && t[n - 1] == '#') {
		size_t k = n;

		while (k && t[k - 1] == '#')
			k--;
		if (!k || t[k - 1] == ' ' || t[k - 1] == '\t')
			n = k;
	}
	h->text = trimmed(&b->arena, t, n);
}

/* A list marker at l->s[i]: returns the byte after it, or 0 if none. */
static size_t list_marker(const struct line *l, size_t i)
{
	size_t k = i;

	if (i >= l->len)
		return 0;
	if (l->s[i] == '-' || l->s[i] == '+' || l->s[i] == '*') {
		k = i + 1;
	} else {
		while (k < l->len && k - i < 10 && l->s[k] >= '0' && l->s[k] <= '9')
			k++;
		if (k == i || k - i > 9 || k >= l->len ||
		    (l->s[k] != '.' && l->s[k] != ')'))
			return 0;
		k++;
	}
	if (k < l->len && l->s[k] != ' ' && l->s[k] != '\t')
		return 0;
	return k;
}

static void add_item(struct parser *p, const struct line *l, size_t i,
		     int done)
{
	struct wl_body *b = p->b;
	struct wl_body_item *it;
	size_t d;

	WL_ALLOC_GROW(b->items, b->items_nr + 1, b->items_alloc);
	it = &b->items[b->items_nr];
	memset(it, 0, sizeof(*it));
	it->done = done;
	it->line = l->no;
	it->column = col_of(p, l, i);
	it->depth = (int)p->list_nr;
	it->parent = -1;
	for (d = p->list_nr; d > 0; d--) {
		if (p->list[d - 1].item >= 0) {
			it->parent = p->list[d - 1].item;
			break;
		}
	}
	it->section = (int)b->headings_nr - 1;
	p->mentions_nr = 0;
	wl_buf_reset(&p->text);
	b->items_nr++;
}

/* Finishes the item just added: its text and mentions. */
static void finish_item(struct parser *p)
{
	struct wl_body *b = p->b;
	struct wl_body_item *it = &b->items[b->items_nr - 1];

	it->text = trimmed(&b->arena, wl_buf_cstr(&p->text), p->text.len);
	if (p->mentions_nr) {
		it->owners = wl_arena_alloc(&b->arena,
					    p->mentions_nr * sizeof(*it->owners));
		memcpy(it->owners, p->mentions,
		       p->mentions_nr * sizeof(*it->owners));
		it->owners_nr = p->mentions_nr;
	}
}

/* Records the list item just read (its text in p->text) as an entry. */
static void add_entry(struct parser *p, const struct line *l, int task)
{
	struct wl_body *b = p->b;
	struct wl_body_entry *e;

	WL_ALLOC_GROW(b->entries, b->entries_nr + 1, b->entries_alloc);
	e = &b->entries[b->entries_nr++];
	e->text = task >= 0 ? b->items[task].text
			    : trimmed(&b->arena, wl_buf_cstr(&p->text),
				      p->text.len);
	e->line = l->no;
	e->depth = (int)p->list_nr - 1;
	e->section = (int)b->headings_nr - 1;
	e->task = task;
}

/* A list item line, its marker at l->s[i] ending at m, indented `ind`
 * columns. Returns the counted characters of its text. */
static size_t list_line(struct parser *p, const struct line *l, size_t i,
			size_t m, int ind)
{
	struct list_level lv;
	size_t k = m, text;
	int col = ind + (int)(m - i), w = 0, done = -1;

	while (k < l->len && (l->s[k] == ' ' || l->s[k] == '\t')) {
		w = l->s[k] == '\t' ? ((col + w) / 4 + 1) * 4 - col : w + 1;
		k++;
	}
	lv.content_col = col + (k == l->len || w > 4 ? 1 : w);
	if (w > 4)
		k = m + 1;
	while (p->list_nr && p->list[p->list_nr - 1].content_col > ind)
		p->list_nr--;
	text = k;
	if (l->len - k >= 3 && l->s[k] == '[' && l->s[k + 2] == ']' &&
	    (k + 3 == l->len || l->s[k + 3] == ' ' || l->s[k + 3] == '\t')) {
		if (l->s[k + 1] == ' ')
			done = 0;
		else if (l->s[k + 1] == 'x' || l->s[k + 1] == 'X')
			done = 1;
	}
	lv.item = -1;
	if (done >= 0) {
		add_item(p, l, i, done);
		lv.item = (int)p->b->items_nr - 1;
		text = k + 3;
	}
	WL_ALLOC_GROW(p->list, p->list_nr + 1, p->list_alloc);
	p->list[p->list_nr++] = lv;
	if (done < 0 && !(p->flags & WL_BODY_LIST_ITEMS))
		return scan_text(p, l, text, NULL, NULL);
	if (done < 0) {
		wl_buf_reset(&p->text);
		text = scan_text(p, l, text, &p->text, NULL);
	} else {
		text = scan_text(p, l, text, &p->text,
				 &p->b->items[p->b->items_nr - 1]);
		finish_item(p);
	}
	if (p->flags & WL_BODY_LIST_ITEMS)
		add_entry(p, l, lv.item);
	return text;
}

/* A line outside code and comments, not blank. Returns its counted
 * characters. */
static size_t block_line(struct parser *p, const struct line *l)
{
	size_t i, m;
	int ind = indent_of(l, &i), base, level;
	enum prev_line prev;

	/* After a blank line, text indented less than a list's ends it. */
	if (p->prev == P_BLANK && !list_marker(l, i))
		while (p->list_nr && p->list[p->list_nr - 1].content_col > ind)
			p->list_nr--;
	base = p->list_nr ? p->list[p->list_nr - 1].content_col : 0;
	if (ind - base >= 4 && p->prev != P_TEXT) {
		p->prev = P_CODE;
		return count_nonblank(l->s, l->len);
	}
	if (ind - base <= 3 && is_fence(l, i, &p->fence_ch, &p->fence_len)) {
		p->fence = 1;
		p->prev = P_CODE;
		return 0;
	}
	level = ind <= 3 ? heading_level(l, i) : 0;
	if (level && (!p->list_nr || ind < p->list[0].content_col)) {
		p->list_nr = 0;
		add_heading(p, l, i, level);
		p->prev = P_BREAK;
		return 0;
	}
	if (ind - base <= 3 && is_break(l, i)) {
		p->prev = P_BREAK;
		return 0;
	}
	prev = p->prev;
	p->prev = P_TEXT;
	m = list_marker(l, i);
	/* Indented 4 or more, outside a list, after text: a continuation. */
	if (m && (ind < 4 || p->list_nr || prev != P_TEXT))
		return list_line(p, l, i, m, ind);
	return scan_text(p, l, i, NULL, NULL);
}

static size_t one_line(struct parser *p, const struct line *l)
{
	size_t i;

	if (p->comment >= 0) {
		/* Opened on an earlier line: scan_text handles this one's. */
		const char *e = find3(l->s, l->len, "-->");

		if (!e)
			return 0;
		close_comment(p, l->off + (size_t)(e + 3 - l->s), l->no, 1);
		p->prev = P_TEXT;
		return scan_text(p, l, (size_t)(e + 3 - l->s), NULL, NULL);
	}
	if (p->fence) {
		if (closes_fence(p, l)) {
			p->fence = 0;
			return 0;
		}
		return count_nonblank(l->s, l->len);
	}
	indent_of(l, &i);
	if (i == l->len) {
		p->prev = P_BLANK;
		return 0;
	}
	return block_line(p, l);
}

/* Each heading's section: up to the next heading of its level or
 * higher; its parent; its counted characters. */
static void finish_sections(struct parser *p, int last_line)
{
	struct wl_body *b = p->b;
	size_t *stack = wl_xmalloc((b->headings_nr + 1) * sizeof(*stack));
	size_t nr = 0, j;

	for (j = 0; j <= b->headings_nr; j++) {
		int level = j < b->headings_nr ? b->headings[j].level : 0;

		while (nr && b->headings[stack[nr - 1]].level >= level) {
			struct wl_body_heading *h = &b->headings[stack[--nr]];

			h->end = j < b->headings_nr ? p->hstart[j] : p->len;
			h->end_line = j < b->headings_nr ? b->headings[j].line - 1
							 : last_line;
			if (h->end_line < h->line)
				h->end_line = h->line;
			if (h->start > h->end)
				h->start = h->end;
			h->chars = p->cum[h->end_line - p->line0] -
				   p->cum[h->line - p->line0];
		}
		if (j == b->headings_nr)
			break;
		b->headings[j].parent = nr ? (int)stack[nr - 1] : -1;
		stack[nr++] = j;
	}
	free(stack);
}

int wl_body_parse(struct wl_body *b, const char *buf, size_t len, int line0)
{
	return wl_body_parse_flags(b, buf, len, line0, 0);
}

int wl_body_parse_flags(struct wl_body *b, const char *buf, size_t len,
			int line0, unsigned flags)
{
	struct parser p;
	size_t off = 0;
	int no = line0;

	memset(&p, 0, sizeof(p));
	p.b = b;
	p.flags = flags;
	p.buf = buf;
	p.len = len;
	p.line0 = line0;
	p.comment = -1;
	p.prev = P_START;
	p.col_line = p.runs_line = line0;   /* no line's number */
	WL_ALLOC_GROW(p.cum, 1, p.cum_alloc);
	p.cum[p.cum_nr++] = 0;
	while (off < len) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t end = nl ? (size_t)(nl - buf) : len;
		struct line l;
		size_t chars;

		l.s = buf + off;
		l.off = off;
		l.len = end - off;
		if (nl && l.len && l.s[l.len - 1] == '\r')
			l.len--;
		l.no = ++no;
		chars = one_line(&p, &l);
		WL_ALLOC_GROW(p.cum, p.cum_nr + 1, p.cum_alloc);
		p.cum[p.cum_nr] = p.cum[p.cum_nr - 1] + chars;
		p.cum_nr++;
		/* A heading's section starts on the next line. */
		if (b->headings_nr && b->headings[b->headings_nr - 1].line == no)
			b->headings[b->headings_nr - 1].start = nl ? end + 1 : len;
		off = nl ? end + 1 : len;
	}
	if (p.comment >= 0)
		close_comment(&p, len, no, 0);
	finish_sections(&p, no);
	free(p.cum);
	free(p.hstart);
	free(p.list);
	free(p.mentions);
	wl_buf_release(&p.text);
	return 0;
}

void wl_body_release(struct wl_body *b)
{
	if (!b)
		return;
	wl_arena_release(&b->arena);
	free(b->headings);
	free(b->items);
	free(b->comments);
	free(b->entries);
	memset(b, 0, sizeof(*b));
}

static int ws_at_start(const char *s, size_t n)
{
	if (n && (*s == ' ' || *s == '\t'))
		return 1;
	return n >= 3 && !memcmp(s, "\xe3\x80\x80", 3) ? 3 : 0;
}

static int ws_at_end(const char *s, size_t n)
{
	if (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		return 1;
	return n >= 3 && !memcmp(s + n - 3, "\xe3\x80\x80", 3) ? 3 : 0;
}

/* `s` without surrounding white space (ASCII or U+3000) and one trailing
 * colon (':' or U+FF1A); its length in *n. */
static const char *heading_key(const char *s, size_t *n)
{
	size_t len = strlen(s);
	int w;

	while ((w = ws_at_start(s, len))) {
		s += w;
		len -= (size_t)w;
	}
	while ((w = ws_at_end(s, len)))
		len -= (size_t)w;
	if (len && s[len - 1] == ':')
		len--;
	else if (len >= 3 && !memcmp(s + len - 3, "\xef\xbc\x9a", 3))
		len -= 3;
	while ((w = ws_at_end(s, len)))
		len -= (size_t)w;
	*n = len;
	return s;
}

int wl_body_heading_matches(const char *heading, const char *name)
{
	size_t hn, nn, i;
	const char *h = heading_key(heading, &hn);
	const char *n = heading_key(name, &nn);

	if (hn != nn)
		return 0;
	for (i = 0; i < hn; i++) {
		unsigned char a = (unsigned char)h[i], c = (unsigned char)n[i];

		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (a != c)
			return 0;
	}
	return 1;
}

int wl_body_find(const struct wl_body *b, const char *const *names,
		 size_t nr)
{
	size_t i, j;

	for (i = 0; i < b->headings_nr; i++)
		for (j = 0; j < nr; j++)
			if (wl_body_heading_matches(b->headings[i].text, names[j]))
				return (int)i;
	return -1;
}
