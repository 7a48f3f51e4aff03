# t/book.mk - `make book BOOK2=DIR BOOK3=DIR`: the book's chapter 17
# programs, built from a reader's copy of its published source, run
# against ours (t/book/run says how).  Not part of `make check`: t/0310
# runs the same harness on t/book-standin, a stand-in tree of our own.
# Included from t/build.mk.

BOOK2 ?=
BOOK3 ?=

.PHONY: book
book: all
	@CC='$(CC)' STREAMS_LDFLAGS='$(BOOK_STREAMS_LDFLAGS)' \
	    sh t/book/run '$(CURDIR)' '$(BOOK2)' '$(BOOK3)'

# The harness links the 2e's streams/ files as a STREAMS build links
# (with the sanitizers' runtime when the library was built with them): the
# flags, for t/0310, which prove runs without make.
BOOK_STREAMS_LDFLAGS = $(STREAMS_LDFLAGS) $(SANITIZE_FLAGS)
BOOK_LDFLAGS_FILE := t/book/streams-ldflags
$(BOOK_LDFLAGS_FILE): $(FLAGS_STAMP) t/book.mk
	@echo '$(BOOK_STREAMS_LDFLAGS)' > $@
all: $(BOOK_LDFLAGS_FILE)
CLEAN_FILES += $(BOOK_LDFLAGS_FILE)
