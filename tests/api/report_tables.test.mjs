// The statistics workbook (GET /api/v1/reports/tables): six sheets, one per line of work,
// whose 合计 rows equal the per-line statistics endpoints for the same year and day; a
// district's workbook holds only its own region; the scope, the parameters, the file name,
// and that LibreOffice opens the file. Records are made here, in last year (so that the
// default day of the states is 31 December), in a fresh database.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
	api, DEMO, listAll, loginAll, runCli, startServer, tinyPng, tmpDir, uniq,
} from '../lib/server.mjs';
import { xlsxSheets } from '../lib/sheets.mjs';

const SHEETS = ['隐患排查治理', '执法办案', '督办问责', '宣传培训', '生产安全事故', '责任体系'];
const OFFICERS = [{ name: '张执法', cert_no: '15060220240001' },
	{ name: '王执法', cert_no: '15060220240002' }];

const shanghaiToday = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const TODAY = shanghaiToday();
const YEAR = Number(TODAY.slice(0, 4)) - 1;
const PERIOD = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
const at = (date, hm = '08:00') => `${date}T${hm}:00+08:00`;

let srv, tok, work, dongsheng, kangbashi, own, orgs;

async function created(role, url, body) {
	const r = await api(srv.base, tok[role], 'POST', url, body);
	assert.equal(r.status, 201, `${role} POST ${url}: ${r.text}`);
	return r.json;
}

async function step(role, url, body) {
	const r = await api(srv.base, tok[role], 'POST', url, body);
	assert.equal(r.status, 200, `${role} ${body.action}: ${r.text}`);
	return r.json;
}

