#ifndef WL_UTIL_H
#define WL_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Memory helpers. Out of memory prints a message to stderr and aborts: no
 * caller has to handle it.
 */
void *wl_xmalloc(size_t n);
void *wl_xcalloc(size_t nmemb, size_t size);
void *wl_xrealloc(void *p, size_t n);
char *wl_xstrdup(const char *s);
char *wl_xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; the caller frees it. */
char *wl_xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Grow an array `p` of `alloc` elements so that it holds at least `nr`.
 * Usage: WL_ALLOC_GROW(v, n + 1, alloc);
 */
#define WL_ALLOC_GROW(p, nr, alloc)                                            \
	do {                                                                   \
		if ((nr) > (alloc)) {                                          \
			size_t wl_ag_new_ = (alloc) < 8 ? 8 : (alloc) * 2;     \
			while (wl_ag_new_ < (nr))                              \
				wl_ag_new_ *= 2;                               \
			(p) = wl_xrealloc((p), wl_ag_new_ * sizeof(*(p)));     \
			(alloc) = wl_ag_new_;                                  \
		}                                                              \
	} while (0)

/* A list of strings, each owned by the list. */
struct wl_strlist {
	char **v;
	size_t nr, alloc;
};
#define WL_STRLIST_INIT { NULL, 0, 0 }
/* Appends `s`, taken over (malloc'd). */
void wl_strlist_take(struct wl_strlist *l, char *s);
void wl_strlist_release(struct wl_strlist *l);
/* Frees the `nr` strings of `v`, then `v`. */
void wl_strv_free(char **v, size_t nr);

/*
 * A growable byte buffer, always NUL-terminated once anything has been
 * added. WL_BUF_INIT needs no release until something is added.
 */
struct wl_buf {
	char *buf;
	size_t len;
	size_t alloc;
};
#define WL_BUF_INIT { NULL, 0, 0 }

void wl_buf_grow(struct wl_buf *b, size_t extra);
void wl_buf_add(struct wl_buf *b, const void *data, size_t len);
void wl_buf_addstr(struct wl_buf *b, const char *s);
void wl_buf_addch(struct wl_buf *b, int c);
void wl_buf_addf(struct wl_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void wl_buf_vaddf(struct wl_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/*
 * Appends `s` as a JSON string literal, quotes included, valid JSON
 * whatever `s` holds: each byte that is not part of valid UTF-8 becomes
 * U+FFFD, control characters are escaped (\n, \u001b), and so are the
 * C1 controls, the bidirectional marks, embeddings, overrides and
 * isolates, and U+2028 and U+2029 (\u202e), so that the text cannot
 * drive a terminal it is shown on. Only ASCII is ever escaped.
 */
void wl_buf_add_json_string(struct wl_buf *b, const char *s, size_t len);
/*
 * Appends `s` with what must not reach a terminal escaped, so text from a
 * file can never start a new output line, drive a terminal or reorder
 * what is shown: \n, \t, \r; other C0 controls, DEL and each byte that is
 * not part of valid UTF-8 as \xNN; the characters wl_buf_add_json_string
 * escapes beyond ASCII as \uXXXX. The result is valid UTF-8; escaping it
 * again changes nothing.
 */
void wl_buf_add_printable(struct wl_buf *b, const char *s, size_t len);
void wl_buf_reset(struct wl_buf *b);
void wl_buf_release(struct wl_buf *b);
/* Hands the string to the caller (never NULL) and resets the buffer. */
char *wl_buf_detach(struct wl_buf *b, size_t *len);
/* Returns the contents, "" for an empty buffer; borrowed from `b`. */
const char *wl_buf_cstr(const struct wl_buf *b);

/*
 * An arena: many small allocations freed at once. Used for parse trees,
 * which are built once and dropped whole.
 */
struct wl_arena_block;
struct wl_arena {
	struct wl_arena_block *head;
	size_t used;
};
#define WL_ARENA_INIT { NULL, 0 }

/* Returns zeroed, pointer-aligned memory owned by the arena. */
void *wl_arena_alloc(struct wl_arena *a, size_t n);
char *wl_arena_strndup(struct wl_arena *a, const char *s, size_t n);
void wl_arena_release(struct wl_arena *a);

/* Returns the value of hex digit `c` (either case), or -1. */
int wl_hex_digit(int c);

/* What the readers below return for a file over its size limit. */
#define WL_READ_TOO_BIG (-2)

enum wl_read_flags {
	WL_READ_NOFOLLOW = 1 << 0,      /* refuse a symbolic link at `name` */
};

/*
 * Reads file `name` of folder `dirfd` (AT_FDCWD: the current folder) into
 * a NUL-terminated buffer the caller frees, if it is a regular file of at
 * most `max` bytes. The file is opened without blocking and checked
 * (fstat) before a byte is read, so a FIFO or a device never hangs the
 * caller and an over-size file costs no memory. Returns 0;
 * WL_READ_TOO_BIG with the file's size in *len and nothing read; or -1
 * with errno set and *why a static description for messages (the system
 * error text, or "it is a FIFO, not a regular file" and the like).
 */
int wl_read_at(char **out, size_t *len, int dirfd, const char *name,
	       unsigned flags, size_t max, const char **why);
/*
 * Reads a whole regular file (links followed) into a NUL-terminated
 * buffer the caller frees. Returns 0, or -1 with errno set (EISDIR for a
 * folder, EINVAL for anything else that is not a regular file).
 */
int wl_read_file(char **out, size_t *len, const char *path);

/*
 * A file written atomically: into a temporary file beside `path`, which
 * replaces `path` only once it is complete and on disk, so a reader sees
 * the old file or the new one, never half of it.
 */
struct wl_atomic_file {
	FILE *f;                /* write here */
	char *path, *tmp;
};
#define WL_ATOMIC_FILE_INIT { NULL, NULL, NULL }

/* Creates the temporary file (mode 0666 less the umask). Returns 0, or
 * -1 with *err set (caller frees). */
int wl_atomic_file_open(struct wl_atomic_file *a, const char *path,
			char **err);
/* Flushes, syncs and renames the file over `path`, then releases `a`.
 * Returns 0, or -1 with *err set (the temporary file is removed). */
int wl_atomic_file_commit(struct wl_atomic_file *a, char **err);
/* Drops the temporary file; nothing happens to `path`. */
void wl_atomic_file_abort(struct wl_atomic_file *a);

/*
 * Reports whether `s` (of `len` bytes) is valid UTF-8 without NUL bytes.
 * Returns 1 if so; otherwise 0 and sets *bad to the offset of the first
 * offending byte and *why to a static description.
 */
int wl_utf8_check(const char *s, size_t len, size_t *bad, const char **why);

/*
 * For "did you mean": returns the word of `words` closest to `s` (`len`
 * bytes) by edit distance, counting a swap of neighbours as one edit,
 * if it is within 2 edits and closer than `s` is long; else NULL.
 */
const char *wl_did_you_mean(const char *s, size_t len,
			    const char *const *words, size_t nr);

/*
 * Converts the byte offset `off` in `s` to a 1-based line and a 1-based
 * column counted in code points.
 */
void wl_offset_to_pos(const char *s, size_t len, size_t off, int *line,
		      int *column);

/* Returns seconds on a monotonic clock, for measuring phases. */
double wl_monotonic(void);

#endif
