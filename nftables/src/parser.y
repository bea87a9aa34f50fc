/*
 * parser.y - the grammar of the rule language (bison, pure, with
 * locations). Builds the AST of ast.h: one command per object (a table
 * block gives the table, then each chain, then each rule, in source
 * order). Symbols stay unresolved (evaluate types them); key names (ct,
 * meta, payload fields) are looked up here so unknown keys are reported
 * where they are written. Helpers live in parser_helpers.c / input.c.
 */
%{
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "ast.h"
#include "erec.h"
#include "input.h"
#include "parser_helpers.h"
%}

%code requires {
#include "ast.h"
struct prio_spec {
	struct expr *expr;	/* symbol: name or number text */
	int64_t offset;
};
struct parser_state;
#define YYLTYPE struct location
#define YYLTYPE_IS_DECLARED 1
}

%code provides {
int yylex(YYSTYPE *yylval, YYLTYPE *yylloc, void *scanner);
}

%code {
static void yyerror(YYLTYPE *loc, void *scanner, struct parser_state *state, const char *msg);

#define YYLLOC_DEFAULT(Current, Rhs, N)						\
	do {									\
		if (N) {							\
			(Current).indesc = YYRHSLOC(Rhs, 1).indesc;		\
			(Current).first_line = YYRHSLOC(Rhs, 1).first_line;	\
			(Current).first_column = YYRHSLOC(Rhs, 1).first_column;	\
			(Current).last_line = YYRHSLOC(Rhs, N).last_line;	\
			(Current).last_column = YYRHSLOC(Rhs, N).last_column;	\
		} else {							\
			(Current) = YYRHSLOC(Rhs, 0);				\
			(Current).first_line = (Current).last_line;		\
			(Current).first_column = (Current).last_column;		\
		}								\
	} while (0)
}

%define api.pure full
%define parse.error custom
%locations
%parse-param { void *scanner } { struct parser_state *state }
%lex-param { void *scanner }
%initial-action { @$ = internal_location; }

%union {
	char *string;
	uint64_t num;
	int val;
	struct expr *expr;
	struct stmt *stmt;
	struct rule *rule;
	struct handle handle;
	const char *cstr;
	struct {
		struct stmt *head, *tail;
	} stmts;
	struct prio_spec prio;
}

%token END 0 "end of file"
%token JUNK "junk"
%token NEWLINE "newline"
%token SEMICOLON "semicolon"
%token COMMA "comma"
%token EQ "=="
%token NEQ "!="
%token NOT "!"
%token LT "<"
%token GT ">"
%token LTE "<="
%token GTE ">="
%token LSHIFT "<<"
%token RSHIFT ">>"
%token AND "&"
%token OR "|"
%token XOR "^"
%token DASH "-"
%token PLUS "+"
%token SLASH "/"
%token COLON "colon"
%token <string> STRING "string"
%token <string> QUOTED_STRING "quoted string"
%token <string> ASTERISK_STRING "string with a trailing asterisk"
%token <string> NUMBER "number"
%token <string> IPV4ADDR "IPv4 address"
%token <string> IPV6ADDR "IPv6 address"
%token <string> SET_REF "set reference"
%token DOTTED_PARTIAL "dotted number"
%token DOTTED_NEVER "more address"

%token ADD "add" CREATE "create" INSERT "insert" REPLACE "replace"
%token DELETE "delete" LIST "list" FLUSH "flush"
%token TABLE "table" TABLES "tables" CHAIN "chain" CHAINS "chains"
%token RULE "rule" RULESET "ruleset"
%token INCLUDE "include" DEFINE "define" REDEFINE "redefine" UNDEFINE "undefine"
%token HANDLE "handle" POSITION "position" INDEX "index"
%token IP "ip" IP6 "ip6" INET "inet" ARP "arp" BRIDGE "bridge" NETDEV "netdev"
%token TYPE "type" HOOK "hook" DEVICE "device" PRIORITY "priority" POLICY "policy"
%token FLAGS "flags" COMMENT "comment"
%token CT "ct" META "meta" ORIGINAL "original" REPLY "reply"
%token IIFNAME "iifname" OIFNAME "oifname" IIF "iif" OIF "oif" MARK "mark"
%token SKUID "skuid" SKGID "skgid"
%token TCP "tcp" UDP "udp" ICMP "icmp" ICMPV6 "icmpv6" TH "th"
%token ACCEPT "accept" DROP "drop" CONTINUE "continue" RETURN "return"
%token JUMP "jump" GOTO "goto"
%token COUNTER "counter" PACKETS "packets" BYTES "bytes"
%token LOG "log" PREFIX "prefix" LEVEL "level" GROUP "group" SNAPLEN "snaplen"
%token QUEUE_THRESHOLD "queue-threshold"
%token NOTRACK "notrack" SET "set"

