/*
 * worklog new TYPE: make a record from its type's template (the work is
 * template.h's: fields, body, id and path; this file gathers what the
 * user gives, writes the file and runs the editor).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "git.h"
#include "template.h"
#include "util.h"
#include "write.h"

#include "../banned.h"

enum {
	OPT_TITLE = 1,
	OPT_OWNER,
	OPT_PERIOD,
	OPT_SET,
	OPT_EDIT,
	OPT_TODAY,
};

static const struct cli_opt options[] = {
	{ OPT_TITLE, CLI_OPT_VALUE, "title", 't', "TEXT", NULL, NULL, 0, NULL,
	  "the title (the field name for a type without title)" },
	{ OPT_OWNER, CLI_OPT_VALUE, "owner", 'o', "ID", NULL, NULL, 0, NULL,
	  "the owner's roster id (default: yours, by git config user.email)" },
	{ OPT_PERIOD, CLI_OPT_VALUE, "period", 'p', "PERIOD", NULL, NULL, 0,
	  NULL, "the period: 2026-W48, 2026-11, 2026-Q4, 2026, or day, week, month, quarter, year for the current one" },
	{ OPT_SET, CLI_OPT_VALUE, "set", 's', "FIELD=VALUE", NULL, NULL, 0,
	  NULL, "set a field (repeatable); lists split at commas" },
	{ OPT_EDIT, CLI_OPT_FLAG, "edit", 'e', NULL, NULL, NULL, 0, NULL,
	  "open the record in $VISUAL or $EDITOR" },
	{ OPT_TODAY, CLI_OPT_VALUE, "today", 0, "DATE", NULL, NULL, 0, NULL,
	  "take DATE (YYYY-MM-DD) as today" },
	CLI_OPT_END,
};

static const char *const usage[] = {
	"TYPE [--title TEXT] [--owner ID] [--period PERIOD] [--set FIELD=VALUE...] [--edit]",
	NULL,
};

struct new_args {
	const char *title, *owner, *period, *today;
	const char **sets;
	size_t nr_sets;
	int edit;
};

/*
 * Runs the user's editor on `path`: the editor's text is a shell
 * command (as git takes it, `code --wait` works), the path is its
 * argument and never part of the command's text.
 */
static int run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	char *script;
	pid_t pid;
	int status;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	script = wl_xprintf("%s \"$@\"", ed);
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		free(script);
		return cli_error("cannot run the editor: %s", strerror(errno));
	}
	if (!pid) {
		execl("/bin/sh", "sh", "-c", script, ed, path, (char *)NULL);
		_exit(127);
	}
	free(script);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return cli_error("cannot wait for the editor: %s",
					 strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return cli_error("the editor '%s' failed; '%s' is kept", ed,
				 path);
	return 0;
}

/* `--period`: a period, or a kind for the current one of that kind. */
static int period_text(char out[WL_DATE_MAX], const char *s, long long today)
{
	enum wl_period_kind kind;
	struct wl_period p;

	if (!wl_period_kind_parse(&kind, s)) {
		wl_period_of(&p, kind, today);
		wl_period_fmt(out, &p);
		return 0;
	}
	if (wl_period_parse(&p, s, strlen(s)) < 0)
		return -1;
	wl_period_fmt(out, &p);
	return 0;
}

/* The owner: --owner through the roster, else git's user.email. */
static int find_owner(const char **owner, char **email,
		      const struct wl_repo *repo, const char *given)
{
	const struct wl_config *cfg = &repo->cfg;
	struct wl_git *git = NULL;
	char *err = NULL;

	*owner = NULL;
	*email = NULL;
	if (given) {
		*owner = cfg->people_nr ? wl_roster_find(cfg, given) : given;
		if (!*owner)
			return cli_error("new: '%s' is not in the roster of %s",
					 given, cfg->path);
		return 0;
	}
	if (!wl_git_open(&git, repo->root, &err) &&
	    !wl_git_config_string(email, git, "user.email"))
		*owner = wl_roster_find(cfg, *email);
	free(err);
	wl_git_free(git);
	return 0;
}

