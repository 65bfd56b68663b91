/*
 * worklog hook pre-commit|pre-receive|update: run as a git hook. The
 * judgement is the library's (hook.h); this file reads what git passes,
 * prints the findings and decides the exit code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "date.h"
#include "hook.h"
#include "util.h"

#include "../banned.h"

extern char **environ;

/* Hex digits of a commit shown in a finding: enough to be unique in
 * practice, and the same on every run. */
#define SHORT_HEX 12

enum { OPT_TIP_ONLY = 1, OPT_NO_CACHE, OPT_STATS };

static const struct cli_opt options[] = {
	{ OPT_TIP_ONLY, CLI_OPT_FLAG, "tip-only", 0, NULL, NULL, NULL, 0, NULL,
	  "judge only the pushed tips, not every new commit" },
	{ OPT_NO_CACHE, CLI_OPT_FLAG, "no-cache", 0, NULL, NULL, NULL, 0, NULL,
	  "do not use the facts cache ($GIT_DIR/worklog/cache.sqlite)" },
	{ OPT_STATS, CLI_OPT_FLAG, "stats", 0, NULL, NULL, NULL, 0, NULL,
	  "say on stderr how many versions were judged, rule sets compiled and records validated" },
	CLI_OPT_END,
};

/* What the run was asked besides the hook's name. */
struct hook_run {
	unsigned flags;        /* enum wl_hook_flags */
	int tip_only;
	int stats;
};

static const char *const usage[] = {
	"pre-commit|pre-merge-commit [OPTIONS]",
	"pre-receive [--tip-only] [OPTIONS] < OLD NEW REF lines",
	"update [--tip-only] [OPTIONS] REF OLD NEW",
	NULL,
};

