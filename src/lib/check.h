#ifndef WL_CHECK_H
#define WL_CHECK_H

#include <stddef.h>

#include "config.h"
#include "diag.h"
#include "facts.h"
#include "git.h"

/*
 * Checks across records: ids are unique in the repository
 * (duplicate-id), x-ref values name an existing record of their type
 * (dangling-ref), x-person values are on the roster (unknown-person).
 * They run over a record set: every record of one version of the
 * repository, each with its facts (facts.h).
 */

struct wl_recset_entry {
	char *path;
	struct wl_oid oid;
	struct wl_facts facts;  /* their text must outlive the set */
	int changed;            /* judged in full: set by the caller */
	size_t next;            /* the id index's chain */
};

struct wl_recset {
	struct wl_recset_entry *v;
	size_t nr, alloc;
	size_t *heads;          /* id index: buckets of entry numbers */
	size_t mask;
};
#define WL_RECSET_INIT { NULL, 0, 0, NULL, 0 }

/* Makes room for `n` more records. */
void wl_recset_reserve(struct wl_recset *set, size_t n);
/* Appends a record at `path` (taken over: malloc'd) with its facts empty,
 * and returns it; borrowed, valid until the next wl_recset_add. */
struct wl_recset_entry *wl_recset_add(struct wl_recset *set, char *path,
				      const struct wl_oid *oid);
/* Builds the id index; call after the last wl_recset_add. */
void wl_recset_index(struct wl_recset *set);
/* Returns the first record with this id, or NULL; then the next one. */
const struct wl_recset_entry *wl_recset_find(const struct wl_recset *set,
					     const char *id);
const struct wl_recset_entry *wl_recset_next(const struct wl_recset *set,
					     const struct wl_recset_entry *e);
void wl_recset_release(struct wl_recset *set);

/* A record id of a type, e.g. one that a change removed. */
struct wl_record_key {
	char *type;
	char *id;
};
struct wl_keys {
	struct wl_record_key *v;
	size_t nr, alloc;
};
#define WL_KEYS_INIT { NULL, 0, 0 }
void wl_keys_add(struct wl_keys *k, const char *type, const char *id);
void wl_keys_release(struct wl_keys *k);

/*
 * What the checks ask of the version of the repository they judge. Each
 * function calls `fn` for every match and stops early when `fn` returns
 * non-zero; it returns 0, what `fn` returned, or -1 on an error.
 */
typedef int (*wl_check_id_fn)(void *arg, const char *path, const char *type);
typedef int (*wl_check_ref_fn)(void *arg, const char *path,
			       const struct wl_fact *f);
struct wl_check_lookup {
	/* The records whose id is `id`: their paths and types. */
	int (*ids)(void *data, const char *id, wl_check_id_fn fn, void *arg);
	/* The x-ref values naming a `type` record with id `id`. */
	int (*refs)(void *data, const char *type, const char *id,
		    wl_check_ref_fn fn, void *arg);
	void *data;
};

/* Looks records up in `set`, which must be indexed. */
void wl_recset_lookup(struct wl_check_lookup *out, struct wl_recset *set);

/* A record judged in full. */
struct wl_check_record {
	const char *path;
	struct wl_facts *facts;
};

/*
 * The three rules' checks, as the rule registry (rules.h) runs them over
 * the records `in->changed` (sorted by path) against the version
 * `in->lookup` describes, with findings of severity `sev`:
 *
 * - duplicate-id: their ids are nobody else's;
 * - dangling-ref: their references name records, and the references
 *   other records make to the ids in `in->removed` (which the change
 *   deleted) now dangle;
 * - unknown-person: their people are on the roster (when it has people).
 *
 * Each returns 0, or -1 if a lookup failed.
 */
struct wl_rule_set;
int wl_check_duplicate_id(struct wl_diags *diags, const struct wl_rule_set *in,
			  int sev);
int wl_check_dangling_ref(struct wl_diags *diags, const struct wl_rule_set *in,
			  int sev);
int wl_check_unknown_person(struct wl_diags *diags,
			    const struct wl_rule_set *in, int sev);

#endif
