# ct: conntrack matches and ct mark set (labels are in labels.t).
:input;type filter hook input priority 0
:output;type filter hook output priority 0

*ip;test-ip4;input
*ip6;test-ip6;input
*inet;test-inet;input

# state: a bitmask, names or comma lists
ct state new;ok
ct state established;ok
ct state related;ok
ct state invalid;ok
ct state untracked;ok
ct state established,related;ok
ct state new,established,related,invalid,untracked;ok;ct state invalid,established,related,new,untracked
ct state related,established;ok;ct state established,related
ct state != established;ok
ct state != new,invalid;ok;ct state != invalid | new
ct state == new;ok
ct state { new, established };ok;ct state { established, new }
ct state 0x8;ok;ct state new
ct state established accept;ok
ct state invalid drop;ok
ct state bogus;fail
ct state;fail
ct state established,bogus;fail
ct state new,;fail

# status
ct status expected;ok
ct status seen-reply;ok
ct status assured;ok
ct status confirmed;ok
ct status snat;ok
ct status dnat;ok
ct status dying;ok
ct status snat,dnat;ok
ct status != dying;ok
ct status expected,seen-reply,assured;ok
ct status bogus;fail

# direction
ct direction original;ok
ct direction reply;ok
ct direction != original;ok
ct direction { original, reply };ok
ct direction sideways;fail
ct direction orig;fail

# mark
ct mark 0x1;ok;ct mark 0x00000001
ct mark 42;ok;ct mark 0x0000002a
ct mark 0x00000032;ok
ct mark != 0x1;ok;ct mark != 0x00000001
ct mark > 0x10;ok;ct mark > 0x00000010
ct mark < 0x10;ok;ct mark < 0x00000010
ct mark >= 0x10;ok;ct mark >= 0x00000010
ct mark <= 0x10;ok;ct mark <= 0x00000010
ct mark 0x10-0x20;ok;ct mark 0x00000010-0x00000020
ct mark != 0x10-0x20;ok;ct mark != 0x00000010-0x00000020
ct mark and 0xff == 0x1;ok;ct mark & 0x000000ff == 0x00000001
ct mark & 0xff == 0x1;ok;ct mark & 0x000000ff == 0x00000001
ct mark & 0xff != 0x1;ok;ct mark & 0x000000ff != 0x00000001
ct mark or 0x3 == 0x3;ok;ct mark | 0x00000003 == 0x00000003
# xor with a constant is folded into the value
ct mark xor 0x3 == 0x1;ok;ct mark 0x00000002
ct mark { 0x1, 0x2, 0xa };ok;ct mark { 0x00000001, 0x00000002, 0x0000000a }
ct mark 0xffffffff;ok
ct mark 0x100000000;fail
ct mark -1;fail
ct mark foo;fail

# zone
ct zone 1;ok
ct zone 65535;ok
ct zone != 10;ok
ct zone 1-100;ok
ct zone 65536;fail
ct original zone 1;ok
ct reply zone 1;ok

# l3proto, protocol
ct l3proto ipv4;ok
ct l3proto ipv6;ok
ct l3proto != ipv4;ok
ct protocol tcp;ok;ct protocol 6
ct protocol udp;ok;ct protocol 17
ct protocol 6;ok
ct protocol { tcp, udp };ok;ct protocol { 6, 17 }
ct original protocol tcp;ok;ct protocol 6
ct protocol bogus;fail

# ct mark set
ct mark set 0x1;ok;ct mark set 0x00000001
ct mark set 42;ok;ct mark set 0x0000002a
ct mark set 0xffffffff;ok
ct mark set meta mark;ok
ct mark set 0x100000000;fail
ct mark set foo;fail
ct state established ct mark set 0x2;ok;ct state established ct mark set 0x00000002

# unknown keys
ct bogus 1;fail
ct;fail

# helper: a whole name is compared on all 16 bytes (upstream)
ct helper "ftp";ok
ct helper != "ftp";ok
ct helper "0123456789abcdef";fail

# set statements: the same type, or a plain integer into an integer key
ct mark set ct zone;ok
meta mark set meta cpu;ok
meta priority set ct mark;fail
ct zone set ct mark;fail

# expiration: relative time in milliseconds, a bare number is seconds
ct expiration 30;ok;ct expiration 30s
ct expiration 90;ok;ct expiration 1m30s
ct expiration 10-20;ok;ct expiration 10s-20s
ct mark set ct expiration;fail
