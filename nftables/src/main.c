/*
 * main.c - the nft command line: options as upstream nft, then either a
 * file (-f FILE, "-" for stdin) or a command given as argv words (joined
 * with spaces). Everything read is one transaction. Errors and warnings
 * go to stderr; exit status 0 on success, 1 on any error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nftnl.h>

#include "ast.h"
#include "erec.h"
#include "labels.h"
#include "nft.h"

#define NFT_VERSION "nftables-labels v0.1 (nft 1.0.6 syntax)"

enum {
	OPT_DEBUG = 256,
	OPT_LABELS,
};

static const struct option options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'v' },
	{ "file", required_argument, NULL, 'f' },
	{ "check", no_argument, NULL, 'c' },
	{ "handle", no_argument, NULL, 'a' },
	{ "numeric", no_argument, NULL, 'n' },
	{ "stateless", no_argument, NULL, 's' },
	{ "numeric-protocol", no_argument, NULL, 'p' },
	{ "numeric-priority", no_argument, NULL, 'y' },
	{ "echo", no_argument, NULL, 'e' },
	{ "includepath", required_argument, NULL, 'I' },
	{ "define", required_argument, NULL, 'D' },
	{ "debug", required_argument, NULL, 'd' },
	{ "labels", required_argument, NULL, OPT_LABELS },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *fp)
{
	fputs("Usage: nft [ options ] [ cmds... ]\n"
	      "\n"
	      "Options (general):\n"
	      "  -h, --help                      Show this help\n"
	      "  -v, --version                   Show version information\n"
	      "\n"
	      "Options (ruleset input handling):\n"
	      "  -f, --file <filename>           Read input from <filename>\n"
	      "  -D, --define <name=value>       Define variable, e.g. --define foo=1.2.3.4\n"
	      "  -I, --includepath <directory>   Add <directory> to the paths searched for include files. Default is: /etc\n"
	      "  -c, --check                     Check commands validity without actually applying the changes.\n"
	      "      --labels <filename>         Read conntrack label names from <filename>\n"
	      "                                  (default: $NFT_CONNLABEL_FILE, /etc/connlabel.conf,\n"
	      "                                  /etc/xtables/connlabel.conf)\n"
	      "\n"
	      "Options (ruleset list formatting):\n"
	      "  -a, --handle                    Output rule handle.\n"
	      "  -s, --stateless                 Omit stateful information of ruleset.\n"
	      "  -n, --numeric                   Print fully numerical output.\n"
	      "  -y, --numeric-priority          Print chain priority numerically.\n"
	      "  -p, --numeric-protocol          Print layer 4 protocols numerically.\n"
	      "\n"
	      "Options (command output formatting):\n"
	      "  -e, --echo                      Echo what has been added, inserted or replaced.\n"
	      "  -d, --debug <level [,level...]> Specify debugging level: netlink (bytecode text) or all;\n"
	      "                                  upstream's scanner, parser, eval, mnl, proto-ctx, segtree are accepted and print nothing\n",
	      fp);
}

static int parse_debug(struct nft_ctx *ctx, const char *arg)
{
	static const char *const known[] = {
		"scanner", "parser", "eval", "netlink", "mnl", "proto-ctx", "segtree", "all",
	};
	char *copy = strdup(arg), *tok, *save = NULL;
	size_t i;
	int ret = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (!strcmp(tok, known[i]))
				break;
		if (i == sizeof(known) / sizeof(known[0])) {
			fprintf(stderr, "invalid debug parameter `%s'\n", tok);
			ret = -1;
			break;
		}
		if (!strcmp(tok, "netlink") || !strcmp(tok, "all"))
			ctx->debug |= DEBUG_NETLINK;
	}
	free(copy);
	return ret;
}

/* -D NAME=VALUE, as upstream: each becomes "define NAME=VALUE; " in a
 * text read before the input (so `$NAME` works in the file). */
struct define_text {
	char *text;
	size_t len;
};

static int add_define(struct define_text *d, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *more;
	int n;

	if (!eq) {
		fprintf(stderr, "Failed to define variable '%s'\n", arg);
		free(d->text);
		return -1;
	}
	n = asprintf(&more, "%sdefine %.*s=%s; ", d->text ? d->text : "", (int)(eq - arg), arg,
		     eq + 1);
	if (n < 0)
		abort();
	free(d->text);
	d->text = more;
	d->len = n;
	return 0;
}

