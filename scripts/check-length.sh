#!/bin/sh
# scripts/check-length.sh - function-length ceiling for src/ and tests/unit/
# (part of make style).
#
# A function's length is the number of lines from the line holding its name
# to its closing brace, both included.  A small parser finds them: outside
# comments, literals and preprocessor lines, a "{" at brace depth 0 whose
# declaration has a parameter list and no "=" opens a function body.  The
# ceiling is MAX_LINES (125).
#
# Functions that were over the ceiling when it came in are listed in
# scripts/long-functions.txt ("length file function", one per line) and may
# only shrink:
#   - a function over the ceiling that is not listed fails;
#   - a listed function longer than its listed length fails;
#   - a listed function that shrank, or is now under the ceiling, or is
#     gone, fails with the line to write instead (the list stays exact, so
#     nothing can grow back to its old length).
# Exits 1 on any of these; prints "length: ok (...)" otherwise.
#
# CHECK_ROOT=dir checks another tree (the tests in tests/checks/ use it).
set -eu
cd "${CHECK_ROOT:-$(dirname "$0")/..}"

MAX_LINES=${MAX_LINES:-125}
LIST=scripts/long-functions.txt

files=$(find src tests/unit -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null | sort)
[ -n "$files" ] || { echo "length: no files"; exit 0; }

# shellcheck disable=SC2086
perl -CSD -e '
my ($max, $list, @files) = @ARGV;
my %len;                 # "file function" -> length
for my $file (@files) {
    open(my $fh, "<:encoding(UTF-8)", $file) or die "$file: $!\n";
    my @lines = <$fh>;
    close($fh);
    my ($in_comment, $in_macro, $depth) = (0, 0, 0);
    my $decl = "";           # top-level text since the last ";" or "}"
    my @decl_lines;          # line number of each character of $decl
    my ($name, $start);      # the function being measured
    for my $i (0 .. $#lines) {
        my $line = $lines[$i];
        my $n = $i + 1;
        # Code only: drop comments, literals and preprocessor lines.
        my $is_pp = $in_macro || (!$in_comment && $line =~ /^\s*#/);
        $in_macro = $is_pp && $line =~ /\\\s*\r?\n?\z/;
        next if $is_pp;
        my $code = "";
        my $rest = $line;
        while (length $rest) {
            if ($in_comment) {
                if ($rest =~ s{^.*?\*/}{}) { $in_comment = 0; $code .= " "; } else { $rest = ""; }
            } elsif ($rest =~ s{^/\*}{}) {
                $in_comment = 1;
            } elsif ($rest =~ s{^//.*}{}) {
            } elsif ($rest =~ s{^"(?:[^"\\]|\\.)*"?}{} ||
                     $rest =~ s{^\x27(?:[^\x27\\]|\\.)*\x27?}{}) {
                $code .= "0";
            } else {
                $rest =~ s{^(.)}{}s;
                $code .= $1;
            }
        }
        for my $ch (split //, $code) {
            if ($depth == 0) {
                if ($ch eq "{") {
                    my $text = $decl;
                    $text =~ s/__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)//g;
                    if ($text =~ /\(/ && $text !~ /=/ && $text =~ /(\w+)\s*\(/) {
                        $name = $1;
                        my $at = $-[1];
                        $start = $decl_lines[$at];
                    }
                    $depth = 1;
                    $decl = "";
                    @decl_lines = ();
                } elsif ($ch eq ";") {
                    $decl = "";
                    @decl_lines = ();
                } else {
                    $decl .= $ch;
                    push @decl_lines, $n;
                }
            } elsif ($ch eq "{") {
                $depth++;
            } elsif ($ch eq "}") {
                $depth--;
                if ($depth == 0 && defined $name) {
                    my $key = "$file $name";
                    my $len = $n - $start + 1;
                    # The same static name twice in one file (#if): keep the longest.
                    $len{$key} = $len if !defined $len{$key} || $len > $len{$key};
                    undef $name;
                }
            }
        }
        if ($depth == 0) {
            $decl .= " ";
            push @decl_lines, $n;
        }
    }
}
my %listed;
my $bad = 0;
if (open(my $fh, "<", $list)) {
    while (<$fh>) {
        s/#.*//;
        next unless /\S/;
        my ($n, $file, $name) = split;
        $listed{"$file $name"} = $n;
    }
    close($fh);
}
for my $key (sort keys %len) {
    my $n = $len{$key};
    my ($file, $name) = split / /, $key;
    my $was = $listed{$key};
    if (!defined $was) {
        next if $n <= $max;
        print "$file: $name() is $n lines (ceiling $max): split it\n";
        $bad++;
    } elsif ($n > $was) {
        print "$file: $name() grew to $n lines (listed at $was in $list; ceiling $max)\n";
        $bad++;
    } elsif ($n <= $max) {
        print "$file: $name() is $n lines, under the ceiling: delete its line from $list\n";
        $bad++;
    } elsif ($n < $was) {
        print "$file: $name() shrank to $n lines: write \"$n $file $name\" in $list\n";
        $bad++;
    }
}
for my $key (sort keys %listed) {
    next if defined $len{$key};
    print "$list: \"$listed{$key} $key\" names no function: delete the line\n";
    $bad++;
}
if ($bad) { print "length: $bad problem(s)\n"; exit 1; }
my $count = keys %len;
my $over = keys %listed;
print "length: ok ($count functions, ceiling $max lines, $over listed over it)\n";
' "$MAX_LINES" "$LIST" $files
