// Hazard statistics (GET /api/v1/stats/hazards) at their edges: Asia/Shanghai dates of
// instants, rectified/overdue as of a day, voided hazards, groups listed even when empty,
// totals, rates, inspections (government only), scope, bad parameters, xlsx and csv.
// Every number comes from hazards and inspections created here in a fresh database.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
	api, DEMO, listAll, loginAll, startServer, tinyPng, tmpDir,
} from '../lib/server.mjs';
import { xlsxRows } from '../lib/sheets.mjs';

let srv;
let tok;
let work;
let entId;		// the demo enterprise user's enterprise (东胜区, a zone)
let e1;			// construction, 东胜区 township
let e2;			// industry_trade, another 东胜区 township
let e3;			// a coal enterprise of 康巴什区
let regions;		// GET /regions
let sectors;		// GET /sectors
const H = {};		// hazards by name
const I = {};		// inspections by name

/** A date as YYYY-MM-DD in Asia/Shanghai, `days` from today. */
const shanghaiDate = (days = 0) =>
	new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
let TODAY;
let YESTERDAY;

const Y2025 = { from: '2025-01-01', to: '2025-12-31' };
const ADDITIVE = ['found', 'rectified', 'major_found', 'major_rectified', 'overdue', 'funds_fen'];
const fieldsOf = (r) => (r.json?.error?.fields || []).map((f) => f.field).sort();

async function upload(role) {
	const r = await api(srv.base, tok[role], 'POST', '/api/v1/attachments?filename=after.png',
	    tinyPng(), { headers: { 'Content-Type': 'image/png' } });
	assert.equal(r.status, 201, r.text);
	return r.json.id;
}

async function hazard(role, b) {
	const r = await api(srv.base, tok[role], 'POST', '/api/v1/hazards', {
		source: role === 'enterprise' ? 'self_inspection' : 'government_inspection',
		level: 'general', description: '统计测试隐患', ...b });
	assert.equal(r.status, 201, `${JSON.stringify(b)} → ${r.status} ${r.text}`);
	return r.json;
}

async function closedToday(role, b) {
	return hazard(role, { immediate: true, after_photos: [await upload(role)], ...b });
}

