# icmpv6: message types.
:input;type filter hook input priority 0
:ingress;type filter hook ingress device lo priority 0

*ip6;test-ip6;input
*inet;test-inet;input
*bridge;test-bridge;input
*netdev;test-netdev;ingress

icmpv6 type echo-request;ok
icmpv6 type echo-reply;ok
icmpv6 type destination-unreachable;ok
icmpv6 type packet-too-big;ok
icmpv6 type time-exceeded;ok
icmpv6 type parameter-problem;ok
icmpv6 type mld-listener-query;ok
icmpv6 type mld-listener-report;ok
icmpv6 type mld-listener-done;ok
icmpv6 type nd-router-solicit;ok
icmpv6 type nd-router-advert;ok
icmpv6 type nd-neighbor-solicit;ok
icmpv6 type nd-neighbor-advert;ok
icmpv6 type nd-redirect;ok
icmpv6 type router-renumbering;ok
icmpv6 type 128;ok;icmpv6 type echo-request
icmpv6 type 200;ok
icmpv6 type != echo-request;ok
icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert };ok
icmpv6 type { echo-request, nd-router-advert } accept;ok
icmpv6 type bogus;fail
icmpv6 type 256;fail
icmpv6 type source-quench;fail
