#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "git.h"
#include "source.h"
#include "util.h"
#include "unit.h"

/*
 * A repository made with the real git: records/a.md committed twice
 * (HEAD~1 "one", HEAD "two"), then records/a.md staged as "three" and
 * written as "four" in the working tree, and sub/ holding a nested
 * records repository.
 */
static char dir[] = "/tmp/wl-source-XXXXXX";

#define sh(...) fixture_sh(dir, __VA_ARGS__)

static int setup(void **state)
{
	(void)state;
	if (fixture_git_home(dir, "2026-11-01T10:00:00+08:00") < 0)
		return -1;
	sh("git init -q -b main . && mkdir -p records/deep sub/records");
	sh("printf one >records/a.md && printf x >records/deep/b.md");
	sh("ln -s a.md records/link.md && printf 'version: 1\\n' >sub/.worklog.yaml");
	sh("printf s >sub/records/s.md && git add -A && git commit -qm one");
	sh("printf two >records/a.md && GIT_COMMITTER_DATE=2026-11-10T10:00:00+08:00 git commit -qam two && git tag -a -m t v1");
	sh("printf three >records/a.md && git add records/a.md && printf four >records/a.md");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("cd / && rm -rf '%s'", dir);
	return 0;
}

static char *read_all(struct wl_source *src, const char *path)
{
	char *buf = NULL, *err = NULL;
	size_t len;

	if (wl_source_read(src, path, &buf, &len, &err) < 0) {
		char *msg = err;

		return msg;
	}
	return buf;
}

static void test_source__the_index_has_the_staged_content(void **state)
{
	struct wl_source *src = NULL;
	struct wl_pathlist l = WL_PATHLIST_INIT;
	char *err = NULL, *s;

	(void)state;
	assert_int_equal(wl_source_open(&src, WL_SOURCE_INDEX, dir, NULL, &err),
			 0);
	assert_string_equal(wl_source_name(src), "index");
	s = read_all(src, "records/a.md");
	assert_string_equal(s, "three");
	free(s);
	assert_int_equal(wl_source_list(src, "records", &l, &err), 0);
	/* The symbolic link is not a file to read. */
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.v[0], "records/a.md");
	assert_string_equal(l.v[1], "records/deep/b.md");
	assert_int_equal(wl_source_is_dir(src, "records/deep"), 1);
	assert_int_equal(wl_source_is_dir(src, "records/a.md"), 0);
	s = read_all(src, "records/none.md");
	assert_string_equal(s, "cannot read 'records/none.md': not in the index");
	free(s);
	wl_pathlist_release(&l);
	wl_source_free(src);
}

static void test_source__a_revision_has_its_commit_tree(void **state)
{
	struct wl_source *src = NULL;
	char *err = NULL, *s;

	(void)state;
	assert_int_equal(wl_source_open(&src, WL_SOURCE_REV, dir, "HEAD~1",
					&err), 0);
	s = read_all(src, "records/a.md");
	assert_string_equal(s, "one");
	free(s);
	s = read_all(src, "records");
	assert_string_equal(s, "cannot read 'records': it is a folder, not a regular file");
	free(s);
	wl_source_free(src);
	assert_int_equal(wl_source_open(&src, WL_SOURCE_REV, dir, "v1", &err),
			 0);
	s = read_all(src, "records/a.md");
	assert_string_equal(s, "two");
	free(s);
	wl_source_free(src);
	assert_int_equal(wl_source_open(&src, WL_SOURCE_REV, dir, "nope", &err),
			 -1);
	assert_string_equal(err, "unknown revision 'nope': revspec 'nope' not found");
	free(err);
}

static void test_source__a_nested_root_sees_its_own_paths(void **state)
{
	struct wl_source *src = NULL;
	struct wl_pathlist l = WL_PATHLIST_INIT;
	char *err = NULL, *root = wl_xprintf("%s/sub", dir), *s;

	(void)state;
	assert_int_equal(wl_source_open_git(&src, WL_SOURCE_REV, root, root,
					    "HEAD", &err), 0);
	assert_string_equal(wl_source_prefix(src), "sub/");
	assert_int_equal(wl_source_list(src, "", &l, &err), 0);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.v[0], ".worklog.yaml");
	assert_string_equal(l.v[1], "records/s.md");
	s = read_all(src, "records/s.md");
	assert_string_equal(s, "s");
	free(s);
	wl_pathlist_release(&l);
	wl_source_free(src);
	free(root);
}

