/*
 * streamio.c - the streamio(7I) requests a reader of the 2e meets beyond
 * I_SENDFD and I_RECVFD, on the emulation: I_CANPUT, I_LIST, I_FIND,
 * I_LOOK, I_PEEK, I_FLUSH, I_SRDOPT and I_GRDOPT, and the read modes
 * RNORM, RMSGD and RMSGN that read(2) of a stream then follows.  The rest
 * of streamio is declared in <stropts.h> and refused: EINVAL on a stream,
 * ENOTTY on anything else, as ioctl(2) says of a descriptor that is not a
 * STREAMS device.  No 'S' request reaches the system's ioctl.  Each
 * difference from illumos' streamio: apue/streams_emu/README.md.
 *
 * A stream here is a pipe end with no driver below it and only connld as
 * a module, pushed with I_PUSH (fattach.c).
 */
#include "emu.h"
#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 1: a stream; 0 with ENOTTY: not one; -1: bad descriptor. */
static int check_stream(int fd)
{
	int r = stream_probe(fd);

	if (r == 0)
		errno = ENOTTY;
	return r == 1 ? 1 : -1;
}

/* ---- modules: connld is the only one there is ---- */

static int valid_module_name(const char *name)
{
	return name != NULL && name[0] != '\0' && strlen(name) <= FMNAMESZ;
}

/* I_FIND: 1 if the module is on the stream, 0 if not. */
static int find_module(int fd, const char *name)
{
	if (!valid_module_name(name)) {
		errno = EINVAL;
		return -1;
	}
	return strcmp(name, "connld") == 0 && pushed_connld(fd);
}

/* I_LOOK: the module just below the stream head; EINVAL when none. */
static int look_module(int fd, char *name)
{
	if (name == NULL) {
		errno = EFAULT;
		return -1;
	}
	if (!pushed_connld(fd)) {
		errno = EINVAL;
		return -1;
	}
	strcpy(name, "connld");
	return 0;
}

/* I_LIST: with NULL, how many modules and drivers; else their names, top
 * down.  A pipe end has no driver, so the list is the modules alone. */
static int list_modules(int fd, struct str_list *list)
{
	int n = pushed_connld(fd) ? 1 : 0;

	if (list == NULL)
		return n;
	if (list->sl_nmods < 1 || list->sl_modlist == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (n > list->sl_nmods)
		n = list->sl_nmods;
	for (int i = 0; i < n; i++)
		strcpy(list->sl_modlist[i].l_name, "connld");
	list->sl_nmods = n;
	return 0;
}

/* ---- flow control and flushing ---- */

/* I_CANPUT: 1 if band may be written now, 0 if flow controlled.  Bands
 * above 0 are not emulated (putpmsg refuses them): EINVAL. */
static int can_put(int fd, int band)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	if (band != 0) {
		errno = EINVAL;
		return -1;
	}
	if (poll(&p, 1, 0) < 0)
		return -1;
	if (p.revents & (POLLHUP | POLLERR)) {
		errno = ENXIO;          /* hangup */
		return -1;
	}
	return (p.revents & POLLOUT) != 0;
}

/* I_FLUSH: FLUSHR empties this end's read queue (every descriptor in it
 * closed).  FLUSHW has nothing to empty: what this end wrote is in the
 * other end's read queue already, which only its reader can flush. */