%type <string> identifier kw_identifier key_name string rhs_keyword
%type <val> family relop
%type <cstr> unqualified_meta
%type <string> proto_kw
%type <num> number
%type <handle> table_spec chain_spec rule_position
%type <expr> lhs_expr primary_lhs rhs_expr rhs_list rhs_elem basic_rhs or_rhs xor_rhs
%type <expr> and_rhs shift_rhs rhs_primary set_expr set_items variable
%type <prio> prio_expr
%type <expr> value_symbol set_value set_key_expr set_key define_value
%type <stmt> stmt match_stmt verdict_stmt counter_stmt log_stmt ct_set_stmt
%type <stmt> meta_set_stmt notrack_stmt log_args
%type <stmts> stmt_list
%type <rule> rule
%type <num> log_flags log_flag tcp_log_flags

%destructor { free($$); } <string>
%destructor { expr_free($$); } <expr>
%destructor { stmt_free($$); } <stmt>
%destructor { stmt_list_free($$.head); } <stmts>
%destructor { rule_free($$); } <rule>
%destructor { handle_free(&$$); } <handle>
%destructor { expr_free($$.expr); } <prio>

%expect 1

%%

input		: %empty
		| input line
		;

stmt_separator	: NEWLINE
		| SEMICOLON
		;

line		: stmt_separator
		| common_block
		| base_cmd stmt_separator
		| base_cmd END
		| error stmt_separator	{ yyerrok; }
		| error END		{ yyerrok; }
		;

common_block	: INCLUDE QUOTED_STRING stmt_separator
			{
				struct location l = merge_loc(&@1, &@2);

				include_file(state, $2, &l);
				free($2);
			}
		| DEFINE identifier '=' define_value stmt_separator
			{ define_add(state, $2, $4, &@2, false); free($2); }
		| REDEFINE identifier '=' define_value stmt_separator
			{ define_add(state, $2, $4, &@2, true); free($2); }
		| UNDEFINE identifier stmt_separator
			{ define_del(state, $2, &@2); free($2); }
		;

/* ---- commands ---------------------------------------------------------- */

base_cmd	: add_cmd
		| ADD add_cmd	{ cmd_extend_start(state, &@1, &@2); }
		| CREATE create_cmd
		| INSERT RULE rule_position rule
			{ emit_rule(state, CMD_INSERT, &$3, $4, &@$); }
		| REPLACE RULE rule_position rule
			{ emit_rule(state, CMD_REPLACE, &$3, $4, &@$); }
		| DELETE delete_cmd
		| LIST list_cmd
		| FLUSH flush_cmd
		;

add_cmd		: TABLE table_spec
			{ emit_table(state, CMD_ADD, &$2, &@$); }
		| TABLE table_spec table_block_open '{' table_block '}'
			{ block_close_table(state); handle_free(&$2); }
		| CHAIN chain_spec
			{ emit_chain(state, CMD_ADD, &$2, &@$); }
		| CHAIN chain_spec chain_block_open '{' chain_block '}'
			{ block_close_chain(state); handle_free(&$2); }
		| RULE rule_position rule
			{ emit_rule(state, CMD_ADD, &$2, $3, &@$); }
		;

create_cmd	: TABLE table_spec
			{ emit_table(state, CMD_CREATE, &$2, &@$); }
		| TABLE table_spec create_table_open '{' table_block '}'
			{ block_close_table(state); handle_free(&$2); }
		| CHAIN chain_spec
			{ emit_chain(state, CMD_CREATE, &$2, &@$); }
		| CHAIN chain_spec create_chain_open '{' chain_block '}'
			{ block_close_chain(state); handle_free(&$2); }
		;

table_block_open : %empty
			{ block_open_table(state, CMD_ADD, &$<handle>0, &@$); }
		;
create_table_open : %empty
			{ block_open_table(state, CMD_CREATE, &$<handle>0, &@$); }
		;
chain_block_open : %empty
			{ block_open_chain(state, CMD_ADD, &$<handle>0, &@$); }
		;
create_chain_open : %empty
			{ block_open_chain(state, CMD_CREATE, &$<handle>0, &@$); }
		;

