/* opend.h - stand-in (our own code): the version 2 server's names. */
#include "apue.h"

#define CS_OPEN "/home/sar/opend"       /* the book's 2e name */
#define CL_OPEN "open"

extern int debug;
extern char errmsg[];
extern int oflag;
extern char *pathname;

typedef struct {
	int fd;                 /* -1: free */
	uid_t uid;
} Client;
extern Client *client;
extern int client_size;

int cli_args(int argc, char **argv);
int client_add(int fd, uid_t uid);     /* its index in client[] */
void client_del(int fd);
void loop(void);
void handle_request(char *buf, int nread, int conn, uid_t uid);
