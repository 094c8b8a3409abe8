// The accident register (生产安全事故): the grade computed at every boundary of every
// criterion, how far up it is reported and who investigates, the late report (1 hour), the
// investigation deadline with and without its extension, casualty updates within the 补报
// window, validation, the data scope of every role, statistics, links from cases and
// supervisions, and the audit. See docs/api.md, "Accidents (生产安全事故)".
//
// Every expected figure and wording below is written out by hand from the legal source,
// ../shared/reference/law/accident_grades.json (生产安全事故报告和调查处理条例, 2007), cited by
// article; none is computed by the logic under test. Money is in fen: 1万元 = 1,000,000 fen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, DEMO, listAll, loginAll, startServer, uniq } from '../lib/server.mjs';

// ---- dates (Asia/Shanghai) ----

const DAY_MS = 86400000;
const shanghaiDate = (ms) => new Date(ms + 8 * 3600000).toISOString().slice(0, 10);
const TODAY = shanghaiDate(Date.now());
const addDays = (date, n) =>
	new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** An instant on a Shanghai date: `${date}T${hm}:00+08:00`. */
const at = (date, hm = '08:00') => `${date}T${hm}:00+08:00`;

// ---- what the reference says of each grade ----

// grades[].name (第三条); authority_escalation.by_grade (第十条: how far up the report goes);
// investigation.by_grade (第十九条: who investigates). The reference words the reporting
// authority 安全生产监督管理部门 (现应急管理部门), so only the words that do not depend on
// the department's name are compared: the level of government, and 逐级 for the grades
// reported beyond the city.
const GRADE = {
	general: {
		label: '一般事故',
		// "上报至设区的市级人民政府安全生产监督管理部门和有关部门"
		report_to: ['上报至设区的市级人民政府', '有关部门'],
		not_report_to: ['逐级', '省、自治区、直辖市', '国务院'],
		// "事故发生地县级人民政府"
		investigated_by: '事故发生地县级人民政府',
	},
	larger: {
		label: '较大事故',
		// "逐级上报至省、自治区、直辖市人民政府安全生产监督管理部门和有关部门"
		report_to: ['逐级上报至省、自治区、直辖市人民政府', '有关部门'],
		not_report_to: ['国务院'],
		// "事故发生地设区的市级人民政府"
		investigated_by: '事故发生地设区的市级人民政府',
	},
	major: {
		label: '重大事故',
		// "逐级上报至国务院安全生产监督管理部门和负有安全生产监督管理职责的有关部门"
		report_to: ['逐级上报至国务院', '有关部门'],
		not_report_to: [],
		// "事故发生地省级人民政府"
		investigated_by: '事故发生地省级人民政府',
	},
	especially_major: {
		label: '特别重大事故',
		// the same as 重大事故
		report_to: ['逐级上报至国务院', '有关部门'],
		not_report_to: [],
		// "国务院或者国务院授权有关部门组织事故调查组"
		investigated_by: '国务院或者国务院授权有关部门',
	},
};
const GRADE_ORDER = ['general', 'larger', 'major', 'especially_major'];

// ---- shared state ----

let srv;
let tok;		// tokens by role
let own;		// the enterprise user's enterprise (东胜区, chemical)
let other;		// another 东胜区 enterprise, not of the department's sectors
let construction;	// a 东胜区 construction enterprise (the department's sector)
let farConstruction;	// a 康巴什区 construction enterprise (the department's too: its region is the city)

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base);
	const me = await api(srv.base, tok.enterprise, 'GET', '/api/v1/me');
	assert.equal(me.status, 200, me.text);
	const ents = (await listAll(srv.base, tok.admin, '/api/v1/enterprises')).items
	    .filter((e) => e.status === 'active');
	own = ents.find((e) => e.id === me.json.user.enterprise_id);
	other = ents.find((e) => e.region_code.startsWith(DEMO.district) && e.id !== own?.id &&
	    !DEMO.departmentSectors.includes(e.sector));
	construction = ents.find((e) => e.region_code.startsWith(DEMO.district) &&
	    e.sector === 'construction');
	farConstruction = ents.find((e) => e.region_code.startsWith(DEMO.otherDistrict) &&
	    e.sector === 'construction');
	assert.ok(own && own.region_code.startsWith(DEMO.district), 'the enterprise user\'s enterprise is in 东胜区');
	assert.ok(!DEMO.departmentSectors.includes(own.sector), 'the enterprise user\'s enterprise is not the department\'s');
	assert.ok(other && construction && farConstruction, 'demo enterprises for every test');
});

after(async () => {
	await srv?.stop();
});

// ---- helpers ----

/** The distinct field names of a 422 answer, sorted. */
const fieldsOf = (r) => [...new Set((r.json?.error?.fields || []).map((f) => f.field))].sort();

/**
 * A valid accident body: 东胜区, no enterprise, 2020-04-01 10:00 reported 20 minutes later,
 * one serious injury and 5000元 (一般). `undefined` in `over` drops a field.
 */
const body = (over = {}) => ({
	occurred_at: at('2020-04-01', '10:00'),
	reported_at: at('2020-04-01', '10:20'),
	region_code: DEMO.district,
	type: '物体打击',
	deaths: 0,
	serious_injuries: 1,
	direct_loss_fen: 500000,
	location: '测试路1号',
	description: `测试事故${uniq()}`,
	...over,
});

const post = (role, b) => api(srv.base, tok[role], 'POST', '/api/v1/accidents', b);
const get = (role, id) => api(srv.base, tok[role], 'GET', `/api/v1/accidents/${id}`);
const act = (role, id, b) => api(srv.base, tok[role], 'POST', `/api/v1/accidents/${id}/transitions`, b);

async function record(role, b) {
	const r = await post(role, b);
	assert.equal(r.status, 201, `${role} POST /accidents: ${r.text}`);
	return r.json;
}

async function step(role, id, b) {
	const r = await act(role, id, b);
	assert.equal(r.status, 200, `${role} ${b.action} on accident ${id}: ${r.text}`);
	return r.json;
}

function assert422(r, fields, what) {
	assert.equal(r.status, 422, `${what}: expected 422, got ${r.status} ${r.text}`);
	assert.equal(r.json?.error?.code, 'validation_failed', what);
	assert.deepEqual(fieldsOf(r), [...fields].sort(), `${what}: ${r.text}`);
}

/** The grade and its derived words as the reference gives them. */
function assertGrade(a, grade, by, what) {
	assert.equal(a.grade, grade, `${what}: grade`);
	assert.equal(a.grade_by, by, `${what}: grade_by`);
	const g = GRADE[grade];
	assert.equal(a.grade_label, g.label, `${what}: grade_label`);
	for (const s of g.report_to)
		assert.ok(a.report_to.includes(s), `${what}: report_to "${a.report_to}" has "${s}"`);
	for (const s of g.not_report_to)
		assert.ok(!a.report_to.includes(s), `${what}: report_to "${a.report_to}" lacks "${s}"`);
	assert.ok(a.investigated_by.includes(g.investigated_by),
	    `${what}: investigated_by "${a.investigated_by}" has "${g.investigated_by}"`);
}

// ---- 1. the grade (条例第三条) ----

