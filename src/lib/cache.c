#include "cache.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "util.h"

#include "../banned.h"

/* The file's version is WL_FACTS_VERSION (facts.h), bumped when the
 * tables or the facts' text form change: the file is then emptied and
 * rebuilt. */

/* Contexts unused for this long are dropped with everything in them. */
#define CONTEXT_TTL (30LL * 86400)

static const char schema_sql[] =
	"CREATE TABLE ctxs (id INTEGER PRIMARY KEY, ctx TEXT NOT NULL UNIQUE,"
	" used INTEGER NOT NULL);"
	"CREATE TABLE facts (ctx INTEGER NOT NULL, oid BLOB NOT NULL,"
	" gtype TEXT NOT NULL, data BLOB NOT NULL,"
	" PRIMARY KEY (ctx, oid, gtype)) WITHOUT ROWID;"
	"CREATE TABLE ids (ctx INTEGER NOT NULL, id TEXT NOT NULL,"
	" path TEXT NOT NULL, oid BLOB NOT NULL, gtype TEXT NOT NULL,"
	" type TEXT NOT NULL,"
	" PRIMARY KEY (ctx, id, path, oid, gtype)) WITHOUT ROWID;"
	"CREATE TABLE refs (ctx INTEGER NOT NULL, type TEXT NOT NULL,"
	" id TEXT NOT NULL, path TEXT NOT NULL, oid BLOB NOT NULL,"
	" gtype TEXT NOT NULL, field TEXT NOT NULL, line INTEGER NOT NULL,"
	" col INTEGER NOT NULL,"
	" PRIMARY KEY (ctx, type, id, path, oid, gtype, field)) WITHOUT ROWID;"
	"CREATE TABLE trees (ctx INTEGER NOT NULL, tree BLOB NOT NULL,"
	" seq INTEGER NOT NULL, PRIMARY KEY (ctx, tree)) WITHOUT ROWID;";

enum stmt {
	ST_CTX_FIND,
	ST_CTX_ADD,
	ST_CTX_USED,
	ST_FACTS_GET,
	ST_FACTS_PUT,
	ST_ID_PUT,
	ST_REF_PUT,
	ST_IDS,
	ST_REFS,
	ST_TREE_GET,
	ST_TREE_PUT,
	ST_TREES,
	ST_NR
};

