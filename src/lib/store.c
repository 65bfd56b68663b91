/*
 * The store: loading records, people, types and history into SQLite.
 * Queries, the lock-down and export are in store_query.c; the tables are
 * documented in docs/store.md.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "body.h"
#include "cache.h"
#include "facts.h"
#include "source.h"
#include "store.h"
#include "store_impl.h"
#include "version.h"

#include "../banned.h"

/*
 * The tables. Columns holding front-matter values are TEXT: a scalar is
 * stored as written (`done`, `2026-11-30`, `12.5`, `true`), a list or a
 * mapping as compact JSON, so every column compares as text and `fm`
 * keeps the types for json_extract().
 */
static const char schema_sql[] =
	"CREATE TABLE records ("
	" path TEXT PRIMARY KEY NOT NULL, type TEXT, id TEXT, title TEXT,"
	" owner TEXT, status TEXT, priority TEXT, category TEXT,"
	" project TEXT, date TEXT, period TEXT, created TEXT, due TEXT,"
	" completed TEXT, state TEXT, valid INTEGER NOT NULL,"
	" fm TEXT NOT NULL);"
	"CREATE TABLE items ("
	" path TEXT NOT NULL, kind TEXT NOT NULL, field TEXT,"
	" position INTEGER NOT NULL, text TEXT, owner TEXT, due TEXT,"
	" done INTEGER, line INTEGER NOT NULL, section TEXT);"
	"CREATE TABLE sections ("
	" path TEXT NOT NULL, heading TEXT NOT NULL, level INTEGER NOT NULL,"
	" line INTEGER NOT NULL, end_line INTEGER NOT NULL,"
	" chars INTEGER NOT NULL);"
	"CREATE TABLE people ("
	" id TEXT PRIMARY KEY NOT NULL, name TEXT, email TEXT,"
	" emails TEXT NOT NULL, reviewer INTEGER NOT NULL, team TEXT,"
	" role TEXT, active INTEGER);"
	"CREATE TABLE states ("
	" type TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,"
	" class TEXT NOT NULL, started INTEGER NOT NULL,"
	" position INTEGER NOT NULL, PRIMARY KEY (type, value));";

static const char history_sql[] =
	"CREATE TABLE history ("
	" seq INTEGER PRIMARY KEY, \"commit\" TEXT NOT NULL,"
	" time TEXT NOT NULL, epoch INTEGER NOT NULL, author TEXT,"
	" email TEXT, person TEXT, path TEXT NOT NULL, old_path TEXT,"
	" id TEXT, type TEXT, change TEXT NOT NULL, field TEXT,"
	" field_change TEXT, old TEXT, new TEXT, state TEXT);";

static const char ins_record[] =
	"INSERT INTO records VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	" ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
static const char ins_item[] =
	"INSERT INTO items VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char ins_section[] =
	"INSERT INTO sections VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char ins_person[] =
	"INSERT OR IGNORE INTO people VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char ins_state[] =
	"INSERT OR IGNORE INTO states VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char ins_history[] =
	"INSERT INTO history VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	" ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

int store_fail(struct wl_store *s, char **err, const char *what)
{
	*err = wl_xprintf("%s: %s", what, sqlite3_errmsg(s->db));
	return -1;
}

static int prepare(struct wl_store *s, sqlite3_stmt **st, const char *sql,
		   char **err)
{
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
			       NULL) != SQLITE_OK)
		return store_fail(s, err, "cannot prepare the store");
	return 0;
}

/* Runs a prepared insert and makes it ready for the next row. The
 * bindings point into records that are freed after the call, so they
 * are cleared. */
static int run(struct wl_store *s, sqlite3_stmt *st, char **err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, err, "cannot load the store");
	return 0;
}