static void test_source__nothing_is_read_through_a_link_in_the_working_tree(
	void **state)
{
	struct wl_source *src = NULL;
	struct wl_pathlist l = WL_PATHLIST_INIT;
	char *err = NULL, *s, *root = wl_xprintf("%s/lk", dir);

	(void)state;
	sh("mkdir -p lk/real/deep && printf x >lk/real/deep/f.md");
	sh("ln -s real lk/via && ln -s real/deep/f.md lk/file.md");
	assert_int_equal(wl_source_open(&src, WL_SOURCE_WORKTREE, root, NULL,
					&err), 0);
	s = read_all(src, "real/deep/f.md");
	assert_string_equal(s, "x");
	free(s);
	s = read_all(src, "via/deep/f.md");
	assert_string_equal(s, "cannot read 'via/deep/f.md': 'via' is a symbolic link, which worklog does not follow");
	free(s);
	s = read_all(src, "file.md");
	assert_string_equal(s, "cannot read 'file.md': it is a symbolic link, which worklog does not follow");
	free(s);
	s = read_all(src, "real/deep/f.md/x");
	assert_string_equal(s, "cannot read 'real/deep/f.md/x': 'real/deep/f.md' is not a folder");
	free(s);
	assert_int_equal(wl_source_is_dir(src, "real/deep"), 1);
	assert_int_equal(wl_source_is_dir(src, "via/deep"), 0);
	assert_int_equal(wl_source_list(src, "via/deep", &l, &err), 0);
	assert_int_equal(l.nr, 0);
	assert_int_equal(wl_source_list(src, "", &l, &err), 0);
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.v[0], "real/deep/f.md");
	wl_pathlist_release(&l);
	wl_source_free(src);
	free(root);
}

static void test_source__blob_ids_are_git_s(void **state)
{
	struct wl_source *wt = NULL, *idx = NULL;
	struct wl_git_entries e = WL_GIT_ENTRIES_INIT, f = WL_GIT_ENTRIES_INIT;
	struct wl_oid oid;
	char *err = NULL, hex[WL_OID_HEXSZ + 1];

	(void)state;
	assert_int_equal(wl_source_open(&wt, WL_SOURCE_WORKTREE, dir, NULL,
					&err), 0);
	assert_int_equal(wl_source_open(&idx, WL_SOURCE_INDEX, dir, NULL,
					&err), 0);
	assert_int_equal(wl_source_entries(wt, "records/deep", &e, &err), 0);
	assert_int_equal(wl_source_entries(idx, "records/deep", &f, &err), 0);
	assert_int_equal(e.nr, 1);
	assert_int_equal(f.nr, 1);
	assert_int_equal(wl_oid_cmp(&e.v[0].oid, &f.v[0].oid), 0);
	/* git hash-object of "x" */
	wl_oid_fmt(hex, &e.v[0].oid);
	assert_string_equal(hex, "c1b0730e0133447badcfd47fd144e254807b06e1");
	assert_int_equal(wl_source_oid(wt, "records/a.md", &oid), 0);
	wl_oid_fmt(hex, &oid);
	/* "four" */
	assert_string_equal(hex, "ea1f343c8a1248a4cc4eb47bc92953d0efddb510");
	assert_int_equal(wl_source_oid(idx, "records", &oid), -1);
	wl_git_entries_release(&e);
	wl_git_entries_release(&f);
	wl_source_free(wt);
	wl_source_free(idx);
}

static void test_source__changes_between_head_and_the_index(void **state)
{
	struct wl_git *git = NULL;
	struct wl_git_snap *snap = NULL;
	struct wl_changes ch = WL_CHANGES_INIT;
	struct wl_commit c = WL_COMMIT_INIT;
	struct wl_oid head;
	char *err = NULL;

	(void)state;
	assert_int_equal(wl_git_open(&git, dir, &err), 0);
	assert_int_equal(wl_git_head(&head, git, &err), 0);
	assert_int_equal(wl_git_commit(&c, git, &head, &err), 0);
	assert_string_equal(c.summary, "two");
	assert_int_equal(c.parents_nr, 1);
	assert_int_equal(c.offset, 480);
	assert_int_equal(wl_git_snap_index(&snap, git, &err), 0);
	assert_int_equal(wl_git_diff(&ch, git, &c.tree, snap, &err), 0);
	assert_int_equal(ch.nr, 1);
	assert_string_equal(ch.v[0].path, "records/a.md");
	assert_int_equal(ch.v[0].kind, WL_CHANGE_MODIFIED);
	wl_changes_release(&ch);
	/* From nothing, everything is added; links are not files. */
	assert_int_equal(wl_git_diff(&ch, git, NULL, snap, &err), 0);
	assert_int_equal(ch.nr, 4);
	assert_int_equal(ch.v[0].kind, WL_CHANGE_ADDED);
	wl_changes_release(&ch);
	wl_git_snap_free(snap);
	wl_commit_release(&c);
	wl_git_free(git);
}