async function voidHazard(id) {
	const r = await api(srv.base, tok.admin, 'POST', `/api/v1/hazards/${id}/transitions`,
	    { action: 'void', reason: '登记错误' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.status, 'voided');
}

async function inspection(role, b) {
	const r = await api(srv.base, tok[role], 'POST', '/api/v1/inspections', {
		kind: 'routine',
		officers: [{ name: '张执法', cert_no: '15060220240001' },
			{ name: '李执法', cert_no: '15060220240002' }],
		items: [{ text: '检查项目', result: 'pass' }],
		...b });
	assert.equal(r.status, 201, `${JSON.stringify(b)} → ${r.status} ${r.text}`);
	return r.json;
}

async function stats(role, query = {}) {
	const r = await api(srv.base, tok[role], 'GET', '/api/v1/stats/hazards', undefined, { query });
	assert.equal(r.status, 200, `${JSON.stringify(query)}: ${r.text}`);
	return r.json;
}

const group = (s, key) => {
	const g = s.groups.find((x) => x.key === key);
	assert.ok(g, `group ${key} in ${s.groups.map((x) => x.key).join(',')}`);
	return g;
};

const pick = (g, keys = [...ADDITIVE, 'inspections', 'enterprises_inspected']) =>
	Object.fromEntries(keys.map((k) => [k, g[k]]));

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base);
	work = tmpDir('anjian-stats-');
	TODAY = shanghaiDate();
	YESTERDAY = shanghaiDate(-1);
	entId = (await api(srv.base, tok.enterprise, 'GET', '/api/v1/me')).json.user.enterprise_id;
	const ents = (await listAll(srv.base, tok.admin, '/api/v1/enterprises')).items;
	const inDistrict = (e) => e.region_code.startsWith(DEMO.district);
	e1 = ents.find((e) => e.sector === 'construction' && inDistrict(e));
	e2 = ents.find((e) => e.sector === 'industry_trade' && inDistrict(e) &&
	    e.region_code !== e1.region_code);
	e3 = ents.find((e) => e.region_code.startsWith(DEMO.otherDistrict) && e.sector === 'coal');
	assert.ok(e1 && e2 && e3 && entId);
	assert.equal(e1.region_code.length, 9);
	assert.equal(e2.region_code.length, 9);
	regions = (await api(srv.base, tok.admin, 'GET', '/api/v1/regions')).json;
	regions = Array.isArray(regions) ? regions : regions.items;
	sectors = (await api(srv.base, tok.admin, 'GET', '/api/v1/sectors')).json;
	sectors = Array.isArray(sectors) ? sectors : sectors.items;

	// The fresh demo database has no hazards and no inspections.
	const none = await api(srv.base, tok.admin, 'GET', '/api/v1/hazards?status=all&limit=1');
	assert.equal(none.json.total, 0, 'a fresh database');

	const item = (await api(srv.base, tok.admin, 'GET', '/api/v1/standard-items', undefined,
	    { query: { sector: 'construction', on: '2025-04-10', citable: 'true', limit: 1 } }))
	    .json.items[0];
	assert.ok(item);

	// 2024-12-31 23:59 in Beijing: found on 2024-12-31.
	H.h1 = await hazard('admin', { enterprise_id: e1.id, found_on: '2024-12-31T23:59:00+08:00' });
	// 16:00 UTC on 2024-12-31 is midnight 2025-01-01 in Beijing.
	H.h2 = await hazard('admin', { enterprise_id: e1.id, found_on: '2024-12-31T16:00:00Z' });
	// Closed today (即查即改), deadline long past, with funds.
	H.h3 = await closedToday('admin', { enterprise_id: e2.id, found_on: '2025-05-10',
		deadline: '2025-05-20', funds_fen: 1000 });
	// Open, deadline 2025-03-10.
	H.h4 = await hazard('district', { enterprise_id: e1.id, found_on: '2025-03-01',
		deadline: '2025-03-10', measures: '限期整改' });
	// A major one with its plan.
	H.h6 = await hazard('admin', { enterprise_id: e1.id, found_on: '2025-04-10', level: 'major',
		standard_item_id: item.id, responsible: '项目经理', measures: '停工整改',
		funds_fen: 300000, deadline: '2025-12-31', contingency: '应急预案' });
	// The enterprise's own, from self-inspection.
	H.h9 = await hazard('enterprise', { enterprise_id: entId, found_on: '2025-06-01' });
	// 康巴什区.
	H.h10 = await hazard('admin', { enterprise_id: e3.id, found_on: '2025-07-01',
		deadline: '2025-07-05', funds_fen: 50 });
	// Closed today, no deadline.
	H.h11 = await closedToday('district', { enterprise_id: e1.id, found_on: '2025-08-08' });

	// Government inspections (all items pass: no hazards) and one self-inspection.
	I.i1 = await inspection('district', { enterprise_id: e1.id, inspected_on: '2025-02-01' });
	I.i2 = await inspection('inspector', { enterprise_id: e1.id, kind: 'campaign',
		inspected_on: '2025-02-15' });
	I.i3 = await inspection('district', { enterprise_id: e2.id, inspected_on: '2025-03-05' });
	I.i5 = await inspection('admin', { enterprise_id: e3.id, kind: 'joint',
		inspected_on: '2025-02-10' });
	I.self = await api(srv.base, tok.enterprise, 'POST', '/api/v1/inspections', {
		enterprise_id: entId, kind: 'self', inspected_on: '2025-02-20',
		items: [{ text: '自查', result: 'pass' }] });
	assert.equal(I.self.status, 201, I.self.text);
	// Outside 2025.
	I.old = await inspection('district', { enterprise_id: e1.id, inspected_on: '2024-12-31' });
});

after(async () => {
	await srv?.stop();
});

// ---- dates of instants ----

test('found_on 2024-12-31T23:59:00+08:00 is 2024-12-31; 2024-12-31T16:00:00Z is 2025-01-01', async () => {
	assert.equal(H.h1.found_on, '2024-12-31');
	assert.equal(H.h2.found_on, '2025-01-01');
	const y2024 = await stats('city', { from: '2024-01-01', to: '2024-12-31', as_of: TODAY });
	assert.equal(y2024.total.found, 1, 'only h1 in 2024');
	assert.equal(group(await stats('city', { from: '2024-12-01', to: '2025-01-31',
		group_by: 'month' }), '2024-12').found, 1);
	const jan = await stats('city', { from: '2025-01-01', to: '2025-01-01', as_of: TODAY });
	assert.equal(jan.total.found, 1, 'only h2 on 2025-01-01');
	const lastDay = await stats('city', { from: '2024-12-31', to: '2024-12-31', as_of: TODAY });
	assert.equal(lastDay.total.found, 1, 'only h1 on 2024-12-31');
	const month = await stats('city', { from: '2024-12-01', to: '2025-01-31', group_by: 'month',
		as_of: TODAY });
	assert.equal(group(month, '2024-12').found, 1);
	assert.equal(group(month, '2025-01').found, 1);
});

