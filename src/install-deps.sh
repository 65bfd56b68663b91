#!/bin/sh
# Installs the Debian packages worklog builds and tests with. Idempotent:
# packages already present are not touched. chromium, a CJK font for it
# (the small WenQuanYi Micro Hei, not the 56 MB Noto CJK) and libpng
# are for t1002, which renders the HTML report and reads the screenshot.
set -e
pkgs="build-essential pkg-config git libgit2-dev libyaml-dev libsqlite3-dev
libpcre2-dev libutf8proc-dev libjansson-dev libcmocka-dev clang
libclang-rt-14-dev jq hyperfine sqlite3 time mandoc man-db zsh
chromium fonts-wqy-microhei libpng-dev"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: all packages are installed"
	exit 0
fi
echo "deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=sudo
	else
		echo "deps: need root to install$missing (no sudo found)" >&2
		exit 2
	fi
fi
export DEBIAN_FRONTEND=noninteractive
${SUDO:-} apt-get update -q
${SUDO:-} apt-get install -y -q --no-install-recommends $missing
