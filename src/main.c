/* anjian: command dispatch. Exit codes: 0 ok, 1 failure, 2 usage. */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "activity/import.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/progress.h"
#include "core/timeutil.h"
#include "demo/demo.h"
#include "enforce/supervision.h"
#include "duty/duty.h"
#include "enterprise/export.h"
#include "enterprise/import.h"
#include "hazard/hazard.h"
#include "hazard/import.h"
#include "http/router.h"
#include "http/server.h"
#include "refdata/refdata.h"
#include "report/annual.h"
#include "report/summary.h"
#include "report/tables.h"
#include "seed/seed.h"
#include "standard/standard.h"
#include "store/store.h"
#include "user/user.h"

#define EXIT_USAGE 2

struct opts {
	const char *db;
	const char *listen;
	const char *data_dir;
	const char *ui_dir;
	const char *city;
	const char *regions;
	const char *format;
	const char *output;
	const char *role;
	const char *display_name;
	const char *cert_no;
	const char *today;
	const char *year;
	const char *region;
	const char *as_of;
	long long   org_id;
	long long   enterprise_id;
	long long   seed;
	int         threads;
	bool        demo;
	bool        dry_run;
	bool        help;
};

static const char usage_text[] =
    "usage: anjian COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  init [--city CODE] [--regions FILE] [--demo]   create or upgrade the database\n"
    "  demo [--year YEAR] [--seed N]                   build the demo city (Ordos, a whole\n"
    "                                                  year of records) in a new database\n"
    "  serve [--listen ADDR:PORT] [--threads N]        serve the UI and the API\n"
    "  user add NAME --role ROLE [--org-id N] [--enterprise-id N] [--display-name S]\n"
    "           [--cert-no S]                           add a user (password on stdin)\n"
    "  user passwd NAME                                set a password (from stdin)\n"
    "  user lock NAME | user unlock NAME\n"
    "  import enterprises|hazards|activities FILE.csv [--dry-run]\n"
    "                                                  all rows or none\n"
    "  export enterprises --format xlsx|csv -o FILE\n"
    "  report tables --year Y [--region CODE] -o FILE.xlsx\n"
    "                                                  the statistics workbook (one sheet\n"
    "                                                  per line of work; docs/api.md)\n"
    "  report annual --year Y [--region CODE] [--as-of DATE] --format docx|pdf|md -o FILE\n"
    "                                                  the annual rule-of-law report (述法报告)\n"
    "  standards import FILE.json                      add or replace a hazard standard\n"
    "                                                  (format: docs/standards.md)\n"
    "  notify [--today YYYY-MM-DD]                     write the deadline notifications\n"
    "                                                  due that day (the server does it daily)\n"
    "  backup OUT.db                                   online copy while serving\n"
    "  audit verify                                    check the audit hash chain\n"
    "  routes                                          print the API route table\n"
    "  demo-logins                                     print the demo accounts\n"
    "\n"
    "options:\n"
    "  --db PATH          database file (ANJIAN_DB; default var/anjian.db)\n"
    "  --listen ADDR:PORT (ANJIAN_LISTEN; default 127.0.0.1:8080)\n"
    "  --threads N        event-loop threads (default: number of cores)\n"
    "  --data-dir DIR     attachments and other files (default var)\n"
    "  --ui-dir DIR       the built UI (default ui/dist)\n"
    "  --year YEAR        demo: the year to build (default 2024; a past year)\n"
    "  --seed N           demo: the seed of its generator (default 2024; same seed, same city)\n"
    "  --help             this text\n";

