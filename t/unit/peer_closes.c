/*
 * peer_closes.c - a peer that goes away before its reply is complete gives
 * -1 with ECONNRESET and a message, any text already sent still reaches
 * userfunc, and no descriptor is left behind.  Runs over both transports.
 */
#include "tap.h"
#include "peer.h"
#include <signal.h>

struct partial {
	const char *bytes;
	size_t len;
	int kill_self;          /* die by SIGKILL rather than exit */
};

static void send_partial(int sock, void *arg)
{
	const struct partial *p = arg;

	if (p->len > 0 && writen(sock, p->bytes, p->len) != (ssize_t)p->len)
		_exit(4);
	if (p->kill_self)
		raise(SIGKILL);
}

static void check(const struct partial *p, const char *text_expected,
		  const char *message, const char *what)
{
	int sock, before, got, saved;
	pid_t pid;

	collect_reset();
	before = open_fd_count();
	pid = start_peer(&sock, send_partial, (void *)p);
	capture_stderr();
	got = recv_fd(sock, collect_text);
	saved = errno;
	is_str(captured_stderr(), message, "%s: the message says so", what);
	ok(got == -1 && saved == ECONNRESET, "%s: -1 with ECONNRESET", what);
	if (got != -1 || saved != ECONNRESET)
		diag("got %d, errno %d (%s)", got, saved, strerror(saved));
	is_str(collected, text_expected, "%s: text before the close reached userfunc",
	       what);
	close(sock);
	finish_peer(pid);
	is_int(open_fd_count(), before, "%s: no descriptor left behind", what);
}

int main(void)
{
	static const struct partial nothing = { "", 0, 0 };
	static const struct partial some_text = { "half a mess", 11, 0 };
	static const struct partial text_null = { "text\0", 5, 0 };
	static const struct partial killed = { "killed after", 12, 1 };

	static const char closed[] = "recv_fd: connection closed by peer\n";
	static const char midway[] =
		"recv_fd: connection closed in the middle of a reply\n";

	plan(16);
	check(&nothing, "", closed, "peer closes without a word");
	check(&some_text, "half a mess", midway, "peer closes mid-text");
	check(&text_null, "text", midway, "peer closes between null and status");
	check(&killed, "killed after", midway, "peer killed by SIGKILL mid-reply");
	return done_testing();
}
