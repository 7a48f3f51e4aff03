/*
 * fault.c - see fault.h.  _GNU_SOURCE for prctl(PR_SET_CHILD_SUBREAPER).
 */
#define _GNU_SOURCE
#include "fault.h"
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

static struct {
	const char *call;
	int countdown, error, fired;
} armed;

void fault_arm(const char *call, int nth, int error)
{
	armed.call = call;
	armed.countdown = nth;
	armed.error = error;
	armed.fired = 0;
}

void fault_disarm(void)
{
	armed.call = NULL;
}

int fault_fired(void)
{
	return armed.fired;
}

/* Is this the call to fail?  Then errno is set. */
static int inject(const char *call)
{
	if (armed.call == NULL || strcmp(armed.call, call) != 0 ||
	    --armed.countdown > 0)
		return 0;
	armed.call = NULL;
	armed.fired = 1;
	errno = armed.error;
	return 1;
}

int __real_socket(int, int, int);
int __real_socketpair(int, int, int, int[2]);
int __real_bind(int, const struct sockaddr *, socklen_t);
int __real_listen(int, int);
int __real_accept(int, struct sockaddr *, socklen_t *);
int __real_connect(int, const struct sockaddr *, socklen_t);
int __real_chmod(const char *, mode_t);
int __real_rename(const char *, const char *);
pid_t __real_fork(void);
ssize_t __real_sendmsg(int, const struct msghdr *, int);
int __real_dup2(int, int);

int __wrap_socket(int, int, int);
int __wrap_socketpair(int, int, int, int[2]);
int __wrap_bind(int, const struct sockaddr *, socklen_t);
int __wrap_listen(int, int);
int __wrap_accept(int, struct sockaddr *, socklen_t *);
int __wrap_connect(int, const struct sockaddr *, socklen_t);
int __wrap_chmod(const char *, mode_t);
int __wrap_rename(const char *, const char *);
pid_t __wrap_fork(void);
ssize_t __wrap_sendmsg(int, const struct msghdr *, int);
int __wrap_dup2(int, int);

int __wrap_socket(int domain, int type, int protocol)
{
	return inject("socket") ? -1 : __real_socket(domain, type, protocol);
}

int __wrap_socketpair(int domain, int type, int protocol, int sv[2])
{
	return inject("socketpair") ? -1 :
	       __real_socketpair(domain, type, protocol, sv);
}

int __wrap_bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	return inject("bind") ? -1 : __real_bind(fd, addr, len);
}

int __wrap_listen(int fd, int backlog)
{
	return inject("listen") ? -1 : __real_listen(fd, backlog);
}

int __wrap_accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	return inject("accept") ? -1 : __real_accept(fd, addr, len);
}

int __wrap_connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	return inject("connect") ? -1 : __real_connect(fd, addr, len);
}

int __wrap_chmod(const char *path, mode_t mode)
{
	return inject("chmod") ? -1 : __real_chmod(path, mode);
}

int __wrap_rename(const char *from, const char *to)
{
	return inject("rename") ? -1 : __real_rename(from, to);
}

int __wrap_dup2(int fd, int to)
{
	return inject("dup2") ? -1 : __real_dup2(fd, to);
}

pid_t __wrap_fork(void)
{
	return inject("fork") ? -1 : __real_fork();
}

ssize_t __wrap_sendmsg(int fd, const struct msghdr *msg, int flags)
{
	return inject("sendmsg") ? -1 : __real_sendmsg(fd, msg, flags);
}

void fault_adopt_orphans(void)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		err_sys("prctl(PR_SET_CHILD_SUBREAPER) error");
}

/* Children of ours that are alive (not zombies), from /proc. */
static int count_children(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		err_sys("opendir /proc error");
	while ((e = readdir(d)) != NULL) {
		char path[300], stat[512], state;
		long ppid;
		FILE *f;
		const char *close_paren;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		stat[0] = '\0';
		if (fgets(stat, sizeof stat, f) == NULL)
			stat[0] = '\0';
		fclose(f);
		if ((close_paren = strrchr(stat, ')')) != NULL &&
		    sscanf(close_paren + 1, " %c %ld", &state, &ppid) == 2 &&
		    ppid == (long)getpid() && state != 'Z')
			n++;
	}
	closedir(d);
	return n;
}

int live_children(void)
{
	struct timespec tick = { 0, 10 * 1000000L };
	int n = 0;

	for (int i = 0; i < 100; i++) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if ((n = count_children()) == 0)
			break;
		nanosleep(&tick, NULL);
	}
	return n;
}

int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}