static int
usage(const char *msg)
{
	if (msg != NULL)
		fprintf(stderr, "anjian: %s\n\n", msg);
	fputs(usage_text, msg ? stderr : stdout);
	return msg ? EXIT_USAGE : 0;
}

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "data-dir", required_argument, NULL, 'D' },
		{ "ui-dir", required_argument, NULL, 'U' },
		{ "city", required_argument, NULL, 'c' },
		{ "regions", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "role", required_argument, NULL, 'R' },
		{ "display-name", required_argument, NULL, 'N' },
		{ "cert-no", required_argument, NULL, 'C' },
		{ "org-id", required_argument, NULL, 'O' },
		{ "enterprise-id", required_argument, NULL, 'E' },
		{ "demo", no_argument, NULL, 'm' },
		{ "today", required_argument, NULL, 'T' },
		{ "year", required_argument, NULL, 'Y' },
		{ "region", required_argument, NULL, 'G' },
		{ "as-of", required_argument, NULL, 'A' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int   c;

	o->db = getenv("ANJIAN_DB") ? getenv("ANJIAN_DB") : "var/anjian.db";
	o->listen = getenv("ANJIAN_LISTEN") ? getenv("ANJIAN_LISTEN") : "127.0.0.1:8080";
	o->data_dir = "var";
	o->ui_dir = "ui/dist";
	o->city = "150600";
	o->seed = 2024;
	o->threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (o->threads < 1)
		o->threads = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'l': o->listen = optarg; break;
		case 'D': o->data_dir = optarg; break;
		case 'U': o->ui_dir = optarg; break;
		case 'c': o->city = optarg; break;
		case 'r': o->regions = optarg; break;
		case 'f': o->format = optarg; break;
		case 'o': o->output = optarg; break;
		case 'R': o->role = optarg; break;
		case 'N': o->display_name = optarg; break;
		case 'C': o->cert_no = optarg; break;
		case 'm': o->demo = true; break;
		case 'T': o->today = optarg; break;
		case 'Y': o->year = optarg; break;
		case 'G': o->region = optarg; break;
		case 'A': o->as_of = optarg; break;
		case 'n': o->dry_run = true; break;
		case 'h': o->help = true; break;
		case 'S':
			o->seed = strtoll(optarg, &end, 10);
			if (*end != '\0' || o->seed < 0)
				return usage("--seed takes a non-negative number");
			break;
		case 't':
			o->threads = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || o->threads < 1 || o->threads > 64)
				return usage("--threads must be 1 to 64");
			break;
		case 'O':
		case 'E':
			*(c == 'O' ? &o->org_id : &o->enterprise_id) = strtoll(optarg, &end, 10);
			if (*end != '\0' || *(c == 'O' ? &o->org_id : &o->enterprise_id) <= 0)
				return usage("--org-id and --enterprise-id take a positive id");
			break;
		default: return usage(optopt ? "unknown or incomplete option" : "unknown option");
		}
	}
	return -1;
}

static const struct audit_who *
cli_who(void)
{
	static struct audit_who who;
	static char             name[80];
	const char             *u = getenv("USER");

	snprintf(name, sizeof(name), "cli:%s", u ? u : "?");
	who = (struct audit_who){ 0, name, "cli" };
	return &who;
}

static int
open_store(const struct opts *o, int flags, struct store **s)
{
	struct stat st;

	if (!(flags & STORE_CREATE) && stat(o->db, &st) != 0) {
		fprintf(stderr, "anjian: no database at %s (run `anjian init` first)\n", o->db);
		return 1;
	}
	if (store_open(o->db, flags, s) != APP_OK) {
		fprintf(stderr, "anjian: cannot open %s\n", o->db);
		return 1;
	}
	if (store_migrate(*s) != APP_OK) {
		fprintf(stderr, "anjian: cannot bring the database schema up to date\n");
		store_close(*s);
		return 1;
	}
	return 0;
}

static void
print_demo_logins(void)
{
	int i;

	printf("demo accounts (password %s):\n", DEMO_PASSWORD);
	for (i = 0; demo_accounts[i].username != NULL; i++)
		printf("  %-12s %-11s %s\n", demo_accounts[i].username, demo_accounts[i].role,
		    demo_accounts[i].display_name);
}

static const char sql_count_users[] = "SELECT count(*) FROM users";

/*
 * Creates or upgrades the database: the reference data of the city (once, audited) and
 * the built-in standards catalog. The store stays open in *out.
 */
