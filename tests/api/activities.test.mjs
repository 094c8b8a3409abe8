// Publicity and training (宣传培训, /api/v1/activities): every kind recorded, field errors
// that name the field (a future date, 场次 not a positive integer, 五进 without its target,
// inspections on another kind), scope and roles, PATCH audited with its changes, voiding,
// and statistics equal to a hand count of activities dated in 2021 — a year no other record
// here uses — by kind, region and month, with distinct enterprises; the xlsx.
// Rules: docs/api.md, "Publicity and training".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { api, DEMO, listAll, loginAll, startServer, tinyPng, tmpDir } from '../lib/server.mjs';
import { xlsxRows } from '../lib/sheets.mjs';

let srv, tok, work;
let e1, e2, k1;		// two enterprises of 东胜区, one of 康巴什区
let i1, i2, i3;		// inspections of 东胜区 enterprises
let orgs;		// name → id

const OFFICERS = [{ name: '张执法', cert_no: '15060220240001' },
	{ name: '李执法', cert_no: '15060220240002' }];
const YEAR = { from: '2021-01-01', to: '2021-12-31' };

/** Today and tomorrow in Asia/Shanghai, YYYY-MM-DD. */
function shanghai(offsetDays = 0) {
	const d = new Date(Date.now() + offsetDays * 86400000);
	return d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

const post = (role, b) => api(srv.base, tok[role], 'POST', '/api/v1/activities', b);

async function created(role, b) {
	const r = await post(role, b);
	assert.equal(r.status, 201, `${JSON.stringify(b)} → ${r.status} ${r.text}`);
	return r.json;
}

const body = (over = {}) => ({ kind: 'lecture', date: '2022-06-01', title: '安全生产宣讲',
	participants: 50, region_code: DEMO.district, ...over });
const fieldsOf = (r) => (r.json?.error?.fields || []).map((f) => f.field).sort();

async function inspection(enterprise) {
	const r = await api(srv.base, tok.inspector, 'POST', '/api/v1/inspections', {
		enterprise_id: enterprise.id, kind: 'routine', inspected_on: '2021-04-15',
		officers: OFFICERS, summary: '入户检查', items: [{ text: '燃气管道完好', result: 'pass' }],
	});
	assert.equal(r.status, 201, r.text);
	return r.json;
}

async function stats(role, query) {
	const r = await api(srv.base, tok[role], 'GET', '/api/v1/stats/activities', undefined,
	    { query: { ...YEAR, ...query } });
	assert.equal(r.status, 200, r.text);
	return r.json;
}

let fixture;	// the 2021 activities by letter

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base, ['admin', 'city', 'district', 'department', 'inspector',
		'enterprise', 'viewer']);
	work = tmpDir('anjian-activities-');
	const ents = (await listAll(srv.base, tok.admin, '/api/v1/enterprises')).items
	    .filter((e) => e.status === 'active');
	[e1, e2] = ents.filter((e) => e.region_code.startsWith(DEMO.district));
	k1 = ents.find((e) => e.region_code.startsWith(DEMO.otherDistrict));
	assert.ok(e1 && e2 && k1, 'demo enterprises');
	i1 = await inspection(e1);
	i2 = await inspection(e2);
	i3 = await inspection(e1);
	const o = await api(srv.base, tok.admin, 'GET', '/api/v1/orgs');
	assert.equal(o.status, 200, o.text);
	orgs = Object.fromEntries((o.json.items ?? o.json).map((x) => [x.name, x.id]));

	// The hand-counted year. A–E count; F is voided by a test below; G is in 2020.
	fixture = {
		A: await created('city', { kind: 'lecture', date: '2021-03-10', region_code: DEMO.district,
			title: '安全生产宣讲进企业', sessions: 2, participants: 150,
			enterprises: [e1.id, e2.id] }),
		B: await created('city', { kind: 'lecture', date: '2021-03-20',
			region_code: DEMO.otherDistrict, title: '康巴什宣讲', participants: 40,
			enterprises: [k1.id, e1.id] }),
		C: await created('district', { kind: 'five_into', target: 'school', date: '2021-04-02',
			title: '安全宣传进学校', sessions: 3, participants: 600 }),
		D: await created('district', { kind: 'door_to_door', date: '2021-04-15',
			title: '进门入户送安全', sessions: 5, participants: 12, enterprises: [e1.id],
			inspections: [i1.id, i2.id] }),
		E: await created('city', { kind: 'principal_training', date: '2021-12-31',
			title: '重点领域企业负责人培训', participants: 200, enterprises: [k1.id] }),
		F: await created('district', { kind: 'lecture', date: '2021-05-01', title: '将作废的宣讲',
			sessions: 9, participants: 999, enterprises: [e2.id] }),
		G: await created('city', { kind: 'lecture', date: '2020-12-31', region_code: DEMO.district,
			title: '上一年的宣讲', sessions: 7, participants: 70 }),
	};
});

