/*
 * opend_seal.c - what seals a worker of the privilege-separated open
 * server off from root and from its own user (not in the book; the root
 * side is opend_privsep.c, the worker's loop opend_worker.c).  Linux:
 * SO_PEERGROUPS, keyctl, prctl, /proc/1/limits.
 *
 * A worker shares nothing with root:
 * - its own session (setsid): no controlling terminal, no process group
 *   of root's, so nothing it does reaches root's terminal (TIOCSTI, reads
 *   of /dev/tty);
 * - its own session keyring, new and empty: root's is not inherited;
 * - the client's own supplementary groups, from the kernel (SO_PEERGROUPS
 *   on an accepted socket connection); where there is no kernel word (the
 *   STREAMS emulation reports its fattach helper's groups; -T), none at
 *   all, never the passwd entry's: a client that dropped a group gets
 *   nothing through it;
 * - resource limits no higher than those of process 1 (/proc/1/limits),
 *   where root had raised its own;
 * - no descriptor but its own (the channel, its stderr pipe with -d, its
 *   user's connections, /dev/null opened as the user).
 * And its user may not trace it.  A process that drops its IDs with setuid
 * is not dumpable, but exec makes it dumpable again; so root's child
 * execs the worker image still as root, and the new image drops to the
 * client's IDs (given by root in the environment it execs with), then
 * calls prctl(PR_SET_DUMPABLE, 0).  The price: a user cannot debug (ptrace,
 * core dump, /proc/PID/mem) the worker that serves them.
 */
#define _GNU_SOURCE             /* syscall, SO_PEERGROUPS, setgroups */
#include "opend.h"
#include "opend_privsep.h"
#include <grp.h>
#include <limits.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#define WORKER_IDS_VAR "OPEND_WORKER_IDS"
#define KEYCTL_JOIN_SESSION_KEYRING_OP 1     /* linux/keyctl.h */

int peer_groups(int clifd, gid_t **groups)
{
	int n = 0;

	*groups = NULL;
#ifdef SO_PEERGROUPS
	socklen_t len = 64 * sizeof **groups;

	for (;;) {
		gid_t *list = malloc(len);

		if (list == NULL)
			return -1;
		if (getsockopt(clifd, SOL_SOCKET, SO_PEERGROUPS, list, &len) == 0) {
			*groups = list;
			n = (int)(len / sizeof *list);
			break;
		}
		free(list);
		if (errno != ERANGE)
			return -1;
	}
#else
	(void)clifd;
	errno = ENOPROTOOPT;
	n = -1;
#endif
	return n;
}

/* The resources /proc/1/limits names, in its words. */
static const struct { const char *name; int resource; } limit_names[] = {
	{ "Max cpu time", RLIMIT_CPU }, { "Max file size", RLIMIT_FSIZE },
	{ "Max data size", RLIMIT_DATA }, { "Max stack size", RLIMIT_STACK },
	{ "Max core file size", RLIMIT_CORE },
	{ "Max resident set", RLIMIT_RSS }, { "Max processes", RLIMIT_NPROC },
	{ "Max open files", RLIMIT_NOFILE },
	{ "Max locked memory", RLIMIT_MEMLOCK },
	{ "Max address space", RLIMIT_AS },
};

static rlim_t limit_value(const char *word)
{
	return strcmp(word, "unlimited") == 0 ? RLIM_INFINITY :
		(rlim_t)strtoull(word, NULL, 10);
}