static int gitlab(void)
{
	char **e;

	if (getenv("GL_ID"))
		return 1;
	for (e = environ; *e; e++)
		if (!strncmp(*e, "GITLAB_", 7) || !strncmp(*e, "GL_", 3))
			return 1;
	return 0;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The time of the commit being made: GIT_COMMITTER_DATE, or now. */
static void commit_time(long long *now, int *offset)
{
	const char *env = getenv("GIT_COMMITTER_DATE");
	time_t t = time(NULL);
	struct tm tm;

	if (env && *env && !wl_commit_time_parse(now, offset, env))
		return;
	*now = (long long)t;
	*offset = localtime_r(&t, &tm) ? (int)(tm.tm_gmtoff / 60) : 0;
}

/*
 * The time a push is judged at: the server's clock, never a pushed
 * commit's date (the pusher writes those). WORKLOG_TEST_NOW, in the
 * forms GIT_COMMITTER_DATE takes, replaces the clock for tests. Returns
 * 0, or CLI_TROUBLE.
 */
static int push_time(long long *now)
{
	const char *env = getenv("WORKLOG_TEST_NOW");
	int offset;

	if (!env) {
		*now = (long long)time(NULL);
		return 0;
	}
	if (wl_commit_time_parse(now, &offset, env) < 0)
		return cli_error("WORKLOG_TEST_NOW: not a time: '%s'", env);
	return 0;
}

/* --stats: what the hook did, on stderr. */
static void print_stats(const struct hook_run *run, const struct wl_hook *h)
{
	const struct wl_hook_stats *st = wl_hook_stats(h);

	if (run->stats)
		fprintf(stderr, "worklog: stats: %zu %s judged, %zu %s compiled, %zu %s validated\n",
			st->judged, plural(st->judged, "version", "versions"),
			st->compiled,
			plural(st->compiled, "rule set", "rule sets"),
			st->checked, plural(st->checked, "record", "records"));
}

/*
 * The commits a merge brings in, before git writes MERGE_HEAD (when it
 * runs pre-merge-commit): `git merge` names them in GIT_REFLOG_ACTION
 * ("merge topic"), `git pull` in FETCH_HEAD.
 */
static int merging_commits(struct wl_oids *out, struct wl_git *git)
{
	const char *action = getenv("GIT_REFLOG_ACTION");
	char *words, *w, *save = NULL, *err = NULL;
	int ret = 0;

	if (!action)
		return 0;
	if (!strncmp(action, "pull", 4) && (!action[4] || action[4] == ' ')) {
		ret = wl_git_fetch_heads(out, git, &err);
		free(err);
		return ret;
	}
	if (strncmp(action, "merge ", 6))
		return 0;
	words = wl_xstrdup(action + 6);
	for (w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		struct wl_oid oid;

		if (!wl_git_resolve(&oid, git, w, &err))
			wl_oids_add(out, &oid);
		free(err);
		err = NULL;
	}
	free(words);
	return 0;
}

static int pre_commit(struct cli_opts *opts, struct wl_git *git,
		      const struct hook_run *run, int merge)
{
	struct wl_hook *h = NULL;
	struct wl_verdict v = WL_VERDICT_INIT;
	struct wl_oids merging = WL_OIDS_INIT;
	struct cli_opts quiet = *opts;
	long long now;
	int offset, ret;
	char *err = NULL;

	commit_time(&now, &offset);
	if (merge)
		merging_commits(&merging, git);
	wl_hook_new(&h, git, run->flags);
	if (wl_hook_judge_index(&v, h, &merging, now, offset, &err) < 0) {
		ret = cli_error("pre-commit: %s", err);
		goto done;
	}
	if (v.config_failed) {
		ret = cli_config_failed(&v.diags, NULL, NULL);
		goto done;
	}
	quiet.quiet = 1;
	cli_print_diags(&quiet, &v.diags, v.checked);
	fflush(stdout);
	if (v.failed && !v.warn_only) {
		fprintf(stderr, "worklog: commit rejected: %zu %s failed\n",
			v.failed, plural(v.failed, "record", "records"));
		ret = CLI_FINDINGS;
	} else if (v.failed) {
		fprintf(stderr, "worklog: %zu %s failed; commit accepted (hooks: warn-only)\n",
			v.failed, plural(v.failed, "record", "records"));
		ret = CLI_OK;
	} else {
		if (v.diags.warnings && !opts->quiet)
			fprintf(stderr, "worklog: %zu %s; commit accepted\n",
				v.diags.warnings,
				plural(v.diags.warnings, "warning", "warnings"));
		ret = CLI_OK;
	}
	if (ret == CLI_OK)
		wl_hook_accept(h);
	print_stats(run, h);
done:
	free(err);
	wl_oids_release(&merging);
	wl_verdict_release(&v);
	wl_hook_free(h);
	return ret;
}

/* The findings of a push: one group per judged commit. */
struct push_findings {
	struct cli_finding_group *groups;
	struct wl_diags *diags;          /* the groups' */
	char (*hex)[SHORT_HEX + 1];      /* the groups' commits, shortened */
	struct cli_findings f;
};

static void push_findings_init(struct push_findings *pf, size_t commits)
{
	size_t n = commits ? commits : 1;

	memset(pf, 0, sizeof(*pf));
	pf->groups = wl_xcalloc(n, sizeof(*pf->groups));
	pf->diags = wl_xcalloc(n, sizeof(*pf->diags));
	pf->hex = wl_xcalloc(n, sizeof(*pf->hex));
	pf->f.groups = pf->groups;
}

/* Keeps the verdict's findings (emptying it) as the next group. */
static void push_findings_add(struct push_findings *pf, const char *hex,
			      struct wl_verdict *v, const char *prefix)
{
	size_t i = pf->f.nr++;

	memcpy(pf->hex[i], hex, SHORT_HEX);
	pf->f.records += v->checked;
	pf->f.errors += v->diags.errors;
	pf->f.warnings += v->diags.warnings;
	wl_diags_move(&pf->diags[i], &v->diags);
	pf->groups[i].commit = pf->hex[i];
	pf->groups[i].prefix = prefix;
	pf->groups[i].diags = &pf->diags[i];
}

static void push_findings_release(struct push_findings *pf)
{
	size_t i;

	for (i = 0; i < pf->f.nr; i++)
		wl_diags_release(&pf->diags[i]);
	free(pf->groups);
	free(pf->diags);
	free(pf->hex);
}

/* How a push fares. */
struct push_tally {
	size_t failed, bad_commits;
	int rejected;                    /* a failure not under warn-only */
	struct wl_diags bad_config;      /* rules with errors: trouble */
	char bad_hex[SHORT_HEX + 1];     /* the commit they are in */
};

/*
 * Judges what the plan of a push says, keeping the findings in `pf`.
 * Stops at rules with errors. Returns 0, or CLI_TROUBLE.
 */
static int judge_plan(struct push_findings *pf, struct push_tally *t,
		      struct wl_hook *h, const struct wl_push_plan *plan,
		      const char *prefix, const char *name)
{
	long long now;
	int ret = push_time(&now);
	char *err = NULL;
	size_t i;

	for (i = 0; i < plan->nr && !ret; i++) {
		struct wl_verdict v = WL_VERDICT_INIT;
		char hex[WL_OID_HEXSZ + 1];

		wl_oid_fmt(hex, &plan->v[i].commit);
		if (wl_hook_judge_push(&v, h, &plan->v[i], now, &err) < 0) {
			ret = cli_error("%s: commit %.*s: %s", name, SHORT_HEX,
					hex, err);
		} else if (v.config_failed) {
			/* Trouble: nothing after it is judged. */
			wl_diags_move(&t->bad_config, &v.diags);
			wl_oid_fmt(hex, &v.config_commit);
			memcpy(t->bad_hex, hex, SHORT_HEX);
			t->bad_hex[SHORT_HEX] = '\0';
			wl_verdict_release(&v);
			break;
		}
		if (!ret && v.failed) {
			t->failed += v.failed;
			t->bad_commits++;
			t->rejected |= !v.warn_only;
		}
		/* GitLab shows the lines of a rejection. */
		if (!ret)
			push_findings_add(pf, hex, &v, v.failed && !v.warn_only ?
					  prefix : NULL);
		wl_verdict_release(&v);
	}
	free(err);
	return ret;
}

/*
 * Judges a push as its plan says (push.h) and prints the
 * findings, each with its commit: COMMIT:PATH:LINE:COL: ... in text
 * (git's COMMIT:PATH names the file in that commit), a "commit" member in
 * JSON.
 */
static int push(struct cli_opts *opts, struct wl_git *git,
		const struct hook_run *run, const struct wl_ref_updates *u,
		const char *name)
{
	struct wl_hook *h = NULL;
	struct wl_push_plan plan = WL_PUSH_PLAN_INIT;
	struct push_findings pf;
	struct push_tally t;
	struct cli_opts quiet = *opts;
	const char *prefix = gitlab() ? "GL-HOOK-ERR: " : NULL;
	int ret;
	char *err = NULL;

	memset(&t, 0, sizeof(t));
	wl_hook_new(&h, git, run->flags);
	if (wl_push_plan_make(&plan, git, u, run->tip_only, &err) < 0) {
		ret = cli_error("%s: %s", name, err);
		free(err);
		wl_hook_free(h);
		return ret;
	}
	push_findings_init(&pf, plan.nr);
	ret = judge_plan(&pf, &t, h, &plan, prefix, name);
	quiet.quiet = 1;
	cli_print_findings(&quiet, &pf.f);
	fflush(stdout);
	if (t.bad_config.nr)
		ret = cli_config_failed(&t.bad_config, prefix, t.bad_hex);
	if (ret)
		goto done;
	if (t.rejected) {
		fprintf(stderr, "%sworklog: push rejected: %zu %s failed in %zu %s\n",
			prefix ? prefix : "", t.failed,
			plural(t.failed, "record", "records"), t.bad_commits,
			plural(t.bad_commits, "commit", "commits"));
		ret = CLI_FINDINGS;
	} else if (t.failed) {
		fprintf(stderr, "worklog: %zu %s failed in %zu %s; push accepted (hooks: warn-only)\n",
			t.failed, plural(t.failed, "record", "records"),
			t.bad_commits, plural(t.bad_commits, "commit", "commits"));
	}
	if (ret == CLI_OK)
		wl_hook_accept(h);
done:
	print_stats(run, h);
	wl_diags_release(&t.bad_config);
	push_findings_release(&pf);
	wl_push_plan_release(&plan);
	wl_hook_free(h);
	return ret;
}

/* Reads pre-receive's `OLD NEW REF` lines. */
static int read_updates(struct wl_ref_updates *u, FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int ret = 0;

	while ((n = getline(&line, &cap, in)) >= 0) {
		char old[64], new[64], *ref = NULL, *err = NULL;
		char *p = line, *sp;

		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!*line)
			continue;
		/* Git separates the fields with single spaces. */
		sp = strchr(p, ' ');
		if (sp)
			ref = strchr(sp + 1, ' ');
		if (sscanf(p, "%63s %63s", old, new) != 2 || !ref) {
			ret = cli_error("pre-receive: not a reference update: '%s'",
					line);
			break;
		}
		if (wl_ref_updates_add(u, old, new, ref + 1, &err) < 0) {
			ret = cli_error("pre-receive: %s", err);
			free(err);
			break;
		}
	}
	free(line);
	return ret;
}