// ---- the numbers of 2025 ----

test('city totals of 2025 as of today: found, rectified, rate, major, overdue, funds, inspections', async () => {
	const s = await stats('city', { ...Y2025, as_of: TODAY });
	assert.equal(s.from, '2025-01-01');
	assert.equal(s.to, '2025-12-31');
	assert.equal(s.as_of, TODAY);
	assert.equal(s.group_by, 'region');
	assert.deepEqual(pick(s.total), {
		found: 7,		// h2 h3 h4 h6 h9 h10 h11
		rectified: 2,		// h3 h11, closed today
		major_found: 1,		// h6
		major_rectified: 0,
		overdue: 3,		// h4 h6 h10 (h3 was closed)
		funds_fen: 301050,
		inspections: 4,		// i1 i2 i3 i5; not the self-inspection, not i-old
		enterprises_inspected: 3,
	});
	assert.equal(s.total.rectification_rate, 0.2857);
	assert.equal(s.total.label, '合计');
});

test('a hazard closed today is rectified as of today, not as of yesterday (and overdue then)', async () => {
	const t = await stats('city', { ...Y2025, as_of: TODAY });
	const y = await stats('city', { ...Y2025, as_of: YESTERDAY });
	assert.equal(t.total.rectified, 2);
	assert.equal(y.total.rectified, 0);
	assert.equal(y.total.rectification_rate, 0);
	// h3's deadline passed long ago: overdue as of yesterday, not as of today.
	assert.equal(t.total.overdue, 3);
	assert.equal(y.total.overdue, 4);
	// Found does not depend on as_of.
	assert.equal(y.total.found, t.total.found);
	// By township (district user): e2's township has h3 only.
	const dt = group(await stats('district', { ...Y2025, as_of: TODAY }), e2.region_code);
	const dy = group(await stats('district', { ...Y2025, as_of: YESTERDAY }), e2.region_code);
	assert.deepEqual([dt.found, dt.rectified, dt.rectification_rate, dt.overdue], [1, 1, 1, 0]);
	assert.deepEqual([dy.found, dy.rectified, dy.rectification_rate, dy.overdue], [1, 0, 0, 1]);
});

test('overdue as of a day: deadline before as_of and not closed by its end', async () => {
	// h4: deadline 2025-03-10, open.
	const on = await stats('city', { ...Y2025, as_of: '2025-03-10' });
	assert.equal(on.total.overdue, 0, 'not overdue on its deadline');
	const next = await stats('city', { ...Y2025, as_of: '2025-03-11' });
	assert.equal(next.total.overdue, 1, 'overdue the day after');
	// Nothing was closed by then.
	assert.equal(next.total.rectified, 0);
	// h10: deadline 2025-07-05 (康巴什区) — not in the district's numbers.
	const d = await stats('district', { ...Y2025, as_of: '2025-07-06' });
	assert.equal(d.total.overdue, 2, 'h3 and h4 (not yet closed), not h10');
	const c = await stats('city', { ...Y2025, as_of: '2025-07-06' });
	assert.equal(c.total.overdue, 3);
});

test('rectification_rate = rectified / found, rounded to 4 places, in every group and the total', async () => {
	for (const by of ['region', 'sector', 'month', 'level', 'source']) {
		for (const role of ['city', 'district']) {
			const s = await stats(role, { ...Y2025, as_of: TODAY, group_by: by });
			for (const g of [...s.groups, s.total]) {
				const want = g.found > 0 ? Math.round(g.rectified / g.found * 10000) / 10000 : 0;
				assert.equal(g.rectification_rate, want, `${role} ${by} ${g.key}`);
			}
		}
	}
	// general: h2 h3 h4 h9 h10 h11 found, h3 h11 rectified → 2/6.
	const lv = await stats('city', { ...Y2025, as_of: TODAY, group_by: 'level' });
	assert.equal(group(lv, 'general').found, 6);
	assert.equal(group(lv, 'general').rectification_rate, 0.3333);
	assert.equal(group(lv, 'major').rectification_rate, 0);
});