after(async () => {
	await srv?.stop();
});

// ---- recording ----

test('every kind can be recorded, with its Chinese label; sessions default to 1', async () => {
	const kinds = ['official_training', 'lecture', 'five_into', 'principal_training',
		'standard_briefing', 'evacuation_drill', 'rural_safety', 'door_to_door', 'school_check',
		'school_drill', 'campaign', 'expert_service', 'competition'];
	const labels = new Set();
	for (const kind of kinds) {
		const a = await created('city', body({ kind, title: `登记${kind}`,
			...(kind === 'five_into' ? { target: 'public_place' } : {}) }));
		assert.equal(a.kind, kind);
		assert.equal(a.sessions, 1);
		assert.equal(a.participants, 50);
		assert.equal(a.region_code, DEMO.district);
		assert.equal(a.region_name, '东胜区');
		assert.equal(a.organiser_org_name, '鄂尔多斯市应急管理局');
		assert.equal(a.voided, false);
		assert.match(a.kind_label, /\p{Script=Han}/u);
		labels.add(a.kind_label);
		if (kind === 'five_into')
			assert.equal(a.target_label, '公共场所');
		else
			assert.equal(a.target, null);
	}
	assert.equal(labels.size, kinds.length, 'one label per kind');
});

test('a door-to-door visit lists its inspections and covered enterprises', async () => {
	const r = await api(srv.base, tok.city, 'GET', `/api/v1/activities/${fixture.D.id}`);
	assert.equal(r.status, 200, r.text);
	assert.deepEqual(r.json.inspections.map((i) => i.id), [i1.id, i2.id]);
	assert.equal(r.json.inspections[0].enterprise_id, e1.id);
	assert.deepEqual(r.json.enterprises.map((e) => e.id), [e1.id]);
	assert.equal(r.json.inspection_count, 2);
	assert.equal(r.json.enterprise_count, 1);
	assert.equal(r.json.organiser_org_name, '东胜区应急管理局', "the district user's org");
	assert.equal(r.json.region_code, DEMO.district, "default: the organiser's region");
});

test('a date in the future (Asia/Shanghai) is refused; today is accepted', async () => {
	let r = await post('city', body({ date: shanghai(1) }));
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['date']);
	assert.match(r.json.error.fields[0].message, /不能晚于今天/);
	for (const date of ['2021-02-30', '2021/03/01', 20210301]) {
		r = await post('city', body({ date }));
		assert.equal(r.status, 422, `${date}: ${r.text}`);
		assert.deepEqual(fieldsOf(r), ['date']);
	}
	await created('city', body({ date: shanghai(0), title: '今天的宣讲' }));
});

test('sessions and participants must be positive integers; null counts as missing', async () => {
	for (const [field, value] of [['sessions', 0], ['sessions', -1], ['sessions', 1.5],
		['sessions', '2'], ['participants', 0], ['participants', -20], ['participants', 3.2]]) {
		const r = await post('city', body({ [field]: value }));
		assert.equal(r.status, 422, `${field}=${value}: ${r.text}`);
		assert.deepEqual(fieldsOf(r), [field], `${field}=${value}`);
		assert.match(r.json.error.fields[0].message, /正整数/);
	}
	for (const b of [body({ participants: null }), (({ participants, ...rest }) => rest)(body())]) {
		const r = await post('city', b);
		assert.equal(r.status, 422, r.text);
		assert.deepEqual(fieldsOf(r), ['participants']);
		assert.match(r.json.error.fields[0].message, /必填/);
	}
	for (const field of ['kind', 'date', 'title']) {
		const r = await post('city', body({ [field]: null }));
		assert.equal(r.status, 422, `${field}: null → ${r.text}`);
		assert.deepEqual(fieldsOf(r), [field]);
	}
});

