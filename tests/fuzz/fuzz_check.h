/*
 * What more than one fuzz target checks of a diagnostic. Each target is
 * one translation unit (tests/fuzz/fuzz_*.c linked with the library), so
 * these are static functions; FUZZ_NAME names the target in messages.
 */
#ifndef WL_FUZZ_CHECK_H
#define WL_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

#ifndef FUZZ_NAME
#error "define FUZZ_NAME before including fuzz_check.h"
#endif

/* Prints what broke, with the diagnostic that shows it, and aborts. */
static void die(const char *what, const struct wl_diag *d)
{
	if (d)
		fprintf(stderr, FUZZ_NAME ": %s: %d:%d: %s [%s]\n", what,
			d->line, d->column, d->message, d->rule);
	else
		fprintf(stderr, FUZZ_NAME ": %s\n", what);
	abort();
}

/* Checks that (line, column) exists in `s`: a column may be one past the
 * end of its line, and columns count characters, not bytes. */
static void check_position(const char *s, size_t n, const struct wl_diag *d)
{
	size_t i = 0;
	int line = 1, cols = 0;

	if (d->line < 1 || d->column < 1)
		die("position before the start of the file", d);
	while (line < d->line) {
		const char *nl = memchr(s + i, '\n', n - i);

		if (!nl)
			die("line past the end of the file", d);
		i = (size_t)(nl - s) + 1;
		line++;
	}
	for (; i < n && s[i] != '\n'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			cols++;
	if (d->column > cols + 1)
		die("column past the end of its line", d);
}

#endif
