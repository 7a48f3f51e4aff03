/*
 * headstate.c - what this process has already read of each stream's head
 * message (see emu.h).  A real stream head keeps the rest of a message in
 * the kernel; here the message stays queued in the socket until it has
 * been wholly read, and this table remembers the offsets.
 *
 * The table is process-wide because the state belongs to the stream, not
 * to one call: getmsg, I_RECVFD and I_NREAD all consult it.  It holds only
 * numbers, so forgetting an entry loses nothing and leaks nothing.  A
 * spin lock (C11 atomic_flag) makes it safe between threads; it is not
 * async-signal-safe.  Entries are checked against the message they were
 * made for: ours by the record's cookie, plain data by the socket's inode,
 * so a closed and reused descriptor number never inherits stale state.
 */
#include "emu.h"
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADSTATE_SLOTS 64

struct slot {
	int used;
	int fd;
	uint64_t cookie;        /* ours: the record's cookie; data: 0 */
	dev_t dev;
	ino_t ino;
	long ctl_len, data_len; /* the message's parts: a check, as a plain
				 * data message is known only by its socket */
	struct head_state st;
};

static struct slot slots[HEADSTATE_SLOTS];
static atomic_flag table_lock = ATOMIC_FLAG_INIT;
static atomic_int in_use;       /* slots taken: 0 means no work at all */

static void lock(void)
{
	while (atomic_flag_test_and_set_explicit(&table_lock,
						 memory_order_acquire))
		;
}

static void unlock(void)
{
	atomic_flag_clear_explicit(&table_lock, memory_order_release);
}

static int identify(int fd, const struct head_msg *h, uint64_t *cookie,
		    dev_t *dev, ino_t *ino)
{
	struct stat sb;

	*cookie = 0;
	*dev = 0;
	*ino = 0;
	if (h->kind == HEAD_PASSFP || h->kind == HEAD_PROTO) {
		*cookie = h->wire.cookie;
		return 0;
	}
	if (fstat(fd, &sb) < 0)
		return -1;
	*dev = sb.st_dev;
	*ino = sb.st_ino;
	return 0;
}

static struct slot *find(int fd)
{
	for (size_t i = 0; i < HEADSTATE_SLOTS; i++)
		if (slots[i].used && slots[i].fd == fd)
			return &slots[i];
	return NULL;
}

static void drop(struct slot *s)
{
	memset(s, 0, sizeof *s);
	atomic_fetch_sub(&in_use, 1);
}

void headstate_get(int fd, const struct head_msg *h, struct head_state *st)
{
	struct slot *s;
	uint64_t cookie;
	dev_t dev;
	ino_t ino;

	memset(st, 0, sizeof *st);
	if (atomic_load(&in_use) == 0)
		return;
	lock();
	s = find(fd);
	if (s != NULL) {
		if (identify(fd, h, &cookie, &dev, &ino) == 0 &&
		    s->cookie == cookie && s->dev == dev && s->ino == ino &&
		    s->ctl_len == h->ctl_len && s->data_len == h->data_len)
			*st = s->st;
		else
			drop(s);        /* made for another message: stale */
	}
	unlock();
}

int headstate_put(int fd, const struct head_msg *h,
		  const struct head_state *st)
{
	struct slot *s;
	struct slot fresh = { .used = 1, .fd = fd, .st = *st,
			      .ctl_len = h->ctl_len, .data_len = h->data_len };

	if (identify(fd, h, &fresh.cookie, &fresh.dev, &fresh.ino) < 0)
		return -1;
	lock();
	s = find(fd);
	if (s == NULL) {
		for (size_t i = 0; i < HEADSTATE_SLOTS && s == NULL; i++)
			if (!slots[i].used)
				s = &slots[i];
		if (s != NULL)
			atomic_fetch_add(&in_use, 1);
	}
	if (s != NULL)
		*s = fresh;
	unlock();
	if (s == NULL) {
		errno = ENOSR;          /* STREAMS' "out of resources" */
		return -1;
	}
	return 0;
}

