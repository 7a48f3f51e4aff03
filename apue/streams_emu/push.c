/*
 * push.c - I_PUSH, emulated: the one module there is, connld, is noted
 * per stream in a small table (the stream's number and inode), which
 * fattach reads when it starts the helper of a name (attach_helper.c).
 */
#include "emu.h"
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>

#define PUSHED_SLOTS 32

static struct pushed {
	int used, fd;
	dev_t dev;
	ino_t ino;
} pushed[PUSHED_SLOTS];
static atomic_flag pushed_lock = ATOMIC_FLAG_INIT;

static void lock(atomic_flag *f)
{
	while (atomic_flag_test_and_set_explicit(f, memory_order_acquire))
		;
}

static void unlock(atomic_flag *f)
{
	atomic_flag_clear_explicit(f, memory_order_release);
}

int push_module(int fd, const char *name)
{
	struct stat sb;
	int r = stream_probe(fd);
	struct pushed *free_slot = NULL;

	if (r < 0)
		return -1;
	if (r == 0) {
		errno = ENOTTY;
		return -1;
	}
	if (name == NULL || strcmp(name, "connld") != 0) {
		errno = EINVAL;         /* no such module here */
		return -1;
	}
	if (fstat(fd, &sb) < 0)
		return -1;
	lock(&pushed_lock);
	for (size_t i = 0; i < PUSHED_SLOTS; i++) {
		if (pushed[i].used && pushed[i].fd == fd)
			pushed[i].used = 0;     /* stale: the number was reused */
		if (!pushed[i].used && free_slot == NULL)
			free_slot = &pushed[i];
	}
	if (free_slot != NULL)
		*free_slot = (struct pushed){ 1, fd, sb.st_dev, sb.st_ino };
	unlock(&pushed_lock);
	if (free_slot == NULL) {
		errno = ENOSR;
		return -1;
	}
	return 0;
}

int pushed_connld(int fd)
{
	struct stat sb;
	int found = 0;

	if (fstat(fd, &sb) < 0)
		return 0;
	lock(&pushed_lock);
	for (size_t i = 0; i < PUSHED_SLOTS; i++)
		if (pushed[i].used && pushed[i].fd == fd &&
		    pushed[i].dev == sb.st_dev && pushed[i].ino == sb.st_ino)
			found = 1;
	unlock(&pushed_lock);
	return found;
}
