#!/usr/bin/env python3
# nlraw.py: raw netlink requests the tools cannot make, printing the errno
# the kernel answers (OK, ENOSPC, EINVAL, ...).  Used by kernel/tests to pin
# down exactly what the kernel does, independent of nft and conntrack-tools.
#
#   nlraw.py ct-update SRC DST PROTO SPORT DPORT LABELS-HEX [MASK-HEX] [--unspec]
#       IPCTNL_MSG_CT_NEW (no NLM_F_CREATE: update) of the IPv4 connection
#       with that original tuple, carrying CTA_LABELS (and CTA_LABELS_MASK).
#       HEX is the attribute's bytes as the kernel stores them (host order
#       words: bit 0 is "01000000...", bit 127 is "...00000080").
#       --unspec sends nfgen_family AF_UNSPEC instead of AF_INET.
#   nlraw.py ct-create SRC DST PROTO SPORT DPORT LABELS-HEX
#       creates that connection (NLM_F_CREATE, reply tuple reversed,
#       timeout 30 s) with CTA_LABELS.
#   nlraw.py nft-set-label FAMILY TABLE CHAIN VALUE-HEX
#       appends to an existing chain the rule
#       [ immediate reg 1 VALUE ] [ ct set label with reg 1 ]
#       with VALUE of any length (e.g. 17 bytes, to try bit 128).
import errno, socket, struct, sys

NETLINK_NETFILTER = 12
F_REQUEST, F_ACK, F_CREATE, F_APPEND = 0x1, 0x4, 0x400, 0x800
seq = 1


def attr(t, data, nested=False):
    hdr = struct.pack("=HH", 4 + len(data), t | (0x8000 if nested else 0))
    return hdr + data + b"\0" * ((4 - len(data) % 4) % 4)


def msg(mtype, flags, payload, family=socket.AF_INET, res_id=0):
    global seq
    seq += 1
    body = struct.pack("=BBH", family, 0, socket.htons(res_id)) + payload
    return struct.pack("=IHHII", 16 + len(body), mtype, flags, seq, 0) + body


def talk(data, acks):
    """send, return the first nonzero errno among `acks` acks (0 if none)"""
    sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sk.settimeout(2)
    sk.bind((0, 0))
    sk.send(data)
    err, got = 0, 0
    while got < acks:
        buf = sk.recv(65536)
        off = 0
        while off < len(buf):
            ln, typ = struct.unpack_from("=IH", buf, off)
            if typ == 2:  # NLMSG_ERROR
                e = -struct.unpack_from("=i", buf, off + 16)[0]
                got += 1
                if e:
                    err = err or e
                    got = acks
            off += (ln + 3) & ~3
    sk.close()
    return err


def name(e):
    if e == errno.EOPNOTSUPP:
        return "EOPNOTSUPP"
    return errno.errorcode.get(e, str(e)) if e else "OK"


def ct_update(a):
    src, dst, proto, sport, dport, labels = a[:6]
    rest = a[6:]
    unspec = "--unspec" in rest
    rest = [x for x in rest if x != "--unspec"]
    pnum = {"tcp": 6, "udp": 17}[proto]
    ip = attr(1, socket.inet_aton(src)) + attr(2, socket.inet_aton(dst))
    pr = attr(1, bytes([pnum])) + attr(2, struct.pack(">H", int(sport))) + \
        attr(3, struct.pack(">H", int(dport)))
    payload = attr(1, attr(1, ip, True) + attr(2, pr, True), True)
    payload += attr(22, bytes.fromhex(labels))
    if rest:
        payload += attr(23, bytes.fromhex(rest[0]))
    fam = socket.AF_UNSPEC if unspec else socket.AF_INET
    m = msg((1 << 8) | 0, F_REQUEST | F_ACK, payload, fam)  # CTNETLINK, CT_NEW
    return talk(m, 1)


def ct_create(a):
    src, dst, proto, sport, dport, labels = a[:6]
    pnum = {"tcp": 6, "udp": 17}[proto]

    def tup(t, s_, d_, sp, dp):
        ip = attr(1, socket.inet_aton(s_)) + attr(2, socket.inet_aton(d_))
        pr = attr(1, bytes([pnum])) + attr(2, struct.pack(">H", int(sp))) + \
            attr(3, struct.pack(">H", int(dp)))
        return attr(t, attr(1, ip, True) + attr(2, pr, True), True)
    payload = tup(1, src, dst, sport, dport) + tup(2, dst, src, dport, sport)
    payload += attr(7, struct.pack(">I", 30)) + attr(22, bytes.fromhex(labels))
    m = msg((1 << 8) | 0, F_REQUEST | F_ACK | F_CREATE, payload)
    return talk(m, 1)


def nft_set_label(a):
    fam = {"ip": 2, "inet": 1, "ip6": 10}[a[0]]
    table, chain, value = a[1], a[2], bytes.fromhex(a[3])
    s = lambda x: x.encode() + b"\0"
    u32 = lambda x: struct.pack(">I", x)
    imm = attr(1, u32(1)) + attr(2, attr(1, value), True)
    ct = attr(2, u32(13)) + attr(4, u32(1))  # NFT_CT_LABELS, SREG reg 1
    exprs = attr(1, attr(1, s("immediate")) + attr(2, imm, True), True) + \
        attr(1, attr(1, s("ct")) + attr(2, ct, True), True)
    nfnl = 10 << 8
    msgs = [msg(0x10, F_REQUEST, b"", socket.AF_UNSPEC, 10),
            msg(nfnl | 6, F_REQUEST | F_CREATE | F_APPEND | F_ACK,
                attr(1, s(table)) + attr(2, s(chain)) + attr(4, exprs, True), fam),
            msg(0x11, F_REQUEST, b"", socket.AF_UNSPEC, 10)]
    return talk(b"".join(msgs), 1)


cmd = sys.argv[1]
if cmd == "ct-update":
    print(name(ct_update(sys.argv[2:])))
elif cmd == "ct-create":
    print(name(ct_create(sys.argv[2:])))
elif cmd == "nft-set-label":
    print(name(nft_set_label(sys.argv[2:])))
else:
    sys.exit("usage: see the header of " + sys.argv[0])
