/*
 * opend_handle.c - answer requests (book: handle_request, 3e Figures 17.22
 * and 17.31).
 *
 * Differences: requests are framed by a null byte (opend_reader.c) and
 * parsed in full first (opend_request.c); the file is opened as the
 * client's uid (opend_access.c; in a worker of the privilege-separated
 * server the process already is that user, so this is a plain open); the
 * errno goes back as the status, so the client sees the real reason; a
 * reply that cannot be sent ends that client only.  No text of the
 * client's is ever used as a format.  Version 2 refuses a relative path
 * name (relative_refused): it would resolve from the server's directory,
 * not the client's.  With -d, each request is logged in one line
 * (log_request): uid, path name, flags, outcome.  client_serve notes each
 * client's activity for the idle timeout (client_active).
 */
#include "opend.h"

int relative_refused;
int log_requests;

/* Make what a client sent safe to print: non-printing bytes as \xNN, at
 * most 200 of them, then "...". */
static void printable(char *out, size_t size, const char *in)
{
	size_t n = 0, shown = 0;

	for (; *in != '\0' && n + 8 < size; in++, shown++) {
		unsigned char c = (unsigned char)*in;

		if (shown == 200) {
			n += (size_t)snprintf(out + n, size - n, "...");
			break;
		}
		if (c < ' ' || c > '~' || c == '"' || c == '\\')
			n += (size_t)snprintf(out + n, size - n, "\\x%02x", c);
		else
			out[n++] = (char)c;
	}
	out[n] = '\0';
}

/* The oflag as the names a reader knows: O_RDONLY|O_APPEND... */
static void flag_names(char *out, size_t size, int oflag)
{
	static const struct { int flag; const char *name; } names[] = {
		{ O_APPEND, "O_APPEND" }, { O_TRUNC, "O_TRUNC" },
		{ O_NONBLOCK, "O_NONBLOCK" }, { O_NOCTTY, "O_NOCTTY" },
	};
	int acc = oflag & O_ACCMODE;

	snprintf(out, size, "%s", acc == O_RDONLY ? "O_RDONLY" :
		 acc == O_WRONLY ? "O_WRONLY" : "O_RDWR");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (oflag & names[i].flag)
			snprintf(out + strlen(out), size - strlen(out), "|%s",
				 names[i].name);
}

/* -d: one line per request. */
static void log_request(uid_t uid, const struct open_request *req,
			const char *outcome)
{
	char path[1024], flags[96];

	if (!log_requests)
		return;
	if (req == NULL) {
		log_msg("request: uid %ld, refused: %s", (long)uid, outcome);
		return;
	}
	printable(path, sizeof path, req->pathname);
	flag_names(flags, sizeof flags, req->oflag);
	log_msg("request: uid %ld, open \"%s\" %s: %s", (long)uid, path,
		flags, outcome);
}

int handle_request(const char *buf, size_t len, int clifd, uid_t uid)
{
	struct open_request req;
	char errmsg[REQUEST_MAX + 128];
	int code, fd, rc;

	code = parse_request(buf, len, &req, errmsg, sizeof errmsg);
	if (code == 0 && relative_refused && req.pathname[0] != '/') {
		code = EINVAL;
		snprintf(errmsg, sizeof errmsg, "relative path name refused: the "
			 "server does not know your working directory\n");
	}
	if (code != 0) {
		char why[256];

		snprintf(why, sizeof why, "%.*s", (int)strcspn(errmsg, "\n"),
			 errmsg);
		log_request(uid, NULL, why);
		return send_err(clifd, -code, errmsg);
	}
	if ((fd = open_as(uid, req.pathname, req.oflag)) < 0) {
		code = errno > 0 && errno <= 255 ? errno : EIO;
		log_request(uid, &req, strerror(code));
		snprintf(errmsg, sizeof errmsg, "can't open %s: %s\n",
			 req.pathname, strerror(code));
		return send_err(clifd, -code, errmsg);
	}
	rc = send_fd(clifd, fd);
	log_request(uid, &req, rc == 0 ? "descriptor sent" :
		    "descriptor not sent (client gone)");
	close(fd);                      /* the client has its own now */
	return rc;
}

int client_serve(struct request_reader *in, int infd, int outfd, uid_t uid)
{
	const char *req;
	size_t room, len;
	ssize_t n;
	char *space = reader_space(in, &room);

	n = read(infd, space, room);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;       /* nothing after all: wait again */
		log_ret("read error, uid %ld", (long)uid);
		return -1;
	}
	if (n == 0) {
		/* End of file: answer an unfinished request, if any. */
		if ((len = reader_pending(in, &req)) > 0)
			(void)handle_request(req, len, outfd, uid);
		return -1;
	}
	client_active(infd);
	reader_commit(in, (size_t)n);
	while (reader_next(in, &req, &len))
		if (handle_request(req, len, outfd, uid) < 0)
			return -1;
	return 0;
}
