#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "accident/accident.h"
#include "activity/activity.h"
#include "auth/auth.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "duty/duty.h"
#include "enforce/case_stats.h"
#include "enforce/supervision.h"
#include "hazard/stats.h"
#include "org/org.h"
#include "refdata/refdata.h"
#include "report/summary.h"
#include "report/tables.h"
#include "store/store.h"

/* ---- the layout ---- */

enum col_kind {
	COL_INT,  /* a count */
	COL_WAN,  /* fen, shown in 万元 with two decimals */
	COL_RATE, /* a ratio, shown as a percentage */
	COL__MAX
};

struct col {
	const char   *head;  /* the upper header over the columns sharing it, or NULL */
	const char   *label; /* the column's header */
	const char   *key;   /* the member of a group; "a.b" reaches into an object */
	enum col_kind kind;
	double        width;
};

struct block {
	const char *caption;   /* "（一）按地区", or NULL for a sheet of one block */
	const char *first;     /* the first column's header */
	const char *label_key; /* the member naming a row */
	json_t     *groups;    /* borrowed */
	json_t     *total;     /* borrowed */
};

struct form {
	const char         *sheet; /* the sheet's name */
	const char         *title; /* after the region and the year */
	const struct col   *cols;
	size_t              ncols;
	double              first_width;
	const char         *note;
	const struct block *blocks;
	size_t              nblocks;
};

struct book {
	lxw_workbook *wb;
	lxw_format   *title, *unit, *period, *caption, *head, *text, *text_bold, *foot, *note;
	lxw_format   *num[COL__MAX], *num_bold[COL__MAX];
	const char   *region; /* its name */
	const char   *filer;  /* 填报单位 */
	const struct summary_query *q;
	char                        today[11];
};

static lxw_format *
fmt_new(struct book *b, bool bold, bool border)
{
	lxw_format *f = workbook_add_format(b->wb);

	format_set_font_name(f, "宋体");
	format_set_font_size(f, 10);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (bold)
		format_set_bold(f);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	return f;
}

static void
book_formats(struct book *b)
{
	static const char *const nums[COL__MAX] = { "0", "0.00", "0.00%" };
	int                      k, bold;

	b->title = fmt_new(b, true, false);
	format_set_font_size(b->title, 16);
	format_set_align(b->title, LXW_ALIGN_CENTER);
	b->unit = fmt_new(b, false, false);
	b->period = fmt_new(b, false, false);
	format_set_align(b->period, LXW_ALIGN_RIGHT);
	b->caption = fmt_new(b, true, false);
	b->head = fmt_new(b, true, true);
	format_set_align(b->head, LXW_ALIGN_CENTER);
	format_set_text_wrap(b->head);
	format_set_bg_color(b->head, 0xF2F2F2);
	b->text = fmt_new(b, false, true);
	b->text_bold = fmt_new(b, true, true);
	format_set_align(b->text_bold, LXW_ALIGN_CENTER);
	for (bold = 0; bold < 2; bold++)
		for (k = 0; k < COL__MAX; k++) {
			lxw_format *f = fmt_new(b, bold, true);

			format_set_num_format(f, nums[k]);
			(bold ? b->num_bold : b->num)[k] = f;
		}
	b->foot = fmt_new(b, false, false);
	b->note = fmt_new(b, false, false);
	format_set_text_wrap(b->note);
	format_set_align(b->note, LXW_ALIGN_VERTICAL_TOP);
	format_set_font_size(b->note, 9);
}

/* A merged range, or the one cell when the range is a single cell (which Excel refuses
 * to merge). */
static void
put(lxw_worksheet *ws, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2, const char *s,
    lxw_format *f)
{
	if (r1 == r2 && c1 == c2)
		worksheet_write_string(ws, r1, c1, s, f);
	else
		worksheet_merge_range(ws, r1, c1, r2, c2, s, f);
}

static double
value_of(json_t *g, const struct col *c)
{
	const char *dot = strchr(c->key, '.');
	json_t     *v;
	char        outer[32];

	if (dot != NULL) {
		snprintf(outer, sizeof(outer), "%.*s", (int)(dot - c->key), c->key);
		v = json_object_get(json_object_get(g, outer), dot + 1);
	} else
		v = json_object_get(g, c->key);
	if (c->kind == COL_WAN)
		return (double)json_integer_value(v) / 1000000.0;
	return json_number_value(v);
}

static lxw_row_t
put_header(
    struct book *b, lxw_worksheet *ws, lxw_row_t r, const struct form *fm, const struct block *k)
{
	bool   two = false;
	size_t c, e;

