#!/bin/sh
# Sizes are checked before anything is read (SECURITY.md, "Limits"): a
# record over `limits: file-bytes` (16 MiB unless set) is a syntax finding
# at 1:1 and is never read, in the working tree (fstat) as in the index
# and commits (the object's header); a .worklog.yaml or schema file over
# its limit is a configuration error. The big files are sparse, or
# compressed by git, so the tests stay cheap.
. "$(dirname "$0")/lib.sh"

# A file of 2 GiB that takes no room on disk.
test_lazy_prereq SPARSE '
	truncate -s 2G f &&
	test "$(du -k f | cut -f1)" -lt 1024
'

setup() {
	new_repo "$R" &&
	write_config &&
	write_item_schema &&
	write_item records/a.md I-1 todo
}

# The repository with its first commit.
committed() {
	setup &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm init
}

# $R/$1 is a record of type item followed by $2 bytes of zeros.
big_record() {
	write_item "$1" I-9 todo &&
	head -c "$2" /dev/zero >>"$R/$1"
}

test_expect_success SPARSE 'a record of 2 GiB and one of 5 GiB are findings; the run goes on' - <<\EOT
	setup &&
	write_item records/big.md I-2 todo &&
	truncate -s 2G "$R/records/big.md" &&
	write_item records/huge.md I-3 todo &&
	truncate -s 5G "$R/records/huge.md" &&
	write_item records/z.md I-4 bogus &&
	test_exit 1 "$WORKLOG" -C "$R" validate &&
	test_stdout <<-\EOF &&
	records/big.md:1:1: error: file is 2147483648 bytes, more than the limit of 16777216 (limits: file-bytes) [syntax]
	records/huge.md:1:1: error: file is 5368709120 bytes, more than the limit of 16777216 (limits: file-bytes) [syntax]
	records/z.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	EOF
	test_stderr "checked 4 records: 3 errors, 0 warnings"
EOT

test_expect_success 'limits: file-bytes sets the limit, up to its ceiling' - <<\EOT
	setup &&
	echo "limits: {file-bytes: 40}" >>"$R/.worklog.yaml" &&
	write_item records/b.md I-2 todo "owner: somebody-with-a-long-name" &&
	test_exit 1 "$WORKLOG" -C "$R" validate --format json &&
	test_stdout <<-\EOF &&
	{"records": 2, "errors": 1, "warnings": 0, "diagnostics": [
	  {"path": "records/b.md", "line": 1, "column": 1, "severity": "error", "rule": "syntax", "message": "file is 73 bytes, more than the limit of 40 (limits: file-bytes)"}
	]}
	EOF
	sed -i 's/file-bytes: 40/file-bytes: 268435457/' "$R/.worklog.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" validate &&
	test_stderr <<-\EOF &&
	.worklog.yaml:4:22: error: file-bytes must be a whole number from 1 to 268435456 [config]
	worklog: cannot use the configuration: 1 error
	EOF
	sed -i 's/file-bytes: 268435457/file-bytes: 0/' "$R/.worklog.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" validate &&
	test_stderr <<-\EOF
	.worklog.yaml:4:22: error: file-bytes must be a whole number from 1 to 268435456 [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'an over-size blob is a finding for --staged and --rev, never read' - <<\EOT
	setup &&
	big_record records/big.md 20971520 &&
	git -C "$R" add -A &&
	rm "$R/records/big.md" &&
	test_exit 1 "$WORKLOG" -C "$R" validate --staged &&
	test_stdout "records/big.md:1:1: error: file is 20971560 bytes, more than the limit of 16777216 (limits: file-bytes) [syntax]" &&
	test_stderr "checked 2 records: 1 error, 0 warnings" &&
	git -C "$R" commit -qm big &&
	test_exit 1 "$WORKLOG" -C "$R" validate --rev HEAD &&
	test_stdout "records/big.md:1:1: error: file is 20971560 bytes, more than the limit of 16777216 (limits: file-bytes) [syntax]" &&
	test_stderr "checked 2 records: 1 error, 0 warnings"
EOT

test_expect_success 'the pre-commit hook rejects an over-size record as a finding' - <<\EOT
	committed &&
	big_record records/big.md 20971520 &&
	git -C "$R" add -A &&
	test_exit 1 "$WORKLOG" -C "$R" hook pre-commit &&
	test_stdout "records/big.md:1:1: error: file is 20971560 bytes, more than the limit of 16777216 (limits: file-bytes) [syntax]" &&
	test_stderr "worklog: commit rejected: 1 record failed"
EOT

test_expect_success 'the pre-receive hook rejects a pushed over-size record as a finding' - <<\EOT
	committed &&
	S=$TRASH/server.git &&
	git init -q --bare "$S" &&
	PATH=$(dirname "$WORKLOG"):$PATH "$WORKLOG" -C "$S" hooks install --server >/dev/null &&
	PATH=$(dirname "$WORKLOG"):$PATH git -C "$R" push -q "$S" HEAD:main &&
	big_record records/big.md 20971520 &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm big &&
	test_exit 1 env PATH="$(dirname "$WORKLOG"):$PATH" git -C "$R" push -q "$S" HEAD:main &&
	head -2 "$TRASH/err" >actual &&
	cat >expect <<-EOF &&
	remote: $(git -C "$R" rev-parse --short=12 HEAD):records/big.md:1:1: error: file is 20971560 bytes, more than the limit of 16777216 (limits: file-bytes) [syntax]        
	remote: worklog: push rejected: 1 record failed in 1 commit        
	EOF
	test_cmp expect actual
EOT

test_expect_success SPARSE 'an over-size .worklog.yaml is a configuration error' - <<\EOT
	setup &&
	truncate -s 2M "$R/.worklog.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" validate &&
	test_stdout "" &&
	test_stderr <<-\EOF &&
	.worklog.yaml:1:1: error: file is 2097152 bytes, more than the limit of 1048576 [config]
	worklog: cannot use the configuration: 1 error
	EOF
	cp "$R/.worklog.yaml" "$TRASH/big.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" --config "$TRASH/big.yaml" validate &&
	test_stderr <<-EOF
	$TRASH/big.yaml:1:1: error: file is 2097152 bytes, more than the limit of 1048576 [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success SPARSE 'an over-size schema file is a configuration error' - <<\EOT
	setup &&
	echo "x-type: other" >"$R/.worklog/schema/big.yaml" &&
	truncate -s 5M "$R/.worklog/schema/big.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" validate &&
	test_stdout "" &&
	test_stderr <<-\EOF
	.worklog/schema/big.yaml:1:1: error: file is 5242880 bytes, more than the limit of 1048576 (limits: schema-bytes) [schema]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_done
