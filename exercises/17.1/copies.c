/*
 * copies.c - Exercise 17.1, the second half: how many times each message
 * is copied between the kernel and the process on its way from an XSI
 * message queue to main, in Figure 17.3 (3e), in its pipe version, and
 * in the two ways that avoid the two extra copies.
 *
 * Figure 17.3 copies each message three times: msgrcv into the helper's
 * buffer, write into the socket, read out of it into main's buffer.  The
 * last two are the extra copies the exercise asks about.  The fix: the
 * threads share memory, so the helper leaves the message where msgrcv
 * put it, and the pipe carries only a one-byte doorbell; a mutex and a
 * condition variable keep the helper from reusing its buffer until main
 * is done with it.  Or the helper does the work itself and nothing goes
 * through main at all.
 *
 * Each variant runs for real: a sender thread posts count messages of
 * size bytes to a private queue (IPC_PRIVATE, removed at the end), and
 * the receiving path checks every message (sequence and contents).  The
 * system calls that move bytes on that path are counted as they return,
 * with the bytes each moved; msgsnd, the same in all variants, and poll,
 * whose count depends on timing, are not counted.  So the table is
 * measured, and the same on every run.
 *
 * usage: copies [-h] [-v] [-n count] [-s size] [variant ...]
 *   variants: dgram pipe doorbell direct (default: all four)
 *   -v  report each queue's ID on stderr when made and when removed
 */
#define _XOPEN_SOURCE 700       /* XSI message queues (msgget, msgrcv) */
#include "apue.h"
#include "../../ch17/msgq.h"
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

/* What moved between kernel and process on the receiving path. */
struct tally {
	long calls;             /* msgrcv, read, write, writev */
	long text;              /* bytes of message text */
	long other;             /* lengths and doorbells */
};

struct run {
	int qid;
	long count;             /* messages */
	size_t size;            /* bytes in each */
	int fd[2];              /* helper writes fd[1], main reads fd[0] */
	struct tally helper, main;
	long intact;            /* messages main or the helper checked */
	/* the doorbell's shared buffer */
	struct mymesg slot;
	size_t slotlen;
	int full;
	pthread_mutex_t lock;
	pthread_cond_t emptied;
};

static int verbose;

/* ---- counted system calls: the count and the bytes, as returned ---- */

static ssize_t counted_msgrcv(struct run *r, struct tally *t, struct mymesg *m)
{
	ssize_t n;

	while ((n = msgrcv(r->qid, m, MAXMSZ, 0, MSG_NOERROR)) < 0 &&
	       errno == EINTR)
		;
	if (n < 0)
		err_sys("msgrcv error");
	t->calls++;
	t->text += n;
	return n;
}

static void counted_write(struct tally *t, int fd, const void *buf,
			  size_t n, int is_text)
{
	if (write(fd, buf, n) != (ssize_t)n)
		err_sys("write error");
	t->calls++;
	*(is_text ? &t->text : &t->other) += (long)n;
}

static void counted_read(struct tally *t, int fd, void *buf, size_t n,
			 int is_text)
{
	ssize_t got;

	/* a reader of a pipe may get less than was written: count it all */
	for (size_t done = 0; done < n; done += (size_t)got) {
		if ((got = read(fd, (char *)buf + done, n - done)) <= 0)
			err_sys("read error");
		t->calls++;
		*(is_text ? &t->text : &t->other) += got;
	}
}

/* ---- the messages: a sequence number, then a letter to fill ---- */

static void make_message(struct mymesg *m, long seq, size_t size)
{
	char head[16];

	m->mtype = 1;
	memset(m->mtext, 'a' + (int)(seq % 26), size);
	snprintf(head, sizeof(head), "%08ld", seq % 100000000);
	memcpy(m->mtext, head, size < 8 ? size : 8);
}

static void check_message(struct run *r, const char *text, size_t len)
{
	struct mymesg want;

	make_message(&want, r->intact, r->size);
	if (len != r->size || memcmp(text, want.mtext, len) != 0)
		err_quit("copies: message %ld arrived damaged", r->intact);
	r->intact++;
}

static void *sender(void *arg)
{
	struct run *r = arg;
	struct mymesg m;

	for (long seq = 0; seq < r->count; seq++) {
		make_message(&m, seq, r->size);
		while (msgsnd(r->qid, &m, r->size, 0) < 0)
			if (errno != EINTR)
				err_sys("msgsnd error");
	}
	return NULL;
}

/* ---- Figure 17.3: msgrcv, write to a datagram socket, read ---- */