static int no_owner(const struct wl_config *cfg, const char *email)
{
	if (!cfg->people_nr)
		return cli_error("new: the roster of %s has no people, so the owner is not known: give --owner ID",
				 cfg->path);
	if (!email)
		return cli_error("new: git config user.email is not set, so the owner is not known: give --owner ID");
	return cli_error("new: your email '%s' is not in the roster of %s: give --owner ID, or add the email to your person there",
			 email, cfg->path);
}

/* Gives the draft what the options say. */
static int apply_args(struct wl_draft *d, const struct wl_value_ctx *ctx,
		      const struct new_args *a)
{
	struct wl_field f;
	char buf[WL_DATE_MAX], *why = NULL;
	const char *title = "title";
	size_t i;
	int r = 0;

	if (a->title) {
		if (wl_type_field(&f, d->type, "title") < 0) {
			if (wl_type_field(&f, d->type, "name") < 0)
				return cli_error("new: --title: a %s record has no title",
						 d->type->name);
			title = "name";
		}
		r = wl_draft_set_text(d, ctx, title, a->title, &why);
	}
	if (r >= 0 && a->period) {
		if (period_text(buf, a->period, ctx->today) < 0)
			return cli_error("new: '%s' is not a period (2026-W48, 2026-11, 2026-Q4, 2026, 2026-11-26) nor day, week, month, quarter or year",
					 a->period);
		r = wl_draft_set_text(d, ctx, "period", buf, &why);
	}
	for (i = 0; r >= 0 && i < a->nr_sets; i++) {
		const char *eq = strchr(a->sets[i], '=');
		char *field;

		if (!eq || eq == a->sets[i])
			return cli_usage_error(&cli_cmd_new,
					       "--set takes FIELD=VALUE, not '%s'",
					       a->sets[i]);
		field = wl_xstrndup(a->sets[i], eq - a->sets[i]);
		r = wl_draft_set_text(d, ctx, field, eq + 1, &why);
		/* A bad value is told with its field; a bad field says so. */
		if (r < 0 && !wl_type_field(&f, d->type, field)) {
			char *more = wl_xprintf("%s: %s", field, why);

			free(why);
			why = more;
		}
		free(field);
	}
	if (r < 0) {
		cli_error("new: %s", why);
		free(why);
		return CLI_TROUBLE;
	}
	return 0;
}

/* Fills the rest; says what is missing. */
static int fill(struct wl_draft *d, const struct wl_value_ctx *ctx,
		struct wl_rng *rng, const char *email)
{
	const char **missing = NULL;
	struct wl_buf b = WL_BUF_INIT;
	size_t nr = 0, i;
	char *why = NULL;
	int ret = 0, titled = 0;

	if (wl_draft_fill(d, ctx, rng, &missing, &nr, &why) < 0) {
		ret = cli_error("new: %s", why);
		goto done;
	}
	for (i = 0; i < nr; i++) {
		struct wl_field f;

		if (!ctx->owner && !wl_type_field(&f, d->type, missing[i]) &&
		    (f.shape.person || f.item.person)) {
			ret = no_owner(ctx->cfg, email);
			goto done;
		}
		wl_buf_addstr(&b, i ? ", " : "");
		wl_buf_addstr(&b, missing[i]);
		if (!strcmp(missing[i], "title") || !strcmp(missing[i], "name"))
			titled = 1;
	}
	if (nr)
		ret = cli_error("new: %s needs a value for %s: give %s with --set FIELD=VALUE%s",
				d->type->name, b.buf, nr > 1 ? "them" : "it",
				titled ? " (or --title TEXT)" : "");
done:
	free(missing);
	free(why);
	wl_buf_release(&b);
	return ret;
}

/* The findings of a record that would not be valid, on stderr. */
static int not_valid(const struct wl_draft *d, const struct wl_diags *diags)
{
	size_t i;

	cli_error("new: %s would not be valid, so it is not written:",
		  d->path);
	/* Its warnings (a heading still to fill in) are no reason. */
	for (i = 0; i < diags->nr; i++)
		if (diags->v[i].severity == WL_SEV_ERROR)
			cli_diag_line(stderr, &diags->v[i], NULL, NULL, 0);
	return CLI_TROUBLE;
}