static char *join_args(int argc, char **argv)
{
	size_t len = 2;
	char *s, *p;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len);
	if (!s)
		abort();
	p = s;
	for (i = 0; i < argc; i++) {
		if (i)
			*p++ = ' ';
		p = stpcpy(p, argv[i]);
	}
	*p++ = '\n';
	*p = 0;
	return s;
}

static void free_cmds(struct cmd *cmds)
{
	struct cmd *c, *next;

	for (c = cmds; c; c = next) {
		next = c->next;
		cmd_free(c);
	}
}

int main(int argc, char **argv)
{
	struct nft_ctx ctx;
	const char *file = NULL;
	struct input_desc *in;
	struct define_text defines = { NULL, 0 };
	struct cmd *cmds = NULL, *c;
	unsigned int parse_errors = 0;
	int opt, ret = 0;

	memset(&ctx, 0, sizeof(ctx));
	while ((opt = getopt_long(argc, argv, "+hvf:canspyeI:d:D:", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			usage(stdout);
			return 0;
		case 'v':
			printf("%s\n", NFT_VERSION);
			return 0;
		case 'f':
			file = optarg;
			break;
		case 'c':
			ctx.check = true;
			break;
		case 'a':
			ctx.out.handle = true;
			break;
		case 'n':
			ctx.out.numeric = true;
			break;
		case 's':
			ctx.out.stateless = true;
			break;
		case 'p':
			ctx.out.numeric_proto = true;
			break;
		case 'y':
			ctx.out.numeric_prio = true;
			break;
		case 'e':
			ctx.out.echo = true;
			break;
		case 'I':
			ctx.include_paths = realloc(ctx.include_paths,
						    (ctx.n_include_paths + 1) * sizeof(char *));
			if (!ctx.include_paths)
				abort();
			ctx.include_paths[ctx.n_include_paths++] = optarg;
			break;
		case 'd':
			if (parse_debug(&ctx, optarg) < 0)
				return 1;
			break;
		case 'D':
			if (add_define(&defines, optarg) < 0)
				return 1;
			break;
		case OPT_LABELS:
			ctx.label_file = optarg;
			break;
		default:
			return 1;
		}
	}

	if (!ctx.label_file)
		ctx.label_file = getenv("NFT_CONNLABEL_FILE");
	if (ctx.label_file && *ctx.label_file)
		labels_set_file(ctx.label_file);

	if (defines.len) {
		if (!file) {
			fprintf(stderr, "Error: -D/--define can only be used with -f/--filename\n");
			free(defines.text);
			return 1;
		}
		ctx.defines = input_from_string(&ctx, "<cmdline>", defines.text);
		free(defines.text);
	}
	if (file) {
		if (optind < argc) {
			fprintf(stderr, "nft: -f/--file and commands on the command line "
					"cannot be combined\n");
			return 1;
		}
		in = input_from_file(&ctx, file, NULL);
		if (!in) {
			/* upstream reports this against an internal location */
			fputs("internal:0:0-0: ", stderr);
			erec_print_all(stderr);
			fputs("\n\n", stderr);
			return 1;
		}
	} else if (optind < argc) {
		char *text = join_args(argc - optind, argv + optind);

		in = input_from_string(&ctx, "<cmdline>", text);
		free(text);
	} else {
		fprintf(stderr, "nft: no command specified\n");
		return 1;
	}

	cmds = parse_input_all(&ctx, in, &parse_errors);
	if (parse_errors || erec_error_count()) {
		/* nothing is sent; what did parse is still checked, so that
		 * its errors come after the syntax errors, as upstream's do */
		for (c = cmds; c; c = c->next)
			evaluate_cmd(&ctx, c);
		ret = -1;
	} else if (cmds) {
		ret = run_commands(&ctx, cmds);
	}
	if (erec_error_count() > 0)
		ret = -1;
	erec_print_all(stderr);

	free_cmds(cmds);
	inputs_free(&ctx);
	free(ctx.include_paths);
	if (ctx.sock)
		nftnl_sock_close(ctx.sock);
	labels_reset();
	return ret < 0 ? 1 : 0;
}
