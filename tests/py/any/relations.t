# relations: implicit and explicit operators, ranges, prefixes, bitmask
# lists, binary operations on the left, anonymous sets, several matches.
:input;type filter hook input priority 0

*ip;test-ip4;input
*ip6;test-ip6;input
*inet;test-inet;input

# operators on an integer key
meta mark 0x10;ok;meta mark 0x00000010
meta mark == 0x10;ok;meta mark 0x00000010
meta mark eq 0x10;ok;meta mark 0x00000010
meta mark != 0x10;ok;meta mark != 0x00000010
meta mark ne 0x10;ok;meta mark != 0x00000010
meta mark < 0x10;ok;meta mark < 0x00000010
meta mark lt 0x10;ok;meta mark < 0x00000010
meta mark > 0x10;ok;meta mark > 0x00000010
meta mark gt 0x10;ok;meta mark > 0x00000010
meta mark <= 0x10;ok;meta mark <= 0x00000010
meta mark le 0x10;ok;meta mark <= 0x00000010
meta mark >= 0x10;ok;meta mark >= 0x00000010
meta mark ge 0x10;ok;meta mark >= 0x00000010
meta mark =! 0x10;fail
meta mark <> 0x10;fail
meta mark == ;fail

# ranges
meta length 64-128;ok
meta length != 64-128;ok
meta length 128-64;fail
meta skuid 1000-1000;ok

# bitmask types: comma lists match any of the bits
ct state established,related;ok
ct state new,untracked;ok
ct status assured,confirmed;ok
ct state != established,related;ok;ct state != established | related
ct state established ct status assured;ok

# binary operations on the left
ct mark and 0xff == 0x1;ok;ct mark & 0x000000ff == 0x00000001
ct mark and 0xff0000 != 0x0;ok;ct mark & 0x00ff0000 != 0x00000000
ct mark or 0x1 == 0x1;ok;ct mark | 0x00000001 == 0x00000001
meta mark and 0xf == 0x1;ok;meta mark & 0x0000000f == 0x00000001
meta mark & 0xff00 == 0x100;ok;meta mark & 0x0000ff00 == 0x00000100
meta mark | 0x1 != 0x1;ok;meta mark | 0x00000001 != 0x00000001

# anonymous sets
meta mark { 0x1, 0x2, 0x3 };ok;meta mark { 0x00000001, 0x00000002, 0x00000003 }
meta mark != { 0x1, 0x2 };ok;meta mark != { 0x00000001, 0x00000002 }
meta length { 64-128, 1500 };ok
meta skuid { 0, 1000-1999 };ok
ct direction { original, reply };ok
meta mark { };fail
# a one-element anonymous set becomes a plain comparison
meta mark { 0x1, };ok;meta mark 0x00000001
meta mark { 0x1 };ok;meta mark 0x00000001

# several matches in one rule
meta l4proto tcp tcp dport 22 ct state new accept;ok;tcp dport 22 ct state new accept
ct state new meta mark 0x1 meta skuid 0 counter;ok;ct state new meta mark 0x00000001 meta skuid 0 counter
tcp dport { 22, 80 } ct state new,established counter accept;ok;tcp dport { 22, 80 } ct state established,new counter accept
