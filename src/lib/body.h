#ifndef WL_BODY_H
#define WL_BODY_H

#include <stddef.h>

#include "util.h"

/*
 * Reading a record's Markdown body (DESIGN.md §1): its ATX headings and
 * the text under each, GitHub task-list items with their @owner and
 * due:DATE, and HTML comments (where lint's suppression comments live).
 * worklog does not render Markdown; what it reads, and where that falls
 * short of CommonMark, is in the comment above body.c's parser and in
 * VIOLATIONS.md.
 *
 * The parser takes a buffer and a length and does no I/O. Lines are
 * 1-based in the whole file (the caller says on which file line the
 * buffer starts), columns are 1-based in code points, byte offsets are
 * into the buffer given. Every string is NUL-terminated and owned by the
 * struct wl_body.
 */

struct wl_body_heading {
	int level;              /* 1 to 6: the number of '#' */
	const char *text;       /* trimmed, without the closing #s or comments */
	int line, column;       /* of the first '#' */
	/*
	 * The section: from the line after the heading to the next heading
	 * of the same or a higher level (a smaller number), or to the end.
	 * Its sub-sections are inside it. start == end for an empty one.
	 */
	size_t start, end;      /* byte offsets */
	int end_line;           /* its last line; line itself when empty */
	/*
	 * Non-blank code points of the section's text, without heading
	 * lines, code fence lines, list markers, task boxes and HTML
	 * comments: 0 for a section a template left unfilled.
	 */
	size_t chars;
	int parent;             /* index of the enclosing heading, or -1 */
};

/* An @name in a task item: `text` is the name, without the '@'. */
struct wl_body_mention {
	const char *text;
	int line, column;       /* of the '@' */
};

struct wl_body_item {
	int done;               /* [x] or [X] */
	const char *text;       /* after the box, trimmed, comments removed */
	int line, column;       /* of the list marker */
	int depth;              /* 0 for a list at the left, 1 nested, ... */
	int parent;             /* index of the nearest enclosing task item,
				   or -1 */
	int section;            /* index of the innermost heading above, or -1 */
	/* Every @name in the item, in order; owners[0] is the owner. */
	struct wl_body_mention *owners;
	size_t owners_nr;
	/*
	 * The first due:VALUE, VALUE as written (letters, digits, '-', '/',
	 * '.'); NULL if none. due_ok is 1 if it is a valid YYYY-MM-DD date.
	 */
	const char *due;
	int due_ok;
	int due_line, due_column;   /* of the 'd' of due: */
};

struct wl_body_comment {
	const char *text;       /* between <!-- and -->, trimmed */
	int line, column;       /* of the '<' */
	int end_line;           /* of the '-->', or the last line if unclosed */
	int closed;             /* 0 if the body ends inside the comment */
	size_t start, end;      /* byte offsets of '<' and after '>' */
};

/*
 * A list item, task or not (read with WL_BODY_LIST_ITEMS): the first
 * line of its text, after the marker and any task box, trimmed, HTML
 * comments removed. `- 上线 CDN` and `1. Ship it` are entries.
 */
struct wl_body_entry {
	const char *text;
	int line;
	int depth;              /* 0 for a list at the left, 1 nested, ... */
	int section;            /* index of the innermost heading above, or -1 */
	int task;               /* its index in `items` if a task item, or -1 */
};

enum wl_body_flags {
	/* Also read every list item into `entries` (reports read the items
	 * of a log's Next section; other readers need only task items). */
	WL_BODY_LIST_ITEMS = 1 << 0,
};

struct wl_body {
	struct wl_arena arena;
	struct wl_body_heading *headings;
	size_t headings_nr, headings_alloc;
	struct wl_body_item *items;
	size_t items_nr, items_alloc;
	struct wl_body_comment *comments;
	size_t comments_nr, comments_alloc;
	struct wl_body_entry *entries;      /* with WL_BODY_LIST_ITEMS */
	size_t entries_nr, entries_alloc;
};
#define WL_BODY_INIT                                                           \
	{ WL_ARENA_INIT, NULL, 0, 0, NULL, 0, 0, NULL, 0, 0, NULL, 0, 0 }

/*
 * Reads the body `buf` of `len` bytes, whose first line is line `line0`
 * + 1 of its file (a record's body starts at wl_fm.body_line, so line0 is
 * body_line - 1); \n and \r\n line ends. Any bytes are accepted. Fills
 * `b`, which must be WL_BODY_INIT or released. Returns 0.
 */
int wl_body_parse(struct wl_body *b, const char *buf, size_t len, int line0);
/* The same, with `flags` (enum wl_body_flags). Returns 0. */
int wl_body_parse_flags(struct wl_body *b, const char *buf, size_t len,
			int line0, unsigned flags);
void wl_body_release(struct wl_body *b);

/*
 * Returns 1 if heading text `heading` matches the section name `name`:
 * both compared without surrounding white space (ASCII and U+3000) and
 * without one trailing colon (':' or the full-width '：'), ASCII letters
 * in either case, anything else as is. "解决方案：" matches "解决方案",
 * "Next steps:" matches "next STEPS". Else 0.
 */
int wl_body_heading_matches(const char *heading, const char *name);

/*
 * Returns the index of the first heading of `b` matching one of the
 * `nr` names (a section's name and its aliases), or -1.
 */
int wl_body_find(const struct wl_body *b, const char *const *names,
		 size_t nr);

#endif
