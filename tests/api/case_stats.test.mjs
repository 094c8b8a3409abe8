// Enforcement statistics (GET /api/v1/stats/enforcement): every number is counted from
// cases created here in 2022, a year no other test uses, and written out by hand: filed
// and closed cases, fines imposed (decided cases) and collected, penalties by kind,
// decisions overdue as of a day; by region, mode, month and provision; the city's and a
// district's scope; bad parameters; the xlsx. Definitions: docs/api.md, "Cases".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { api, DEMO, listAll, loginAll, startServer, tmpDir } from '../lib/server.mjs';
import { xlsxRows } from '../lib/sheets.mjs';

let srv, tok, dongsheng, kangbashi, work;

const OFFICERS = [{ name: '张执法', cert_no: '15060220240001' }, { name: '王执法', cert_no: '15060220240002' }];
const Q = { from: '2022-01-01', to: '2022-12-31', as_of: '2023-06-01' };

async function file(role, enterprise, b) {
	const r = await api(srv.base, tok[role], 'POST', '/api/v1/cases', {
		party: { type: 'enterprise', enterprise_id: enterprise.id },
		source: 'complaint',
		officers: OFFICERS,
		title: '统计测试案件',
		violations: [{ provision_id: 'AQSCF-99', description: '未设置安全警示标志' }],
		...b,
	});
	assert.equal(r.status, 201, r.text);
	return r.json;
}

async function step(role, c, body) {
	const r = await api(srv.base, tok[role], 'POST', `/api/v1/cases/${c.id}/transitions`, body);
	assert.equal(r.status, 200, `${body.action}: ${r.text}`);
	return r.json;
}

const fine = (amount_fen) => ({ kind: 'fine', target: 'unit', provision_id: 'AQSCF-99',
	stage: 'initial', amount_fen });

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base, ['admin', 'city', 'district', 'inspector', 'reviewer',
		'enterprise', 'viewer']);
	const ents = (await listAll(srv.base, tok.admin, '/api/v1/enterprises')).items
	    .filter((e) => e.status === 'active');
	dongsheng = ents.find((e) => e.region_code.startsWith(DEMO.district));
	kangbashi = ents.find((e) => e.region_code.startsWith(DEMO.otherDistrict));
	assert.ok(dongsheng && kangbashi);
	work = tmpDir('anjian-case-stats-');

	// A: 东胜区, routine, a 2万元 fine decided, paid and closed.
	let a = await file('inspector', dongsheng, { filed_on: '2022-01-10', penalties: [fine(2000000)] });
	await step('inspector', a, { action: 'investigate' });
	await step('inspector', a, { action: 'notify', notified_on: '2022-01-12' });
	await step('district', a, { action: 'decide', decided_on: '2022-01-13' });
	a = await step('inspector', a, { action: 'serve', served_on: '2022-01-14' });
	await step('inspector', a, { action: 'execute', penalty_id: a.penalties[0].id,
		executed_on: '2022-01-20', paid_fen: 2000000 });
	await step('district', a, { action: 'close', closed_on: '2022-01-21' });
	// B: 东胜区, campaign, a 1万元 fine decided, not yet paid.
	const b = await file('inspector', dongsheng, { filed_on: '2022-02-15', mode: 'campaign',
		penalties: [fine(1000000)] });
	await step('inspector', b, { action: 'investigate' });
	await step('inspector', b, { action: 'notify', notified_on: '2022-02-16' });
	await step('district', b, { action: 'decide', decided_on: '2022-02-17' });
	// C: 康巴什区 (the city files), joint, a 3万元 fine never decided: overdue by 2023-06-01.
	await file('city', kangbashi, { filed_on: '2022-01-10', mode: 'joint',
		partners: ['市消防救援支队'], penalties: [fine(3000000)] });
	// D: 东胜区, not penalized: closed, no penalty.
	const d = await file('inspector', dongsheng, { filed_on: '2022-03-01' });
	await step('district', d, { action: 'not_penalize', reason: '违法行为轻微并及时改正',
		closed_on: '2022-03-20' });
	// G: 东胜区, 责令停产停业整顿 (第99条, 情节严重): reviewed, waived and decided.
	const g = await file('inspector', dongsheng, { filed_on: '2022-03-05', penalties: [
		{ kind: 'suspension', target: 'unit', provision_id: 'AQSCF-99', stage: 'serious' }] });
	await step('inspector', g, { action: 'investigate' });
	await step('inspector', g, { action: 'submit_review' });
	await step('reviewer', g, { action: 'review_approve', opinion: '同意', reviewed_on: '2022-03-07' });
	await step('inspector', g, { action: 'notify', notified_on: '2022-03-08' });
	await step('inspector', g, { action: 'waive', note: '当事人书面放弃听证' });
	await step('district', g, { action: 'decide', decided_on: '2022-03-09' });
	// E: revoked — in no count. F: filed before the period.
	const e = await file('inspector', dongsheng, { filed_on: '2022-04-01', penalties: [fine(4000000)] });
	await step('district', e, { action: 'revoke', reason: '立案错误' });
	await file('inspector', dongsheng, { filed_on: '2021-12-31', penalties: [fine(4000000)] });
});

