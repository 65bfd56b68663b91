#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../banned.h"

static void die_oom(size_t n)
{
	fprintf(stderr, "worklog: out of memory allocating %zu bytes\n", n);
	abort();
}

void *wl_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom(n);
	return p;
}

void *wl_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		die_oom(nmemb * size);
	return p;
}

void *wl_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom(n);
	return q;
}

char *wl_xstrdup(const char *s)
{
	return wl_xstrndup(s, strlen(s));
}

char *wl_xstrndup(const char *s, size_t n)
{
	char *p = wl_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *wl_xprintf(const char *fmt, ...)
{
	struct wl_buf b = WL_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	wl_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return wl_buf_detach(&b, NULL);
}

void wl_buf_grow(struct wl_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need < b->len)
		die_oom(SIZE_MAX);
	WL_ALLOC_GROW(b->buf, need, b->alloc);
}

void wl_buf_add(struct wl_buf *b, const void *data, size_t len)
{
	wl_buf_grow(b, len);
	if (len)
		memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
}

void wl_buf_addstr(struct wl_buf *b, const char *s)
{
	wl_buf_add(b, s, strlen(s));
}

void wl_buf_addch(struct wl_buf *b, int c)
{
	wl_buf_grow(b, 1);
	b->buf[b->len++] = (char)c;
	b->buf[b->len] = '\0';
}

void wl_buf_vaddf(struct wl_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	wl_buf_grow(b, 64);
	va_copy(cp, ap);
	n = vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= b->alloc - b->len) {
		wl_buf_grow(b, (size_t)n);
		va_copy(cp, ap);
		vsnprintf(b->buf + b->len, b->alloc - b->len, fmt, cp);
		va_end(cp);
	}
	b->len += (size_t)n;
}