test('五进 needs its target; other kinds refuse one; inspections only on a door-to-door visit', async () => {
	let r = await post('city', body({ kind: 'five_into' }));
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['target']);
	r = await post('city', body({ kind: 'five_into', target: null }));
	assert.deepEqual(fieldsOf(r), ['target']);
	r = await post('city', body({ kind: 'five_into', target: 'mars' }));
	assert.deepEqual(fieldsOf(r), ['target']);
	r = await post('city', body({ kind: 'lecture', target: 'school' }));
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['target']);
	r = await post('city', body({ kind: 'lecture', inspections: [i3.id] }));
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['inspections']);
	assert.match(r.json.error.fields[0].message, /door_to_door/);
	r = await post('city', body({ kind: 'campaign', title: 'x', sessions: 0, target: 'family',
		inspections: [i3.id] }));
	assert.deepEqual(fieldsOf(r), ['inspections', 'sessions', 'target', 'title'], 'all at once');
});

test('linked records must exist, be in scope, and an inspection counts for one activity', async () => {
	let r = await post('city', body({ kind: 'door_to_door', inspections: [i1.id] }));
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['inspections[0]']);
	assert.match(r.json.error.fields[0].message, new RegExp(`已计入活动 ${fixture.D.id}`));
	r = await post('city', body({ kind: 'door_to_door', inspections: [i3.id, 999999] }));
	assert.deepEqual(fieldsOf(r), ['inspections[1]']);
	r = await post('city', body({ enterprises: [e1.id, e1.id] }));
	assert.deepEqual(fieldsOf(r), ['enterprises']);
	// 东胜区 does not reach 康巴什区's enterprise, nor its region.
	r = await post('district', body({ enterprises: [k1.id] }));
	assert.deepEqual(fieldsOf(r), ['enterprises[0]']);
	r = await post('district', body({ region_code: DEMO.otherDistrict }));
	assert.deepEqual(fieldsOf(r), ['region_code']);
	r = await post('city', body({ region_code: '159999' }));
	assert.deepEqual(fieldsOf(r), ['region_code']);
	r = await post('city', body({ unknown: 1 }));
	assert.deepEqual(fieldsOf(r), ['unknown']);
});

test('roles: bureaus and departments record; inspector, viewer and enterprise do not', async () => {
	const dept = await created('department', body({ region_code: undefined, title: '住建部门培训' }));
	assert.equal(dept.organiser_org_name, '鄂尔多斯市住房和城乡建设局');
	assert.equal(dept.region_code, DEMO.city);
	for (const role of ['inspector', 'viewer', 'enterprise']) {
		const r = await post(role, body());
		assert.equal(r.status, 403, `${role}: ${r.text}`);
	}
	// An admin has no org: the organiser is required.
	let r = await post('admin', body());
	assert.deepEqual(fieldsOf(r), ['organiser_org_id']);
	r = await post('admin', body({ organiser_org_id: orgs['东胜区应急管理局'] }));
	assert.equal(r.status, 201, r.text);
	// A district bureau's activity is in its own district.
	r = await post('admin', body({ organiser_org_id: orgs['东胜区应急管理局'],
		region_code: DEMO.otherDistrict }));
	assert.deepEqual(fieldsOf(r), ['region_code']);
	assert.match(r.json.error.fields[0].message, /东胜区应急管理局/);
});