after(async () => {
	await srv?.stop();
});

async function stats(role, query) {
	const r = await api(srv.base, tok[role], 'GET', '/api/v1/stats/enforcement', undefined,
	    { query: { ...Q, ...query } });
	assert.equal(r.status, 200, r.text);
	return r.json;
}

const kinds = (over) => ({ warning: 0, fine: 0, confiscation: 0, suspension: 0, license: 0,
	closure: 0, ...over });
const row = (key, label, filed, closed, imposed, collected, pk, overdue) => ({ key, label,
	cases_filed: filed, cases_closed: closed, fines_imposed_fen: imposed,
	fines_collected_fen: collected, penalties: kinds(pk), decisions_overdue: overdue });
const TOTAL = row('total', '合计', 5, 2, 3000000, 2000000, { fine: 2, suspension: 1 }, 1);

test('by region: each district and a total over cases, revoked ones and other years left out', async () => {
	const s = await stats('city', { group_by: 'region' });
	assert.equal(s.group_by, 'region');
	assert.equal(s.as_of, '2023-06-01');
	assert.deepEqual(s.groups, [
		row(DEMO.district, '东胜区', 4, 2, 3000000, 2000000, { fine: 2, suspension: 1 }, 0),
		row(DEMO.otherDistrict, '康巴什区', 1, 0, 0, 0, {}, 1),
	]);
	assert.deepEqual(s.total, TOTAL);
});

test('by mode and by month', async () => {
	let s = await stats('city', { group_by: 'mode' });
	assert.deepEqual(s.groups.map((g) => [g.key, g.label, g.cases_filed, g.fines_imposed_fen]), [
		['campaign', '专项执法', 1, 1000000],
		['joint', '联合执法', 1, 0],
		['routine', '日常执法', 3, 2000000],
	]);
	assert.deepEqual(s.total, TOTAL);
	s = await stats('city', { group_by: 'month' });
	assert.deepEqual(s.groups.map((g) => [g.key, g.cases_filed, g.cases_closed]), [
		['2022-01', 2, 1], ['2022-02', 1, 0], ['2022-03', 2, 1]]);
	assert.deepEqual(s.total, TOTAL);
});

test('by provision: the cases citing it; the total still counts each case once', async () => {
	const s = await stats('city', { group_by: 'provision' });
	assert.deepEqual(s.groups, [row('AQSCF-99', '《安全生产法》第九十九条', 5, 2, 3000000, 2000000,
		{ fine: 2, suspension: 1 }, 1)]);
	assert.deepEqual(s.total, TOTAL);
});

test('overdue decisions are counted as of the day asked; before the 90 days none is', async () => {
	assert.equal((await stats('city', { as_of: '2022-04-10' })).total.decisions_overdue, 0);
	assert.equal((await stats('city', { as_of: '2022-04-11' })).total.decisions_overdue, 1);
});

test('a district sees its own region; the enterprise is refused; bad parameters name themselves', async () => {
	const s = await stats('district', { group_by: 'region' });
	assert.deepEqual(s.groups.map((g) => g.key), [DEMO.district]);
	assert.equal(s.total.cases_filed, 4);
	const r = await api(srv.base, tok.enterprise, 'GET', '/api/v1/stats/enforcement');
	assert.equal(r.status, 403);
	for (const [k, v] of [['from', '2022-13-01'], ['to', 'x'], ['as_of', '2022/01/01'],
		['group_by', 'sector']]) {
		const bad = await api(srv.base, tok.city, 'GET', '/api/v1/stats/enforcement', undefined,
		    { query: { ...Q, [k]: v } });
		assert.equal(bad.status, 422, `${k}=${v}: ${bad.text}`);
		assert.deepEqual(bad.json.error.fields.map((f) => f.field), [k]);
	}
});

test('?format=xlsx is the 行政执法统计表 with a row per district and the 合计 row', async () => {
	const r = await api(srv.base, tok.city, 'GET', '/api/v1/stats/enforcement', undefined,
	    { query: { ...Q, group_by: 'region', format: 'xlsx' } });
	assert.equal(r.status, 200, r.text);
	assert.match(r.headers.get('content-type'), /spreadsheetml/);
	const rows = xlsxRows(work, r.bytes);
	assert.match(rows[0][0], /行政执法统计表（立案日期 2022-01-01 至 2022-12-31，截至 2023-06-01）/);
	const body = rows.filter((x) => ['东胜区', '康巴什区', '合计'].includes(x[0]));
	assert.deepEqual(body.map((x) => x.slice(0, 5).concat(x.slice(6, 8), x.slice(11))), [
		['东胜区', '4', '2', '30000', '20000', '2', '0', '0'],
		['康巴什区', '1', '0', '0', '0', '0', '0', '1'],
		['合计', '5', '2', '30000', '20000', '2', '0', '1'],
	]);
});
