# meta nfproto: the layer 3 family of the packet, meaningful in inet tables.
:input;type filter hook input priority 0

*inet;test-inet;input

meta nfproto ipv4;ok
meta nfproto ipv6;ok
meta nfproto != ipv4;ok
meta nfproto { ipv4, ipv6 };ok
meta nfproto 2;ok;meta nfproto ipv4
meta nfproto bogus;fail