static const char *const stmt_sql[ST_NR] = {
	[ST_CTX_FIND] = "SELECT id FROM ctxs WHERE ctx = ?1",
	[ST_CTX_ADD] = "INSERT INTO ctxs (ctx, used) VALUES (?1, ?2)",
	[ST_CTX_USED] = "UPDATE ctxs SET used = ?2 WHERE id = ?1",
	[ST_FACTS_GET] = "SELECT data FROM facts WHERE ctx = ?1 AND oid = ?2"
			 " AND gtype = ?3",
	[ST_FACTS_PUT] = "INSERT OR REPLACE INTO facts (ctx, oid, gtype, data)"
			 " VALUES (?1, ?2, ?3, ?4)",
	[ST_ID_PUT] = "INSERT OR IGNORE INTO ids (ctx, id, path, oid, gtype,"
		      " type) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_REF_PUT] = "INSERT OR IGNORE INTO refs (ctx, type, id, path, oid,"
		       " gtype, field, line, col)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_IDS] = "SELECT path, oid, gtype, type FROM ids WHERE ctx = ?1"
		   " AND id = ?2",
	[ST_REFS] = "SELECT path, oid, gtype, type, field, line, col FROM refs"
		    " WHERE ctx = ?1 AND type = ?2 AND id = ?3",
	[ST_TREE_GET] = "SELECT 1 FROM trees WHERE ctx = ?1 AND tree = ?2",
	[ST_TREE_PUT] = "INSERT OR REPLACE INTO trees (ctx, tree, seq) VALUES"
			" (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM trees))",
	[ST_TREES] = "SELECT tree FROM trees WHERE ctx = ?1"
		     " ORDER BY seq DESC LIMIT ?2",
};

/* Facts read or written in this run, kept in memory: the facts handed
 * out point into these texts. */
struct entry {
	struct wl_oid oid;
	const char *gtype;      /* interned */
	const char *text;
	size_t len;
};

struct slot {
	uint64_t key;           /* the first 8 bytes of the blob id */
	struct entry *e;
};

struct wl_cache {
	sqlite3 *db;
	int persistent;
	int broken;             /* a write failed: nothing is committed */
	int discard;            /* nothing is committed */
	sqlite3_stmt *st[ST_NR];
	char *ctx;
	sqlite3_int64 ctx_id;
	struct wl_arena arena;
	struct slot *slots;
	size_t mask, nr;
	char **gtypes;
	size_t gtypes_nr, gtypes_alloc;
};

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static void finalize_all(struct wl_cache *c)
{
	size_t i;

	for (i = 0; i < ST_NR; i++) {
		sqlite3_finalize(c->st[i]);
		c->st[i] = NULL;
	}
}

/* Prepares the statements. Returns 0, or -1 if one does not compile
 * against the tables there. */
static int prepare_all(struct wl_cache *c)
{
	size_t i;

	for (i = 0; i < ST_NR; i++)
		if (sqlite3_prepare_v3(c->db, stmt_sql[i], -1,
				       SQLITE_PREPARE_PERSISTENT, &c->st[i],
				       NULL) != SQLITE_OK)
			return -1;
	return 0;
}

static void close_db(struct wl_cache *c)
{
	finalize_all(c);
	if (c->db)
		sqlite3_close(c->db);
	c->db = NULL;
}

/* Creates the tables unless they are there in this version (`rebuild`:
 * even then). */
static int setup(sqlite3 *db, int rebuild)
{
	sqlite3_stmt *st = NULL;
	char *sql;
	int version = -1, ret;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version == WL_FACTS_VERSION && !rebuild)
		return 0;
	if (exec(db, "DROP TABLE IF EXISTS ctxs; DROP TABLE IF EXISTS facts;"
		     " DROP TABLE IF EXISTS ids; DROP TABLE IF EXISTS refs;"
		     " DROP TABLE IF EXISTS trees") < 0 ||
	    exec(db, schema_sql) < 0)
		return -1;
	sql = wl_xprintf("PRAGMA user_version = %d", WL_FACTS_VERSION);
	ret = exec(db, sql);
	free(sql);
	return ret;
}

/*
 * Opens `path` (or memory) and takes the write lock for the whole run:
 * hooks of one repository then take turns, and the judgement reads what
 * it wrote. Returns 0 or -1.
 */
static int open_db(struct wl_cache *c, const char *path, int *code)
{
	*code = 0;
	/* NOFOLLOW: a link put at the path since safe_place looked is
	 * refused, not followed to whatever database it names. */
	if (sqlite3_open_v2(path ? path : ":memory:", &c->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW,
			    NULL) != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(c->db, 10000);
	if (path) {
		/* A cache: losing the last writes to a crash costs a
		 * re-parse, so commits need not wait for the disk. */
		exec(c->db, "PRAGMA journal_mode = WAL");
		exec(c->db, "PRAGMA synchronous = NORMAL");
	}
	if (exec(c->db, "BEGIN IMMEDIATE") < 0 || setup(c->db, 0) < 0)
		goto fail;
	if (prepare_all(c) < 0) {
		/* The version number is ours, the tables are not: another
		 * program's file, or a damaged one. Built again. */
		finalize_all(c);
		if (setup(c->db, 1) < 0 || prepare_all(c) < 0)
			goto fail;
	}
	c->persistent = path != NULL;
	return 0;
fail:
	if (c->db)
		*code = sqlite3_errcode(c->db);
	close_db(c);
	return -1;
}

static void remove_db(const char *path)
{
	char *p;

	unlink(path);
	p = wl_xprintf("%s-wal", path);
	unlink(p);
	free(p);
	p = wl_xprintf("%s-shm", path);
	unlink(p);
	free(p);
}

/*
 * Makes `path`'s place safe to open: its folder a real folder (made if
 * missing), and the file and SQLite's companions regular files or absent.
 * A symbolic link there is removed, never followed (what it names is
 * never opened), and the cache is built again. Returns 0, or -1 if
 * something else that is not a regular file is in the way.
 */
static int safe_place(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
						"-journal" };
	struct stat st;
	size_t i, n = strlen(path);
	char *p;
	int ret = 0;

	while (n && path[n - 1] != '/')
		n--;
	if (n > 1) {
		p = wl_xstrndup(path, n - 1);
		if (!lstat(p, &st) && S_ISLNK(st.st_mode))
			unlink(p);
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			ret = -1;
		else if (lstat(p, &st) < 0 || !S_ISDIR(st.st_mode))
			ret = -1;
		free(p);
	}
	for (i = 0; i < sizeof(suffixes) / sizeof(*suffixes) && !ret; i++) {
		p = wl_xprintf("%s%s", path, suffixes[i]);
		if (!lstat(p, &st) && S_ISLNK(st.st_mode))
			unlink(p);
		if (!lstat(p, &st) && !S_ISREG(st.st_mode))
			ret = -1;
		free(p);
	}
	return ret;
}