/* Checks the hook's name and arguments. Returns 0 or CLI_TROUBLE. */
static int check_args(const struct cli_parse *p)
{
	const char *name = p->args[0];

	if (strcmp(name, "pre-commit") && strcmp(name, "pre-merge-commit") &&
	    strcmp(name, "pre-receive") && strcmp(name, "update"))
		return cli_error("hook: unknown hook '%s' (known: pre-commit, pre-merge-commit, pre-receive, update)",
				 name);
	if (p->nargs > 4)
		return cli_error("hook: too many arguments");
	if (!strcmp(name, "update") && p->nargs != 4)
		return cli_error("hook: update takes REF OLD NEW");
	if (strcmp(name, "update") && p->nargs > 1)
		return cli_error("hook: %s takes no arguments", name);
	if (p->opts->source != WL_SOURCE_WORKTREE)
		return cli_error("hook: --staged and --rev do not apply to hooks");
	return 0;
}

static int run(int argc, char **argv, struct cli_opts *opts)
{
	struct wl_git *git = NULL;
	struct wl_ref_updates updates = WL_REF_UPDATES_INIT;
	struct cli_parse p;
	const struct cli_opt *o;
	struct hook_run run = { 0, 0, 0 };
	const char *name, *v;
	char *err = NULL;
	int r, ret;

	cli_parse_init(&p, &cli_cmd_hook, opts, argc, argv);
	while ((r = cli_parse_next(&p, &o, &v)) > 0) {
		switch (o->id) {
		case OPT_TIP_ONLY:
			run.tip_only = 1;
			break;
		case OPT_NO_CACHE:
			run.flags |= WL_HOOK_NO_CACHE;
			break;
		case OPT_STATS:
			run.stats = 1;
			break;
		}
	}
	if (r < 0) {
		ret = p.status;
		goto done;
	}
	if (!p.nargs) {
		cli_help(stderr, &cli_cmd_hook);
		ret = CLI_TROUBLE;
		goto done;
	}
	ret = check_args(&p);
	if (ret)
		goto done;
	name = p.args[0];
	if (wl_git_open(&git, NULL, &err) < 0) {
		ret = cli_error("hook: %s", err);
		goto done;
	}
	/* Hooks print plain text: git relays it, often not to a terminal. */
	opts->color = 0;
	if (!strcmp(name, "pre-commit") || !strcmp(name, "pre-merge-commit")) {
		ret = pre_commit(opts, git, &run,
				 !strcmp(name, "pre-merge-commit"));
	} else if (!strcmp(name, "update")) {
		if (wl_ref_updates_add(&updates, p.args[2], p.args[3],
				       p.args[1], &err) < 0) {
			ret = cli_error("update: %s", err);
			goto done;
		}
		ret = push(opts, git, &run, &updates, name);
	} else {
		ret = read_updates(&updates, stdin);
		if (!ret)
			ret = push(opts, git, &run, &updates, name);
	}
done:
	free(err);
	cli_parse_release(&p);
	wl_ref_updates_release(&updates);
	wl_git_free(git);
	return ret;
}