int wl_store_open(struct wl_store **out, unsigned flags, char **err)
{
	struct wl_store *s = wl_xcalloc(1, sizeof(*s));
	int ret = -1;

	s->flags = flags;
	s->max_steps = WL_STORE_MAX_STEPS;
	s->max_result = WL_STORE_MAX_RESULT;
	if (sqlite3_open_v2(":memory:", &s->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				    SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		*err = wl_xprintf("cannot open the store: %s",
				  s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto done;
	}
	if (store_harden(s, err) < 0)
		goto done;
	/* Nothing is ever rolled back: loading either completes or the
	 * store is thrown away. */
	if (sqlite3_exec(s->db, "PRAGMA journal_mode = OFF", NULL, NULL,
			 NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK ||
	    ((flags & WL_STORE_HISTORY) &&
	     sqlite3_exec(s->db, history_sql, NULL, NULL, NULL) != SQLITE_OK) ||
	    sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, err, "cannot create the store");
		goto done;
	}
	if (prepare(s, &s->ins_record, ins_record, err) < 0 ||
	    prepare(s, &s->ins_item, ins_item, err) < 0 ||
	    prepare(s, &s->ins_section, ins_section, err) < 0 ||
	    prepare(s, &s->ins_person, ins_person, err) < 0 ||
	    prepare(s, &s->ins_state, ins_state, err) < 0 ||
	    ((flags & WL_STORE_HISTORY) &&
	     prepare(s, &s->ins_history, ins_history, err) < 0))
		goto done;
	ret = 0;
done:
	if (ret < 0) {
		wl_store_free(s);
		s = NULL;
	}
	*out = s;
	return ret;
}

void store_finalize_inserts(struct wl_store *s)
{
	sqlite3_finalize(s->ins_record);
	sqlite3_finalize(s->ins_item);
	sqlite3_finalize(s->ins_section);
	sqlite3_finalize(s->ins_person);
	sqlite3_finalize(s->ins_state);
	sqlite3_finalize(s->ins_history);
	s->ins_record = s->ins_item = s->ins_section = NULL;
	s->ins_person = s->ins_state = s->ins_history = NULL;
}

void wl_store_free(struct wl_store *s)
{
	if (!s)
		return;
	store_finalize_inserts(s);
	sqlite3_close(s->db);
	wl_buf_release(&s->json);
	free(s->change_err);
	free(s->refused);
	free(s);
}

const struct wl_store_stats *wl_store_stats(const struct wl_store *s)
{
	return &s->stats;
}

static int loading(struct wl_store *s, char **err)
{
	if (!s->sealed)
		return 0;
	*err = wl_xstrdup("the store is sealed: nothing more can be loaded");
	return -1;
}

/* Binds a front-matter value: NULL, a scalar as written, or JSON. */
static void bind_node(struct wl_store *s, sqlite3_stmt *st, int i,
		      const struct wl_node *n)
{
	if (!n || n->kind == WL_NODE_NULL) {
		sqlite3_bind_null(st, i);
	} else if (n->kind == WL_NODE_SEQ || n->kind == WL_NODE_MAP) {
		wl_buf_reset(&s->json);
		wl_node_to_json(&s->json, n);
		sqlite3_bind_text(st, i, wl_buf_cstr(&s->json), (int)s->json.len,
				  SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_text(st, i, n->str, (int)n->len, SQLITE_STATIC);
	}
}

static void bind_str(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static const char *class_name(enum wl_state_class cls)
{
	switch (cls) {
	case WL_STATE_OPEN:
		return "open";
	case WL_STATE_BLOCKED:
		return "blocked";
	case WL_STATE_DONE:
		return "done";
	case WL_STATE_CANCELLED:
		return "cancelled";
	case WL_STATE_NONE:
		break;
	}
	return NULL;
}

/* A scalar's text, for the x-lifecycle and people's keys. */
static const char *scalar(const struct wl_node *n)
{
	return n && n->kind != WL_NODE_SEQ && n->kind != WL_NODE_MAP &&
			       n->kind != WL_NODE_NULL
		       ? n->str
		       : NULL;
}

int wl_store_add_people(struct wl_store *s, const struct wl_config *cfg,
			char **err)
{
	sqlite3_stmt *st = s->ins_person;
	struct wl_buf emails = WL_BUF_INIT;
	size_t i, j;
	int ret = 0;

	if (loading(s, err) < 0)
		return -1;
	for (i = 0; i < cfg->people_nr && !ret; i++) {
		const struct wl_person *p = &cfg->people[i];
		const struct wl_node *active = wl_node_get(p->node, "active");

		wl_buf_reset(&emails);
		wl_buf_addch(&emails, '[');
		for (j = 0; j < p->emails_nr; j++) {
			if (j)
				wl_buf_addch(&emails, ',');
			wl_buf_add_json_string(&emails, p->emails[j],
					       strlen(p->emails[j]));
		}
		wl_buf_addch(&emails, ']');
		bind_str(st, 1, p->id);
		bind_str(st, 2, p->name);
		bind_str(st, 3, p->emails_nr ? p->emails[0] : NULL);
		sqlite3_bind_text(st, 4, emails.buf, (int)emails.len,
				  SQLITE_STATIC);
		sqlite3_bind_int(st, 5, p->reviewer);
		bind_str(st, 6, scalar(wl_node_get(p->node, "team")));
		bind_str(st, 7, scalar(wl_node_get(p->node, "role")));
		if (active && active->kind == WL_NODE_BOOL)
			sqlite3_bind_int(st, 8, active->v.b);
		ret = run(s, st, err);
		if (!ret)
			s->stats.people++;
	}
	wl_buf_release(&emails);
	return ret;
}

/* The rows of `states` of one type. An open state "starts" the work
 * unless it is the first open state of a type that lists several (the
 * state of work not begun yet: todo, open). */
static int add_states(struct wl_store *s, const struct wl_type *t, char **err)
{
	const struct wl_lifecycle *lc = &t->lifecycle;
	sqlite3_stmt *st = s->ins_state;
	size_t i, open = 0, first_open = (size_t)-1;

	for (i = 0; i < lc->nr_states; i++) {
		if (lc->states[i].cls != WL_STATE_OPEN)
			continue;
		if (!open++)
			first_open = i;
	}
	for (i = 0; i < lc->nr_states; i++) {
		int started = lc->states[i].cls == WL_STATE_OPEN &&
			      (open == 1 || i != first_open);

		bind_str(st, 1, t->name);
		bind_str(st, 2, lc->field);
		bind_str(st, 3, lc->states[i].value);
		bind_str(st, 4, class_name(lc->states[i].cls));
		sqlite3_bind_int(st, 5, started);
		sqlite3_bind_int64(st, 6, (sqlite3_int64)i);
		if (run(s, st, err) < 0)
			return -1;
	}
	return 0;
}

int wl_store_add_types(struct wl_store *s, const struct wl_schema_set *set,
		       char **err)
{
	size_t i, n = wl_schema_set_type_count(set);

	if (loading(s, err) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		const struct wl_type *t = wl_schema_set_type_at(set, i);

		if (t->lifecycle.field && add_states(s, t, err) < 0)
			return -1;
	}
	return 0;
}

/* Rows of `items` for the front matter's lists: one per entry. */
static int add_list_items(struct wl_store *s, const char *path,
			  const struct wl_node *fm, char **err)
{
	sqlite3_stmt *st = s->ins_item;
	size_t i, j;

	for (i = 0; i < fm->nr; i++) {
		const struct wl_node *v = fm->pairs[i].value;

		if (v->kind != WL_NODE_SEQ)
			continue;
		for (j = 0; j < v->nr; j++) {
			const struct wl_node *it = v->items[j];
			const struct wl_node *done = NULL;

			bind_str(st, 1, path);
			bind_str(st, 2, "list");
			bind_str(st, 3, fm->pairs[i].key->str);
			sqlite3_bind_int64(st, 4, (sqlite3_int64)j);
			bind_node(s, st, 5, it);
			if (it->kind == WL_NODE_MAP) {
				bind_node(s, st, 6, wl_node_get(it, "owner"));
				bind_node(s, st, 7, wl_node_get(it, "due"));
				done = wl_node_get(it, "done");
			}
			if (done && done->kind == WL_NODE_BOOL)
				sqlite3_bind_int(st, 8, done->v.b);
			sqlite3_bind_int(st, 9, it->line);
			if (run(s, st, err) < 0)
				return -1;
			s->stats.items++;
		}
	}
	return 0;
}

/* Rows of `items` (task items) and `sections` for the body. */
static int add_body(struct wl_store *s, const struct wl_record *r, char **err)
{
	struct wl_body b = WL_BODY_INIT;
	size_t i, off = r->fm.body < r->len ? r->fm.body : r->len;
	int ret = -1;

	wl_body_parse(&b, r->buf + off, r->len - off, r->fm.body_line - 1);
	for (i = 0; i < b.items_nr; i++) {
		const struct wl_body_item *it = &b.items[i];
		sqlite3_stmt *st = s->ins_item;

		bind_str(st, 1, r->path);
		bind_str(st, 2, "task");
		sqlite3_bind_int64(st, 4, (sqlite3_int64)i);
		bind_str(st, 5, it->text);
		bind_str(st, 6, it->owners_nr ? it->owners[0].text : NULL);
		bind_str(st, 7, it->due);
		sqlite3_bind_int(st, 8, it->done);
		sqlite3_bind_int(st, 9, it->line);
		bind_str(st, 10, it->section >= 0
					 ? b.headings[it->section].text
					 : NULL);
		if (run(s, st, err) < 0)
			goto done;
		s->stats.items++;
	}
	for (i = 0; i < b.headings_nr; i++) {
		const struct wl_body_heading *h = &b.headings[i];
		sqlite3_stmt *st = s->ins_section;

		bind_str(st, 1, r->path);
		bind_str(st, 2, h->text);
		sqlite3_bind_int(st, 3, h->level);
		sqlite3_bind_int(st, 4, h->line);
		sqlite3_bind_int(st, 5, h->end_line);
		sqlite3_bind_int64(st, 6, (sqlite3_int64)h->chars);
		if (run(s, st, err) < 0)
			goto done;
		s->stats.sections++;
	}
	ret = 0;
done:
	wl_body_release(&b);
	return ret;
}

int wl_store_add_record(struct wl_store *s, const struct wl_record *r,
			const struct wl_type *type, int valid, char **err)
{
	static const char *const common[] = {
		"title", "owner", NULL, "priority", "category", "project",
		"date", "period", "created", NULL, "completed",
	};
	const struct wl_node *fm = r->doc.root;
	const char *state_field = "status", *due_field = "due";
	sqlite3_stmt *st = s->ins_record;
	size_t i;

	if (loading(s, err) < 0)
		return -1;
	if (!fm || fm->kind != WL_NODE_MAP) {
		*err = wl_xprintf("'%s' has no front matter to load", r->path);
		return -1;
	}
	if (type && type->lifecycle.field)
		state_field = type->lifecycle.field;
	if (type && type->lifecycle.due)
		due_field = type->lifecycle.due;
	bind_str(st, 1, r->path);
	if (type)
		bind_str(st, 2, type->name);
	else
		bind_node(s, st, 2, wl_node_get(fm, "type"));
	bind_node(s, st, 3, wl_node_get(fm, type && type->id_field
						    ? type->id_field
						    : "id"));
	for (i = 0; i < sizeof(common) / sizeof(*common); i++)
		bind_node(s, st, 4 + (int)i,
			  wl_node_get(fm, common[i] ? common[i]
					  : i == 2 ? state_field : due_field));
	bind_str(st, 15, class_name(wl_record_state(type, fm)));
	sqlite3_bind_int(st, 16, valid);
	bind_node(s, st, 17, fm);
	if (run(s, st, err) < 0)
		return -1;
	s->stats.records++;
	if (!valid)
		s->stats.invalid++;
	if (add_list_items(s, r->path, fm, err) < 0)
		return -1;
	return add_body(s, r, err);
}

int wl_store_add_change(struct wl_store *s, const struct wl_hist_change *c,
			char **err)
{
	sqlite3_stmt *st = s->ins_history;
	int changed = c->kind == WL_HIST_CHANGED;

	if (loading(s, err) < 0)
		return -1;
	if (!st) {
		*err = wl_xstrdup("the store was opened without history");
		return -1;
	}
	if (!c->when || !c->path) {
		*err = wl_xprintf("a history change in commit %s lacks its %s",
				  c->commit, c->when ? "path" : "time");
		return -1;
	}
	sqlite3_bind_int64(st, 1, ++s->seq);
	bind_str(st, 2, c->commit);
	bind_str(st, 3, c->when);
	sqlite3_bind_int64(st, 4, c->time);
	bind_str(st, 5, c->author);
	bind_str(st, 6, c->email);
	bind_str(st, 7, c->person);
	bind_str(st, 8, c->path);
	bind_str(st, 9, c->old_path);
	bind_str(st, 10, c->id);
	bind_str(st, 11, c->type);
	bind_str(st, 12, wl_hist_kind_name(c->kind));
	if (changed) {
		bind_str(st, 13, c->field);
		bind_str(st, 14, wl_field_kind_name(c->field_kind));
		bind_str(st, 15, c->old_value);
		bind_str(st, 16, c->new_value);
	}
	bind_str(st, 17, c->state);
	if (run(s, st, err) < 0)
		return -1;
	s->stats.history++;
	return 0;
}

int wl_store_hist_fn(const struct wl_hist_change *c, void *data)
{
	struct wl_store *s = data;

	free(s->change_err);
	s->change_err = NULL;
	return wl_store_add_change(s, c, &s->change_err);
}

const char *wl_store_change_error(const struct wl_store *s)
{
	return s->change_err;
}

/*
 * Keeps the summary of record `r` (of type `t`) in the cache of `ver`,
 * under the id git gives its bytes: the text wl_version_facts_text
 * writes for the same blob, as the parse is the same
 * (wl_repo_parse_record), so the history walk's lookup finds it. A
 * summary the cache has (a warm run) is not written again: the lookup
 * costs less than the write.
 */
static void keep_facts(struct wl_version *ver, const struct wl_record *r,
		       const struct wl_type *t)
{
	struct wl_buf text = WL_BUF_INIT;
	const char *gtype = wl_version_glob_type(ver, r->path);
	struct wl_oid oid;

	/* A commit or the index names its blobs: no need to hash them. */
	if (wl_source_kind(ver->repo->src) == WL_SOURCE_WORKTREE ||
	    wl_source_oid(ver->repo->src, r->path, &oid) < 0)
		wl_oid_hash(&oid, r->buf, r->len);
	if (!wl_cache_copy(&text, ver->cache, &oid, gtype)) {
		wl_facts_write(&text, t, r->doc.root);
		wl_cache_store(ver->cache, &oid, gtype, wl_buf_cstr(&text),
			       text.len);
	}
	wl_buf_release(&text);
}

/* Reads one record of `repo` and adds it; with `ver`, keeps its
 * summary too. */
static int load_one(struct wl_store *s, struct wl_repo *repo,
		    struct wl_version *ver, const char *path, char **err)
{
	struct wl_record r = WL_RECORD_INIT;
	struct wl_diags d = WL_DIAGS_INIT;
	const struct wl_type *t = NULL;
	int ret = -1;

	if (wl_repo_validate_one(repo, path, &r, &t, &d, err) < 0)
		goto done;
	if (!r.doc.root) {
		s->stats.unreadable++;
		ret = 0;
		goto done;
	}
	if (ver)
		keep_facts(ver, &r, t);
	ret = wl_store_add_record(s, &r, t, d.errors == 0, err);
done:
	wl_diags_release(&d);
	wl_record_release(&r);
	return ret;
}

int wl_store_load(struct wl_store *s, struct wl_repo *repo,
		  const struct wl_pathlist *paths, struct wl_cache *cache,
		  char **err)
{
	double start = wl_monotonic();
	struct wl_version ver;
	size_t i;
	int ret = -1;

	if (cache)
		wl_version_init(&ver, repo, cache);
	if (wl_store_add_people(s, &repo->cfg, err) < 0 ||
	    wl_store_add_types(s, repo->schemas, err) < 0)
		goto done;
	for (i = 0; i < paths->nr; i++)
		if (load_one(s, repo, cache ? &ver : NULL, paths->v[i],
			     err) < 0)
			goto done;
	ret = 0;
done:
	s->stats.load_secs += wl_monotonic() - start;
	return ret;
}