struct wl_cache *wl_cache_open(const char *path)
{
	struct wl_cache *c = wl_xcalloc(1, sizeof(*c));
	int code;

	c->mask = 1023;
	c->slots = wl_xcalloc(c->mask + 1, sizeof(*c->slots));
	c->ctx = wl_xstrdup("");
	c->ctx_id = -1;
	if (path && safe_place(path) < 0)
		path = NULL;
	if (path && open_db(c, path, &code) < 0) {
		/* A damaged file is only a cache: start it again. */
		if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
			remove_db(path);
			if (open_db(c, path, &code) == 0)
				return c;
		}
		path = NULL;
	}
	if (!path && open_db(c, NULL, &code) < 0)
		c->broken = 1;
	return c;
}

int wl_cache_persistent(const struct wl_cache *c)
{
	return c->persistent;
}

int wl_cache_broken(const struct wl_cache *c)
{
	return c->broken;
}

static uint64_t key_of(const struct wl_oid *oid)
{
	uint64_t k;

	memcpy(&k, oid->id, sizeof(k));
	return k;
}

static const char *intern(struct wl_cache *c, const char *gtype)
{
	size_t i;

	for (i = 0; i < c->gtypes_nr; i++)
		if (!strcmp(c->gtypes[i], gtype))
			return c->gtypes[i];
	WL_ALLOC_GROW(c->gtypes, c->gtypes_nr + 1, c->gtypes_alloc);
	c->gtypes[c->gtypes_nr] = wl_xstrdup(gtype);
	return c->gtypes[c->gtypes_nr++];
}

static void place_slot(struct slot *slots, size_t mask, uint64_t key,
		       struct entry *e)
{
	size_t i = (size_t)key & mask;

	while (slots[i].e)
		i = (i + 1) & mask;
	slots[i].key = key;
	slots[i].e = e;
}

/* Keeps the table at most half full. */
static void grow(struct wl_cache *c, size_t want)
{
	struct slot *old = c->slots;
	size_t i, old_mask = c->mask, size = c->mask + 1;

	if (2 * want <= size)
		return;
	while (2 * want > size)
		size *= 2;
	c->slots = wl_xcalloc(size, sizeof(*c->slots));
	c->mask = size - 1;
	for (i = 0; i <= old_mask; i++)
		if (old[i].e)
			place_slot(c->slots, c->mask, old[i].key, old[i].e);
	free(old);
}

/* `gtype` must be interned. */
static struct entry *find(struct wl_cache *c, const struct wl_oid *oid,
			  const char *gtype)
{
	uint64_t key = key_of(oid);
	size_t i = (size_t)key & c->mask;

	for (; c->slots[i].e; i = (i + 1) & c->mask) {
		struct entry *e = c->slots[i].e;

		if (c->slots[i].key == key && e->gtype == gtype &&
		    !wl_oid_cmp(&e->oid, oid))
			return e;
	}
	return NULL;
}