describe('grade (条例第三条): every boundary of every criterion, "以上" inclusive and "以下" exclusive', () => {
	// [deaths, serious injuries, direct loss (fen), grade, grade_by, what]. Each pair is the
	// last figure of one grade and the first of the next (grades[] of the reference).
	const B = [
		// 较大: 3人以上10人以下死亡, 10人以上50人以下重伤, 1000万元以上5000万元以下.
		[2, 0, 0, 'general', 'none', '2 deaths'],
		[3, 0, 0, 'larger', 'deaths', '3 deaths'],
		[0, 9, 0, 'general', 'none', '9 serious injuries'],
		[0, 10, 0, 'larger', 'serious_injuries', '10 serious injuries'],
		[0, 0, 999990000, 'general', 'none', '999.99万元'],
		[0, 0, 999999999, 'general', 'none', '1000万元 less one fen'],
		[0, 0, 1000000000, 'larger', 'direct_loss', '1000万元'],
		// 重大: 10人以上30人以下死亡, 50人以上100人以下重伤, 5000万元以上1亿元以下.
		[9, 0, 0, 'larger', 'deaths', '9 deaths'],
		[10, 0, 0, 'major', 'deaths', '10 deaths'],
		[0, 49, 0, 'larger', 'serious_injuries', '49 serious injuries'],
		[0, 50, 0, 'major', 'serious_injuries', '50 serious injuries'],
		[0, 0, 4999990000, 'larger', 'direct_loss', '4999.99万元'],
		[0, 0, 4999999999, 'larger', 'direct_loss', '5000万元 less one fen'],
		[0, 0, 5000000000, 'major', 'direct_loss', '5000万元'],
		// 特别重大: 30人以上死亡, 100人以上重伤, 1亿元以上.
		[29, 0, 0, 'major', 'deaths', '29 deaths'],
		[30, 0, 0, 'especially_major', 'deaths', '30 deaths'],
		[0, 99, 0, 'major', 'serious_injuries', '99 serious injuries'],
		[0, 100, 0, 'especially_major', 'serious_injuries', '100 serious injuries'],
		[0, 0, 9999990000, 'major', 'direct_loss', '9999.99万元'],
		[0, 0, 9999999999, 'major', 'direct_loss', '1亿元 less one fen'],
		[0, 0, 10000000000, 'especially_major', 'direct_loss', '1亿元'],
		// Nothing at all is still an accident of the lowest grade.
		[0, 0, 0, 'general', 'none', 'no casualty, no loss'],
	];
	for (const [deaths, serious_injuries, direct_loss_fen, grade, by, what] of B) {
		test(`${what} → ${grade} (by ${by})`, async () => {
			const a = await record('city', body({ deaths, serious_injuries, direct_loss_fen }));
			assertGrade(a, grade, by, what);
			assert.equal(a.deaths, deaths);
			assert.equal(a.serious_injuries, serious_injuries);
			assert.equal(a.direct_loss_fen, direct_loss_fen);
		});
	}

	// The criteria disagree: each gives a grade and the highest wins (grading_logic: 各条件指向
	// 不同等级时取最高等级); grade_by names the criterion that reached it.
	const D = [
		[2, 10, 0, 'larger', 'serious_injuries', '2 deaths (一般), 10 injured (较大)'],
		[2, 9, 1000000000, 'larger', 'direct_loss', '2 deaths, 9 injured (一般), 1000万元 (较大)'],
		[3, 0, 5000000000, 'major', 'direct_loss', '3 deaths (较大), 5000万元 (重大)'],
		[9, 50, 0, 'major', 'serious_injuries', '9 deaths (较大), 50 injured (重大)'],
		[30, 10, 1000000000, 'especially_major', 'deaths', '30 deaths (特别重大), 10 injured and 1000万元 (较大)'],
		[0, 9, 10000000000, 'especially_major', 'direct_loss', '9 injured (一般), 1亿元 (特别重大)'],
		[10, 100, 5000000000, 'especially_major', 'serious_injuries', '10 deaths and 5000万元 (重大), 100 injured (特别重大)'],
		[2, 9, 999999999, 'general', 'none', 'every criterion just below 较大'],
	];
	for (const [deaths, serious_injuries, direct_loss_fen, grade, by, what] of D) {
		test(`the highest criterion wins: ${what} → ${grade} (by ${by})`, async () => {
			const a = await record('city', body({ deaths, serious_injuries, direct_loss_fen }));
			assertGrade(a, grade, by, what);
		});
	}

	test('criteria reaching the same grade: grade_by is the first in the order deaths, serious_injuries, direct_loss (accident.h)', async () => {
		let a = await record('city', body({ deaths: 10, serious_injuries: 50, direct_loss_fen: 5000000000 }));
		assertGrade(a, 'major', 'deaths', 'all three at 重大');
		a = await record('city', body({ deaths: 0, serious_injuries: 10, direct_loss_fen: 1000000000 }));
		assertGrade(a, 'larger', 'serious_injuries', 'injuries and loss at 较大');
	});

	test('the detail and the register show the same computed grade; a grade given is refused (never entered)', async () => {
		const a = await record('city', body({ deaths: 3, serious_injuries: 0, direct_loss_fen: 0 }));
		const r = await get('viewer', a.id);
		assert.equal(r.status, 200, r.text);
		assertGrade(r.json, 'larger', 'deaths', 'GET detail');
		const l = await api(srv.base, tok.city, 'GET', '/api/v1/accidents', undefined,
		    { query: { from: '2020-04-01', to: '2020-04-01', grade: 'larger', limit: 500 } });
		assert.equal(l.status, 200, l.text);
		const row = l.json.items.find((x) => x.id === a.id);
		assert.ok(row, 'the accident is in the register filtered by its grade');
		assertGrade(row, 'larger', 'deaths', 'list row');
		assert422(await post('city', body({ grade: 'general' })), ['grade'], 'grade in the body');
	});
});

// ---- 2. the late report (条例第九条: 1小时内) ----

describe('late report (条例第九条: 单位负责人接到报告后1小时内)', () => {
	test('reported exactly 1 hour after is not late; report_due_at is 1 hour after the accident', async () => {
		const a = await record('city', body({ occurred_at: at('2020-03-05', '08:00'),
			reported_at: at('2020-03-05', '09:00') }));
		assert.equal(a.late_report, false);
		assert.equal(a.late_report_minutes, 0);
		assert.match(a.report_due_at, /\+08:00$/);
		assert.equal(Date.parse(a.report_due_at), Date.parse('2020-03-05T09:00:00+08:00'));
		assert.equal(Date.parse(a.occurred_at), Date.parse('2020-03-05T08:00:00+08:00'));
		assert.equal(Date.parse(a.reported_at), Date.parse('2020-03-05T09:00:00+08:00'));
	});

	test('reported 1 hour 1 minute after is late by 1 minute', async () => {
		const a = await record('city', body({ occurred_at: at('2020-03-05', '08:00'),
			reported_at: at('2020-03-05', '09:01') }));
		assert.equal(a.late_report, true);
		assert.equal(a.late_report_minutes, 1);
		assert.equal(Date.parse(a.report_due_at), Date.parse('2020-03-05T09:00:00+08:00'));
	});

	test('reported 2 h 30 min after is late by 90 minutes; reported at once is not late; one second over is late', async () => {
		let a = await record('city', body({ occurred_at: at('2020-03-05', '23:00'),
			reported_at: at('2020-03-06', '01:30') }));
		assert.equal(a.late_report, true);
		assert.equal(a.late_report_minutes, 90);
		a = await record('city', body({ occurred_at: at('2020-03-05', '08:00'),
			reported_at: at('2020-03-05', '08:00') }));
		assert.equal(a.late_report, false);
		assert.equal(a.late_report_minutes, 0);
		a = await record('city', body({ occurred_at: '2020-03-05T08:00:00+08:00',
			reported_at: '2020-03-05T09:00:01+08:00' }));
		assert.equal(a.late_report, true, '"超过1小时" by one second');
	});

	test('an instant in another offset is the same instant: 23:30Z is 07:30 the next day in Shanghai', async () => {
		const a = await record('city', body({ occurred_at: '2020-03-04T23:30:00Z',
			reported_at: '2020-03-05T00:45:00Z' }));
		assert.equal(a.occurred_on, '2020-03-05');
		assert.match(a.occurred_at, /^2020-03-05T07:30:00(\.000)?\+08:00$/);
		assert.equal(a.late_report, true);
		assert.equal(a.late_report_minutes, 15);
	});
});

// ---- 3. the investigation deadline (条例第二十九条: 60日, 延长最长不超过60日) ----

