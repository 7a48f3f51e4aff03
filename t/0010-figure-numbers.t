#!/usr/bin/perl
# The book's figure numbers, everywhere: the README's figure index, every
# "Figure 17.N" in a comment of the tree's sources, makefiles and tests,
# and NOTES.md's headings agree with the 3rd edition's numbering, held
# here in a table of our own (the book's source distribution numbers the
# figures in its figlinks/ folder).  A claim "3e Figure 17.13" must be in
# a sentence about send_fd, so a number off by one cannot come back.
# The 2nd edition is cited by section and function, never "2e 17.12".
use strict;
use warnings;
use utf8;
use FindBin;
use lib "$FindBin::Bin/lib";
use ApueTest;
use File::Find;
use Test::More;

# figure => [what the book shows, what a sentence citing it must name]
my %FIG = (
    '17.1'  => ['diagram: a socket pair', qr/socket ?pair|socketpair/i],
    '17.2'  => ['fd_pipe, a full-duplex pipe', qr/\bfd_pipe\b|\bs_pipe\b|full-duplex pipe/i],
    '17.3'  => ['polling XSI message queues through datagram sockets', qr/message.queue|pollmsg|msgrcv|datagram socket/i],
    '17.4'  => ['posting a message to an XSI message queue', qr/message.queue|sendmsg|msgsnd/i],
    '17.5'  => ['binding an address to a UNIX domain socket', qr/\bbind/i],
    '17.6'  => ['diagram: client and server sockets before a connect', qr/connect/i],
    '17.7'  => ['diagram: client and server sockets after a connect', qr/connect/i],
    '17.8'  => ['serv_listen', qr/\bserv_listen\b/],
    '17.9'  => ['serv_accept', qr/\bserv_accept\b/],
    '17.10' => ['cli_conn', qr/\bcli_conn\b/],
    '17.11' => ['diagram: passing an open file', qr/pass(?:ing|es|ed)? an open file/i],
    '17.12' => ['send_err', qr/\bsend_err\b/],
    '17.13' => ['send_fd', qr/\bsend_fd\b/],
    '17.14' => ['recv_fd', qr/\brecv_fd\b/],
    '17.15' => ['sending credentials', qr/credential|\bsend_ufd\b/i],
    '17.16' => ['receiving credentials', qr/credential|\brecv_ufd\b/i],
    '17.17' => ['open.h, version 1', qr/\bopen\.h\b|open server|client/i],
    '17.18' => ['the client main', qr/client|\bmain\b/i],
    '17.19' => ['csopen, version 1', qr/\bcsopen/],
    '17.20' => ['opend.h, version 1', qr/\bopend\.h\b|globals/i],
    '17.21' => ['the server main, version 1', qr/\bmain\b/],
    '17.22' => ['handle_request, version 1', qr/\bhandle_request\b/],
    '17.23' => ['buf_args', qr/\bbuf_args\b/],
    '17.24' => ['cli_args', qr/\bcli_args\b/],
    '17.25' => ['csopen, version 2', qr/\bcsopen|\bcli_conn\b/],
    '17.26' => ['opend.h, version 2', qr/\bopend\.h\b/],
    '17.27' => ['client_add and client_del', qr/\bclient_(?:add|del)\b|client array/i],
    '17.28' => ['the server main, version 2', qr/\bmain\b/],
    '17.29' => ['loop with select', qr/\bselect\b/],
    '17.30' => ['loop with poll', qr/\bpoll\b/],
    '17.31' => ['handle_request, version 2', qr/\bhandle_request\b/],
);
# A range inside one of these may be cited for the story it tells.
my @STORIES = (
    ['17.17', '17.24', qr/open server|\bopend\b|version 1/i],
    ['17.25', '17.31', qr/open server|\bopend2\b|version 2/i],
    ['17.17', '17.31', qr/open servers/i],
);
# The 2e's STREAMS functions and the sections that hold them.
my %STREAMS_2E = (s_pipe => '17.2', fattach => '17.2.1', serv_listen => '17.2.2',
                  serv_accept => '17.2.2', cli_conn => '17.2.2',
                  send_fd => '17.4.1', recv_fd => '17.4.1');
my @DIAGRAMS = qw(17.1 17.6 17.7 17.11);

sub minor { my ($f) = @_; return ($f =~ /^17\.(\d+)$/)[0] }