	for (c = 0; c < fm->ncols; c++)
		two |= fm->cols[c].head != NULL;
	put(ws, r, 0, r + two, 0, k->first, b->head);
	for (c = 0; c < fm->ncols; c++) {
		const struct col *x = &fm->cols[c];
		lxw_col_t         cc = (lxw_col_t)(c + 1);

		if (x->head == NULL) {
			put(ws, r, cc, r + two, cc, x->label, b->head);
			continue;
		}
		if (c == 0 || fm->cols[c - 1].head == NULL ||
		    strcmp(fm->cols[c - 1].head, x->head)) {
			for (e = c; e + 1 < fm->ncols && fm->cols[e + 1].head != NULL &&
			     strcmp(fm->cols[e + 1].head, x->head) == 0;
			     e++)
				continue;
			put(ws, r, cc, r, (lxw_col_t)(e + 1), x->head, b->head);
		}
		worksheet_write_string(ws, r + 1, cc, x->label, b->head);
	}
	worksheet_set_row(ws, r + two, 30, NULL);
	return r + two + 1;
}

static void
put_row(struct book *b, lxw_worksheet *ws, lxw_row_t r, const struct form *fm, json_t *g,
    const char *label, bool bold)
{
	size_t c;

	worksheet_write_string(ws, r, 0, label, bold ? b->text_bold : b->text);
	for (c = 0; c < fm->ncols; c++)
		worksheet_write_number(ws, r, (lxw_col_t)(c + 1), value_of(g, &fm->cols[c]),
		    (bold ? b->num_bold : b->num)[fm->cols[c].kind]);
}

static void
put_form(struct book *b, const struct form *fm)
{
	lxw_worksheet *ws = workbook_add_worksheet(b->wb, fm->sheet);
	lxw_col_t      last = (lxw_col_t)fm->ncols, mid = 1;
	lxw_row_t      r = 0, head_from = 0, head_to = 0;
	char           buf[400];
	size_t         i, j;
	json_t        *g;
	double         w = fm->first_width;

	/* The unit on the left over about 32 characters, the period on the right. */
	for (; mid < last && w < 32; mid++)
		w += fm->cols[mid - 1].width;

	worksheet_set_column(ws, 0, 0, fm->first_width, NULL);
	for (i = 0; i < fm->ncols; i++)
		worksheet_set_column(
		    ws, (lxw_col_t)(i + 1), (lxw_col_t)(i + 1), fm->cols[i].width, NULL);
	snprintf(buf, sizeof(buf), "%s%d年%s", b->region, b->q->year, fm->title);
	put(ws, r, 0, r, last, buf, b->title);
	worksheet_set_row(ws, r++, 36, NULL);
	snprintf(buf, sizeof(buf), "填报单位：%s", b->filer);
	put(ws, r, 0, r, mid - 1, buf, b->unit);
	snprintf(
	    buf, sizeof(buf), "统计期间：%s至%s　数据截至：%s", b->q->from, b->q->to, b->q->as_of);
	put(ws, r, mid, r, last, buf, b->period);
	worksheet_set_row(ws, r++, 20, NULL);
	for (i = 0; i < fm->nblocks; i++) {
		const struct block *k = &fm->blocks[i];

		if (i > 0)
			r++;
		if (k->caption != NULL) {
			put(ws, r, 0, r, last, k->caption, b->caption);
			r++;
		}
		head_from = r;
		r = put_header(b, ws, r, fm, k);
		head_to = r - 1;
		json_array_foreach(k->groups, j, g) put_row(
		    b, ws, r++, fm, g, json_string_value(json_object_get(g, k->label_key)), false);
		put_row(b, ws, r++, fm, k->total, "合计", true);
	}
	r++;
	snprintf(buf, sizeof(buf),
	    "单位负责人：　　　　　　审核人：　　　　　　填表人：　　　　　　报出日期：%.4s年%.2s月%."
	    "2s日",
	    b->today, b->today + 5, b->today + 8);
	put(ws, r, 0, r, last, buf, b->foot);
	worksheet_set_row(ws, r++, 20, NULL);
	put(ws, r, 0, r, last, fm->note, b->note);
	worksheet_set_row(ws, r, 42, NULL);
	/* Printed as filed: A4 landscape, every column on one page wide, centred. */
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_center_horizontally(ws);
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
	worksheet_set_footer(ws, "&C第 &P 页，共 &N 页");
	/* A long single table repeats its header on each page. */
	if (fm->nblocks == 1)
		worksheet_repeat_rows(ws, head_from, head_to);
}

