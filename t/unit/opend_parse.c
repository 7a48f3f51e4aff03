/*
 * opend_parse.c - the open server's pure parts: parse_request (every way
 * a request can be wrong, and the message each gets), buf_args and
 * cli_args with the book's contract (the globals pathname, oflag and
 * errmsg), and the request reader (a request split across reads, two in
 * one read, an over-long one followed by a good one, an unfinished one at
 * end of file).
 */
#include "tap.h"
#include "../../ch17/opend_request.h"
#include "../../ch17/opend_reader.h"

/* The book's globals, defined in main's file (here, this test's). */
char errmsg[ERRMSG_SIZE];
int oflag;
char *pathname;

static struct open_request req;
static char msg[8192];

/* Parse the len bytes of s (a literal, its null bytes included). */
static int parse(const char *s, size_t len)
{
	msg[0] = '\0';
	return parse_request(s, len, &req, msg, sizeof msg);
}
#define PARSE(lit) parse(lit, sizeof lit - 1)

static void accepted(const char *what, int code, const char *path, int oflag)
{
	is_int(code, 0, "%s: accepted", what);
	is_str(req.pathname, path, "%s: path name", what);
	is_int(req.oflag, oflag, "%s: oflag", what);
}

static void refused(const char *what, int code, int want_code, const char *want)
{
	is_int(code, want_code, "%s: refused", what);
	is_str(msg, want, "%s: message", what);
	ok(req.pathname == NULL, "%s: no path name", what);
}

#define WS_MSG "too many fields: the open request cannot carry a path name with white space\n"
#define FORM_MSG "malformed request: expected \"open <pathname> <oflag>\"\n"
#define OFLAG_MSG "bad oflag: expected a decimal number\n"

static void test_parse(void)
{
	char buf[6000], nflag[32];

	accepted("plain", PARSE("open /etc/passwd 0\0"), "/etc/passwd", 0);
	accepted("tabs and runs of blanks, as buf_args splits",
		 PARSE("open\t/a  2\0"), "/a", O_RDWR);
	snprintf(nflag, sizeof nflag, "open /f %d", O_WRONLY | O_TRUNC | O_APPEND);
	accepted("O_WRONLY|O_TRUNC|O_APPEND", parse(nflag, strlen(nflag) + 1), "/f",
		 O_WRONLY | O_TRUNC | O_APPEND);
	accepted("a format string is just a name", PARSE("open %s%n%x 0\0"),
		 "%s%n%x", 0);

	refused("path with a space", PARSE("open /tmp/a b 0\0"), EINVAL, WS_MSG);
	refused("two fields", PARSE("open /x\0"), EINVAL, FORM_MSG);
	refused("one field", PARSE("open\0"), EINVAL, FORM_MSG);
	refused("unknown verb", PARSE("close /x 0\0"), EINVAL,
		"unknown request: expected \"open <pathname> <oflag>\"\n");
	refused("no null byte", PARSE("open /x 0"), EINVAL,
		"request not terminated by a null byte\n");
	refused("null byte inside", PARSE("open /x\0 0\0"), EINVAL,
		"null byte inside the request\n");
	refused("no bytes", parse("", 0), EINVAL, "empty request\n");
	refused("just a null byte", PARSE("\0"), EINVAL, "empty request\n");
	refused("only blanks", PARSE(" \t \0"), EINVAL, "empty request\n");
	refused("oflag not a number", PARSE("open /x abc\0"), EINVAL, OFLAG_MSG);
	refused("negative oflag", PARSE("open /x -1\0"), EINVAL, OFLAG_MSG);
	refused("oflag with trailing text", PARSE("open /x 0x\0"), EINVAL, OFLAG_MSG);
	refused("oflag too big", PARSE("open /x 99999999999\0"), EINVAL, OFLAG_MSG);
	snprintf(nflag, sizeof nflag, "open /x %d", O_WRONLY | O_CREAT);
	refused("O_CREAT", parse(nflag, strlen(nflag) + 1), EINVAL,
		"O_CREAT needs a mode, which the open request cannot carry\n");
	snprintf(nflag, sizeof nflag, "open /x %d", O_RDONLY | O_TRUNC);
	refused("O_TRUNC read-only", parse(nflag, strlen(nflag) + 1), EINVAL,
		"O_TRUNC needs write access\n");
	snprintf(nflag, sizeof nflag, "open /x %d", O_ACCMODE);
	refused("access mode 3", parse(nflag, strlen(nflag) + 1), EINVAL,
		"bad access mode in oflag\n");
	snprintf(nflag, sizeof nflag, "open /x %d", O_RDONLY | O_EXCL);
	refused("O_EXCL", parse(nflag, strlen(nflag) + 1), EINVAL,
		"oflag has flags this server does not honour (allowed: the access "
		"mode, O_APPEND, O_TRUNC, O_NONBLOCK, O_NOCTTY)\n");

	memset(buf, 'a', sizeof buf);
	refused("4096 bytes, no null byte", parse(buf, REQUEST_MAX), EMSGSIZE,
		"request too long (the limit is 4096 bytes)\n");
	buf[4999] = '\0';
	refused("5000 bytes with the null byte", parse(buf, 5000), EMSGSIZE,
		"request too long (the limit is 4096 bytes)\n");
	/* The longest request that fits: 4096 bytes, null byte included. */
	memcpy(buf, "open /", 6);
	memcpy(buf + REQUEST_MAX - 3, " 0", 3);
	is_int(parse(buf, REQUEST_MAX), 0, "exactly 4096 bytes: accepted");
	is_int((long)strlen(req.pathname), REQUEST_MAX - 8,
	       "exactly 4096 bytes: the whole path name");

	strcpy(buf, "open");
	for (int i = 0; i < 60; i++)
		strcat(buf, " x");
	refused("60 fields", parse(buf, strlen(buf) + 1), EINVAL, WS_MSG);

	/* Random bytes: always an answer, and a message that never quotes them. */
	{
		unsigned long seed = 12345;
		int odd = 0;

		for (int round = 0; round < 20000; round++) {
			size_t len = (size_t)(round % 64);
			int code;

			for (size_t i = 0; i < len; i++) {
				seed = seed * 6364136223846793005UL + 1442695040888963407UL;
				buf[i] = "open /x 0 \t\0%sSECRET"[(seed >> 33) % 21];
			}
			code = parse(buf, len);
			if (code == 0 ? req.pathname == NULL :
			    (code != EINVAL && code != EMSGSIZE) ||
			    msg[0] == '\0' || msg[strlen(msg) - 1] != '\n' ||
			    strstr(msg, "SECRET") != NULL)
				odd++;
		}
		is_int(odd, 0, "20000 random requests: each accepted or refused "
		       "with a one-line message quoting nothing");
	}
}

