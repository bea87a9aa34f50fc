# icmp: message types.
:input;type filter hook input priority 0
:ingress;type filter hook ingress device lo priority 0

*ip;test-ip4;input
*inet;test-inet;input
*bridge;test-bridge;input
*netdev;test-netdev;ingress

icmp type echo-request;ok
icmp type echo-reply;ok
icmp type destination-unreachable;ok
icmp type source-quench;ok
icmp type redirect;ok
icmp type time-exceeded;ok
icmp type parameter-problem;ok
icmp type timestamp-request;ok
icmp type timestamp-reply;ok
icmp type info-request;ok
icmp type info-reply;ok
icmp type address-mask-request;ok
icmp type address-mask-reply;ok
icmp type router-advertisement;ok
icmp type router-solicitation;ok
icmp type 8;ok;icmp type echo-request
icmp type 100;ok
icmp type != echo-request;ok
icmp type { echo-request, echo-reply };ok;icmp type { echo-reply, echo-request }
icmp type echo-request accept;ok
icmp type bogus;fail
icmp type 256;fail
icmp type nd-neighbor-solicit;fail
