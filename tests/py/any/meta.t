# meta: packet metadata matches and meta mark set.
:input;type filter hook input priority 0
:ingress;type filter hook ingress device lo priority 0

*ip;test-ip4;input
*ip6;test-ip6;input
*inet;test-inet;input
*bridge;test-bridge;input
*netdev;test-netdev;ingress
*arp;test-arp;input

# interface names (strings, wildcard with *)
meta iifname "lo";ok;iifname "lo"
meta iifname lo;ok;iifname "lo"
iifname "eth0";ok
iifname != "eth0";ok
iifname "eth*";ok
iifname { "eth0", "lo" };ok;iifname { "lo", "eth0" }
meta oifname "lo";ok;oifname "lo"
oifname "veth-a";ok
oifname != "lo";ok
# 15 characters and the NUL fill the 16 bytes: 16 characters do not fit
iifname "0123456789abcde";ok
iifname "0123456789abcdef";fail
oifname "0123456789abcde";ok
oifname "0123456789abcdef";fail
meta iifname "0123456789abcdef";fail
iifname { "lo", "0123456789abcdef" };fail
iifname "0123456789abcdef*";fail

# interface indexes: the interface must exist ("lo")
meta iif lo;ok;iif "lo"
iif "lo";ok
iif != "lo";ok
meta oif lo;ok;oif "lo"
oif "lo";ok
iif "does-not-exist";fail
oif "does-not-exist";fail

# mark
meta mark 0x4;ok;meta mark 0x00000004
mark 0x4;ok;meta mark 0x00000004
meta mark != 0x4;ok;meta mark != 0x00000004
meta mark 0x10-0x20;ok;meta mark 0x00000010-0x00000020
meta mark and 0x3 == 0x1;ok;meta mark & 0x00000003 == 0x00000001
meta mark or 0x3 != 0x1;ok;meta mark | 0x00000003 != 0x00000001
meta mark { 0x1, 0x2 };ok;meta mark { 0x00000001, 0x00000002 }
meta mark > 0x10;ok;meta mark > 0x00000010
meta mark 0x100000000;fail
meta mark foo;fail

# l4proto, protocol
meta l4proto tcp;ok;meta l4proto 6
meta l4proto udp;ok;meta l4proto 17
meta l4proto 47;ok
meta l4proto != tcp;ok;meta l4proto != 6
meta l4proto { tcp, udp };ok;meta l4proto { 6, 17 }
meta l4proto bogus;fail
meta l4proto 256;fail
meta protocol ip;ok
meta protocol ip6;ok
meta protocol arp;ok
meta protocol != ip;ok
meta protocol { ip, ip6 };ok
meta protocol bogus;fail

# sockets
meta skuid 0;ok
meta skuid 1000;ok
meta skuid != 0;ok
meta skuid 1000-2000;ok
meta skuid root;ok;meta skuid 0
meta skgid 0;ok
meta skgid 100;ok
meta skgid root;ok;meta skgid 0
meta skuid no-such-user-xyz;fail
meta skgid no-such-group-xyz;fail

# length
meta length 1000;ok
meta length 100-200;ok
meta length > 1500;ok
meta length < 64;ok
meta length != 40;ok
meta length { 40, 60, 1500 };ok
meta length 0x100000000;fail

# unknown
meta bogus 1;fail
meta;fail
