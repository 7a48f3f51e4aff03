#!/bin/sh
# run.sh NAME - compile, link and run the feature probe apue/probe/NAME.c
# with the build's compiler and flags (from the environment: CC, CFLAGS,
# LDFLAGS, LDLIBS), and print one line for make:
#     yes DETAIL        the probe ran and exited 0 (DETAIL: what it printed)
#     no REASON         it did not compile, link or run, and why
# The probe's files live in a scratch directory that is removed at the end,
# so any number of builds may probe at once.
name=$1
src=$(dirname "$0")/$name.c
dir=$(mktemp -d "${TMPDIR:-/tmp}/apue-probe.XXXXXX") || {
	echo "no cannot make a scratch directory"
	exit 0
}
trap 'rm -rf "$dir"' EXIT

# The first line of a compiler's complaint, without the file name part
# and without quotes, which make and the shell would take for syntax.
first_error() {
	grep -m1 -E 'error|undefined' "$dir/err" |
		sed -e 's/^.*[Ee]rror: //' -e 's/^.*: undefined/undefined/' |
		tr -d "\`'\"\$\\\\"
}

# shellcheck disable=SC2086  # CC and the flags are word lists, as in make
if ! ${CC:-cc} $CFLAGS -c -o "$dir/probe.o" "$src" 2>"$dir/err"; then
	echo "no does not compile: $(first_error)"
elif ! ${CC:-cc} $CFLAGS $LDFLAGS -o "$dir/probe" "$dir/probe.o" \
		$LDLIBS 2>"$dir/err"; then
	echo "no does not link: $(first_error)"
elif out=$("$dir/probe" 2>&1); then
	echo "yes $out" | head -n 1 | tr -d "\`'\"\$\\\\"
else
	status=$?
	echo "no ${out:-the probe failed with status $status}" | head -n 1 |
		tr -d "\`'\"\$\\\\"
fi
