/*
 * The case documents. Their contents follow 行政处罚法 as recorded in
 * ../shared/reference/law/procedure_deadlines.json: the notice of the proposed penalty
 * with the rights of statement, defence and hearing (XZCF-44, -45, -63, -64); the
 * decision with the six contents of 第59条 (XZCF-59), payment within 15 days (XZCF-67) and
 * the late fee (XZCF-72), review within 60 days (XZFY-20) and suit within 6 months
 * (XZSS-46). The layout is the org's to adapt; the wording here is written for this
 * project.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attachment/attachment.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "core/arena.h"
#include "core/jsonx.h"
#include "core/timeutil.h"
#include "doc/doc.h"
#include "enforce/case.h"
#include "enforce/case_doc.h"
#include "store/store.h"

static const struct {
	const char *kind, *title, *ascii;
	const char *reached[8]; /* the states in which it can be made */
} kinds[] = {
	{ "filing", "立案审批表", "filing",
	    { "filed", "investigating", "legal_review", "notified", "hearing", "decided",
		"executing", "closed" } },
	{ "notice", "行政处罚告知书", "notice",
	    { "notified", "hearing", "decided", "executing", "closed" } },
	{ "decision", "行政处罚决定书", "decision", { "decided", "executing", "closed" } },
	{ "closing", "结案报告", "closing", { "closed", "not_penalized", "transferred" } },
};
#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

static int
kind_index(const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL && i < N_KINDS; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return (int)i;
	return -1;
}

bool
case_doc_kind_ok(const char *kind)
{
	return kind_index(kind) >= 0;
}

bool
case_doc_reached(const char *kind, const char *status, const char **why)
{
	int k = kind_index(kind), i;

	for (i = 0; k >= 0 && status != NULL && i < 8 && kinds[k].reached[i] != NULL; i++)
		if (strcmp(kinds[k].reached[i], status) == 0)
			return true;
	*why = k == 1 ? "案件尚未告知, 不能制作行政处罚告知书"
	    : k == 2  ? "案件尚未作出处罚决定, 不能制作行政处罚决定书"
	    : k == 3  ? "案件尚未结案, 不能制作结案报告"
		      : "案件状态不能制作该文书";
	return false;
}

const char *
case_doc_title(const char *kind)
{
	int i = kind_index(kind);

	return i < 0 ? "" : kinds[i].title;
}

static const char *
str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* ---- money ---- */

void
case_doc_amount_upper(long long fen, char *buf, size_t sz)
{
	static const char *const digit[] = { "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌",
		"玖" };
	static const char *const unit[] = { "", "拾", "佰", "仟" };
	static const char *const group[] = { "", "万", "亿", "万亿" };
	long long                yuan = fen / 100, g[4] = { 0 };
	int                      jiao = (int)(fen / 10 % 10), f = (int)(fen % 10), ng = 0, i, j;
	bool                     zero = false, any = false;

	buf[0] = '\0';
	if (fen < 0 || fen >= 1000000000000000LL) {
		snprintf(buf, sz, "%lld.%02lld元", fen / 100, fen % 100);
		return;
	}
	for (ng = 0; yuan > 0 && ng < 4; ng++, yuan /= 10000)
		g[ng] = yuan % 10000;
	for (i = ng - 1; i >= 0; i--) {
		int d[4] = { (int)(g[i] / 1000), (int)(g[i] / 100 % 10), (int)(g[i] / 10 % 10),
			(int)(g[i] % 10) };

		if (g[i] == 0) {
			zero = any;
			continue;
		}
		for (j = 0; j < 4; j++) {
			if (d[j] == 0) {
				zero = any;
				continue;
			}
			if (zero)
				strncat(buf, digit[0], sz - strlen(buf) - 1);
			zero = false;
			strncat(buf, digit[d[j]], sz - strlen(buf) - 1);
			strncat(buf, unit[3 - j], sz - strlen(buf) - 1);
			any = true;
		}
		strncat(buf, group[i], sz - strlen(buf) - 1);
	}
	if (any)
		strncat(buf, "元", sz - strlen(buf) - 1);
	if (jiao == 0 && f == 0) {
		strncat(buf, any ? "整" : "零元整", sz - strlen(buf) - 1);
		return;
	}
	if (jiao > 0) {
		strncat(buf, digit[jiao], sz - strlen(buf) - 1);
		strncat(buf, "角", sz - strlen(buf) - 1);
	} else if (any)
		strncat(buf, digit[0], sz - strlen(buf) - 1);
	if (f > 0) {
		strncat(buf, digit[f], sz - strlen(buf) - 1);
		strncat(buf, "分", sz - strlen(buf) - 1);
	} else
		strncat(buf, "整", sz - strlen(buf) - 1);
}

