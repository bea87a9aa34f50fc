# conntrack statements: ct mark set and ct label set with other statements.
:input;type filter hook input priority 0
:other

*ip;test-ip4;input
*ip6;test-ip6;input
*inet;test-inet;input

ct mark set 0x1 accept;ok;ct mark set 0x00000001 accept
ct state new ct mark set meta mark;ok
meta mark set ct mark;ok
ct state new ct label set web counter accept;ok;ct state new ct label set "web" counter accept
ct label set quarantine drop;ok;ct label set "quarantine" drop
ct label set web jump other;ok;ct label set "web" jump other
ct label set last log prefix "marked ";ok;ct label set "last" log prefix "marked "
ct state new ct label set web,voip comment "new web call";ok;ct state new ct label set "web" | "voip" comment "new web call"