static void print_path(const struct cli_opts *opts, const char *path,
		       int created)
{
	struct wl_buf b = WL_BUF_INIT;

	if (opts->format == CLI_FORMAT_JSON) {
		wl_buf_addstr(&b, "{\"path\": ");
		wl_buf_add_json_string(&b, path, strlen(path));
		wl_buf_addf(&b, ", \"created\": %s}\n",
			    created ? "true" : "false");
	} else {
		wl_buf_add_printable(&b, path, strlen(path));
		wl_buf_addch(&b, '\n');
	}
	fwrite(b.buf, 1, b.len, stdout);
	wl_buf_release(&b);
}

/* Opens the record in the editor, then says what is wrong with it. */
static int edit(struct cli_opts *opts, struct wl_repo *repo,
		const char *path)
{
	struct wl_diags diags = WL_DIAGS_INIT;
	char *abs = wl_xprintf("%s/%s", repo->root, path), *err = NULL;
	int ret = run_editor(abs);

	if (!ret && wl_repo_validate_one(repo, path, NULL, NULL, &diags,
					 &err) < 0)
		ret = cli_error("%s", err);
	if (!ret && diags.nr) {
		cli_print_diags(opts, &diags, 1);
		ret = diags.errors ? CLI_FINDINGS : CLI_OK;
	}
	free(abs);
	free(err);
	wl_diags_release(&diags);
	return ret;
}

/* The draft: what the options give, the rest filled in, placed. */
static int build(struct wl_draft *d, const struct wl_value_ctx *ctx,
		 struct wl_rng *rng, const struct new_args *a,
		 const char *email, const struct wl_config *cfg)
{
	char *why = NULL;
	int ret;

	if ((ret = apply_args(d, ctx, a)) || (ret = fill(d, ctx, rng, email)))
		return ret;
	if (wl_draft_place(d, cfg, ctx, rng, &why) < 0) {
		ret = cli_error("new: %s", why);
		free(why);
		return ret;
	}
	wl_draft_render(d);
	return 0;
}

/* At most this many random parts are tried when one is taken. */
#define MAX_TRIES 8

static int make(struct cli_opts *opts, struct wl_repo *repo,
		const struct wl_type *type, const struct new_args *a)
{
	struct wl_draft d = WL_DRAFT_INIT;
	struct wl_draft *dp = &d;
	struct wl_value_ctx ctx = { &repo->cfg, 0, NULL, 0, NULL };
	struct wl_diags diags = WL_DIAGS_INIT;
	struct wl_rng rng;
	char *email = NULL, *why = NULL, *existing = NULL, *last = NULL;
	int ret, tries;

	wl_rng_init(&rng);
	if (wl_today(&ctx.today, repo->cfg.tz, a->today) < 0) {
		ret = cli_usage_error(&cli_cmd_new,
				      "--today takes a date, YYYY-MM-DD, not '%s'",
				      a->today);
		goto done;
	}
	if ((ret = find_owner(&ctx.owner, &email, repo, a->owner)))
		goto done;
	/* A random part that is taken (on this branch) gets another go;
	 * a record made of its fields alone does not change by trying. */
	for (tries = 1;; tries++) {
		wl_draft_init(&d, type, wl_lang_of_config(&repo->cfg));
		if ((ret = build(&d, &ctx, &rng, a, email, &repo->cfg)))
			goto done;
		if (wl_drafts_check(repo, &dp, 1, &existing, &diags, &why) < 0) {
			ret = cli_error("new: %s", why);
			goto done;
		}
		if (existing || !wl_drafts_taken(&diags, NULL) || tries == MAX_TRIES ||
		    (last && !strcmp(last, d.text)))
			break;
		free(last);
		last = wl_xstrdup(d.text);
		wl_diags_release(&diags);
		wl_draft_release(&d);
	}
	if (existing) {
		print_path(opts, existing, 0);
		cli_error("new: %s exists already for this owner and period; not making another",
			  existing);
		ret = a->edit ? edit(opts, repo, existing) : CLI_OK;
		goto done;
	}
	if (diags.errors) {
		ret = not_valid(&d, &diags);
		goto done;
	}
	if (wl_write_file(repo->root, d.path, d.text, d.len, WL_WRITE_NEW,
			  NULL) < 0) {
		ret = cli_error("new: cannot write '%s': %s", d.path,
				strerror(errno));
		goto done;
	}
	print_path(opts, d.path, 1);
	ret = a->edit ? edit(opts, repo, d.path) : CLI_OK;
done:
	free(email);
	free(why);
	free(existing);
	free(last);
	wl_diags_release(&diags);
	wl_draft_release(&d);
	return ret;
}