static const char *
yuan(struct arena *a, long long fen)
{
	char up[160];

	case_doc_amount_upper(fen, up, sizeof(up));
	return arena_printf(a, "人民币%s（￥%lld.%02lld）", up, fen / 100, fen % 100);
}

/* ---- labels ---- */

static const char *
label(const char *const *pairs, const char *code)
{
	size_t i;

	for (i = 0; pairs[i] != NULL; i += 2)
		if (strcmp(pairs[i], code) == 0)
			return pairs[i + 1];
	return code;
}

static const char *const source_l[] = { "inspection", "监督检查", "complaint", "举报投诉",
	"accident", "事故调查", "referral", "移送", "other", "其他", NULL };
static const char *const mode_l[] = { "routine", "日常执法", "campaign", "专项执法", "concentrated",
	"集中执法", "joint", "联合执法", NULL };
static const char *const kind_l[] = { "warning", "警告", "fine", "罚款", "confiscation",
	"没收违法所得", "suspension", "责令停产停业", "license", "暂扣或者吊销有关证照", "closure",
	"关闭", NULL };
static const char *const status_l[] = { "closed", "执行完毕结案", "not_penalized", "不予行政处罚",
	"transferred", "移送", NULL };

static const char *
party_name(const json_t *c)
{
	return strcmp(str(c, "party_type"), "enterprise") == 0 ? str(c, "enterprise_name")
							       : str(c, "person_name");
}

static const char *
party_address(const json_t *c)
{
	return strcmp(str(c, "party_type"), "enterprise") == 0 ? str(c, "enterprise_address")
							       : str(c, "person_address");
}

/* "《安全生产法》第九十九条（一）" for each violation, joined with 、. */
static const char *
violated(struct arena *a, const json_t *c)
{
	const json_t *v;
	const char   *out = "";
	size_t        i;

	json_array_foreach(json_object_get(c, "violations"), i, v) out = arena_printf(
	    a, "%s%s%s%s", out, i ? "、" : "", str(v, "provision_title"), str(v, "item"));
	return out;
}

static const char *
penalty_text(struct arena *a, const json_t *p)
{
	const char *k = str(p, "kind");

	if (strcmp(k, "fine") == 0)
		return arena_printf(
		    a, "对%s处以罚款%s", str(p, "target_name"), yuan(a, jx_num(p, "amount_fen")));
	if (strcmp(k, "confiscation") == 0 && jx_num(p, "amount_fen") > 0)
		return arena_printf(
		    a, "没收%s违法所得%s", str(p, "target_name"), yuan(a, jx_num(p, "amount_fen")));
	return arena_printf(a, "对%s%s", str(p, "target_name"), label(kind_l, k));
}

static const char *
penalties_text(struct arena *a, const json_t *c, bool with_basis)
{
	const json_t *p;
	const char   *out = "";
	size_t        i, n = json_array_size(json_object_get(c, "penalties"));

	json_array_foreach(json_object_get(c, "penalties"), i, p)
	{
		const char *one = penalty_text(a, p);

		if (with_basis)
			one = arena_printf(a, "依据%s的规定，%s", str(p, "provision_title"), one);
		out = n > 1 ? arena_printf(a, "%s%s%zu. %s；", out, i ? "\n" : "", i + 1, one)
			    : arena_printf(a, "%s%s。", out, one);
	}
	return out;
}

static const char *
officers_text(struct arena *a, const json_t *c)
{
	const json_t *o;
	const char   *out = "";
	size_t        i;

	json_array_foreach(json_object_get(c, "officers"), i, o) out = arena_printf(
	    a, "%s%s%s（执法证号 %s）", out, i ? "、" : "", str(o, "name"), str(o, "cert_no"));
	return out;
}

/* "2024年3月5日" */
static const char *
cn_date(struct arena *a, const char *d)
{
	int y, m, day;

	if (d == NULL || sscanf(d, "%d-%d-%d", &y, &m, &day) != 3)
		return "    年  月  日";
	return arena_printf(a, "%d年%d月%d日", y, m, day);
}

