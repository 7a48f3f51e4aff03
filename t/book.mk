# t/book.mk - `make book BOOK2=DIR BOOK3=DIR`: the book's chapter 17
# programs, built from a reader's copy of its published source, run
# against ours (t/book/run says how).  `make diff FIG=17.13 BOOK3=DIR`:
# the book's function beside ours, as a unified diff (t/book/diff; no
# FIG, one line per figure).  Not part of `make check`: t/builds/0310 and t/0311
# run the same scripts on t/book-standin, a stand-in tree of our own.
# Included from t/build.mk.

BOOK2 ?=
BOOK3 ?=
FIG ?=

.PHONY: book
book: all
	@sh t/book/run '$(CURDIR)' '$(BOOK2)' '$(BOOK3)'

# Builds nothing (apue/probe/probe.mk probes nothing for it).
.PHONY: diff
diff:
	@perl t/book/diff -2 '$(BOOK2)' -3 '$(BOOK3)' $(if $(FIG),'$(FIG)')

# A program linked with our STREAMS libraries is linked as our own STREAMS
# programs are: by the same compiler, with the same libraries and link
# flags (the wraps of STREAMS_LDFLAGS and, in a make SANITIZE=1 build,
# whose library objects are instrumented, the sanitizers' runtime).  The
# harness reads them from this file, for t/builds/0310 too, which prove runs
# without make: line 1 the compiler, line 2 the flags, line 3 the
# libraries, relative to the top of the tree (apue/libapue_streams.a,
# then apue/libstreams_emu.a where the emulation is built).
BOOK_LINK_FILE := t/book/link
$(BOOK_LINK_FILE): $(FLAGS_STAMP) t/book.mk
	@printf '%s\n' '$(CC)' \
	    '$(strip $(CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) $(STREAMS_LDFLAGS))' \
	    '$(strip $(STREAMS_LIBS))' > $@
all: $(BOOK_LINK_FILE)
CLEAN_FILES += $(BOOK_LINK_FILE)
