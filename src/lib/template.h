#ifndef WL_TEMPLATE_H
#define WL_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "node.h"
#include "repo.h"
#include "schema.h"
#include "type.h"
#include "util.h"

/*
 * New records made from their type's schema: `worklog new` makes one,
 * the imports one per row. A *draft* is a record being made: its front
 * matter fields, in the order the schema writes its properties, and its
 * body. Everything comes from the schema, so a team's own types get
 * templates for free:
 *
 * - fields: a value given (--set, a column), else for a required field
 *   its `default`, its `const`, the first of its `enum`, today for
 *   `format: date`, the current period for `format: period` (of the
 *   type's x-period, else the first of week, month, quarter, year and
 *   day that the field's schema accepts), the owner for `x-person` (and
 *   a list of the owner for a list of people). The field named `owner`
 *   gets the owner even when it is optional. The x-id field gets a new
 *   id (below). A record whose path no `types:` glob covers gets
 *   `type: NAME` first, as such a record must name its type.
 * - body: the type's x-template in the language, else one heading per
 *   x-section that is required (and whose `when` holds), named in the
 *   language: for zh the first alias written in Chinese, else the name.
 * - id: x-id-pattern, else PREFIX-{date}-{random}, PREFIX being the
 *   letters before the first '-' of the id field's first `examples`
 *   entry, else the type's name in capitals. {date} is today as
 *   20261126, {year}, {month} and {day} its parts, {random} hex digits
 *   from getrandom(2) (the env WORKLOG_TEST_RANDOM, a number, makes them
 *   repeatable for tests): four, more when a run makes so many ids that
 *   four would often clash (wl_rng_size), and {FIELD} the draft's value
 *   of FIELD. A date and a random part keep ids apart when several
 *   people make records on different branches at once.
 * - path: FOLDER/FILE. FILE is x-filename with its placeholders filled
 *   from the fields; a type without one gets {id}.md when it has x-id,
 *   {period}-{owner}.md when it has both fields, else {date}-{random}.md
 *   ({date} as 2026-11-26: the record's `date` field, else today).
 *   FOLDER is the literal folder of the first `types:` glob that gives
 *   the type, if any; else the literal folder of a `records` glob plus
 *   the type's plural (records/tasks, records/analyses), or the glob's
 *   folder itself, whichever the `records` globs match first.
 */

/* The languages of headings and of the configuration's comments. */
enum wl_lang {
	WL_LANG_EN,
	WL_LANG_ZH,
};

/* Parses "zh" or "en". Returns 0, or -1 for anything else. */
int wl_lang_parse(enum wl_lang *out, const char *s);
/* Returns "zh" or "en". */
const char *wl_lang_name(enum wl_lang lang);
/* The language of a locale name: zh for zh and zh_*, else en. */
enum wl_lang wl_lang_from_locale(const char *locale);
/* The language of the environment: the first of LC_ALL, LC_MESSAGES and
 * LANG that is set and not empty. */
enum wl_lang wl_lang_from_env(void);
/* The language of records: reports.lang of the configuration, else the
 * environment's. */
enum wl_lang wl_lang_of_config(const struct wl_config *cfg);

/*
 * Returns the heading that section `s` gets in a new record in `lang`
 * (borrowed from the type).
 */
const char *wl_section_heading(const struct wl_section *s, enum wl_lang lang);

/* Random parts of ids and names. */
struct wl_rng {
	uint64_t state;
	int seeded;                /* 1: repeatable (WORKLOG_TEST_RANDOM) */
	unsigned digits;           /* of a random part; 0: WL_RNG_DIGITS */
};
/* The hex digits of a random part: 65,536 values, few enough to keep
 * ids short, many enough that a team's records of one day rarely
 * clash (and a clash is made again). */
#define WL_RNG_DIGITS 4
#define WL_RNG_MAX_DIGITS 16
/* Reads WORKLOG_TEST_RANDOM once; random parts of WL_RNG_DIGITS. */
void wl_rng_init(struct wl_rng *rng);
/*
 * Sizes the random parts of a run that makes `n` of them: the fewest
 * digits, at least WL_RNG_DIGITS, whose values outnumber n sixteen
 * times, so that few clash and each clash made again rarely clashes
 * again (99,999 rows of one day get six digits; a thousand, four).
 */