const fine = (amount_fen) => ({ kind: 'fine', target: 'unit', provision_id: 'AQSCF-99',
	stage: 'initial', amount_fen });

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base, ['admin', 'city', 'district', 'department', 'inspector',
		'enterprise', 'viewer']);
	work = tmpDir('anjian-report-tables-');
	const ents = (await listAll(srv.base, tok.admin, '/api/v1/enterprises')).items
	    .filter((e) => e.status === 'active');
	const ownId = (await api(srv.base, tok.enterprise, 'GET', '/api/v1/me')).json.user.enterprise_id;
	own = ents.find((e) => e.id === ownId);
	dongsheng = ents.find((e) => e.region_code.startsWith(DEMO.district) && e.id !== ownId);
	kangbashi = ents.find((e) => e.region_code.startsWith(DEMO.otherDistrict));
	assert.ok(own && dongsheng && kangbashi, 'demo enterprises');
	const list = (await api(srv.base, tok.admin, 'GET', '/api/v1/orgs')).json;
	const items = list.items || list;
	orgs = {
		dongsheng: items.find((o) => o.kind === 'district_bureau' && o.region_code === DEMO.district),
		kangbashi: items.find((o) => o.kind === 'district_bureau' &&
		    o.region_code === DEMO.otherDistrict),
	};
	assert.ok(orgs.dongsheng && orgs.kangbashi);

	// Hazards: two open in 东胜区 (one past its deadline, with funds), one fixed on the
	// spot today (closed after the year: rectified only as of today), one in 康巴什区.
	const hazard = (role, b) => created(role, '/api/v1/hazards', { source: 'government_inspection',
		level: 'general', description: '统计报表测试隐患', ...b });
	await hazard('district', { enterprise_id: dongsheng.id, found_on: `${YEAR}-03-01`,
		deadline: `${YEAR}-03-20`, funds_fen: 1234567 });
	await hazard('district', { enterprise_id: dongsheng.id, found_on: `${YEAR}-05-01` });
	const photo = await api(srv.base, tok.city, 'POST', '/api/v1/attachments?filename=after.png',
	    tinyPng(), { headers: { 'Content-Type': 'image/png' } });
	assert.equal(photo.status, 201, photo.text);
	await hazard('city', { enterprise_id: dongsheng.id, found_on: `${YEAR}-06-01`,
		immediate: true, after_photos: [photo.json.id], funds_fen: 5000 });
	await hazard('city', { enterprise_id: kangbashi.id, found_on: `${YEAR}-07-01`,
		deadline: `${YEAR + 1}-01-31` });
	await created('district', '/api/v1/inspections', { enterprise_id: dongsheng.id,
		kind: 'routine', inspected_on: `${YEAR}-02-01`, officers: OFFICERS,
		items: [{ text: '检查项目', result: 'pass' }] });

	// Cases: 东胜区 routine, a fine decided and partly paid; 康巴什区 campaign, filed only.
	const file = (role, ent, b) => created(role, '/api/v1/cases', {
		party: { type: 'enterprise', enterprise_id: ent.id }, source: 'complaint',
		officers: OFFICERS, title: '统计报表测试案件',
		violations: [{ provision_id: 'AQSCF-99', description: '未设置安全警示标志' }], ...b });
	const c = await file('inspector', dongsheng, { filed_on: `${YEAR}-01-10`,
		penalties: [fine(2345678)] });
	const tr = `/api/v1/cases/${c.id}/transitions`;
	await step('inspector', tr, { action: 'investigate' });
	await step('inspector', tr, { action: 'notify', notified_on: `${YEAR}-01-12` });
	await step('district', tr, { action: 'decide', decided_on: `${YEAR}-01-13` });
	const served = await step('inspector', tr, { action: 'serve', served_on: `${YEAR}-01-14` });
	await step('inspector', tr, { action: 'execute', penalty_id: served.penalties[0].id,
		executed_on: `${YEAR}-01-20`, paid_fen: 2345678 });
	await file('city', kangbashi, { filed_on: `${YEAR}-02-10`, mode: 'campaign',
		penalties: [fine(1000000)] });

	// Supervision: a 警示提醒 of the district past its deadline; a 约谈 by the city, answered.
	await created('district', '/api/v1/supervisions', { kind: 'warning', target_type: 'enterprise',
		enterprise_id: own.id, number: `东应督〔${YEAR}〕${uniq()}号`, reason: '制度落实不到位',
		requirements: '限期整改', issued_on: `${YEAR}-03-01`, deadline: `${YEAR}-03-15` });
	await created('city', '/api/v1/supervisions', { kind: 'interview', target_type: 'enterprise',
		enterprise_id: kangbashi.id, number: `鄂应督〔${YEAR}〕${uniq()}号`,
		reason: '事故多发', requirements: '约谈主要负责人', issued_on: `${YEAR}-04-01`,
		deadline: `${YEAR}-04-30` });

	// Activities in each district.
	await created('district', '/api/v1/activities', { kind: 'lecture', date: `${YEAR}-06-01`,
		title: '安全生产宣讲', sessions: 3, participants: 120, region_code: DEMO.district,
		enterprises: [dongsheng.id] });
	await created('city', '/api/v1/activities', { kind: 'evacuation_drill', date: `${YEAR}-09-01`,
		title: '疏散逃生演练', participants: 300, region_code: DEMO.otherDistrict });

	// Accidents: 一般 in 东胜区, 较大 (3 deaths) in 康巴什区.
	const accident = (role, region, b) => created(role, '/api/v1/accidents', {
		occurred_at: at(`${YEAR}-04-01`, '10:00'), reported_at: at(`${YEAR}-04-01`, '10:20'),
		region_code: region, type: '物体打击', deaths: 0, serious_injuries: 1,
		direct_loss_fen: 500000, location: '测试路1号', description: `测试事故${uniq()}`, ...b });
	await accident('district', DEMO.district, {});
	await accident('city', DEMO.otherDistrict, { deaths: 3, serious_injuries: 2,
		direct_loss_fen: 12345678 });

	// A city plan of the year with a task for each district bureau; 东胜区 starts its own.
	const plan = await created('city', '/api/v1/plans', { kind: 'annual_tasks',
		title: `${YEAR}年度安全生产任务清单${uniq()}`, period_from: YEAR, period_to: YEAR });
	const t1 = await created('city', '/api/v1/tasks', { plan_id: plan.id,
		title: '重大事故隐患动态清零', owner_org_id: orgs.dongsheng.id, due_on: `${YEAR}-06-30` });
	// Due on the last day: not overdue on 31 December, overdue after it.
	await created('city', '/api/v1/tasks', { plan_id: plan.id, title: '执法检查全覆盖',
		owner_org_id: orgs.kangbashi.id, due_on: `${YEAR}-12-31` });
	await step('district', `/api/v1/tasks/${t1.id}/transitions`, { action: 'start' });
});

after(async () => {
	await srv?.stop();
});

