#!/bin/sh
# scripts/check-layers.sh - the include graph of src/ follows the layers
# declared in scripts/layers.txt (part of make style).
#
# Every #include "path" of a file under src/ that names a file of the tree
# (paths are rooted at src/, or relative to the including file) is an edge
# between two folders: src/domain/<module> for the domain, the file's own
# folder elsewhere (src/web, src/web/dossier, src/cli/demo, ...).  An edge
# is reported, as file:line, when
#   - it goes to a layer of higher rank (core -> domain, domain -> web, ...),
#   - it joins two different layers of equal rank (web -> jobs, cli -> web),
#   - it goes from a domain module to one listed after it,
#   - its folder is not declared (a new top-level folder, a domain module
#     missing from the list),
# unless scripts/layers.txt allows that very include ("allow FILE HEADER").
# Folders of one layer (src/web and src/web/dossier, say) may include each
# other, but the folder graph must have no cycle.  An "allow" line whose
# include no longer exists is reported too: the list may only shrink.
# Exits 1 if anything was reported.
#
# CHECK_ROOT=dir checks another tree (the tests in tests/checks/ use it).
set -eu
cd "${CHECK_ROOT:-$(dirname "$0")/..}"

LAYERS=scripts/layers.txt
[ -f "$LAYERS" ] || { echo "layers: $LAYERS not found" >&2; exit 1; }
files=$(find src -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null | sort)
[ -n "$files" ] || { echo "layers: no files"; exit 0; }

# shellcheck disable=SC2086
perl -e '
use strict;
use warnings;
my ($layers, @files) = @ARGV;
my (%rank, %order, %allow, %allow_used, $bad, $edges);
$bad = 0;
$edges = 0;

open(my $lf, "<", $layers) or die "$layers: $!\n";
my $pos = 0;
while (my $l = <$lf>) {
    next if $l =~ /^\s*(#|$)/;
    my @w = split " ", $l;
    if ($w[0] eq "layer" && @w == 3 && $w[2] =~ /^\d+$/) {
        $rank{$w[1]} = $w[2];
    } elsif ($w[0] eq "domain" && @w == 2) {
        $order{$w[1]} = ++$pos;
    } elsif ($w[0] eq "allow" && @w >= 4) {
        $allow{"$w[1] $w[2]"} = $.;
    } else {
        print "$layers:$.: cannot read this line (layer NAME RANK | domain MODULE | ",
              "allow FILE HEADER REASON)\n";
        $bad++;
    }
}
close($lf);

# The folder ("unit") a path under src/ belongs to, and its layer.
sub unit_of {
    my ($path) = @_;                 # relative to src/
    my @p = split m{/}, $path;
    pop @p;
    return "" unless @p;
    return "domain/$p[1]" if $p[0] eq "domain" && @p >= 2;
    return join("/", @p);
}
sub layer_of { my ($unit) = @_; my ($l) = split m{/}, $unit; return $l // ""; }

# Declared folders.  Reported once each.
my %undeclared;
sub declared {
    my ($unit, $where) = @_;
    my $layer = layer_of($unit);
    my $why;
    if ($unit eq "") {
        $why = "a file directly in src/ belongs to no layer: put it in a layer folder";
    } elsif (!defined $rank{$layer}) {
        $why = "src/$layer is not a layer: declare it in $layers";
    } elsif ($layer eq "domain" && ($unit eq "domain" || !defined $order{(split m{/}, $unit)[1]})) {
        $why = "src/$unit is not in the domain order: add \"domain "
             . ((split m{/}, $unit)[1] // "?") . "\" to $layers below the modules it uses";
    }
    return 1 unless $why;
    print "$where: $why\n" unless $undeclared{$unit}++;
    $bad++ if $undeclared{$unit} == 1;
    return 0;
}

my %graph;        # unit -> { unit -> "file:line" }
for my $file (@files) {
    (my $rel = $file) =~ s{^src/}{};
    my $from = unit_of($rel);
    next unless declared($from, $file);
    open(my $fh, "<", $file) or die "$file: $!\n";
    my $in_comment = 0;
    while (my $line = <$fh>) {
        # Skip includes inside block comments.
        if ($in_comment) { $in_comment = 0 if $line =~ m{\*/}; next; }
        if ($line =~ m{^\s*/\*} && $line !~ m{\*/}) { $in_comment = 1; next; }
        next unless $line =~ /^\s*#\s*include\s*"([^"]+)"/;
        my $inc = $1;
        my $target;
        if (-f "src/$inc") {
            $target = $inc;
        } else {
            (my $dir = $rel) =~ s{[^/]*$}{};
            next unless -f "src/$dir$inc";
            $target = "$dir$inc";
            1 while $target =~ s{[^/]+/\.\./}{};
        }
        my $to = unit_of($target);
        next if $to eq $from;
        $edges++;
        my $where = "$file:$.";
        my $key = "$file $inc";
        if (defined $allow{$key}) { $allow_used{$key} = 1; next; }
        next unless declared($to, $where);
        my ($lf, $lt) = (layer_of($from), layer_of($to));
        my $why;
        if ($rank{$lt} > $rank{$lf}) {
            $why = "src/$lf may not include src/$lt (a higher layer)";
        } elsif ($lf ne $lt && $rank{$lt} == $rank{$lf}) {
            $why = "src/$lf may not include src/$lt (layers of equal rank stay apart)";
        } elsif ($lf eq "domain" && $lt eq "domain") {
            my ($mf, $mt) = ((split m{/}, $from)[1], (split m{/}, $to)[1]);
            $why = "domain/$mf may not include domain/$mt, which comes after it in $layers"
                if $order{$mt} > $order{$mf};
        }
        if ($why) {
            print "$where: includes \"$inc\": $why\n";
            $bad++;
            next;
        }
        $graph{$from}{$to} //= $where;
    }
    close($fh);
}

for my $key (sort { $allow{$a} <=> $allow{$b} } keys %allow) {
    next if $allow_used{$key};
    print "$layers:$allow{$key}: \"allow $key\" matches no include any more: delete the line\n";
    $bad++;
}

# Cycles between folders (Tarjan strongly connected components).
my ($index, @stack, %on, %idx, %low) = (0);
my @cycles;
sub visit {
    my ($v) = @_;
    $idx{$v} = $low{$v} = $index++;
    push @stack, $v;
    $on{$v} = 1;
    for my $w (sort keys %{ $graph{$v} || {} }) {
        if (!defined $idx{$w}) {
            visit($w);
            $low{$v} = $low{$w} if $low{$w} < $low{$v};
        } elsif ($on{$w}) {
            $low{$v} = $idx{$w} if $idx{$w} < $low{$v};
        }
    }
    if ($low{$v} == $idx{$v}) {
        my @c;
        my $w;
        do { $w = pop @stack; $on{$w} = 0; push @c, $w; } while ($w ne $v);
        push @cycles, [sort @c] if @c > 1;
    }
}
for my $v (sort keys %graph) { visit($v) unless defined $idx{$v}; }
for my $c (@cycles) {
    my %in = map { $_ => 1 } @$c;
    print "cycle between folders: ", join(" <-> ", map { "src/$_" } @$c), "\n";
    for my $v (@$c) {
        for my $w (sort keys %{ $graph{$v} }) {
            print "  $graph{$v}{$w}: src/$v -> src/$w\n" if $in{$w};
        }
    }
    $bad++;
}

if ($bad) { print "layers: $bad problem(s)\n"; exit 1; }
my $n = keys %allow;
print "layers: ok ($edges includes between folders, $n allowed for now)\n";
' "$LAYERS" $files