describe('investigation deadline (条例第二十九条): 60 days, one extension of at most 60', () => {
	// Occurred 2020-03-05: +60 days = 2020-05-04 (26 days left in March, 30 in April, 4 in
	// May); extended by 60 more = 2020-07-03 (27 left in May, 30 in June, 3 in July).
	const OCC = at('2020-03-05', '08:00');
	const DUE = '2020-05-04';
	const DUE_EXTENDED = '2020-07-03';
	const occ = (over = {}) => body({ occurred_at: OCC, reported_at: at('2020-03-05', '08:30'), ...over });

	test('investigation_due is the occurrence date + 60; overdue today until the report is submitted', async () => {
		const a = await record('district', occ());
		assert.equal(a.occurred_on, '2020-03-05');
		assert.equal(a.investigation_due, DUE);
		assert.equal(a.investigation_overdue, true, 'today is long after 2020-05-04');
		assert.ok(a.actions.includes('extend_investigation') && a.actions.includes('submit_report'),
		    `a district head may extend and submit: ${a.actions}`);
		// A recent accident is not overdue.
		const recent = await record('district', occ({ occurred_at: at(addDays(TODAY, -3)),
			reported_at: at(addDays(TODAY, -3), '08:30') }));
		assert.equal(recent.investigation_due, addDays(addDays(TODAY, -3), 60));
		assert.equal(recent.investigation_overdue, false);
	});

	test('extend_investigation: heads only; 60 days moves the due date by 60; a second extension is 409', async () => {
		const a = await record('district', occ());
		// Staff who are not heads of a government (or its bureau) may not extend (403).
		for (const role of ['inspector', 'department', 'enterprise', 'reviewer', 'viewer']) {
			const r = await act(role, a.id, { action: 'extend_investigation', days: 60, reason: '技术鉴定' });
			assert.equal(r.status, 403, `${role}: ${r.text}`);
		}
		const x = await step('district', a.id, { action: 'extend_investigation', days: 60,
			reason: '经东胜区人民政府批准延长' });
		assert.equal(x.investigation_due, DUE_EXTENDED);
		assert.equal(x.extension_days, 60);
		assert.ok(!x.actions.includes('extend_investigation'), 'once only');
		const ev = x.events.find((e) => e.action === 'extend_investigation');
		assert.ok(ev, 'the extension is an event');
		assert.equal(ev.data.days, 60);
		// "最长不超过60日", and once: a second extension is a conflict whatever its length.
		for (const role of ['district', 'city', 'admin']) {
			const r = await act(role, a.id, { action: 'extend_investigation', days: 1, reason: '再次延长' });
			assert.equal(r.status, 409, `${role} second extension: ${r.text}`);
		}
		assert.equal((await get('city', a.id)).json.investigation_due, DUE_EXTENDED, 'unchanged');
	});

	test('extend_investigation refuses 61 days, 0 days, no days and no reason (422 naming the field)', async () => {
		const a = await record('city', occ());
		assert422(await act('city', a.id, { action: 'extend_investigation', days: 61, reason: 'x理由' }),
		    ['days'], '61 days');
		assert422(await act('city', a.id, { action: 'extend_investigation', days: 0, reason: 'x理由' }),
		    ['days'], '0 days');
		assert422(await act('city', a.id, { action: 'extend_investigation', reason: 'x理由' }),
		    ['days'], 'no days');
		assert422(await act('city', a.id, { action: 'extend_investigation', days: 30 }),
		    ['reason'], 'no reason');
		assert422(await act('city', a.id, { action: 'extend_investigation', days: 30, reason: 'x理由', note: 'n' }),
		    ['note'], 'a field the action does not take');
		// None of these extended it; a 1-day extension is then still possible.
		const x = await step('admin', a.id, { action: 'extend_investigation', days: 1, reason: '批准延长1日' });
		assert.equal(x.investigation_due, '2020-05-05');
	});

	test('submit_report on the due date is not late, the day after is late; the overdue flag ends', async () => {
		const onTime = await record('city', occ());
		let x = await step('city', onTime.id, { action: 'submit_report', submitted_on: DUE });
		assert.equal(x.report_submitted_on, DUE);
		assert.equal(x.investigation_overdue, false, 'submitted: no longer overdue');
		let ev = x.events.find((e) => e.action === 'submit_report');
		assert.equal(ev.data.late, false, `submitted on ${DUE}`);
		assert.equal(ev.data.submitted_on, DUE);
		assert.ok(!x.actions.includes('submit_report'), 'once only');
		const r = await act('city', onTime.id, { action: 'submit_report', submitted_on: DUE });
		assert.equal(r.status, 409, `a second report: ${r.text}`);

		const late = await record('city', occ());
		x = await step('district', late.id, { action: 'submit_report', submitted_on: '2020-05-05' });
		ev = x.events.find((e) => e.action === 'submit_report');
		assert.equal(ev.data.late, true, 'submitted the day after 2020-05-04');
		assert.equal(x.investigation_overdue, false);
	});

	test('submit_report after the first 60 days but within the extension is not late', async () => {
		const a = await record('city', occ());
		await step('city', a.id, { action: 'extend_investigation', days: 60, reason: '批准延长' });
		const x = await step('city', a.id, { action: 'submit_report', submitted_on: '2020-06-01' });
		assert.equal(x.events.find((e) => e.action === 'submit_report').data.late, false);
		const b = await record('city', occ());
		await step('city', b.id, { action: 'extend_investigation', days: 60, reason: '批准延长' });
		const y = await step('city', b.id, { action: 'submit_report', submitted_on: '2020-07-04' });
		assert.equal(y.events.find((e) => e.action === 'submit_report').data.late, true,
		    'the day after 2020-07-03');
	});

	test('submit_report: heads only; the date between the accident and today', async () => {
		const a = await record('city', occ());
		for (const role of ['inspector', 'department', 'enterprise', 'reviewer', 'viewer']) {
			const r = await act(role, a.id, { action: 'submit_report', submitted_on: DUE });
			assert.equal(r.status, 403, `${role}: ${r.text}`);
		}
		assert422(await act('city', a.id, { action: 'submit_report', submitted_on: '2020-03-04' }),
		    ['submitted_on'], 'before the accident');
		assert422(await act('city', a.id, { action: 'submit_report', submitted_on: addDays(TODAY, 1) }),
		    ['submitted_on'], 'tomorrow');
		assert422(await act('city', a.id, { action: 'submit_report', submitted_on: '2020/05/01' }),
		    ['submitted_on'], 'not a date');
		// Without a date it is submitted today, which is long after the due date.
		const x = await step('city', a.id, { action: 'submit_report' });
		assert.equal(x.report_submitted_on, TODAY);
		assert.equal(x.events.find((e) => e.action === 'submit_report').data.late, true);
	});

	test('once the report is submitted the investigation is over (第三十一条): no extension after it', async () => {
		// 条例第三十一条: 事故调查报告报送负责事故调查的人民政府后, 事故调查工作即告结束. The
		// detail's `actions` no longer offers extend_investigation after the report; the
		// transition must refuse it too (409, as any action not possible now), or the report
		// already recorded as late is shown against a due date moved after the fact.
		const a = await record('city', occ());
		const x = await step('city', a.id, { action: 'submit_report', submitted_on: '2020-06-01' });
		assert.ok(!x.actions.includes('extend_investigation'), 'not offered after the report');
		const r = await act('city', a.id, { action: 'extend_investigation', days: 60, reason: '补办延期' });
		assert.equal(r.status, 409, `extend after submit_report: ${r.status} ${r.text}`);
		assert.equal((await get('city', a.id)).json.investigation_due, DUE, 'the due date stays');
	});
});

// ---- 4. casualty updates (条例第十三条: 30日内, 道路交通、火灾 7日内) ----