async function workbook(role, query) {
	const r = await api(srv.base, tok[role], 'GET', '/api/v1/reports/tables', undefined, { query });
	assert.equal(r.status, 200, r.text);
	assert.match(r.headers.get('content-type'), /spreadsheetml/);
	return { r, sheets: xlsxSheets(work, r.bytes) };
}

async function stats(role, url, query) {
	const r = await api(srv.base, tok[role], 'GET', url, undefined, { query });
	assert.equal(r.status, 200, `${url}: ${r.text}`);
	return r.json;
}

/** The figures of a sheet's first 合计 row (the cells after the label, as numbers). */
function totalRow(sheet, nth = 0) {
	const rows = sheet.rows.filter((row) => row[0] === '合计');
	assert.ok(rows[nth], `合计 row ${nth} of ${sheet.name}`);
	return rows[nth].slice(1).map(Number);
}

/** The label cells of the data rows of each table of a sheet (between a header and 合计). */
function dataLabels(sheet) {
	const out = [];
	let inTable = false;
	for (const row of sheet.rows) {
		if (['地区', '牵头单位', '执法方式', '方式', '活动类型', '事故等级'].includes(row[0])) {
			inTable = true;
			continue;
		}
		if (row[0] === '合计') {
			inTable = false;
			continue;
		}
		// The lower header row of a two-row header has no label of its own.
		if (inTable && row[0] !== '' && row.slice(1).some((c) => c !== '' && !isNaN(Number(c))))
			out.push(row[0]);
	}
	return out;
}

const wan = (fen) => fen / 1e6;
const close = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

/** Checks every sheet's 合计 against the statistics endpoints as `role` sees them. */
async function assertTotals(sheets, role, q, region) {
	assert.deepEqual(sheets.map((s) => s.name), SHEETS);
	const by = Object.fromEntries(sheets.map((s) => [s.name, s]));
	const asOf = q.as_of;

	const h = (await stats(role, '/api/v1/stats/hazards', { ...PERIOD, as_of: asOf })).total;
	const ht = totalRow(by['隐患排查治理']);
	assert.deepEqual([ht[0], ht[1], ht[3], ht[4], ht[5], ht[7], ht[8]], [h.found, h.rectified,
		h.major_found, h.major_rectified, h.overdue, h.enterprises_inspected, h.inspections]);
	close(ht[2], h.rectification_rate, 'rectification rate');
	close(ht[6], wan(h.funds_fen), 'funds in 万元');

	const e = (await stats(role, '/api/v1/stats/enforcement', { ...PERIOD, as_of: asOf,
		group_by: 'region' })).total;
	const kinds = ['warning', 'fine', 'confiscation', 'suspension', 'license', 'closure'];
	for (const nth of [0, 1]) {	// by region, then by mode: the same cases
		const et = totalRow(by['执法办案'], nth);
		assert.deepEqual([et[0], et[1], et[2], ...et.slice(5)], [e.cases_filed, e.cases_closed,
			e.decisions_overdue, ...kinds.map((k) => e.penalties[k])]);
		close(et[3], wan(e.fines_imposed_fen), 'fines imposed');
		close(et[4], wan(e.fines_collected_fen), 'fines collected');
	}

	const s = (await stats(role, '/api/v1/stats/supervision', { ...PERIOD, as_of: asOf,
		group_by: 'kind' })).total;
	for (const nth of [0, 1])
		assert.deepEqual(totalRow(by['督办问责'], nth), [s.issued, s.responded, s.closed, s.overdue]);

	const a = (await stats(role, '/api/v1/stats/activities', { ...PERIOD, group_by: 'kind' })).total;
	for (const nth of [0, 1])
		assert.deepEqual(totalRow(by['宣传培训'], nth), [a.activities, a.sessions, a.participants,
			a.enterprises, a.inspections]);

	const acc = (await stats(role, '/api/v1/stats/accidents', { ...PERIOD, group_by: 'grade' })).total;
	for (const nth of [0, 1]) {
		const at2 = totalRow(by['生产安全事故'], nth);
		assert.deepEqual(at2.slice(0, 3), [acc.count, acc.deaths, acc.serious_injuries]);
		close(at2[3], wan(acc.direct_loss_fen), 'direct loss');
	}

	// Tasks due in the year, counted here from the list; overdue as of the workbook's day
	// (the list's own overdue filter reads today).
	const { items: tasks } = await listAll(srv.base, tok[role], '/api/v1/tasks',
	    { due_from: PERIOD.from, due_to: PERIOD.to, status: 'all', region });
	const n = (f) => tasks.filter(f).length;
	assert.deepEqual(totalRow(by['责任体系']), [tasks.length,
		n((t) => t.status === 'assigned'), n((t) => t.status === 'in_progress'),
		n((t) => t.status === 'done'), n((t) => t.status !== 'done' && t.due_on < asOf)]);
	return by;
}

