#ifndef WL_BUILTIN_H
#define WL_BUILTIN_H

#include <stddef.h>

/* A file of the sources, compiled into the binary by src/gen-embed.sh. */
struct wl_builtin {
	const char *path;   /* "schema/task.yaml", "hooks/pre-commit" */
	const char *data;   /* NUL-terminated */
	size_t len;
};

/* Each is terminated by an entry whose path is NULL. */
extern const struct wl_builtin wl_builtin_schemas[];  /* schema/NAME.yaml */
extern const struct wl_builtin wl_builtin_hooks[];    /* hooks/NAME, not .md */

#endif
