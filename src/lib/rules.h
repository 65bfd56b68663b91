#ifndef WL_RULES_H
#define WL_RULES_H

#include <stddef.h>

#include "diag.h"
#include "node.h"

/*
 * The rule registry: one table row per rule id of DESIGN.md §6, with its
 * default severity, what it needs, its options, its check and its help.
 * Configuration loading compiles the `rules:` section through it (every
 * rule name, severity and option checked, with its position, for every
 * command); everything later asks the compiled settings (struct
 * wl_rules), never the YAML.
 */

enum wl_rule_id {
	WL_RULE_SYNTAX,
	WL_RULE_DUPLICATE_KEY,
	WL_RULE_SCHEMA,
	WL_RULE_ENCODING,
	WL_RULE_TRUTHY,
	WL_RULE_DUPLICATE_ID,
	WL_RULE_DANGLING_REF,
	WL_RULE_UNKNOWN_PERSON,
	WL_RULE_MISSING_SECTION,
	WL_RULE_EMPTY_SECTION,
	WL_RULE_FILENAME,
	WL_RULE_DATE_ORDER,
	WL_RULE_OVERDUE,
	WL_RULE_STALE,
	WL_RULE_CADENCE,
	WL_RULE_REVIEW,
	WL_RULE_LOCKED,
	WL_RULE_TRANSITION,
	WL_RULE_UNUSED_SUPPRESSION,
	WL_RULE_NR
};

/*
 * What a rule's check reads; one rule may need several. A run judges a
 * rule only when it can give everything the rule needs (see
 * wl_rules_select): `worklog lint` gives all but HISTORY and CHANGE
 * (those are `--history` and the history engine's), validate judges
 * only the rules flagged WL_RULE_VALIDATE, the hooks the rules that make
 * sense on one commit (WL_RULE_NEEDS_COMMIT; wl_rules_compile_hooks).
 */
enum wl_rule_needs {
	WL_RULE_NEEDS_RECORD = 1 << 0,   /* one record's front matter */
	WL_RULE_NEEDS_BODY = 1 << 1,     /* one record's Markdown body */
	WL_RULE_NEEDS_ALL = 1 << 2,      /* every record of the version */
	WL_RULE_NEEDS_HISTORY = 1 << 3,  /* earlier versions, from git */
	/* Only the file's bytes: judged even when its front matter cannot
	 * be read or typed. */
	WL_RULE_NEEDS_TEXT = 1 << 4,
	/* Today's date: a finding may appear with no change to the record,
	 * so a hook does not judge it unless told to. */
	WL_RULE_NEEDS_TODAY = 1 << 5,
	/* A record's previous version, and since when it has been done
	 * (what a hook knows of the commit it judges). */
	WL_RULE_NEEDS_CHANGE = 1 << 6,
};

/* What a hook can give: one commit against the one before it. */
#define WL_RULE_NEEDS_COMMIT (WL_RULE_NEEDS_RECORD | WL_RULE_NEEDS_BODY | \
			      WL_RULE_NEEDS_ALL | WL_RULE_NEEDS_TEXT | \
			      WL_RULE_NEEDS_CHANGE)

/* A duration option (`14d`): seconds, and the text for messages. */
struct wl_duration {
	long long secs;
	const char *text;           /* borrowed from the configuration */
};

enum wl_every {
	WL_EVERY_DAY,               /* workdays, Monday to Friday */
	WL_EVERY_WEEK,
	WL_EVERY_MONTH,
	WL_EVERY_QUARTER,
};

/* One `cadence.require[]` entry. Strings and nodes are borrowed. */
struct wl_cadence_require {
	const char *type;
	enum wl_every every;
	struct wl_duration grace;   /* 0 when not given */
	int all;                    /* who: all (the default) */
	const char **who;           /* else these roster ids */
	size_t who_nr;
	const struct wl_node *node;     /* the entry */
	const struct wl_node *type_at;  /* its `type` value */
	const struct wl_node *who_at;   /* its `who` list, or NULL */
};

struct wl_stale_opts {
	struct wl_duration after;       /* default 14d */
};

struct wl_cadence_opts {
	long long since;                /* a day number */
	int has_since;
	struct wl_cadence_require *require;
	size_t require_nr;
};

struct wl_review_opts {
	const char **types;
	const struct wl_node **types_at;
	size_t types_nr;
	struct wl_duration within;      /* default 7d */
};

struct wl_locked_opts {
	struct wl_duration after;       /* default 30d */
};

/*
 * The compiled `rules:` section. `severity` is 0 for a rule that is off,
 * else WL_SEV_WARNING or WL_SEV_ERROR; options not given have their
 * defaults. Strings are borrowed from the configuration.
 */
