#ifndef WL_BUILTIN_H
#define WL_BUILTIN_H

#include <stddef.h>

/* The schema/ files, compiled into the binary by src/gen-embed.sh. */
struct wl_builtin {
	const char *path;   /* "schema/task.yaml" */
	const char *data;   /* NUL-terminated */
	size_t len;
};

/* Terminated by an entry whose path is NULL. */
extern const struct wl_builtin wl_builtin_schemas[];

#endif