delete_cmd	: TABLE table_spec
			{ emit_simple(state, CMD_DELETE, CMD_OBJ_TABLE, &$2, &@$); }
		| CHAIN chain_spec
			{ emit_simple(state, CMD_DELETE, CMD_OBJ_CHAIN, &$2, &@$); }
		| RULE chain_spec HANDLE number
			{
				$2.handle = $4;
				$2.handle_loc = @4;
				emit_simple(state, CMD_DELETE, CMD_OBJ_RULE, &$2, &@$);
			}
		;

list_cmd	: TABLE table_spec
			{ emit_simple(state, CMD_LIST, CMD_OBJ_TABLE, &$2, &@$); }
		| CHAIN chain_spec
			{ emit_simple(state, CMD_LIST, CMD_OBJ_CHAIN, &$2, &@$); }
		| RULESET	{ emit_family(state, CMD_LIST, CMD_OBJ_RULESET, -1, &@$); }
		| RULESET family
				{ emit_family(state, CMD_LIST, CMD_OBJ_RULESET, $2, &@$); }
		| TABLES	{ emit_family(state, CMD_LIST, CMD_OBJ_TABLES, -1, &@$); }
		| TABLES family	{ emit_family(state, CMD_LIST, CMD_OBJ_TABLES, $2, &@$); }
		| CHAINS	{ emit_family(state, CMD_LIST, CMD_OBJ_CHAINS, -1, &@$); }
		| CHAINS family	{ emit_family(state, CMD_LIST, CMD_OBJ_CHAINS, $2, &@$); }
		;

flush_cmd	: TABLE table_spec
			{ emit_simple(state, CMD_FLUSH, CMD_OBJ_TABLE, &$2, &@$); }
		| CHAIN chain_spec
			{ emit_simple(state, CMD_FLUSH, CMD_OBJ_CHAIN, &$2, &@$); }
		| RULESET	{ emit_family(state, CMD_FLUSH, CMD_OBJ_RULESET, -1, &@$); }
		| RULESET family
				{ emit_family(state, CMD_FLUSH, CMD_OBJ_RULESET, $2, &@$); }
		;

family		: IP		{ $$ = NFPROTO_IPV4; }
		| IP6		{ $$ = NFPROTO_IPV6; }
		| INET		{ $$ = NFPROTO_INET; }
		| ARP		{ $$ = NFPROTO_ARP; }
		| BRIDGE	{ $$ = NFPROTO_BRIDGE; }
		| NETDEV	{ $$ = NFPROTO_NETDEV; }
		;

table_spec	: family identifier
			{ handle_init(&$$, $1, $2, &@2, NULL, NULL); free($2); }
		| identifier
			{ handle_init(&$$, NFPROTO_IPV4, $1, &@1, NULL, NULL); free($1); }
		;

chain_spec	: family identifier identifier
			{ handle_init(&$$, $1, $2, &@2, $3, &@3); free($2); free($3); }
		| identifier identifier
			{ handle_init(&$$, NFPROTO_IPV4, $1, &@1, $2, &@2); free($1); free($2); }
		;

rule_position	: chain_spec
		| chain_spec POSITION number
			{ $$ = $1; $$.position = $3; $$.handle_loc = merge_loc(&@2, &@3); }
		| chain_spec HANDLE number
			{ $$ = $1; $$.position = $3; $$.handle_loc = @3; }
		| chain_spec INDEX number
			{
				$$ = $1;
				$$.has_index = true;
				$$.index = $3;
				$$.handle_loc = merge_loc(&@2, &@3);
			}
		;

/* `replace rule ... handle N` takes the handle itself (see emit_rule). */

number		: NUMBER	{ $$ = parse_number(state, $1, &@1); free($1); }
		;

string		: STRING
		| QUOTED_STRING
		| ASTERISK_STRING
		;

/* Names of tables, chains, defines: any word but a family name. */
identifier	: STRING
		| QUOTED_STRING
		| kw_identifier
		;

