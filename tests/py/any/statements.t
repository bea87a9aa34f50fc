# statements: verdicts, jump/goto to a regular chain, counter, log,
# ct/meta mark set, comments.
:input;type filter hook input priority 0
:ingress;type filter hook ingress device lo priority 0
:other
:target-2

*ip;test-ip4;input
*ip6;test-ip6;input
*inet;test-inet;input
*bridge;test-bridge;input
*netdev;test-netdev;ingress
*arp;test-arp;input

# verdicts
accept;ok
drop;ok
continue;ok
return;ok
jump other;ok
goto other;ok
jump target-2;ok
goto target-2;ok
iifname "lo" jump other;ok
iifname "lo" goto other;ok
jump no-such-chain;fail
goto no-such-chain;fail
jump;fail
queue-or-die;fail
accept accept;fail
accept drop;fail
accept counter;fail

# counter
counter;ok
counter packets 0 bytes 0;ok;counter
counter accept;ok
iifname "lo" counter accept;ok
counter packets;fail

# log
log;ok
log prefix "input: ";ok
log prefix "blocked ";ok
log level warn;ok;log
log level emerg;ok
log level alert;ok
log level crit;ok
log level err;ok
log level notice;ok
log level info;ok
log level debug;ok
log prefix "x" level info;ok
log prefix "ssh " counter accept;ok
log level bogus;fail
log prefix;fail

# mark set
meta mark set 0x1;ok;meta mark set 0x00000001
meta mark set 42;ok;meta mark set 0x0000002a
mark set 0x1;ok;meta mark set 0x00000001
meta mark set 0x100000000;fail
meta mark set bogus;fail

# comments follow a statement or a match
counter comment "count all";ok
accept comment "this is a comment";ok
iifname "lo" accept comment "loopback";ok
drop comment "a, b; c";ok
comment "alone";fail
accept comment;fail
