#ifndef WL_RECORD_H
#define WL_RECORD_H

#include <stddef.h>

#include "diag.h"
#include "node.h"

/* Where a record's front matter and body lie in its file. */
enum wl_fm_flags {
	WL_FM_BOM = 1 << 0,       /* the file starts with a UTF-8 BOM */
	WL_FM_CRLF = 1 << 1,      /* some lines end in \r\n */
	WL_FM_LF = 1 << 2,        /* some lines end in a bare \n */
};

enum wl_fm_status {
	WL_FM_OK = 0,
	WL_FM_NONE = 1,           /* the first line is not `---` */
	WL_FM_UNTERMINATED = 2,   /* no closing `---` or `...` line */
};

struct wl_fm {
	size_t yaml;        /* offset of the YAML text */
	size_t yaml_len;
	size_t body;        /* offset of the body (after the closing line) */
	int yaml_line;      /* file line of the YAML text's first line */
	int close_line;     /* file line of the closing `---` or `...` */
	int body_line;
	unsigned flags;
};

/*
 * Finds the front matter in `buf`. Returns WL_FM_OK, WL_FM_NONE or
 * WL_FM_UNTERMINATED; fills `out` in every case (for WL_FM_UNTERMINATED
 * the YAML text runs to the end of the buffer).
 */
enum wl_fm_status wl_fm_split(struct wl_fm *out, const char *buf, size_t len);

/* A record file read from a source. */
struct wl_record {
	char *path;              /* relative to the repository root */
	char *buf;               /* the whole file, NUL-terminated */
	size_t len;
	struct wl_fm fm;
	struct wl_doc doc;       /* front matter; doc.root NULL if unusable */
	/* The record's worklog type, by name (borrowed from the schemas),
	 * once wl_repo_parse_record has found it; NULL before or when it is
	 * unknown. Metadata beside the front matter, which is never changed
	 * to hold it. */
	const char *type;
	/*
	 * The front matter's `worklog:` value (per-record settings such as
	 * `disable: [truthy]`), which wl_repo_parse_record takes out of
	 * doc.root: it says how to judge the record, it is not part of it,
	 * so no schema has to allow it. NULL if there is none.
	 */
	const struct wl_node *settings;
};
#define WL_RECORD_INIT { NULL, NULL, 0, { 0 }, WL_DOC_INIT, NULL, NULL }

/*
 * Parses a record, taking ownership of `buf` (malloc'd, len bytes plus a
 * NUL). Problems are "syntax" or "duplicate-key" diagnostics; a file
 * without front matter, a front matter that is not a mapping, invalid
 * UTF-8 or a NUL byte leave r->doc.root NULL. Returns 0.
 */
int wl_record_parse(struct wl_record *r, const char *path, char *buf,
		    size_t len, const struct wl_yaml_limits *limits,
		    struct wl_diags *diags);
/*
 * Makes `r` the record of file `path` that was not read because it is
 * `size` bytes, more than the limit `max`: no text, no front matter, and
 * one "syntax" finding at 1:1 naming both.
 */
void wl_record_too_big(struct wl_record *r, const char *path, size_t size,
		       size_t max, struct wl_diags *diags);
void wl_record_release(struct wl_record *r);

#endif
