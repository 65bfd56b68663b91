/*
 * Installing the hook shims of hooks/ into a repository, chaining any
 * hook already there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "builtin.h"
#include "install.h"
#include "source.h"
#include "util.h"

#include "../banned.h"

/* The line that marks a hook as a worklog shim (every file in hooks/
 * has it). */
#define SHIM_MARK "# worklog hook shim"

const char *const wl_hook_names[] = { "pre-commit", "pre-merge-commit",
				      "pre-receive", "update", NULL };

static const char *const client_hooks[] = { "pre-commit", "pre-merge-commit" };
static const char *const server_hooks[] = { "pre-receive" };

const char *wl_hooks_shim(const char *name, size_t *len)
{
	const struct wl_builtin *b;

	for (b = wl_builtin_hooks; b->path; b++)
		if (!strncmp(b->path, "hooks/", 6) && !strcmp(b->path + 6, name)) {
			if (len)
				*len = b->len;
			return b->data;
		}
	return NULL;
}

/* Finds the hooks folder: core.hooksPath (relative to where hooks run:
 * the top of the working tree, or the git directory of a bare
 * repository), else $GIT_COMMON_DIR/hooks. */
static int hooks_dir(char **out, struct wl_git *git, char **err)
{
	char *path = NULL;
	int r = wl_git_config_path(&path, git, "core.hooksPath");

	if (r < 0) {
		*err = wl_xstrdup("cannot read core.hooksPath");
		return -1;
	}
	if (r == 1) {
		*out = wl_xprintf("%s/hooks", wl_git_commondir(git));
		return 0;
	}
	if (path[0] == '/') {
		*out = path;
		return 0;
	}
	*out = wl_xprintf("%s/%s", wl_git_workdir(git) ? wl_git_workdir(git) :
			  wl_git_gitdir(git), path);
	free(path);
	return 0;
}

static int mkdirs(const char *dir)
{
	char *p = wl_xstrdup(dir), *s;
	int ret = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			ret = -1;
		*s = '/';
	}
	if (mkdir(p, 0777) < 0 && errno != EEXIST)
		ret = -1;
	free(p);
	return ret;
}

/* Shows `dir` relative to the top of the working tree when inside it. */
static const char *shown_dir(const char *dir, struct wl_git *git)
{
	const char *top = wl_git_workdir(git);
	size_t n = top ? strlen(top) : 0;

	if (top && !strncmp(dir, top, n) && dir[n] == '/')
		return dir + n + 1;
	return dir;
}

/* Writes the shim next to `path`, then renames it into place, so a hook
 * is never half written. */
static int write_shim(const char *path, const char *text, size_t len,
		      char **err)
{
	char *tmp = wl_xprintf("%s.worklog-new", path);
	FILE *f = fopen(tmp, "w");
	int ret = 0;

	if (!f) {
		*err = wl_xprintf("cannot write '%s': %s", tmp, strerror(errno));
		ret = -1;
		goto done;
	}
	if (fwrite(text, 1, len, f) != len) {
		*err = wl_xprintf("cannot write '%s': %s", tmp, strerror(errno));
		fclose(f);
		goto fail;
	}
	if (fclose(f) || chmod(tmp, 0755) < 0 || rename(tmp, path) < 0) {
		*err = wl_xprintf("cannot install '%s': %s", path,
				  strerror(errno));
		goto fail;
	}
	goto done;
fail:
	ret = -1;
	unlink(tmp);
done:
	free(tmp);
	return ret;
}

/* Installs one shim into `dir`, filling in `h`. */
static void install_one(struct wl_hook_install *h, const char *dir,
			const char *shown)
{
	size_t len, oldlen;
	const char *text = wl_hooks_shim(h->name, &len);
	char *chained = wl_xprintf("%s/%s.chained", dir, h->name);
	char *old = NULL;
	struct stat st;

	h->path = wl_xprintf("%s/%s", dir, h->name);
	h->action = WL_INSTALL_NEW;
	if (lstat(h->path, &st) == 0) {
		if (S_ISREG(st.st_mode) &&
		    !wl_read_file(&old, &oldlen, h->path) &&
		    strstr(old, SHIM_MARK)) {
			if (oldlen == len && !memcmp(old, text, len) &&
			    (st.st_mode & 0111)) {
				h->action = WL_INSTALL_UNCHANGED;
				goto done;
			}
			h->action = WL_INSTALL_UPDATED;
		} else if (lstat(chained, &st) == 0) {
			h->error = wl_xprintf("cannot chain the %s hook already in %s: '%s.chained' exists too",
					      h->name, shown, h->name);
			goto done;
		} else if (rename(h->path, chained) < 0) {
			h->error = wl_xprintf("cannot move '%s' aside: %s",
					      h->path, strerror(errno));
			goto done;
		} else {
			h->action = WL_INSTALL_CHAINED;
		}
	}
	if (write_shim(h->path, text, len, &h->error) < 0 &&
	    h->action == WL_INSTALL_CHAINED)
		rename(chained, h->path);
done:
	if (h->error)
		h->action = WL_INSTALL_FAILED;
	free(old);
	free(chained);
}

