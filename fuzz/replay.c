/*
 * replay.c - runs a libFuzzer-style harness (LLVMFuzzerTestOneInput) over
 * files, without libFuzzer: what `make check` does with every harness
 * fuzz/fuzz_NAME.c over fuzz/corpus/NAME/ (the seeds, and every input a
 * fuzzer ever crashed on, kept as regressions). Built with the project's
 * compiler and, with SANITIZE=1, its sanitizers.
 *
 *   replay FILE|DIR...   each FILE, each regular file of each DIR (sorted)
 *
 * An input passes when the harness returns; a harness abort()s when a
 * property it checks is broken, and a crash or a sanitizer report ends
 * the process (the name of the input being replayed goes to stderr
 * first). Last line: "N passed, 0 failed".
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

static const char *current;
static unsigned int replayed;

static void say_current(void)
{
	if (!current)
		return;
	/* async-signal-safe: write(2) only */
	(void)!write(2, "replay: crashed on ", 19);
	(void)!write(2, current, strlen(current));
	(void)!write(2, "\n", 1);
}

static void on_signal(int sig)
{
	say_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!fp) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		n = fread(buf + len, 1, cap - len, fp);
		if (n == 0)
			break;
		len += n;
	}
	fclose(fp);
	current = path;
	LLVMFuzzerTestOneInput(buf, len);
	current = NULL;
	free(buf);
	replayed++;
	return 0;
}

static int replay_dir(const char *dir)
{
	struct dirent **names;
	int n, i, rc = 0;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (names[i]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    replay_file(path) < 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	int i, rc = 0;
	struct stat st;

	signal(SIGSEGV, on_signal);
	signal(SIGABRT, on_signal);
	signal(SIGBUS, on_signal);
	signal(SIGFPE, on_signal);
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(say_current);
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode) ? replay_dir(argv[i]) < 0 : replay_file(argv[i]) < 0) {
			rc = -1;
		}
	}
	if (replayed == 0) {
		fprintf(stderr, "replay: no input\n");
		rc = -1;
	}
	printf("%u passed, %d failed\n", replayed, rc < 0 ? 1 : 0);
	return rc < 0 ? 1 : 0;
}
