#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

#include "../banned.h"

struct wl_source {
	enum wl_source_kind kind;
	char *root;
	char *name;
};

void wl_pathlist_add(struct wl_pathlist *l, const char *path)
{
	WL_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	l->v[l->nr++] = wl_xstrdup(path);
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void wl_pathlist_sort_unique(struct wl_pathlist *l)
{
	size_t i, kept = 0;

	qsort(l->v, l->nr, sizeof(*l->v), cmp_path);
	for (i = 0; i < l->nr; i++) {
		if (kept && !strcmp(l->v[kept - 1], l->v[i])) {
			free(l->v[i]);
			continue;
		}
		l->v[kept++] = l->v[i];
	}
	l->nr = kept;
}

void wl_pathlist_release(struct wl_pathlist *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

int wl_source_open(struct wl_source **out, enum wl_source_kind kind,
		   const char *root, const char *rev, char **err)
{
	struct wl_source *src;

	*out = NULL;
	if (kind != WL_SOURCE_WORKTREE) {
		*err = wl_xprintf("reading records from the %s is not supported yet",
				  kind == WL_SOURCE_INDEX ? "index" : "revision");
		return -1;
	}
	src = wl_xcalloc(1, sizeof(*src));
	src->kind = kind;
	src->root = wl_xstrdup(root);
	src->name = wl_xstrdup(kind == WL_SOURCE_WORKTREE ? "working tree" :
			       rev ? rev : "index");
	*out = src;
	return 0;
}

void wl_source_free(struct wl_source *src)
{
	if (!src)
		return;
	free(src->root);
	free(src->name);
	free(src);
}

enum wl_source_kind wl_source_kind(const struct wl_source *src)
{
	return src->kind;
}

const char *wl_source_root(const struct wl_source *src)
{
	return src->root;
}

const char *wl_source_name(const struct wl_source *src)
{
	return src->name;
}

/* Walks `abs` (the folder of repository path `rel`), appending files. */
static int walk(struct wl_buf *abs, struct wl_buf *rel,
		struct wl_pathlist *out, char **err)
{
	DIR *d = opendir(abs->buf);
	struct dirent *e;
	size_t abs_len = abs->len, rel_len = rel->len;
	int ret = 0;

	if (!d) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		*err = wl_xprintf("cannot read folder '%s': %s",
				  rel->len ? rel->buf : ".", strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		unsigned char type = e->d_type;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, ".git"))
			continue;
		wl_buf_addch(abs, '/');
		wl_buf_addstr(abs, e->d_name);
		if (rel->len)
			wl_buf_addch(rel, '/');
		wl_buf_addstr(rel, e->d_name);
		if (type == DT_UNKNOWN) {
			struct stat st;

			if (lstat(abs->buf, &st) == 0)
				type = S_ISDIR(st.st_mode) ? DT_DIR :
				       S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
		}
		if (type == DT_DIR)
			ret = walk(abs, rel, out, err);
		else if (type == DT_REG)
			wl_pathlist_add(out, rel->buf);
		abs->len = abs_len;
		abs->buf[abs_len] = '\0';
		rel->len = rel_len;
		if (rel->buf)
			rel->buf[rel_len] = '\0';
		if (ret < 0)
			break;
	}
	closedir(d);
	return ret;
}

int wl_source_list(struct wl_source *src, const char *dir,
		   struct wl_pathlist *out, char **err)
{
	struct wl_buf abs = WL_BUF_INIT, rel = WL_BUF_INIT;
	struct stat st;
	int ret = 0;

	wl_buf_addstr(&abs, src->root);
	if (*dir) {
		wl_buf_addch(&abs, '/');
		wl_buf_addstr(&abs, dir);
		wl_buf_addstr(&rel, dir);
		if (lstat(abs.buf, &st) == 0 && S_ISREG(st.st_mode)) {
			wl_pathlist_add(out, dir);
			goto done;
		}
	}
	ret = walk(&abs, &rel, out, err);
done:
	wl_buf_release(&abs);
	wl_buf_release(&rel);
	return ret;
}

int wl_source_is_dir(struct wl_source *src, const char *path)
{
	char *abs = wl_xprintf("%s/%s", src->root, path);
	struct stat st;
	int ret = lstat(abs, &st) == 0 && S_ISDIR(st.st_mode);

	free(abs);
	return ret;
}

int wl_source_read(struct wl_source *src, const char *path, char **buf,
		   size_t *len, char **err)
{
	char *abs = wl_xprintf("%s/%s", src->root, path);
	int ret = wl_read_file(buf, len, abs);

	if (ret < 0)
		*err = wl_xprintf("cannot read '%s': %s", path,
				  strerror(errno));
	free(abs);
	return ret;
}
