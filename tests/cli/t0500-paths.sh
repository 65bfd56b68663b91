#!/bin/sh
# Nothing outside the repository (SECURITY.md, "Files and paths"): no
# symbolic link is followed anywhere on the way to a record, a schema
# file or the configuration, and only regular files are read: a FIFO or
# a device never hangs the run, it is refused and the run goes on.
. "$(dirname "$0")/lib.sh"

# A file that hangs a reader must fail the test, not hang it.
test_lazy_prereq TIMEOUT 'command -v timeout'
test_lazy_prereq MKFIFO 'mkfifo f && test -p f'

# A repository with the item type and one good item, and, outside it,
# $TRASH/outside with a record and a schema that would replace `item`.
setup() {
	new_repo "$R" &&
	write_config &&
	write_item_schema &&
	write_item records/a.md I-1 todo &&
	mkdir -p "$TRASH/outside/sub" &&
	printf -- '---\ntype: item\nid: secret\nstatus: leaked\n---\n' \
		>"$TRASH/outside/sub/s.md" &&
	printf 'x-type: item\ntype: object\nrequired: [stolen]\n' \
		>"$TRASH/outside/sub/item.yaml"
}

test_expect_success SYMLINKS 'a record named beyond a linked folder is refused and not read' - <<\EOT
	setup &&
	ln -s "$TRASH/outside" "$R/records/lnk" &&
	test_exit 2 "$WORKLOG" -C "$R" validate records/lnk/sub/s.md records/a.md &&
	test_stdout "" &&
	test_stderr <<-\EOF &&
	worklog: cannot read 'records/lnk/sub/s.md': 'records/lnk' is a symbolic link, which worklog does not follow
	checked 1 record: 0 errors, 0 warnings
	EOF
	test_exit 2 "$WORKLOG" -C "$R" validate records/lnk/sub &&
	test_stdout "" &&
	test_stderr <<-\EOF
	worklog: cannot read 'records/lnk/sub': 'records/lnk' is a symbolic link, which worklog does not follow
	checked 0 records: 0 errors, 0 warnings
	EOF
EOT

test_expect_success SYMLINKS 'a records glob through a linked folder finds nothing there' - <<\EOT
	setup &&
	ln -s "$TRASH/outside" "$R/records/lnk" &&
	sed -i 's|^records: .*|records: ["records/lnk/sub/*.md"]|' \
		"$R/.worklog.yaml" &&
	test_exit 0 "$WORKLOG" -C "$R" validate &&
	test_stdout "" &&
	test_stderr "checked 0 records: 0 errors, 0 warnings"
EOT

test_expect_success SYMLINKS 'a schema folder reached through a link cannot replace a type' - <<\EOT
	setup &&
	rm -r "$R/.worklog" &&
	ln -s "$TRASH/outside" "$R/.worklog" &&
	sed -i 's|^schemas: .*|schemas: [.worklog/sub]|' "$R/.worklog.yaml" &&
	test_exit 1 "$WORKLOG" -C "$R" validate &&
	test_stdout "records/a.md:2:7: error: type: unknown record type 'item' (known: analysis, kpi, log, meeting, playbook, problem, project, role, summary, task) [schema]" &&
	test_stderr "checked 1 record: 1 error, 0 warnings"
EOT

test_expect_success SYMLINKS 'a linked .worklog.yaml is refused' - <<\EOT
	setup &&
	mv "$R/.worklog.yaml" "$TRASH/outside/config.yaml" &&
	ln -s "$TRASH/outside/config.yaml" "$R/.worklog.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" validate &&
	test_stdout "" &&
	test_stderr "worklog: cannot read '.worklog.yaml': it is a symbolic link, which worklog does not follow"
EOT

test_expect_success SYMLINKS '--config is the user'"'"'s choice and may be a link outside' - <<\EOT
	setup &&
	cp "$R/.worklog.yaml" "$TRASH/outside/config.yaml" &&
	ln -s "$TRASH/outside/config.yaml" "$TRASH/link.yaml" &&
	test_exit 0 "$WORKLOG" -C "$R" --config "$TRASH/link.yaml" validate &&
	test_stderr "checked 1 record: 0 errors, 0 warnings"