static int is_two(void *data, size_t i, const struct wl_oid *blob,
		  char **err)
{
	struct wl_oid two;
	size_t *asked = data;

	asked[i]++;
	wl_oid_hash(&two, "two", 3);
	return blob && !wl_oid_cmp(blob, &two);
}

static void test_source__one_walk_follows_many_paths(void **state)
{
	struct wl_git *git = NULL;
	struct wl_oid head;
	struct wl_path_since v[3] = {
		{ "records/a.md", 0, 0 },
		{ "records/deep/b.md", 0, 0 },
		{ "records/none.md", 0, 0 },
	};
	size_t asked[3] = { 0, 0, 0 };
	char *err = NULL;

	(void)state;
	assert_int_equal(wl_git_open(&git, dir, &err), 0);
	assert_int_equal(wl_git_head(&head, git, &err), 0);
	assert_int_equal(wl_git_paths_since(v, 3, git, &head, is_two, asked,
					    100, &err), 0);
	/* "two" since HEAD, 2026-11-10T10:00:00+08:00; "one" before. */
	assert_int_equal(v[0].kept, 1);
	assert_int_equal(v[0].since, 1794276000LL);
	assert_int_equal(asked[0], 2);
	/* Not kept at HEAD: asked once, and never again. */
	assert_int_equal(v[1].kept, 0);
	assert_int_equal(asked[1], 1);
	assert_int_equal(v[2].kept, 0);
	assert_int_equal(asked[2], 1);
	/* At most `max` commits are walked. */
	memset(asked, 0, sizeof(asked));
	assert_int_equal(wl_git_paths_since(v, 1, git, &head, is_two, asked, 1,
					    &err), 0);
	assert_int_equal(v[0].kept, 1);
	assert_int_equal(asked[0], 1);
	wl_git_free(git);
}

static int fails(void *data, size_t i, const struct wl_oid *blob, char **err)
{
	*err = wl_xstrdup("no");
	return -1;
}

static void test_source__a_walk_stops_when_asked_to(void **state)
{
	struct wl_git *git = NULL;
	struct wl_oid head;
	struct wl_path_since v = { "records/a.md", 0, 0 };
	char *err = NULL;

	(void)state;
	assert_int_equal(wl_git_open(&git, dir, &err), 0);
	assert_int_equal(wl_git_head(&head, git, &err), 0);
	assert_int_equal(wl_git_paths_since(&v, 1, git, &head, fails, NULL,
					    100, &err), -1);
	assert_string_equal(err, "no");
	free(err);
	wl_git_free(git);
}

static void test_source__the_records_of_a_version(void **state)
{
	static const char *const globs[] = {
		"records/*.md", "./records/**/*.md", "sub/records/*.md",
		"nowhere/*.md",
	};
	struct wl_source *idx = NULL, *wt = NULL;
	struct wl_git_entries e = WL_GIT_ENTRIES_INIT;
	struct wl_oid four;
	char *err = NULL;

	(void)state;
	assert_int_equal(wl_source_open(&idx, WL_SOURCE_INDEX, dir, NULL,
					&err), 0);
	assert_int_equal(wl_source_records(&e, idx, globs, 4, 0, &err), 0);
	/* Each once, in order; the symbolic link is no record. */
	assert_int_equal(e.nr, 3);
	assert_string_equal(e.v[0].path, "records/a.md");
	assert_string_equal(e.v[1].path, "records/deep/b.md");
	assert_string_equal(e.v[2].path, "sub/records/s.md");
	assert_int_equal(wl_oid_is_zero(&e.v[0].oid), 0);
	wl_git_entries_release(&e);
	assert_int_equal(wl_source_open(&wt, WL_SOURCE_WORKTREE, dir, NULL,
					&err), 0);
	assert_int_equal(wl_source_records(&e, wt, globs, 2, 0, &err), 0);
	assert_int_equal(e.nr, 2);
	assert_int_equal(wl_oid_is_zero(&e.v[0].oid), 1);
	wl_git_entries_release(&e);
	assert_int_equal(wl_source_records(&e, wt, globs, 1, WL_SOURCE_OIDS,
					   &err), 0);
	assert_int_equal(e.nr, 1);
	wl_oid_hash(&four, "four", 4);
	assert_int_equal(wl_oid_cmp(&e.v[0].oid, &four), 0);
	wl_git_entries_release(&e);
	wl_source_free(wt);
	wl_source_free(idx);
}