void wl_rng_size(struct wl_rng *rng, size_t n);
/* Writes rng->digits lowercase hex digits and a NUL into `out`. */
void wl_rng_hex(struct wl_rng *rng, char out[WL_RNG_MAX_DIGITS + 1]);

/* A `--map-value FIELD:FROM=TO`: the value FROM of FIELD stands for TO. */
struct wl_value_map {
	const char *field;
	const char *from;
	const char *to;
};

/* What turning text into values needs (template_value.c). */
struct wl_value_ctx {
	const struct wl_config *cfg;    /* the roster and the time zone */
	long long today;                /* a day number */
	const struct wl_value_map *maps;
	size_t nr_maps;
	const char *owner;              /* roster id for defaults, or NULL */
};

/*
 * Returns the roster id of person `who`, found by id, by email
 * (`a@b`, or `Name <a@b>`; without regard to ASCII case) or by name;
 * NULL if nobody matches. A leading '@' is ignored.
 */
const char *wl_roster_find(const struct wl_config *cfg, const char *who);

/*
 * Reads a date as spreadsheets and exports write it: 2026-11-30,
 * 2026/11/30, 2026.11.30 (months and days of one or two digits), each
 * maybe followed by a time, 2026年11月30日, or an RFC 3339 date-time
 * (2026-11-30T16:00:00Z), which is taken in zone `tz`. Returns 0 with
 * *day set, or -1.
 */
int wl_date_from_text(long long *day, const char *text, size_t len,
		      const struct wl_tz *tz);

/*
 * Turns `text` into a value of the shape of `f`, allocated in `arena`:
 * the --map-value maps of `ctx` for f->name first; an enum value by
 * itself, without regard to case, or by a common word for it (进行中,
 * In Progress, 已完成...: the table in template_value.c); a person by
 * wl_roster_find; a date by wl_date_from_text; numbers and true/false
 * (是/否, yes/no) by their text; a list split at line breaks, else at
 * commas, semicolons and 、, each item turned by the item shape. Text
 * is trimmed. Returns 1 with *out set, 0 when the text is empty (no
 * value), or -1 with *why (caller frees) saying what is wrong.
 */
int wl_value_from_text(struct wl_node **out, struct wl_arena *arena,
		       const struct wl_field *f, const struct wl_value_ctx *ctx,
		       const char *text, char **why);

/* Text for the body, under a heading. */
struct wl_draft_part {
	const struct wl_section *section;  /* an x-section, or NULL */
	char *heading;                     /* else this heading; owned */
	struct wl_buf text;
};

struct wl_draft_field {
	const char *name;                  /* borrowed from the schema */
	struct wl_node *value;             /* in the draft's arena */
};

struct wl_draft {
	const struct wl_type *type;
	enum wl_lang lang;
	struct wl_arena arena;             /* the values */
	struct wl_draft_field *v;          /* in the order set */
	size_t nr, alloc;
	struct wl_draft_part *parts;       /* in the order added */
	size_t nr_parts, alloc_parts;
	char *id;                          /* the x-id value once made */
	int id_made;                       /* 1: made here, not given */
	char *path;                        /* set by wl_draft_place */
	char *text;                        /* set by wl_draft_render */
	size_t len;
};
#define WL_DRAFT_INIT { NULL, WL_LANG_EN, WL_ARENA_INIT, NULL, 0, 0, NULL, 0, 0, NULL, 0, NULL, NULL, 0 }

void wl_draft_init(struct wl_draft *d, const struct wl_type *type,
		   enum wl_lang lang);
void wl_draft_release(struct wl_draft *d);

/* Returns the value of field `name`, or NULL; borrowed. */
const struct wl_node *wl_draft_get(const struct wl_draft *d,
				   const char *name);
/* Sets field `name` (borrowed: it must outlive the draft) to `value`
 * (in the draft's arena), replacing any value it had. */
void wl_draft_put(struct wl_draft *d, const char *name,
		  struct wl_node *value);
/* Returns a string node of `s` in the draft's arena. */
struct wl_node *wl_draft_string(struct wl_draft *d, const char *s);

