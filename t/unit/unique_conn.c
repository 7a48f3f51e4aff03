/*
 * unique_conn.c - the socket serv_listen, serv_accept and cli_conn
 * (3e Figures 17.8-17.10): a round trip with the client's uid; every check
 * serv_accept makes on the client's socket file (a set-user-ID bit too),
 * each failure closing the connection without a leaked descriptor; client
 * names of 107 and 108 bytes, the longest sun_path holds, found and
 * removed whole; ENAMETOOLONG; the client's file
 * removed on success (by serv_accept) and on failure (by cli_conn); and
 * serv_accept_cred (SO_PEERCRED), which a forged file cannot fool.
 */
#include "tap.h"
#include "peer.h"
#include "sock/unique.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <dirent.h>
#include <poll.h>
#include <time.h>

static char dir[] = "/tmp/unique-conn-XXXXXX";
static char server[256];

/* Files this process's cli_conn left in CLI_PATH. */
static int leftover_client_files(void)
{
	char prefix[64];
	DIR *d = opendir(CLI_PATH);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	snprintf(prefix, sizeof prefix, "%s%ld.", CLI_PREFIX, (long)getpid());
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static void set_path(struct sockaddr_un *un, const char *path)
{
	size_t n = strlen(path);

	if (n >= sizeof un->sun_path)
		err_quit("%s: too long for sun_path", path);
	memset(un, 0, sizeof *un);
	un->sun_family = AF_UNIX;
	memcpy(un->sun_path, path, n + 1);
}

/* A client made by hand: bind to name (unless NULL), chmod to mode, then
 * run tweak(name) (to age or replace the file), then connect. */
static int raw_client(const char *name, mode_t mode, void (*tweak)(const char *))
{
	struct sockaddr_un un;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0)
		err_sys("socket error");
	if (name != NULL) {
		set_path(&un, name);
		unlink(name);
		if (bind(fd, (struct sockaddr *)&un, sizeof un) < 0)
			err_sys("bind error");
		if (chmod(name, mode) < 0)
			err_sys("chmod error");
		if (tweak != NULL)
			tweak(name);
	}
	set_path(&un, server);
	if (connect(fd, (struct sockaddr *)&un, sizeof un) < 0)
		err_sys("connect error");
	return fd;
}

static void make_old(const char *name)
{
	struct timespec times[2];

	times[0].tv_sec = times[1].tv_sec = time(NULL) - 60;
	times[0].tv_nsec = times[1].tv_nsec = 0;
	if (utimensat(AT_FDCWD, name, times, 0) < 0)
		err_sys("utimensat error");
}

static void replace_by_file(const char *name)
{
	int fd;

	unlink(name);
	if ((fd = open(name, O_WRONLY | O_CREAT, S_IRWXU)) < 0)
		err_sys("open error");
	fchmod(fd, S_IRWXU);
	close(fd);
}

static char other_socket[300];

static void replace_by_symlink(const char *name)
{
	unlink(name);
	if (symlink(other_socket, name) < 0)
		err_sys("symlink error");
}

static void chown_to_nobody(const char *name)
{
	if (chown(name, 65534, 65534) < 0)
		err_sys("chown error");
}

/* serv_accept refuses the client made by raw_client(...) with errno want;
 * the server's descriptors are as before, the client sees end of file. */
static void refused(int listenfd, const char *what, int want,
		    const char *name, mode_t mode, void (*tweak)(const char *))
{
	int before = open_fd_count();
	int clifd = raw_client(name, mode, tweak);
	char c;
	int fd;
	uid_t uid = 12345;

	fd = serv_accept(listenfd, &uid);
	is_int(fd, -1, "%s: serv_accept refuses", what);
	is_str(strerror(errno), strerror(want), "%s: errno", what);
	is_int(uid, 12345, "%s: uid untouched", what);
	/* A wrong accept keeps the connection open: wait, do not hang. */
	is_int(readable_within(clifd, "the server to close the refused "
			       "client (%s)", what) ? read(clifd, &c, 1) : -1,
	       0, "%s: the client sees the connection closed", what);
	if (fd >= 0)
		close(fd);
	close(clifd);
	is_int(open_fd_count(), before, "%s: no descriptor leaked", what);
	if (name != NULL)
		unlink(name);
}

/* A client bound to a name of exactly len bytes under dir (len 108 fills
 * sun_path with no null byte, which Linux accepts), served by serv_accept:
 * it must find the whole name, check it and remove it.  The book's
 * serv_accept copies the name into malloc(sizeof(un.sun_path + 1)), the
 * size of a pointer, so every name longer than 7 bytes overflows it. */
