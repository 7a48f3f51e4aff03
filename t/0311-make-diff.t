#!/usr/bin/perl
# make diff (t/book/diff): the book's function beside ours, run on
# t/book-standin, our own stand-in for the book's source.  One figure
# prints our file's list of differences, then a unified diff of the whole
# of both functions, normalised for white space; no FIG, one line per
# figure; a diagram, "no book code".  Every figure row of README.md's
# index has a row in t/book/figures, and every function the table names
# is found, in our tree and in the stand-in.  The function finder is
# tried on a scratch tree: a prototype first, braces in comments,
# strings and character constants, the return type on a line of its own.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

my $top = top_dir();
my $standin = "$top/t/book-standin";
my $table = "$top/t/book/figures";
my $driver = "$top/t/book/diff";
# The make run here is ours alone, not a part of the make that runs us.
delete @ENV{qw(MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES)};

sub slurp {
    my ($path) = @_;
    open my $fh, '<', $path or die "$path: $!";
    local $/;
    return scalar <$fh>;
}

sub make_diff {
    return run_program(argv => ['make', '-s', '--no-print-directory', '-C', $top, 'diff', @_]);
}

# The book's side of a unified diff ('-' and ' ' lines) and ours ('+'
# and ' '), each without its mark.
sub sides {
    my ($out) = @_;
    my ($body) = $out =~ /^@@ [^\n]*\n(.*)\z/ms;
    return ('', '') unless defined $body;
    my (@book, @ours);
    for my $line (split /\n/, $body) {
        my ($mark, $text) = $line =~ /^(.)(.*)$/ or next;
        push @book, $text if $mark eq '-' || $mark eq ' ';
        push @ours, $text if $mark eq '+' || $mark eq ' ';
    }
    return (join("\n", @book), join("\n", @ours));
}