kw_identifier	: ADD { $$ = strdup("add"); } | CREATE { $$ = strdup("create"); }
		| INSERT { $$ = strdup("insert"); } | REPLACE { $$ = strdup("replace"); }
		| DELETE { $$ = strdup("delete"); } | LIST { $$ = strdup("list"); }
		| FLUSH { $$ = strdup("flush"); } | TABLE { $$ = strdup("table"); }
		| TABLES { $$ = strdup("tables"); } | CHAIN { $$ = strdup("chain"); }
		| CHAINS { $$ = strdup("chains"); } | RULE { $$ = strdup("rule"); }
		| RULESET { $$ = strdup("ruleset"); } | INCLUDE { $$ = strdup("include"); }
		| DEFINE { $$ = strdup("define"); } | REDEFINE { $$ = strdup("redefine"); }
		| UNDEFINE { $$ = strdup("undefine"); } | HANDLE { $$ = strdup("handle"); }
		| POSITION { $$ = strdup("position"); } | INDEX { $$ = strdup("index"); }
		| TYPE { $$ = strdup("type"); } | HOOK { $$ = strdup("hook"); }
		| DEVICE { $$ = strdup("device"); } | PRIORITY { $$ = strdup("priority"); }
		| POLICY { $$ = strdup("policy"); } | FLAGS { $$ = strdup("flags"); }
		| COMMENT { $$ = strdup("comment"); } | CT { $$ = strdup("ct"); }
		| META { $$ = strdup("meta"); } | ORIGINAL { $$ = strdup("original"); }
		| REPLY { $$ = strdup("reply"); } | IIFNAME { $$ = strdup("iifname"); }
		| OIFNAME { $$ = strdup("oifname"); } | IIF { $$ = strdup("iif"); }
		| OIF { $$ = strdup("oif"); } | MARK { $$ = strdup("mark"); }
		| SKUID { $$ = strdup("skuid"); } | SKGID { $$ = strdup("skgid"); }
		| TCP { $$ = strdup("tcp"); } | UDP { $$ = strdup("udp"); }
		| ICMP { $$ = strdup("icmp"); } | ICMPV6 { $$ = strdup("icmpv6"); }
		| TH { $$ = strdup("th"); } | ACCEPT { $$ = strdup("accept"); }
		| DROP { $$ = strdup("drop"); } | CONTINUE { $$ = strdup("continue"); }
		| RETURN { $$ = strdup("return"); } | JUMP { $$ = strdup("jump"); }
		| GOTO { $$ = strdup("goto"); } | COUNTER { $$ = strdup("counter"); }
		| PACKETS { $$ = strdup("packets"); } | BYTES { $$ = strdup("bytes"); }
		| LOG { $$ = strdup("log"); } | PREFIX { $$ = strdup("prefix"); }
		| LEVEL { $$ = strdup("level"); } | GROUP { $$ = strdup("group"); }
		| SNAPLEN { $$ = strdup("snaplen"); }
		| QUEUE_THRESHOLD { $$ = strdup("queue-threshold"); }
		| NOTRACK { $$ = strdup("notrack"); } | SET { $$ = strdup("set"); }
		;

/* ---- blocks ------------------------------------------------------------ */

table_block	: %empty
		| table_block stmt_separator
		| table_block common_block
		| table_block table_option stmt_separator
		| table_block CHAIN identifier table_chain_open '{' chain_block '}' stmt_separator
			{ block_close_chain(state); free($3); }
		| table_block error stmt_separator	{ yyerrok; }
		;

table_chain_open : %empty
			{ block_open_table_chain(state, $<string>0, &@0, &@$); }
		;

table_option	: FLAGS table_flags
		| COMMENT string
			{ block_table_comment(state, $2); }
		;

table_flags	: STRING		{ block_table_flag(state, $1, &@1); free($1); }
		| table_flags COMMA STRING
			{ block_table_flag(state, $3, &@3); free($3); }
		;

chain_block	: %empty
		| chain_block stmt_separator
		| chain_block common_block
		| chain_block hook_spec stmt_separator
		| chain_block POLICY policy stmt_separator
			{ block_chain_policy_loc(state, merge_loc(&@2, &@3)); }
		| chain_block COMMENT string stmt_separator
			{ block_chain_comment(state, $3); }
		| chain_block rule stmt_separator
			{ block_add_rule(state, $2, &@2); }
		| chain_block error stmt_separator	{ yyerrok; }
		;

hook_spec	: TYPE identifier HOOK identifier dev_spec PRIORITY prio_expr
			{
				if ($7.expr)
					$7.expr->loc = merge_loc(&@6, &@7);
				block_chain_hook(state, $2, &@2, $4, &@4, $7);
				free($2);
				free($4);
			}
		;

dev_spec	: %empty
		| DEVICE string	{ block_chain_device(state, $2, &@2); free($2); }
		;