test('the city workbook: six sheets whose 合计 rows equal the statistics of the year', async () => {
	const { r, sheets } = await workbook('city', { year: YEAR });
	const disp = r.headers.get('content-disposition');
	const encoded = /filename\*=UTF-8''(.+)$/.exec(disp)?.[1];
	assert.equal(decodeURIComponent(encoded), `鄂尔多斯市安全生产统计报表（${YEAR}年）.xlsx`);
	const by = await assertTotals(sheets, 'city', { as_of: PERIOD.to });

	// The form: title, unit and period, every district listed, numbers that are not zero.
	const hz = by['隐患排查治理'];
	assert.equal(hz.rows[0][0], `鄂尔多斯市${YEAR}年隐患排查治理情况统计表`);
	assert.match(hz.rows[1].join(''), /填报单位：鄂尔多斯市应急管理局/);
	assert.match(hz.rows[1].join(''),
	    new RegExp(`统计期间：${YEAR}-01-01至${YEAR}-12-31.*数据截至：${YEAR}-12-31`));
	const regions = dataLabels(hz);
	assert.ok(regions.includes('东胜区') && regions.includes('康巴什区') && regions.length >= 9,
	    regions.join(','));
	assert.deepEqual(dataLabels(by['执法办案']).slice(0, regions.length), regions,
	    'the enforcement sheet lists the districts as the hazard sheet does');
	assert.deepEqual(dataLabels(by['执法办案']).slice(regions.length),
	    ['专项执法', '集中执法', '联合执法', '日常执法']);
	const ht = totalRow(hz);
	assert.deepEqual([ht[0], ht[1], ht[5]], [4, 0, 1], 'found, rectified on 31 December, overdue');
	assert.deepEqual(totalRow(by['执法办案']).slice(0, 2), [2, 0]);
	assert.deepEqual(totalRow(by['生产安全事故']).slice(0, 3), [2, 3, 3]);
	assert.deepEqual(totalRow(by['责任体系']), [2, 1, 1, 0, 1]);
	const dsRow = by['执法办案'].rows.find((row) => row[0] === '东胜区');
	close(Number(dsRow[4]), 2.345678, '东胜区 fines imposed in 万元');
});

test('as_of moves the states: a hazard closed today is rectified as of today', async () => {
	const { sheets } = await workbook('city', { year: YEAR, as_of: TODAY });
	const by = await assertTotals(sheets, 'city', { as_of: TODAY });
	assert.equal(totalRow(by['隐患排查治理'])[1], 1);
});

test('a district workbook holds its own region only, as the district sees the statistics', async () => {
	const { r, sheets } = await workbook('district', { year: YEAR });
	assert.equal(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(
	    r.headers.get('content-disposition'))[1]), `东胜区安全生产统计报表（${YEAR}年）.xlsx`);
	const by = await assertTotals(sheets, 'district', { as_of: PERIOD.to });
	assert.equal(by['隐患排查治理'].rows[0][0], `东胜区${YEAR}年隐患排查治理情况统计表`);
	for (const name of ['隐患排查治理', '生产安全事故']) {
		const labels = dataLabels(by[name]).filter((l) => !l.endsWith('事故'));
		assert.ok(labels.length > 0, name);
		for (const l of labels)
			assert.ok(l.startsWith('东胜区'), `${name}: ${l}`);
	}
	for (const l of [...dataLabels(by['执法办案']), ...dataLabels(by['督办问责']),
		...dataLabels(by['宣传培训'])])
		assert.ok(!l.includes('康巴什'), l);
	assert.deepEqual(dataLabels(by['责任体系']), [orgs.dongsheng.name]);
	assert.deepEqual(totalRow(by['生产安全事故']).slice(0, 3), [1, 0, 1]);

	// The city narrowed to 东胜区 gets the district's figures.
	const narrowed = (await workbook('city', { year: YEAR, region: DEMO.district })).sheets;
	for (const name of SHEETS)
		assert.deepEqual(totalRow(narrowed.find((x) => x.name === name)),
		    totalRow(by[name]), `${name} of the city narrowed to 东胜区`);
});

