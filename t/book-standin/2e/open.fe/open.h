/* open.h - stand-in (our own code): the client's names. */
#include "apue.h"
#include <errno.h>

#define CL_OPEN "open"

int csopen(char *name, int oflag);