static int
init_store(const struct opts *o, struct store **out)
{
	struct store *s;
	struct arena *a;
	const char   *problem = NULL, *had;
	enum app_err  er;
	json_t       *ch;
	int           loaded = 0;

	if (open_store(o, STORE_CREATE, &s) != 0)
		return 1;
	a = arena_new(256);
	/* Loading the reference data is a write like any other: audited, once. */
	if ((er = store_begin(s, STORE_WRITE)) == APP_OK &&
	    (er = refdata_city(s, a, &had)) == APP_OK &&
	    (er = refdata_load(s, o->city, o->regions, &problem)) == APP_OK && had[0] == '\0') {
		ch = json_pack("{s:s, s:s?}", "city_code", o->city, "regions_file", o->regions);
		er = audit_append(s, cli_who(), "init", "settings", 0, ch);
		json_decref(ch);
	}
	/* The built-in standards catalog: those not loaded yet (an upgrade adds new ones). */
	if (er == APP_OK)
		er = standard_load_builtin(s, cli_who(), now_ms(), &loaded, &problem);
	if (er == APP_OK)
		er = store_commit(s);
	arena_free(a);
	if (er != APP_OK) {
		store_rollback(s);
		store_close(s);
		fprintf(
		    stderr, "anjian: init failed: %s\n", problem ? problem : app_err_message(er));
		return 1;
	}
	if (loaded > 0)
		printf("loaded %d hazard determination standards\n", loaded);
	*out = s;
	return 0;
}

static int
cmd_init(const struct opts *o)
{
	struct store *s;
	const char   *problem = NULL;
	enum app_err  er;
	int64_t       users = 0;

	if (init_store(o, &s) != 0)
		return 1;
	if (o->demo && stmt_one_i64(store_stmt(s, sql_count_users), &users) == APP_OK &&
	    users > 0) {
		printf("accounts exist already: no demo accounts added\n");
	} else if (o->demo) {
		if ((er = seed_demo(s, &problem)) != APP_OK) {
			store_close(s);
			fprintf(stderr, "anjian: demo accounts: %s\n",
			    problem ? problem : app_err_message(er));
			return 1;
		}
		print_demo_logins();
	}
	store_close(s);
	printf("initialised %s for city %s\n", o->db, o->city);
	return 0;
}

/* The figures of the built city, as the report will count them (a check for the eye). */
static const char sql_demo_summary[] =
    "SELECT (SELECT count(*) FROM enterprises), (SELECT count(*) FROM users),"
    " (SELECT count(*) FROM hazards WHERE status <> 'voided' AND found_on LIKE ?1 || '-%'),"
    " (SELECT count(*) FROM inspections), (SELECT count(*) FROM cases),"
    " (SELECT count(*) FROM activities), (SELECT count(*) FROM audit)";

static int
cmd_demo(const struct opts *o)
{
	struct demo_opts d = { 0 };
	struct store    *s;
	struct stmt     *q;
	const char      *problem = NULL;
	enum app_err     er;
	int64_t          t0 = mono_us();
	bool             row;
	char             year[8], *end = NULL;

	/* The demo year: 2024, the year of the model report, unless --year says otherwise. */
	d.year = o->year != NULL ? (int)strtol(o->year, &end, 10) : 2024;
	if ((end != NULL && *end != '\0') || d.year < 2000 || d.year > 9998)
		return usage("demo: --year takes a year such as 2024");
	d.seed = (uint64_t)o->seed;
	d.data_dir = o->data_dir;
	d.quiet = !isatty(STDERR_FILENO);
	if (mkdir(o->data_dir, 0750) != 0 && errno != EEXIST) {
		fprintf(stderr, "anjian: cannot create data dir %s: %s\n", o->data_dir,
		    strerror(errno));
		return 1;
	}
	if (init_store(o, &s) != 0)
		return 1;
	if ((er = demo_build(s, &d, &problem)) != APP_OK) {
		store_close(s);
		fprintf(stderr, "anjian: demo: %s\n", problem ? problem : app_err_message(er));
		if (er != APP_ECONFLICT && er != APP_EINVAL)
			fprintf(
			    stderr, "anjian: %s is incomplete: remove it and run again\n", o->db);
		return 1;
	}
	q = store_stmt(s, sql_demo_summary);
	snprintf(year, sizeof(year), "%d", d.year);
	stmt_bind_text(q, 1, year);
	if (stmt_step(q, &row) == APP_OK && row)
		printf("demo city %s (%d, seed %lld) in %.1f s: %lld enterprises, %lld accounts, "
		       "%lld hazards found in %d, %lld inspections, %lld cases, %lld activities, "
		       "%lld audit rows\n",
		    o->city, d.year, o->seed, (double)(mono_us() - t0) / 1e6,
		    (long long)stmt_i64(q, 0), (long long)stmt_i64(q, 1), (long long)stmt_i64(q, 2),
		    d.year, (long long)stmt_i64(q, 3), (long long)stmt_i64(q, 4),
		    (long long)stmt_i64(q, 5), (long long)stmt_i64(q, 6));
	stmt_reset(q);
	store_close(s);
	print_demo_logins();
	printf("(and every other account of the demo city has the same password)\n");
	return 0;
}

