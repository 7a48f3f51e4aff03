#!/bin/sh
# demo-server.sh - the version 2 open server (3e Figures 17.25-17.31) on a
# private socket, and one client asking it for a file it may read, a file
# that does not exist and a file it may not read.  Run as root, the client
# asks as an unprivileged user (uid 65534, with setpriv), so the server
# must refuse what that user could not open.  The server is stopped on
# every way out: success, failure, Ctrl-C, kill.  `make demo-server`.
#   usage: ch17/demo-server.sh [-h] [server]      (default: ch17/opend2)
# Paths are printed with the private directory shown as DEMO, so the
# output is the same on every run.
set -u
if [ "${1:-}" = -h ]; then
	echo "usage: demo-server.sh [-h] [server]   (default: ch17/opend2)"
	exit 0
fi
top=$(cd "$(dirname "$0")/.." && pwd)
server=${1:-ch17/opend2}
dir=
pid=

stop_server() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		pid=
	fi
}
trap 'stop_server; [ -n "$dir" ] && rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

fail() {
	echo "demo-server: $*" >&2
	exit 1
}

# Whom the client runs as.  Root asks as nobody; anyone else as themself.
as=
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null 2>&1 ||
		fail "run as root, this demo needs setpriv to ask as an unprivileged user"
	as="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi

# A private directory the client can enter, with the client's own copy of
# open2 (the tree itself may be a 0700 clone).
dir=$(mktemp -d "${TMPDIR:-/tmp}/opend-demo.XXXXXX") || fail "mktemp failed"
chmod 755 "$dir"
cp "$top/ch17/open2" "$dir/open2" || fail "ch17/open2 is not built: run make"
echo "anyone may read this file" >"$dir/readable.txt"
chmod 644 "$dir/readable.txt"
echo "not for the client" >"$dir/secret.txt"
chmod 600 "$dir/secret.txt"
# As its owner, a non-root client could read a 0600 file: take every bit.
[ -z "$as" ] && chmod 000 "$dir/secret.txt"
sock=$dir/opend.socket

# Listening yet?  /proc/net/unix shows the flag (0x10000); elsewhere, the
# socket file is all we can see.
listening() {
	if [ -r /proc/net/unix ]; then
		awk -v s="$sock" '$8 == s && $4 == "00010000" { f = 1 }
			END { exit !f }' /proc/net/unix
	else
		[ -S "$sock" ]
	fi
}

(cd "$top" && exec "$server" -d -s "$sock" 2>"$dir/server.log" </dev/null) &
pid=$!
tries=0
until listening; do
	kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log" >&2; pid=; fail "the server did not start"; }
	tries=$((tries + 1))
	[ "$tries" -lt 500 ] || fail "the server did not listen on $sock"
	sleep 0.01 2>/dev/null || sleep 1
done

echo "server: $server -d -s DEMO/opend.socket   (DEMO: a private directory)"
echo "client: open2 -s DEMO/opend.socket, as an unprivileged user, asks for"
echo "  DEMO/readable.txt   a file anyone may read"
echo "  DEMO/missing.txt    a file that does not exist"
echo "  DEMO/secret.txt     a file the client may not read"
echo "the client prints:"
printf '%s\n' "$dir/readable.txt" "$dir/missing.txt" "$dir/secret.txt" |
	$as "$dir/open2" -s "$sock" 2>&1 | sed "s|$dir|DEMO|g"
stop_server
echo "server stopped"
