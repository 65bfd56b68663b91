#ifndef WL_LINT_RULES_H
#define WL_LINT_RULES_H

#include "diag.h"
#include "rules.h"

/*
 * The checks of lint's rules on one record (DESIGN.md §6), as rows of
 * the rule registry (rules.c) name them. Each has the check_record
 * signature of rules.h: it appends its findings, with its rule id and
 * severity `sev`, to `out`, proposes fixes into `in->fixes` when that
 * is set (only the rules flagged WL_RULE_FIXABLE), and returns 0 (-1
 * would mean the check could not be done; none of these fails).
 */

/* encoding (lint_encoding.c): a byte-order mark, \r\n line ends, a mix
 * of \r\n and \n, a lone \r. Needs only the text. */
int wl_lint_encoding(struct wl_diags *out, const struct wl_rule_record *in,
		     int sev);

/* truthy (lint_truthy.c): plain yes/no/on/off/y/n keys and values in
 * the front matter. */
int wl_lint_truthy(struct wl_diags *out, const struct wl_rule_record *in,
		   int sev);

/* date-order and overdue (lint_dates.c): x-date-order pairs; open
 * records and unchecked task items due before `in->today`. */
int wl_lint_date_order(struct wl_diags *out, const struct wl_rule_record *in,
		       int sev);
int wl_lint_overdue(struct wl_diags *out, const struct wl_rule_record *in,
		    int sev);

/* missing-section and empty-section (lint_sections.c): x-sections
 * against the body's headings. */
int wl_lint_missing_section(struct wl_diags *out,
			    const struct wl_rule_record *in, int sev);
int wl_lint_empty_section(struct wl_diags *out,
			  const struct wl_rule_record *in, int sev);

/* unknown-person, the body's half (lint_people.c): the @names of
 * task-list items. The x-person half is check.c's, across records. */
int wl_lint_task_owners(struct wl_diags *out, const struct wl_rule_record *in,
			int sev);

/*
 * For "did you mean" after an unknown roster id `s` (`len` bytes):
 * returns the roster id of the person whose name is `s`, else the
 * roster id nearest to `s` (wl_did_you_mean), else NULL. Borrowed from
 * the configuration.
 */
struct wl_config;
const char *wl_lint_person_hint(const struct wl_config *cfg, const char *s,
				size_t len);

#endif
