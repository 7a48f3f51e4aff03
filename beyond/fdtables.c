/*
 * fdtables.c - the descriptor tables of both processes, before and after
 * a pass: the child has the file open, then the parent has it too, under
 * a number of its own choosing (the lowest free one).
 *
 * Book: the picture of passing an open file (3e Figure 17.11; 2e §17.4),
 * drawn from this machine's /proc/PID/fd; the pass itself is the fork
 * demo's (ch17/passfd) send_fd/recv_fd.
 *
 * Only the descriptors the program made are drawn: those open when it
 * started (the shell's stdin, stdout, stderr and whatever else it
 * inherited) are left out of both tables, so the output does not depend
 * on where it is run.  The file is shown by the name it was given.
 *
 * Linux only: /proc/PID/fd.  Link targets are shown as the kernel gives
 * them, with the inode numbers of sockets, pipes and anonymous inodes
 * dropped so the output does not change from run to run.
 *
 * usage: fdtables [-h] file
 */
#include "apue.h"
#include <dirent.h>
#include <sys/wait.h>

#define MAX_FDS 64

static int inherited[256];       /* descriptors open when we started */
static int n_inherited;
static struct stat file_st;      /* the file's device and inode */
static const char *file_name;    /* the file as named on the command line */

struct table {
	int count;
	int fd[MAX_FDS];
	char what[MAX_FDS][80];
};

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: fdtables [-h] file\n"
		"  The child opens file and passes it to the parent; both\n"
		"  descriptor tables are drawn before and after.\n");
	exit(status);
}

static int by_fd(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Which descriptors were open before the demo made any. */
static void note_inherited(void)
{
	DIR *dp = opendir("/proc/self/fd");
	struct dirent *de;

	if (dp == NULL)
		err_sys("can't open /proc/self/fd");
	while ((de = readdir(dp)) != NULL && n_inherited < 256) {
		int fd = atoi(de->d_name);

		if (de->d_name[0] != '.' && fd != dirfd(dp))
			inherited[n_inherited++] = fd;
	}
	closedir(dp);
}

static int was_inherited(int fd)
{
	for (int i = 0; i < n_inherited; i++)
		if (inherited[i] == fd)
			return 1;
	return 0;
}

static void read_table(pid_t pid, struct table *t)
{
	char dir[64], path[128];
	struct dirent *de;
	DIR *dp;
	int fds[MAX_FDS], n = 0;

	snprintf(dir, sizeof dir, "/proc/%ld/fd", (long)pid);
	if ((dp = opendir(dir)) == NULL)
		err_sys("can't open %s", dir);
	while ((de = readdir(dp)) != NULL && n < MAX_FDS)
		if (de->d_name[0] != '.' && !was_inherited(atoi(de->d_name)))
			fds[n++] = atoi(de->d_name);
	closedir(dp);
	qsort(fds, (size_t)n, sizeof fds[0], by_fd);
	t->count = 0;
	for (int i = 0; i < n; i++) {
		char *what = t->what[t->count];
		struct stat st;
		ssize_t len;

		snprintf(path, sizeof path, "%s/%d", dir, fds[i]);
		len = readlink(path, what, sizeof t->what[0] - 1);
		if (len < 0)
			continue;       /* the directory's own descriptor, gone */
		what[len] = '\0';
		if (stat(path, &st) == 0 && st.st_dev == file_st.st_dev &&
		    st.st_ino == file_st.st_ino)
			snprintf(what, sizeof t->what[0], "%s", file_name);
		else
			what[strcspn(what, ":[")] = '\0';  /* "socket:[123]" -> "socket" */
		t->fd[t->count++] = fds[i];
	}
}

static void draw(const char *title, pid_t parent, pid_t child)
{
	struct table p, c;
	int i = 0, j = 0;

	read_table(parent, &p);
	read_table(child, &c);
	printf("%s\n", title);
	printf("  %-48s %s\n", "parent", "child");
	while (i < p.count || j < c.count) {
		char left[64] = "", right[64] = "";
		int fd;

		if (j >= c.count || (i < p.count && p.fd[i] <= c.fd[j]))
			fd = p.fd[i];
		else
			fd = c.fd[j];
		if (i < p.count && p.fd[i] == fd) {
			snprintf(left, sizeof left, "%3d %.44s", fd, p.what[i]);
			i++;
		}
		if (j < c.count && c.fd[j] == fd) {
			snprintf(right, sizeof right, "%3d %.44s", fd, c.what[j]);
			j++;
		}
		printf("  %-48s %s\n", left, right);
	}
}

static void child(int sock, const char *path)
{
	int fd = open(path, O_RDONLY);
	char c = 'r';

	if (fd < 0)
		err_sys("child: can't open %s", path);
	/* ready; wait for go; pass; wait for the parent to finish looking */
	if (write(sock, &c, 1) != 1 || read(sock, &c, 1) != 1)
		err_sys("child: read/write error");
	if (send_fd(sock, fd) < 0)
		err_sys("child: send_fd error");
	if (read(sock, &c, 1) < 0)
		err_sys("child: read error");
	exit(0);
}

int main(int argc, char *argv[])
{
	int sock[2], fd, status;
	char c;
	pid_t pid;

	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc != 2 || argv[1][0] == '-')
		usage(stderr, 2);
	note_inherited();
	file_name = argv[1];
	if (stat(file_name, &file_st) < 0)
		err_sys("can't find %s", file_name);
	if (fd_pipe(sock) < 0)
		err_sys("fd_pipe error");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		close(sock[0]);
		child(sock[1], argv[1]);
	}
	close(sock[1]);
	if (read(sock[0], &c, 1) != 1)
		err_quit("fdtables: the child could not open %s", argv[1]);
	draw("before the pass", getpid(), pid);
	if (write(sock[0], "g", 1) != 1)
		err_sys("write error");
	if ((fd = recv_fd(sock[0], write)) < 0)
		err_quit("fdtables: recv_fd failed");
	draw("after the pass", getpid(), pid);
	printf("the parent received the file as descriptor %d\n", fd);
	close(sock[0]);
	close(fd);
	if (waitpid(pid, &status, 0) < 0)
		err_sys("waitpid error");
	return 0;
}