prio_expr	: number
			{ $$ = prio_number(&@$, (int64_t)$1); }
		| DASH number
			{ $$ = prio_number(&@$, -(int64_t)$2); }
		| identifier
			{ $$ = prio_symbol(&@$, $1, 0); free($1); }
		| identifier PLUS number
			{ $$ = prio_symbol(&@$, $1, (int64_t)$3); free($1); }
		| identifier DASH number
			{ $$ = prio_symbol(&@$, $1, -(int64_t)$3); free($1); }
		| variable
			{ $$.expr = $1; $$.offset = 0; }
		;

policy		: ACCEPT	{ block_chain_policy(state, NF_ACCEPT, &@1); }
		| DROP		{ block_chain_policy(state, NF_DROP, &@1); }
		| variable	{ block_chain_policy_expr(state, $1); }
		;

/* ---- rules ------------------------------------------------------------- */

rule		: stmt_list
			{ $$ = make_rule(state, $1.head, NULL, &@$); }
		| stmt_list COMMENT string
			{ $$ = make_rule(state, $1.head, $3, &@$); }
		;

stmt_list	: stmt
			{ $$.head = $$.tail = $1; }
		| stmt_list stmt
			{
				$$ = $1;
				if ($2) {
					if ($$.tail)
						$$.tail->next = $2;
					else
						$$.head = $2;
					$$.tail = $2;
				}
			}
		;

stmt		: match_stmt
		| verdict_stmt
		| counter_stmt
		| log_stmt
		| ct_set_stmt
		| meta_set_stmt
		| notrack_stmt
		;

verdict_stmt	: ACCEPT	{ $$ = verdict_stmt(&@$, NF_ACCEPT, NULL); }
		| DROP		{ $$ = verdict_stmt(&@$, NF_DROP, NULL); }
		| CONTINUE	{ $$ = verdict_stmt(&@$, NFT_CONTINUE, NULL); }
		| RETURN	{ $$ = verdict_stmt(&@$, NFT_RETURN, NULL); }
		| JUMP identifier
			{ $$ = verdict_stmt(&@$, NFT_JUMP, $2); $$->expr->loc = @2; free($2); }
		| GOTO identifier
			{ $$ = verdict_stmt(&@$, NFT_GOTO, $2); $$->expr->loc = @2; free($2); }
		;

counter_stmt	: COUNTER
			{ $$ = stmt_alloc(STMT_COUNTER, &@$); }
		| COUNTER PACKETS number BYTES number
			{
				$$ = stmt_alloc(STMT_COUNTER, &@$);
				$$->counter.packets = $3;
				$$->counter.bytes = $5;
			}
		;

log_stmt	: LOG log_args
			{ $$ = $2; $$->loc = @$; log_check(state, $$, &@1); }
		;

log_args	: %empty
			{ $$ = stmt_alloc(STMT_LOG, &@$); }
		| log_args PREFIX string
			{
				$$ = $1;
				free($$->log.prefix);
				$$->log.prefix = $3;
				$$->log.present |= LOG_F_PREFIX;
			}
		| log_args LEVEL string
			{ $$ = $1; log_level(state, $$, $3, &@3); free($3); }
		| log_args GROUP number
			{
				$$ = $1;
				$$->log.group = $3;
				$$->log.present |= LOG_F_GROUP;
			}
		| log_args SNAPLEN number
			{
				$$ = $1;
				$$->log.snaplen = $3;
				$$->log.present |= LOG_F_SNAPLEN;
			}
		| log_args QUEUE_THRESHOLD number
			{
				$$ = $1;
				$$->log.qthreshold = $3;
				$$->log.present |= LOG_F_QTHRESHOLD;
			}
		| log_args FLAGS log_flags
			{
				$$ = $1;
				$$->log.flags |= $3;
				$$->log.present |= LOG_F_FLAGS;
			}
		;

log_flags	: log_flag
		| log_flags COMMA log_flag	{ $$ = $1 | $3; }
		;

log_flag	: TCP tcp_log_flags		{ $$ = $2; }
		| IP STRING			{ $$ = log_flag_word(state, "ip", $2, &@2); free($2); }
		| SKUID				{ $$ = 0x08; }
		| STRING			{ $$ = log_flag_word(state, NULL, $1, &@1); free($1); }
		;

tcp_log_flags	: STRING		{ $$ = log_flag_word(state, "tcp", $1, &@1); free($1); }
		| tcp_log_flags COMMA STRING
			{ $$ = $1 | log_flag_word(state, "tcp", $3, &@3); free($3); }
		;

ct_set_stmt	: CT key_name SET set_value
			{ $$ = ct_set_stmt(state, &@$, $2, &@2, CT_DIR_NONE, $4); free($2); }
		;

