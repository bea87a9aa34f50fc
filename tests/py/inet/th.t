# th: transport header ports of tcp, udp, sctp, dccp and udplite alike.
:input;type filter hook input priority 0
:ingress;type filter hook ingress device lo priority 0

*ip;test-ip4;input
*ip6;test-ip6;input
*inet;test-inet;input
*bridge;test-bridge;input
*netdev;test-netdev;ingress

th dport 22;ok
th sport 1024;ok
th dport != 22;ok
th dport 1-1024;ok
th dport { 53, 123 };ok
th dport > 1023;ok
meta l4proto tcp th dport 22;ok;tcp dport 22
meta l4proto udp th dport 53;ok;udp dport 53
meta l4proto { tcp, udp } th dport 53;ok;meta l4proto { 6, 17 } th dport 53
th dport 65536;fail
th bogus 1;fail
