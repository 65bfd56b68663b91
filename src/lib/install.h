#ifndef WL_INSTALL_H
#define WL_INSTALL_H

#include <stddef.h>

#include "git.h"

/*
 * Installing the hook shims (the files of hooks/, compiled into the
 * binary) into a repository's hooks folder: `worklog hooks install`, and
 * `worklog init` after it. Nothing here prints: what was done comes back
 * as data.
 */

/* The hooks worklog has a shim for, NULL-terminated. */
extern const char *const wl_hook_names[];

/* Returns the shim of hook `name` (the bytes of hooks/NAME; static), or
 * NULL when worklog has none. */
const char *wl_hooks_shim(const char *name, size_t *len);

enum wl_install_action {
	WL_INSTALL_NEW,        /* written where there was no hook */
	WL_INSTALL_CHAINED,    /* the hook that was there is NAME.chained */
	WL_INSTALL_UPDATED,    /* an older worklog shim was replaced */
	WL_INSTALL_UNCHANGED,  /* the same shim was there already */
	WL_INSTALL_FAILED,     /* nothing changed; see .error */
};

struct wl_hook_install {
	const char *name;              /* "pre-commit": static */
	enum wl_install_action action;
	char *path;                    /* the hook's file, absolute; owned */
	char *error;                   /* WL_INSTALL_FAILED: why; owned */
};

struct wl_hooks_installed {
	struct wl_hook_install *v;     /* one per hook, in the order asked */
	size_t nr, alloc;
	size_t failed;                 /* how many are WL_INSTALL_FAILED */
	char *dir;                     /* the hooks folder, absolute */
	/* `dir` relative to the top of the working tree when inside it
	 * (".git/hooks"), else as `dir`; borrowed from `dir` */
	const char *shown_dir;
};
#define WL_HOOKS_INSTALLED_INIT { NULL, 0, 0, 0, NULL, NULL }

enum wl_install_flags {
	/* With no names: the server hook (pre-receive), not the client
	 * ones (pre-commit and pre-merge-commit). */
	WL_INSTALL_SERVER = 1 << 0,
};

/*
 * Installs the shims of hooks `names` (`n` of them, each one of
 * wl_hook_names; none: the defaults `flags` pick; a name twice counts
 * once) into the hooks folder of `git`: core.hooksPath (relative to the
 * top of the working tree, or to the git directory of a bare
 * repository), else $GIT_COMMON_DIR/hooks, created if missing. A hook
 * already there that is not a worklog shim is kept as NAME.chained,
 * which the shim runs first; a worklog shim is refreshed. Installing
 * twice changes nothing.
 *
 * Returns 0 with one entry per hook in *out (a hook that could not be
 * installed is WL_INSTALL_FAILED and the others still are), or -1 with
 * a message in *err (caller frees) when no hook could be tried: the
 * folder cannot be found or created, or a name is unknown.
 */
int wl_hooks_install(struct wl_hooks_installed *out, struct wl_git *git,
		     const char *const *names, size_t n, unsigned flags,
		     char **err);
void wl_hooks_installed_release(struct wl_hooks_installed *r);

/*
 * git's diff and merge drivers for records: `.gitattributes` gives the
 * record files `diff=worklog merge=worklog`, and the repository's own
 * configuration says what they run (wl_driver_config): `worklog diff
 * --textconv` for git diff, git log -p and git show, and `worklog
 * merge` for git merge. Only `worklog hooks install` and `worklog init`
 * write them, for the user who runs them: worklog never writes git
 * configuration because of anything a repository contains.
 */

/* The configuration written: {key, value} pairs ending with NULLs. */
extern const char *const wl_driver_config[][2];

enum wl_setup_action {
	WL_SETUP_ADDED,         /* written */
	WL_SETUP_UNCHANGED,     /* it was there already */
};

struct wl_setup_item {
	char *what;             /* a .gitattributes line, or a config key */
	char *value;            /* config: its value; else NULL */
	enum wl_setup_action action;
};

struct wl_drivers_installed {
	char *attributes;               /* .gitattributes, absolute */
	const char *shown_attributes;   /* relative to the working tree's top
					   when inside it; borrowed */
	struct wl_setup_item *lines;    /* one per records glob */
	size_t lines_nr, lines_alloc;
	struct wl_setup_item *config;   /* one per wl_driver_config key */
	size_t config_nr, config_alloc;
};
#define WL_DRIVERS_INSTALLED_INIT { NULL, NULL, NULL, 0, 0, NULL, 0, 0 }

/*
 * Sets the drivers up for the records repository whose root is the
 * folder `root` (NULL: the top of the working tree) and whose records
 * are the `nr` globs: appends to root/.gitattributes the line
 * `/GLOB diff=worklog merge=worklog` of each glob it lacks (a link there
 * is refused), and sets each key of wl_driver_config in the
 * repository's .git/config that does not hold its value. Running it
 * twice changes nothing. Returns 0 with what was done in *out, or -1
 * with *err set (caller frees), for a bare repository too.
 */
int wl_drivers_install(struct wl_drivers_installed *out, struct wl_git *git,
		       const char *root, const char *const *globs, size_t nr,
		       char **err);
void wl_drivers_installed_release(struct wl_drivers_installed *r);

#endif