static void add(struct wl_hooks_installed *out, const char *name)
{
	size_t i;

	for (i = 0; i < out->nr; i++)
		if (!strcmp(out->v[i].name, name))
			return;
	if (out->nr == out->alloc) {
		out->alloc = out->alloc ? 2 * out->alloc : 4;
		out->v = wl_xrealloc(out->v, out->alloc * sizeof(*out->v));
	}
	memset(&out->v[out->nr], 0, sizeof(out->v[0]));
	out->v[out->nr++].name = name;
}

/* Puts the hooks to install into `out`, each once, by their static
 * names. */
static int pick(struct wl_hooks_installed *out, const char *const *names,
		size_t n, unsigned flags, char **err)
{
	const char *const *defaults = flags & WL_INSTALL_SERVER ?
				      server_hooks : client_hooks;
	size_t i, k, ndefaults = flags & WL_INSTALL_SERVER ? 1 : 2;

	if (!n)
		for (i = 0; i < ndefaults; i++)
			add(out, defaults[i]);
	for (i = 0; i < n; i++) {
		for (k = 0; wl_hook_names[k]; k++)
			if (!strcmp(wl_hook_names[k], names[i]))
				break;
		if (!wl_hook_names[k] || !wl_hooks_shim(names[i], NULL)) {
			struct wl_buf b = WL_BUF_INIT;

			wl_buf_addf(&b, "unknown hook '%s' (known: ", names[i]);
			for (k = 0; wl_hook_names[k]; k++)
				wl_buf_addf(&b, "%s%s", k ? ", " : "",
					    wl_hook_names[k]);
			wl_buf_addch(&b, ')');
			*err = wl_buf_detach(&b, NULL);
			return -1;
		}
		add(out, wl_hook_names[k]);
	}
	return 0;
}

int wl_hooks_install(struct wl_hooks_installed *out, struct wl_git *git,
		     const char *const *names, size_t n, unsigned flags,
		     char **err)
{
	size_t i;

	if (pick(out, names, n, flags, err) < 0 ||
	    hooks_dir(&out->dir, git, err) < 0)
		return -1;
	out->shown_dir = shown_dir(out->dir, git);
	if (mkdirs(out->dir) < 0) {
		*err = wl_xprintf("cannot create '%s': %s", out->dir,
				  strerror(errno));
		return -1;
	}
	for (i = 0; i < out->nr; i++) {
		install_one(&out->v[i], out->dir, out->shown_dir);
		if (out->v[i].action == WL_INSTALL_FAILED)
			out->failed++;
	}
	return 0;
}

void wl_hooks_installed_release(struct wl_hooks_installed *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++) {
		free(r->v[i].path);
		free(r->v[i].error);
	}
	free(r->v);
	free(r->dir);
	memset(r, 0, sizeof(*r));
}

/* ---- git's diff and merge drivers ------------------------------------ */

const char *const wl_driver_config[][2] = {
	{ "diff.worklog.textconv", "worklog diff --textconv" },
	{ "merge.worklog.name", "worklog: records merged field by field" },
	{ "merge.worklog.driver", "worklog merge %O %A %B %P" },
	{ NULL, NULL },
};

static void add_item(struct wl_setup_item **v, size_t *nr, size_t *alloc,
		     char *what, const char *value, int added)
{
	WL_ALLOC_GROW(*v, *nr + 1, *alloc);
	(*v)[*nr].what = what;
	(*v)[*nr].value = value ? wl_xstrdup(value) : NULL;
	(*v)[*nr].action = added ? WL_SETUP_ADDED : WL_SETUP_UNCHANGED;
	(*nr)++;
}

/*
 * The attributes line for records glob `g`: anchored at the folder of
 * .gitattributes as the glob is at the records root, and quoted as git
 * reads quoted patterns when it holds a space, a quote or a backslash.
 */