/* Lower each of our limits to process 1's where ours is higher. */
static void limits_no_higher_than_init(void)
{
	char line[256];
	FILE *fp = fopen("/proc/1/limits", "r");

	if (fp == NULL)
		return;
	while (fgets(line, sizeof line, fp) != NULL) {
		for (size_t i = 0; i < sizeof limit_names / sizeof limit_names[0]; i++) {
			size_t len = strlen(limit_names[i].name);
			char soft[32], hard[32];
			struct rlimit ours, init;

			if (strncmp(line, limit_names[i].name, len) != 0 ||
			    line[len] != ' ' ||
			    sscanf(line + len, "%31s %31s", soft, hard) != 2 ||
			    getrlimit(limit_names[i].resource, &ours) < 0)
				continue;
			init.rlim_cur = limit_value(soft);
			init.rlim_max = limit_value(hard);
			if (ours.rlim_max > init.rlim_max)
				ours.rlim_max = init.rlim_max;
			if (ours.rlim_cur > init.rlim_cur)
				ours.rlim_cur = init.rlim_cur;
			if (ours.rlim_cur > ours.rlim_max)
				ours.rlim_cur = ours.rlim_max;
			(void)setrlimit(limit_names[i].resource, &ours);
		}
	}
	fclose(fp);
}

int seal_before_exec(void)
{
	if (setsid() < 0)
		return -1;
	limits_no_higher_than_init();
	return 0;
}

char *worker_ids_entry(uid_t uid, gid_t gid, const gid_t *groups, int ngroups)
{
	size_t size = sizeof WORKER_IDS_VAR + 48 + (size_t)ngroups * 12;
	char *s = malloc(size);
	size_t len;

	if (s == NULL)
		return NULL;
	len = (size_t)snprintf(s, size, "%s=%lu %lu", WORKER_IDS_VAR,
			       (unsigned long)uid, (unsigned long)gid);
	for (int i = 0; i < ngroups; i++)
		len += (size_t)snprintf(s + len, size - len, " %lu",
					(unsigned long)groups[i]);
	return s;
}

/* "UID GID G1 G2 ..." into the IDs; the group count, or -1. */
static int parse_ids(const char *s, uid_t *uid, gid_t *gid, gid_t *groups,
		     int room)
{
	unsigned long v[2];
	char *end;
	int n = 0;

	for (int i = 0; i < 2; i++) {
		v[i] = strtoul(s, &end, 10);
		if (end == s)
			return -1;
		s = end;
	}
	*uid = (uid_t)v[0];
	*gid = (gid_t)v[1];
	while (*s == ' ') {
		unsigned long g = strtoul(s, &end, 10);

		if (end == s || n == room)
			return -1;
		groups[n++] = (gid_t)g;
		s = end;
	}
	return *s == '\0' ? n : -1;
}

/* The worker cannot go on: say so on stderr if it has one, and end. */
static _Noreturn void seal_failed(const char *what)
{
	dprintf(STDERR_FILENO, "can't seal the worker: %s: %s\n", what,
		strerror(errno));
	_exit(127);
}

void seal_worker(void)
{
	static gid_t groups[NGROUPS_MAX];
	const char *ids = getenv(WORKER_IDS_VAR);
	uid_t uid;
	gid_t gid;
	int ngroups, null;

	if (geteuid() == 0) {
		errno = EINVAL;
		if (ids == NULL || (ngroups = parse_ids(ids, &uid, &gid, groups,
							NGROUPS_MAX)) < 0)
			seal_failed("no IDs from the server");
		if (setgroups((size_t)ngroups, groups) < 0)
			seal_failed("setgroups");
		if (setgid(gid) < 0 || setuid(uid) < 0)
			seal_failed("setuid");
		errno = EPERM;
		if (uid != 0 && (setuid(0) == 0 || seteuid(0) == 0))
			seal_failed("root could come back");
	}
	unsetenv(WORKER_IDS_VAR);
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		seal_failed("prctl(PR_SET_DUMPABLE)");
	/* Before any file is opened: an open file keeps the credentials,
	 * and with them the keyring, it was opened with. */
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING_OP, NULL) < 0)
		dprintf(STDERR_FILENO, "no session keyring of its own: %s\n",
			strerror(errno));
	/* 0 and 1 (and 2 without -d): /dev/null, opened as the user. */
	if ((null = open("/dev/null", O_RDWR)) < 0)
		seal_failed("/dev/null");
	for (int fd = 0; fd <= 2; fd++)
		if (fd != null && fcntl(fd, F_GETFD) < 0 && dup2(null, fd) < 0)
			seal_failed("dup2");
	if (null > 2)
		close(null);
}
