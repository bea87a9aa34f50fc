# Top-level Makefile: builds libnftnl (build/libnftnl.a) and nft (build/nft),
# runs every test suite (make check), the demo (make demo), installs.
# Plain make, no autotools. Outputs go under build/ (build/san/ with
# SANITIZE=1); `make B=/some/dir` puts them elsewhere.

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= gcc
CFLAGS_BASE := -std=gnu11 -Wall -Wextra -Werror -O2 -g -D_GNU_SOURCE
ifeq ($(SANITIZE),1)
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
B := build/san
else
SAN :=
B := build
endif
# FUZZ=1 (used by `make fuzz`): clang, libFuzzer instrumentation, build/fuzz
ifeq ($(FUZZ),1)
CC := clang
SAN := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
B := build/fuzz
endif
CFLAGS ?=
ALL_CFLAGS := $(CFLAGS_BASE) $(SAN) $(CFLAGS)
LDFLAGS_ALL := $(SAN) $(LDFLAGS)
LIBS := -lmnl

PYTHON ?= $(shell for p in python3 /usr/bin/python3; do $$p -c 'import pytest' 2>/dev/null && { echo $$p; break; }; done)

# ---- libnftnl ---------------------------------------------------------
LIBNFTNL_SRC := $(sort $(wildcard libnftnl/src/*.c libnftnl/src/expr/*.c))
LIBNFTNL_OBJ := $(patsubst %.c,$(B)/obj/%.o,$(LIBNFTNL_SRC))
LIBNFTNL_INC := -Ilibnftnl/include
LIBNFTNL_A := $(B)/libnftnl.a

# ---- nftables ---------------------------------------------------------
NFT_GEN := $(B)/gen/parser.c $(B)/gen/scanner.c
NFT_SRC := $(sort $(wildcard nftables/src/*.c))
NFT_OBJ := $(patsubst %.c,$(B)/obj/%.o,$(NFT_SRC)) $(B)/obj/gen/parser.o $(B)/obj/gen/scanner.o
NFT_MAIN_OBJ := $(B)/obj/nftables/src/main.o
NFT_LIB_OBJ := $(filter-out $(NFT_MAIN_OBJ),$(NFT_OBJ))
NFT_INC := -Inftables/include -I$(B)/gen $(LIBNFTNL_INC)
NFT := $(B)/nft

# ---- tests ------------------------------------------------------------
LIBNFTNL_TESTS := $(patsubst libnftnl/tests/%.c,$(B)/tests/libnftnl/%,$(wildcard libnftnl/tests/*.c))
NFT_TESTS := $(patsubst nftables/tests/%.c,$(B)/tests/nftables/%,$(wildcard nftables/tests/*.c))
# fuzz/fuzz_NAME.c: a libFuzzer harness; make check replays fuzz/corpus/NAME
# through it (fuzz/replay.c), make fuzz runs libFuzzer on it (fuzz/README.md)
FUZZ_NAMES := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_REPLAYS := $(patsubst %,$(B)/tests/fuzz/%,$(FUZZ_NAMES))
FUZZERS := $(patsubst %,$(B)/fuzzers/%,$(FUZZ_NAMES))
FUZZ_TIME ?= 60
EXAMPLES := $(patsubst libnftnl/examples/%.c,$(B)/examples/%,$(wildcard libnftnl/examples/*.c))

# check-kernels also needs qemu and Debian's kernel: .ci/deps.sh kernels
.PHONY: all deps check check-kernels demo bench fuzz fuzzers install clean

all: deps $(LIBNFTNL_A) $(NFT) $(EXAMPLES)

deps:
	@./.ci/deps.sh

$(B)/obj/libnftnl/%.o: libnftnl/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LIBNFTNL_INC) -Ilibnftnl/src -MMD -MP -c $< -o $@

$(B)/obj/nftables/%.o: nftables/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(NFT_INC) -MMD -MP -c $< -o $@

$(LIBNFTNL_A): $(LIBNFTNL_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(B)/gen/parser.c: nftables/src/parser.y
	@mkdir -p $(dir $@)
	bison -Wall -Werror --defines=$(B)/gen/parser.h -o $@ $<

$(B)/gen/parser.h: $(B)/gen/parser.c

$(B)/gen/scanner.c: nftables/src/scanner.l $(B)/gen/parser.h
	@mkdir -p $(dir $@)
	flex --header-file=$(B)/gen/scanner.h -o $@ $<

$(B)/obj/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter $(NFT_INC) -MMD -MP -c $< -o $@

$(patsubst %.c,$(B)/obj/%.o,$(NFT_SRC)): $(B)/gen/parser.c $(B)/gen/scanner.c

$(NFT): $(NFT_OBJ) $(LIBNFTNL_A)
	$(CC) $(LDFLAGS_ALL) -o $@ $(NFT_OBJ) $(LIBNFTNL_A) $(LIBS)

$(B)/tests/libnftnl/%: libnftnl/tests/%.c libnftnl/tests/testlib.h $(LIBNFTNL_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LIBNFTNL_INC) -Ilibnftnl/src $< -o $@ $(LIBNFTNL_A) $(LIBS) $(LDFLAGS_ALL)

$(B)/tests/nftables/%: nftables/tests/%.c nftables/tests/testlib.h $(NFT_LIB_OBJ) $(LIBNFTNL_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(NFT_INC) $< -o $@ $(NFT_LIB_OBJ) $(LIBNFTNL_A) $(LIBS) $(LDFLAGS_ALL)

$(B)/tests/fuzz/%: fuzz/fuzz_%.c fuzz/replay.c $(wildcard fuzz/*.h) $(NFT_LIB_OBJ) $(LIBNFTNL_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(NFT_INC) -Ilibnftnl/src fuzz/replay.c $< -o $@ $(NFT_LIB_OBJ) $(LIBNFTNL_A) $(LIBS) $(LDFLAGS_ALL)

$(B)/fuzzers/%: fuzz/fuzz_%.c $(wildcard fuzz/*.h) $(NFT_LIB_OBJ) $(LIBNFTNL_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(NFT_INC) -Ilibnftnl/src $< -o $@ $(NFT_LIB_OBJ) $(LIBNFTNL_A) $(LIBS) $(LDFLAGS_ALL)

$(B)/examples/%: libnftnl/examples/%.c $(LIBNFTNL_A)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LIBNFTNL_INC) $< -o $@ $(LIBNFTNL_A) $(LIBS) $(LDFLAGS_ALL)

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# ---- checks -----------------------------------------------------------
export NFT_ABS := $(abspath $(NFT))

check: all $(LIBNFTNL_TESTS) $(NFT_TESTS) $(FUZZ_REPLAYS)
	@./tests/run-all.sh "$(B)" "$(PYTHON)"

check-kernels: all
	@./.ci/deps.sh kernels
	@./kernel/qemu/run.sh "$(B)"

# benchmarks against upstream nft (never part of check): bench/README.md
bench: all
	@./bench/run.sh "$(abspath $(NFT))"

# libFuzzer on every harness, FUZZ_TIME seconds each (never part of check)
fuzz:
	@./.ci/deps.sh fuzz
	$(MAKE) FUZZ=1 fuzzers
	@./fuzz/run.sh build/fuzz $(FUZZ_TIME) $(FUZZ_NAMES)

fuzzers: $(FUZZERS)

demo: all
	@./contrib/demo.sh "$(abspath $(NFT))"

install: all
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/nftables-labels
	install -m 0755 $(NFT) $(DESTDIR)$(PREFIX)/sbin/nft
	install -m 0644 $(LIBNFTNL_A) $(DESTDIR)$(PREFIX)/lib/libnftnl-labels.a
	install -m 0644 libnftnl/include/nftnl.h $(DESTDIR)$(PREFIX)/include/nftnl.h
	install -m 0644 contrib/connlabel.conf $(DESTDIR)$(PREFIX)/share/nftables-labels/connlabel.conf

clean:
	rm -rf build