void headstate_clear(int fd)
{
	struct slot *s;

	if (atomic_load(&in_use) == 0)
		return;
	lock();
	s = find(fd);
	if (s != NULL)
		drop(s);
	unlock();
}

int headstate_any(int fd)
{
	int found;

	if (atomic_load(&in_use) == 0)
		return 0;
	lock();
	found = find(fd) != NULL;
	unlock();
	return found;
}

/* ---- descriptors taken along with the data before them (see emu.h) ----
 * One is first parked in the thread that took it: recv_fd's I_RECVFD, the
 * next call, finds it there with no system call.  When that thread looks
 * at any other stream first, the parked descriptor moves to a small
 * process-wide table, with the same lock as above, where each entry is
 * checked against its stream's inode: a descriptor held for a stream that
 * was closed is closed when its number is next looked at, never handed
 * to another stream. */
#define HELD_SLOTS 64

struct held {
	int used;
	int fd;
	dev_t dev;
	ino_t ino;
	int error;              /* 0: r holds it; EMFILE: it could not be installed */
	struct strrecvfd r;
};

static struct held held[HELD_SLOTS];
static atomic_int held_in_use;
static _Thread_local struct held parked;

static struct held *held_find(int fd)
{
	for (size_t i = 0; i < HELD_SLOTS; i++)
		if (held[i].used && held[i].fd == fd)
			return &held[i];
	return NULL;
}

static void held_drop(struct held *h)
{
	memset(h, 0, sizeof *h);
	atomic_fetch_sub(&held_in_use, 1);
}

/* Move the parked descriptor into the table; if the table is full (or
 * the stream is gone), it is closed: the message is lost. */
static void unpark(void)
{
	struct stat sb;
	struct held *h = NULL;
	int saved = errno;

	if (!parked.used)
		return;
	if (fstat(parked.fd, &sb) == 0) {
		lock();
		if (held_find(parked.fd) == NULL)
			for (size_t i = 0; i < HELD_SLOTS && h == NULL; i++)
				if (!held[i].used)
					h = &held[i];
		if (h != NULL) {
			atomic_fetch_add(&held_in_use, 1);
			*h = parked;
			h->dev = sb.st_dev;
			h->ino = sb.st_ino;
		}
		unlock();
	}
	if (h == NULL && parked.error == 0)
		close(parked.r.fd);
	memset(&parked, 0, sizeof parked);
	errno = saved;
}

int held_put(int fd, const struct strrecvfd *r, int error)
{
	unpark();
	parked.used = 1;
	parked.fd = fd;
	parked.error = error;
	if (r != NULL)
		parked.r = *r;
	return 0;
}

/* The entry for fd, or 0; take removes it (into *r and *error).  An entry
 * made for a stream that is gone is dropped and its descriptor closed. */
static int held_lookup(int fd, int take, struct strrecvfd *r, int *error)
{
	struct stat sb;
	struct held *h;
	int stale_fd = -1, found = 0;

	if (parked.used && parked.fd == fd) {
		if (take) {
			*r = parked.r;
			*error = parked.error;
			memset(&parked, 0, sizeof parked);
		}
		return 1;
	}
	unpark();
	if (atomic_load(&held_in_use) == 0)
		return 0;
	if (fstat(fd, &sb) < 0)
		memset(&sb, 0, sizeof sb);      /* closed: any entry is stale */
	lock();
	h = held_find(fd);
	if (h != NULL && (h->dev != sb.st_dev || h->ino != sb.st_ino)) {
		if (h->error == 0)
			stale_fd = h->r.fd;
		held_drop(h);
	} else if (h != NULL) {
		found = 1;
		if (take) {
			*r = h->r;
			*error = h->error;
			held_drop(h);
		}
	}
	unlock();
	if (stale_fd >= 0)
		close(stale_fd);
	return found;
}

int held_any(int fd)
{
	return held_lookup(fd, 0, NULL, NULL);
}

int held_take(int fd, struct strrecvfd *r, int *error)
{
	return held_lookup(fd, 1, r, error);
}
