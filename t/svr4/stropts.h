/*
 * t/svr4/stropts.h - the System V STREAMS interface and nothing more, as
 * POSIX.1-2001 (the XSI STREAMS option) and SVR4's streamio(7) give it:
 * the types, constants and functions a program of the 2nd edition may
 * use.  Nothing of our emulation is here, so a file that compiles against
 * this header alone (t/0320) would compile against a real <stropts.h>.
 * Values are SVR4's; only the names and types matter for compiling.
 */
#ifndef SVR4_STROPTS_H
#define SVR4_STROPTS_H

#include <sys/types.h>

struct strbuf {
	int maxlen;             /* no. of bytes in buffer */
	int len;                /* no. of bytes returned */
	char *buf;              /* pointer to data */
};

struct strpeek {
	struct strbuf ctlbuf;
	struct strbuf databuf;
	long flags;
};

struct strrecvfd {
	int fd;
	uid_t uid;
	gid_t gid;
};

struct strioctl {
	int ic_cmd;
	int ic_timout;
	int ic_len;
	char *ic_dp;
};

#define STR             ('S' << 8)
#define I_NREAD         (STR | 01)
#define I_PUSH          (STR | 02)
#define I_POP           (STR | 03)
#define I_LOOK          (STR | 04)
#define I_FLUSH         (STR | 05)
#define I_SRDOPT        (STR | 06)
#define I_GRDOPT        (STR | 07)
#define I_STR           (STR | 010)
#define I_SETSIG        (STR | 011)
#define I_GETSIG        (STR | 012)
#define I_FIND          (STR | 013)
#define I_PEEK          (STR | 017)
#define I_FDINSERT      (STR | 020)
#define I_SENDFD        (STR | 021)
#define I_RECVFD        (STR | 016)
#define I_SWROPT        (STR | 023)
#define I_GWROPT        (STR | 024)
#define I_LIST          (STR | 025)
#define I_CANPUT        (STR | 034)

#define FLUSHR          0x01
#define FLUSHW          0x02
#define FLUSHRW         0x03

#define RNORM           0x0000
#define RMSGD           0x0001
#define RMSGN           0x0002

#define RS_HIPRI        0x01
#define MSG_HIPRI       0x01
#define MSG_ANY         0x02
#define MSG_BAND        0x04

#define MORECTL         1
#define MOREDATA        2

int isastream(int fildes);
int getmsg(int fildes, struct strbuf *ctlptr, struct strbuf *dataptr,
	   int *flagsp);
int getpmsg(int fildes, struct strbuf *ctlptr, struct strbuf *dataptr,
	    int *bandp, int *flagsp);
int putmsg(int fildes, const struct strbuf *ctlptr,
	   const struct strbuf *dataptr, int flags);
int putpmsg(int fildes, const struct strbuf *ctlptr,
	    const struct strbuf *dataptr, int band, int flags);
int fattach(int fildes, const char *path);
int fdetach(const char *path);
int ioctl(int fildes, int request, ...);

#endif
