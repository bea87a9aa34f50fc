# udp: ports.
:input;type filter hook input priority 0
:ingress;type filter hook ingress device lo priority 0

*ip;test-ip4;input
*ip6;test-ip6;input
*inet;test-inet;input
*bridge;test-bridge;input
*netdev;test-netdev;ingress

udp dport 53;ok
udp dport domain;ok;udp dport 53
udp dport ntp;ok;udp dport 123
udp sport 68;ok
udp dport != 53;ok
udp dport 1-1024;ok
udp dport != 1-1024;ok
udp dport < 1024;ok
udp dport >= 1024;ok
udp dport { 53, 67, 123 };ok
udp sport { 67-68, 123 };ok
udp dport 53 accept;ok
udp dport 65536;fail
udp dport no-such-service;fail
udp bogus 1;fail