# The figures a claim's number list names: "17.14 and 17.16",
# "17.8-17.10", "17.12, 17.13".  Ranges come back as [from, to].
sub parse_list {
    my ($list) = @_;
    my (@single, @ranges);
    while ($list =~ /(17\.\d+)(?:\s*[-\x{2013}]\s*(17\.\d+))?/g) {
        if (defined $2) { push @ranges, [$1, $2] } else { push @single, $1 }
    }
    return (\@single, \@ranges);
}

# Every problem with the claims in one sentence, as strings.
sub check_sentence {
    my ($where, $sentence) = @_;
    my @bad;
    push @bad, "$where: the 2e cited by number, not by section: \"$1\""
        while $sentence =~ /\b(2e\s+(?:Figures?\s+)?\d+[-.]\d+)/g;
    # what remains once the 2e citations are taken out cites the 3e
    (my $cites3e = $sentence) =~ s/\b2e\s+(?:Figures?\s+)?\d+[-.]\d+(?:(?:\s*[-,]\s*|\s+and\s+)\d+[-.]\d+)*//g;
    while ($cites3e =~ /\b(?:3e\s+Figures?|3e|Figures?)\s+(17\.\d+(?:(?:\s*[-\x{2013},]\s*|\s+and\s+)17\.\d+)*)/g) {
        my ($single, $ranges) = parse_list($1);
        for my $f (@$single, map { @$_ } @$ranges) {
            push @bad, "$where: no such figure in the 3e: $f" unless $FIG{$f};
        }
        # the diagrams may be cited together, as the book's drawings
        my %diagram = map { $_ => 1 } @DIAGRAMS;
        next if !@$ranges && !grep({ !$diagram{$_} } @$single)
             && $sentence =~ /diagrams|drawings/i;
        for my $f (@$single) {
            next unless $FIG{$f};
            push @bad, "$where: 3e Figure $f is $FIG{$f}[0], not named here: \"$sentence\""
                unless $sentence =~ $FIG{$f}[1];
        }
        for my $r (@$ranges) {
            my ($from, $to) = @$r;
            next unless $FIG{$from} && $FIG{$to};
            next if grep { minor($_->[0]) <= minor($from) && minor($to) <= minor($_->[1])
                           && $sentence =~ $_->[2] } @STORIES;
            for my $m (minor($from) .. minor($to)) {
                push @bad, "$where: 3e Figure 17.$m ($FIG{\"17.$m\"}[0]) in the range $from-$to is not named here: \"$sentence\""
                    unless $sentence =~ $FIG{"17.$m"}[1];
            }
        }
    }
    return @bad;
}