struct wl_rules {
	int severity[WL_RULE_NR];
	const struct wl_node *at[WL_RULE_NR];   /* the rule's entry, or NULL */
	struct wl_stale_opts stale;
	struct wl_cadence_opts cadence;
	struct wl_review_opts review;
	struct wl_locked_opts locked;
};

/* Sets every rule to its default severity and options. */
void wl_rules_init(struct wl_rules *rules);
/* Frees what compiling allocated; the strings stay the configuration's. */
void wl_rules_release(struct wl_rules *rules);

/*
 * Compiles the `rules:` mapping `n` of the configuration shown as `path`
 * into `rules` (initialised). Unknown rules, bad severities, unknown
 * options and bad values are "config" errors at their positions in
 * `diags`; the rest of the section still counts. Returns the number of
 * errors added.
 */
size_t wl_rules_compile(struct wl_rules *rules, const struct wl_node *n,
			const char *path, struct wl_diags *diags);

/*
 * Compiles the rules the hooks judge into `out`: those of `rules` (the
 * compiled `rules:` section) that make sense on one commit
 * (WL_RULE_NEEDS_COMMIT), then the severities of the `hooks: {rules:
 * {RULE: off|warning|error}}` mapping `n` (NULL: none). A rule that
 * needs today's date (overdue) is off in the hooks unless `n` turns it
 * on, and then today is the date of the commit judged; a rule that needs
 * the history of many commits cannot be turned on there. `out` borrows
 * from `rules` as wl_rules_select's copy does. Problems are "config"
 * errors at their positions in `diags` (NULL only when `n` is); returns
 * how many were added.
 */
size_t wl_rules_compile_hooks(struct wl_rules *out,
			      const struct wl_rules *rules,
			      const struct wl_node *n, const char *path,
			      struct wl_diags *diags);

/*
 * Checks the roster ids named by `cadence.require[].who` against the
 * ids in `people` (`nr` of them, any order): each must be one. Returns
 * the number of errors added.
 */
size_t wl_rules_check_people(const struct wl_rules *rules,
			     const char *const *people, size_t nr,
			     const char *path, struct wl_diags *diags);

/*
 * Checks the record types the rules name (`review.types`,
 * `cadence.require[].type`): `known(arg, name)` returns 1 for a type the
 * repository has. Returns the number of errors added.
 */
size_t wl_rules_check_types(const struct wl_rules *rules,
			    int (*known)(void *arg, const char *name),
			    void *arg, const char *path,
			    struct wl_diags *diags);

/*
 * Copies `from` into `out` (a shallow copy: it borrows what `from` owns
 * and is never released), turning off every rule whose needs are not
 * all in `have` (enum wl_rule_needs) and, when `flags` is not 0, every
 * rule without one of `flags` (enum wl_rule_flags). What stays on is
 * what a run judges.
 */
void wl_rules_select(struct wl_rules *out, const struct wl_rules *from,
		     unsigned have, unsigned flags);

/*
 * What the checks are given. Each rule's check takes the input of its
 * kind, appends its findings (rule id `def->id`, severity `sev`) and
 * returns 0, or -1 when it could not be done (a lookup failed).
 */
struct wl_record;
struct wl_type;
struct wl_config;
struct wl_check_record;
struct wl_check_lookup;
struct wl_keys;
struct wl_body;
struct wl_schema_mark;

/*
 * A mechanical fix a check proposes for one of its findings: replace
 * `len` bytes at byte `off` of the record's file with `text`, or for
 * the encoding rule transform the whole file. `rule`, `line` and
 * `column` are the finding's, so that a suppressed finding is not
 * fixed.
 */
enum wl_fix_kind {
	WL_FIX_EDIT,            /* off, len, text */
	WL_FIX_DROP_BOM,        /* drop the leading byte-order mark */
	WL_FIX_LF,              /* end every \r\n line with \n */
};
struct wl_fix {
	enum wl_fix_kind kind;
	enum wl_rule_id rule;
	int line, column;
	size_t off, len;
	char *text;             /* owned */
	int applied;            /* set by wl_fix_apply */
};
struct wl_fixes {
	struct wl_fix *v;
	size_t nr, alloc;
};
#define WL_FIXES_INIT { NULL, 0, 0 }
/* Appends a fix of kind `kind`; `text` (may be NULL) is copied. */
void wl_fixes_add(struct wl_fixes *f, enum wl_fix_kind kind,
		  enum wl_rule_id rule, int line, int column, size_t off,
		  size_t len, const char *text);
void wl_fixes_release(struct wl_fixes *f);