meta_set_stmt	: META key_name SET set_value
			{ $$ = meta_set_stmt(state, &@$, $2, &@2, $4); free($2); }
		| unqualified_meta SET set_value
			{ $$ = meta_set_stmt(state, &@$, $1, &@1, $3); }
		;

notrack_stmt	: NOTRACK	{ $$ = stmt_alloc(STMT_NOTRACK, &@$); }
		;

match_stmt	: lhs_expr rhs_expr
			{ $$ = match_stmt(state, &@$, OP_IMPLICIT, $1, $2); }
		| lhs_expr relop rhs_expr
			{ $$ = match_stmt(state, &@$, $2, $1, $3); }
		;

relop		: EQ	{ $$ = OP_EQ; }
		| NEQ	{ $$ = OP_NEQ; }
		| LT	{ $$ = OP_LT; }
		| GT	{ $$ = OP_GT; }
		| LTE	{ $$ = OP_LTE; }
		| GTE	{ $$ = OP_GTE; }
		| NOT	{ $$ = OP_NEG; }
		;

lhs_expr	: primary_lhs
		| lhs_expr AND rhs_primary
			{ $$ = binop_expr(&@$, BINOP_AND, $1, $3); }
		| lhs_expr OR rhs_primary
			{ $$ = binop_expr(&@$, BINOP_OR, $1, $3); }
		| lhs_expr XOR rhs_primary
			{ $$ = binop_expr(&@$, BINOP_XOR, $1, $3); }
		| lhs_expr LSHIFT rhs_primary
			{ $$ = binop_expr(&@$, BINOP_LSHIFT, $1, $3); }
		| lhs_expr RSHIFT rhs_primary
			{ $$ = binop_expr(&@$, BINOP_RSHIFT, $1, $3); }
		;

primary_lhs	: CT key_name
			{ $$ = ct_expr(state, &@$, $2, &@2, CT_DIR_NONE); free($2); }
		| CT ORIGINAL key_name
			{ $$ = ct_expr(state, &@$, $3, &@3, CT_DIR_ORIGINAL); free($3); }
		| CT REPLY key_name
			{ $$ = ct_expr(state, &@$, $3, &@3, CT_DIR_REPLY); free($3); }
		| META key_name
			{ $$ = meta_expr(state, &@$, $2, &@$); free($2); }
		| unqualified_meta
			{ $$ = meta_expr(state, &@$, $1, &@1); }
		| proto_kw key_name
			{ $$ = payload_expr(state, &@$, $1, &@1, $2, &@2); free($1); free($2); }
		;

unqualified_meta : IIFNAME	{ $$ = "iifname"; }
		| OIFNAME	{ $$ = "oifname"; }
		| IIF		{ $$ = "iif"; }
		| OIF		{ $$ = "oif"; }
		| MARK		{ $$ = "mark"; }
		| SKUID		{ $$ = "skuid"; }
		| SKGID		{ $$ = "skgid"; }
		;

proto_kw	: IP		{ $$ = strdup("ip"); }
		| IP6		{ $$ = strdup("ip6"); }
		| ARP		{ $$ = strdup("arp"); }
		| TCP		{ $$ = strdup("tcp"); }
		| UDP		{ $$ = strdup("udp"); }
		| ICMP		{ $$ = strdup("icmp"); }
		| ICMPV6	{ $$ = strdup("icmpv6"); }
		| TH		{ $$ = strdup("th"); }
		| STRING
		;

/* Names of keys and header fields after ct / meta / a protocol. */
key_name	: STRING
		| TYPE		{ $$ = strdup("type"); }
		| FLAGS		{ $$ = strdup("flags"); }
		| PRIORITY	{ $$ = strdup("priority"); }
		| MARK		{ $$ = strdup("mark"); }
		| IIFNAME	{ $$ = strdup("iifname"); }
		| OIFNAME	{ $$ = strdup("oifname"); }
		| IIF		{ $$ = strdup("iif"); }
		| OIF		{ $$ = strdup("oif"); }
		| SKUID		{ $$ = strdup("skuid"); }
		| SKGID		{ $$ = strdup("skgid"); }
		| BYTES		{ $$ = strdup("bytes"); }
		| PACKETS	{ $$ = strdup("packets"); }
		;

/* The value of a set statement: a constant, or another key
 * (`meta mark set ct mark`, `ct mark set mark and 0xffff`). */
set_value	: rhs_expr
		| set_key_expr
		;