static char *attributes_line(const char *g)
{
	struct wl_buf b = WL_BUF_INIT;
	const char *p;

	if (!strncmp(g, "./", 2))
		g += 2;
	if (!strpbrk(g, " \t\"\\")) {
		wl_buf_addf(&b, "/%s", g);
	} else {
		wl_buf_addstr(&b, "\"/");
		for (p = g; *p; p++) {
			if (*p == '"' || *p == '\\')
				wl_buf_addch(&b, '\\');
			if (*p == '\t')
				wl_buf_addstr(&b, "\\t");
			else
				wl_buf_addch(&b, *p);
		}
		wl_buf_addch(&b, '"');
	}
	wl_buf_addstr(&b, " diff=worklog merge=worklog");
	return wl_buf_detach(&b, NULL);
}

/* Whether `text` has `line` as one of its lines (trailing blanks and a
 * \r ignored). */
static int has_line(const char *text, size_t len, const char *line)
{
	size_t n = strlen(line), i = 0;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len, e = end;

		while (e > i && (text[e - 1] == ' ' || text[e - 1] == '\t' ||
				 text[e - 1] == '\r'))
			e--;
		if (e - i == n && !memcmp(text + i, line, n))
			return 1;
		i = end + 1;
	}
	return 0;
}

/* Adds the lines .gitattributes lacks, at its end. */
static int write_attributes(struct wl_drivers_installed *out,
			    const char *const *globs, size_t nr, char **err)
{
	struct wl_buf add = WL_BUF_INIT;
	char *old = NULL;
	size_t len = 0, i;
	const char *why;
	int fd, r, ret = -1;

	r = wl_read_at(&old, &len, AT_FDCWD, out->attributes, WL_READ_NOFOLLOW,
		       WL_FILE_BYTES_DEFAULT, &why);
	if (r < 0 && !(r == -1 && errno == ENOENT)) {
		*err = wl_xprintf("cannot read '%s': %s", out->attributes,
				  r == WL_READ_TOO_BIG ? "it is too big" : why);
		return -1;
	}
	if (len && old[len - 1] != '\n')
		wl_buf_addch(&add, '\n');
	for (i = 0; i < nr; i++) {
		char *line = attributes_line(globs[i]);
		int have = has_line(old ? old : "", len, line) ||
			   has_line(add.buf ? add.buf : "", add.len, line);

		if (!have) {
			wl_buf_addstr(&add, line);
			wl_buf_addch(&add, '\n');
		}
		add_item(&out->lines, &out->lines_nr, &out->lines_alloc, line,
			 NULL, !have);
	}
	ret = 0;
	if (add.len > (len && old[len - 1] != '\n')) {
		fd = open(out->attributes,
			  O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
			  0644);
		if (fd < 0 || write(fd, add.buf, add.len) != (ssize_t)add.len) {
			*err = wl_xprintf("cannot write '%s': %s",
					  out->attributes, strerror(errno));
			ret = -1;
		}
		if (fd >= 0 && close(fd) < 0 && !ret) {
			*err = wl_xprintf("cannot write '%s': %s",
					  out->attributes, strerror(errno));
			ret = -1;
		}
	}
	free(old);
	wl_buf_release(&add);
	return ret;
}

int wl_drivers_install(struct wl_drivers_installed *out, struct wl_git *git,
		       const char *root, const char *const *globs, size_t nr,
		       char **err)
{
	const char *top = wl_git_workdir(git);
	size_t i;
	int r;

	if (!top) {
		*err = wl_xstrdup("a bare repository has no working tree for .gitattributes");
		return -1;
	}
	out->attributes = wl_xprintf("%s/.gitattributes", root ? root : top);
	out->shown_attributes = shown_dir(out->attributes, git);
	if (write_attributes(out, globs, nr, err) < 0)
		return -1;
	for (i = 0; wl_driver_config[i][0]; i++) {
		r = wl_git_config_set(git, wl_driver_config[i][0],
				      wl_driver_config[i][1], err);
		if (r < 0)
			return -1;
		add_item(&out->config, &out->config_nr, &out->config_alloc,
			 wl_xstrdup(wl_driver_config[i][0]),
			 wl_driver_config[i][1], r);
	}
	return 0;
}

void wl_drivers_installed_release(struct wl_drivers_installed *r)
{
	size_t i;

	for (i = 0; i < r->lines_nr; i++) {
		free(r->lines[i].what);
		free(r->lines[i].value);
	}
	for (i = 0; i < r->config_nr; i++) {
		free(r->config[i].what);
		free(r->config[i].value);
	}
	free(r->lines);
	free(r->config);
	free(r->attributes);
	memset(r, 0, sizeof(*r));
}
