/* daemonize.c - stand-in (our own code): a new session in the
 * background, the umask cleared, stdin, stdout and stderr on /dev/null. */
#include "apue.h"
#include <syslog.h>

void daemonize(const char *cmd)
{
	pid_t pid;
	int fd;

	umask(0);
	pid = fork();
	if (pid < 0)
		err_sys("%s: fork", cmd);
	if (pid > 0)
		exit(0);
	setsid();
	if (chdir("/") < 0)
		err_quit("%s: can't chdir to /", cmd);
	fd = open("/dev/null", O_RDWR);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	openlog(cmd, LOG_PID, LOG_DAEMON);
}