set_key_expr	: set_key
		| set_key_expr AND rhs_primary
			{ $$ = binop_expr(&@$, BINOP_AND, $1, $3); }
		| set_key_expr OR rhs_primary
			{ $$ = binop_expr(&@$, BINOP_OR, $1, $3); }
		| set_key_expr XOR rhs_primary
			{ $$ = binop_expr(&@$, BINOP_XOR, $1, $3); }
		| set_key_expr LSHIFT rhs_primary
			{ $$ = binop_expr(&@$, BINOP_LSHIFT, $1, $3); }
		| set_key_expr RSHIFT rhs_primary
			{ $$ = binop_expr(&@$, BINOP_RSHIFT, $1, $3); }
		;

set_key		: CT key_name
			{ $$ = ct_expr(state, &@$, $2, &@2, CT_DIR_NONE); free($2); }
		| CT ORIGINAL key_name
			{ $$ = ct_expr(state, &@$, $3, &@3, CT_DIR_ORIGINAL); free($3); }
		| CT REPLY key_name
			{ $$ = ct_expr(state, &@$, $3, &@3, CT_DIR_REPLY); free($3); }
		| META key_name
			{ $$ = meta_expr(state, &@$, $2, &@$); free($2); }
		| unqualified_meta
			{ $$ = meta_expr(state, &@$, $1, &@1); }
		;

/* A define's value: also negative numbers and verdicts. */
define_value	: rhs_expr
		| DASH NUMBER
			{
				char *t;

				if (asprintf(&t, "-%s", $2) < 0)
					t = NULL;
				$$ = symbol_expr_alloc(&@$, t ? t : $2, false);
				free(t);
				free($2);
			}
		| ACCEPT	{ $$ = symbol_expr_alloc(&@$, "accept", false); }
		| DROP		{ $$ = symbol_expr_alloc(&@$, "drop", false); }
		;

/* ---- values ------------------------------------------------------------ */

rhs_expr	: rhs_elem
		| rhs_list
		| set_expr
		;

rhs_list	: rhs_elem COMMA rhs_elem
			{ $$ = list_append(&@$, list_append(&@$, list_expr_alloc(&@$), $1), $3); }
		| rhs_list COMMA rhs_elem
			{ $$ = list_append(&@$, $1, $3); }
		;

rhs_elem	: basic_rhs
		| basic_rhs DASH basic_rhs
			{ $$ = range_expr(&@$, $1, $3); }
		| basic_rhs SLASH basic_rhs
			{ $$ = slash_expr(state, &@$, $1, $3); }
		;

basic_rhs	: or_rhs
		;

or_rhs		: xor_rhs
		| or_rhs OR xor_rhs
			{ $$ = binop_expr(&@$, BINOP_OR, $1, $3); }
		;

xor_rhs		: and_rhs
		| xor_rhs XOR and_rhs
			{ $$ = binop_expr(&@$, BINOP_XOR, $1, $3); }
		;

and_rhs		: shift_rhs
		| and_rhs AND shift_rhs
			{ $$ = binop_expr(&@$, BINOP_AND, $1, $3); }
		;

shift_rhs	: rhs_primary
		| shift_rhs LSHIFT rhs_primary
			{ $$ = binop_expr(&@$, BINOP_LSHIFT, $1, $3); }
		| shift_rhs RSHIFT rhs_primary
			{ $$ = binop_expr(&@$, BINOP_RSHIFT, $1, $3); }
		;

rhs_primary	: value_symbol
		| variable
		| '(' basic_rhs ')'	{ $$ = $2; }
		| DOTTED_PARTIAL DOTTED_NEVER	{ $$ = NULL; }
		| SET_REF	{ $$ = set_ref_expr(state, &@1, $1); free($1); }
		;

value_symbol	: STRING	{ $$ = symbol_expr_alloc(&@$, $1, false); free($1); }
		| QUOTED_STRING	{ $$ = symbol_expr_alloc(&@$, $1, true); free($1); }
		| ASTERISK_STRING
				{ $$ = symbol_expr_alloc(&@$, $1, false); free($1); }
		| NUMBER	{ $$ = symbol_expr_alloc(&@$, $1, false); free($1); }
		| IPV4ADDR	{ $$ = symbol_expr_alloc(&@$, $1, false); free($1); }
		| IPV6ADDR	{ $$ = symbol_expr_alloc(&@$, $1, false); free($1); }
		| rhs_keyword	{ $$ = symbol_expr_alloc(&@$, $1, false); free($1); }
		;