/* ---- ordering the groups ---- */

/* A group with every number of `like` zeroed (its nested objects too), named key/label. */
static json_t *
zero_like(json_t *like, const char *key, const char *label)
{
	json_t     *z = json_object(), *v;
	const char *k;

	json_object_foreach(like, k, v)
	{
		if (json_is_number(v))
			json_object_set_new(z, k, json_integer(0));
		else if (json_is_object(v))
			json_object_set_new(z, k, zero_like(v, NULL, NULL));
	}
	if (key != NULL) {
		json_object_set_new(z, "key", json_string(key));
		json_object_set_new(z, "label", json_string(label));
	}
	return z;
}

/* The group of `groups` with that key, or NULL. */
static json_t *
group_of(json_t *groups, const char *key)
{
	json_t *g;
	size_t  i;

	json_array_foreach(groups, i, g)
	{
		if (strcmp(json_string_value(json_object_get(g, "key")), key) == 0)
			return g;
	}
	return NULL;
}

/*
 * The groups in the order of `order` ([{key, label}]): each key's group, or an empty one
 * when nothing was counted for it; then the groups not in `order`, as they came. A new
 * array.
 */
static json_t *
in_order(json_t *groups, json_t *order, json_t *total)
{
	json_t     *out = json_array(), *o, *g;
	size_t      i;
	const char *key;

	json_array_foreach(order, i, o)
	{
		key = json_string_value(json_object_get(o, "key"));
		if ((g = group_of(groups, key)) != NULL)
			json_array_append(out, g);
		else
			json_array_append_new(out,
			    zero_like(total, key, json_string_value(json_object_get(o, "label"))));
	}
	json_array_foreach(groups, i, g)
	{
		if (group_of(order, json_string_value(json_object_get(g, "key"))) == NULL)
			json_array_append(out, g);
	}
	return out;
}

/* The regions of a city-wide workbook, from the hazard statistics (which list every
 * district even when empty); none (the groups as they come) below the city. */
static json_t *
district_order(json_t *hazards, const struct scope *sc)
{
	json_t *order = json_array(), *g;
	size_t  i;

	if (strlen(sc->lo) > 4)
		return order;
	json_array_foreach(json_object_get(hazards, "groups"), i, g) json_array_append_new(order,
	    json_pack("{s:O, s:O}", "key", json_object_get(g, "key"), "label",
		json_object_get(g, "label")));
	return order;
}

/* ---- the sheets ---- */

static const struct col hazard_cols[] = {
	{ "隐患", "排查（项）", "found", COL_INT, 10 },
	{ "隐患", "已整改（项）", "rectified", COL_INT, 10 },
	{ "隐患", "整改率", "rectification_rate", COL_RATE, 9 },
	{ "其中：重大事故隐患", "排查（项）", "major_found", COL_INT, 10 },
	{ "其中：重大事故隐患", "已整改（项）", "major_rectified", COL_INT, 10 },
	{ NULL, "逾期未整改（项）", "overdue", COL_INT, 12 },
	{ NULL, "整改资金（万元）", "funds_fen", COL_WAN, 12 },
	{ "监督检查", "检查企业（家）", "enterprises_inspected", COL_INT, 10 },
	{ "监督检查", "检查（次）", "inspections", COL_INT, 9 },
};

static const struct col case_cols[] = {
	{ "案件（件）", "立案", "cases_filed", COL_INT, 8 },
	{ "案件（件）", "结案", "cases_closed", COL_INT, 8 },
	{ "案件（件）", "超期未决定", "decisions_overdue", COL_INT, 9 },
	{ "罚款（万元）", "处罚决定", "fines_imposed_fen", COL_WAN, 11 },
	{ "罚款（万元）", "已收缴", "fines_collected_fen", COL_WAN, 11 },
	{ "处罚种类（项）", "警告", "penalties.warning", COL_INT, 7 },
	{ "处罚种类（项）", "罚款", "penalties.fine", COL_INT, 7 },
	{ "处罚种类（项）", "没收违法所得", "penalties.confiscation", COL_INT, 9 },
	{ "处罚种类（项）", "责令停产停业", "penalties.suspension", COL_INT, 9 },
	{ "处罚种类（项）", "暂扣或吊销证照", "penalties.license", COL_INT, 9 },
	{ "处罚种类（项）", "关闭", "penalties.closure", COL_INT, 7 },
};