test('scope: a district sees its region only; the viewer reads; the enterprise is refused', async () => {
	const ids = async (role, q = {}) => new Set((await listAll(srv.base, tok[role],
	    '/api/v1/activities', { ...YEAR, ...q })).items.map((a) => a.id));
	const district = await ids('district');
	assert.ok(district.has(fixture.A.id) && district.has(fixture.C.id) && district.has(fixture.D.id));
	assert.ok(!district.has(fixture.B.id), '康巴什区 is not 东胜区');
	assert.ok(!district.has(fixture.E.id), "the city's own");
	let r = await api(srv.base, tok.district, 'GET', `/api/v1/activities/${fixture.B.id}`);
	assert.equal(r.status, 404);
	const city = await ids('city');
	for (const k of ['A', 'B', 'C', 'D', 'E', 'F'])
		assert.ok(city.has(fixture[k].id), k);
	assert.ok(!city.has(fixture.G.id), 'from/to filter the date');
	assert.deepEqual(await ids('viewer'), city);
	assert.deepEqual([...await ids('city', { kind: 'five_into' })], [fixture.C.id]);
	assert.deepEqual([...await ids('city', { region: DEMO.otherDistrict })], [fixture.B.id]);
	r = await api(srv.base, tok.enterprise, 'GET', '/api/v1/activities');
	assert.equal(r.status, 403);
	r = await api(srv.base, tok.enterprise, 'GET', '/api/v1/stats/activities');
	assert.equal(r.status, 403);
	r = await api(srv.base, tok.city, 'GET', '/api/v1/activities', undefined,
	    { query: { kind: 'x', from: '2021-13-01', voided: 'maybe' } });
	assert.equal(r.status, 422);
	assert.deepEqual(fieldsOf(r), ['from', 'kind', 'voided']);
});

test('PATCH: the organiser side corrects, audited with the changes; others are refused', async () => {
	const a = await created('district', body({ kind: 'five_into', target: 'village',
		title: '五进农村', participants: 30 }));
	let r = await api(srv.base, tok.department, 'PATCH', `/api/v1/activities/${a.id}`,
	    { participants: 31 });
	assert.equal(r.status, 403, 'another org');
	r = await api(srv.base, tok.district, 'PATCH', `/api/v1/activities/${a.id}`, { kind: 'lecture' });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['target'], 'the stored target no longer fits');
	r = await api(srv.base, tok.district, 'PATCH', `/api/v1/activities/${a.id}`,
	    { participants: 0 });
	assert.deepEqual(fieldsOf(r), ['participants']);
	r = await api(srv.base, tok.district, 'PATCH', `/api/v1/activities/${a.id}`,
	    { date: shanghai(1) });
	assert.deepEqual(fieldsOf(r), ['date']);
	r = await api(srv.base, tok.district, 'PATCH', `/api/v1/activities/${a.id}`,
	    { kind: 'lecture', target: null, participants: 45, enterprises: [e2.id] });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.kind, 'lecture');
	assert.equal(r.json.target, null);
	assert.equal(r.json.participants, 45);
	assert.deepEqual(r.json.enterprises.map((e) => e.id), [e2.id]);
	r = await api(srv.base, tok.city, 'PATCH', `/api/v1/activities/${a.id}`, { participants: 45 });
	assert.equal(r.status, 200, 'the city may; nothing changes');
	const audit = await api(srv.base, tok.admin, 'GET', '/api/v1/audit', undefined,
	    { query: { entity: 'activity', entity_id: a.id } });
	assert.deepEqual(audit.json.items.map((x) => x.action), ['update', 'create'],
	    'an unchanged PATCH writes nothing');
	assert.deepEqual(audit.json.items[0].changes, { kind: ['five_into', 'lecture'],
		target: ['village', null], participants: [30, 45], enterprises: [[], [e2.id]] });
	assert.equal(audit.json.items[1].changes.participants, 30);
});

