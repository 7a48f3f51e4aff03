/*
 * opend_handle.c - answer requests (book: handle_request, 3e Figures 17.22
 * and 17.31), and read them (read_request, for main and the loops).
 *
 * Differences: one handle_request for both versions, with the uid of
 * 17.31 (version 1 passes its real user ID).  Requests are framed by
 * their null byte (read_request, opend_reader.c), not by read()
 * boundaries, and checked in full before buf_args (request_check, which
 * also refuses what the book passes on: a null byte inside, a request of
 * more than 4096 bytes, one with no field).  The file is opened as the
 * client's uid (open_as, opend_access.c; in a worker of the
 * privilege-separated server the process already is that user, so this
 * is a plain open), where the book opens with the server's own rights;
 * the errno goes back as the status, where the book sends -1, so the
 * client sees the real reason.  An answer that cannot be sent ends that
 * client only: its connection is shut down, so the loop reads end of file
 * (the book's log_sys ends the server).  Version 2 refuses a relative
 * path name (refuse_relative_paths): it would resolve from the server's
 * directory, not the client's.  The log: with -d, one line per request,
 * at its end (log_request): uid, path name with non-printing bytes
 * escaped, flags, outcome; nothing else of the client's text, and never
 * as a format, where the handle_request of 3e Figure 17.31 passes errmsg,
 * which holds the client's path name, to log_msg as the format (an
 * erratum: NOTES.md, "Figure 17.31: handle_request, version 2").  Without -d nothing is logged,
 * where the book's log_msg sends every request to syslog.
 */
#include "opend.h"
#include <sys/socket.h>

static int relative_refused;

void refuse_relative_paths(void)
{
	relative_refused = 1;
}

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
static void flag_names(char *out, size_t size, int flags)
{
	static const struct { int flag; const char *name; } names[] = {
		{ O_APPEND, "O_APPEND" }, { O_TRUNC, "O_TRUNC" },
		{ O_NONBLOCK, "O_NONBLOCK" }, { O_NOCTTY, "O_NOCTTY" },
	};
	int acc = flags & O_ACCMODE;

	snprintf(out, size, "%s", acc == O_RDONLY ? "O_RDONLY" :
		 acc == O_WRONLY ? "O_WRONLY" : "O_RDWR");
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (flags & names[i].flag)
			snprintf(out + strlen(out), size - strlen(out), "|%s",
				 names[i].name);
}

/* -d: one line for a request cli_args took (pathname, oflag). */
static void log_request(uid_t uid, const char *outcome)
{
	char path[1024], flags[96];

	if (!debug)
		return;
	printable(path, sizeof path, pathname);
	flag_names(flags, sizeof flags, oflag);
	log_msg("request: uid %ld, open \"%s\" %s: %s", (long)uid, path,
		flags, outcome);
}

/* An answer not sent (the client is gone, or does not read): shut the
 * connection down, so the loop reads end of file and drops it. */
static void check_sent(int clifd, int rc)
{
	if (rc < 0)
		(void)shutdown(clifd, SHUT_RDWR);
}

/* Refuse the request: errmsg, with the status code, to the client; with
 * -d, its first line to the log. */
static void refuse_request(int clifd, uid_t uid, int code)
{
	if (debug)
		log_msg("request: uid %ld, refused: %.*s", (long)uid,
			(int)strcspn(errmsg, "\n"), errmsg);
	check_sent(clifd, send_err(clifd, -code, errmsg));
}

/* Version 2: a relative path name, refused with the reason in errmsg. */
static int path_refused(const char *path)
{
	if (!relative_refused || path[0] == '/')
		return 0;
	snprintf(errmsg, ERRMSG_SIZE, "relative path name refused: the server "
		 "does not know your working directory\n");
	return 1;
}

void handle_request(char *buf, int nread, int clifd, uid_t uid)
{
	int newfd, code;

	if ((code = request_check(buf, (size_t)nread)) != 0) {
		refuse_request(clifd, uid, code);       /* not one whole request */
		return;
	}
	/* split the request, set pathname and oflag */
	if (buf_args(buf, cli_args) < 0 || path_refused(pathname)) {
		refuse_request(clifd, uid, EINVAL);
		return;
	}
	if ((newfd = open_as(uid, pathname, oflag)) < 0) {
		code = errno > 0 && errno <= 255 ? errno : EIO;
		snprintf(errmsg, ERRMSG_SIZE, "can't open %s: %s\n", pathname,
			 strerror(code));
		log_request(uid, strerror(code));
		check_sent(clifd, send_err(clifd, -code, errmsg));
		return;
	}
	/* the descriptor, then ours is closed: the client has its own */
	code = send_fd(clifd, newfd);
	log_request(uid, code == 0 ? "descriptor sent" :
		    "descriptor not sent (client gone)");
	check_sent(clifd, code);
	close(newfd);
}

int next_request(struct request_reader *in, char **bufp)
{
	const char *req;
	size_t len;

	if (!reader_next(in, &req, &len))
		return 0;
	*bufp = (char *)req;            /* in the reader's own buffer */
	return (int)len;
}

/* End of file: what the client left unfinished, once (handle_request
 * refuses it), then 0. */
static int last_request(struct request_reader *in, char **bufp)
{
	const char *req;
	size_t len = reader_pending(in, &req);

	reader_init(in);                /* the bytes stay where they are */
	*bufp = (char *)req;
	return (int)len;
}

int read_request(struct request_reader *in, int fd, char **bufp)
{
	char *space;
	size_t room;
	ssize_t n;
	int len;

	while ((len = next_request(in, bufp)) == 0) {
		space = reader_space(in, &room);
		if ((n = read(fd, space, room)) < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			errno = EAGAIN;         /* no whole request yet */
			return -1;
		}
		if (n < 0) {
			int error = errno;

			log_ret("read error on fd %d", fd);
			errno = error;
			return -1;
		}
		if (n == 0)
			return last_request(in, bufp);
		client_active(fd);
		reader_commit(in, (size_t)n);
	}
	return len;
}
