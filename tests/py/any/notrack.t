# notrack: only in prerouting and output hooks, at raw priority.
:prerouting;type filter hook prerouting priority -300
:output;type filter hook output priority -300

*ip;test-ip4;prerouting,output
*ip6;test-ip6;prerouting,output
*inet;test-inet;prerouting,output

notrack;ok
udp dport 53 notrack;ok
notrack accept;ok
notrack bogus;fail