/* Feed s to r in pieces of step bytes; collect requests as "a|b|". */
static void feed(struct request_reader *r, const char *s, size_t len,
		 size_t step, char *out, size_t outsize)
{
	const char *req;
	size_t n, room;

	out[0] = '\0';
	while (len > 0) {
		char *space = reader_space(r, &room);

		n = len < step ? len : step;
		if (n > room)
			n = room;
		memcpy(space, s, n);
		reader_commit(r, n);
		s += n;
		len -= n;
		while (reader_next(r, &req, &n)) {
			size_t used = strlen(out);

			if (memchr(req, '\0', n) == NULL)
				snprintf(out + used, outsize - used, "<%zu bytes, no null>|", n);
			else
				snprintf(out + used, outsize - used, "%s|", req);
		}
	}
}

static void test_reader(void)
{
	struct request_reader r;
	char out[8192], big[12000];
	const char *rest;

	reader_init(&r);
	feed(&r, "open /a 0\0", 10, 3, out, sizeof out);
	is_str(out, "open /a 0|", "a request split in pieces of 3 bytes");
	reader_init(&r);
	feed(&r, "open /a 0\0open /b 0\0", 20, 20, out, sizeof out);
	is_str(out, "open /a 0|open /b 0|", "two requests in one read");
	reader_init(&r);
	feed(&r, "open /a 0\0open /b", 17, 17, out, sizeof out);
	is_str(out, "open /a 0|", "one and a half: the first");
	feed(&r, " 0\0", 3, 3, out, sizeof out);
	is_str(out, "open /b 0|", "then the rest of the second");
	is_int(reader_pending(&r, &rest), 0, "nothing pending");

	memset(big, 'a', 10000);
	memcpy(big + 10000, "\0open /c 0\0", 11);
	reader_init(&r);
	feed(&r, big, 10011, 1000, out, sizeof out);
	is_str(out, "<4096 bytes, no null>|open /c 0|",
	       "10000 bytes without end: reported once, then back in step");
	reader_init(&r);
	feed(&r, big, 10011, 10011, out, sizeof out);
	is_str(out, "<4096 bytes, no null>|open /c 0|", "the same in one read");

	reader_init(&r);
	feed(&r, "open /d 0", 9, 4, out, sizeof out);
	is_str(out, "", "no null byte yet: no request");
	is_int(reader_pending(&r, &rest), 9, "9 bytes pending at end of file");
	ok(memcmp(rest, "open /d 0", 9) == 0, "the pending bytes");
}

/* buf_args and cli_args called as handle_request calls them. */
static void test_book_contract(void)
{
	char good[] = "open\t/etc/passwd  2", bad[] = "open /x 0 y";

	pathname = NULL;
	is_int(buf_args(good, cli_args), 0, "buf_args(cli_args): accepted");
	ok(pathname == good + 5, "cli_args: pathname points into the buffer");
	is_str(pathname, "/etc/passwd", "cli_args: pathname");
	is_int(oflag, O_RDWR, "cli_args: oflag");
	errmsg[0] = '\0';
	is_int(buf_args(bad, cli_args), -1, "buf_args(cli_args): four fields refused");
	is_str(errmsg, WS_MSG, "cli_args: the reason in errmsg");
	is_int(request_check("open /x 0", 10), 0, "request_check: one whole request");
	is_str(errmsg, WS_MSG, "request_check: errmsg holds buf_args's own refusal");
	is_int(request_check("open /x 0", 9), EINVAL, "request_check: no null byte");
	{
		char many[200];
		int n = 0;

		for (int i = 0; i < 50; i++)
			n += snprintf(many + n, sizeof many - (size_t)n, "f ");
		is_int(buf_args(many, cli_args), -1, "buf_args: 50 fields refused");
	}
}

int main(void)
{
	test_book_contract();
	test_parse();
	test_reader();
	return done_testing();
}