/* Keywords that are also values (protocol and family names, ct
 * directions) or label names. */
rhs_keyword	: IP { $$ = strdup("ip"); } | IP6 { $$ = strdup("ip6"); }
		| INET { $$ = strdup("inet"); } | ARP { $$ = strdup("arp"); }
		| BRIDGE { $$ = strdup("bridge"); } | NETDEV { $$ = strdup("netdev"); }
		| TCP { $$ = strdup("tcp"); } | UDP { $$ = strdup("udp"); }
		| ICMP { $$ = strdup("icmp"); } | ICMPV6 { $$ = strdup("icmpv6"); }
		| TH { $$ = strdup("th"); }
		| ORIGINAL { $$ = strdup("original"); } | REPLY { $$ = strdup("reply"); }
		;

variable	: '$' identifier
			{ $$ = define_lookup(state, $2, &@2); free($2); }
		;

set_expr	: '{' nl_opt set_items nl_opt '}'
			{ $$ = $3; $$->loc = @$; }
		| '{' nl_opt set_items COMMA nl_opt '}'
			{ $$ = $3; $$->loc = @$; }
		;

set_items	: rhs_elem
			{ $$ = set_expr_alloc(&@$); set_add(state, $$, $1); }
		| set_items COMMA nl_opt rhs_elem
			{ $$ = $1; set_add(state, $$, $4); }
		;

nl_opt		: %empty
		| nl_opt NEWLINE
		;

%%

/* Token names as nft prints them: aliases without their quotes. */
static const char *token_name(yysymbol_kind_t k)
{
	static char buf[64];
	const char *n = yysymbol_name(k);
	size_t len = strlen(n);

	if (len >= 2 && n[0] == '"' && n[len - 1] == '"' && len - 2 < sizeof(buf)) {
		memcpy(buf, n + 1, len - 2);
		buf[len - 2] = 0;
		return buf;
	}
	return n;
}

/* Keywords the grammar also takes as names: when a name is expected,
 * they are summed up as "string" in the expected list. */
static bool is_name_keyword(yysymbol_kind_t k)
{
	return k >= YYSYMBOL_ADD && k <= YYSYMBOL_SET;
}

static bool filtered_any(const yysymbol_kind_t *expected, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (is_name_keyword(expected[i]))
			return true;
	return false;
}

/* "syntax error, unexpected X[, expecting A or B ...]" as bison's
 * verbose errors print it (at most four expected tokens). */
static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner,
				 struct parser_state *state)
{
	yysymbol_kind_t expected[YYNTOKENS], shown[YYNTOKENS];
	yysymbol_kind_t la = yypcontext_token(ctx);
	int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
	bool name = false, hidden = false;
	int i, m = 0, filtered = 0;
	char msg[512];
	size_t off;

	(void)scanner;
	for (i = 0; i < n; i++) {
		if (expected[i] == YYSYMBOL_STRING)
			name = true;
		if (expected[i] == YYSYMBOL_DOTTED_NEVER)
			hidden = true;
	}
	for (i = 0; i < n; i++) {
		if (name && is_name_keyword(expected[i])) {
			filtered++;
			continue;
		}
		if ((expected[i] == YYSYMBOL_QUOTED_STRING ||
		     expected[i] == YYSYMBOL_ASTERISK_STRING) && name && filtered_any(expected, n))
			continue;
		shown[m++] = expected[i];
	}
	off = snprintf(msg, sizeof(msg), "syntax error");
	if (la != YYSYMBOL_YYEMPTY)
		off += snprintf(msg + off, sizeof(msg) - off, ", unexpected %s", token_name(la));
	/* a few keywords besides "string": a key name after ct, meta or a
	 * protocol, where upstream expects many keywords: no list */
	if (filtered > 0 && filtered < 40)
		hidden = true;
	if (!hidden && m > 0 && m <= 4) {
		for (i = 0; i < m && off < sizeof(msg); i++)
			off += snprintf(msg + off, sizeof(msg) - off, "%s%s",
					i ? " or " : ", expecting ", token_name(shown[i]));
	}
	erec_error(yypcontext_location(ctx), "%s", msg);
	state->errors++;
	return 0;
}

static void yyerror(YYLTYPE *loc, void *scanner, struct parser_state *state, const char *msg)
{
	(void)scanner;
	erec_error(loc, "%s", msg);
	state->errors++;
}

int nft_parse(void *scanner, struct parser_state *state)
{
	return yyparse(scanner, state);
}