// ---- groups ----

test('group_by region for the city lists the 9 banners/districts in order, even empty ones', async () => {
	const s = await stats('city', { ...Y2025, as_of: TODAY, group_by: 'region' });
	const counties = regions.filter((r) => r.parent_code === DEMO.city).map((r) => r.code);
	assert.equal(counties.length, 9);
	assert.deepEqual(s.groups.map((g) => g.key), counties);
	for (const g of s.groups)
		assert.equal(g.label, regions.find((r) => r.code === g.key).name);
	assert.deepEqual(pick(group(s, DEMO.district)), { found: 6, rectified: 2, major_found: 1,
		major_rectified: 0, overdue: 2, funds_fen: 301000, inspections: 3,
		enterprises_inspected: 2 });
	assert.deepEqual(pick(group(s, DEMO.otherDistrict)), { found: 1, rectified: 0, major_found: 0,
		major_rectified: 0, overdue: 1, funds_fen: 50, inspections: 1, enterprises_inspected: 1 });
	for (const g of s.groups.filter((x) => x.key !== DEMO.district && x.key !== DEMO.otherDistrict))
		assert.deepEqual(pick(g), { found: 0, rectified: 0, major_found: 0, major_rectified: 0,
			overdue: 0, funds_fen: 0, inspections: 0, enterprises_inspected: 0 }, g.key);
});

test('group_by region for the district user lists the townships and zones of 150602', async () => {
	const s = await stats('district', { ...Y2025, as_of: TODAY });
	const towns = regions.filter((r) => r.parent_code === DEMO.district).map((r) => r.code);
	assert.ok(towns.length > 10);
	assert.deepEqual(s.groups.map((g) => g.key), towns);
	assert.ok(towns.includes('150602405'), 'the development zone is listed');
	const g1 = group(s, e1.region_code);
	assert.deepEqual(pick(g1), { found: 4, rectified: 1, major_found: 1, major_rectified: 0,
		overdue: 2, funds_fen: 300000, inspections: 2, enterprises_inspected: 1 });
	assert.equal(g1.rectification_rate, 0.25);
	assert.equal(group(s, '150602405').found, 1, 'the enterprise user\'s own (h9)');
	assert.equal(s.total.found, 6);
	assert.equal(s.total.inspections, 3);
	assert.equal(s.total.enterprises_inspected, 2);
});