static char *arena_copy(struct wl_cache *c, const char *text, size_t len)
{
	char *p = wl_arena_alloc(&c->arena, len + 1);

	memcpy(p, text, len);
	p[len] = '\0';
	return p;
}

/* Keeps `text` for (oid, gtype) in memory; `gtype` interned. */
static struct entry *remember(struct wl_cache *c, const struct wl_oid *oid,
			      const char *gtype, const char *text, size_t len)
{
	struct entry *e = find(c, oid, gtype);

	if (e) {
		/* The old text stays in the arena: it may be borrowed. */
		if (e->len != len || memcmp(e->text, text, len))
			e->text = arena_copy(c, text, len);
		e->len = len;
		return e;
	}
	grow(c, c->nr + 1);
	e = wl_arena_alloc(&c->arena, sizeof(*e));
	e->oid = *oid;
	e->gtype = gtype;
	e->text = arena_copy(c, text, len);
	e->len = len;
	place_slot(c->slots, c->mask, key_of(oid), e);
	c->nr++;
	return e;
}

static sqlite3_stmt *stmt(struct wl_cache *c, enum stmt which)
{
	sqlite3_stmt *st = c->st[which];

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_bind_int64(st, 1, c->ctx_id);
	return st;
}

static int done(struct wl_cache *c, sqlite3_stmt *st)
{
	int r = sqlite3_step(st);

	sqlite3_reset(st);
	if (r != SQLITE_DONE) {
		c->broken = 1;
		return -1;
	}
	return 0;
}

/* Drops the contexts no run has used for CONTEXT_TTL. */
static void expire(struct wl_cache *c, long long now)
{
	sqlite3_stmt *st = NULL;
	static const char *const tables[] = { "facts", "ids", "refs", "trees" };
	size_t i;

	for (i = 0; i < 4; i++) {
		char *sql = wl_xprintf("DELETE FROM %s WHERE ctx IN (SELECT id"
				       " FROM ctxs WHERE used < ?1)", tables[i]);

		if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) ==
		    SQLITE_OK) {
			sqlite3_bind_int64(st, 1, now - CONTEXT_TTL);
			sqlite3_step(st);
		}
		sqlite3_finalize(st);
		free(sql);
	}
	if (sqlite3_prepare_v2(c->db, "DELETE FROM ctxs WHERE used < ?1", -1,
			       &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, now - CONTEXT_TTL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
}

void wl_cache_context(struct wl_cache *c, const char *ctx)
{
	sqlite3_stmt *st;
	long long now = (long long)time(NULL);

	if (!strcmp(c->ctx, ctx) && c->ctx_id >= 0)
		return;
	wl_arena_release(&c->arena);
	memset(c->slots, 0, (c->mask + 1) * sizeof(*c->slots));
	c->nr = 0;
	free(c->ctx);
	c->ctx = wl_xstrdup(ctx);
	c->ctx_id = -1;
	if (!c->db)
		return;
	st = c->st[ST_CTX_FIND];
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, ctx, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		c->ctx_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (c->ctx_id < 0) {
		expire(c, now);
		st = c->st[ST_CTX_ADD];
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, ctx, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, now);
		if (done(c, st) == 0)
			c->ctx_id = sqlite3_last_insert_rowid(c->db);
		return;
	}
	st = c->st[ST_CTX_USED];
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, c->ctx_id);
	sqlite3_bind_int64(st, 2, now);
	done(c, st);
}

/*
 * Finds the facts text of (oid, gtype), in memory or in the file: kept in
 * memory for the run when `copy` is NULL, else appended to `copy` and not
 * kept. Returns the text (borrowed from the cache, or from `copy`) with
 * its length in *len, or NULL.
 */