static const struct col supervision_cols[] = {
	{ NULL, "下发（件）", "issued", COL_INT, 16 },
	{ NULL, "已反馈（件）", "responded", COL_INT, 16 },
	{ NULL, "已办结（件）", "closed", COL_INT, 16 },
	{ NULL, "逾期未办结（件）", "overdue", COL_INT, 18 },
};

static const struct col activity_cols[] = {
	{ NULL, "活动（次）", "activities", COL_INT, 10 },
	{ NULL, "场次", "sessions", COL_INT, 10 },
	{ NULL, "参加人次", "participants", COL_INT, 12 },
	{ NULL, "覆盖企业（家）", "enterprises", COL_INT, 12 },
	{ NULL, "入企检查（次）", "inspections", COL_INT, 12 },
};

static const struct col accident_cols[] = {
	{ NULL, "事故（起）", "count", COL_INT, 15 },
	{ NULL, "死亡（人）", "deaths", COL_INT, 15 },
	{ NULL, "重伤（人）", "serious_injuries", COL_INT, 15 },
	{ NULL, "直接经济损失（万元）", "direct_loss_fen", COL_WAN, 22 },
};

static const struct col task_cols[] = {
	{ NULL, "任务总数（项）", "total", COL_INT, 14 },
	{ "其中", "待启动", "assigned", COL_INT, 12 },
	{ "其中", "进行中", "in_progress", COL_INT, 12 },
	{ "其中", "已完成", "done", COL_INT, 12 },
	{ NULL, "逾期未完成（项）", "overdue", COL_INT, 16 },
};

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

static const char note_hazards[] =
    "注：排查为统计期间内发现的隐患（不含作废）；已整改为截至数据截至日已验收销号的；整改率＝"
    "已整改÷排查；逾期未整改为整改期限早于数据截至日仍未销号的；整改资金为所排查隐患的整改资"
    "金；检查为政府部门的各类监督检查（不含企业自查），检查企业按企业去重。";
static const char note_cases[] =
    "注：立案为统计期间内立案且未撤销的案件；结案含结案、不予处罚和移送；超期未决定为立案满 90 "
    "日（含延长期限）至数据截至日仍未作出决定的；罚款为已作出处罚决定案件的罚款，已收缴为其已缴"
    "纳部分；处罚种类按已作出的处罚决定计。";
static const char note_supervision[] =
    "注：下发为统计期间内下发的督办问责事项（挂牌督办、约谈、警示提醒、考核通报、督导检查）；已"
    "反馈、已办结为截至数据截至日的；逾期未办结为办理期限早于数据截至日仍未办结的。";
static const char note_activities[] =
    "注：活动为统计期间内开展且未作废的宣传培训活动；场次、参加人次为其登记数之和；覆盖企业按企"
    "业去重（合计中同一企业只计一次）；入企检查为活动关联的检查。";
static const char note_accidents[] =
    "注：事故为统计期间内发生的生产安全事故；等级按《生产安全事故报告和调查处理条例》第三条由死"
    "亡、重伤（含急性工业中毒）人数和直接经济损失计算。";
static const char note_tasks[] =
    "注：任务为截止日期在统计年度内的任务，按牵头单位统计（配合单位不计）；状态为报出时的状态；"
    "逾期未完成为截止日期早于数据截至日仍未完成的。";

/* The enforcement modes in the order the report names them. */
static const char *const mode_order[][2] = {
	{ "campaign", "专项执法" },
	{ "concentrated", "集中执法" },
	{ "joint", "联合执法" },
	{ "routine", "日常执法" },
};

static enum app_err
task_rows(struct store *s, const struct actor *a, const struct summary_query *q, json_t *rows,
    json_t *total)
{
	json_t      *orgs, *o, *g;
	enum app_err er;
	size_t       i;
	char         key[24];

	if ((er = org_list(s, NULL, &orgs)) != APP_OK) {
		json_decref(orgs);
		return er;
	}
	json_array_foreach(orgs, i, o)
	{
		int64_t id = json_integer_value(json_object_get(o, "id"));

		g = json_object();
		if ((er = summary_tasks(s, a, q, id, g)) != APP_OK) {
			json_decref(g);
			break;
		}
		if (json_integer_value(json_object_get(g, "total")) == 0) {
			json_decref(g);
			continue;
		}
		snprintf(key, sizeof(key), "%lld", (long long)id);
		json_object_set_new(g, "key", json_string(key));
		json_object_set(g, "label", json_object_get(o, "name"));
		json_array_append_new(rows, g);
	}
	json_decref(orgs);
	if (er == APP_OK)
		er = summary_tasks(s, a, q, 0, total);
	return er;
}

