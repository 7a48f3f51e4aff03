#!/bin/sh
# bench_transports.sh - the STREAMS transport against the socket one:
# runs beyond/bench_passfd (sockets) and beyond/streams/bench_passfd
# (STREAMS) with the same flags, prints both tables, then what one
# descriptor costs over STREAMS per descriptor over sockets, for
# send_fd/recv_fd in ping-pong and streaming: the ratio of the two
# medians, and the same ratio with each program's cost first divided by
# its own raw sendmsg/recvmsg loop (both programs run the same raw loop,
# so this second figure cancels a machine that was busier during one
# program than during the other).  Used by `make bench`.
#   usage: beyond/bench_transports.sh [bench_passfd flags...]
#          beyond/bench_transports.sh -h
if [ "$1" = -h ]; then
	sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

beyond/bench_passfd "$@" >"$dir/sockets" || exit 1
beyond/streams/bench_passfd "$@" >"$dir/streams" || exit 1
cat "$dir/sockets" "$dir/streams"

# median of METHOD in MODE from a table: the third column of its row.
median() {
	awk -v m="$2" -v mode="$3" '
		index($0, m) == 1 && $(NF - 2) == mode { print $(NF - 1) }' "$1"
}
echo "# STREAMS per socket cost of send_fd/recv_fd: medians; medians over each raw loop"
for mode in ping-pong streaming; do
	s_api=$(median "$dir/streams" "send_fd/recv_fd" "$mode")
	s_raw=$(median "$dir/streams" "raw sendmsg/recvmsg" "$mode")
	k_api=$(median "$dir/sockets" "send_fd/recv_fd" "$mode")
	k_raw=$(median "$dir/sockets" "raw sendmsg/recvmsg" "$mode")
	awk -v mode="$mode" -v sa="$s_api" -v sr="$s_raw" -v ka="$k_api" \
	    -v kr="$k_raw" 'BEGIN {
		printf "STREAMS vs sockets     %-11s %9.3fx %9.3fx\n", mode,
		       sa / ka, (sa / sr) / (ka / kr)
	}'
done