static void test_source__a_version_against_another(void **state)
{
	struct wl_git *git = NULL;
	struct wl_source *idx = NULL, *tree = NULL, *sub = NULL;
	struct wl_changes ch = WL_CHANGES_INIT;
	struct wl_commit c = WL_COMMIT_INIT;
	struct wl_oid head, oid;
	char *err = NULL, *buf = NULL, *root = wl_xprintf("%s/sub", dir);
	size_t len;

	(void)state;
	assert_int_equal(wl_git_open(&git, dir, &err), 0);
	assert_int_equal(wl_git_head(&head, git, &err), 0);
	assert_int_equal(wl_git_commit(&c, git, &head, &err), 0);
	assert_int_equal(wl_source_open_index(&idx, git, &err), 0);
	assert_int_equal(wl_source_open_tree(&tree, git, &c.tree, "HEAD",
					     &err), 0);
	assert_string_equal(wl_source_name(tree), "HEAD");
	assert_int_equal(wl_source_diff(&ch, idx, &c.tree, &err), 0);
	assert_int_equal(ch.nr, 1);
	assert_string_equal(ch.v[0].path, "records/a.md");
	/* The version before, read by its blob id. */
	assert_int_equal(wl_source_read_blob(idx, &ch.v[0].old_oid, &buf, &len,
					     &err), 0);
	assert_string_equal(buf, "two");
	free(buf);
	assert_int_equal(wl_source_oid(tree, "records/a.md", &oid), 0);
	assert_int_equal(wl_oid_cmp(&oid, &ch.v[0].old_oid), 0);
	wl_changes_release(&ch);
	/* A source rooted in a folder sees the changes beneath it only. */
	assert_int_equal(wl_source_open_git(&sub, WL_SOURCE_REV, root, root,
					    "HEAD", &err), 0);
	assert_int_equal(wl_source_diff(&ch, sub, NULL, &err), 0);
	assert_int_equal(ch.nr, 2);
	assert_string_equal(ch.v[0].path, ".worklog.yaml");
	assert_string_equal(ch.v[1].path, "records/s.md");
	wl_changes_release(&ch);
	wl_source_free(sub);
	wl_source_free(tree);
	wl_source_free(idx);
	wl_commit_release(&c);
	wl_git_free(git);
	free(root);
}

static void test_source__new_commits_are_those_no_reference_has(void **state)
{
	struct wl_git *git = NULL;
	struct wl_oids tips = WL_OIDS_INIT, out = WL_OIDS_INIT;
	struct wl_oid tag, c;
	char *err = NULL, *path = wl_xprintf("%s/new-id", dir), *hex = NULL;
	size_t len;

	(void)state;
	sh("git commit -qm three && git commit-tree 'HEAD^{tree}' -p HEAD -m four >new-id");
	assert_int_equal(wl_read_file(&hex, &len, path), 0);
	hex[WL_OID_HEXSZ] = '\0';
	assert_int_equal(wl_oid_parse(&c, hex), 0);
	free(hex);
	free(path);
	assert_int_equal(wl_git_open(&git, dir, &err), 0);
	wl_oids_add(&tips, &c);
	assert_int_equal(wl_git_new_commits(&out, git, &tips, &err), 0);
	assert_int_equal(out.nr, 1);
	assert_int_equal(wl_oid_cmp(&out.v[0], &c), 0);
	wl_oids_release(&out);
	/* An annotated tag peels to its commit. */
	assert_int_equal(wl_git_resolve(&tag, git, "refs/tags/v1", &err), 0);
	assert_int_equal(wl_git_peel(&c, git, &tag, &err), 0);
	wl_oids_release(&tips);
	wl_git_free(git);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source__the_index_has_the_staged_content),
		cmocka_unit_test(test_source__a_revision_has_its_commit_tree),
		cmocka_unit_test(test_source__a_nested_root_sees_its_own_paths),
		cmocka_unit_test(test_source__nothing_is_read_through_a_link_in_the_working_tree),
		cmocka_unit_test(test_source__blob_ids_are_git_s),
		cmocka_unit_test(test_source__changes_between_head_and_the_index),
		cmocka_unit_test(test_source__one_walk_follows_many_paths),
		cmocka_unit_test(test_source__a_walk_stops_when_asked_to),
		cmocka_unit_test(test_source__the_records_of_a_version),
		cmocka_unit_test(test_source__a_version_against_another),
		cmocka_unit_test(test_source__new_commits_are_those_no_reference_has),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
