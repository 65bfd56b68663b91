#ifndef WL_INIT_H
#define WL_INIT_H

#include <stddef.h>

#include "git.h"
#include "template.h"
#include "util.h"

/*
 * What `worklog init` writes into a repository: .worklog.yaml and the
 * record folders (the diff and merge drivers and the hooks are
 * install.h's). Nothing here writes: the texts come back to the caller.
 */

/* A person of the roster init proposes. Strings owned. */
struct wl_init_person {
	char *id;
	char *name;
	char **emails;
	size_t emails_nr;
	int reviewer;
};
struct wl_init_people {
	struct wl_init_person *v;
	size_t nr, alloc;
};
#define WL_INIT_PEOPLE_INIT { NULL, 0, 0 }
void wl_init_people_release(struct wl_init_people *p);

/*
 * Derives a roster from commit authors (newest first, as
 * wl_git_authors lists them): one person per author name (their emails
 * together), the id made of the newest email's local part
 * (the part after '+' of a GitHub noreply address), lowercased, other
 * characters than a-z, 0-9, '.', '_' and '-' turned into '-', starting
 * with a letter ("person" if nothing is left), made unique with -2, -3.
 * Sorted by id. Nobody is a reviewer.
 */
void wl_init_roster(struct wl_init_people *out,
		    const struct wl_git_authors *authors);

/* Returns the person with id `id`, or NULL. */
struct wl_init_person *wl_init_person(struct wl_init_people *p,
				      const char *id);

/* The records glob init writes. */
#define WL_INIT_RECORDS "records/**/*.md"

/*
 * Returns the text of a new .worklog.yaml (caller frees): version 1,
 * the records glob, the team's schema folder, the roster `people`, the
 * rules and settings commented out, and reports.lang `lang`, each
 * explained by a comment in `lang`.
 */
char *wl_init_config(const struct wl_init_people *people, enum wl_lang lang);

/*
 * Returns the built-in record types (schema/, compiled in), finished:
 * free with wl_schema_set_free. NULL if they do not load.
 */
struct wl_schema_set *wl_builtin_types(void);

/*
 * Stores the record folders init makes (records/logs, records/tasks...:
 * the plural of each built-in type, sorted) into `out` (caller frees
 * each). Returns 0, or -1 if the built-in schemas do not load.
 */
int wl_init_folders(struct wl_strlist *out);

#endif