describe('casualty updates (条例第十三条 补报): within 30 days, 7 for road traffic and fire', () => {
	const daysAgo = (n, over = {}) => body({ occurred_at: at(addDays(TODAY, -n), '08:00'),
		reported_at: at(addDays(TODAY, -n), '08:30'), ...over });

	test('within the window the figures change, the grade is computed again, the event keeps before and after', async () => {
		const a = await record('inspector', daysAgo(3, { deaths: 2, serious_injuries: 0, direct_loss_fen: 100000 }));
		assertGrade(a, 'general', 'none', '2 deaths');
		assert.equal(a.update_window_until, addDays(addDays(TODAY, -3), 30));
		assert.ok(a.actions.includes('update_casualties'), `inside the window: ${a.actions}`);
		const x = await step('inspector', a.id, { action: 'update_casualties', deaths: 3,
			note: '一名重伤人员经抢救无效死亡' });
		assertGrade(x, 'larger', 'deaths', '3 deaths after the update');
		assert.equal(x.deaths, 3);
		assert.equal(x.serious_injuries, 0, 'a figure not given stays');
		assert.equal(x.direct_loss_fen, 100000);
		const ev = x.events.filter((e) => e.action === 'update_casualties');
		assert.equal(ev.length, 1);
		assert.deepEqual(ev[0].data.deaths, [2, 3]);
		assert.deepEqual(ev[0].data.serious_injuries, [0, 0]);
		assert.deepEqual(ev[0].data.direct_loss_fen, [100000, 100000]);
		assert.deepEqual(ev[0].data.grade, ['general', 'larger']);
		assert.equal(ev[0].from_status, 'general');
		assert.equal(ev[0].to_status, 'larger');
		assert.equal(ev[0].note, '一名重伤人员经抢救无效死亡');
		// The first event is the report itself.
		assert.equal(x.events[0].action, 'report');
		// The enterprise updates its own accident: the loss reaches 5000万元 and 12 are
		// injured → 重大 by the loss (12 injured is only 较大); then a second update, kept
		// as another event.
		const e = await record('enterprise', daysAgo(4, { region_code: undefined, deaths: 0,
			serious_injuries: 0, direct_loss_fen: 0 }));
		let y = await step('enterprise', e.id, { action: 'update_casualties', direct_loss_fen: 5000000000,
			serious_injuries: 12, note: '核定直接经济损失' });
		assertGrade(y, 'major', 'direct_loss', 'the enterprise updates its own accident');
		assert.deepEqual(y.events.at(-1).data.grade, ['general', 'major']);
		assert.deepEqual(y.events.at(-1).data.serious_injuries, [0, 12]);
		y = await step('enterprise', e.id, { action: 'update_casualties', direct_loss_fen: 4999990000,
			note: '损失核减' });
		assertGrade(y, 'larger', 'serious_injuries', '4999.99万元 and 12 injured');
		assert.deepEqual(y.events.map((v) => v.action), ['report', 'update_casualties', 'update_casualties']);
		assert.deepEqual(y.events.at(-1).data.direct_loss_fen, [5000000000, 4999990000]);
		assert.deepEqual(y.events.at(-1).data.grade, ['major', 'larger']);
	});

	test('a note is required; figures are integers ≥ 0; a field the action does not take is 422', async () => {
		const a = await record('city', daysAgo(5));
		assert422(await act('city', a.id, { action: 'update_casualties', deaths: 1 }), ['note'], 'no note');
		assert422(await act('city', a.id, { action: 'update_casualties', deaths: 1, note: '' }), ['note'], 'empty note');
		assert422(await act('city', a.id, { action: 'update_casualties', deaths: -1, note: '补报' }), ['deaths'], 'negative deaths');
		assert422(await act('city', a.id, { action: 'update_casualties', serious_injuries: -1, note: '补报' }),
		    ['serious_injuries'], 'negative injuries');
		assert422(await act('city', a.id, { action: 'update_casualties', direct_loss_fen: -1, note: '补报' }),
		    ['direct_loss_fen'], 'negative loss');
		assert422(await act('city', a.id, { action: 'update_casualties', deaths: 1.5, note: '补报' }), ['deaths'], '1.5 deaths');
		assert422(await act('city', a.id, { action: 'update_casualties', grade: 'major', deaths: 1, note: '补报' }),
		    ['grade'], 'the grade is never entered');
		// A 补报 gives at least one figure.
		assert422(await act('city', a.id, { action: 'update_casualties', note: '补报' }), ['deaths'],
		    'no figure');
		assert422(await act('city', a.id, { action: 'delete' }), ['action'], 'an unknown action');
		const x = (await get('city', a.id)).json;
		assert.equal(x.events.length, 1, 'nothing was recorded');
		assert.equal(x.serious_injuries, 1);
	});

	test('who may update: staff and the enterprise (its own); reviewer and viewer 403; out of scope 404', async () => {
		const a = await record('inspector', daysAgo(5, { enterprise_id: own.id, region_code: undefined }));
		for (const role of ['reviewer', 'viewer']) {
			const r = await act(role, a.id, { action: 'update_casualties', deaths: 1, note: '补报' });
			assert.equal(r.status, 403, `${role}: ${r.text}`);
		}
		// The department does not see a chemical enterprise's accident.
		const r = await act('department', a.id, { action: 'update_casualties', deaths: 1, note: '补报' });
		assert.equal(r.status, 404, `department: ${r.text}`);
		for (const [role, deaths] of [['admin', 1], ['city', 1], ['district', 1], ['inspector', 2], ['enterprise', 2]])
			assert.equal((await step(role, a.id, { action: 'update_casualties', deaths, note: `${role}补报` })).deaths, deaths);
		assert.equal((await get('city', a.id)).json.events.filter((e) => e.action === 'update_casualties').length, 5);
	});

	test('the 30-day window: the 30th day after the accident still allows it, the 31st is 409', async () => {
		const d30 = await record('city', daysAgo(30));
		assert.equal(d30.update_window_until, TODAY);
		assert.ok(d30.actions.includes('update_casualties'));
		await step('city', d30.id, { action: 'update_casualties', serious_injuries: 2, note: '第30日补报' });
		const d31 = await record('city', daysAgo(31));
		assert.equal(d31.update_window_until, addDays(TODAY, -1));
		assert.ok(!d31.actions.includes('update_casualties'), `after the window: ${d31.actions}`);
		const r = await act('city', d31.id, { action: 'update_casualties', serious_injuries: 2, note: '第31日补报' });
		assert.equal(r.status, 409, r.text);
		assert.equal((await get('city', d31.id)).json.serious_injuries, 1, 'unchanged');
	});

	test('fire (火灾) and road traffic: a 7-day window; the 8th day is 409', async () => {
		for (const [what, over] of [['火灾', { type: '火灾' }], ['road_traffic', { type: '车辆伤害', road_traffic: true }]]) {
			const d7 = await record('city', daysAgo(7, over));
			assert.equal(d7.update_window_until, TODAY, what);
			await step('city', d7.id, { action: 'update_casualties', deaths: 1, note: `${what}第7日补报` });
			const d8 = await record('city', daysAgo(8, over));
			assert.equal(d8.update_window_until, addDays(TODAY, -1), what);
			assert.equal(d8.road_traffic, over.road_traffic === true, `${what}: road_traffic`);
			const r = await act('city', d8.id, { action: 'update_casualties', deaths: 1, note: `${what}第8日补报` });
			assert.equal(r.status, 409, `${what} 8 days after: ${r.text}`);
		}
		// 车辆伤害 inside a workplace (not road traffic) keeps the 30-day window.
		const yard = await record('city', daysAgo(8, { type: '车辆伤害', road_traffic: false }));
		assert.equal(yard.update_window_until, addDays(addDays(TODAY, -8), 30));
		await step('city', yard.id, { action: 'update_casualties', deaths: 1, note: '厂内车辆伤害补报' });
	});

	test('update_window_until is 30 (or 7) days after the occurrence date, for an accident long past', async () => {
		const a = await record('city', body({ occurred_at: at('2020-02-10'), reported_at: at('2020-02-10', '08:30') }));
		assert.equal(a.update_window_until, '2020-03-11', '2020-02-10 + 30 (2020 is a leap year: 19 days left in February, 11 in March)');
		const f = await record('city', body({ type: '火灾', occurred_at: at('2020-02-25'), reported_at: at('2020-02-25', '08:30') }));
		assert.equal(f.update_window_until, '2020-03-03', '2020-02-25 + 7 (4 days left in February, 3 in March)');
	});
});

