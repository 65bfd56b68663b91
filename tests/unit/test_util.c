#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "util.h"
#include "unit.h"

/* What text output and JSON make of hostile text. */
static const struct {
	const char *in;
	const char *printable;
	const char *json;
} escapes[] = {
	{ "plain 中文 ok", "plain 中文 ok", "\"plain 中文 ok\"" },
	{ "a\nb\tc\rd", "a\\nb\\tc\\rd", "\"a\\nb\\tc\\rd\"" },
	{ "esc\033[2J del\177", "esc\\x1B[2J del\\x7F",
	  "\"esc\\u001b[2J del\\u007f\"" },
	{ "quote\" back\\", "quote\" back\\", "\"quote\\\" back\\\\\"" },
	/* Not UTF-8: a stray byte, a cut sequence, an overlong slash, a
	 * surrogate. */
	{ "d\377.md", "d\\xFF.md", "\"d\\ufffd.md\"" },
	{ "cut\342\200", "cut\\xE2\\x80", "\"cut\\ufffd\\ufffd\"" },
	{ "\300\257", "\\xC0\\xAF", "\"\\ufffd\\ufffd\"" },
	{ "\355\240\200", "\\xED\\xA0\\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
	/* C1 controls. */
	{ "h\302\233i \302\205", "h\\u009Bi \\u0085",
	  "\"h\\u009bi \\u0085\"" },
	/* Bidirectional marks, overrides and isolates; line separators. */
	{ "e\342\200\256g", "e\\u202Eg", "\"e\\u202eg\"" },
	{ "\342\200\252\342\200\255\342\201\246\342\201\251",
	  "\\u202A\\u202D\\u2066\\u2069",
	  "\"\\u202a\\u202d\\u2066\\u2069\"" },
	{ "\342\200\216\342\200\217\330\234", "\\u200E\\u200F\\u061C",
	  "\"\\u200e\\u200f\\u061c\"" },
	{ "l\342\200\250p\342\200\251", "l\\u2028p\\u2029",
	  "\"l\\u2028p\\u2029\"" },
	/* Neighbours that stay as they are. */
	{ "\302\240\342\200\214\342\200\215\342\201\240",
	  "\302\240\342\200\214\342\200\215\342\201\240",
	  "\"\302\240\342\200\214\342\200\215\342\201\240\"" },
};

static void test_util__hostile_text_is_escaped_for_terminals_and_json(
	void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(escapes) / sizeof(*escapes); i++) {
		struct wl_buf p = WL_BUF_INIT, j = WL_BUF_INIT,
			      again = WL_BUF_INIT;
		size_t bad;
		const char *why;

		wl_buf_add_printable(&p, escapes[i].in, strlen(escapes[i].in));
		assert_string_equal(wl_buf_cstr(&p), escapes[i].printable);
		wl_buf_add_json_string(&j, escapes[i].in, strlen(escapes[i].in));
		assert_string_equal(wl_buf_cstr(&j), escapes[i].json);
		/* Both are valid UTF-8, and escaping twice changes nothing. */
		assert_true(wl_utf8_check(p.buf, p.len, &bad, &why));
		assert_true(wl_utf8_check(j.buf, j.len, &bad, &why));
		wl_buf_add_printable(&again, p.buf, p.len);
		assert_string_equal(wl_buf_cstr(&again), wl_buf_cstr(&p));
		wl_buf_release(&p);
		wl_buf_release(&j);
		wl_buf_release(&again);
	}
}

static char dir[] = "/tmp/wl-util-XXXXXX";

#define sh(...) fixture_sh(dir, __VA_ARGS__)

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	sh("printf 0123456789 >ten && mkdir sub && mkfifo fifo");
	sh("ln -s ten link && ln -s sub dirlink");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("cd / && rm -rf '%s'", dir);
	return 0;
}

/* Reads `name` of the test folder; returns wl_read_at's result. */
static int read_in(const char *name, unsigned flags, size_t max, char **buf,
		   size_t *len, const char **why)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int ret;

	assert_true(fd >= 0);
	ret = wl_read_at(buf, len, fd, name, flags, max, why);
	close(fd);
	return ret;
}

static void test_util__a_regular_file_is_read_within_its_limit(void **state)
{
	char *buf;
	size_t len;
	const char *why;

	(void)state;
	assert_int_equal(read_in("ten", 0, 10, &buf, &len, &why), 0);
	assert_int_equal(len, 10);
	assert_string_equal(buf, "0123456789");
	free(buf);
	/* Over the limit: its size, and nothing read. */
	assert_int_equal(read_in("ten", 0, 9, &buf, &len, &why),
			 WL_READ_TOO_BIG);
	assert_int_equal(len, 10);
	assert_null(buf);
	/* Links are followed unless refused. */
	assert_int_equal(read_in("link", 0, 10, &buf, &len, &why), 0);
	free(buf);
	assert_int_equal(read_in("link", WL_READ_NOFOLLOW, 10, &buf, &len,
				 &why), -1);
	assert_string_equal(why, "it is a symbolic link, which worklog does not follow");
	assert_int_equal(read_in("none", 0, 10, &buf, &len, &why), -1);
	assert_string_equal(why, "No such file or directory");
}

static void test_util__what_is_not_a_regular_file_is_refused_unread(
	void **state)
{
	char *buf;
	size_t len;
	const char *why;

	(void)state;
	/* A FIFO with no writer: refused, not waited on. */
	assert_int_equal(read_in("fifo", 0, 10, &buf, &len, &why), -1);
	assert_string_equal(why, "it is a FIFO, not a regular file");
	assert_int_equal(read_in("sub", 0, 10, &buf, &len, &why), -1);
	assert_string_equal(why, "it is a folder, not a regular file");
	assert_int_equal(read_in("dirlink", WL_READ_NOFOLLOW, 10, &buf, &len,
				 &why), -1);
	assert_string_equal(why, "it is a symbolic link, which worklog does not follow");
	assert_int_equal(wl_read_at(&buf, &len, AT_FDCWD, "/dev/zero", 0, 10,
				    &why), -1);
	assert_string_equal(why, "it is a character device, not a regular file");
	assert_null(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_util__hostile_text_is_escaped_for_terminals_and_json),
		cmocka_unit_test(test_util__a_regular_file_is_read_within_its_limit),
		cmocka_unit_test(test_util__what_is_not_a_regular_file_is_refused_unread),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
