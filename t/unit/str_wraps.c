/*
 * str_wraps.c - a STREAMS program linked without the emulation's wraps
 * (-Wl,--wrap=pipe and the rest of `pkg-config --libs apue-streams`)
 * says so.  Linked twice: t/unit/str_unwrapped with libapue_streams.a and
 * libstreams_emu.a but none of the wraps, t/unit/str_wrapped as every
 * STREAMS program is.
 *
 * usage: str_unwrapped FIRST   (FIRST: send_fd, recv_fd, ioctl, getmsg,
 *                                putmsg or serv_listen: the call made first)
 *        str_wrapped
 * Unwrapped, s_pipe gives a plain pipe, and every STREAMS call on it fails
 * with the errno it always had (ENOTTY from a STREAMS ioctl, send_fd's
 * I_SENDFD included; ENOSTR from getmsg, putmsg and so recv_fd), and the
 * first one writes one line on stderr naming the link flags; no other call
 * writes it again.  Wrapped, the same calls on a plain pipe fail the same
 * way and write nothing.
 */
#include "tap.h"
#include "peer.h"
#include "plain_pipe.h"
#include <stropts.h>

static const char hint[] = "pkg-config --libs apue-streams";

/* How many times the hint is in text. */
static int hints_in(const char *text)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, hint)) != NULL; p++)
		n++;
	return n;
}

/* One STREAMS call on the plain pipe p, checked for its errno. */
static void call(const char *which, int p[2], const char *name)
{
	char buf[8];
	struct strbuf dat = { .maxlen = sizeof buf, .buf = buf, .len = 1 };
	int flags = 0, r;

	errno = 0;
	if (strcmp(which, "send_fd") == 0) {
		r = send_fd(p[1], STDIN_FILENO);
		ok(r == -1 && errno == ENOTTY, "send_fd: -1, ENOTTY (%s)",
		   strerror(errno));
	} else if (strcmp(which, "recv_fd") == 0) {
		r = recv_fd(p[0], NULL);
		ok(r == -1 && errno == ENOSTR, "recv_fd: -1, ENOSTR (%s)",
		   strerror(errno));
	} else if (strcmp(which, "ioctl") == 0) {
		r = ioctl(p[1], I_SENDFD, STDIN_FILENO);
		ok(r == -1 && errno == ENOTTY,
		   "the book's own ioctl(I_SENDFD): -1, ENOTTY (%s)",
		   strerror(errno));
	} else if (strcmp(which, "getmsg") == 0) {
		r = getmsg(p[0], NULL, &dat, &flags);
		ok(r == -1 && errno == ENOSTR, "getmsg: -1, ENOSTR (%s)",
		   strerror(errno));
	} else if (strcmp(which, "putmsg") == 0) {
		r = putmsg(p[1], NULL, &dat, 0);
		ok(r == -1 && errno == ENOSTR, "putmsg: -1, ENOSTR (%s)",
		   strerror(errno));
	} else if (strcmp(which, "serv_listen") == 0) {
		r = serv_listen(name);
		ok(r == -1 && errno == ENOTTY && access(name, F_OK) < 0,
		   "serv_listen (I_PUSH on its pipe): -1, ENOTTY, no file "
		   "left (%s)", strerror(errno));
	} else {
		err_quit("unknown call %s", which);
	}
}

static const char *calls[] = {
	"send_fd", "recv_fd", "ioctl", "getmsg", "putmsg", "serv_listen"
};
#define NCALLS (sizeof calls / sizeof calls[0])

int main(int argc, char *argv[])
{
	const char *first = argc > 1 ? argv[1] : NULL;
	int unwrapped = first != NULL, p[2], sp[2];
	char dir[] = "/tmp/str_wraps.XXXXXX", name[64];
	const char *text;

	if (argc > 1 && strcmp(argv[1], "-h") == 0) {
		printf("usage: str_unwrapped FIRST | str_wrapped\n"
		       "TAP: STREAMS calls on a plain pipe, what they say\n");
		return 0;
	}
	plan(unwrapped ? 9 : 8);
	if (mkdtemp(dir) == NULL)
		err_sys("mkdtemp");
	snprintf(name, sizeof name, "%s/server", dir);

	if (s_pipe(sp) < 0)
		err_sys("s_pipe");
	is_int(isastream(sp[0]), unwrapped ? 0 : 1, unwrapped ?
	       "s_pipe without the wraps: a plain pipe" :
	       "s_pipe with the wraps: a stream");
	if (unwrapped) {
		p[0] = sp[0];
		p[1] = sp[1];
	} else {
		close(sp[0]);
		close(sp[1]);
		if (plain_pipe(p) < 0)
			err_sys("pipe");
	}

	capture_stderr();
	if (unwrapped)
		call(first, p, name);
	for (size_t i = 0; i < NCALLS; i++)
		if (!unwrapped || strcmp(calls[i], first) != 0)
			if (unwrapped || strcmp(calls[i], "serv_listen") != 0)
				call(calls[i], p, name);
	text = captured_stderr();

	if (unwrapped)
		is_int(hints_in(text), 1, "one line on stderr names the link "
		       "flags and `%s`, once", hint);
	else
		is_int(hints_in(text), 0, "linked with the wraps: no such "
		       "line on stderr");
	if (hints_in(text) > 0 || !unwrapped)
		ok(unwrapped ? strstr(text, "-Wl,--wrap=pipe") != NULL :
		   strstr(text, "wrap") == NULL,
		   unwrapped ? "the line names -Wl,--wrap=pipe" :
		   "and nothing about wraps");
	else
		skip(1, "no line to read");
	if (text[0] != '\0')
		diag("stderr: %s", text);
	rmdir(dir);
	return done_testing();
}
