/*
 * The demo city: orchestration and what every part uses — a seeded generator
 * (splitmix64: no rand(), no clock), dates of the demo year, the accounts the parts act as,
 * photos, batching and progress.
 */
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attachment/attachment.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "core/workday.h"
#include "demo/demo_impl.h"
#include "refdata/refdata.h"
#include "store/store.h"

const char *const demo_sector_codes[SEC__MAX] = { "coal", "chemical", "metal_nonmetal_mine",
	"industry_trade", "construction", "road_transport", "city_gas", "power", "fireworks",
	"civil_explosives", "fire", "other" };

/* Records per write transaction: one COMMIT (one fsync) for this many writes. */
#define BATCH_RECORDS 20000

/* ---- randomness: splitmix64 (Steele, Lea, Flood 2014), one stream per build ---- */

uint64_t
demo_rand(struct demo *d)
{
	uint64_t z = (d->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int
demo_below(struct demo *d, int n)
{
	return n <= 1 ? 0 : (int)(demo_rand(d) % (uint64_t)n);
}

int
demo_between(struct demo *d, int lo, int hi)
{
	return hi <= lo ? lo : lo + demo_below(d, hi - lo + 1);
}

int64_t
demo_between64(struct demo *d, int64_t lo, int64_t hi)
{
	return hi <= lo ? lo : lo + (int64_t)(demo_rand(d) % (uint64_t)(hi - lo + 1));
}

bool
demo_chance(struct demo *d, double p)
{
	return (double)(demo_rand(d) >> 11) / 9007199254740992.0 < p;
}

int
demo_weighted(struct demo *d, const int *w, int n)
{
	int i, sum = 0, r;

	for (i = 0; i < n; i++)
		sum += w[i];
	r = demo_below(d, sum);
	for (i = 0; i < n - 1; i++) {
		if (r < w[i])
			return i;
		r -= w[i];
	}
	return n - 1;
}

void
demo_split(struct demo *d, int64_t total, int64_t *parts, int n)
{
	int64_t rest = total - n, share;
	int     i;

	/* Each part 1 plus a random share of the rest, the shares near the mean. */
	for (i = 0; i < n; i++)
		parts[i] = 1;
	for (i = 0; i < n - 1 && rest > 0; i++) {
		share = rest / (n - i);
		share = demo_between64(d, share / 2, share + share / 2);
		if (share > rest)
			share = rest;
		parts[i] += share;
		rest -= share;
	}
	parts[n - 1] += rest;
	/* Shuffle so that the last is not always the remainder. */
	for (i = n - 1; i > 0; i--) {
		int     j = demo_below(d, i + 1);
		int64_t t = parts[i];

		parts[i] = parts[j];
		parts[j] = t;
	}
}

const char *
demo_pick(struct demo *d, const char *const *list)
{
	int n = 0;

	while (list[n] != NULL)
		n++;
	return list[demo_below(d, n)];
}

/* ---- dates ---- */

int64_t
demo_day(const struct demo *d, int month, int dd)
{
	return days_from_civil(d->year, (unsigned)month, (unsigned)dd);
}

int64_t
demo_workday(int64_t day)
{
	while (!workday_is(day, NULL))
		day++;
	return day;
}

int64_t
demo_at(int64_t day, int hh, int mm)
{
	return date_start_ms(day) + hh * MS_PER_HOUR + mm * MS_PER_MIN;
}

const char *
demo_date(struct demo *d, int64_t day)
{
	char buf[11];

	date_fmt(day, buf);
	return arena_strdup(d->a, buf);
}

const char *
demo_instant(struct demo *d, int64_t ms)
{
	char buf[40];

	time_fmt_rfc3339(ms, buf, sizeof(buf));
	return arena_strdup(d->a, buf);
}

/* ---- people ---- */

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
	"徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩",
	"唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕",
	"苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎", "白", "乔", "云", "包", "奇",
	"额尔敦", "宝", "那", NULL };
static const char *const given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文斌",
	"永胜", "立新", "志强", "海军", "晓东", "春梅", "玉兰", "建军", "巴特尔", "乌兰", "苏和",
	"那日苏", "其其格", "斯琴", "图雅", "满都拉", "宏伟", "丽娜", "雪梅", "振华", "国庆",
	"海燕", "红梅", "俊峰", "鹏飞", "晓燕", "志刚", "慧敏", "子涵", "浩然", NULL };

const char *
demo_person(struct demo *d)
{
	return arena_printf(d->a, "%s%s", demo_pick(d, surnames), demo_pick(d, given));
}

const char *
demo_mobile(struct demo *d)
{
	static const char *const prefixes[] = { "130", "131", "132", "133", "135", "136", "137",
		"138", "139", "150", "151", "152", "155", "156", "158", "159", "177", "180", "182",
		"183", "185", "186", "187", "189", "191", "199", NULL };

	return arena_printf(
	    d->a, "%s%08d", demo_pick(d, prefixes), demo_between(d, 10000000, 99999999));
}

