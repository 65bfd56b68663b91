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
		cmocka_unit_test(test_util__a_regular_file_is_read_within_its_limit),
		cmocka_unit_test(test_util__what_is_not_a_regular_file_is_refused_unread),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