void wl_buf_addf(struct wl_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wl_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

/*
 * Decodes the UTF-8 character at `s` (`len` bytes left). Returns its
 * length with the code point in *cp, or 0 if the bytes there are not
 * valid UTF-8 (overlong forms, surrogates and values past U+10FFFF
 * included).
 */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n, k;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 1;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 2;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 3;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n >= len)
		return 0;
	for (k = 1; k <= n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[k] & 0x3f);
	}
	if ((n == 2 && c < 0x800) || (n == 3 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n + 1;
}

/*
 * Characters that are valid text but must not reach a terminal or a
 * reader as they are: the C1 controls (a terminal may obey U+009B as an
 * escape sequence), the bidirectional marks, embeddings, overrides and
 * isolates (they reorder what is shown: "Trojan Source"), and the line
 * and paragraph separators (some viewers start a new line at them).
 */
static int hidden_char(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* The letter of the two-character escape of `c` (\n, \r, \t), or 0. */
static char short_escape(unsigned char c)
{
	return c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : 0;
}

void wl_buf_add_json_string(struct wl_buf *b, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0;

	wl_buf_addch(b, '"');
	while (i < len) {
		unsigned char c = s[i];
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (n && c >= 0x20 && c != '"' && c != '\\' && c != 0x7f &&
		    !hidden_char(cp)) {
			i += n;
			continue;
		}
		wl_buf_add(b, str + run, i - run);
		if (!n) {
			/* JSON is UTF-8: a byte that is not stands for an
			 * unknown character. */
			wl_buf_add(b, "\\ufffd", 6);
			n = 1;
		} else if (c == '"' || c == '\\' || short_escape(c)) {
			wl_buf_addch(b, '\\');
			wl_buf_addch(b, short_escape(c) ? short_escape(c) : c);
		} else {
			wl_buf_addf(b, "\\u%04x", (unsigned)cp);
		}
		i += n;
		run = i;
	}
	wl_buf_add(b, str + run, len - run);
	wl_buf_addch(b, '"');
}

void wl_buf_add_printable(struct wl_buf *b, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0;

	while (i < len) {
		unsigned char c = s[i];
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (n && c >= 0x20 && c != 0x7f && !hidden_char(cp)) {
			i += n;
			continue;
		}
		wl_buf_add(b, str + run, i - run);
		if (!n) {
			n = 1;
			wl_buf_addf(b, "\\x%02X", c);
		} else if (short_escape(c)) {
			wl_buf_addch(b, '\\');
			wl_buf_addch(b, short_escape(c));
		} else if (cp < 0x80) {
			wl_buf_addf(b, "\\x%02X", c);
		} else {
			wl_buf_addf(b, "\\u%04X", (unsigned)cp);
		}
		i += n;
		run = i;
	}
	wl_buf_add(b, str + run, len - run);
}

void wl_buf_reset(struct wl_buf *b)
{
	b->len = 0;
	if (b->buf)
		b->buf[0] = '\0';
}

void wl_buf_release(struct wl_buf *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = b->alloc = 0;
}

char *wl_buf_detach(struct wl_buf *b, size_t *len)
{
	char *s = b->buf ? b->buf : wl_xstrdup("");

	if (len)
		*len = b->len;
	b->buf = NULL;
	b->len = b->alloc = 0;
	return s;
}

const char *wl_buf_cstr(const struct wl_buf *b)
{
	return b->buf ? b->buf : "";
}

struct wl_arena_block {
	struct wl_arena_block *next;
	size_t size;
	max_align_t data[];
};

#define ARENA_BLOCK 16384

void *wl_arena_alloc(struct wl_arena *a, size_t n)
{
	struct wl_arena_block *blk;
	void *p;

	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!n)
		n = sizeof(max_align_t);
	if (!a->head || a->used + n > a->head->size) {
		size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;

		blk = wl_xmalloc(sizeof(*blk) + size);
		blk->size = size;
		if (a->head && size != ARENA_BLOCK) {
			/* A big one-off: keep the current block for small ones. */
			blk->next = a->head->next;
			a->head->next = blk;
			memset(blk->data, 0, n);
			return blk->data;
		}
		blk->next = a->head;
		a->head = blk;
		a->used = 0;
	}
	p = (char *)a->head->data + a->used;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *wl_arena_strndup(struct wl_arena *a, const char *s, size_t n)
{
	char *p = wl_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void wl_arena_release(struct wl_arena *a)
{
	struct wl_arena_block *b = a->head;

	while (b) {
		struct wl_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
}

/* Returns why a file of mode `mode` is not read, or NULL for a regular file. */
static const char *not_regular(mode_t mode)
{
	if (S_ISREG(mode))
		return NULL;
	if (S_ISDIR(mode))
		return "it is a folder, not a regular file";
	if (S_ISLNK(mode))
		return "it is a symbolic link, which worklog does not follow";
	if (S_ISFIFO(mode))
		return "it is a FIFO, not a regular file";
	if (S_ISSOCK(mode))
		return "it is a socket, not a regular file";
	if (S_ISCHR(mode))
		return "it is a character device, not a regular file";
	if (S_ISBLK(mode))
		return "it is a block device, not a regular file";
	return "it is not a regular file";
}

/* Reads the open regular file `fd` of `size` bytes, up to `max`. */
static int read_fd(char **out, size_t *len, int fd, off_t size, size_t max)
{
	struct wl_buf b = WL_BUF_INIT;

	/* A file that grows while it is read is still held to `max`. */
	wl_buf_grow(&b, size > 0 ? (size_t)size : 4096);
	for (;;) {
		ssize_t n;

		if (b.alloc - b.len < 2)
			wl_buf_grow(&b, b.alloc);
		n = read(fd, b.buf + b.len, b.alloc - b.len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			wl_buf_release(&b);
			return -1;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		if (b.len > max) {
			*len = b.len;
			wl_buf_release(&b);
			return WL_READ_TOO_BIG;
		}
	}
	b.buf[b.len] = '\0';
	*out = wl_buf_detach(&b, len);
	return 0;
}

int wl_read_at(char **out, size_t *len, int dirfd, const char *name,
	       unsigned flags, size_t max, const char **why)
{
	struct stat st;
	int fd, ret = -1, saved;

	*out = NULL;
	*len = 0;
	*why = NULL;
	/*
	 * O_NONBLOCK: opening a FIFO must not wait for a writer. Nothing is
	 * read before fstat says the file is a regular one, which reads
	 * never block.
	 */
	fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
			       ((flags & WL_READ_NOFOLLOW) ? O_NOFOLLOW : 0));
	if (fd < 0) {
		if (errno == ELOOP && (flags & WL_READ_NOFOLLOW) &&
		    !fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) &&
		    S_ISLNK(st.st_mode))
			*why = not_regular(st.st_mode);
		else
			*why = strerror(errno);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		*why = strerror(errno);
		goto done;
	}
	*why = not_regular(st.st_mode);
	if (*why) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto done;
	}
	if (st.st_size > 0 && (uintmax_t)st.st_size > max) {
		*len = (uintmax_t)st.st_size > SIZE_MAX ? SIZE_MAX :
							  (size_t)st.st_size;
		ret = WL_READ_TOO_BIG;
		goto done;
	}
	ret = read_fd(out, len, fd, st.st_size, max);
	if (ret == -1)
		*why = strerror(errno);
done:
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

int wl_read_file(char **out, size_t *len, const char *path)
{
	const char *why;
	int ret = wl_read_at(out, len, AT_FDCWD, path, 0, SIZE_MAX - 1, &why);

	if (ret == WL_READ_TOO_BIG) {
		errno = EFBIG;
		ret = -1;
	}
	return ret;
}

int wl_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int wl_utf8_check(const char *str, size_t len, size_t *bad, const char **why)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n;

		/* Fast path over ASCII without NUL. */
		if (s[i] >= 0x01 && s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] == 0) {
			*bad = i;
			*why = "NUL byte";
			return 0;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (!n) {
			*bad = i;
			*why = "invalid UTF-8";
			return 0;
		}
		i += n;
	}
	return 1;
}

void wl_offset_to_pos(const char *s, size_t len, size_t off, int *line,
		      int *column)
{
	size_t i;
	int l = 1, c = 1;

	if (off > len)
		off = len;
	for (i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*column = c;
}

/* Edit distance counting a swap of neighbours as one edit (optimal
 * string alignment), for "did you mean"; short strings only. */
static size_t edit_distance(const char *a, size_t la, const char *b,
			    size_t lb)
{
	unsigned char d[32][32];
	size_t i, j;

	if (la >= 32 || lb >= 32)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			unsigned best = d[i - 1][j] + 1;
			unsigned sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i][j - 1] + 1u < best)
				best = d[i][j - 1] + 1;
			if (sub < best)
				best = sub;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1u < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

/* The closest word, for "did you mean" (util.h). */
const char *wl_did_you_mean(const char *s, size_t len,
			    const char *const *words, size_t nr)
{
	const char *best = NULL;
	size_t i, best_d = 3;

	for (i = 0; i < nr; i++) {
		size_t d = edit_distance(s, len, words[i], strlen(words[i]));

		if (d < best_d && d < len) {
			best = words[i];
			best_d = d;
		}
	}
	return best;
}

void wl_strlist_take(struct wl_strlist *l, char *s)
{
	WL_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	l->v[l->nr++] = s;
}

void wl_strv_free(char **v, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		free(v[i]);
	free(v);
}

void wl_strlist_release(struct wl_strlist *l)
{
	wl_strv_free(l->v, l->nr);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

double wl_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int wl_atomic_file_open(struct wl_atomic_file *a, const char *path,
			char **err)
{
	mode_t mask = umask(0);
	int fd;

	umask(mask);
	a->f = NULL;
	a->path = wl_xstrdup(path);
	a->tmp = wl_xprintf("%s.XXXXXX", path);
	fd = mkstemp(a->tmp);
	if (fd < 0) {
		*err = wl_xprintf("cannot create a file beside '%s': %s", path,
				  strerror(errno));
		goto fail;
	}
	if (fchmod(fd, 0666 & ~mask) < 0 || !(a->f = fdopen(fd, "w"))) {
		*err = wl_xprintf("cannot write '%s': %s", a->tmp,
				  strerror(errno));
		close(fd);
		unlink(a->tmp);
		goto fail;
	}
	return 0;
fail:
	free(a->path);
	free(a->tmp);
	a->path = a->tmp = NULL;
	return -1;
}

int wl_atomic_file_commit(struct wl_atomic_file *a, char **err)
{
	int ret = 0;

	/* What rename() makes visible must be on the disk already. */
	if (fflush(a->f) || ferror(a->f) || fsync(fileno(a->f)) < 0) {
		*err = wl_xprintf("cannot write '%s': %s", a->path,
				  strerror(errno));
		ret = -1;
	}
	if (fclose(a->f) && !ret) {
		*err = wl_xprintf("cannot write '%s': %s", a->path,
				  strerror(errno));
		ret = -1;
	}
	a->f = NULL;
	if (!ret && rename(a->tmp, a->path) < 0) {
		*err = wl_xprintf("cannot write '%s': %s", a->path,
				  strerror(errno));
		ret = -1;
	}
	if (ret)
		unlink(a->tmp);
	free(a->path);
	free(a->tmp);
	a->path = a->tmp = NULL;
	return ret;
}

void wl_atomic_file_abort(struct wl_atomic_file *a)
{
	if (a->f) {
		fclose(a->f);
		unlink(a->tmp);
	}
	free(a->path);
	free(a->tmp);
	a->f = NULL;
	a->path = a->tmp = NULL;
}