/*
 * A database made by an older version gets the standards it lacks when it is served, so
 * that an upgrade needs no extra step (audited; nothing happens when all are there).
 */
static int
load_builtin_standards(struct store *s)
{
	const char  *problem = NULL;
	enum app_err er;
	int          loaded = 0;

	if ((er = store_begin(s, STORE_WRITE)) == APP_OK)
		er = standard_load_builtin(s, cli_who(), now_ms(), &loaded, &problem);
	if (er == APP_OK)
		er = store_commit(s);
	if (er != APP_OK) {
		store_rollback(s);
		fprintf(stderr, "anjian: cannot load the built-in standards: %s\n",
		    problem ? problem : app_err_message(er));
		return 1;
	}
	if (loaded > 0)
		log_info("loaded %d hazard determination standards", loaded);
	return 0;
}

static int
cmd_serve(const struct opts *o)
{
	struct config cfg = { 0 };
	struct store *s;
	char          host[256];
	const char   *colon = strrchr(o->listen, ':');
	char         *end;
	long          port;

	if (colon == NULL || (size_t)(colon - o->listen) >= sizeof(host))
		return usage("--listen takes ADDR:PORT");
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 1 || port > 65535)
		return usage("--listen port must be 1 to 65535");
	memcpy(host, o->listen, (size_t)(colon - o->listen));
	host[colon - o->listen] = '\0';
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	/* Apply pending migrations once, before the loops open their connections. */
	if (open_store(o, 0, &s) != 0)
		return 1;
	if (load_builtin_standards(s) != 0 || refdata_names_load(s) != APP_OK) {
		store_close(s);
		fprintf(stderr, "anjian: cannot read the region and sector names\n");
		return 1;
	}
	store_close(s);
	if (mkdir(o->data_dir, 0750) != 0 && errno != EEXIST) {
		fprintf(stderr, "anjian: cannot create data dir %s: %s\n", o->data_dir,
		    strerror(errno));
		return 1;
	}
	cfg.db_path = o->db;
	cfg.listen_host = host;
	cfg.port = (int)port;
	cfg.threads = o->threads;
	cfg.data_dir = o->data_dir;
	cfg.ui_dir = o->ui_dir;
	return server_run(&cfg);
}

/* One line from stdin, without echo on a terminal. */
static char *
read_password(const char *prompt)
{
	static char    buf[PASSWORD_MAX_BYTES + 2];
	struct termios t, quiet;
	bool           tty = isatty(STDIN_FILENO);
	size_t         n;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(STDIN_FILENO, &t);
		quiet = t;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (fgets(buf, sizeof(buf), stdin) == NULL)
		buf[0] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
		fputc('\n', stderr);
	}
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return buf;
}

static void
print_field_errors(json_t *errs)
{
	size_t  i;
	json_t *e;

	json_array_foreach(errs, i, e)
	    fprintf(stderr, "  %s: %s\n", json_string_value(json_object_get(e, "field")),
		json_string_value(json_object_get(e, "message")));
}