static void *dgram_helper(void *arg)
{
	struct run *r = arg;
	struct mymesg m;

	for (long k = 0; k < r->count; k++) {
		ssize_t n = counted_msgrcv(r, &r->helper, &m);

		counted_write(&r->helper, r->fd[1], m.mtext, (size_t)n, 1);
	}
	return NULL;
}

static void wait_readable(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	while (poll(&pfd, 1, -1) < 0)
		if (errno != EINTR)
			err_sys("poll error");
}

static void dgram_main(struct run *r)
{
	char buf[MAXMSZ];
	ssize_t n;

	for (long k = 0; k < r->count; k++) {
		wait_readable(r->fd[0]);
		if ((n = read(r->fd[0], buf, sizeof(buf))) < 0)
			err_sys("read error");
		r->main.calls++;
		r->main.text += n;
		check_message(r, buf, (size_t)n);
	}
}

/* ---- the pipe version: a length, then the message; read both ---- */

static void *pipe_helper(void *arg)
{
	struct run *r = arg;
	struct mymesg m;

	for (long k = 0; k < r->count; k++) {
		ssize_t n = counted_msgrcv(r, &r->helper, &m);
		uint32_t len = (uint32_t)n;
		struct iovec iov[2] = {
			{ .iov_base = &len, .iov_len = sizeof(len) },
			{ .iov_base = m.mtext, .iov_len = (size_t)n },
		};

		if (writev(r->fd[1], iov, 2) != (ssize_t)(sizeof(len) + len))
			err_sys("writev error");
		r->helper.calls++;
		r->helper.other += sizeof(len);
		r->helper.text += n;
	}
	return NULL;
}

static void pipe_main(struct run *r)
{
	char buf[MAXMSZ];
	uint32_t len;

	for (long k = 0; k < r->count; k++) {
		wait_readable(r->fd[0]);
		counted_read(&r->main, r->fd[0], &len, sizeof(len), 0);
		if (len > sizeof(buf))
			err_quit("copies: bad length %lu in the pipe",
				 (unsigned long)len);
		counted_read(&r->main, r->fd[0], buf, len, 1);
		check_message(r, buf, len);
	}
}

/* ---- the book's answer: the message stays put, a byte rings ---- */

static void *doorbell_helper(void *arg)
{
	struct run *r = arg;

	for (long k = 0; k < r->count; k++) {
		ssize_t n;

		pthread_mutex_lock(&r->lock);
		while (r->full)
			pthread_cond_wait(&r->emptied, &r->lock);
		pthread_mutex_unlock(&r->lock);
		n = counted_msgrcv(r, &r->helper, &r->slot);    /* main waits */
		pthread_mutex_lock(&r->lock);
		r->slotlen = (size_t)n;
		r->full = 1;
		pthread_mutex_unlock(&r->lock);
		counted_write(&r->helper, r->fd[1], "m", 1, 0);
	}
	return NULL;
}

static void doorbell_main(struct run *r)
{
	char bell;

	for (long k = 0; k < r->count; k++) {
		wait_readable(r->fd[0]);
		counted_read(&r->main, r->fd[0], &bell, 1, 0);
		pthread_mutex_lock(&r->lock);
		check_message(r, r->slot.mtext, r->slotlen);    /* in place */
		r->full = 0;
		pthread_cond_signal(&r->emptied);
		pthread_mutex_unlock(&r->lock);
	}
}

/* ---- or the helper does the work: nothing goes through main ---- */

static void *direct_helper(void *arg)
{
	struct run *r = arg;
	struct mymesg m;

	for (long k = 0; k < r->count; k++) {
		ssize_t n = counted_msgrcv(r, &r->helper, &m);

		check_message(r, m.mtext, (size_t)n);
	}
	return NULL;
}

static void direct_main(struct run *r)
{
	(void)r;        /* main only waits for the helper */
}

/* ---- running one variant, and the table ---- */

struct variant {
	const char *name;
	const char *what;
	void *(*helper)(void *);
	void (*main)(struct run *);
	int socket;             /* a datagram socket pair, else a pipe */
};

static const struct variant variants[] = {
	{ "dgram", "datagram socket (Figure 17.3)", dgram_helper, dgram_main, 1 },
	{ "pipe", "pipe, length before each message", pipe_helper, pipe_main, 0 },
	{ "doorbell", "pipe as a doorbell, message in place", doorbell_helper,
	  doorbell_main, 0 },
	{ "direct", "the helper does the work", direct_helper, direct_main, 0 },
};
#define NVARIANTS (sizeof(variants) / sizeof(variants[0]))