test('void: the organiser side voids with a reason; a voided activity leaves every count', async () => {
	const before = await stats('city', { group_by: 'kind' });
	let r = await api(srv.base, tok.district, 'POST', `/api/v1/activities/${fixture.F.id}/transitions`,
	    { action: 'void' });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['reason']);
	r = await api(srv.base, tok.department, 'POST', `/api/v1/activities/${fixture.F.id}/transitions`,
	    { action: 'void', reason: '重复登记' });
	assert.equal(r.status, 403);
	r = await api(srv.base, tok.district, 'POST', `/api/v1/activities/${fixture.F.id}/transitions`,
	    { action: 'void', reason: '重复登记' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.voided, true);
	assert.equal(r.json.void_reason, '重复登记');
	assert.deepEqual(r.json.actions, []);
	r = await api(srv.base, tok.district, 'POST', `/api/v1/activities/${fixture.F.id}/transitions`,
	    { action: 'void', reason: '重复登记' });
	assert.equal(r.status, 409);
	r = await api(srv.base, tok.district, 'PATCH', `/api/v1/activities/${fixture.F.id}`,
	    { participants: 5 });
	assert.equal(r.status, 409);
	const afterVoid = await stats('city', { group_by: 'kind' });
	const lecture = (s) => s.groups.find((g) => g.key === 'lecture');
	assert.equal(lecture(before).activities - lecture(afterVoid).activities, 1);
	assert.equal(lecture(before).sessions - lecture(afterVoid).sessions, 9);
	assert.equal(lecture(before).participants - lecture(afterVoid).participants, 999);
	assert.equal(before.total.participants - afterVoid.total.participants, 999);
	const ids = (await listAll(srv.base, tok.city, '/api/v1/activities', YEAR)).items.map((a) => a.id);
	assert.ok(!ids.includes(fixture.F.id), 'not listed by default');
	const voided = (await listAll(srv.base, tok.city, '/api/v1/activities', { ...YEAR, voided: 'true' }))
	    .items.map((a) => a.id);
	assert.deepEqual(voided, [fixture.F.id]);
});

test('attachments: an upload is linked to the activity and listed with it', async () => {
	const up = await api(srv.base, tok.district, 'POST', '/api/v1/attachments', tinyPng(),
	    { headers: { 'Content-Type': 'image/png' }, query: { filename: '签到表.png' } });
	assert.equal(up.status, 201, up.text);
	const a = await created('district', body({ title: '带照片的宣讲', attachments: [up.json.id] }));
	assert.deepEqual(a.attachments, [up.json.id]);
	const r = await api(srv.base, tok.viewer, 'GET', '/api/v1/attachments', undefined,
	    { query: { entity: 'activity', entity_id: a.id } });
	assert.equal(r.status, 200, r.text);
	assert.deepEqual((r.json.items ?? r.json).map((x) => x.id), [up.json.id]);
	const again = await post('district', body({ attachments: [up.json.id] }));
	assert.equal(again.status, 422, 'linked already');
});

// ---- statistics: a hand count (F voided above; the tests run in order) ----

const zero = { activities: 0, sessions: 0, participants: 0, enterprises: 0, inspections: 0 };
const g = (key, label, activities, sessions, participants, enterprises, inspections) =>
	({ key, label, activities, sessions, participants, enterprises, inspections });
// A 2 场次 150 人次 {e1 e2}; B 1/40 {k1 e1}; C 3/600; D 5/12 {e1} + 2 inspections; E 1/200 {k1}.
const TOTAL = g('total', '合计', 5, 12, 1002, 3, 2);

test('statistics by kind equal the hand count; every kind listed; enterprises distinct', async () => {
	const s = await stats('city', { group_by: 'kind' });
	assert.equal(s.groups.length, 13);
	const by = Object.fromEntries(s.groups.map((x) => [x.key, x]));
	assert.deepEqual(by.lecture, g('lecture', '安全生产宣讲', 2, 3, 190, 3, 0));
	assert.deepEqual(by.five_into, g('five_into', '五进', 1, 3, 600, 0, 0));
	assert.deepEqual(by.door_to_door, g('door_to_door', '进门入户送安全', 1, 5, 12, 1, 2));
	assert.deepEqual(by.principal_training,
	    g('principal_training', '重点领域企业负责人培训', 1, 1, 200, 1, 0));
	assert.deepEqual(by.school_drill, { key: 'school_drill', label: '学校避险逃生培训和演练', ...zero });
	assert.deepEqual(s.total, TOTAL);
});