void
demo_staff_set(struct demo_staff *st, int64_t user_id, const char *username, const char *display,
    enum role role, int64_t org_id, const char *region, const char *sectors, const char *cert)
{
	memset(st, 0, sizeof(*st));
	snprintf(st->username, sizeof(st->username), "%s", username);
	snprintf(st->display, sizeof(st->display), "%s", display);
	snprintf(st->region, sizeof(st->region), "%s", region ? region : "");
	snprintf(st->sectors, sizeof(st->sectors), "%s", sectors ? sectors : "");
	snprintf(st->cert, sizeof(st->cert), "%s", cert ? cert : "");
	st->actor.user_id = user_id;
	st->actor.username = st->username;
	st->actor.display_name = st->display;
	st->actor.role = role;
	st->actor.org_id = org_id;
	st->actor.region_code = st->region;
	st->actor.sectors = st->sectors;
	scope_of(&st->actor, &st->sc);
	st->who.actor_id = user_id;
	st->who.actor_name = st->username;
	st->who.client = "demo";
}

void
demo_ent_staff(struct demo *d, int i, struct demo_staff *out)
{
	const struct demo_ent *e = &d->ents[i];
	char                   name[40];
	size_t                 k;

	/* The account is named after the enterprise's code: e + the USCC in lower case. */
	name[0] = 'e';
	for (k = 0; e->uscc[k] != '\0' && k + 2 < sizeof(name); k++)
		name[k + 1] =
		    (char)(e->uscc[k] >= 'A' && e->uscc[k] <= 'Z' ? e->uscc[k] + 32 : e->uscc[k]);
	name[k + 1] = '\0';
	demo_staff_set(
	    out, e->user_id, name, "企业安全员", ROLE_ENTERPRISE, 0, e->region, "", NULL);
	out->actor.enterprise_id = e->id;
	scope_of(&out->actor, &out->sc);
}

/* ---- photos ---- */

struct png_buf {
	unsigned char *p;
	size_t         n, cap;
};

static cairo_status_t
png_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct png_buf *b = closure;

	if (b->n + len > b->cap) {
		b->cap = (b->n + len) * 2;
		if ((b->p = realloc(b->p, b->cap)) == NULL)
			abort();
	}
	memcpy(b->p + b->n, data, len);
	b->n += len;
	return CAIRO_STATUS_SUCCESS;
}

/*
 * A placeholder "site photo": a small picture of a wall, a floor and a fixture in one of
 * eight colourings, drawn with cairo (the demo has no real photos, and a photo is what the
 * rules ask for when a hazard is rectified).
 */
static void
make_photos(struct demo *d)
{
	int i;

	for (i = 0; i < 8; i++) {
		cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 160, 120);
		cairo_t         *cr = cairo_create(sf);
		struct png_buf   b = { 0 };
		double           h = i / 8.0;

		cairo_set_source_rgb(cr, 0.55 + 0.3 * h, 0.6, 0.65 - 0.3 * h);
		cairo_paint(cr);
		cairo_set_source_rgb(cr, 0.35, 0.33 + 0.2 * h, 0.3);
		cairo_rectangle(cr, 0, 80, 160, 40);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.9, 0.75 - 0.4 * h, 0.1);
		cairo_rectangle(cr, 20 + 12 * i, 30, 40, 50);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0.1, 0.5, 0.2);
		cairo_arc(cr, 120, 40, 10 + i, 0, 2 * M_PI);
		cairo_fill(cr);
		cairo_surface_flush(sf);
		cairo_surface_write_to_png_stream(sf, png_write, &b);
		cairo_destroy(cr);
		cairo_surface_destroy(sf);
		d->png[i] = b.p;
		d->png_len[i] = b.n;
	}
}

enum app_err
demo_photo(struct demo *d, struct demo_staff *who, int64_t *id)
{
	static const char *const names[] = { "整改后现场照片.png", "现场照片.png", "整改完成.png",
		NULL };
	struct attachment_in in = { 0 };
	json_t              *errs = json_array(), *row = NULL;
	enum app_err         er;
	int                  k = demo_below(d, 8);

	in.data = d->png[k];
	in.len = d->png_len[k];
	in.filename = demo_pick(d, names);
	er = attachment_add(d->s, d->a, d->o->data_dir, &who->actor, &who->who, &in, errs, &row);
	*id = er == APP_OK ? json_integer_value(json_object_get(row, "id")) : 0;
	if (er != APP_OK)
		er = demo_failed(d, "photo", er, errs);
	json_decref(row);
	json_decref(errs);
	return er;
}

/* ---- writing ---- */