static void run_variant(const struct variant *v, long count, size_t size)
{
	struct run r;
	pthread_t send_tid, help_tid;
	int err;
	long calls, text, other;

	memset(&r, 0, sizeof(r));
	r.count = count;
	r.size = size;
	if ((err = pthread_mutex_init(&r.lock, NULL)) != 0 ||
	    (err = pthread_cond_init(&r.emptied, NULL)) != 0)
		err_exit(err, "pthread init error");
	if ((r.qid = queue_create(IPC_PRIVATE)) < 0)
		err_sys("msgget error");
	if (verbose)
		fprintf(stderr, "copies: %s: queue ID %d made\n", v->name, r.qid);
	if ((v->socket ? socketpair(AF_UNIX, SOCK_DGRAM, 0, r.fd) : pipe(r.fd)) < 0)
		err_sys("%s error", v->socket ? "socketpair" : "pipe");

	if ((err = pthread_create(&help_tid, NULL, v->helper, &r)) != 0 ||
	    (err = pthread_create(&send_tid, NULL, sender, &r)) != 0)
		err_exit(err, "pthread_create error");
	v->main(&r);
	if ((err = pthread_join(send_tid, NULL)) != 0 ||
	    (err = pthread_join(help_tid, NULL)) != 0)
		err_exit(err, "pthread_join error");

	queues_remove();
	if (verbose)
		fprintf(stderr, "copies: %s: queue ID %d removed\n", v->name, r.qid);
	close(r.fd[0]);
	close(r.fd[1]);
	pthread_mutex_destroy(&r.lock);
	pthread_cond_destroy(&r.emptied);

	calls = r.helper.calls + r.main.calls;
	text = r.helper.text + r.main.text;
	other = r.helper.other + r.main.other;
	if (r.intact != count)
		err_quit("copies: %s: %ld of %ld messages checked", v->name,
			 r.intact, count);
	printf("%-38s %5ld %7ld %7ld %6ld\n", v->what, calls / count,
	       (text + other) / count, text / (count * (long)size),
	       text / (count * (long)size) - 1);
}

static _Noreturn void usage(FILE *out, int status)
{
	fprintf(out, "usage: copies [-h] [-v] [-n count] [-s size] [variant ...]\n"
		"  Count the system calls and bytes copied per message from an\n"
		"  XSI message queue to main: dgram (Figure 17.3), pipe (with\n"
		"  lengths), doorbell (message left in place), direct (the\n"
		"  helper does the work).  Default: all four, 1000 messages of\n"
		"  512 bytes.  -v: each queue's ID on stderr.\n");
	exit(status);
}

static long number(const char *text, long min, long max, const char *what)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || value < min ||
	    value > max)
		err_quit("copies: bad %s: %s (%ld to %ld)", what, text, min, max);
	return value;
}

int main(int argc, char *argv[])
{
	int c;
	long count = 1000;
	size_t size = MAXMSZ;
	const struct variant *chosen[NVARIANTS];
	size_t nchosen = 0;

	while ((c = getopt(argc, argv, "hvn:s:")) != -1) {
		switch (c) {
		case 'h':
			usage(stdout, 0);
		case 'v':
			verbose = 1;
			break;
		case 'n':
			count = number(optarg, 1, 10000000, "count");
			break;
		case 's':
			size = (size_t)number(optarg, 8, MAXMSZ, "size");
			break;
		default:
			usage(stderr, 2);
		}
	}
	for (; optind < argc; optind++) {
		size_t i;

		for (i = 0; i < NVARIANTS; i++)
			if (strcmp(argv[optind], variants[i].name) == 0)
				break;
		if (i == NVARIANTS || nchosen == NVARIANTS)
			err_quit("copies: unknown variant %s (dgram, pipe, "
				 "doorbell, direct)", argv[optind]);
		chosen[nchosen++] = &variants[i];
	}
	if (nchosen == 0)
		for (size_t i = 0; i < NVARIANTS; i++)
			chosen[nchosen++] = &variants[i];

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("%ld messages of %zu bytes each, from one XSI message queue "
	       "to main:\n", count, size);
	printf("%-38s %5s %7s %7s %6s\n", "receiving path", "calls", "bytes",
	       "copies", "extra");
	for (size_t i = 0; i < nchosen; i++)
		run_variant(chosen[i], count, size);
	printf("calls: msgrcv, write(v) and read per message; bytes: copied "
	       "between kernel\nand process per message; copies: of the "
	       "message text; extra: beyond msgrcv's.\n");
	return 0;
}