/* Every statistic of the workbook, read in one transaction. */
struct figures {
	json_t *hazards, *cases, *case_modes, *sup_kind, *sup_region, *act_kind, *act_region;
	json_t *acc_grade, *acc_region, *tasks, *task_total;
	json_t *case_rows, *mode_rows, *acc_rows; /* in the sheet's order */
};

static void
figures_free(struct figures *f)
{
	json_t **all[] = { &f->hazards, &f->cases, &f->case_modes, &f->sup_kind, &f->sup_region,
		&f->act_kind, &f->act_region, &f->acc_grade, &f->acc_region, &f->tasks,
		&f->task_total, &f->case_rows, &f->mode_rows, &f->acc_rows };
	size_t   i;

	for (i = 0; i < NCOLS(all); i++) {
		json_decref(*all[i]);
		*all[i] = NULL;
	}
}

static enum app_err
figures_read(struct store *s, const struct actor *a, const struct scope *sc,
    const struct summary_query *q, struct figures *f)
{
	struct hazard_stats_query      hq = { .group_by = "region" };
	struct case_stats_query        cq = { 0 };
	struct supervision_stats_query sq = { .group_by = "kind" };
	struct activity_stats_query    aq = { .group_by = "kind" };
	json_t                        *order;
	enum app_err                   er;
	size_t                         i;

	memcpy(hq.from, q->from, 11), memcpy(hq.to, q->to, 11), memcpy(hq.as_of, q->as_of, 11);
	memcpy(cq.from, q->from, 11), memcpy(cq.to, q->to, 11), memcpy(cq.as_of, q->as_of, 11);
	memcpy(sq.from, q->from, 11), memcpy(sq.to, q->to, 11), memcpy(sq.as_of, q->as_of, 11);
	memcpy(aq.from, q->from, 11), memcpy(aq.to, q->to, 11);
	if ((er = hazard_stats(s, sc, &hq, &f->hazards)) != APP_OK)
		return er;
	snprintf(cq.group_by, sizeof(cq.group_by), "region");
	if ((er = case_stats(s, sc, &cq, &f->cases)) != APP_OK)
		return er;
	snprintf(cq.group_by, sizeof(cq.group_by), "mode");
	if ((er = case_stats(s, sc, &cq, &f->case_modes)) != APP_OK)
		return er;
	if ((er = supervision_stats(s, sc, &sq, &f->sup_kind)) != APP_OK)
		return er;
	sq.group_by = "region";
	if ((er = supervision_stats(s, sc, &sq, &f->sup_region)) != APP_OK)
		return er;
	if ((er = activity_stats(s, sc, &aq, &f->act_kind)) != APP_OK)
		return er;
	aq.group_by = "region";
	if ((er = activity_stats(s, sc, &aq, &f->act_region)) != APP_OK)
		return er;
	if ((er = accident_stats(s, sc, q->from, q->to, "grade", &f->acc_grade)) != APP_OK)
		return er;
	if ((er = accident_stats(s, sc, q->from, q->to, "region", &f->acc_region)) != APP_OK)
		return er;
	f->tasks = json_array();
	f->task_total = json_object();
	if ((er = task_rows(s, a, q, f->tasks, f->task_total)) != APP_OK)
		return er;
	/* Enforcement and accidents list only the regions with records: every district is
	 * listed as on the other sheets, the modes in the report's order. */
	order = district_order(f->hazards, sc);
	f->case_rows = in_order(
	    json_object_get(f->cases, "groups"), order, json_object_get(f->cases, "total"));
	f->acc_rows = in_order(json_object_get(f->acc_region, "groups"), order,
	    json_object_get(f->acc_region, "total"));
	json_decref(order);
	order = json_array();
	for (i = 0; i < NCOLS(mode_order); i++)
		json_array_append_new(order,
		    json_pack("{s:s, s:s}", "key", mode_order[i][0], "label", mode_order[i][1]));
	f->mode_rows = in_order(json_object_get(f->case_modes, "groups"), order,
	    json_object_get(f->case_modes, "total"));
	json_decref(order);
	return APP_OK;
}

#define GROUPS(x) json_object_get((x), "groups")
#define TOTAL(x) json_object_get((x), "total")

