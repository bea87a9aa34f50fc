/*
 * testlib.h - what the libnftnl unit test programs share: the CHECK()
 * counter (each program prints "N passed, N failed" from passed/failed).
 * Header only: each test program is one translation unit.
 */
#ifndef NFTNL_TESTLIB_H
#define NFTNL_TESTLIB_H

#include <stdio.h>

static int passed, failed;

#define CHECK(cond, ...)						\
	do {								\
		if (cond) {						\
			passed++;					\
		} else {						\
			failed++;					\
			printf("FAIL %s:%d: ", __FILE__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
		}							\
	} while (0)

#endif /* NFTNL_TESTLIB_H */