static const char *lookup(struct wl_cache *c, const struct wl_oid *oid,
			  const char *gtype, struct wl_buf *copy, size_t *len)
{
	struct entry *e;
	sqlite3_stmt *st;

	gtype = intern(c, gtype);
	e = find(c, oid, gtype);
	if (!e && c->db && c->ctx_id >= 0) {
		st = stmt(c, ST_FACTS_GET);
		sqlite3_bind_blob(st, 2, oid->id, WL_OID_RAWSZ, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, gtype, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *data = sqlite3_column_blob(st, 0);
			int bytes = sqlite3_column_bytes(st, 0);
			size_t n = data && bytes > 0 ? (size_t)bytes : 0;

			if (copy) {
				wl_buf_add(copy, n ? data : "", n);
				sqlite3_reset(st);
				*len = n;
				return wl_buf_cstr(copy);
			}
			e = remember(c, oid, gtype, n ? data : "", n);
		}
		sqlite3_reset(st);
	}
	if (!e)
		return NULL;
	*len = e->len;
	if (!copy)
		return e->text;
	wl_buf_add(copy, e->text, e->len);
	return wl_buf_cstr(copy);
}

const char *wl_cache_get(struct wl_cache *c, const struct wl_oid *oid,
			 const char *gtype, size_t *len)
{
	return lookup(c, oid, gtype, NULL, len);
}

const char *wl_cache_put(struct wl_cache *c, const struct wl_oid *oid,
			 const char *gtype, const char *text, size_t len)
{
	struct entry *e;
	sqlite3_stmt *st;

	gtype = intern(c, gtype);
	e = remember(c, oid, gtype, text, len);
	if (c->db && c->ctx_id >= 0) {
		st = stmt(c, ST_FACTS_PUT);
		sqlite3_bind_blob(st, 2, oid->id, WL_OID_RAWSZ, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, gtype, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 4, e->text, (int)len, SQLITE_STATIC);
		done(c, st);
	}
	return e->text;
}

int wl_cache_copy(struct wl_buf *out, struct wl_cache *c,
		  const struct wl_oid *oid, const char *gtype)
{
	size_t len;

	return lookup(c, oid, gtype, out, &len) != NULL;
}

void wl_cache_store(struct wl_cache *c, const struct wl_oid *oid,
		    const char *gtype, const char *text, size_t len)
{
	sqlite3_stmt *st;

	if (!c->db || c->ctx_id < 0)
		return;
	st = stmt(c, ST_FACTS_PUT);
	sqlite3_bind_blob(st, 2, oid->id, WL_OID_RAWSZ, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, intern(c, gtype), -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, len ? text : "", (int)len, SQLITE_STATIC);
	done(c, st);
}

int wl_cache_place(struct wl_cache *c, const char *path,
		   const struct wl_oid *oid, const char *gtype,
		   struct wl_facts *facts)
{
	sqlite3_stmt *st;
	size_t i;

	if (!facts->type)
		return 0;
	if (!c->db || c->ctx_id < 0 || c->broken)
		return -1;
	if (facts->id) {
		st = stmt(c, ST_ID_PUT);
		sqlite3_bind_text(st, 2, facts->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, path, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 4, oid->id, WL_OID_RAWSZ, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, gtype, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, facts->type, -1, SQLITE_STATIC);
		if (done(c, st) < 0)
			return -1;
	}
	if (wl_facts_complete(facts) < 0)
		return 0;
	for (i = 0; i < facts->nr; i++) {
		const struct wl_fact *f = &facts->v[i];

		if (!f->ref_type)
			continue;
		st = stmt(c, ST_REF_PUT);
		sqlite3_bind_text(st, 2, f->ref_type, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, f->value, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, path, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 5, oid->id, WL_OID_RAWSZ, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, gtype, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, f->field, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 8, f->line);
		sqlite3_bind_int(st, 9, f->column);
		if (done(c, st) < 0)
			return -1;
	}
	return 0;
}

