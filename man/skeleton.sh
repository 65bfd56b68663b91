#!/bin/sh
# Writes the first draft of a command's man page, from what the binary
# says of it: the summary, the usage lines and the description of
# `worklog help COMMAND`, and one OPTIONS entry per row of `worklog help
# --options COMMAND`. The draft passes mandoc -Tlint and t1200; edit it
# into a page (examples, what the options mean at length).
#
#   sh man/skeleton.sh WORKLOG_BINARY COMMAND > man/worklog-COMMAND.1
set -eu

if [ $# -ne 2 ]; then
	echo "usage: sh man/skeleton.sh WORKLOG_BINARY COMMAND" >&2
	exit 2
fi
wl=$1
cmd=$2
summary=$("$wl" help --commands | awk -F '\t' -v c="$cmd" '$1 == c { print $3 }')
formats=$("$wl" help --commands | awk -F '\t' -v c="$cmd" '$1 == c { print $2 }')
if [ -z "$summary" ]; then
	echo "skeleton: '$cmd' is not a command of $wl" >&2
	exit 2
fi
upper=$(printf '%s' "$cmd" | tr 'a-z' 'A-Z')

printf '.Dd %s\n.Dt WORKLOG-%s 1\n.Os\n.Sh NAME\n' "$(date -u '+%B %-d, %Y')" "$upper"
printf '.Nm worklog-%s\n.Nd %s\n.Sh SYNOPSIS\n' "$cmd" "$summary"
"$wl" help "$cmd" | awk -v c="$cmd" '
	/^$/ { exit }
	{ sub(/^(usage:)? *worklog [^ ]+ ?/, ""); print ".Nm worklog " c; if ($0 != "") print }' |
	sed 's/\\/\\e/g'
printf '.Sh DESCRIPTION\n'
"$wl" help "$cmd" | awk '
	state == 0 && /^$/ { state = 1; next }
	state == 1 && (/^[A-Za-z ]*[Oo]ptions:$/ || /^Formats:$/) { exit }
	state == 1 { if ($0 == "") print ".Pp"; else print }' |
	sed '${/^\.Pp$/d;}' |
	# mdoc: one sentence a line, a backslash is \e, no line starts with . or '
	awk '/^\.Pp$/ { if (p != "") print p; p = ""; print; next }
		{ p = p (p == "" ? "" : " ") $0 }
		END { if (p != "") print p }' |
	sed 's/\([.?!]\) \([^ ]\)/\1\n\2/g' |
	sed '/^\.Pp$/!{s/\\/\\e/g; s/^\([.'"'"']\)/\\\&\1/;}'
printf '.Sh OPTIONS\n'
"$wl" help --options "$cmd" | awk -F '\t' '
	$2 == "common" || $8 ~ /(^|,)hidden(,|$)/ { next }
	!n++ { print ".Bl -tag -width Ds" }
	END { if (n) print ".El\n.Pp" }
	{
		it = ".It"
		if ($4 != "-") it = it " Fl " substr($4, 2)
		if ($4 != "-" && $3 != "-") it = it " ,"
		if ($3 != "-") it = it " Fl " substr($3, 2)
		if ($6 != "-") it = it " Ar " $6
		print it
		h = $9; print toupper(substr(h, 1, 1)) substr(h, 2) "."
	}' | sed 's/\\/\\e/g'
printf 'And the common options of\n.Xr worklog 1 .\nThe formats are\n'
echo "$formats" | tr '|' '\n' | awk '{ f[NR] = $0 } END {
	for (i = 1; i <= NR; i++) {
		if (i > 1 && i == NR) print "and"
		print ".Cm " f[i] (i == NR ? " ." : (NR > 2 && i > 1 ? " ," : ""))
		if (i == 1) print "(the default)" (NR > 2 ? "," : "")
	} }'
printf '.Sh EXIT STATUS\n0 on success, 1 when records have errors, 2 for a usage, configuration\nor I/O error.\n'
printf '.Sh SEE ALSO\n.Xr worklog 1\n'