sub sentences {
    my ($text) = @_;
    $text =~ s/\s+/ /g;
    return split /(?<=[.!?:])\s+(?=[A-Z(`])/, $text;
}

sub slurp {
    my ($path) = @_;
    open my $fh, '<:encoding(UTF-8)', $path or die "$path: $!";
    local $/;
    return <$fh>;
}

# The passages of a file that may cite figures: comments, and in a test
# file its lines (the descriptions) too.
sub passages {
    my ($path, $text) = @_;
    my @p;
    if ($path =~ /\.[ch]$/) {
        while ($text =~ m{/\*(.*?)\*/}sg) {
            (my $c = $1) =~ s/^\s*\*+ ?//mg;
            push @p, $c;
        }
        push @p, $1 while $text =~ m{//(.*)$}mg;
        return @p;
    }
    my $para = '';
    for my $line (split /\n/, $text) {
        if ($line =~ /^\s*#+ ?(.*)$/) {
            $para .= "$1\n";
            next;
        }
        push @p, $para if $para ne '';
        $para = '';
        push @p, $line if $path =~ /\.(?:t|pm)$/;
    }
    push @p, $para if $para ne '';
    return @p;
}

my $top = top_dir();

# ---- the table itself ------------------------------------------------------
is(scalar(keys %FIG), 31, 'the table knows 3e Figures 17.1-17.31');

# ---- every file's comments --------------------------------------------------
my @files;
find({ no_chdir => 1, wanted => sub {
    return unless -f $_;
    push @files, $_ if /\.(?:c|h|t|pm|mk|sh)$/;
} }, map { "$top/$_" } grep { -d "$top/$_" } qw(apue ch17 exercises beyond t));
push @files, grep { -f } "$top/GNUmakefile", "$top/.ci/run";
my (@problems, $claims) = ();
$claims = 0;
for my $path (sort @files) {
    (my $rel = $path) =~ s{^\Q$top\E/}{};
    next if $rel eq 't/0010-figure-numbers.t';  # its examples are wrong on purpose
    my $text = slurp($path);
    for my $passage (passages($rel, $text)) {
        for my $s (sentences($passage)) {
            $claims++ while $s =~ /\b(?:3e|Figures?)\s+17\.\d+/g;
            push @problems, check_sentence($rel, $s);
        }
    }
}
ok($claims >= 40, "the tree cites the book's figures ($claims claims)");
is(scalar @problems, 0, 'every figure number in a comment, makefile or test is the 3e\'s, the 2e cited by section')
    or diag(join "\n", @problems);

# ---- the checker catches what it must ---------------------------------------
is(scalar check_sentence('x', 'recv_fd.c - receive a descriptor (book: 3e Figure 17.13).'), 1,
   'the checker refuses recv_fd as Figure 17.13');
is(scalar check_sentence('x', 'the poll loop (book: 3e Figure 17.31).'), 1,
   'the checker refuses the poll loop as Figure 17.31');
is(scalar check_sentence('x', 'send_fd/recv_fd (3e Figures 17.12-17.13).'), 1,
   'the checker refuses a range one off');
is(scalar check_sentence('x', 'recv_fd (2e Figure 17.15)'), 1,
   'the checker refuses the 2e cited by number');
is(scalar check_sentence('x', 'send_fd (3e Figure 17.13; 2e §17.4.2) and cli_conn (3e Figure 17.10).'), 0,
   'the checker accepts a right claim');
is(scalar check_sentence('x', 'The book\'s diagrams (3e Figures 17.1, 17.6, 17.7, 17.11).'), 0,
   'the checker accepts the diagrams cited together');
ok(scalar check_sentence('x', 'The book\'s diagrams (3e Figures 17.1, 17.8).') > 0,
   '... but not a figure with code among them');

# ---- the README's figure index ----------------------------------------------
my $readme = slurp("$top/README.md");
my ($index) = $readme =~ /^## Figure index\n(.*?)(?=^## )/ms;
ok(defined $index, 'README.md has a figure index');
$index //= '';
my (%row, @bad_rows, %streams_row);
for my $line (split /\n/, $index) {
    next unless $line =~ /^\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|$/;
    my ($fig, $what, $files) = ($1, $2, $3);
    next if $fig eq 'book figure' || $fig =~ /^-+$/;
    push @bad_rows, check_sentence("README index row \"$fig\"", "$fig $what $files");
    if ($fig =~ /^3e (17\.\d+)$/) {
        my $f = $1;
        push @bad_rows, "README: two rows for 3e $f" if $row{$f}++;
        push @bad_rows, "README: 3e $f is $FIG{$f}[0]; its row says \"$what\""
            unless $FIG{$f} && "$what $files" =~ $FIG{$f}[1];
    }
    if ($fig =~ /^2e §(17\.[\d.]+), .*?`?(\w+)`?/) {
        my ($section, $rest) = ($1, $fig);
        for my $fn (keys %STREAMS_2E) {
            next unless $rest =~ /\b\Q$fn\E\b/;
            $streams_row{$fn} = 1;
            push @bad_rows, "README: the 2e's STREAMS $fn is in §$STREAMS_2E{$fn}, not §$section"
                unless $section eq $STREAMS_2E{$fn};
        }
    }
    for my $path ($files =~ /`([^`\s]+\/[^`\s]+)(?:\s[^`]*)?`/g) {
        my $source = $path =~ /\.[ch]$/ ? $path : "$path.c";
        push @bad_rows, "README: row \"$fig\" names $path, which is not in the tree"
            unless -e "$top/$source" || -e "$top/$path";
    }
}
is(join(' ', grep { !$row{$_} } sort { minor($a) <=> minor($b) } keys %FIG), '',
   'the index has a row for every 3e figure 17.1-17.31');
is(join(' ', grep { !$streams_row{$_} } sort keys %STREAMS_2E), '',
   'the index has a row for each of the 2e\'s STREAMS functions');
my @undrawn = grep { $index !~ /^\| 3e \Q$_\E \| diagram: [^|]*\| [^|]*`beyond\/diagrams \Q$_\E`/m } @DIAGRAMS;
is("@undrawn", '', 'each diagram\'s row says where it is drawn (beyond/diagrams FIGURE)');
is(scalar @bad_rows, 0, 'every row of the index agrees with the book')
    or diag(join "\n", @bad_rows);

# ---- NOTES.md: headings that name figures ------------------------------------
SKIP: {
    skip 'no NOTES.md', 1 unless -f "$top/NOTES.md";
    my @bad;
    for my $h (slurp("$top/NOTES.md") =~ /^(#+ .*)$/mg) {
        push @bad, check_sentence('NOTES.md heading', $h);
    }
    is(scalar @bad, 0, 'NOTES.md: every heading that names a figure names the right one')
        or diag(join "\n", @bad);
}

# ---- references to a document's headings ------------------------------------
# A source file points a reader at a document as FILE.md, "Heading" (or the
# whole document, FILE.md alone): the heading must exist there, so a
# renamed section cannot leave a reference dangling.  "Heading" may be the
# start of a heading up to its colon or comma ("Figure 17.14" for
# "Figure 17.14: `recv_fd`"); backquotes do not count.  Any other way of naming a part
# ("NOTES.md, section 10", "NOTES.md (Figure 17.14)") cannot be checked
# and is refused.
my %headings_of;
sub headings_of {
    my ($doc) = @_;
    return $headings_of{$doc} //= do {
        my @h;
        if (-f "$top/$doc") {
            for (slurp("$top/$doc") =~ /^#+\s+(.*?)\s*$/mg) {
                (my $h = $_) =~ tr/`//d;
                push @h, $h;
            }
        }
        \@h;
    };
}

# The problems of the references in one passage of text.
sub check_references {
    my ($where, $text) = @_;
    my @bad;
    $text =~ s/\s+/ /g;
    while ($text =~ m{(?<![\$\w./-])((?:[\w.-]+/)*(?:NOTES|README)\.md|\bREADME\b)(?=(, ?"[^"]*"|, ?\S+| ?\(\S+|))}g) {
        my ($doc, $rest) = ($1, $2);
        next if $doc eq 'README' && $rest !~ /^, ?"/;   # the word, not a reference
        $doc = 'README.md' if $doc eq 'README';
        if (!-f "$top/$doc") {
            push @bad, "$where: $doc: no such document";
        } elsif ($rest =~ /^, ?"([^"]*)"/) {
            (my $want = $1) =~ tr/`//d;
            push @bad, "$where: $doc has no heading \"$1\""
                unless grep { $_ eq $want || index($_, "$want:") == 0 || index($_, "$want,") == 0 }
                      @{headings_of($doc)};
        } elsif ($rest ne '' && $rest !~ /^,? ?\((?:the |its )?(?:\d|whole|[a-z]+\)|[a-z]+ )/i
                 && $rest !~ /^, (?:and|or|which|where|so|for|then|with|the|a|an|its|not|each|too|under|as)\b/) {
            push @bad, "$where: $doc$rest: name a heading in quotes (FILE.md, \"Heading\") or the whole document";
        }
    }
    return @bad;
}

my @refs_bad;
my @ref_files = (@files, grep { -f } glob("$top/apue/man/*.3apue"), glob("$top/ch17/man/*.[1-8]"));
for my $path (sort @ref_files) {
    (my $rel = $path) =~ s{^\Q$top\E/}{};
    next if $rel eq 't/0010-figure-numbers.t';  # its examples are wrong on purpose
    my $text = slurp($path);
    my @p = $rel =~ /\.(?:[ch]|t|pm|mk|sh)$/ || $rel eq 'GNUmakefile' ? passages($rel, $text) : ($text);
    push @refs_bad, check_references($rel, $_) for @p;
}
is(scalar @refs_bad, 0, 'every reference to a heading of NOTES.md or a README names one that exists')
    or diag(join "\n", @refs_bad);
is(scalar check_references('x', 'see NOTES.md, "No such heading here"'), 1,
   'the checker refuses a heading NOTES.md does not have');
is(scalar check_references('x', 'the flags (NOTES.md, section 10).'), 1,
   'the checker refuses a section cited by number');
is(scalar check_references('x', 'NOTES.md (Figure 17.14) says why'), 1,
   'the checker refuses a part named in parentheses');
is(scalar check_references('x', 'mistakes (NOTES.md, "Common mistakes when copying the book\'s code").'), 0,
   'the checker accepts a heading NOTES.md has');
is(scalar check_references('x', 'recv_fd (NOTES.md, "Figure 17.14") and apue/streams/README.md.'), 0,
   'the checker accepts a figure\'s heading up to its colon, and a whole document');

# ---- test files' names -------------------------------------------------------
my @bad_names = grep { /fig(?:ure)?[-_]?17\.(\d+)/i && !$FIG{"17.$1"} }
                map { (split m{/})[-1] } glob("$top/t/*.t $top/t/builds/*.t");
is("@bad_names", '', 'no test file is named after a figure the book does not have');

done_testing();
