#!/usr/bin/perl
# Each function a figure of the open servers shows (3e Figures
# 17.18-17.31) is in our tree under the book's name, in the file the
# README's figure index names, and its body is at most twice as long as
# the book's: what we add goes into small named helpers, not into the
# figure's function.
#
# How lines are counted, for the book's functions (once, from the
# published source, by the same code as below) and for ours alike: the
# lines between the line of the function's opening brace and the line of
# its closing brace, the one that starts at column 0; comments removed
# first; blank lines not counted.  Only the numbers are kept here.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use Test::More;

# [figure, function, the book's body lines, our file]
my @FIGURES = (
    ['17.18', 'main',           16, 'ch17/open.c'],
    ['17.19', 'csopen',         39, 'ch17/csopen.c'],
    ['17.21', 'main',           10, 'ch17/opend.c'],
    ['17.22', 'handle_request', 20, 'ch17/opend_handle.c'],
    ['17.23', 'buf_args',       12, 'ch17/opend_request.c'],
    ['17.24', 'cli_args',        7, 'ch17/opend_request.c'],
    ['17.25', 'csopen',         23, 'ch17/csopen2.c'],
    ['17.27', 'client_alloc',   10, 'ch17/opend_client.c'],
    ['17.27', 'client_add',     13, 'ch17/opend_client.c'],
    ['17.27', 'client_del',      8, 'ch17/opend_client.c'],
    ['17.28', 'main',           15, 'ch17/opend2_main.c'],
    ['17.29', 'loop',           44, 'ch17/opend2_select.c'],
    ['17.30', 'grow_pollfd',    12, 'ch17/opend2_poll.c'],
    ['17.30', 'loop',           58, 'ch17/opend2_poll.c'],
    ['17.31', 'handle_request', 25, 'ch17/opend_handle.c'],
);

# The body lines of the function $name defined in $text, or undef.
sub body_lines {
    my ($text, $name) = @_;
    # Comments out, their newlines kept so lines stay lines.
    $text =~ s{/\*.*?\*/}{ (my $c = $&) =~ tr/\n//cd; $c }gse;
    $text =~ s{//[^\n]*}{}g;
    my @lines = split /\n/, $text;
    for my $i (0 .. $#lines) {
        # A definition: the name at the start of a line, or after its
        # type, with "(" after it and no ";" ending the line.
        next unless $lines[$i] =~ /^(?:[A-Za-z_][\w \t*]*[\s*])?\Q$name\E\s*\(/
            && $lines[$i] !~ /;\s*$/;
        my $j = $i;
        $j++ while $j <= $#lines && $lines[$j] !~ /^\{|\{\s*$/;
        my $n = 0;
        for my $k ($j + 1 .. $#lines) {
            return $n if $lines[$k] =~ /^\}/;
            $n++ if $lines[$k] =~ /\S/;
        }
        return undef;           # no closing brace at column 0
    }
    return undef;
}

my $top = top_dir();
my $readme = slurp_file("$top/README.md");
for my $f (@FIGURES) {
    my ($fig, $name, $book, $file) = @$f;
    my $text = slurp_file("$top/$file");
    my $ours = body_lines($text, $name);
    ok(defined $ours, "3e $fig: $name is defined in $file");
    next unless defined $ours;
    ok($ours <= 2 * $book,
       sprintf("3e %s: %s in %s: %d lines, the book's %d (at most %d)",
               $fig, $name, $file, $ours, $book, 2 * $book));
    like($readme, qr/^\| 3e \Q$fig\E \|[^\n]*`\Q$file\E`/m,
         "3e $fig: the README's figure index names $file");
}

# The counting itself, on a function of known shape.
is(body_lines("int\nf(void)\n{\n\t/* a\n\t * comment */\n\n\tint x;\n\treturn x; // c\n}\n", 'f'),
   2, 'the count: comments and blank lines left out, braces not counted');
is(body_lines("static int g(int a) {\n\treturn a;\n}\n", 'g'), 1,
   'the count: a brace at the end of the signature');
is(body_lines("int f(void);\n", 'f'), undef, 'the count: a declaration is not a definition');

sub slurp_file {
    my ($path) = @_;
    open my $fh, '<', $path or die "$path: $!";
    local $/;
    return <$fh>;
}

done_testing();