EOT

test_expect_success SYMLINKS 'the repository itself may be reached through a link' - <<\EOT
	setup &&
	ln -s "$R" "$TRASH/via" &&
	test_exit 0 "$WORKLOG" -C "$TRASH/via" validate records/a.md &&
	test_stderr "checked 1 record: 0 errors, 0 warnings" &&
	test_exit 0 in_dir "$TRASH/via/records" "$WORKLOG" validate a.md &&
	test_stderr "checked 1 record: 0 errors, 0 warnings"
EOT

test_expect_success 'a record named outside the repository is refused before anything is read' - <<\EOT
	setup &&
	test_exit 2 "$WORKLOG" -C "$R" validate records/../../outside/sub/s.md &&
	test_stdout "" &&
	test_stderr "worklog: 'records/../../outside/sub/s.md' is outside the repository '$(cd "$R" && pwd -P)'" &&
	test_exit 2 "$WORKLOG" -C "$R" validate /dev/zero &&
	test_stderr "worklog: '/dev/zero' is outside the repository '$(cd "$R" && pwd -P)'"
EOT

test_expect_success TIMEOUT,MKFIFO 'a FIFO named as a record is refused without waiting' - <<\EOT
	setup &&
	mkfifo "$R/records/fifo.md" &&
	test_exit 2 timeout 20 "$WORKLOG" -C "$R" validate records/fifo.md records/a.md &&
	test_stdout "" &&
	test_stderr <<-\EOF &&
	worklog: cannot read 'records/fifo.md': it is a FIFO, not a regular file
	checked 1 record: 0 errors, 0 warnings
	EOF
	test_exit 0 timeout 20 "$WORKLOG" -C "$R" validate &&
	test_stderr "checked 1 record: 0 errors, 0 warnings"
EOT

test_expect_success TIMEOUT,MKFIFO 'a FIFO as --config is refused without waiting' - <<\EOT
	setup &&
	mkfifo "$TRASH/config.yaml" &&
	test_exit 2 timeout 20 "$WORKLOG" -C "$R" --config "$TRASH/config.yaml" validate &&
	test_stdout "" &&
	test_stderr "worklog: cannot read '$TRASH/config.yaml': it is a FIFO, not a regular file"
EOT

test_expect_success TIMEOUT,MKFIFO 'a .worklog.yaml that is a FIFO or a folder is refused, not passed over' - <<\EOT
	setup &&
	mv "$R/.worklog.yaml" "$TRASH/.worklog.yaml" &&
	mkfifo "$R/.worklog.yaml" &&
	test_exit 2 timeout 20 "$WORKLOG" -C "$R/records" validate &&
	test_stdout "" &&
	test_stderr "worklog: cannot read '.worklog.yaml': it is a FIFO, not a regular file" &&
	rm "$R/.worklog.yaml" &&
	mkdir "$R/.worklog.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R/records" validate &&
	test_stderr "worklog: cannot read '.worklog.yaml': it is a folder, not a regular file"
EOT

test_expect_success TIMEOUT 'a device or a folder as --config is refused' - <<\EOT
	setup &&
	test_exit 2 timeout 20 "$WORKLOG" -C "$R" --config /dev/zero validate &&
	test_stdout "" &&
	test_stderr "worklog: cannot read '/dev/zero': it is a character device, not a regular file" &&
	test_exit 2 timeout 20 "$WORKLOG" -C "$R" --config /dev/null validate &&
	test_stderr "worklog: cannot read '/dev/null': it is a character device, not a regular file" &&
	test_exit 2 "$WORKLOG" -C "$R" --config "$TRASH" validate &&
	test_stderr "worklog: cannot read '$TRASH': it is a folder, not a regular file"
EOT

test_expect_success 'a folder named like a record is read as the records in it' - <<\EOT
	setup &&
	mkdir "$R/records/dir.md" &&
	write_item records/dir.md/b.md I-2 bogus &&
	test_exit 1 "$WORKLOG" -C "$R" validate records/dir.md &&
	test_stdout 'records/dir.md/b.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
EOT

test_done