// ---- 5. validation ----

describe('validation of POST /accidents', () => {
	const REQUIRED = ['occurred_at', 'reported_at', 'type', 'deaths', 'serious_injuries', 'direct_loss_fen'];

	test('each required field missing is 422 naming it; region_code is required without an enterprise', async () => {
		for (const f of REQUIRED)
			assert422(await post('city', body({ [f]: undefined })), [f], `no ${f}`);
		assert422(await post('city', body({ region_code: undefined })), ['region_code'], 'no region, no enterprise');
		const empty = await post('city', {});
		assert422(empty, [...REQUIRED, 'region_code'], 'an empty body');
		// With an enterprise and no region: the enterprise's region (docs: default).
		const a = await record('city', body({ region_code: undefined, enterprise_id: own.id }));
		assert.equal(a.region_code, own.region_code);
		assert.equal(a.enterprise_id, own.id);
		assert.equal(a.sector, own.sector);
	});

	test('null for a required field is 422 naming it', async () => {
		for (const f of [...REQUIRED, 'region_code'])
			assert422(await post('city', body({ [f]: null })), [f], `${f}: null`);
	});

	test('negative or non-integer figures, an unknown type, bad instants, an unknown region, unknown fields', async () => {
		for (const f of ['deaths', 'serious_injuries', 'direct_loss_fen']) {
			assert422(await post('city', body({ [f]: -1 })), [f], `${f} -1`);
			assert422(await post('city', body({ [f]: 1.5 })), [f], `${f} 1.5`);
			assert422(await post('city', body({ [f]: '1' })), [f], `${f} "1"`);
		}
		assert422(await post('city', body({ type: '交通事故' })), ['type'], 'not a GB 6441 category');
		assert422(await post('city', body({ type: '其他伤害' })), ['type'], '其它伤害 is written 其它');
		assert422(await post('city', body({ type: 7 })), ['type'], 'a number');
		assert422(await post('city', body({ reported_at: at('2020-04-01', '09:59') })), ['reported_at'],
		    'reported before the accident');
		assert422(await post('city', body({ occurred_at: '2020-04-01' })), ['occurred_at'], 'a date, not an instant');
		assert422(await post('city', body({ reported_at: '2020-04-01T25:00:00+08:00' })), ['reported_at'], 'hour 25');
		// In the future (more than the minute of clock difference allowed).
		const tomorrow = at(addDays(TODAY, 1), '10:00');
		const fut = await post('city', body({ occurred_at: tomorrow, reported_at: tomorrow }));
		assert.equal(fut.status, 422, fut.text);
		assert.ok(fieldsOf(fut).includes('occurred_at'), `the future accident names occurred_at: ${fut.text}`);
		assert422(await post('city', body({ reported_at: tomorrow })), ['reported_at'], 'reported tomorrow');
		const soon = new Date(Date.now() + 10 * 60000).toISOString();
		assert422(await post('city', body({ occurred_at: at('2020-04-01'), reported_at: soon })), ['reported_at'],
		    'reported 10 minutes from now');
		assert422(await post('city', body({ region_code: '150699' })), ['region_code'], 'no such region');
		assert422(await post('city', body({ region_code: '110101' })), ['region_code'], 'a region of another city');
		assert422(await post('city', body({ enterprise_id: 99999999 })), ['enterprise_id'], 'no such enterprise');
		assert422(await post('city', body({ road_traffic: 'yes' })), ['road_traffic'], 'road_traffic not a boolean');
		assert422(await post('city', body({ foo: 1 })), ['foo'], 'an unknown field');
		assert422(await post('city', body({ grade: 'general', grade_by: 'deaths' })), ['grade', 'grade_by'],
		    'computed fields are not entered');
		// Not an object at all: 400 bad_request, as for every JSON route (validation.test.mjs).
		const arr = await post('city', [body()]);
		assert.equal(arr.status, 400, `an array body: ${arr.text}`);
		const bad = await post('city', '{"occurred_at":');
		assert.equal(bad.status, 400, `malformed JSON: ${bad.text}`);
	});

	test('a report before the accident is refused for instants before 1970 too', async () => {
		// docs/api.md: "the report not before the accident". The check must not depend on
		// the instants being after the Unix epoch (1970-01-01T08:00+08:00).
		assert422(await post('city', body({ occurred_at: '1969-12-31T10:00:00+08:00',
			reported_at: '1969-12-31T09:00:00+08:00' })), ['reported_at'], 'reported an hour before, in 1969');
	});

	test('every one of the 20 categories of GB 6441 is accepted as written', async () => {
		const TYPES = ['物体打击', '车辆伤害', '机械伤害', '起重伤害', '触电', '淹溺', '灼烫', '火灾',
			'高处坠落', '坍塌', '冒顶片帮', '透水', '放炮', '火药爆炸', '瓦斯爆炸', '锅炉爆炸',
			'容器爆炸', '其它爆炸', '中毒和窒息', '其它伤害'];
		assert.equal(TYPES.length, 20);
		for (const type of TYPES)
			assert.equal((await record('city', body({ type }))).type, type);
	});

	test('an enterprise user records its own accident only: another enterprise is 422 enterprise_id', async () => {
		assert422(await post('enterprise', body({ region_code: undefined, enterprise_id: other.id })),
		    ['enterprise_id'], 'another enterprise');
		const a = await record('enterprise', body({ region_code: undefined }));
		assert.equal(a.enterprise_id, own.id, 'without enterprise_id: its own');
		assert.equal(a.region_code, own.region_code);
		const b = await record('enterprise', body({ region_code: undefined, enterprise_id: own.id }));
		assert.equal(b.enterprise_id, own.id);
	});
});

// ---- 6. scope ----

