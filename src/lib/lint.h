#ifndef WL_LINT_H
#define WL_LINT_H

#include <stddef.h>

#include "body.h"
#include "diag.h"
#include "record.h"
#include "repo.h"
#include "rules.h"
#include "source.h"

/*
 * The rule engine (DESIGN.md §6): judges records by the rules of the
 * registry (rules.h) that a run selects, honours the records' own
 * suppressions, and works out the mechanical fixes. `worklog validate`
 * is this engine with validate's rules (WL_RULE_VALIDATE), `worklog
 * lint` with every rule the run can give what it needs, and the hooks
 * with the rules that make sense on one commit: one code path, so that
 * validate and lint never disagree on a record.
 *
 * A run has two phases. Each record is read, parsed, typed and judged
 * alone (wl_lint_record: the rules of one record and its body); then
 * the records are judged together (duplicate-id, dangling-ref and the
 * x-person half of unknown-person, check.h), and last the suppressions
 * of each record are applied to everything found in it.
 */

/* ---- Suppressions --------------------------------------------------- */

/*
 * A record's suppressions: `worklog: {disable: [RULE, ...]}` in front
 * matter (the whole file), and in the body the HTML comments
 *
 *	<!-- worklog-disable [RULE...] -->            to the matching enable
 *	<!-- worklog-enable [RULE...] -->             or the end of the file
 *	<!-- worklog-disable-next-line [RULE...] -->  the line after it
 *
 * with rules separated by commas or white space, none meaning every
 * rule, and anything after a `--` word a note for people. Every entry
 * is one rule of one directive, so that each can be reported alone
 * when it suppresses nothing.
 */
enum wl_sup_kind {
	WL_SUP_SETTING,         /* front matter: the whole file */
	WL_SUP_RANGE,           /* worklog-disable ... worklog-enable */
	WL_SUP_NEXT_LINE,       /* worklog-disable-next-line */
	WL_SUP_ENABLE,          /* a worklog-enable that ended nothing */
	WL_SUP_DIRECTIVE,       /* an unknown worklog-... directive */
};

#define WL_SUP_EVERY (-1)       /* no rule named: every rule */
#define WL_SUP_UNKNOWN (-2)     /* a rule id worklog does not know */

struct wl_sup {
	enum wl_sup_kind kind;
	int rule;               /* enum wl_rule_id, or the two above */
	char *name;             /* the rule (or directive) as written */
	int first, last;        /* the lines it covers */
	int line, column;       /* where it is written */
	int used;
};

struct wl_sups {
	struct wl_sup *v;
	size_t nr, alloc;
};
#define WL_SUPS_INIT { NULL, 0, 0 }
void wl_sups_release(struct wl_sups *s);

/*
 * Reads the suppressions of record `r` (parsed by wl_repo_parse_record,
 * so its `worklog:` value is r->settings) and of its body `body` (NULL:
 * none read). A `worklog:` value of the wrong shape is a "schema"
 * finding in `diags`, as validate has always reported it. Returns 0.
 */
int wl_sups_read(struct wl_sups *out, const struct wl_record *r,
		 const struct wl_body *body, struct wl_diags *diags);

/*
 * Returns 1 if a suppression covers a finding of `rule` on `line`, and
 * marks every one that does used; else 0.
 */
int wl_sups_match(struct wl_sups *s, enum wl_rule_id rule, int line);

/*
 * Returns 1 if diagnostic `g` is suppressed (marking the suppressions
 * used), else 0. Findings of rules flagged WL_RULE_UNSUPPRESSIBLE never
 * are; diagnostics of no rule of the registry ("config") neither.
 */
int wl_sups_filter(struct wl_sups *s, const struct wl_diag *g);

/*
 * Once every finding of the record at `path` went through
 * wl_sups_filter: reports under unused-suppression, with its severity
 * in `rules` (off: nothing), every suppression that names an unknown
 * rule or directive, a rule that cannot be suppressed, or that
 * suppressed nothing though its rule was judged (on in `rules`); such a
 * report is itself suppressed by a suppression of unused-suppression.
 */
void wl_sups_report(struct wl_sups *s, const struct wl_rules *rules,
		    const char *path, struct wl_diags *out);

/* ---- Fixes ---------------------------------------------------------- */

/*
 * Applies `fixes` to the file `buf` (`len` bytes) into a new malloc'd
 * buffer *out (*out_len bytes, NUL-terminated): the edits in order of
 * their offsets (an edit overlapping an earlier one is left out), then
 * the whole-file changes (drop the byte-order mark, \r\n to \n).
 * Marks each fix that changed something `applied`. Returns how many
 * did.
 */
size_t wl_fix_apply(char **out, size_t *out_len, const char *buf, size_t len,
		    struct wl_fixes *fixes);

/*
 * Appends to `out` a unified diff (`--- a/PATH`, `+++ b/PATH`, hunks
 * with 3 lines of context) turning `old` into `new`, or nothing if
 * they are equal. Fixes never join or split lines, except that lines
 * may be added at the end, so line N of one is line N of the other.
 */
void wl_fix_diff(struct wl_buf *out, const char *path, const char *old,
		 size_t old_len, const char *new, size_t new_len);