test('statistics by region: districts by name, the city itself as 本级; a district sees its own', async () => {
	let s = await stats('city', { group_by: 'region' });
	const by = Object.fromEntries(s.groups.map((x) => [x.key, x]));
	assert.deepEqual(by[DEMO.district], g(DEMO.district, '东胜区', 3, 10, 762, 2, 2));
	assert.deepEqual(by[DEMO.otherDistrict], g(DEMO.otherDistrict, '康巴什区', 1, 1, 40, 2, 0));
	assert.deepEqual(by[DEMO.city], g(DEMO.city, '鄂尔多斯市（本级）', 1, 1, 200, 1, 0));
	assert.deepEqual(by['150621'], { key: '150621', label: '达拉特旗', ...zero }, 'empty ones listed');
	assert.deepEqual(s.total, TOTAL, 'e1 in two districts counts once in the total');
	s = await stats('district', { group_by: 'region' });
	assert.deepEqual(s.total, g('total', '合计', 3, 10, 762, 2, 2));
	assert.deepEqual(s.groups.filter((x) => x.activities > 0),
	    [g(DEMO.district, '东胜区（本级）', 3, 10, 762, 2, 2)]);
});

test('statistics by month, every month of the range listed in order', async () => {
	const s = await stats('city', { group_by: 'month' });
	assert.deepEqual(s.groups.map((x) => x.key), Array.from({ length: 12 },
	    (_, i) => `2021-${String(i + 1).padStart(2, '0')}`));
	const by = Object.fromEntries(s.groups.map((x) => [x.key, x]));
	assert.deepEqual(by['2021-03'], g('2021-03', '2021年3月', 2, 3, 190, 3, 0));
	assert.deepEqual(by['2021-04'], g('2021-04', '2021年4月', 2, 8, 612, 1, 2));
	assert.deepEqual(by['2021-12'], g('2021-12', '2021年12月', 1, 1, 200, 1, 0));
	assert.deepEqual(by['2021-05'], { key: '2021-05', label: '2021年5月', ...zero }, 'F was voided');
	assert.deepEqual(s.total, TOTAL);
	const one = await stats('city', { from: '2021-03-15', to: '2021-04-02', group_by: 'month' });
	assert.deepEqual(one.total, g('total', '合计', 2, 4, 640, 2, 0), 'B and C only');
});

test('statistics: bad parameters name themselves', async () => {
	for (const [k, v] of [['from', '2021-02-30'], ['to', 'x'], ['group_by', 'sector']]) {
		const r = await api(srv.base, tok.city, 'GET', '/api/v1/stats/activities', undefined,
		    { query: { ...YEAR, [k]: v } });
		assert.equal(r.status, 422, `${k}=${v}`);
		assert.deepEqual(fieldsOf(r), [k]);
	}
	const r = await api(srv.base, tok.city, 'GET', '/api/v1/stats/activities', undefined,
	    { query: { from: '2021-12-31', to: '2021-01-01' } });
	assert.deepEqual(fieldsOf(r), ['to']);
});

test('the xlsx: 宣传培训统计表 with the groups and a 合计 row', async () => {
	const r = await api(srv.base, tok.city, 'GET', '/api/v1/stats/activities', undefined,
	    { query: { ...YEAR, group_by: 'region', format: 'xlsx' } });
	assert.equal(r.status, 200, r.text);
	assert.match(r.headers.get('content-disposition') || '', /activity-stats\.xlsx/);
	const rows = xlsxRows(work, r.bytes);
	assert.match(rows[0][0], /宣传培训统计表（2021-01-01 至 2021-12-31）/);
	assert.deepEqual(rows[1], ['地区', '活动（次）', '场次', '人次', '覆盖企业（家）', '入户检查（次）']);
	assert.deepEqual(rows.find((x) => x[0] === '东胜区'), ['东胜区', '3', '10', '762', '2', '2']);
	assert.deepEqual(rows.at(-1), ['合计', '5', '12', '1002', '3', '2']);
	const csv = await api(srv.base, tok.city, 'GET', '/api/v1/stats/activities', undefined,
	    { query: { ...YEAR, format: 'csv' } });
	assert.equal(csv.status, 200);
	assert.match(csv.text, /合计,5,12,1002,3,2/);
	const bad = await api(srv.base, tok.city, 'GET', '/api/v1/stats/activities', undefined,
	    { query: { format: 'pdf' } });
	assert.equal(bad.status, 422);
});