test('group_by month lists every month of the range', async () => {
	const s = await stats('city', { ...Y2025, as_of: TODAY, group_by: 'month' });
	assert.deepEqual(s.groups.map((g) => g.key),
	    ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2025-${m}`));
	assert.equal(group(s, '2025-02').inspections, 3);	// i1 i2 i5
	assert.equal(group(s, '2025-02').enterprises_inspected, 2);
	assert.equal(group(s, '2025-03').inspections, 1);
	assert.equal(group(s, '2025-03').found, 1);		// h4
	assert.equal(group(s, '2025-09').found, 0);
	const part = await stats('city', { from: '2024-11-15', to: '2025-02-03', group_by: 'month',
		as_of: TODAY });
	assert.deepEqual(part.groups.map((g) => g.key), ['2024-11', '2024-12', '2025-01', '2025-02']);
	const one = await stats('city', { from: '2025-05-10', to: '2025-05-10', group_by: 'month',
		as_of: TODAY });
	assert.deepEqual(one.groups.map((g) => g.key), ['2025-05']);
	assert.equal(one.groups[0].found, 1);
});

test('group_by sector lists every sector code; level and source every code with inspections null', async () => {
	const sec = await stats('city', { ...Y2025, as_of: TODAY, group_by: 'sector' });
	assert.deepEqual(sec.groups.map((g) => g.key), sectors.map((x) => x.code));
	assert.equal(group(sec, 'construction').found, 4);
	assert.equal(group(sec, 'construction').inspections, 2);
	assert.equal(group(sec, 'industry_trade').found, 1);
	const lv = await stats('city', { ...Y2025, as_of: TODAY, group_by: 'level' });
	assert.deepEqual(lv.groups.map((g) => g.key), ['general', 'major']);
	const src = await stats('city', { ...Y2025, as_of: TODAY, group_by: 'source' });
	assert.deepEqual(src.groups.map((g) => g.key), ['self_inspection', 'government_inspection',
		'complaint', 'accident_investigation', 'other']);
	assert.equal(group(src, 'self_inspection').found, 1);
	assert.equal(group(src, 'government_inspection').found, 6);
	assert.equal(group(src, 'complaint').found, 0);
	for (const s of [lv, src]) {
		for (const g of s.groups) {
			assert.equal(g.inspections, null, `${s.group_by} ${g.key}`);
			assert.equal(g.enterprises_inspected, null, `${s.group_by} ${g.key}`);
		}
		assert.equal(s.total.inspections, 4);
		assert.equal(s.total.enterprises_inspected, 3);
	}
});

test('totals equal the sums of the groups for the additive metrics, for every group_by and role', async () => {
	for (const role of ['city', 'district', 'department', 'enterprise', 'admin']) {
		for (const by of ['region', 'sector', 'month', 'level', 'source']) {
			for (const asOf of [TODAY, '2025-06-30']) {
				const s = await stats(role, { ...Y2025, as_of: asOf, group_by: by });
				const keys = [...ADDITIVE];
				if (by !== 'level' && by !== 'source')
					keys.push('inspections');
				if (by === 'region' || by === 'sector')
					keys.push('enterprises_inspected');
				for (const k of keys) {
					const sum = s.groups.reduce((n, g) => n + g[k], 0);
					assert.equal(s.total[k], sum, `${role} ${by} as of ${asOf}: ${k}`);
				}
			}
		}
	}
});

// ---- inspections ----

test('inspections count government inspections only, and distinct enterprises', async () => {
	const list = await listAll(srv.base, tok.admin, '/api/v1/inspections', Y2025);
	assert.ok(list.items.some((i) => i.kind === 'self'), 'the self-inspection exists');
	const gov = list.items.filter((i) => i.kind !== 'self');
	const s = await stats('city', { ...Y2025, as_of: TODAY });
	assert.equal(s.total.inspections, gov.length);
	assert.equal(s.total.enterprises_inspected, new Set(gov.map((i) => i.enterprise_id)).size);
	// The enterprise's own numbers count no inspection.
	const e = await stats('enterprise', { ...Y2025, as_of: TODAY });
	assert.equal(e.total.inspections, 0);
	assert.equal(e.total.enterprises_inspected, 0);
	// The range bounds apply to inspected_on: i-old is 2024-12-31.
	const d2024 = await stats('city', { from: '2024-12-31', to: '2024-12-31', as_of: TODAY });
	assert.equal(d2024.total.inspections, 1);
	const feb = await stats('city', { from: '2025-02-01', to: '2025-02-15', as_of: TODAY });
	assert.equal(feb.total.inspections, 3);		// i1 i5 i2 (bounds inclusive)
});

// ---- scope ----

test('scope: the enterprise user counts only its own; department only its sectors', async () => {
	const e = await stats('enterprise', { ...Y2025, as_of: TODAY });
	assert.deepEqual(pick(e.total), { found: 1, rectified: 0, major_found: 0, major_rectified: 0,
		overdue: 0, funds_fen: 0, inspections: 0, enterprises_inspected: 0 });
	const d = await stats('department', { ...Y2025, as_of: TODAY });
	assert.deepEqual(pick(d.total), { found: 4, rectified: 1, major_found: 1, major_rectified: 0,
		overdue: 2, funds_fen: 300000, inspections: 2, enterprises_inspected: 1 });
	const ds = await stats('department', { ...Y2025, as_of: TODAY, group_by: 'sector' });
	assert.deepEqual(ds.groups.map((g) => g.key).sort(), [...DEMO.departmentSectors].sort());
	for (const role of ['viewer', 'reviewer', 'inspector']) {
		const r = await api(srv.base, tok[role], 'GET', '/api/v1/stats/hazards', undefined,
		    { query: { ...Y2025, as_of: TODAY } });
		assert.equal(r.status, 200, `${role}: ${r.text}`);
	}
	const insp = await stats('inspector', { ...Y2025, as_of: TODAY });
	assert.equal(insp.total.found, 6, 'the inspector of 东胜区');
});

// ---- parameters ----

test('defaults: from 1 January of the year, to and as_of today, group_by region', async () => {
	const s = await stats('city');
	assert.equal(s.as_of, TODAY);
	assert.equal(s.to, TODAY);
	assert.equal(s.from, `${TODAY.slice(0, 4)}-01-01`);
	assert.equal(s.group_by, 'region');
	assert.equal(s.total.found, 0, 'nothing was found this year');
});

test('defaults with as_of: from is 1 January of as_of\'s year; to is as_of (docs/api.md)', async () => {
	const s = await stats('city', { as_of: '2025-06-30' });
	assert.equal(s.as_of, '2025-06-30');
	assert.equal(s.from, '2025-01-01');
	assert.equal(s.to, '2025-06-30');
	const d = await stats('city', {});
	assert.equal(d.as_of, TODAY);
	assert.equal(d.to, TODAY);
	assert.equal(d.from, `${TODAY.slice(0, 4)}-01-01`);
});

test('bad parameters are 422 naming them', async () => {
	const cases = [
		[{ from: '2025-02-01', to: '2025-01-31' }, ['from', 'to']],
		[{ from: '2025-13-01' }, ['from']],
		[{ to: '2025-02-30' }, ['to']],
		[{ from: '20250101' }, ['from']],
		[{ as_of: 'yesterday' }, ['as_of']],
		[{ group_by: 'foo' }, ['group_by']],
	];
	for (const [query, names] of cases) {
		const r = await api(srv.base, tok.city, 'GET', '/api/v1/stats/hazards', undefined, { query });
		assert.equal(r.status, 422, `${JSON.stringify(query)}: ${r.status} ${r.text}`);
		assert.equal(r.json.error.code, 'validation_failed');
		const f = fieldsOf(r);
		assert.ok(f.length > 0 && f.every((x) => names.includes(x)),
		    `${JSON.stringify(query)} names ${names.join(' or ')}: ${JSON.stringify(f)}`);
	}
	const fmt = await api(srv.base, tok.city, 'GET', '/api/v1/stats/hazards?format=pdf');
	assert.ok(fmt.status === 400 || fmt.status === 422, `${fmt.status} ${fmt.text}`);
});

// ---- downloads ----

function csvRows(text) {
	const records = [];
	let rec = [];
	let field = '';
	let q = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (q) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"')
				q = false;
			else
				field += c;
		} else if (c === '"')
			q = true;
		else if (c === ',') {
			rec.push(field);
			field = '';
		} else if (c === '\r') {
			// end of record at \n
		} else if (c === '\n') {
			rec.push(field);
			records.push(rec);
			rec = [];
			field = '';
		} else
			field += c;
	}
	if (field !== '' || rec.length)
		records.push([...rec, field]);
	return records;
}

/** The sheet row of a group (by its label) holds the JSON's numbers. */
function assertRow(rows, g, what) {
	const row = rows.find((r) => r[0] === g.label);
	assert.ok(row, `${what}: a row labelled ${g.label}`);
	const num = (k) => Number(row[k]);
	assert.equal(num(1), g.found, `${what} ${g.label} found`);
	assert.equal(num(2), g.rectified, `${what} ${g.label} rectified`);
	assert.ok(Math.abs(num(3) - g.rectification_rate * 100) < 0.006,
	    `${what} ${g.label} rate ${row[3]} vs ${g.rectification_rate}`);
	assert.equal(num(4), g.major_found, `${what} ${g.label} major_found`);
	assert.equal(num(5), g.major_rectified, `${what} ${g.label} major_rectified`);
	assert.equal(num(6), g.overdue, `${what} ${g.label} overdue`);
	assert.ok(Math.abs(num(7) * 100 - g.funds_fen) < 0.5, `${what} ${g.label} funds ${row[7]}`);
	if (g.inspections === null) {
		assert.equal(row[8] ?? '', '', `${what} ${g.label}: no enterprises_inspected`);
		assert.equal(row[9] ?? '', '', `${what} ${g.label}: no inspections`);
	} else {
		assert.equal(num(8), g.enterprises_inspected, `${what} ${g.label} enterprises_inspected`);
		assert.equal(num(9), g.inspections, `${what} ${g.label} inspections`);
	}
}

test('?format=xlsx is a real xlsx with a row per group and a 合计 row holding the JSON\'s numbers', async () => {
	for (const by of ['region', 'level']) {
		const query = { ...Y2025, as_of: TODAY, group_by: by };
		const json = await stats('city', query);
		const r = await api(srv.base, tok.city, 'GET', '/api/v1/stats/hazards', undefined,
		    { query: { ...query, format: 'xlsx' } });
		assert.equal(r.status, 200, r.text.slice(0, 200));
		assert.equal(r.headers.get('content-type'),
		    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		assert.match(r.headers.get('content-disposition') || '', /^attachment;.*\.xlsx/);
		assert.deepEqual([...r.bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'PK zip magic');
		const rows = xlsxRows(work, r.bytes);
		assert.ok(rows.some((row) => row.includes('合计')), 'a 合计 row');
		for (const g of json.groups)
			assertRow(rows, g, `xlsx ${by}`);
		assertRow(rows, json.total, `xlsx ${by}`);
		const labelRows = rows.filter((row) => json.groups.some((g) => g.label === row[0]) ||
		    row[0] === '合计');
		assert.equal(labelRows.length, json.groups.length + 1, 'one row per group and the total');
	}
});

test('?format=csv has the same rows and numbers, with the 合计 row last', async () => {
	for (const [role, by] of [['city', 'month'], ['district', 'region'], ['city', 'source']]) {
		const query = { ...Y2025, as_of: TODAY, group_by: by };
		const json = await stats(role, query);
		const r = await api(srv.base, tok[role], 'GET', '/api/v1/stats/hazards', undefined,
		    { query: { ...query, format: 'csv' } });
		assert.equal(r.status, 200, r.text.slice(0, 200));
		assert.match(r.headers.get('content-type'), /^text\/csv/);
		assert.deepEqual([...r.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
		const rows = csvRows(r.bytes.subarray(3).toString('utf8')).filter((x) => x.length > 1);
		assert.equal(rows.length, json.groups.length + 2, 'a header, the groups and 合计');
		assert.equal(rows.at(-1)[0], '合计');
		assert.deepEqual(rows.slice(1, -1).map((x) => x[0]), json.groups.map((g) => g.label));
		for (const g of json.groups)
			assertRow(rows, g, `csv ${role} ${by}`);
		assertRow(rows, json.total, `csv ${role} ${by}`);
	}
});

// ---- voided hazards (last: it adds and voids hazards) ----

test('voided hazards count nowhere: found, rectified, major, funds, overdue — in every group_by', async () => {
	const item = (await api(srv.base, tok.admin, 'GET', '/api/v1/standard-items', undefined,
	    { query: { sector: 'construction', on: '2025-04-11', citable: 'true', limit: 1 } }))
	    .json.items[0];
	const snap = async () => {
		const out = {};
		for (const role of ['city', 'district'])
			for (const by of ['region', 'sector', 'month', 'level', 'source'])
				for (const asOf of [TODAY, '2025-04-15'])
					out[`${role} ${by} ${asOf}`] =
					    await stats(role, { ...Y2025, as_of: asOf, group_by: by });
		return out;
	};
	const before = await snap();
	// A closed general hazard with funds, and an open, overdue major one with funds.
	const h7 = await closedToday('admin', { enterprise_id: e1.id, found_on: '2025-04-11',
		deadline: '2025-04-12', funds_fen: 777 });
	const h8 = await hazard('admin', { enterprise_id: e1.id, found_on: '2025-04-11',
		level: 'major', standard_item_id: item.id, responsible: '甲', measures: '乙',
		funds_fen: 888, deadline: '2025-04-12', contingency: '丙' });
	const counted = await stats('city', { ...Y2025, as_of: TODAY });
	const base = before[`city region ${TODAY}`].total;
	assert.equal(counted.total.found, base.found + 2, 'they count before being voided');
	assert.equal(counted.total.rectified, base.rectified + 1);
	assert.equal(counted.total.major_found, base.major_found + 1);
	assert.equal(counted.total.funds_fen, base.funds_fen + 777 + 888);
	assert.equal(counted.total.overdue, base.overdue + 1);
	await voidHazard(h7.id);
	await voidHazard(h8.id);
	const afterVoid = await snap();
	for (const k of Object.keys(before))
		assert.deepEqual(afterVoid[k], before[k], `${k}: voided hazards count nowhere`);
});
