#!/bin/sh
# worklog report --format html, as a browser draws it: the monthly
# report of report-fixture.sh in English and in Chinese, screenshotted by
# headless Chromium at desktop width and at phone width, the PNGs read by
# png-stats (tests/tools/png_stats.c): their size, their share of
# non-white pixels, the chart colours of the page's stylesheet, Chinese
# drawn in a real font rather than as empty boxes, and no sideways
# overflow at 390 px. Skipped where Chromium is not installed (CI
# installs it with `make deps`).
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/report-fixture.sh"

PNG_STATS=${PNG_STATS:-$(dirname "$WORKLOG")/tools/png-stats}
test_lazy_prereq PNG_STATS 'test -x "$PNG_STATS"'

# The chart colours of the report's stylesheet: bars and lines, KPIs met,
# KPIs missed (the fixture has one of each); and magenta, which the
# report never uses, for the overflow probe.
BLUE=0969da GREEN=1a7f37 RED=cf222e MAGENTA=ff00ff

# html LANG: the November report in LANG, in $TRASH/LANG.html.
html() {
	test_exit 0 "$WORKLOG" -C "$R" report month --period 2026-11 \
		--today 2026-12-01 --lang "$1" --format html \
		--output "$TRASH/$1.html" &&
	test_must_be_empty out
}

# shoot PAGE W H: Chromium's screenshot of $TRASH/PAGE.html at W x H, in
# $TRASH/PAGE.png, and png-stats' figures for it (with the colours
# above) in $TRASH/PAGE.stats. A fresh profile each time; the flags
# keep a headless Chromium off the network, which is closed here.
shoot() {
	profile_=$(mktemp -d "$TRASH/profile.XXXXXX") || return 1
	timeout -k 10 120 chromium --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$profile_" --window-size="$2,$3" \
		--screenshot="$TRASH/$1.png" "file://$TRASH/$1.html" \
		>"$TRASH/chromium.log" 2>&1 || {
		echo "chromium failed (exit $?):" >&2
		tail -20 "$TRASH/chromium.log" >&2
		return 1
	}
	test_path_is_file "$TRASH/$1.png" &&
	test_exit 0 "$PNG_STATS" "$TRASH/$1.png" $BLUE $GREEN $RED $MAGENTA &&
	mv "$TRASH/out" "$TRASH/$1.stats"
}

# figure PAGE NAME: the figure NAME (width, nonwhite, a colour...) of
# PAGE's screenshot.
figure() {
	sed -n "s/^$2 //p" "$TRASH/$1.stats"
}

# drawn PAGE W H: the screenshot of PAGE is W x H, at least a twentieth
# of it is not white, and every chart colour is there (a page that
# failed to load, or drew its tables but not its SVG charts, has none).
drawn() {
	test "$(figure "$1" width)" -eq "$2" &&
	test "$(figure "$1" height)" -eq "$3" &&
	test "$(figure "$1" nonwhite)" -ge $(($2 * $3 / 20)) &&
	test "$(figure "$1" $BLUE)" -ge 500 &&
	test "$(figure "$1" $GREEN)" -ge 200 &&
	test "$(figure "$1" $RED)" -ge 200 || {
		echo "the screenshot of $1 at $2x$3 is not as expected:" >&2
		cat "$TRASH/$1.stats" >&2
		return 1
	}
}

# overflow_probe PAGE [HTML]: $TRASH/PAGE-probe.html is PAGE with HTML
# and a script that covers the window in magenta when the page is wider
# than the window.
overflow_probe() {
	sed '/^<\/body>$/,$d' "$TRASH/$1.html" >"$TRASH/$1-probe.html" &&
	cat >>"$TRASH/$1-probe.html" <<-EOF
	${2-}<script>addEventListener("load", function () {
	var e = document.documentElement, d;
	if (e.scrollWidth > e.clientWidth) {
	d = document.createElement("div");
	d.style.cssText = "position:fixed;inset:0;background:#ff00ff";
	document.body.appendChild(d);
	}
	});</script>
	</body>
	</html>
	EOF
}

# glyphs NAME TEXT: $TRASH/NAME.html shows TEXT as a heading of the
# Chinese report, with its stylesheet (and so its fonts).
glyphs() {
	{
		printf '<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8"/>\n' &&
		sed -n '/<style>/,/<\/style>/{p;/<\/style>/q;}' "$TRASH/zh.html" &&
		printf '</head>\n<body><main><h1>%s</h1></main></body>\n</html>\n' "$2"
	} >"$TRASH/$1.html"
}

# in_a_chinese_font: the Chinese report's stylesheet draws Chinese in a
# real font: 一, one stroke, leaves far fewer pixels than 龍. Without a
# font for them, every character is the same empty box.
in_a_chinese_font() {
	glyphs one "一一一一一一一一" &&
	glyphs dragon "龍龍龍龍龍龍龍龍" &&
	shoot one 400 300 &&
	shoot dragon 400 300 &&
	one_=$(figure one nonwhite) dragon_=$(figure dragon nonwhite) &&
	test "$one_" -gt 0 &&
	test "$dragon_" -gt $((2 * one_)) || {
		echo "一 drew $one_ pixels and 龍 ${dragon_-}: no Chinese font?" >&2
		return 1
	}
}

test_expect_success CHROMIUM,PNG_STATS 'the English report at desktop width: the page and its charts are drawn' - <<\EOT
	report_setup &&
	html en &&
	shoot en 1280 1000 &&
	drawn en 1280 1000
EOT

test_expect_success CHROMIUM,PNG_STATS 'the Chinese report at desktop width, its text in a Chinese font' - <<\EOT
	report_setup &&
	html zh &&
	shoot zh 1280 1000 &&
	drawn zh 1280 1000 &&
	in_a_chinese_font
EOT

test_expect_success CHROMIUM,PNG_STATS 'at phone width (390 px) both reports fit the window and draw their charts' - <<\EOT
	report_setup &&
	for lang in en zh; do
		html $lang &&
		overflow_probe $lang &&
		shoot $lang-probe 390 844 &&
		drawn $lang-probe 390 844 &&
		test "$(figure $lang-probe $MAGENTA)" -eq 0 || return 1
	done &&
	# The probe sees a page wider than the window.
	overflow_probe en '<div style="width:2000px;height:1px"></div>' &&
	shoot en-probe 390 844 &&
	test "$(figure en-probe $MAGENTA)" -ge $((390 * 844 / 2))
EOT

test_done