static int flush_queues(int fd, int how)
{
	if ((how & ~FLUSHRW) != 0 || how == 0) {
		errno = EINVAL;
		return -1;
	}
	if (how & FLUSHR) {
		headstate_clear(fd);
		for (;;) {
			struct head_msg h;

			if (head_peek(fd, &h, 1) < 0)
				return errno == EAGAIN || errno == EWOULDBLOCK ?
				       0 : -1;
			head_release(&h);
			if (h.kind == HEAD_HANGUP)
				return 0;
			if (head_consume(fd, NULL, NULL, NULL) < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- I_PEEK ---- */

static void peek_part(struct strbuf *sb, const char *part, long len,
		      size_t off)
{
	size_t n;

	if (sb->maxlen < 0)
		return;         /* not asked for */
	if (len < 0) {
		sb->len = -1;
		return;
	}
	n = (size_t)len - off;
	if (n > (size_t)sb->maxlen)
		n = (size_t)sb->maxlen;
	if (n > 0)
		memcpy(sb->buf, part + off, n);
	sb->len = (int)n;
}

/* 1 with a copy of what is left of the head message, 0 when none is
 * queued (no wait), EBADMSG when a passed descriptor is next. */
static int peek_message(int fd, struct strpeek *sp)
{
	struct head_msg h;
	struct head_state st;

	if (sp == NULL) {
		errno = EFAULT;
		return -1;
	}
	if (sp->flags & RS_HIPRI)
		return 0;       /* no message is high priority here */
	if (head_peek(fd, &h, 1) < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	if (h.kind == HEAD_HANGUP)
		return 0;
	headstate_get(fd, &h, &st);
	if (h.kind == HEAD_PASSFP && (h.data_len == 0 || st.data_done)) {
		head_release(&h);
		errno = EBADMSG;
		return -1;
	}
	peek_part(&sp->ctlbuf, h.ctl, st.ctl_done ? -1 : h.ctl_len,
		  st.ctl_off);
	peek_part(&sp->databuf, h.data, st.data_done ? -1 : h.data_len,
		  st.data_off);
	sp->flags = 0;
	head_release(&h);
	return 1;
}

/* ---- read modes (I_SRDOPT, I_GRDOPT) ----
 * Kept per stream (the socket's inode) in this process: a real stream
 * head keeps them for every process that has the stream open. */

#define READMODE_SLOTS 32

static struct readmode {
	int used;
	dev_t dev;
	ino_t ino;
	int mode;
} readmodes[READMODE_SLOTS];
static atomic_flag readmode_lock = ATOMIC_FLAG_INIT;
static atomic_int readmodes_set;        /* 0: every stream reads RNORM */

static void lock(void)
{
	while (atomic_flag_test_and_set_explicit(&readmode_lock,
						 memory_order_acquire))
		;
}

static void unlock(void)
{
	atomic_flag_clear_explicit(&readmode_lock, memory_order_release);
}

static int read_mode(int fd)
{
	struct stat sb;
	int mode = RNORM | RPROTNORM;

	if (atomic_load(&readmodes_set) == 0 || fstat(fd, &sb) < 0)
		return mode;
	lock();
	for (size_t i = 0; i < READMODE_SLOTS; i++)
		if (readmodes[i].used && readmodes[i].dev == sb.st_dev &&
		    readmodes[i].ino == sb.st_ino)
			mode = readmodes[i].mode;
	unlock();
	return mode;
}

/* I_SRDOPT: a read mode, a protocol option, or both (the part left 0 is
 * kept).  Only RPROTNORM of the protocol options is emulated. */
static int set_read_mode(int fd, int opt)
{
	struct stat sb;
	struct readmode *slot = NULL, *free_slot = NULL;
	int mode;

	if ((opt & ~(RMODEMASK | RPROTMASK)) != 0 ||
	    (opt & RMODEMASK) == RMODEMASK ||
	    ((opt & RPROTMASK) != 0 && (opt & RPROTMASK) != RPROTNORM)) {
		errno = EINVAL;
		return -1;
	}
	if (fstat(fd, &sb) < 0)
		return -1;
	mode = (opt & RMODEMASK) | RPROTNORM;
	lock();
	for (size_t i = 0; i < READMODE_SLOTS; i++) {
		if (readmodes[i].used && readmodes[i].dev == sb.st_dev &&
		    readmodes[i].ino == sb.st_ino)
			slot = &readmodes[i];
		else if (!readmodes[i].used && free_slot == NULL)
			free_slot = &readmodes[i];
	}
	if (slot == NULL && (mode & RMODEMASK) != RNORM && free_slot != NULL) {
		slot = free_slot;
		*slot = (struct readmode){ 1, sb.st_dev, sb.st_ino, mode };
		atomic_fetch_add(&readmodes_set, 1);
	} else if (slot != NULL && (mode & RMODEMASK) == RNORM) {
		slot->used = 0;         /* the default again */
		atomic_fetch_sub(&readmodes_set, 1);
	} else if (slot != NULL) {
		slot->mode = mode;
	}
	unlock();
	if ((mode & RMODEMASK) != RNORM && slot == NULL) {
		errno = ENOSR;
		return -1;
	}
	return 0;
}

static int get_read_mode(int fd, int *modep)
{
	if (modep == NULL) {
		errno = EFAULT;
		return -1;
	}
	*modep = read_mode(fd);
	return 0;
}

/* read(2) in RMSGD or RMSGN: the read never crosses a message boundary;
 * what does not fit is discarded (RMSGD) or kept for the next read
 * (RMSGN).  A zero-length message returns 0 and is removed. */
static ssize_t read_one_message(int fd, char *buf, size_t nbytes, int discard)
{
	struct head_msg h;
	struct head_state st;
	size_t left, n;

	if (head_peek(fd, &h, 0) < 0)
		return -1;
	if (h.kind == HEAD_HANGUP)
		return 0;
	headstate_get(fd, &h, &st);
	if (h.kind == HEAD_PROTO ||
	    (h.kind == HEAD_PASSFP && (h.data_len == 0 || st.data_done))) {
		head_release(&h);
		errno = EBADMSG;        /* RPROTNORM; a descriptor: I_RECVFD */
		return -1;
	}
	left = (size_t)h.data_len - st.data_off;
	n = left < nbytes ? left : nbytes;
	if (n > 0)
		memcpy(buf, h.data + st.data_off, n);
	st.data_off += n;
	if (h.kind == HEAD_DATA && (n == left || discard)) {
		head_release(&h);
		headstate_clear(fd);
		return head_consume(fd, NULL, NULL, NULL) < 0 ? -1 : (ssize_t)n;
	}
	if (n == left || discard)
		st.data_done = 1;       /* only the descriptor is left */
	if (headstate_put(fd, &h, &st) < 0) {
		head_release(&h);
		return -1;
	}
	head_release(&h);
	return (ssize_t)n;
}

ssize_t stream_read_opt(int fd, void *buf, size_t nbytes)
{
	int mode = read_mode(fd) & RMODEMASK;

	if (mode == RNORM || nbytes == 0)
		return stream_read(fd, buf, nbytes);
	return read_one_message(fd, buf, nbytes, mode == RMSGD);
}

/* ---- the dispatch (stream_ioctl.c sends these requests here) ---- */

int streamio_int(int fd, unsigned long request, int arg)
{
	if (check_stream(fd) < 0)
		return -1;
	switch (request) {
	case I_CANPUT:
		return can_put(fd, arg);
	case I_FLUSH:
		return flush_queues(fd, arg);
	case I_SRDOPT:
		return set_read_mode(fd, arg);
	}
	errno = EINVAL;
	return -1;
}

int streamio_ptr(int fd, unsigned long request, void *arg)
{
	if (check_stream(fd) < 0)
		return -1;
	switch (request) {
	case I_LIST:
		return list_modules(fd, arg);
	case I_FIND:
		return find_module(fd, arg);
	case I_LOOK:
		return look_module(fd, arg);
	case I_PEEK:
		return peek_message(fd, arg);
	case I_GRDOPT:
		return get_read_mode(fd, arg);
	}
	errno = EINVAL;
	return -1;
}

int streamio_refused(int fd)
{
	if (check_stream(fd) < 0)
		return -1;
	errno = EINVAL;         /* not emulated for this stream */
	return -1;
}
