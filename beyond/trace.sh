#!/bin/sh
# trace.sh - run a program under strace -f and show the calls that carry
# descriptors (sendmsg, recvmsg) with their control messages decoded:
# first the program's own output, then each process's calls, the
# children's before the parent's, labelled, without the fields that are
# always the same, and wrapped to fit 100 columns.
# Used by `make trace` and by t/0611-trace.t.  Where strace is missing or
# may not trace (ptrace refused, as in some containers), it says so on one
# line and exits 0: the tour goes on without this step.
#   usage: beyond/trace.sh program [args...]
if ! command -v strace >/dev/null 2>&1; then
	echo "trace.sh: skipped: strace is not installed (Debian: apt-get install strace)"
	exit 0
fi
if ! why=$(strace -qq -e trace=none true 2>&1); then
	echo "trace.sh: skipped: strace cannot trace here: $why" | head -n 1
	exit 0
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/trace.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The shell writes its pid, then becomes the program: the parent's pid.
strace -f -ff -qq -o "$dir/call" -e trace=sendmsg,recvmsg -e signal=none \
	sh -c 'echo $$ >"$0/top"; exec "$@"' "$dir" "$@"
status=$?
echo "the calls that carried descriptors (strace -f):"
top=$(cat "$dir/top")
for who in $(ls "$dir"/call.* 2>/dev/null | grep -v "call\.$top\$") "$dir/call.$top"; do
	[ -s "$who" ] || continue
	if [ "$who" = "$dir/call.$top" ]; then label=parent; else label=child; fi
	perl -ne '
		BEGIN { $label = shift @ARGV }
		next unless /^(sendmsg|recvmsg)\(/;
		next if /= \? ERESTART/;	# interrupted, then restarted: carried nothing
		s/msg_name=NULL, msg_namelen=0, //;
		s/msg_iovlen=1, //;
		s/, (msg_control=)/,\n        $1/;
		s/, (msg_controllen=)/,\n        $1/;
		print "$label: $_";
	' "$label" "$who"
done
exit $status