static void
signature(struct doc *d, struct arena *a, const json_t *c, const char *date)
{
	doc_spacer(d, 24);
	doc_para(d, str(c, "org_name"), DOC_RIGHT);
	doc_para(d, arena_printf(a, "%s", cn_date(a, date)), DOC_RIGHT);
	doc_para(d, "（印章）", DOC_RIGHT);
}

/* ---- the four documents ---- */

static void
filing(struct doc *d, struct arena *a, const json_t *c)
{
	const char *cells[32];
	const char *who =
	    strcmp(str(c, "party_type"), "enterprise") == 0 ? "统一社会信用代码" : "居民身份证号码";
	const char *id = strcmp(str(c, "party_type"), "enterprise") == 0 ? str(c, "enterprise_uscc")
									 : str(c, "person_id_no");
	static const double w[] = { 1.1, 2.2, 1.3, 2.4 };
	size_t              n = 0;

	doc_heading(d, 0, "立案审批表");
	doc_para(d, str(c, "number"), DOC_RIGHT);
	cells[n++] = "案由";
	cells[n++] = str(c, "title");
	cells[n++] = "立案日期";
	cells[n++] = cn_date(a, str(c, "filed_on"));
	cells[n++] = "当事人";
	cells[n++] = party_name(c);
	cells[n++] = who;
	cells[n++] = id;
	cells[n++] = "地址";
	cells[n++] = party_address(c);
	cells[n++] = "主要负责人";
	cells[n++] =
	    strcmp(str(c, "party_type"), "enterprise") == 0 ? str(c, "enterprise_principal") : "—";
	cells[n++] = "案件来源";
	cells[n++] = label(source_l, str(c, "source"));
	cells[n++] = "执法方式";
	cells[n++] = label(mode_l, str(c, "mode"));
	doc_table(d, 4, w, cells, n / 4, 0);
	{
		const char *rows[] = { "执法人员", officers_text(a, c), "简要案情", str(c, "facts"),
			"涉嫌违反", violated(a, c), "承办人意见",
			"建议立案调查。\n\n承办人：          年  月  日", "审批意见",
			"\n\n负责人：          年  月  日" };
		static const double w2[] = { 1.2, 5.8 };

		doc_table(d, 2, w2, rows, 5, 0);
	}
}

static void
notice(struct doc *d, struct arena *a, const json_t *c)
{
	const json_t *dl = json_object_get(c, "deadlines");

	doc_heading(d, 0, "行政处罚告知书");
	doc_para(d, str(c, "number"), DOC_RIGHT);
	doc_para(d, arena_printf(a, "%s：", party_name(c)), 0);
	doc_para(d,
	    arena_printf(
		a, "经查，你（单位）%s", str(c, "facts")[0] ? str(c, "facts") : str(c, "title")),
	    DOC_INDENT);
	doc_para(d,
	    arena_printf(a, "你（单位）的上述行为违反了%s的规定。本机关拟作出如下行政处罚：\n%s",
		violated(a, c), penalties_text(a, c, true)),
	    DOC_INDENT);
	doc_para(d,
	    "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。",
	    DOC_INDENT);
	if (jx_num(c, "hearing_eligible"))
		doc_para(d,
		    arena_printf(a,
			"根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求"
			"听证。如要求听证，应当在本机关告知后五个工作日内（即%s前）提出，逾期视为放弃。",
			cn_date(a,
			    str(dl, "hearing_request_by")[0] ? str(dl, "hearing_request_by")
							     : NULL)),
		    DOC_INDENT);
	signature(d, a, c, str(c, "notified_on")[0] ? str(c, "notified_on") : NULL);
}