enum app_err
demo_tick(struct demo *d)
{
	enum app_err er;

	d->done++;
	if (!d->o->quiet && d->done % 500 == 0)
		progress_update(&d->prog, d->done, d->total > d->done ? d->total : d->done);
	if (++d->since_commit < BATCH_RECORDS)
		return APP_OK;
	d->since_commit = 0;
	if ((er = store_batch_end(d->s, true)) != APP_OK)
		return er;
	return store_batch_begin(d->s);
}

enum app_err
demo_failed(struct demo *d, const char *what, enum app_err er, json_t *errs)
{
	char *e = errs != NULL ? json_dumps(errs, JSON_COMPACT) : NULL;

	log_error("demo: %s: %s %s", what, app_err_message(er), e ? e : "");
	free(e);
	if (d->problem == NULL)
		d->problem = arena_printf(d->perm, "写入失败：%s（%s）", what, app_err_message(er));
	return er != APP_OK ? er : APP_EINTERNAL;
}

/* ---- the build ---- */

static const char sql_enterprises[] = "SELECT count(*) FROM enterprises";
static char       problem_text[300];

enum app_err
demo_build(struct store *s, const struct demo_opts *o, const char **problem)
{
	struct demo *d = calloc(1, sizeof(*d));
	enum app_err er;
	int64_t      n = 0;
	char         today[11];
	int64_t      t;
	int          i, y;
	unsigned     m, dd;
	static struct {
		enum app_err (*fn)(struct demo *);
		const char *label;
	} const parts[] = {
		{ demo_people, "单位、人员和企业" },
		{ demo_accidents, "生产安全事故" },
		{ demo_hazards, "检查和隐患" },
		{ demo_cases, "执法案件" },
		{ demo_supervisions, "督办问责" },
		{ demo_activities, "宣传培训" },
		{ demo_duty, "责任体系" },
	};

	if (d == NULL)
		abort();
	*problem = NULL;
	today_str(today);
	date_parse(today, &t);
	civil_from_days(t, &y, &m, &dd);
	if (o->year < 2000 || o->year >= y) {
		*problem = "演示年份须为已过去的年份";
		free(d);
		return APP_EINVAL;
	}
	if ((er = stmt_one_i64(store_stmt(s, sql_enterprises), &n)) != APP_OK) {
		free(d);
		return er;
	}
	if (n > 0) {
		*problem = "数据库中已有企业：演示城市只能在新建的数据库中生成";
		free(d);
		return APP_ECONFLICT;
	}
	d->s = s;
	d->o = o;
	d->year = o->year;
	d->rng = o->seed;
	d->perm = arena_new(1 << 16);
	d->a = arena_new(1 << 16);
	d->y0 = demo_day(d, 1, 1);
	d->last_day = t - 1;
	if ((er = refdata_city(s, d->perm, &d->city_code)) != APP_OK || d->city_code[0] == '\0' ||
	    (er = region_name(s, d->perm, d->city_code, &d->city_name)) != APP_OK) {
		*problem = "数据库尚未初始化";
		er = er != APP_OK ? er : APP_EINVAL;
		goto out;
	}
	/* One argon2id hash of the demo password for every account (each would take ~0.1 s). */
	if ((er = auth_hash_password(DEMO_PASSWORD, d->password_hash, sizeof(d->password_hash))) !=
	    APP_OK)
		goto out;
	make_photos(d);
	d->total = 191000; /* about the records written (seed 2024), for the bar */
	if (!o->quiet)
		progress_start(&d->prog, "生成演示城市");
	/* A half-built city is thrown away, never repaired: while building, a commit need not
	 * wait for the disk (the file is synced once at the end). */
	store_bulk(s, true);
	if ((er = store_exec(s, "PRAGMA synchronous = OFF")) != APP_OK ||
	    (er = store_batch_begin(s)) != APP_OK)
		goto out;
	for (i = 0; i < (int)(sizeof(parts) / sizeof(parts[0])) && er == APP_OK; i++) {
		int64_t t0 = mono_us(), n0 = d->done;

		d->prog.label = parts[i].label;
		er = parts[i].fn(d);
		arena_reset(d->a);
		if (o->quiet) /* on a terminal the bar says it */
			log_info("demo: %s: %lld writes in %.1f s", parts[i].label,
			    (long long)(d->done - n0), (double)(mono_us() - t0) / 1e6);
	}
	if (er == APP_OK)
		er = store_batch_end(s, true);
	else
		store_batch_end(s, false);
	store_bulk(s, false);
	if (store_exec(s, "PRAGMA synchronous = FULL") == APP_OK)
		store_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)");
	if (!o->quiet) {
		d->prog.label = "生成演示城市";
		progress_end(&d->prog, d->done);
	}
out:
	if (er != APP_OK && *problem == NULL && d->problem != NULL) {
		snprintf(problem_text, sizeof(problem_text), "%s", d->problem);
		*problem = problem_text;
	}
	for (i = 0; i < 8; i++)
		free(d->png[i]);
	arena_free(d->a);
	arena_free(d->perm);
	free(d);
	return er;
}