/* Runs a lookup and calls `fn` per row. */
static int hits(struct wl_cache *c, sqlite3_stmt *st, int refs,
		wl_cache_hit_fn fn, void *data)
{
	int r, ret = 0;

	if (!c->db || c->ctx_id < 0)
		return -1;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct wl_cache_hit h;

		memset(&h, 0, sizeof(h));
		if (sqlite3_column_bytes(st, 1) != WL_OID_RAWSZ)
			continue;
		h.path = (const char *)sqlite3_column_text(st, 0);
		memcpy(h.oid.id, sqlite3_column_blob(st, 1), WL_OID_RAWSZ);
		h.gtype = (const char *)sqlite3_column_text(st, 2);
		h.type = (const char *)sqlite3_column_text(st, 3);
		if (refs) {
			h.field = (const char *)sqlite3_column_text(st, 4);
			h.line = sqlite3_column_int(st, 5);
			h.column = sqlite3_column_int(st, 6);
		}
		if (!h.path || !h.gtype || !h.type || (refs && !h.field))
			continue;
		ret = fn(&h, data);
		if (ret)
			break;
	}
	if (!ret && r != SQLITE_DONE)
		ret = -1;
	sqlite3_reset(st);
	return ret;
}

int wl_cache_ids(struct wl_cache *c, const char *id, wl_cache_hit_fn fn,
		 void *data)
{
	sqlite3_stmt *st;

	if (!c->db)
		return -1;
	st = stmt(c, ST_IDS);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
	return hits(c, st, 0, fn, data);
}

int wl_cache_refs(struct wl_cache *c, const char *type, const char *id,
		  wl_cache_hit_fn fn, void *data)
{
	sqlite3_stmt *st;

	if (!c->db)
		return -1;
	st = stmt(c, ST_REFS);
	sqlite3_bind_text(st, 2, type, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_TRANSIENT);
	return hits(c, st, 1, fn, data);
}

int wl_cache_complete(struct wl_cache *c, const struct wl_oid *tree)
{
	sqlite3_stmt *st;
	int r;

	if (!c->db || c->ctx_id < 0 || c->broken)
		return 0;
	st = stmt(c, ST_TREE_GET);
	sqlite3_bind_blob(st, 2, tree->id, WL_OID_RAWSZ, SQLITE_STATIC);
	r = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return r;
}

int wl_cache_mark_complete(struct wl_cache *c, const struct wl_oid *tree)
{
	sqlite3_stmt *st;

	if (!c->db || c->ctx_id < 0 || c->broken)
		return -1;
	st = stmt(c, ST_TREE_PUT);
	sqlite3_bind_blob(st, 2, tree->id, WL_OID_RAWSZ, SQLITE_STATIC);
	return done(c, st);
}

int wl_cache_recent_complete(struct wl_cache *c, struct wl_oids *out,
			     size_t max)
{
	sqlite3_stmt *st;

	if (!c->db || c->ctx_id < 0 || c->broken)
		return 0;
	st = stmt(c, ST_TREES);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)max);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct wl_oid oid;

		if (sqlite3_column_bytes(st, 0) != WL_OID_RAWSZ)
			continue;
		memcpy(oid.id, sqlite3_column_blob(st, 0), WL_OID_RAWSZ);
		wl_oids_add(out, &oid);
	}
	sqlite3_reset(st);
	return 0;
}

void wl_cache_discard(struct wl_cache *c)
{
	c->discard = 1;
}

int wl_cache_flush(struct wl_cache *c)
{
	if (!c->db || !c->persistent)
		return 0;
	if (c->broken || c->discard) {
		exec(c->db, "ROLLBACK");
		return -1;
	}
	if (exec(c->db, "COMMIT") < 0) {
		exec(c->db, "ROLLBACK");
		c->broken = 1;
		return -1;
	}
	/* Keep the lock for whatever the run does next. */
	if (exec(c->db, "BEGIN IMMEDIATE") < 0)
		c->broken = 1;
	return 0;
}

void wl_cache_free(struct wl_cache *c)
{
	size_t i;

	if (!c)
		return;
	if (c->db && c->persistent) {
		if (c->broken || c->discard || exec(c->db, "COMMIT") < 0)
			exec(c->db, "ROLLBACK");
	}
	close_db(c);
	wl_arena_release(&c->arena);
	for (i = 0; i < c->gtypes_nr; i++)
		free(c->gtypes[i]);
	free(c->gtypes);
	free(c->slots);
	free(c->ctx);
	free(c);
}
