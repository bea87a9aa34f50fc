# syntax and value errors that every family must refuse without changing
# the ruleset.
:input;type filter hook input priority 0

*ip;test-ip4;input
*ip6;test-ip6;input
*inet;test-inet;input

bogus;fail
ct state established extra-word;fail
ct state;fail
"quoted";fail
tcp dport 22 accept drop;fail
meta mark 0x1 0x2;fail
{ 22, 80 };fail
tcp dport { 22, 80;fail
tcp dport 22 };fail
ip saddr 1.2.3.4 ip saddr;fail
counter counter counter packets;fail
log prefix "unterminated;fail
ct label "web;fail
ct mark 0x1 ==;fail
