#ifndef CLI_OPT_H
#define CLI_OPT_H

/*
 * Command-line options as data. Each command has one table of rows; the
 * options every command takes are one shared table (common.c). The same
 * rows drive parsing (cli_parse_next), the usage hint, --help, and the
 * `worklog help --options` dump that man pages and shell completion are
 * generated from, so an option cannot be accepted without being
 * documented.
 */

enum cli_opt_kind {
	CLI_OPT_FLAG,      /* --name, -n: takes no value */
	CLI_OPT_VALUE,     /* --name V, --name=V, -n V, -nV */
	CLI_OPT_OPTIONAL,  /* --name[=V]: a value only after '=', else .implied */
	/* --name stands for another row's option given .implied as its
	 * value (--no-color is --color=never): same .id, no value of its own */
	CLI_OPT_SWITCH,
};

enum cli_opt_marks {
	/* Parsed but left out of help and completion, e.g. an old
	 * spelling kept for scripts; the dump lists it as hidden. */
	CLI_OPT_HIDDEN = 1 << 0,
	/* Another name for the row just above: same .id and kind, shown
	 * beside it in help ("--staged, --cached"). */
	CLI_OPT_ALIAS = 1 << 1,
	/* The choices are the output formats of the running command (the
	 * format table in output.c), not .choices. */
	CLI_OPT_FORMATS = 1 << 2,
};

struct cli_opt {
	/* What the parser hands back: a command switches on it. An alias
	 * or a switch has the id of the option it stands for. */
	int id;
	enum cli_opt_kind kind;
	const char *name;            /* long name without "--", or NULL */
	char letter;                 /* short name, or 0 */
	const char *value_name;      /* "DIR", "FILE": VALUE and OPTIONAL */
	/* Allowed values, NULL-terminated, the default first; NULL for
	 * any value. A value outside them is a usage error. */
	const char *const *choices;
	const char *implied;         /* OPTIONAL with no value; SWITCH */
	unsigned marks;              /* enum cli_opt_marks */
	/* The help section: NULL for the command's own "Options", else a
	 * word ("common" gives "Common options"). */
	const char *group;
	const char *help;            /* one line, lower case, no full stop */
};

/* A table ends with a row whose name and letter are both empty. */
#define CLI_OPT_END { 0, CLI_OPT_FLAG, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL }

static inline int cli_opt_is_end(const struct cli_opt *o)
{
	return !o->name && !o->letter;
}

/* Returns "flag", "value", "optional" or "switch" (the dump's names). */
const char *cli_opt_kind_name(enum cli_opt_kind kind);

#endif