test('a department and an admin get their own scope\'s figures', async () => {
	for (const role of ['department', 'admin'])
		await assertTotals((await workbook(role, { year: YEAR })).sheets, role,
		    { as_of: PERIOD.to });
});

test('scope and parameters: enterprise 403, another district 403, bad year or region 422', async () => {
	let r = await api(srv.base, tok.enterprise, 'GET', '/api/v1/reports/tables', undefined,
	    { query: { year: YEAR } });
	assert.equal(r.status, 403, r.text);
	r = await api(srv.base, tok.district, 'GET', '/api/v1/reports/tables', undefined,
	    { query: { year: YEAR, region: DEMO.otherDistrict } });
	assert.equal(r.status, 403, r.text);
	for (const year of [undefined, '1999', '2101', '24', 'abcd', '2024.5']) {
		r = await api(srv.base, tok.city, 'GET', '/api/v1/reports/tables', undefined,
		    { query: { year } });
		assert.equal(r.status, 422, `year ${year}: ${r.text}`);
		assert.deepEqual(r.json.error.fields.map((f) => f.field), ['year'], `year ${year}`);
	}
	r = await api(srv.base, tok.city, 'GET', '/api/v1/reports/tables', undefined,
	    { query: { year: YEAR, region: '999999', as_of: `${YEAR - 1}-12-31` } });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(r.json.error.fields.map((f) => f.field).sort(), ['as_of', 'region']);
	// A viewer may read it.
	assert.equal((await api(srv.base, tok.viewer, 'GET', '/api/v1/reports/tables', undefined,
	    { query: { year: YEAR } })).status, 200);
});

test('the command line writes the workbook an admin downloads', async () => {
	const file = path.join(work, 'cli.xlsx');
	const r = await runCli(['report', 'tables', '--year', String(YEAR), '--db', srv.dbPath,
		'-o', file]);
	assert.equal(r.code, 0, r.stderr);
	const cli = xlsxSheets(work, fs.readFileSync(file));
	const web = (await workbook('admin', { year: YEAR })).sheets;
	assert.deepEqual(cli.map((x) => x.name), SHEETS);
	for (let i = 0; i < SHEETS.length; i++)
		assert.deepEqual(totalRow(cli[i]), totalRow(web[i]), SHEETS[i]);
	assert.match(cli[0].rows[1].join(''), /填报单位：鄂尔多斯市应急管理局/);
	const narrowed = await runCli(['report', 'tables', '--year', String(YEAR), '--region',
		DEMO.district, '--db', srv.dbPath, '-o', path.join(work, 'cli-ds.xlsx')]);
	assert.equal(narrowed.code, 0, narrowed.stderr);
	assert.equal(xlsxSheets(work, fs.readFileSync(path.join(work, 'cli-ds.xlsx')))[0].rows[0][0],
	    `东胜区${YEAR}年隐患排查治理情况统计表`);
	const bad = await runCli(['report', 'tables', '--year', '1999', '--db', srv.dbPath, '-o',
		path.join(work, 'bad.xlsx')]);
	assert.equal(bad.code, 2);
	assert.match(bad.stderr, /year/);
	assert.ok(!fs.existsSync(path.join(work, 'bad.xlsx')));
});

test('LibreOffice opens the workbook and prints the forms', async () => {
	const { r } = await workbook('city', { year: YEAR });
	const file = path.join(work, 'tables.xlsx');
	fs.writeFileSync(file, r.bytes);
	const out = path.join(work, 'lo');
	execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${work}/lo-profile`,
		'--convert-to', 'pdf', '--outdir', out, file], { timeout: 120000, stdio: 'ignore' });
	const text = execFileSync('pdftotext', [path.join(out, 'tables.pdf'), '-']).toString()
	    .replace(/\s+/g, '');
	for (const s of [`鄂尔多斯市${YEAR}年隐患排查治理情况统计表`, '安全生产行政执法情况统计表',
		'督办问责情况统计表', '安全生产宣传培训情况统计表', '生产安全事故情况统计表',
		'安全生产责任体系任务落实情况统计表', '合计'])
		assert.ok(text.includes(s), `the PDF holds ${s}`);
});
