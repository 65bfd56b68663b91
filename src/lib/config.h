#ifndef WL_CONFIG_H
#define WL_CONFIG_H

#include <stddef.h>

#include "date.h"
#include "diag.h"
#include "node.h"
#include "report_def.h"
#include "rules.h"
#include "schema.h"

#define WL_CONFIG_NAME ".worklog.yaml"
/* The largest .worklog.yaml read: its YAML is parsed within this too. */
#define WL_CONFIG_MAX_BYTES (1024 * 1024)
/* The hard ceiling of `limits: file-bytes`: a configuration from a
 * cloned repository may raise the limit no further. */
#define WL_FILE_BYTES_MAX (256 * 1024 * 1024)

/* A roster entry. Strings are borrowed from the configuration's tree. */
struct wl_person {
	const char *id;
	const char *name;
	const char **emails;
	size_t emails_nr;
	int reviewer;
	const struct wl_node *node;
};

/* A `types:` entry: records whose path matches `glob` have `type`. */
struct wl_type_glob {
	const char *glob;
	const char *type;
	const struct wl_node *node;
};

/* `hooks:`. */
struct wl_hook_settings {
	int warn_only;              /* findings print, nothing is rejected */
	/*
	 * The rules the hooks judge and their severities: `rules:` for
	 * what makes sense on one commit, with `hooks: {rules: {RULE:
	 * off|warning|error}}` over it (wl_rules_compile_hooks). Borrows
	 * from the configuration's `rules`.
	 */
	struct wl_rules rules;
	const struct wl_node *rules_at;   /* the `rules:` of hooks, or NULL */
};

/*
 * A parsed .worklog.yaml (DESIGN.md §2). String members are borrowed from
 * `doc` and live as long as the configuration.
 */
struct wl_config {
	char *path;                 /* as shown in diagnostics */
	char *text;                 /* the file's text, owned */
	struct wl_doc doc;
	long long version;
	const char **records;       /* globs */
	size_t records_nr;
	const char **schemas;       /* folders, relative to the root */
	size_t schemas_nr;
	struct wl_type_glob *types;
	size_t types_nr;
	struct wl_person *people;
	size_t people_nr;
	/* The people in the order of their ids, for wl_config_person: lint
	 * asks it for every person of every record. Owned. */
	const struct wl_person **people_by_id;
	struct wl_rules rules;          /* `rules:`, compiled */
	struct wl_hook_settings hooks;
	struct wl_report_settings reports;
	struct wl_yaml_limits limits;   /* for records' front matter */
	size_t file_bytes;              /* `limits: file-bytes`, the largest
					   record file read (source.h) */
	struct wl_schema_limits schema_limits; /* schemas, validating */
	/* The zone of "today" and of period boundaries: `timezone:`, or
	 * the machine's (date.h). Owned. */
	struct wl_tz *tz;
};
#define WL_CONFIG_INIT { 0 }

/*
 * Finds .worklog.yaml from `start` upwards: the first folder with an
 * entry of that name, whatever it is (reading it checks that it is a
 * regular file). On success *root is the folder holding it (absolute,
 * caller frees). Returns 0, or -1 if there is none.
 */
int wl_config_find(char **root, const char *start);

/*
 * Parses a configuration from `text` (taken over: malloc'd, NUL-terminated)
 * shown as `path`. Problems are diagnostics with rule "config" at their
 * position: unknown keys, values of the wrong kind, and everything the
 * rule registry (rules.h) finds wrong with `rules:`. Returns 0 if the
 * configuration is usable, -1 if it had errors.
 * Missing keys get defaults: the records glob "records/", any depth,
 * "*.md"; no schemas.
 */
int wl_config_parse(struct wl_config *cfg, const char *path, char *text,
		    size_t len, struct wl_diags *diags);
/* Sets the defaults of an absent configuration file. */
void wl_config_defaults(struct wl_config *cfg);
void wl_config_release(struct wl_config *cfg);

/* Returns the roster entry with this id, or NULL. */
const struct wl_person *wl_config_person(const struct wl_config *cfg,
					 const char *id);
/* Returns the type `types:` assigns to `path`, or NULL. */
const char *wl_config_type_for(const struct wl_config *cfg, const char *path);
/* Returns 1 if `path` matches the `records` globs. */
int wl_config_is_record(const struct wl_config *cfg, const char *path);

/*
 * Returns 1 if `rel` is a safe repository-relative path: not absolute,
 * no `..` segment, not empty.
 */
int wl_path_is_safe(const char *rel);

#endif