static void
decision(struct doc *d, struct arena *a, const json_t *c)
{
	const json_t *p;
	size_t        i;
	bool          fines = false;

	doc_heading(d, 0, "行政处罚决定书");
	doc_para(d, str(c, "number"), DOC_RIGHT);
	/* 第59条(一) 当事人的姓名或者名称、地址 */
	if (strcmp(str(c, "party_type"), "enterprise") == 0)
		doc_para(d,
		    arena_printf(a, "当事人：%s\n统一社会信用代码：%s\n地址：%s\n主要负责人：%s",
			party_name(c), str(c, "enterprise_uscc"), party_address(c),
			str(c, "enterprise_principal")),
		    0);
	else
		doc_para(d,
		    arena_printf(a, "当事人：%s\n居民身份证号码：%s\n地址：%s", party_name(c),
			str(c, "person_id_no"), party_address(c)),
		    0);
	/* (二) 违反法律、法规、规章的事实和证据 */
	doc_heading(d, 1, "一、违法事实和证据");
	doc_para(d, str(c, "facts")[0] ? str(c, "facts") : str(c, "title"), DOC_INDENT);
	json_array_foreach(json_object_get(c, "violations"), i, p)
	    doc_para(d, arena_printf(a, "%zu. %s", i + 1, str(p, "description")), DOC_INDENT);
	doc_para(d,
	    arena_printf(a, "以上事实有现场检查记录、询问笔录%s等证据证实。",
		json_array_size(json_object_get(c, "evidence")) ? "及所附证据材料" : ""),
	    DOC_INDENT);
	/* (三) 行政处罚的种类和依据 */
	doc_heading(d, 1, "二、行政处罚的种类和依据");
	doc_para(d,
	    arena_printf(a, "你（单位）的上述行为违反了%s的规定。%s本机关决定：\n%s",
		violated(a, c),
		jx_num(c, "hearing_eligible") && str(c, "hearing_record")[0]
		    ? "本机关已依法举行听证，根据听证笔录，"
		    : "",
		penalties_text(a, c, true)),
	    DOC_INDENT);
	/* (四) 行政处罚的履行方式和期限 */
	doc_heading(d, 1, "三、履行方式和期限");
	json_array_foreach(json_object_get(c, "penalties"), i,
	    p) if (strcmp(str(p, "kind"), "fine") == 0) fines = true;
	if (fines)
		doc_para(d,
		    "罚款自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳（《中华人民共和国"
		    "行政处罚法》第六十七条）。到期不缴纳罚款的，本机关每日按罚款数额的百分之三加处罚款，"
		    "加处罚款的数额不超出罚款的数额（第七十二条）。",
		    DOC_INDENT);
	else
		doc_para(d, "自收到本决定书之日起执行。", DOC_INDENT);
	/* (五) 申请行政复议、提起行政诉讼的途径和期限 */
	doc_heading(d, 1, "四、救济途径和期限");
	doc_para(d,
	    "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院"
	    "提起行政诉讼。申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外。",
	    DOC_INDENT);
	/* (六) 作出决定的行政机关名称和作出决定的日期 */
	signature(d, a, c, str(c, "decided_on")[0] ? str(c, "decided_on") : NULL);
}

static void
closing(struct doc *d, struct arena *a, const json_t *c)
{
	const json_t       *p;
	const char         *exec = "";
	size_t              i;
	static const double w[] = { 1.3, 5.7 };

	doc_heading(d, 0, "结案报告");
	doc_para(d, str(c, "number"), DOC_RIGHT);
	json_array_foreach(json_object_get(c, "penalties"), i, p)
	{
		const char *e = str(p, "executed_on")[0]
		    ? arena_printf(a, "%s执行完毕%s", cn_date(a, str(p, "executed_on")),
			  json_is_integer(json_object_get(p, "paid_fen"))
			      ? arena_printf(a, "，缴纳%s", yuan(a, jx_num(p, "paid_fen")))
			      : "")
		    : "未执行";
		exec = arena_printf(a, "%s%s%s：%s", exec, i ? "\n" : "", penalty_text(a, p), e);
	}
	{
		const char *rows[] = { "案由", str(c, "title"), "当事人", party_name(c), "立案日期",
			cn_date(a, str(c, "filed_on")), "处罚决定",
			str(c, "decided_on")[0]
			    ? arena_printf(a, "%s作出：\n%s", cn_date(a, str(c, "decided_on")),
				  penalties_text(a, c, false))
			    : "未作出处罚决定",
			"执行情况", exec[0] ? exec : "—", "结案方式",
			label(status_l, str(c, "status")), "结案理由",
			str(c, "exit_reason")[0] ? str(c, "exit_reason") : "处罚已执行完毕",
			"结案日期", cn_date(a, str(c, "closed_on")[0] ? str(c, "closed_on") : NULL),
			"执法人员", officers_text(a, c), "审批意见",
			"\n\n负责人：          年  月  日" };

		doc_table(d, 2, w, rows, 10, 0);
	}
}