/*
 * Replaces the file `path` (repository-relative) under the folder
 * `root` with `buf`, atomically: a temporary file in the same folder,
 * with the file's mode, renamed over it. Only a regular file inside
 * `root`, reached through no symbolic link, is written. Returns 0, or
 * -1 with *err set (caller frees) and the file unchanged.
 */
int wl_fix_write(const char *root, const char *path, const char *buf,
		 size_t len, char **err);

/* ---- Runs ----------------------------------------------------------- */

enum wl_lint_flags {
	WL_LINT_FIX = 1 << 0,       /* work out the fixes */
	/* The paths are every record of the version (wl_repo_select with
	 * no path): there are no others to read for the rules across
	 * records. */
	WL_LINT_EVERY_RECORD = 1 << 1,
	/* Judge transition over every committed change of `range`
	 * (wl_lint_hist_transitions). */
	WL_LINT_HISTORY = 1 << 2,
};

struct wl_lint_opts {
	/* The rules judged, with their severities: the configuration's,
	 * narrowed by wl_rules_select for what the run can give. */
	const struct wl_rules *rules;
	long long today;            /* a day number, for TODAY rules */
	long long now;              /* the second deadlines are judged at
				       (wl_now), for the history rules */
	unsigned flags;             /* enum wl_lint_flags */
	const char *range;          /* WL_LINT_HISTORY: the commits; NULL:
				       all the version's revision reaches */
};

/* One record judged alone; see wl_lint_record. */
struct wl_lint_record {
	struct wl_record rec;
	const struct wl_type *type;     /* NULL: untyped or unreadable */
	struct wl_body body;
	int has_body;
	struct wl_sups sups;
	struct wl_fixes fixes;
};
#define WL_LINT_RECORD_INIT \
	{ WL_RECORD_INIT, NULL, WL_BODY_INIT, 0, WL_SUPS_INIT, WL_FIXES_INIT }
void wl_lint_record_release(struct wl_lint_record *r);

/*
 * Judges the record at `path` whose file is `buf` (`len` bytes, taken
 * over: malloc'd and NUL-terminated) alone, by the record rules of
 * `opts` (parsing, its type, its schema, its body), appending findings
 * to `diags` in no particular order and reading its suppressions, which
 * are not applied yet. When `facts` is not NULL the record's facts
 * (facts.h's text form) are appended to it, from the schema check's
 * own walk. Returns 0.
 */
int wl_lint_record(struct wl_lint_record *out, struct wl_repo *repo,
		   const char *path, char *buf, size_t len,
		   const struct wl_lint_opts *opts, struct wl_diags *diags,
		   struct wl_buf *facts);

/*
 * Reads the file `path` of `repo`'s source and judges it by
 * wl_lint_record. A file over the size limit is not read: it is one
 * "syntax" finding (wl_record_too_big), and *out has no type. Returns 0,
 * or -1 with *err set (caller frees) if the file could not be read.
 */
int wl_lint_read(struct wl_lint_record *out, struct wl_repo *repo,
		 const char *path, const struct wl_lint_opts *opts,
		 struct wl_diags *diags, struct wl_buf *facts, char **err);

/* The suppressions of one record of a run. */
struct wl_lint_sups {
	const char *path;           /* borrowed */
	struct wl_sups sups;
};

/*
 * Settles the findings `d` of a run, in any order: sorts them (path,
 * line, column), drops those a suppression of their record hides (`v`:
 * the records' suppressions, `nr` of them, sorted by path), reports by
 * `rules` the suppressions that hid nothing (wl_sups_report), and keeps
 * at most WL_MAX_RECORD_DIAGS findings of a record, as validate has
 * always shown them, with a count of the rest.
 */
void wl_lint_settle(struct wl_diags *d, struct wl_lint_sups *v, size_t nr,
		    const struct wl_rules *rules);

/* A file lint --fix rewrites (or, dry, would). */
struct wl_lint_fixed {
	char *path;
	char *old, *new;            /* the whole file before and after */
	size_t old_len, new_len;
	size_t findings;            /* findings the fixes remove */
};

struct wl_lint {
	struct wl_diags diags;      /* sorted by path, line, column */
	size_t records;             /* files judged */
	struct wl_lint_fixed *fixed;
	size_t fixed_nr, fixed_alloc;
	/* Notes for people, not findings (the history rules were skipped
	 * outside git). */
	struct wl_strlist notes;
};
#define WL_LINT_INIT { WL_DIAGS_INIT, 0, NULL, 0, 0, WL_STRLIST_INIT }
void wl_lint_release(struct wl_lint *l);

/*
 * Judges the files `paths` (repository-relative, sorted) of `repo`'s
 * source by `opts`, against every record of the version for the rules
 * across records and the history rules (lint_history.h; outside git
 * they are skipped, with a note in out->notes). With WL_LINT_FIX, out->fixed lists the files the
 * fixes change, and the findings they fix are left out of out->diags;
 * nothing is written (wl_fix_write does that). A file that cannot be
 * read is no finding but an error of the run: its message is appended
 * to `errors`, and the run goes on. Returns 0, or -1 if a file could not
 * be read.
 */
int wl_lint_run(struct wl_lint *out, struct wl_repo *repo,
		const struct wl_pathlist *paths,
		const struct wl_lint_opts *opts, struct wl_strlist *errors);

#endif