const struct cli_command cli_cmd_hook = {
	"hook", run, "run as a git hook: pre-commit, pre-receive, update", usage,
	"Runs as a git hook (see 'worklog hooks install').\n"
	"\n"
	"pre-commit judges what the commit will contain (the index, never the\n"
	"working tree) against HEAD: changed records are validated, ids,\n"
	"references and people are checked across the whole index, and each\n"
	"changed record is compared with its HEAD version (x-transitions,\n"
	"the locked rule), by the rules the index holds. pre-merge-commit (run\n"
	"by a merge that needs no conflict resolution) judges the same way; a\n"
	"record a merge takes from the other branch, which changed it since\n"
	"the merge base while HEAD did not, is not compared again.\n"
	"\n"
	"pre-receive and update judge every commit a push adds to a branch\n"
	"(old..new; for a new branch, the commits the server does not have),\n"
	"each against its first parent, by the rules (.worklog.yaml and the\n"
	"schemas) of the branch before the push, or of HEAD's commit for a new\n"
	"branch: a push cannot loosen the rules it is judged by, and the rules\n"
	"it brings apply from the next push (they must hold at its tip too).\n"
	"With nothing on the server yet, each commit is judged by its own. A\n"
	"force push is judged against the tip it replaces as well, and a\n"
	"locked record is judged at the server's time (WORKLOG_TEST_NOW, for\n"
	"tests only, sets it).\n"
	"\n"
	"Findings print in the compiler form (pre-receive and update prefix\n"
	"them with the commit); then one line says how many records failed,\n"
	"and the exit status is 1. With 'hooks: {warn-only: true}' in\n"
	".worklog.yaml the findings print and the commit or push is accepted\n"
	"(for a push, the setting of the rules it is judged by counts).\n"
	"--format json prints one object (see 'worklog validate'), each\n"
	"diagnostic of a push with a \"commit\" member; --format github starts\n"
	"the message of each annotation with the commit.\n",
	options, CLI_OUT_FINDINGS,
	"Exit status: 0 when the commit or push may go on, 1 when a record\n"
	"fails, 2 for a usage, configuration or I/O error (which also stops\n"
	"the commit or push).\n",
};
