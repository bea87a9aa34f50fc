# ip: IPv4 header fields.  inet, bridge and netdev add a protocol dependency.
:input;type filter hook input priority 0
:ingress;type filter hook ingress device lo priority 0

*ip;test-ip4;input
*inet;test-inet;input
*bridge;test-bridge;input
*netdev;test-netdev;ingress

# addresses, prefixes, ranges, sets
ip saddr 192.168.1.1;ok
ip saddr != 192.168.1.1;ok
ip daddr 10.0.0.1;ok
ip saddr 10.0.0.0/8;ok
ip daddr 172.16.0.0/12;ok
ip saddr 192.168.0.0/24;ok
ip saddr 192.168.0.1/24;ok;ip saddr 192.168.0.0/24
ip saddr != 10.0.0.0/8;ok
ip saddr 0.0.0.0/0;ok;ip saddr 0.0.0.0/0
ip saddr 10.0.0.1-10.0.0.100;ok
ip daddr != 10.0.0.1-10.0.0.100;ok
ip saddr { 10.0.0.1, 10.0.0.2 };ok
ip daddr { 10.0.0.0/8, 192.168.0.0/16 };ok
ip saddr 192.168.1.256;fail
ip saddr 10.0.0.0/33;fail
ip saddr ::1;fail
ip saddr foo.invalid;fail

# protocol
ip protocol tcp;ok;ip protocol 6
ip protocol udp;ok;ip protocol 17
ip protocol icmp;ok;ip protocol 1
ip protocol 47;ok
ip protocol != tcp;ok;ip protocol != 6
ip protocol { tcp, udp, icmp };ok;ip protocol { 1, 6, 17 }
ip protocol bogus;fail
ip protocol 256;fail

# ttl
ip ttl 64;ok
ip ttl 1;ok
ip ttl != 255;ok
ip ttl < 10;ok
ip ttl > 128;ok
ip ttl <= 1;ok
ip ttl >= 200;ok
ip ttl 1-10;ok
ip ttl { 1, 64, 128, 255 };ok
ip ttl 256;fail

# length
ip length 40;ok
ip length 1500;ok
ip length != 1500;ok
ip length 0-100;ok
ip length > 1000;ok
ip length 65536;fail

ip bogus 1;fail
