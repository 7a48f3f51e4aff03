/*
 * stat_unlink.c - Exercise 17.6 (3e text; serv_listen is 3e Figure
 * 17.8): serv_listen unlinks the socket's name before bind.  Checking
 * with stat first that the name is a socket has two problems, shown here
 * in a directory of the caller's choosing:
 *   1. the race: between stat and unlink another process can put a
 *      different file under the name, and unlink removes that one;
 *   2. stat follows symbolic links: a symbolic link to a socket passes
 *      the check, and unlink removes the link, which is not a socket.
 * The race is made to happen every time: a child swaps the file in
 * exactly when the parent, between its stat and its unlink, tells it to.
 *
 * usage: stat_unlink [-h] directory
 */
#include "apue.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

static void usage(FILE *out, int status)
{
	fprintf(out, "usage: stat_unlink [-h] directory\n"
		"  Show, inside directory, the two problems of calling stat\n"
		"  before unlink in serv_listen.\n");
	exit(status);
}

static void make_socket_file(const char *path)
{
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (strlen(path) >= sizeof un.sun_path)
		err_quit("stat_unlink: path too long for a socket: %s", path);
	strcpy(un.sun_path, path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&un, sizeof un) < 0)
		err_sys("can't bind %s", path);
	close(fd);                      /* the file stays, as after a crash */
}

static void make_regular_file(const char *path, const char *contents)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, FILE_MODE);

	if (fd < 0 || writen(fd, contents, strlen(contents)) < 0)
		err_sys("can't write %s", path);
	close(fd);
}

static const char *kind(mode_t mode)
{
	return S_ISSOCK(mode) ? "a socket" : S_ISLNK(mode) ? "a symbolic link" :
	       S_ISREG(mode) ? "a regular file" : "something else";
}

static const char *exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 ? kind(st.st_mode) : "gone";
}

static void race(const char *dir)
{
	char name[1024], precious[1024];
	int go[2], done[2], status;
	struct stat st;
	pid_t pid;
	char c;

	snprintf(name, sizeof name, "%s/server.socket", dir);
	snprintf(precious, sizeof precious, "%s/precious", dir);
	make_socket_file(name);
	make_regular_file(precious, "precious data\n");
	if (pipe(go) < 0 || pipe(done) < 0)
		err_sys("pipe error");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {                 /* the other process */
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		if (rename(precious, name) < 0)
			_exit(1);
		_exit(write(done[1], "d", 1) == 1 ? 0 : 1);
	}
	printf("problem 1: the race between stat and unlink\n");
	if (stat(name, &st) < 0)
		err_sys("stat error");
	printf("  stat(server.socket): %s, so serv_listen decides to unlink it\n",
	       kind(st.st_mode));
	if (write(go[1], "g", 1) != 1 || read(done[0], &c, 1) != 1)
		err_quit("stat_unlink: the other process failed");
	printf("  meanwhile another process renames a regular file over "
	       "server.socket\n");
	printf("  before unlink, server.socket is %s\n", exists(name));
	if (unlink(name) < 0)
		err_sys("unlink error");
	printf("  unlink(server.socket): removed the regular file, the very "
	       "thing the check was for\n");
	waitpid(pid, &status, 0);
	close(go[0]);
	close(go[1]);
	close(done[0]);
	close(done[1]);
}

static void symlink_case(const char *dir)
{
	char name[1024], real[1024];
	struct stat st;

	snprintf(name, sizeof name, "%s/server.socket", dir);
	snprintf(real, sizeof real, "%s/real.socket", dir);
	make_socket_file(real);
	if (symlink("real.socket", name) < 0)
		err_sys("symlink error");
	printf("problem 2: stat follows symbolic links\n");
	printf("  server.socket is a symbolic link to real.socket\n");
	if (stat(name, &st) < 0)
		err_sys("stat error");
	printf("  stat(server.socket): %s, so serv_listen decides to unlink it\n",
	       kind(st.st_mode));
	if (lstat(name, &st) < 0)
		err_sys("lstat error");
	printf("  lstat(server.socket) would have said: %s\n", kind(st.st_mode));
	if (unlink(name) < 0)
		err_sys("unlink error");
	printf("  unlink(server.socket): removed the link, which is not a socket; "
	       "server.socket is %s, real.socket is %s\n", exists(name),
	       exists(real));
	unlink(real);
}

int main(int argc, char *argv[])
{
	if (argc > 1 && strcmp(argv[1], "-h") == 0)
		usage(stdout, 0);
	if (argc != 2 || argv[1][0] == '-')
		usage(stderr, 2);
	race(argv[1]);
	symlink_case(argv[1]);
	return 0;
}