static int
cmd_user(const struct opts *o, int argc, char **argv)
{
	struct store *s;
	struct arena *a;
	json_t       *in, *errs;
	enum app_err  er;
	int64_t       id;
	int           rc = 1;

	if (argc != 2)
		return usage("user add|passwd|lock|unlock NAME");
	if (open_store(o, 0, &s) != 0)
		return 1;
	a = arena_new(4096);
	errs = json_array();
	in = json_object();
	if (strcmp(argv[0], "add") == 0) {
		if (o->role == NULL) {
			rc = usage("user add needs --role");
			goto out;
		}
		json_object_set_new(in, "username", json_string(argv[1]));
		json_object_set_new(in, "role", json_string(o->role));
		json_object_set_new(
		    in, "display_name", json_string(o->display_name ? o->display_name : argv[1]));
		if (o->org_id > 0)
			json_object_set_new(in, "org_id", json_integer(o->org_id));
		if (o->enterprise_id > 0)
			json_object_set_new(in, "enterprise_id", json_integer(o->enterprise_id));
		if (o->cert_no != NULL)
			json_object_set_new(in, "cert_no", json_string(o->cert_no));
		json_object_set_new(in, "password", json_string(read_password("密码： ")));
		er = user_create(s, a, cli_who(), in, errs, &id);
	} else if (strcmp(argv[0], "passwd") == 0 || strcmp(argv[0], "lock") == 0 ||
	    strcmp(argv[0], "unlock") == 0) {
		if ((er = user_id_by_name(s, argv[1], &id)) == APP_ENOENT) {
			fprintf(stderr, "anjian: no user %s\n", argv[1]);
			goto out;
		}
		if (er == APP_OK && strcmp(argv[0], "passwd") == 0) {
			json_object_set_new(
			    in, "password", json_string(read_password("新密码： ")));
			er = user_update(s, a, cli_who(), id, in, errs);
		} else if (er == APP_OK)
			er = user_set_locked(s, cli_who(), id, strcmp(argv[0], "lock") == 0, errs);
	} else {
		rc = usage("user add|passwd|lock|unlock NAME");
		goto out;
	}
	if (er != APP_OK) {
		fprintf(stderr, "anjian: user %s %s: %s\n", argv[0], argv[1], app_err_message(er));
		print_field_errors(errs);
		goto out;
	}
	printf("user %s: %s done\n", argv[1], argv[0]);
	rc = 0;
out:
	json_decref(in);
	json_decref(errs);
	arena_free(a);
	store_close(s);
	return rc;
}

