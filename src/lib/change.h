#ifndef WL_CHANGE_H
#define WL_CHANGE_H

#include "diag.h"
#include "node.h"
#include "schema.h"

/*
 * Judging a change to one record between two committed versions:
 * `x-transitions` (which field changes the type allows), judged with
 * the type's compiled machines (type.h). Whether a version is done is
 * wl_record_is_done (type.h); when its period ends, date.h's.
 * The hooks and `lint --history` use these.
 */

/*
 * Checks each field that the type's x-transitions names: when its value
 * differs between `old_fm` and `new_fm`, the new value must be listed for
 * the old one. A field missing from either version, an old value the map
 * does not list, or a new value it names nowhere, is not judged (the
 * schema judges values). Findings
 * (rule "transition", severity `sev`) point at the new value under
 * `path`.
 */
void wl_check_transitions(struct wl_diags *diags, const char *path,
			  const struct wl_type *type,
			  const struct wl_node *old_fm,
			  const struct wl_node *new_fm, int sev);

#endif
