#ifndef WL_RULES_H
#define WL_RULES_H

#include "config.h"

/*
 * Reading the `rules:` section of .worklog.yaml (DESIGN.md §2): each rule
 * is `off`, `warning`, `error`, or a mapping of `severity` and the rule's
 * options. config.c has already checked the rule names and severities.
 */

/*
 * Returns the severity of `rule`: 0 when it is off, else WL_SEV_WARNING
 * or WL_SEV_ERROR. A rule the configuration does not name has `def`
 * (which may be 0); a rule given as a mapping without `severity` is an
 * error, since naming a rule with options turns it on.
 */
int wl_rule_severity(const struct wl_config *cfg, const char *rule, int def);

/* Returns option `key` of `rule` when the rule is a mapping, else NULL;
 * borrowed from the configuration. */
const struct wl_node *wl_rule_option(const struct wl_config *cfg,
				     const char *rule, const char *key);

#endif
