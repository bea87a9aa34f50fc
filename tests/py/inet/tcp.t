# tcp: ports and flags; every family adds the meta l4proto tcp dependency,
# bridge and netdev have no layer 4 context of their own either.
:input;type filter hook input priority 0
:ingress;type filter hook ingress device lo priority 0

*ip;test-ip4;input
*ip6;test-ip6;input
*inet;test-inet;input
*bridge;test-bridge;input
*netdev;test-netdev;ingress

tcp dport 22;ok
tcp dport ssh;ok;tcp dport 22
tcp dport http;ok;tcp dport 80
tcp dport https;ok;tcp dport 443
tcp sport 1024;ok
tcp sport 0;ok
tcp sport 65535;ok
tcp dport != 22;ok
tcp dport 1-1024;ok
tcp dport != 1-1024;ok
tcp dport 1024-65535;ok
tcp dport < 1024;ok
tcp dport > 1023;ok
tcp dport <= 1023;ok
tcp dport >= 1024;ok
tcp dport { 22, 80, 443 };ok
tcp dport { ssh, http, https };ok;tcp dport { 22, 80, 443 }
tcp sport { 1-1023, 8080 };ok
tcp dport != { 22, 23 };ok
tcp dport ssh accept;ok;tcp dport 22 accept
tcp sport 1024-65535 tcp dport 22;ok
tcp dport 65536;fail
tcp dport -1;fail
tcp dport no-such-service;fail
tcp dport 100-;fail

# flags: a bitmask
tcp flags syn;ok
tcp flags == syn;ok
tcp flags != syn;ok
tcp flags fin;ok
tcp flags rst;ok
tcp flags psh;ok
tcp flags ack;ok
tcp flags urg;ok
tcp flags ecn;ok
tcp flags cwr;ok
tcp flags syn,ack;ok
tcp flags { syn, ack };ok
tcp flags & (syn|ack) == syn;ok;tcp flags syn / syn,ack
tcp flags & (fin|syn|rst|ack) != syn;ok;tcp flags != syn / fin,syn,rst,ack
tcp flags & syn == syn;ok
tcp flags syn / syn,ack;ok
tcp flags syn,ack / syn,ack,fin,rst;ok;tcp flags syn,ack / fin,syn,rst,ack
tcp flags bogus;fail
tcp flags syn,bogus;fail

tcp bogus 1;fail