enum app_err
case_doc_render(
    json_t *c, const char *kind, bool pdf, unsigned char **out, size_t *len, const char **why)
{
	struct arena *a;
	struct doc   *d;
	enum app_err  er;
	int           k = kind_index(kind);

	*out = NULL;
	*why = NULL;
	if (k < 0)
		return APP_EINVAL;
	if (!case_doc_reached(kind, str(c, "status"), why))
		return APP_ECONFLICT;
	a = arena_new(16384);
	d = doc_new(arena_printf(a, "%s %s", kinds[k].title, str(c, "number")));
	switch (k) {
	case 0: filing(d, a, c); break;
	case 1: notice(d, a, c); break;
	case 2: decision(d, a, c); break;
	default: closing(d, a, c); break;
	}
	er = pdf ? doc_pdf(d, out, len) : doc_docx(d, out, len);
	doc_free(d);
	arena_free(a);
	return er;
}

static const char sql_event[] =
    "INSERT INTO case_events (case_id, action, from_status, to_status, actor_id, actor_name,"
    " at, note, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

enum app_err
case_doc_generate(struct store *s, const char *data_dir, const struct actor *actor,
    const struct scope *sc, const struct audit_who *who, long long id, const char *kind, bool pdf,
    const char *path, const char **why)
{
	struct attachment_in in = { 0 };
	struct arena        *a = arena_new(4096);
	json_t              *c = NULL, *row = NULL, *errs = json_array(), *ch;
	unsigned char       *bytes = NULL;
	size_t               len = 0;
	char                 today[11];
	FILE                *f;
	enum app_err         er;
	struct stmt         *st;

	today_str(today);
	if ((er = case_detail(s, actor, sc, id, today, &c)) != APP_OK)
		goto done;
	if ((er = case_doc_render(c, kind, pdf, &bytes, &len, why)) != APP_OK)
		goto done;
	if ((f = fopen(path, "wb")) == NULL || fwrite(bytes, 1, len, f) != len) {
		if (f != NULL)
			fclose(f);
		er = APP_EINTERNAL;
		goto done;
	}
	if (fclose(f) != 0) {
		er = APP_EINTERNAL;
		goto done;
	}
	in.data = bytes;
	in.len = len;
	in.filename = arena_printf(
	    a, "%s-%s.%s", case_doc_title(kind), str(c, "number"), pdf ? "pdf" : "docx");
	in.entity = "case";
	in.entity_id = id;
	if ((er = store_begin(s, STORE_WRITE)) != APP_OK)
		goto done;
	if ((er = attachment_add(s, a, data_dir, actor, who, &in, errs, &row)) != APP_OK)
		goto fail;
	st = store_stmt(s,
	    "INSERT INTO case_documents (case_id, kind, format, attachment_id,"
	    " status, generated_by, generated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	stmt_bind_i64(st, 1, id);
	stmt_bind_text(st, 2, kind);
	stmt_bind_text(st, 3, pdf ? "pdf" : "docx");
	stmt_bind_i64(st, 4, json_integer_value(json_object_get(row, "id")));
	stmt_bind_text(st, 5, str(c, "status"));
	if (actor->user_id > 0)
		stmt_bind_i64(st, 6, actor->user_id);
	stmt_bind_i64(st, 7, now_ms());
	if ((er = stmt_run(st)) != APP_OK)
		goto fail;
	ch = json_pack("{s:s, s:s, s:I, s:s, s:I}", "kind", kind, "format", pdf ? "pdf" : "docx",
	    "attachment_id", json_integer_value(json_object_get(row, "id")), "status",
	    str(c, "status"), "size", (json_int_t)len);
	er = audit_event(s, sql_event, actor, who, id, "document", str(c, "status"),
	    str(c, "status"), now_ms(), case_doc_title(kind), ch);
	if (er == APP_OK)
		er = audit_append(s, who, "document", "case", id, ch);
	json_decref(ch);
	if (er == APP_OK && (er = store_commit(s)) == APP_OK)
		goto done;
fail:
	store_rollback(s);
done:
	free(bytes);
	json_decref(c);
	json_decref(row);
	json_decref(errs);
	arena_free(a);
	return er;
}