/*
 * Sets field `name` from `text` (wl_value_from_text). Returns 1 when
 * set, 0 when the text is empty (nothing set), -1 with *why (caller
 * frees) when the type has no such field or the text is no value of
 * it.
 */
int wl_draft_set_text(struct wl_draft *d, const struct wl_value_ctx *ctx,
		      const char *name, const char *text, char **why);

/*
 * Appends `text` to the body: under the heading of x-section `section`
 * (by name or alias; NULL: the type's first required section, else its
 * first), or with `heading` under a heading of its own (section and
 * heading both NULL: the first required section). Paragraphs are kept
 * apart by a blank line.
 */
void wl_draft_add_text(struct wl_draft *d, const char *section,
		       const char *heading, const char *text, size_t len);

/*
 * Fills the required fields that have no value yet, as the head of this
 * file says, and the x-id field with a new id. The names of required
 * fields it could not fill are appended to `missing` (as given by the
 * schema, borrowed). Returns 0, or -1 with *why set when a value it
 * makes is wrong (an x-id-pattern naming a field without a value).
 */
int wl_draft_fill(struct wl_draft *d, const struct wl_value_ctx *ctx,
		  struct wl_rng *rng, const char ***missing, size_t *nr_missing,
		  char **why);

/*
 * Decides d->path (relative to the repository root) as the head of this
 * file says. Returns 0, or -1 with *why set: no folder of the
 * configuration takes the type, x-filename has a wildcard or names a
 * field without a value, or a value would leave its folder.
 */
int wl_draft_place(struct wl_draft *d, const struct wl_config *cfg,
		   const struct wl_value_ctx *ctx, struct wl_rng *rng,
		   char **why);

/* Writes d->text: the front matter and the body. */
void wl_draft_render(struct wl_draft *d);

/*
 * Frees what a placed and rendered draft no longer needs: its values,
 * their arena and its body parts. Its type, id, path and text stay, as
 * checking and writing it need (wl_drafts_check, an import's plan), so
 * that an import of many rows holds the texts only.
 */
void wl_draft_keep_text(struct wl_draft *d);

/*
 * Checks placed and rendered drafts as `worklog validate` and the checks
 * across records (check.h) would see them once written: each is parsed
 * and validated as the file at its path (schema, filename), then its
 * id, references and people are checked against every record of the
 * working tree and the other drafts (duplicate-id, dangling-ref,
 * unknown-person, at the configuration's severities). A path that
 * exists already, or that two drafts share, is an error (rule
 * "exists"): new records never overwrite.
 *
 * A draft of a type without x-id that has `period` and `owner` repeats
 * a record of its type with the same owner and period. With `existing`
 * (an array of `nr`), the path of the record it repeats goes to
 * existing[i] (caller frees; NULL when none) and the draft gets no
 * findings; without, the repeat is an "exists" error.
 *
 * Findings are appended to `diags` under the drafts' paths, sorted.
 * Returns 0, or -1 with *err set when the records could not be listed.
 */
int wl_drafts_check(struct wl_repo *repo, struct wl_draft *const *drafts,
		    size_t nr, char **existing, struct wl_diags *diags,
		    char **err);

/*
 * Returns 1 if `diags` (of wl_drafts_check) say that the path or the id
 * of the draft at `path` (NULL: of any draft) is taken already, by a
 * file, a record or another draft: an id with a random part may then be
 * made again. Else 0.
 */
int wl_drafts_taken(const struct wl_diags *diags, const char *path);

/*
 * Returns the indexes 0 .. nr - 1 of `drafts` (each placed, with a path)
 * ordered by path, and by index among drafts of one path, so that drafts
 * that would be one file stand together: an array of nr + 1 the caller
 * frees. Sorting keeps an import of many rows from comparing every row
 * with every other.
 */
size_t *wl_drafts_by_path(struct wl_draft *const *drafts, size_t nr);

/*
 * Appends `s` to `b` as a YAML scalar that reads back as that string:
 * plain when that is safe (and not a word that YAML 1.1 reads as true or
 * false), else double-quoted.
 */
void wl_yaml_add_string(struct wl_buf *b, const char *s, size_t len);

/* Returns the plural of a type's name, as its folder: tasks, analyses,
 * summaries (caller frees). */
char *wl_type_folder_name(const char *type);

#endif