static int run(int argc, char **argv, struct cli_opts *opts)
{
	struct new_args a = { 0 };
	struct wl_repo *repo = NULL;
	const struct wl_type *type;
	struct cli_parse p;
	const struct cli_opt *o;
	const char *v;
	int r, ret;

	cli_parse_init(&p, &cli_cmd_new, opts, argc, argv);
	while ((r = cli_parse_next(&p, &o, &v)) > 0) {
		switch (o->id) {
		case OPT_TITLE: a.title = v; break;
		case OPT_OWNER: a.owner = v; break;
		case OPT_PERIOD: a.period = v; break;
		case OPT_EDIT: a.edit = 1; break;
		case OPT_TODAY: a.today = v; break;
		case OPT_SET:
			a.sets = wl_xrealloc(a.sets, (a.nr_sets + 1) *
							     sizeof(*a.sets));
			a.sets[a.nr_sets++] = v;
			break;
		}
	}
	if (r < 0) {
		ret = p.status;
		goto done;
	}
	if (p.nargs != 1) {
		ret = cli_usage_error(&cli_cmd_new,
				      p.nargs ? "new takes one record type" :
						"new needs a record type (task, log, ...)");
		goto done;
	}
	if (opts->source != WL_SOURCE_WORKTREE) {
		ret = cli_usage_error(&cli_cmd_new,
				      "new writes into the working tree; --staged and --rev do not apply");
		goto done;
	}
	if ((ret = cli_open_repo(&repo, opts)))
		goto done;
	type = wl_schema_set_type(repo->schemas, p.args[0]);
	ret = type ? make(opts, repo, type, &a) :
		     cli_unknown_type(repo, "new", p.args[0]);
done:
	free(a.sets);
	cli_parse_release(&p);
	wl_repo_free(repo);
	return ret;
}

const struct cli_command cli_cmd_new = {
	"new", run, "create a record from its type's template", usage,
	"Writes a new record of type TYPE and prints its path. Its required\n"
	"fields are filled in: the type's `default`, `const` or first `enum`\n"
	"value; today for dates; the current period (of the type's x-period,\n"
	"else the first of week, month, quarter, year, day its schema takes);\n"
	"the owner, from --owner or your git user.email through the roster;\n"
	"and a new id, PREFIX-DATE-RANDOM (T-20261126-7f3a) or the type's\n"
	"x-id-pattern, so people on different branches do not collide. The\n"
	"body has the type's x-template, else a heading for each required\n"
	"section, named in reports.lang (zh: the Chinese alias).\n"
	"\n"
	"The path is the type's x-filename ({id}.md when it has none, or\n"
	"{period}-{owner}.md), in the folder the first `types:` glob for the\n"
	"type names, else in PLURAL/ under the folder of a `records` glob\n"
	"(records/tasks/T-20261126-7f3a.md). A file is never overwritten.\n"
	"For a type without ids that has a period and an owner (log, summary),\n"
	"a record of the same owner and period is printed instead of a second\n"
	"one (exit 0; --edit opens it). Today is the configuration's time\n"
	"zone's, or --today. With --edit the record is opened in $VISUAL,\n"
	"$EDITOR or vi, and checked when the editor exits.\n",
	options, CLI_OUT_ACTIONS,
	"Exit status: 0 when the record was written (or was there already);\n"
	"2 for a usage or configuration error, an unknown type, a bad value,\n"
	"a required field without a value, or a record that would not be valid.\n",
};
