# ip6: IPv6 header fields.  inet, bridge and netdev add a protocol dependency.
:input;type filter hook input priority 0
:ingress;type filter hook ingress device lo priority 0

*ip6;test-ip6;input
*inet;test-inet;input
*bridge;test-bridge;input
*netdev;test-netdev;ingress

ip6 saddr ::1;ok
ip6 saddr 2001:db8::1;ok
ip6 daddr fe80::1;ok
ip6 saddr != ::1;ok
ip6 saddr 2001:db8::/32;ok
ip6 daddr fe80::/10;ok
ip6 saddr 2001:db8::/64;ok
ip6 saddr 2001:db8::1/64;ok;ip6 saddr 2001:db8::/64
ip6 saddr != 2001:db8::/32;ok
ip6 saddr 2001:db8::1-2001:db8::ff;ok
ip6 daddr { ::1, 2001:db8::1 };ok
ip6 saddr 2001:db8:0:0:0:0:0:1;ok;ip6 saddr 2001:db8::1
ip6 saddr ::ffff:192.168.0.1;ok
ip6 saddr 2001:db8::/129;fail
ip6 saddr 10.0.0.1;fail
ip6 saddr 2001:db8:::1;fail

ip6 nexthdr tcp;ok;ip6 nexthdr 6
ip6 nexthdr udp;ok;ip6 nexthdr 17
ip6 nexthdr icmpv6;ok;ip6 nexthdr 58
ip6 nexthdr != tcp;ok;ip6 nexthdr != 6
ip6 nexthdr { tcp, udp };ok;ip6 nexthdr { 6, 17 }
ip6 nexthdr 132;ok
ip6 nexthdr bogus;fail

ip6 hoplimit 64;ok
ip6 hoplimit 1;ok
ip6 hoplimit != 255;ok
ip6 hoplimit < 10;ok
ip6 hoplimit > 100;ok
ip6 hoplimit 1-10;ok
ip6 hoplimit { 1, 255 };ok
ip6 hoplimit 256;fail

ip6 bogus 1;fail