describe('data scope', () => {
	let ds, kbs, ownAcc, otherAcc, consAcc, farConsAcc;

	before(async () => {
		const d = (over) => body({ occurred_at: at('2020-05-10'), reported_at: at('2020-05-10', '08:30'), ...over });
		ds = await record('city', d({ region_code: DEMO.district }));
		kbs = await record('city', d({ region_code: DEMO.otherDistrict }));
		ownAcc = await record('inspector', d({ region_code: undefined, enterprise_id: own.id }));
		otherAcc = await record('district', d({ region_code: undefined, enterprise_id: other.id }));
		consAcc = await record('inspector', d({ region_code: undefined, enterprise_id: construction.id }));
		farConsAcc = await record('city', d({ region_code: undefined, enterprise_id: farConstruction.id }));
	});

	test('a district sees 东胜区 accidents only; another district\'s is 404', async () => {
		for (const role of ['district', 'inspector']) {
			const { items, total } = await listAll(srv.base, tok[role], '/api/v1/accidents');
			assert.equal(items.length, total);
			assert.ok(items.every((a) => a.region_code.startsWith(DEMO.district)),
			    `${role}: ${items.map((a) => a.region_code)}`);
			const ids = items.map((a) => a.id);
			for (const a of [ds, ownAcc, otherAcc, consAcc])
				assert.ok(ids.includes(a.id), `${role} sees accident ${a.id}`);
			for (const a of [kbs, farConsAcc])
				assert.ok(!ids.includes(a.id), `${role} does not see accident ${a.id}`);
			assert.equal((await get(role, kbs.id)).status, 404);
			assert.equal((await get(role, farConsAcc.id)).status, 404);
			assert.equal((await get(role, ds.id)).status, 200);
			// An update of an accident out of scope is 404 too.
			const r = await act(role, kbs.id, { action: 'update_casualties', deaths: 1, note: '补报' });
			assert.equal(r.status, 404, `${role} update out of scope: ${r.text}`);
		}
		// The city sees both districts.
		const city = (await listAll(srv.base, tok.city, '/api/v1/accidents')).items.map((a) => a.id);
		for (const a of [ds, kbs, ownAcc, otherAcc, consAcc, farConsAcc])
			assert.ok(city.includes(a.id));
	});

	test('a district user cannot record in 康巴什区 (422 region_code) nor for its enterprise (422 enterprise_id)', async () => {
		assert422(await post('district', body({ region_code: DEMO.otherDistrict })), ['region_code'], 'district → 150603');
		assert422(await post('inspector', body({ region_code: '150603001' })), ['region_code'], 'inspector → a 康巴什区 street');
		assert422(await post('district', body({ region_code: undefined, enterprise_id: farConstruction.id })),
		    ['enterprise_id'], 'a 康巴什区 enterprise');
		// Its own district, down to a street, is fine.
		assert.equal((await record('district', body({ region_code: '150602001' }))).region_code, '150602001');
	});

	test('the enterprise sees only its own accidents', async () => {
		const { items } = await listAll(srv.base, tok.enterprise, '/api/v1/accidents');
		assert.ok(items.length > 0);
		assert.ok(items.every((a) => a.enterprise_id === own.id), `${items.map((a) => a.enterprise_id)}`);
		assert.ok(items.some((a) => a.id === ownAcc.id));
		for (const a of [ds, otherAcc, consAcc, kbs])
			assert.equal((await get('enterprise', a.id)).status, 404, `accident ${a.id}`);
		assert.equal((await get('enterprise', ownAcc.id)).status, 200);
		const r = await act('enterprise', otherAcc.id, { action: 'update_casualties', deaths: 1, note: '补报' });
		assert.equal(r.status, 404, r.text);
	});

	test('the viewer reads everything in the city but writes nothing (403)', async () => {
		const ids = (await listAll(srv.base, tok.viewer, '/api/v1/accidents')).items.map((a) => a.id);
		for (const a of [ds, kbs, ownAcc])
			assert.ok(ids.includes(a.id));
		const g = await get('viewer', kbs.id);
		assert.equal(g.status, 200, g.text);
		assert.deepEqual(g.json.actions, [], 'no action for a viewer');
		const p = await post('viewer', body());
		assert.equal(p.status, 403, p.text);
		const s = await api(srv.base, tok.viewer, 'GET', '/api/v1/stats/accidents');
		assert.equal(s.status, 200, s.text);
	});

	test('the reviewer reads but records no accident (403)', async () => {
		assert.equal((await get('reviewer', ds.id)).status, 200);
		assert.equal((await post('reviewer', body())).status, 403);
	});

	test('the department sees only accidents of enterprises of its sectors', async () => {
		const { items } = await listAll(srv.base, tok.department, '/api/v1/accidents');
		const ids = items.map((a) => a.id);
		assert.ok(items.every((a) => a.enterprise_id != null && DEMO.departmentSectors.includes(a.sector)),
		    `${items.map((a) => `${a.id}:${a.sector}`)}`);
		assert.ok(ids.includes(consAcc.id) && ids.includes(farConsAcc.id), 'its sector, in both districts');
		for (const a of [ds, kbs, ownAcc, otherAcc])
			assert.equal((await get('department', a.id)).status, 404, `accident ${a.id}`);
		// It records for an enterprise of its sector; not for another.
		const c = await record('department', body({ region_code: undefined, enterprise_id: construction.id }));
		assert.equal(c.sector, 'construction');
		assert422(await post('department', body({ region_code: undefined, enterprise_id: own.id })),
		    ['enterprise_id'], 'a chemical enterprise');
	});

	test('a department recording an accident without an enterprise is refused (422), nothing stored', async () => {
		// The department's scope is "enterprises of the org's sectors" (docs/api.md, Roles):
		// a place alone is not in it, so the region is not "in the caller's scope" and the
		// write must be refused (422) — not stored and then answered 404 because the
		// department cannot read what it has just written.
		const desc = `部门无企业事故${uniq()}`;
		const countBefore = (await listAll(srv.base, tok.city, '/api/v1/accidents')).total;
		const r = await post('department', body({ description: desc }));
		const afterRows = (await listAll(srv.base, tok.city, '/api/v1/accidents')).items;
		const stored = afterRows.filter((a) => a.description === desc);
		assert.notEqual(r.status, 404, `the answer to a write that was stored (${stored.length} row(s)): ${r.text}`);
		assert.equal(r.status, 422, r.text);
		assert.ok(fieldsOf(r).some((f) => f === 'region_code' || f === 'enterprise_id'), r.text);
		assert.equal(stored.length, 0, 'nothing stored');
		assert.equal(afterRows.length, countBefore);
	});
});

// ---- 7. statistics ----

