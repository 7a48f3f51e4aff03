#ifndef STR_BOOK_OPEN_H
#define STR_BOOK_OPEN_H

/* Open name (dir/base) for reading and writing with one of the C
 * library's spellings of open: 0 open, 1 open64, 2 openat (AT_FDCWD),
 * 3 openat (relative to a directory descriptor), 4 openat64, 5 __open_2,
 * 6 __open64_2, 7 __openat_2, 8 __openat64_2 (the last four: glibc). */
enum { OPEN_SPELLINGS = 10 };         /* 9: open, built fortified */
const char *open_spelling(int which);
/* Why this C library or build has no such spelling; NULL when it has. */
const char *open_spelling_missing(int which);
int open_spelled(int which, const char *dir, const char *base);

/* str_book_fortify.c: open compiled with _FORTIFY_SOURCE (when it could
 * be: fortified_open_checked says whether it was). */
int fortified_open(const char *path, int oflag);
int fortified_open_checked(void);

#endif
