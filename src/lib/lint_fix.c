/*
 * lint --fix: applying the fixes the checks propose, showing them as a
 * patch, and writing a fixed file back. Only the bytes a fix names
 * change; the file is replaced atomically, and never through a
 * symbolic link (a record is repository data, and a link in it may
 * point anywhere).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "lint.h"
#include "util.h"

#include "../banned.h"

/* ---- Applying ------------------------------------------------------- */

/* An edit's place in the file and in the checks' order. */
struct edit {
	size_t off, index;
};

/* By offset; equal offsets (two headings appended at the end) keep the
 * order the checks gave. */
static int cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* \r\n to \n, in place; returns the new length. */
static size_t to_lf(char *s, size_t len)
{
	size_t i, k = 0;

	for (i = 0; i < len; i++)
		if (!(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
			s[k++] = s[i];
	s[k] = '\0';
	return k;
}

static void mark(struct wl_fixes *fixes, enum wl_fix_kind kind)
{
	size_t i;

	for (i = 0; i < fixes->nr; i++)
		if (fixes->v[i].kind == kind)
			fixes->v[i].applied = 1;
}

size_t wl_fix_apply(char **out, size_t *out_len, const char *buf, size_t len,
		    struct wl_fixes *fixes)
{
	struct wl_buf b = WL_BUF_INIT;
	struct edit *order = wl_xcalloc(fixes->nr + 1, sizeof(*order));
	size_t i, n = 0, at = 0, applied = 0;
	int bom = 0, lf = 0;

	for (i = 0; i < fixes->nr; i++) {
		if (fixes->v[i].kind == WL_FIX_EDIT) {
			order[n].off = fixes->v[i].off;
			order[n++].index = i;
		} else if (fixes->v[i].kind == WL_FIX_DROP_BOM) {
			bom = 1;
		} else {
			lf = 1;
		}
	}
	qsort(order, n, sizeof(*order), cmp_edit);
	for (i = 0; i < n; i++) {
		struct wl_fix *f = &fixes->v[order[i].index];

		if (f->off < at || f->off + f->len > len)
			continue;
		wl_buf_add(&b, buf + at, f->off - at);
		wl_buf_addstr(&b, f->text ? f->text : "");
		at = f->off + f->len;
		f->applied = 1;
		applied++;
	}
	wl_buf_add(&b, buf + at, len - at);
	free(order);
	*out = wl_buf_detach(&b, out_len);
	if (bom && *out_len >= 3 && !memcmp(*out, "\xEF\xBB\xBF", 3)) {
		memmove(*out, *out + 3, *out_len - 2);
		*out_len -= 3;
		mark(fixes, WL_FIX_DROP_BOM);
		applied++;
	}
	if (lf) {
		size_t n = to_lf(*out, *out_len);

		if (n != *out_len) {
			mark(fixes, WL_FIX_LF);
			applied++;
		}
		*out_len = n;
	}
	return applied;
}

/* ---- The patch ------------------------------------------------------ */

/* A file's lines, each with its line end (if it has one). */
struct lines {
	const char **s;
	size_t *len;
	size_t nr;
};

static void split(struct lines *l, const char *buf, size_t len)
{
	size_t i = 0, alloc = 0;

	memset(l, 0, sizeof(*l));
	while (i < len) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - buf) + 1 - i : len - i;

		if (l->nr + 1 > alloc) {
			alloc = alloc ? 2 * alloc : 64;
			l->s = wl_xrealloc(l->s, alloc * sizeof(*l->s));
			l->len = wl_xrealloc(l->len, alloc * sizeof(*l->len));
		}
		l->s[l->nr] = buf + i;
		l->len[l->nr++] = n;
		i += n;
	}
}

static void lines_release(struct lines *l)
{
	free(l->s);
	free(l->len);
}

static int same(const struct lines *a, const struct lines *b, size_t i)
{
	return i < a->nr && i < b->nr && a->len[i] == b->len[i] &&
	       !memcmp(a->s[i], b->s[i], a->len[i]);
}

static void add_line(struct wl_buf *out, char mark, const struct lines *l,
		     size_t i)
{
	size_t n = l->len[i];

	wl_buf_addch(out, mark);
	if (n && l->s[i][n - 1] == '\n') {
		wl_buf_add(out, l->s[i], n);
	} else {
		wl_buf_add(out, l->s[i], n);
		wl_buf_addstr(out, "\n\\ No newline at end of file\n");
	}
}

/* "start,count" of a hunk side: an empty side names the line before. */
static void range(struct wl_buf *out, size_t from, size_t to)
{
	if (to > from)
		wl_buf_addf(out, "%zu,%zu", from + 1, to - from);
	else
		wl_buf_addf(out, "%zu,0", from);
}

