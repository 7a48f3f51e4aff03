#!/bin/sh
# trace.sh - run a program under strace -f, showing only the calls that
# carry descriptors (sendmsg, recvmsg) with their control messages decoded.
# Used by `make trace` and by t/0611-trace.t.
#   usage: beyond/trace.sh program [args...]
if ! command -v strace >/dev/null 2>&1; then
	echo "trace.sh: strace is not installed" >&2
	exit 77
fi
exec strace -f -qq -e trace=sendmsg,recvmsg -e signal=none "$@"