static void long_client_name(int listenfd, size_t len)
{
	struct sockaddr_un un;
	char path[sizeof un.sun_path + 1];
	size_t head = strlen(dir) + 1;
	uid_t uid = (uid_t)-2;
	struct stat st;
	int clifd, fd;

	snprintf(path, sizeof path, "%s/", dir);
	memset(path + head, 'n', len - head);
	path[len] = '\0';
	memset(&un, 0, sizeof un);
	un.sun_family = AF_UNIX;
	memcpy(un.sun_path, path, len);         /* no null byte when len is 108 */
	if ((clifd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		err_sys("socket error");
	if (bind(clifd, (struct sockaddr *)&un,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len)) < 0) {
		ok(1, "# SKIP this system refuses a %zu-byte name: %s", len,
		   strerror(errno));
		ok(1, "# SKIP this system refuses a %zu-byte name", len);
		close(clifd);
		return;
	}
	if (chmod(path, S_IRWXU) < 0)
		err_sys("chmod error");
	set_path(&un, server);
	if (connect(clifd, (struct sockaddr *)&un, sizeof un) < 0)
		err_sys("connect error");
	fd = serv_accept(listenfd, &uid);
	ok(fd >= 0 && uid == geteuid(),
	   "a client name of %zu bytes: serv_accept checks it and gives our uid", len);
	ok(stat(path, &st) < 0 && errno == ENOENT,
	   "a client name of %zu bytes: the whole name was removed", len);
	if (fd >= 0)
		close(fd);
	close(clifd);
	unlink(path);
}

/* How many names of the child's pid root takes: more than the calls
 * of cli_conn before the fork (the child's count starts at ours, which
 * a test checks). */
#define TAKEN 32

/* Root takes CLI_PATH "cli.<pid>.0" to "cli.<pid>.<TAKEN - 1>" for a
 * child's pid, with files of its own; the child, as nobody, connects
 * with cli_conn and must bind a later name. */
static void taken_name(int listenfd)
{
	char taken[TAKEN][300], got[300] = "", prefix[300], c;
	int go[2], fd, squat, untouched = 1;
	uid_t uid = 0;
	pid_t pid;
	ssize_t n = -1;
	long count = -1;
	struct stat st;
	struct pollfd p = { .fd = listenfd, .events = POLLIN };

	/* Our own count, from the name of a connection made just now: the
	 * child's first name is "cli.<pid>.<count + 1>". */
	fd = cli_conn(server);
	{
		struct sockaddr_un un;
		socklen_t len = sizeof un;
		const char *dot;

		if (fd < 0 || getsockname(fd, (struct sockaddr *)&un, &len) < 0 ||
		    (dot = strrchr(un.sun_path, '.')) == NULL)
			err_sys("cli_conn error");
		count = strtol(dot + 1, NULL, 10);
		close(fd);
		close(serv_accept(listenfd, NULL));
	}
	ok(count + 1 < TAKEN, "the child's first name is among those taken");
	count = -1;

	if (pipe(go) < 0)
		err_sys("pipe error");
	if ((pid = fork()) < 0)
		err_sys("fork error");
	if (pid == 0) {
		struct sockaddr_un un;
		socklen_t len = sizeof un;
		int s;

		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(3);
		if ((s = cli_conn(server)) < 0)
			_exit(4);
		if (getsockname(s, (struct sockaddr *)&un, &len) < 0)
			_exit(5);
		/* the name we bound, then wait for the server */
		(void)!write(s, un.sun_path, strlen(un.sun_path));
		(void)read(s, &c, 1);
		_exit(0);
	}
	close(go[0]);
	for (int i = 0; i < TAKEN; i++) {
		snprintf(taken[i], sizeof taken[i], "%s%s%ld.%d", CLI_PATH,
			 CLI_PREFIX, (long)pid, i);
		unlink(taken[i]);
		if ((squat = open(taken[i], O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0)
			err_sys("can't create %s", taken[i]);
		close(squat);
	}
	(void)!write(go[1], "g", 1);
	close(go[1]);

	fd = poll(&p, 1, 10000) == 1 ? serv_accept(listenfd, &uid) : -1;
	ok(fd >= 0, "names taken by root's files: cli_conn as nobody connects");
	if (fd >= 0 && (n = read(fd, got, sizeof got - 1)) > 0)
		got[n] = '\0';
	snprintf(prefix, sizeof prefix, "%s%s%ld.", CLI_PATH, CLI_PREFIX,
		 (long)pid);
	if (strncmp(got, prefix, strlen(prefix)) == 0)
		count = strtol(got + strlen(prefix), NULL, 10);
	ok(count >= TAKEN, "it bound a name past the taken ones");
	diag("the client bound %s", got);
	for (int i = 0; i < TAKEN; i++) {
		snprintf(taken[i], sizeof taken[i], "%s%s%ld.%d", CLI_PATH,
			 CLI_PREFIX, (long)pid, i);
		if (stat(taken[i], &st) < 0 || st.st_uid != 0 ||
		    !S_ISREG(st.st_mode))
			untouched = 0;
		unlink(taken[i]);
	}
	ok(untouched, "root's files are untouched");
	if (fd >= 0)
		(void)!write(fd, "x", 1);
	close(fd);
	is_int(finish_peer(pid), 0, "the nobody client ran");
}

int main(void)
{
	char name[300], longname[200];
	int listenfd, clifd, fd, before;
	uid_t uid;
	struct sockaddr_un un;
	socklen_t len = sizeof un;
	struct stat st;

	if (access(CLI_PATH, W_OK | X_OK) < 0)
		skip_all("cli_conn binds in %s, which is not writable here", CLI_PATH);
	if (mkdtemp(dir) == NULL)
		err_sys("mkdtemp error");
	snprintf(server, sizeof server, "%s/server.socket", dir);

	/* Names that do not fit in sun_path. */
	memset(longname, 'x', sizeof longname - 1);
	longname[0] = '/';
	longname[sizeof longname - 1] = '\0';
	before = open_fd_count();
	is_int(serv_listen(longname), -1, "serv_listen: long name refused");
	is_str(strerror(errno), strerror(ENAMETOOLONG), "serv_listen: ENAMETOOLONG");
	is_int(cli_conn(longname), -1, "cli_conn: long name refused");
	is_str(strerror(errno), strerror(ENAMETOOLONG), "cli_conn: ENAMETOOLONG");
	is_int(open_fd_count(), before, "long names: no descriptor leaked");

	/* No server yet: cli_conn fails, removes its file, leaks nothing. */
	is_int(cli_conn(server), -1, "cli_conn: no server");
	is_str(strerror(errno), strerror(ENOENT), "cli_conn: ENOENT");
	is_int(leftover_client_files(), 0, "cli_conn failure: our file removed");
	is_int(open_fd_count(), before, "cli_conn failure: no descriptor leaked");

	/* The round trip. */
	if ((listenfd = serv_listen(server)) < 0)
		err_sys("serv_listen error");
	/* Let another user reach the server (the last test). */
	if (chmod(dir, 0755) < 0 || chmod(server, 0777) < 0)
		err_sys("chmod error");
	ok(stat(server, &st) == 0 && S_ISSOCK(st.st_mode), "serv_listen made a socket");
	clifd = cli_conn(server);
	ok(clifd >= 0, "cli_conn connects");
	if (getsockname(clifd, (struct sockaddr *)&un, &len) < 0)
		err_sys("getsockname error");
	snprintf(name, sizeof name, "%s", un.sun_path);
	ok(strncmp(name, CLI_PATH CLI_PREFIX, strlen(CLI_PATH CLI_PREFIX)) == 0,
	   "the client bound a name in " CLI_PATH);
	ok(stat(name, &st) == 0 && (st.st_mode & 07777) == S_IRWXU,
	   "its file has mode rwx------");
	uid = (uid_t)-2;
	fd = serv_accept(listenfd, &uid);
	ok(fd >= 0, "serv_accept accepts");
	is_int(uid, geteuid(), "serv_accept: uid is the file's owner, ours");
	ok(stat(name, &st) < 0 && errno == ENOENT, "serv_accept removed the client's file");
	is_int(leftover_client_files(), 0, "no client file left");
	ok(write(clifd, "hi", 2) == 2 && read(fd, name, 2) == 2 &&
	   memcmp(name, "hi", 2) == 0, "bytes flow client to server");
	close(fd);
	close(clifd);

	/* Two connections from one process at once: distinct names. */
	clifd = cli_conn(server);
	fd = cli_conn(server);
	ok(clifd >= 0 && fd >= 0, "two connections from one process");
	close(clifd);
	close(fd);
	clifd = serv_accept(listenfd, NULL);
	fd = serv_accept(listenfd, NULL);
	ok(clifd >= 0 && fd >= 0, "both pass serv_accept's checks");
	close(clifd);
	close(fd);

	/* Every check of serv_accept, and how each fails. */
	snprintf(name, sizeof name, "%s/client.socket", dir);
	snprintf(other_socket, sizeof other_socket, "%s/other.socket", dir);
	refused(listenfd, "unbound client", EPERM, NULL, 0, NULL);
	refused(listenfd, "mode rwxrwxrwx", EPERM, name, 0777, NULL);
	refused(listenfd, "mode rw-------", EPERM, name, 0600, NULL);
	refused(listenfd, "mode rwx---r--", EPERM, name, 0704, NULL);
	refused(listenfd, "file 60 seconds old", ETIMEDOUT, name, S_IRWXU, make_old);
	refused(listenfd, "socket replaced by a regular file", ENOTSOCK, name,
		S_IRWXU, replace_by_file);
	{
		int other = raw_client(NULL, 0, NULL);      /* just a socket */
		struct sockaddr_un o;

		close(other);
		other = socket(AF_UNIX, SOCK_STREAM, 0);
		set_path(&o, other_socket);
		if (bind(other, (struct sockaddr *)&o, sizeof o) < 0)
			err_sys("bind error");
		chmod(other_socket, S_IRWXU);
		clifd = serv_accept(listenfd, NULL);        /* the plain one */
		close(clifd);
		refused(listenfd, "socket replaced by a symbolic link to a socket",
			ENOTSOCK, name, S_IRWXU, replace_by_symlink);
		close(other);
		unlink(other_socket);
	}
	/* The server is still fine after all that. */
	clifd = cli_conn(server);
	fd = serv_accept(listenfd, &uid);
	ok(clifd >= 0 && fd >= 0, "a good client after the bad ones");
	close(clifd);
	close(fd);

	/* The longest names sun_path holds, and a mode with more than the
	 * nine permission bits (the book's test looks at those nine only). */
	long_client_name(listenfd, sizeof un.sun_path - 1);
	long_client_name(listenfd, sizeof un.sun_path);
	refused(listenfd, "mode rwx------ and set-user-ID", EPERM, name,
		S_ISUID | S_IRWXU, NULL);

	/* SO_PEERCRED: no file needed, and the file's owner is not the caller. */
	clifd = raw_client(NULL, 0, NULL);
	uid = (uid_t)-2;
	fd = serv_accept_cred(listenfd, &uid);
	ok(fd >= 0, "serv_accept_cred accepts a client that bound no name");
	is_int(uid, geteuid(), "serv_accept_cred: the kernel's uid");
	close(fd);
	close(clifd);
	if (geteuid() == 0) {
		uid_t by_file = 0, by_kernel = 0;

		/* We (root) bind and hand the file to nobody: the file says nobody. */
		clifd = raw_client(name, S_IRWXU, chown_to_nobody);
		fd = serv_accept(listenfd, &by_file);
		is_int(by_file, 65534, "a forged file: serv_accept believes the owner");
		close(fd);
		close(clifd);
		clifd = raw_client(name, S_IRWXU, chown_to_nobody);
		fd = serv_accept_cred(listenfd, &by_kernel);
		is_int(by_kernel, 0, "the same client: serv_accept_cred sees root");
		close(fd);
		close(clifd);
		unlink(name);
	} else {
		ok(1, "# SKIP forging a file owner needs root");
		ok(1, "# SKIP forging a file owner needs root");
	}

	/* A client of another user, through cli_conn: both ways agree. */
	if (geteuid() == 0) {
		pid_t pid = fork();
		uid_t by_file = 0;

		if (pid == 0) {
			char c;
			int s;

			if (setgid(65534) < 0 || setuid(65534) < 0)
				_exit(3);
			if ((s = cli_conn(server)) < 0)
				_exit(4);
			(void)read(s, &c, 1);   /* wait for the server */
			_exit(0);
		}
		/* Don't hang if the child could not connect. */
		{
			struct pollfd p = { .fd = listenfd, .events = POLLIN };

			fd = poll(&p, 1, 10000) == 1 ?
			     serv_accept(listenfd, &by_file) : -1;
		}
		is_int(by_file, 65534, "cli_conn as nobody: serv_accept says 65534");
		if (fd >= 0)
			(void)write(fd, "x", 1);
		close(fd);
		is_int(finish_peer(pid), 0, "the nobody client ran");
	} else {
		ok(1, "# SKIP switching users needs root");
		ok(1, "# SKIP switching users needs root");
	}

	/* A name taken by another user's file, which nobody cannot remove
	 * (CLI_PATH is sticky): cli_conn binds the next name. */
	if (geteuid() == 0)
		taken_name(listenfd);
	else
		skip(5, "a file of another user in " CLI_PATH " needs root");

	close(listenfd);
	unlink(server);
	rmdir(dir);
	is_int(open_fd_count(), before, "no descriptor leaked overall");
	return done_testing();
}