# A function's text, from the line that begins with $decl to the first
# line that is a lone "}", every line trimmed and its blanks squeezed:
# what the diff's side must hold, word for word.
sub squeezed_function {
    my ($path, $decl) = @_;
    my ($fn) = slurp($path) =~ /^(\Q$decl\E.*?^\}\n)/ms or return "no $decl in $path";
    return join "\n", grep { $_ ne '' } map { s/^\s+|\s+$//gr =~ s/\s+/ /gr } split /\n/, $fn;
}
sub squeeze { return join "\n", map { s/^\s+|\s+$//gr =~ s/\s+/ /gr } split /\n/, $_[0] }

# ---- the table covers README.md's figure index ------------------------------
my (%keys, @order);
for my $line (split /\n/, slurp($table)) {
    next if $line =~ /^\s*(?:#|$)/;
    my @col = split /\t+/, $line;
    is(scalar @col, 5, "t/book/figures: five columns: $line") unless @col == 5;
    push @order, $col[0] unless $keys{$col[0]}++;
    ok(-f "$top/$col[3]", "t/book/figures: our file $col[3] is in the tree")
        if $col[3] ne '-' && !-f "$top/$col[3]";
}
my ($index) = slurp("$top/README.md") =~ /^## Figure index\n(.*?)(?=^## )/ms;
ok(defined $index, 'README.md has a figure index');
my (@missing, $figure_rows);
for my $line (split /\n/, $index // '') {
    next unless $line =~ /^\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|/;
    my ($fig, $what) = ($1, $2);
    if ($fig =~ /^3e ((?:[0-9A-Z]+\.\d+)(?:, [0-9A-Z]+\.\d+)*)/) {
        $figure_rows++;
        push @missing, grep { !$keys{$_} } split /, /, $1;
    } elsif ($fig =~ /^2e §/) {
        $figure_rows++;
        my @names = "$fig $what" =~ /`(\w+)/g;
        push @missing, "$fig (none of 2e:" . join(', 2e:', @names) . ')'
            unless grep { $keys{"2e:$_"} } @names;
    }
}
ok($figure_rows >= 40, "the index has its figure rows ($figure_rows: the 3e's and the 2e's STREAMS functions)");
is("@missing", '', 'every figure row of the README index has a row in t/book/figures');

# ---- the summary ----------------------------------------------------------------
my $r = make_diff("BOOK3=$standin/3e", "BOOK2=$standin/2e");
is($r->{status}, 0, 'make diff, no FIG, on the stand-in: exit 0') or diag($r->{err});
my @lines = split /\n/, $r->{out};
like(shift(@lines) // '', qr/^figure\s+added\s+removed\s+book -> ours$/, 'the summary: a heading');
is(join(' ', map { (split ' ')[0] // '' } @lines), join(' ', @order),
   'the summary: one line per figure of t/book/figures, in its order');
my @odd = grep { !/^\S+\s+(?:\+\d+\s+-\d+\s+\S.* -> \S|no book code$)/ } @lines;
is(join("\n", @odd), '', 'each line: lines added and removed, book -> ours, or "no book code"');
my ($line_1713) = grep { /^17\.13 / } @lines;
like($line_1713 // '', qr{^17\.13\s+\+\d+\s+-\d+\s+lib/sendfd\.c send_fd -> apue/sock/send_fd\.c send_fd$},
     'the summary names the book\'s file and function for send_fd and ours');
like(join("\n", @lines), qr/^17\.1\s+no book code$/m, 'the socket pair diagram: no book code');
is($r->{err}, '', 'nothing is missing: every function the table names is in the stand-in and in our tree');

# ---- one figure ------------------------------------------------------------------
$r = make_diff('FIG=17.13', "BOOK3=$standin/3e");
is($r->{status}, 0, 'make diff FIG=17.13: exit 0') or diag($r->{err});
my $out = $r->{out};
like($out, qr{\A17\.13: the book's lib/sendfd\.c send_fd against our apue/sock/send_fd\.c send_fd\n},
     'FIG=17.13 (send_fd): it says what it compares');
my $comment = slurp("$top/apue/sock/send_fd.c") =~ m{\A(/\*.*?\*/)}s ? $1 : 'no comment';
my $at = index($out, $comment);
ok($at > 0, 'our send_fd.c\'s opening comment is printed whole');
like($comment, qr/Differences from the book/, '... and it is the list of differences');
my $minus = index($out, "\n--- book: lib/sendfd.c send_fd\n+++ ours: apue/sock/send_fd.c send_fd\n@@ -1,");
ok($minus > $at, 'a unified diff follows it, labelled book and ours');
my ($book_side, $our_side) = sides($out);
is(squeeze($book_side), squeezed_function("$standin/3e/lib/sendfd.c", 'int send_fd('),
   'its book side is the whole of the stand-in\'s send_fd');
is(squeeze($our_side), squeezed_function("$top/apue/sock/send_fd.c", 'int send_fd('),
   'its other side is the whole of our send_fd');
unlike(substr($out, $minus), qr/\t/, 'the indentation is normalised: spaces, no tab');
like($out, qr/^ int send_fd\(int fd, int fd_to_send\)$/m, 'the same declaration is a context line');

# ---- a 2e STREAMS function, by 2e:NAME ------------------------------------------------
$r = make_diff('FIG=2e:send_fd', "BOOK2=$standin/2e");
is($r->{status}, 0, 'make diff FIG=2e:send_fd: exit 0') or diag($r->{err});
like($r->{out}, qr{^--- book: streams/sendfd\.c send_fd\n\+\+\+ ours: apue/streams/send_fd\.c send_fd\n@@ }m,
     'the 2e\'s STREAMS send_fd against ours');
($book_side) = sides($r->{out});
is(squeeze($book_side), squeezed_function("$standin/2e/streams/sendfd.c", 'int send_fd('),
   'its book side is the stand-in\'s STREAMS send_fd');
like($r->{out}, qr{^apue/streams/send_fd\.c, its opening comment}m, 'above it, our STREAMS send_fd.c\'s opening comment');

# ---- a diagram --------------------------------------------------------------------
$r = make_diff('FIG=17.11', "BOOK3=$standin/3e");
is($r->{status}, 0, 'make diff FIG=17.11 (passing an open file, a diagram): exit 0');
like($r->{out}, qr/\A17\.11: no book code \(beyond\/diagrams\.c\)\n\z/, '... prints "no book code"');

# ---- mistakes ----------------------------------------------------------------------
$r = run_program(argv => ['perl', $driver, '17.13']);
is($r->{status}, 2, 'no BOOK3 for the send_fd of the 3e: exit 2');
like($r->{err}, qr/BOOK3=DIR/, '... saying BOOK3 is needed');
$r = run_program(argv => ['perl', $driver, '-3', "$standin/3e", '17.99']);
is($r->{status}, 2, 'a figure the table does not have: exit 2');
like($r->{err}, qr/no figure 17\.99/, '... saying so');
$r = run_program(argv => ['perl', $driver, '-3', $top]);
is($r->{status}, 2, 'a BOOK3 that is not the book\'s source (no include/apue.h): exit 2');

# ---- the function finder, on a scratch tree ---------------------------------------------
my $scratch = scratch_dir();
mkdir "$scratch/include" or die;
open my $fh, '>', "$scratch/include/apue.h" or die;
close $fh;
open $fh, '>', "$scratch/x.c" or die;
print {$fh} <<'EOF';
#include "apue.h"
static int
finder(int);	/* finder(int) { is declared */

/* finder(int x) { in a comment */
static int
finder(int x)
{
	const char *s = "}{";	/* a } here */

	if (x) {
		return s[0] == '}';
	}
	return '{';
}

int after(void) { return finder(1); }
EOF
close $fh;
open $fh, '>', "$scratch/figures" or die;
print {$fh} "9.1\tx.c\tfinder\tapue/sock/fd_pipe.c\tfd_pipe\n",
            "9.2\tx.c\tnosuch\tapue/sock/fd_pipe.c\tfd_pipe\n";
close $fh;
$r = run_program(argv => ['perl', $driver, '-t', "$scratch/figures", '-3', $scratch, '9.1']);
is($r->{status}, 0, 'the finder: exit 0') or diag($r->{err});
($book_side) = sides($r->{out});
is($book_side, join("\n",
    'static int finder(int x)',
    '{',
    '    const char *s = "}{"; /* a } here */',
    '    if (x) {',
    '        return s[0] == \'}\';',
    '    }',
    '    return \'{\';',
    '}'), 'the definition, not the prototype, to its own closing brace; its return type joined to it');
$r = run_program(argv => ['perl', $driver, '-t', "$scratch/figures", '-3', $scratch]);
is($r->{status}, 1, 'a function not found: the summary exits 1');
like($r->{out}, qr/^9\.2\s+book: x\.c: no function nosuch$/m, '... and names it on its figure\'s line');
like($r->{out}, qr/^9\.1\s+\+\d+\s+-\d+\s/m, '... the other figures still summed up');

done_testing();
