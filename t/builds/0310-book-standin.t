#!/usr/bin/perl
# make book's harness (t/book/run), run on t/book-standin: a stand-in of
# our own for the book's published source, with its file names and
# interfaces, so the harness is tested without the book.  Each program
# built from it meets its counterpart here, both ways, 2e (sockets and
# STREAMS) and 3e.  Needs root for unshare -m; skips otherwise.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib";
use ApueTest;

my $top = top_dir();
my $standin = "$top/t/book-standin";
unless (-x "$top/ch17/open2" && -f "$top/t/book/link") {
    print "1..0 # SKIP the tree is not built: run make\n";
    exit 0;
}
exec 'sh', "$top/t/book/run", $top, "$standin/2e", "$standin/3e"
    or die "t/book/run: $!";