/* One hunk over lines [a, b) of both sides. */
static void hunk(struct wl_buf *out, const struct lines *o,
		 const struct lines *n, size_t a, size_t b)
{
	size_t i, k;

	wl_buf_addstr(out, "@@ -");
	range(out, a, b < o->nr ? b : o->nr);
	wl_buf_addstr(out, " +");
	range(out, a, b < n->nr ? b : n->nr);
	wl_buf_addstr(out, " @@\n");
	for (i = a; i < b;) {
		if (same(o, n, i)) {
			add_line(out, ' ', o, i++);
			continue;
		}
		for (k = i; k < b && !same(o, n, k); k++)
			if (k < o->nr)
				add_line(out, '-', o, k);
		for (k = i; k < b && !same(o, n, k); k++)
			if (k < n->nr)
				add_line(out, '+', n, k);
		i = k;
	}
}

#define CONTEXT 3

void wl_fix_diff(struct wl_buf *out, const char *path, const char *old,
		 size_t old_len, const char *new, size_t new_len)
{
	struct lines o, n;
	size_t i, max, start = 0, end = 0;
	int open = 0;

	if (old_len == new_len && !memcmp(old, new, old_len))
		return;
	split(&o, old, old_len);
	split(&n, new, new_len);
	max = o.nr > n.nr ? o.nr : n.nr;
	wl_buf_addstr(out, "--- a/");
	wl_buf_add_printable(out, path, strlen(path));
	wl_buf_addstr(out, "\n+++ b/");
	wl_buf_add_printable(out, path, strlen(path));
	wl_buf_addch(out, '\n');
	for (i = 0; i < max; i++) {
		size_t from, to;

		if (same(&o, &n, i))
			continue;
		from = i > CONTEXT ? i - CONTEXT : 0;
		to = i + 1 + CONTEXT < max ? i + 1 + CONTEXT : max;
		if (open && from <= end) {
			end = to;
			continue;
		}
		if (open)
			hunk(out, &o, &n, start, end);
		start = from;
		end = to;
		open = 1;
	}
	if (open)
		hunk(out, &o, &n, start, end);
	lines_release(&o);
	lines_release(&n);
}

/* ---- Writing -------------------------------------------------------- */

/*
 * Opens the folder of `path` below `root`, one segment at a time with
 * O_NOFOLLOW, so that no symbolic link is followed on the way (a
 * check of the whole path first would race with a change of it).
 * Returns a descriptor, or -1 with errno set; *name is the last
 * segment, borrowed from `path`.
 */
static int open_parent(const char *root, const char *path, const char **name)
{
	int dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC), next;
	const char *p = path, *slash;

	while (dir >= 0 && (slash = strchr(p, '/'))) {
		char *seg = wl_xstrndup(p, (size_t)(slash - p));

		next = openat(dir, seg, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					O_CLOEXEC);
		free(seg);
		close(dir);
		dir = next;
		p = slash + 1;
	}
	*name = p;
	return dir;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Creates a new temporary file beside `name` in `dir`. */
static int create_temp(int dir, const char *name, char **tmp)
{
	int fd = -1, k;

	for (k = 0; k < 100 && fd < 0; k++) {
		free(*tmp);
		*tmp = wl_xprintf(".%s.worklog-fix-%ld-%d", name, (long)getpid(),
				  k);
		fd = openat(dir, *tmp, O_WRONLY | O_CREAT | O_EXCL |
				       O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	return fd;
}

int wl_fix_write(const char *root, const char *path, const char *buf,
		 size_t len, char **err)
{
	const char *name, *why = NULL;
	char *tmp = NULL;
	int dir = -1, fd = -1, ret = -1, e;
	struct stat st;

	if (!wl_path_is_safe(path)) {
		*err = wl_xprintf("cannot fix '%s': the path leaves the repository",
				  path);
		return -1;
	}
	dir = open_parent(root, path, &name);
	if (dir < 0 || fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		why = S_ISLNK(st.st_mode) ? "it is a symbolic link" :
					    "it is not a regular file";
		goto fail;
	}
	fd = create_temp(dir, name, &tmp);
	if (fd < 0) {
		free(tmp);
		tmp = NULL;     /* not ours to remove */
		goto fail;
	}
	if (fchmod(fd, st.st_mode & 07777) < 0 ||
	    write_all(fd, buf, len) < 0 || fsync(fd) < 0)
		goto fail;
	e = close(fd);
	fd = -1;
	if (e < 0 || renameat(dir, tmp, dir, name) < 0)
		goto fail;
	ret = 0;
	goto done;
fail:
	e = errno;
	*err = wl_xprintf("cannot fix '%s': %s", path,
			  why ? why : e == ELOOP || e == ENOTDIR ?
			  "a folder on its path is a symbolic link or no folder" :
			  strerror(e));
	if (fd >= 0)
		close(fd);
	if (tmp && dir >= 0)
		unlinkat(dir, tmp, 0);
done:
	free(tmp);
	if (dir >= 0)
		close(dir);
	return ret;
}
