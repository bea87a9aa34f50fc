#!/usr/bin/env python3
# ct-expr-errno.py: sends raw nf_tables batches with a ct expression and
# prints the errno the kernel answers, one line per case:  NAME ERRNO-NAME
# Used by kernel/tests/ct-expr-errors.sh to pin down how the kernel refuses
# a ct key it does not support (run it inside a scratch network namespace).
import errno, os, socket, struct

NFNL_SUBSYS_NFTABLES = 10
NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END = 0x10, 0x11
NEWTABLE, NEWCHAIN, NEWRULE = 0, 3, 6
F_REQUEST, F_ACK, F_CREATE, F_APPEND = 0x1, 0x4, 0x400, 0x800
NFT_CT_STATE, NFT_CT_LABELS = 0, 13
NFT_REG_1, NFT_REG32_15 = 1, 23
seq = 1


def attr(t, data, nested=False):
    hdr = struct.pack("=HH", 4 + len(data), t | (0x8000 if nested else 0))
    pad = b"\0" * ((4 - len(data) % 4) % 4)
    return hdr + data + pad


def s(x):
    return x.encode() + b"\0"


def u32(x):
    return struct.pack(">I", x)


def msg(mtype, flags, payload, family=socket.AF_INET, res_id=0):
    global seq
    seq += 1
    body = struct.pack("=BBH", family, 0, socket.htons(res_id)) + payload
    return struct.pack("=IHHII", 16 + len(body), mtype, flags, seq, 0) + body


def nft(m):
    return (NFNL_SUBSYS_NFTABLES << 8) | m


def ct_expr(key, reg, is_set):
    data = attr(2, u32(key)) + attr(4 if is_set else 1, u32(reg))
    return attr(1, attr(1, s("ct")) + attr(2, data, True), True)


def batch(expr):
    """table ip t, chain c, one rule made of expr; returns the errno of the
    first failing message, 0 if all succeeded (then the table is deleted)."""
    msgs = [msg(NFNL_MSG_BATCH_BEGIN, F_REQUEST, b"", socket.AF_UNSPEC, NFNL_SUBSYS_NFTABLES),
            msg(nft(NEWTABLE), F_REQUEST | F_CREATE | F_ACK, attr(1, s("t"))),
            msg(nft(NEWCHAIN), F_REQUEST | F_CREATE | F_ACK, attr(1, s("t")) + attr(3, s("c"))),
            msg(nft(NEWRULE), F_REQUEST | F_CREATE | F_APPEND | F_ACK,
                attr(1, s("t")) + attr(2, s("c")) + attr(4, expr, True)),
            msg(NFNL_MSG_BATCH_END, F_REQUEST, b"", socket.AF_UNSPEC, NFNL_SUBSYS_NFTABLES)]
    sk = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)  # NETLINK_NETFILTER
    sk.settimeout(2)
    sk.bind((0, 0))
    sk.send(b"".join(msgs))
    err = 0
    acks = 0
    while acks < 3:
        data = sk.recv(65536)
        off = 0
        while off < len(data):
            ln, typ = struct.unpack_from("=IH", data, off)
            if typ == 2:  # NLMSG_ERROR
                e = -struct.unpack_from("=i", data, off + 16)[0]
                acks += 1
                if e and not err:
                    err = e
                if e:
                    acks = 3
            off += (ln + 3) & ~3
    sk.close()
    return err


def name(e):
    if e == errno.EOPNOTSUPP:
        return "EOPNOTSUPP"  # == ENOTSUP on Linux
    return errno.errorcode.get(e, str(e)) if e else "OK"


def immediate16(reg, value):
    data = attr(1, u32(reg)) + attr(2, attr(1, value), True)
    return attr(1, attr(1, s("immediate")) + attr(2, data, True), True)


cases = [
    ("get-labels", ct_expr(NFT_CT_LABELS, NFT_REG_1, False)),
    ("set-labels-after-immediate", immediate16(NFT_REG_1, b"\1" + b"\0" * 15)
     + ct_expr(NFT_CT_LABELS, NFT_REG_1, True)),
    ("set-labels-uninitialised-reg", ct_expr(NFT_CT_LABELS, NFT_REG_1, True)),
    ("get-unknown-key-99", ct_expr(99, NFT_REG_1, False)),
    ("set-unknown-key-99", ct_expr(99, NFT_REG_1, True)),
    ("set-state-not-settable", ct_expr(NFT_CT_STATE, NFT_REG_1, True)),
    ("get-labels-reg-overflow", ct_expr(NFT_CT_LABELS, NFT_REG32_15, False)),
]
for n, e in cases:
    print(n, name(batch(e)))