describe('statistics (GET /stats/accidents) over accidents of 2021, a year no other test here uses', () => {
	// S1 东胜区 2021-01-15 触电   1 death,  0 injured, 10万元         → general
	// S2 康巴什区 2021-01-20 火灾 3 deaths, 2 injured, 200万元        → larger (deaths)
	// S3 the enterprise (东胜区) 2021-03-01 00:30 Shanghai (still February in UTC)
	//                    中毒和窒息 0 deaths, 12 injured, 0           → larger (injuries)
	// S4 东胜区 2021-06-30T20:00Z = 2021-07-01 04:00 Shanghai, 触电 10 deaths → major
	// S5 康巴什区 2021-12-31 23:30, 坍塌 0, 0, 500万元                → general
	// S6 达拉特旗 (150621) 2021-05-10 机械伤害 0, 1 injured, 3万元    → general
	// Outside: 2020-12-31 23:59 and 2022-01-01 00:10 (Shanghai).
	const Q = { from: '2021-01-01', to: '2021-12-31' };
	const zero = { count: 0, deaths: 0, serious_injuries: 0, direct_loss_fen: 0 };
	const g = (key, label, count, deaths, serious_injuries, direct_loss_fen) =>
		({ key, label, count, deaths, serious_injuries, direct_loss_fen });
	// Totals by hand: count 6; deaths 1+3+0+10+0+0 = 14; injured 0+2+12+0+0+1 = 15;
	// loss 10万 + 200万 + 500万 + 3万 = 713万元 = 713,000,000 fen.
	const TOTAL = g('total', '合计', 6, 14, 15, 713000000);
	const ids = {};

	before(async () => {
		const s = async (name, role, over) => {
			ids[name] = (await record(role, body(over))).id;
		};
		await s('S1', 'city', { occurred_at: at('2021-01-15', '09:00'), reported_at: at('2021-01-15', '09:30'),
			region_code: DEMO.district, type: '触电', deaths: 1, serious_injuries: 0, direct_loss_fen: 10000000 });
		await s('S2', 'city', { occurred_at: at('2021-01-20', '14:00'), reported_at: at('2021-01-20', '14:20'),
			region_code: DEMO.otherDistrict, type: '火灾', deaths: 3, serious_injuries: 2, direct_loss_fen: 200000000 });
		await s('S3', 'inspector', { occurred_at: at('2021-03-01', '00:30'), reported_at: at('2021-03-01', '01:00'),
			region_code: undefined, enterprise_id: own.id, type: '中毒和窒息', deaths: 0, serious_injuries: 12,
			direct_loss_fen: 0 });
		await s('S4', 'admin', { occurred_at: '2021-06-30T20:00:00Z', reported_at: '2021-06-30T20:40:00Z',
			region_code: DEMO.district, type: '触电', deaths: 10, serious_injuries: 0, direct_loss_fen: 0 });
		await s('S5', 'city', { occurred_at: at('2021-12-31', '23:30'), reported_at: at('2021-12-31', '23:50'),
			region_code: DEMO.otherDistrict, type: '坍塌', deaths: 0, serious_injuries: 0, direct_loss_fen: 500000000 });
		await s('S6', 'city', { occurred_at: at('2021-05-10', '10:00'), reported_at: at('2021-05-10', '10:10'),
			region_code: '150621', type: '机械伤害', deaths: 0, serious_injuries: 1, direct_loss_fen: 3000000 });
		await s('before', 'city', { occurred_at: at('2020-12-31', '23:59'), reported_at: at('2021-01-01', '00:10'),
			region_code: DEMO.district, type: '触电', deaths: 5, serious_injuries: 5, direct_loss_fen: 5 });
		// 2022-01-01 00:10 in Shanghai is still 2021-12-31 in UTC.
		await s('after', 'city', { occurred_at: at('2022-01-01', '00:10'), reported_at: at('2022-01-01', '00:20'),
			region_code: DEMO.district, type: '触电', deaths: 7, serious_injuries: 7, direct_loss_fen: 7 });
	});

	async function stats(role, query) {
		const r = await api(srv.base, tok[role], 'GET', '/api/v1/stats/accidents', undefined, { query });
		assert.equal(r.status, 200, r.text);
		return r.json;
	}
	const byKey = (groups) => Object.fromEntries(groups.map((x) => [x.key, x]));

	test('by grade: all four grades in order, the empty one with zeros, and the total', async () => {
		const s = await stats('city', { ...Q, group_by: 'grade' });
		assert.equal(s.from, Q.from);
		assert.equal(s.to, Q.to);
		assert.equal(s.group_by, 'grade');
		assert.deepEqual(s.groups, [
			// S1, S5, S6: deaths 1; injured 1; 10万 + 500万 + 3万 = 513万元
			g('general', '一般事故', 3, 1, 1, 513000000),
			// S2, S3: deaths 3; injured 2 + 12; 200万元
			g('larger', '较大事故', 2, 3, 14, 200000000),
			// S4
			g('major', '重大事故', 1, 10, 0, 0),
			g('especially_major', '特别重大事故', 0, 0, 0, 0),
		]);
		assert.deepEqual(s.total, TOTAL);
	});

	test('by type, by region (district, first six digits) and by month (Shanghai dates)', async () => {
		let s = await stats('city', { ...Q, group_by: 'type' });
		assert.equal(s.groups.length, 5);
		assert.deepEqual(byKey(s.groups), {
			'触电': g('触电', '触电', 2, 11, 0, 10000000),
			'火灾': g('火灾', '火灾', 1, 3, 2, 200000000),
			'中毒和窒息': g('中毒和窒息', '中毒和窒息', 1, 0, 12, 0),
			'坍塌': g('坍塌', '坍塌', 1, 0, 0, 500000000),
			'机械伤害': g('机械伤害', '机械伤害', 1, 0, 1, 3000000),
		});
		assert.deepEqual(s.total, TOTAL);
		s = await stats('city', { ...Q, group_by: 'region' });
		assert.equal(s.groups.length, 3);
		assert.deepEqual(byKey(s.groups), {
			// S1, S3 (the enterprise's 150602405 counts in 东胜区), S4
			150602: g('150602', '东胜区', 3, 11, 12, 10000000),
			// S2, S5
			150603: g('150603', '康巴什区', 2, 3, 2, 700000000),
			150621: g('150621', '达拉特旗', 1, 0, 1, 3000000),
		});
		assert.deepEqual(s.total, TOTAL);
		s = await stats('city', { ...Q, group_by: 'month' });
		assert.deepEqual(s.groups.map((x) => [x.key, x.count, x.deaths, x.serious_injuries, x.direct_loss_fen]), [
			['2021-01', 2, 4, 2, 210000000],	// S1, S2
			['2021-03', 1, 0, 12, 0],		// S3 (00:30 on 1 March in Shanghai)
			['2021-05', 1, 0, 1, 3000000],		// S6
			['2021-07', 1, 10, 0, 0],		// S4 (04:00 on 1 July in Shanghai)
			['2021-12', 1, 0, 0, 500000000],	// S5
		]);
		assert.deepEqual(s.total, TOTAL);
	});

	test('the bounds are inclusive occurrence dates; a district counts its own scope', async () => {
		// One day: 2021-12-31 holds S5 only (23:30); 2022-01-01 holds "after" (00:10).
		let s = await stats('city', { from: '2021-12-31', to: '2021-12-31' });
		assert.deepEqual(s.total, g('total', '合计', 1, 0, 0, 500000000));
		s = await stats('city', { from: '2022-01-01', to: '2022-01-01' });
		assert.deepEqual(s.total, g('total', '合计', 1, 7, 7, 7));
		s = await stats('city', { from: '2020-12-31', to: '2020-12-31' });
		assert.deepEqual(s.total, g('total', '合计', 1, 5, 5, 5));
		// 东胜区: S1, S3, S4.
		s = await stats('district', { ...Q, group_by: 'region' });
		assert.deepEqual(s.groups, [g('150602', '东胜区', 3, 11, 12, 10000000)]);
		assert.deepEqual(s.total, g('total', '合计', 3, 11, 12, 10000000));
		// The enterprise: S3 only.
		s = await stats('enterprise', { ...Q, group_by: 'grade' });
		assert.deepEqual(s.total, g('total', '合计', 1, 0, 12, 0));
		assert.deepEqual(s.groups.map((x) => x.key), GRADE_ORDER);
		// The department: none of these (no construction or city_gas enterprise).
		s = await stats('department', { ...Q, group_by: 'grade' });
		assert.deepEqual(s.total, { key: 'total', label: '合计', ...zero });
		assert.equal(s.groups.length, 4);
	});

	test('defaults: this year, by grade', async () => {
		const s = await stats('city', {});
		const year = TODAY.slice(0, 4);
		assert.equal(s.from, `${year}-01-01`);
		assert.equal(s.to, `${year}-12-31`);
		assert.equal(s.group_by, 'grade');
		assert.deepEqual(s.groups.map((x) => x.key), GRADE_ORDER);
	});

	test('bad parameters are 422 naming them', async () => {
		for (const [k, v] of [['from', '2021-13-01'], ['to', 'x'], ['from', '2021/01/01'], ['to', '2021-02-30'],
			['group_by', 'sector'], ['group_by', 'GRADE']]) {
			const r = await api(srv.base, tok.city, 'GET', '/api/v1/stats/accidents', undefined,
			    { query: { ...Q, [k]: v } });
			assert422(r, [k], `${k}=${v}`);
		}
	});

	test('the register filters by grade, type, region, dates and enterprise', async () => {
		const list = async (query) => {
			const r = await api(srv.base, tok.city, 'GET', '/api/v1/accidents', undefined,
			    { query: { ...Q, limit: 500, ...query } });
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.total, r.json.items.length);
			return r.json.items.map((a) => a.id);
		};
		const all = await list({});
		assert.deepEqual(all, ['S6', 'S5', 'S4', 'S3', 'S2', 'S1'].map((k) => ids[k]).sort((a, b) => b - a),
		    'newest first');
		assert.deepEqual(await list({ grade: 'larger' }), [ids.S3, ids.S2]);
		assert.deepEqual(await list({ type: '触电' }), [ids.S4, ids.S1]);
		assert.deepEqual(await list({ region: DEMO.otherDistrict }), [ids.S5, ids.S2]);
		assert.deepEqual(await list({ enterprise_id: own.id }), [ids.S3]);
		assert.deepEqual(await list({ from: '2021-03-01', to: '2021-07-01' }), [ids.S6, ids.S4, ids.S3]);
		for (const [k, v] of [['grade', 'minor'], ['type', '交通事故'], ['from', 'x'], ['enterprise_id', 'abc']]) {
			const r = await api(srv.base, tok.city, 'GET', '/api/v1/accidents', undefined, { query: { [k]: v } });
			assert422(r, [k], `list ${k}=${v}`);
		}
	});
});