/*
 * One record. `type` is NULL when the front matter could not be read or
 * typed: then only the rules that need nothing but the text run.
 * `body` is the parsed body when a rule that needs it is on (else
 * NULL, and those rules do not run). `fixes` is NULL unless fixes are
 * wanted.
 */
struct wl_rule_record {
	const struct wl_rules *rules;
	const struct wl_config *cfg;        /* roster, time zone; may be NULL */
	const char *path;
	const struct wl_record *record;
	const struct wl_type *type;
	const struct wl_body *body;
	long long today;                    /* a day number (date.h) */
	struct wl_fixes *fixes;
	/* When set, the schema check hands every x-ref and x-person value
	 * it meets to `mark(value, mark_data)` (schema.h's
	 * wl_schema_mark_fn): lint's facts come from the same walk. */
	void (*mark)(const struct wl_schema_mark *m, void *data);
	void *mark_data;
};

/* The records a version changes, checked against the whole version. */
struct wl_rule_set {
	const struct wl_rules *rules;
	const struct wl_config *cfg;
	struct wl_check_record *changed;    /* sorted by path */
	size_t nr;
	const struct wl_keys *removed;      /* ids the change deleted */
	const struct wl_check_lookup *lookup;
};

/*
 * One record between two versions: `old_*` is the version before
 * (NULL front matter: none), the rest the version after (NULL front
 * matter: deleted). `now` and `offset` (minutes east of UTC) are the
 * time of the change. `done_since` is when the old version's record
 * entered a done state, walking first-parent history back (valid when
 * `has_done_since`).
 */
struct wl_rule_change {
	const struct wl_rules *rules;
	const char *path;                   /* where findings go */
	const struct wl_type *type;
	const struct wl_node *fm;
	const struct wl_type *old_type;
	const struct wl_node *old_fm;
	long long now;
	int offset;
	long long done_since;
	int has_done_since;
};

/* One option of a rule: its name and how its value is read into the
 * compiled settings. */
struct wl_rule_option {
	const char *name;
	int (*parse)(void *field, const struct wl_node *v, const char *rule,
		     const char *path, struct wl_diags *diags);
	size_t offset;                      /* of `field` in struct wl_rules */
	const char *help;
};

enum wl_rule_flags {
	/* The severity is error and cannot be changed: a record that breaks
	 * it cannot be read or typed at all. */
	WL_RULE_FIXED = 1 << 0,
	/* `worklog validate` judges it too, by the same code. */
	WL_RULE_VALIDATE = 1 << 1,
	/* No disable comment or setting hides its findings. */
	WL_RULE_UNSUPPRESSIBLE = 1 << 2,
	/* `lint --fix` fixes its findings (some of them). */
	WL_RULE_FIXABLE = 1 << 3,
};

struct wl_rule_def {
	const char *id;
	enum wl_rule_id rule;
	int severity;                       /* default; 0: off */
	unsigned needs;                     /* enum wl_rule_needs */
	unsigned flags;                     /* enum wl_rule_flags */
	const struct wl_rule_option *options;   /* NULL-terminated, or NULL */
	/* The check of the rule's kind, or NULL where the finding is made
	 * elsewhere (the parser) or the rule is not implemented yet. */
	int (*check_record)(struct wl_diags *out,
			    const struct wl_rule_record *in, int sev);
	int (*check_set)(struct wl_diags *out, const struct wl_rule_set *in,
			 int sev);
	int (*check_change)(struct wl_diags *out,
			    const struct wl_rule_change *in, int sev);
	const char *summary;                /* one line */
	const char *help;                   /* what it finds and its options */
	/* A record that breaks the rule and the same record keeping it:
	 * whole files (or the lines that matter), for help and SARIF. */
	const char *bad;
	const char *good;
};

/* The table, in the order of DESIGN.md §6, ended by a NULL id. */
extern const struct wl_rule_def wl_rule_defs[];

/* Returns the row of rule `id` (a string), or NULL. */
const struct wl_rule_def *wl_rule_find(const char *id);
/* Returns the row of rule `rule`. */
const struct wl_rule_def *wl_rule_def(enum wl_rule_id rule);

/*
 * Runs every rule whose check is of the given kind and whose severity
 * in `rules` is not off. A record's checks run only if it has a type,
 * except those of the rules that need only the text; those that need
 * the body only if `in->body` is set. Returns 0, or -1 if a check
 * failed.
 */
int wl_rules_run_record(struct wl_diags *out, const struct wl_rule_record *in);
int wl_rules_run_set(struct wl_diags *out, const struct wl_rule_set *in);
int wl_rules_run_change(struct wl_diags *out, const struct wl_rule_change *in);

#endif