static void
import_progress(int64_t done, int64_t total, void *arg)
{
	progress_update(arg, done, total);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long  n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < (1L << 30) &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = '\0';
			*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

static int
cmd_import(const struct opts *o, int argc, char **argv)
{
	struct import_result res;
	struct progress      p;
	struct store        *s;
	enum app_err         er;
	size_t               len, i;
	json_t              *e;
	char                *data;
	static const struct {
		const char *what;
		enum app_err (*fn)(struct store *, const struct audit_who *, const char *, size_t,
		    bool, import_progress_fn, void *, struct import_result *);
		const char *done;
	} kinds[] = {
		{ "enterprises", enterprise_import, "已导入 %lld 家企业\n" },
		{ "hazards", hazard_import, "已导入 %lld 条隐患\n" },
		{ "activities", activity_import, "已导入 %lld 条宣传培训活动\n" },
	};
	size_t k;

	for (k = 0; argc == 2 && k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (strcmp(argv[0], kinds[k].what) == 0)
			break;
	if (argc != 2 || k == sizeof(kinds) / sizeof(kinds[0]))
		return usage("import enterprises|hazards|activities FILE.csv [--dry-run]");
	if ((data = slurp(argv[1], &len)) == NULL) {
		fprintf(stderr, "anjian: cannot read %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (open_store(o, 0, &s) != 0) {
		free(data);
		return 1;
	}
	progress_start(&p, o->dry_run ? "检查" : "导入");
	er = kinds[k].fn(s, cli_who(), data, len, o->dry_run, import_progress, &p, &res);
	progress_end(&p, res.rows);
	json_array_foreach(res.problems, i, e) fprintf(stderr, "第 %lld 行 %s%s%s\n",
	    (long long)json_integer_value(json_object_get(e, "row")),
	    json_string_value(json_object_get(e, "column")),
	    json_string_value(json_object_get(e, "column"))[0] ? ": " : "",
	    json_string_value(json_object_get(e, "message")));
	if (er == APP_OK && o->dry_run)
		printf("检查通过：%lld 行可导入（未写入）\n", (long long)res.rows);
	else if (er == APP_OK)
		printf(kinds[k].done, (long long)res.rows);
	else
		fprintf(stderr, "anjian: %s；没有写入任何数据（%zu 处问题%s）\n",
		    er == APP_EINVAL ? "导入未通过检查" : app_err_message(er),
		    json_array_size(res.problems),
		    json_array_size(res.problems) >= IMPORT_MAX_PROBLEMS ? "，只列出前 1000 处"
									 : "");
	json_decref(res.problems);
	store_close(s);
	free(data);
	return er == APP_OK ? 0 : 1;
}

static int
cmd_export(const struct opts *o, int argc, char **argv)
{
	struct actor             admin = { .role = ROLE_ADMIN };
	struct enterprise_filter f = { .hazchem = -1, .major_hazard_source = -1 };
	struct progress          p;
	struct scope             sc;
	struct store            *s;
	enum app_err             er;
	int64_t                  rows;

	if (argc != 1 || strcmp(argv[0], "enterprises") != 0 || o->format == NULL ||
	    o->output == NULL || (strcmp(o->format, "xlsx") != 0 && strcmp(o->format, "csv") != 0))
		return usage("export enterprises --format xlsx|csv -o FILE");
	if (open_store(o, 0, &s) != 0)
		return 1;
	if (refdata_names_load(s) != APP_OK) {
		store_close(s);
		fprintf(stderr, "anjian: cannot read the region and sector names\n");
		return 1;
	}
	scope_of(&admin, &sc);
	progress_start(&p, "导出");
	er =
	    enterprise_export(s, &sc, &f, strcmp(o->format, "xlsx") == 0 ? EXPORT_XLSX : EXPORT_CSV,
		o->output, (export_progress_fn)import_progress, &p, &rows);
	progress_end(&p, rows);
	store_close(s);
	if (er != APP_OK) {
		fprintf(stderr, "anjian: export failed: %s\n", app_err_message(er));
		return 1;
	}
	printf("wrote %lld enterprises to %s\n", (long long)rows, o->output);
	return 0;
}

static void
backup_progress(int done, int total, void *arg)
{
	progress_update(arg, done, total);
}

static int
cmd_backup(const struct opts *o, int argc, char **argv)
{
	struct progress p;
	struct store   *s;
	enum app_err    er;
	struct stat     st;

	if (argc != 1)
		return usage("backup OUT.db");
	if (stat(argv[0], &st) == 0) {
		fprintf(stderr, "anjian: %s exists; choose a new file\n", argv[0]);
		return 1;
	}
	if (open_store(o, 0, &s) != 0)
		return 1;
	progress_start(&p, "备份 （pages）");
	er = store_backup(s, argv[0], backup_progress, &p);
	progress_end(&p, 0);
	store_close(s);
	if (er != APP_OK) {
		fprintf(stderr, "anjian: backup failed\n");
		return 1;
	}
	printf("backup written to %s\n", argv[0]);
	return 0;
}

static int
cmd_audit(const struct opts *o, int argc, char **argv)
{
	struct audit_problem p;
	struct store        *s;
	enum app_err         er;
	int64_t              n;

	if (argc != 1 || strcmp(argv[0], "verify") != 0)
		return usage("audit verify");
	if (open_store(o, STORE_READONLY, &s) != 0)
		return 1;
	er = audit_verify(s, &p, &n);
	store_close(s);
	if (er == APP_OK) {
		printf("audit chain intact: %lld rows\n", (long long)n);
		return 0;
	}
	if (er == APP_ECONFLICT)
		printf("audit chain BROKEN at row %lld: %s\n", (long long)p.row_id, p.what);
	else
		fprintf(stderr, "anjian: cannot read the audit log\n");
	return 1;
}

static int
cmd_standards(const struct opts *o, int argc, char **argv)
{
	struct standard_put_result res;
	struct store              *s;
	struct arena              *a;
	json_error_t               je;
	json_t                    *doc, *errs;
	enum app_err               er;

	if (argc != 2 || strcmp(argv[0], "import") != 0)
		return usage("standards import FILE.json");
	if ((doc = json_load_file(argv[1], 0, &je)) == NULL) {
		fprintf(stderr, "anjian: %s: line %d column %d: %s\n", argv[1], je.line, je.column,
		    je.text);
		return 1;
	}
	if (open_store(o, 0, &s) != 0) {
		json_decref(doc);
		return 1;
	}
	a = arena_new(4096);
	errs = json_array();
	if ((er = store_begin(s, STORE_WRITE)) == APP_OK)
		er = standard_put(s, a, cli_who(), doc, now_ms(), errs, &res);
	if (er == APP_OK)
		er = store_commit(s);
	else
		store_rollback(s);
	if (er == APP_OK)
		printf("%s standard %s (id %lld): %d items added, %d updated, %d unchanged, %d "
		       "retired\n",
		    res.replaced ? "replaced" : "added",
		    json_string_value(json_object_get(doc, "code")), (long long)res.id, res.added,
		    res.updated, res.unchanged, res.retired);
	else {
		fprintf(stderr, "anjian: %s not imported: %s\n", argv[1],
		    er == APP_EINVAL ? "the file does not follow docs/standards.md"
				     : app_err_message(er));
		print_field_errors(errs);
	}
	json_decref(errs);
	json_decref(doc);
	arena_free(a);
	store_close(s);
	return er == APP_OK ? 0 : 1;
}

static int
cmd_notify(const struct opts *o, int argc)
{
	struct store *s;
	enum app_err  er;
	int64_t       n = 0, sn = 0, tn = 0, d;
	char          today[11];

	(void)argc;
	if (o->today != NULL && !date_parse(o->today, &d))
		return usage("--today takes a date YYYY-MM-DD");
	if (o->today != NULL)
		snprintf(today, sizeof(today), "%s", o->today);
	else
		today_str(today);
	if (open_store(o, 0, &s) != 0)
		return 1;
	er = hazard_notify(s, cli_who(), today, now_ms(), &n);
	if (er == APP_OK)
		er = supervision_notify(s, cli_who(), today, now_ms(), &sn);
	if (er == APP_OK)
		er = task_notify(s, cli_who(), today, now_ms(), &tn);
	store_close(s);
	if (er != APP_OK) {
		fprintf(stderr, "anjian: notify failed: %s\n", app_err_message(er));
		return 1;
	}
	printf("%lld notifications written for %s (hazards %lld, supervisions %lld, tasks %lld)\n",
	    (long long)(n + sn + tn), today, (long long)n, (long long)sn, (long long)tn);
	return 0;
}

/* Writes `len` bytes to `path`. */
static enum app_err
write_file(const char *path, const unsigned char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool  ok = f != NULL && fwrite(data, 1, len, f) == len;

	if (f != NULL && fclose(f) != 0)
		ok = false;
	return ok ? APP_OK : APP_EINTERNAL;
}

/*
 * report tables|annual: the statistics workbook or the annual report of the whole city
 * (as an admin sees it) or of --region.
 */
static int
cmd_report(const struct opts *o, int argc, char **argv)
{
	struct actor         admin = { .role = ROLE_ADMIN,
			.username = "cli",
			.display_name = "cli",
			.region_code = "",
			.sectors = "" };
	struct summary_query q;
	struct scope         sc;
	enum annual_format   fmt = ANNUAL_DOCX;
	struct store        *s;
	json_t              *errs;
	unsigned char       *out = NULL;
	size_t               len = 0;
	char                 code[16], name[128], *title = NULL, *end = NULL;
	long                 year = o->year != NULL ? strtol(o->year, &end, 10) : 0;
	bool                 tables = argc == 1 && strcmp(argv[0], "tables") == 0;
	enum app_err         er;

	if (!tables && (argc != 1 || strcmp(argv[0], "annual") != 0))
		return usage(
		    "report tables|annual --year Y [--region CODE] [--as-of DATE] -o FILE");
	if (o->year == NULL || *end != '\0')
		return usage("report: --year YYYY is required");
	if (!tables && !annual_format_parse(o->format != NULL ? o->format : "docx", &fmt))
		return usage("report annual: --format docx, pdf or md");
	if (o->output == NULL)
		return usage("report: -o FILE is required");
	if (open_store(o, 0, &s) != 0)
		return 1;
	errs = json_array();
	if ((er = refdata_names_load(s)) == APP_OK &&
	    (er = summary_query_init(&q, (int)year, o->as_of, o->region, errs)) == APP_OK)
		er = summary_scope(s, &admin, &q, &sc, code, name, sizeof(name), errs);
	if (er == APP_OK && tables)
		er = tables_write(s, &admin, &sc, &q, name, o->output);
	else if (er == APP_OK &&
	    (er = annual_make(s, &admin, &sc, &q, code, name, fmt, &out, &len, &title)) == APP_OK)
		er = write_file(o->output, out, len);
	store_close(s);
	free(out);
	if (er == APP_EINVAL && json_array_size(errs) > 0) {
		fprintf(stderr, "anjian: report %s:\n", argv[0]);
		print_field_errors(errs);
		json_decref(errs);
		free(title);
		return EXIT_USAGE;
	}
	json_decref(errs);
	if (er != APP_OK)
		fprintf(stderr, "anjian: report %s failed: %s\n", argv[0], app_err_message(er));
	else if (tables)
		printf("wrote the %d statistics workbook of %s (as of %s) to %s\n", q.year, name,
		    q.as_of, o->output);
	else
		printf("%s: %s (%zu bytes)\n", o->output, title, len);
	free(title);
	return er == APP_OK ? 0 : 1;
}

static int
cmd_routes(void)
{
	size_t i, r;

	for (i = 0; i < routes_n; i++) {
		printf("%s %s", http_method_name(routes[i].method), routes[i].pattern);
		for (r = 0; r < ROLE__MAX; r++)
			if (routes[i].roles & ROLE_BIT(r))
				printf(" %s", role_code((enum role)r));
		printf("\n");
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	const char *cmd;
	int         rc;

	if (argc < 2)
		return usage("no command");
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0)
		return usage(NULL);
	if ((rc = parse_opts(argc - 1, argv + 1, &o)) >= 0)
		return rc;
	if (o.help)
		return usage(NULL);
	if (sodium_init() < 0) {
		fprintf(stderr, "anjian: libsodium failed to start\n");
		return 1;
	}
	argc -= 1 + optind;
	argv += 1 + optind;
	if (strcmp(cmd, "init") == 0)
		return argc == 0 ? cmd_init(&o) : usage("init takes no arguments");
	if (strcmp(cmd, "demo") == 0)
		return argc == 0 ? cmd_demo(&o) : usage("demo takes no arguments");
	if (strcmp(cmd, "serve") == 0)
		return argc == 0 ? cmd_serve(&o) : usage("serve takes no arguments");
	if (strcmp(cmd, "user") == 0)
		return cmd_user(&o, argc, argv);
	if (strcmp(cmd, "import") == 0)
		return cmd_import(&o, argc, argv);
	if (strcmp(cmd, "export") == 0)
		return cmd_export(&o, argc, argv);
	if (strcmp(cmd, "report") == 0)
		return cmd_report(&o, argc, argv);
	if (strcmp(cmd, "backup") == 0)
		return cmd_backup(&o, argc, argv);
	if (strcmp(cmd, "audit") == 0)
		return cmd_audit(&o, argc, argv);
	if (strcmp(cmd, "routes") == 0)
		return cmd_routes();
	if (strcmp(cmd, "standards") == 0)
		return cmd_standards(&o, argc, argv);
	if (strcmp(cmd, "notify") == 0)
		return argc == 0 ? cmd_notify(&o, argc) : usage("notify takes no arguments");
	if (strcmp(cmd, "demo-logins") == 0) {
		print_demo_logins();
		return 0;
	}
	return usage("unknown command");
}
