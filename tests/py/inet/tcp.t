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

# payload merging: `tcp sport 1 tcp dport 2` loads 4 bytes once (upstream),
# but matches whose meaning a merge would change stay apart:
# DIFF: upstream 1.0.6 merges the implicit bitmask match into one load and
# DIFF: compares `flags == syn` (a packet with syn,ack no longer matches); we
# DIFF: keep the bit test (bitwise + cmp neq 0) and a separate window match.
tcp flags syn tcp window 5;ok
# DIFF: upstream merges the two != into (sport,dport) != (1,2), which lets
# DIFF: sport 1 dport 3 through; we keep two compares (both must differ).
tcp sport != 1 tcp dport != 2;ok
tcp sport 1 tcp dport 2;ok
