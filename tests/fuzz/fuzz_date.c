/*
 * libFuzzer entry point for the date module's parsers: the input is read
 * as a TZif file, and (NUL-terminated) as a POSIX TZ string, a commit
 * time, an RFC 3339 date-time, a period and a duration. A zone that
 * loads is asked for offsets and day starts across the range of times.
 *
 *   make fuzz && build/fuzz/fuzz_date tests/fuzz/corpus/fuzz_date
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ask(const struct wl_tz *tz)
{
	static const long long times[] = {
		-4000000000LL, -1, 0, 1795624200LL, 2224756800LL,
		253402300799LL,
	};
	size_t i;

	for (i = 0; i < sizeof(times) / sizeof(*times); i++) {
		long long day = wl_tz_day(tz, times[i]);

		if (wl_tz_day(tz, wl_tz_day_start(tz, day)) < day)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = wl_xstrndup((const char *)data, size);
	struct wl_tz *tz = NULL;
	struct wl_period p;
	char *err = NULL, out[WL_DATE_MAX];
	long long secs, off;
	int off_min;

	if (!wl_tz_parse(&tz, "fuzz", data, size, &err))
		ask(tz);
	wl_tz_free(tz);
	free(err);
	err = NULL;
	if (!wl_tz_parse_posix(&tz, s, &err))
		ask(tz);
	wl_tz_free(tz);
	free(err);
	wl_commit_time_parse(&secs, &off_min, s);
	wl_rfc3339_parse(&secs, &off, (const char *)data, size);
	wl_duration_parse(&secs, (const char *)data, size, WL_DURATION_FORMAT);
	if (!wl_period_parse(&p, (const char *)data, size)) {
		/* A period prints as it was written. */
		if (wl_period_fmt(out, &p) != size || memcmp(out, data, size))
			abort();
		wl_period_next(&p);
		wl_period_prev(&p);
	}
	free(s);
	return 0;
}