static void
put_forms(struct book *b, const struct figures *f)
{
	const struct block hazards[] = {
		{ NULL, "地区", "label", GROUPS(f->hazards), TOTAL(f->hazards) },
	};
	const struct block cases[] = {
		{ "（一）按地区", "地区", "label", f->case_rows, TOTAL(f->cases) },
		{ "（二）按执法方式", "执法方式", "label", f->mode_rows, TOTAL(f->case_modes) },
	};
	const struct block sup[] = {
		{ "（一）按督办问责方式", "方式", "label", GROUPS(f->sup_kind),
		    TOTAL(f->sup_kind) },
		{ "（二）按地区", "地区", "label", GROUPS(f->sup_region), TOTAL(f->sup_region) },
	};
	const struct block act[] = {
		{ "（一）按活动类型", "活动类型", "label", GROUPS(f->act_kind),
		    TOTAL(f->act_kind) },
		{ "（二）按地区", "地区", "label", GROUPS(f->act_region), TOTAL(f->act_region) },
	};
	const struct block acc[] = {
		{ "（一）按事故等级", "事故等级", "label", GROUPS(f->acc_grade),
		    TOTAL(f->acc_grade) },
		{ "（二）按地区", "地区", "label", f->acc_rows, TOTAL(f->acc_region) },
	};
	const struct block tasks[] = {
		{ NULL, "牵头单位", "label", f->tasks, f->task_total },
	};
	const struct form forms[] = {
		{ "隐患排查治理", "隐患排查治理情况统计表", hazard_cols, NCOLS(hazard_cols), 22,
		    note_hazards, hazards, NCOLS(hazards) },
		{ "执法办案", "安全生产行政执法情况统计表", case_cols, NCOLS(case_cols), 18,
		    note_cases, cases, NCOLS(cases) },
		{ "督办问责", "督办问责情况统计表", supervision_cols, NCOLS(supervision_cols), 22,
		    note_supervision, sup, NCOLS(sup) },
		{ "宣传培训", "安全生产宣传培训情况统计表", activity_cols, NCOLS(activity_cols), 34,
		    note_activities, act, NCOLS(act) },
		{ "生产安全事故", "生产安全事故情况统计表", accident_cols, NCOLS(accident_cols), 22,
		    note_accidents, acc, NCOLS(acc) },
		{ "责任体系", "安全生产责任体系任务落实情况统计表", task_cols, NCOLS(task_cols), 34,
		    note_tasks, tasks, NCOLS(tasks) },
	};
	size_t i;

	for (i = 0; i < NCOLS(forms); i++)
		put_form(b, &forms[i]);
}

/* 填报单位: the actor's org, else the bureau of the region. */
static enum app_err
filer_name(
    struct store *s, struct arena *ar, const struct actor *a, const char *region, const char **out)
{
	json_t      *org;
	enum app_err er;

	if (a->org_id > 0) {
		if ((er = org_get(s, a->org_id, &org)) == APP_OK) {
			*out = arena_strdup(ar, json_string_value(json_object_get(org, "name")));
			json_decref(org);
			return APP_OK;
		}
		if (er != APP_ENOENT)
			return er;
	}
	*out = arena_printf(ar, "%s应急管理局", region);
	return APP_OK;
}

enum app_err
tables_write(struct store *s, const struct actor *a, const struct scope *sc,
    const struct summary_query *q, const char *region_name, const char *path)
{
	struct figures f = { 0 };
	struct book    b = { .q = q, .region = region_name };
	struct arena  *ar = arena_new(1024);
	enum app_err   er;
	lxw_error      le;

	if ((er = store_begin(s, STORE_READ)) != APP_OK)
		goto out;
	if ((er = filer_name(s, ar, a, b.region, &b.filer)) != APP_OK)
		goto out;
	if ((er = figures_read(s, a, sc, q, &f)) != APP_OK)
		goto out;
	store_rollback(s);
	today_str(b.today);
	if ((b.wb = workbook_new(path)) == NULL) {
		log_error("tables: cannot create %s", path);
		er = APP_EINTERNAL;
		goto out;
	}
	workbook_set_properties(b.wb, &(lxw_doc_properties){ .title = "安全生产统计报表" });
	book_formats(&b);
	put_forms(&b, &f);
	if ((le = workbook_close(b.wb)) != LXW_NO_ERROR) {
		log_error("tables: %s: %s", path, lxw_strerror(le));
		remove(path);
		er = APP_EINTERNAL;
	}
out:
	if (store_in_tx(s))
		store_rollback(s);
	figures_free(&f);
	arena_free(ar);
	return er;
}