// ---- 8. links from cases and supervisions ----

describe('links: a case about an accident fines by its grade; a supervision lists an accident', () => {
	const OFFICERS = [{ name: '张执法', cert_no: '15060220240001' }, { name: '王执法', cert_no: '15060220240002' }];
	let general, larger, otherEnt;

	before(async () => {
		const d = (over) => body({ occurred_at: at('2024-05-06', '09:00'), reported_at: at('2024-05-06', '09:40'),
			region_code: undefined, enterprise_id: own.id, type: '中毒和窒息', ...over });
		general = await record('inspector', d({ deaths: 1, serious_injuries: 0, direct_loss_fen: 0 }));
		larger = await record('inspector', d({ deaths: 3, serious_injuries: 0, direct_loss_fen: 0 }));
		otherEnt = await record('inspector', d({ enterprise_id: other.id, deaths: 1 }));
		assert.equal(general.grade, 'general');
		assert.equal(larger.grade, 'larger');
	});

	/** A case on the enterprise user's enterprise, from an accident, fining the unit under 第114条. */
	const caseBody = (over = {}, penalty = {}) => ({
		party: { type: 'enterprise', enterprise_id: own.id },
		source: 'accident',
		officers: OFFICERS,
		title: `发生生产安全事故${uniq()}`,
		facts: '2024年5月6日发生中毒和窒息事故。',
		violations: [{ provision_id: 'AQSCF-114', item: '', description: '对事故发生负有责任' }],
		penalties: [{ kind: 'fine', target: 'unit', provision_id: 'AQSCF-114', stage: 'accident',
			amount_fen: 30000000, ...penalty }],
		...over,
	});
	const file = (b) => api(srv.base, tok.inspector, 'POST', '/api/v1/cases', b);

	test('a case with source accident and the accident of its party is filed (201) and takes the accident\'s grade', async () => {
		// 安全生产法第114条 (penalty_articles.json AQSCF-114): 一般事故 30万元以上100万元以下.
		const r = await file(caseBody({ accident_id: general.id }));
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.accident_id, general.id);
		assert.equal(r.json.source, 'accident');
		assert.equal(r.json.penalties[0].accident_grade, 'general');
		// 100万元, the top of the 一般 range, too.
		const top = await file(caseBody({ accident_id: general.id }, { amount_fen: 100000000 }));
		assert.equal(top.status, 201, top.text);
		// The 一般 range applies: 29.99万元 and 100万元 + 1 fen are refused.
		assert422(await file(caseBody({ accident_id: general.id }, { amount_fen: 29999999 })),
		    ['penalties[0].amount_fen'], '一般 below 30万元');
		assert422(await file(caseBody({ accident_id: general.id }, { amount_fen: 100000001 })),
		    ['penalties[0].amount_fen'], '一般 above 100万元');
		// The same grade given explicitly is accepted.
		const same = await file(caseBody({ accident_id: general.id }, { accident_grade: 'general' }));
		assert.equal(same.status, 201, same.text);
	});

	test('a 较大 accident: its range (100万–200万元) applies, 30万元 is refused', async () => {
		assert422(await file(caseBody({ accident_id: larger.id })), ['penalties[0].amount_fen'],
		    '30万元 for a 较大 accident');
		const r = await file(caseBody({ accident_id: larger.id }, { amount_fen: 100000000 }));
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.penalties[0].accident_grade, 'larger');
	});

	test('a grade different from the accident\'s is 422 on penalties[0].accident_grade', async () => {
		assert422(await file(caseBody({ accident_id: general.id }, { accident_grade: 'larger', amount_fen: 100000000 })),
		    ['penalties[0].accident_grade'], '较大 given for a 一般 accident');
		assert422(await file(caseBody({ accident_id: larger.id }, { accident_grade: 'general' })),
		    ['penalties[0].accident_grade'], '一般 given for a 较大 accident');
	});

	test('an accident of another enterprise is 422 accident_id; source accident needs accident_id', async () => {
		// (An explicit grade keeps the penalty valid on its own, so that only the link is at fault.)
		assert422(await file(caseBody({ accident_id: otherEnt.id }, { accident_grade: 'general' })),
		    ['accident_id'], 'an accident of another enterprise');
		assert422(await file(caseBody({}, { accident_grade: 'general' })), ['accident_id'],
		    'source accident without accident_id');
		assert422(await file(caseBody({ accident_id: 99999999 }, { accident_grade: 'general' })),
		    ['accident_id'], 'no such accident');
		// A 康巴什区 accident is outside the 东胜区 inspector's scope.
		const far = await record('city', body({ occurred_at: at('2024-05-06', '09:00'),
			reported_at: at('2024-05-06', '09:40'), region_code: DEMO.otherDistrict }));
		assert422(await file(caseBody({ accident_id: far.id }, { accident_grade: 'general' })),
		    ['accident_id'], 'an accident out of scope');
		// Another source may still link an accident of the party.
		const c = await file(caseBody({ source: 'complaint', accident_id: general.id }));
		assert.equal(c.status, 201, c.text);
		assert.equal(c.json.penalties[0].accident_grade, 'general');
	});

	test('a supervision (挂牌督办) of an accident: 201 with its region and enterprise', async () => {
		const r = await api(srv.base, tok.city, 'POST', '/api/v1/supervisions', {
			kind: 'listing', target_type: 'accident', accident_id: general.id,
			reason: `事故查处挂牌督办${uniq()}`, requirements: '按期提交事故调查报告',
			deadline: addDays(TODAY, 30) });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.accident_id, general.id);
		assert.equal(r.json.target_type, 'accident');
		assert.equal(r.json.enterprise_id, own.id);
		assert.equal(r.json.region_code, own.region_code);
	});
});

// ---- 9. audit ----

describe('audit', () => {
	test('the audit of an accident lists its creation and each transition', async () => {
		const occ = addDays(TODAY, -2);
		const a = await record('district', body({ occurred_at: at(occ), reported_at: at(occ, '08:20'),
			deaths: 2, serious_injuries: 0, direct_loss_fen: 0 }));
		await step('inspector', a.id, { action: 'update_casualties', deaths: 3, note: '补报死亡1人' });
		await step('district', a.id, { action: 'extend_investigation', days: 30, reason: '技术鉴定' });
		await step('city', a.id, { action: 'submit_report', submitted_on: TODAY });
		// A refused step leaves no row.
		assert.equal((await act('inspector', a.id, { action: 'extend_investigation', days: 1, reason: 'x理由' })).status, 403);
		const r = await api(srv.base, tok.city, 'GET', '/api/v1/audit', undefined,
		    { query: { entity: 'accident', entity_id: a.id, limit: 500 } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.total, 4, JSON.stringify(r.json.items));
		const rows = [...r.json.items].reverse();	// oldest first
		assert.ok(rows.every((x) => x.entity === 'accident' && x.entity_id === a.id));
		assert.deepEqual(rows.map((x) => [x.action, x.changes.action ?? null, x.actor_name]), [
			['create', null, 'dongsheng'],
			['transition', 'update_casualties', 'inspector'],
			['transition', 'extend_investigation', 'dongsheng'],
			['transition', 'submit_report', 'city'],
		]);
		assert.equal(rows[0].changes.grade, 'general');
		assert.equal(rows[0].changes.deaths, 2);
		assert.deepEqual(rows[1].changes.data.deaths, [2, 3]);
		assert.deepEqual(rows[1].changes.data.grade, ['general', 'larger']);
		assert.equal(rows[2].changes.data.days, 30);
		assert.equal(rows[3].changes.data.submitted_on, TODAY);
		assert.equal(rows[3].changes.data.late, false);
		// The audit is for admin and city only.
		const d = await api(srv.base, tok.district, 'GET', '/api/v1/audit', undefined,
		    { query: { entity: 'accident', entity_id: a.id } });
		assert.equal(d.status, 403);
	});
});
