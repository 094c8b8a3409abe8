// The annual summary (GET /stats/summary) and the annual report (述法报告) with its
// template, on a small database whose records are made here through the API: the summary
// agrees with each line's own statistics and with counts made here in SQL, for the city
// and for one district; scope, roles and bad input; the template is edited, checked,
// audited and reverted; the report comes as .md, .docx (LibreOffice opens it) and .pdf.
// The demo city's figures are checked in annual_demo.test.mjs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { checkDocx, pdfText, writerPdf } from '../lib/files.mjs';
import {
	api, DEMO, loginAll, runCli, startServer, tinyPng, tmpDir, uniq,
} from '../lib/server.mjs';
import { comparable, countSummary } from '../lib/summary_sql.mjs';

let srv, tok, dir, own, other;
const TODAY = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const YEAR = Number(TODAY.slice(0, 4));
const fieldsOf = (r) => (r.json?.error?.fields || []).map((f) => f.field).sort();

const get = (role, p, query) => api(srv.base, tok[role], 'GET', p, undefined, { query });
async function ok(role, method, p, body, status = 201) {
	const r = await api(srv.base, tok[role], method, p, body);
	assert.equal(r.status, status, `${method} ${p} ${JSON.stringify(body)} → ${r.text}`);
	return r.json;
}

async function summary(role, query = {}) {
	const r = await get(role, '/api/v1/stats/summary', { year: YEAR, ...query });
	assert.equal(r.status, 200, r.text);
	return r.json;
}

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base, ['admin', 'city', 'district', 'department', 'inspector',
		'enterprise', 'viewer']);
	dir = tmpDir('anjian-report-');
	own = (await get('district', '/api/v1/enterprises', { region: DEMO.district, limit: 1 })).json.items[0];
	other = (await get('city', '/api/v1/enterprises', { region: DEMO.otherDistrict, limit: 1 })).json.items[0];
	assert.ok(own && other, 'demo enterprises in both districts');

	// Hazards: two fixed on the spot and one open in 东胜区, one open in 康巴什区.
	const entId = (await get('enterprise', '/api/v1/me')).json.user.enterprise_id;
	for (let i = 0; i < 2; i++) {
		const photo = (await api(srv.base, tok.enterprise, 'POST',
		    '/api/v1/attachments?filename=after.png', tinyPng(),
		    { headers: { 'Content-Type': 'image/png' } })).json.id;
		await ok('enterprise', 'POST', '/api/v1/hazards', { enterprise_id: entId,
			found_on: TODAY, source: 'self_inspection', level: 'general', description: `即查即改${i}`, immediate: true, after_photos: [photo] });
	}
	await ok('enterprise', 'POST', '/api/v1/hazards', { enterprise_id: entId,
		found_on: TODAY, source: 'self_inspection', level: 'general', description: '待整改',
		deadline: TODAY });
	await ok('city', 'POST', '/api/v1/hazards', { enterprise_id: other.id,
		found_on: TODAY, source: 'government_inspection', level: 'general', description: '康巴什隐患' });
	// Activities in both districts, one covering an enterprise.
	await ok('city', 'POST', '/api/v1/activities', { kind: 'lecture', date: TODAY,
		title: '安全生产宣讲', sessions: 3, participants: 120, region_code: DEMO.district,
		enterprises: [own.id] });
	await ok('city', 'POST', '/api/v1/activities', { kind: 'evacuation_drill', date: TODAY,
		title: '疏散逃生演练', sessions: 2, participants: 80, region_code: DEMO.otherDistrict });
	// A warning to a 康巴什区 enterprise; an accident there.
	await ok('city', 'POST', '/api/v1/supervisions', { kind: 'warning', target_type: 'enterprise',
		enterprise_id: other.id, number: `市应督〔${YEAR}〕${uniq()}号`, reason: '安全管理不到位',
		deadline: TODAY });
	await ok('city', 'POST', '/api/v1/accidents', { occurred_at: `${TODAY}T00:10:00+08:00`,
		reported_at: `${TODAY}T00:30:00+08:00`, region_code: DEMO.otherDistrict, type: '物体打击',
		deaths: 0, serious_injuries: 1, direct_loss_fen: 500000, location: '测试路1号',
		description: '测试事故' });
});

after(async () => {
	await srv?.stop();
});

test('the summary equals each line of work\'s own statistics', async () => {
	const s = await summary('city');
	assert.equal(s.year, YEAR);
	assert.equal(s.as_of, TODAY, 'as_of defaults to today in the current year');
	assert.equal(s.region, DEMO.city);
	assert.equal(s.region_name, '鄂尔多斯市');
	assert.ok(s.years.includes(YEAR));
	const q = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31`, as_of: TODAY };

	const h = (await get('city', '/api/v1/stats/hazards', q)).json.total;
	for (const k of ['found', 'rectified', 'major_found', 'major_rectified', 'overdue', 'funds_fen',
		'rectification_rate'])
		assert.equal(s.hazards[k], h[k], `hazards.${k}`);
	assert.equal(s.hazards.found, 4);
	assert.equal(s.hazards.rectified, 2);

	const e = (await get('city', '/api/v1/stats/enforcement', { ...q, group_by: 'mode' })).json;
	assert.equal(s.enforcement.cases, e.total.cases_filed);
	assert.equal(s.enforcement.fines_fen, e.total.fines_imposed_fen);

	const a = (await get('city', '/api/v1/stats/activities', { from: q.from, to: q.to })).json;
	for (const g of a.groups)
		for (const k of ['activities', 'sessions', 'participants', 'enterprises', 'inspections'])
			assert.equal(s.activities[g.key][k], g[k], `activities.${g.key}.${k}`);
	assert.equal(s.activities.lecture.sessions, 3);
	assert.equal(s.activities.lecture.regions, 1);
	assert.equal(s.activities.lecture.enterprises_by_sector[own.sector], 1);

	const sv = (await get('city', '/api/v1/stats/supervision', { ...q, group_by: 'kind' })).json;
	for (const g of sv.groups)
		assert.equal(s.supervision[g.key], g.issued, `supervision.${g.key}`);
	assert.equal(s.supervision.warning, 1);
	assert.equal(s.supervision.by_target.warning.enterprise, 1);

	const ac = (await get('city', '/api/v1/stats/accidents', { from: q.from, to: q.to, group_by: 'grade' })).json;
	for (const g of ac.groups)
		assert.equal(s.accidents[g.key], g.count, `accidents.${g.key}`);
	assert.equal(s.accidents.general, 1);
});

test('the summary equals counts made here in SQL, for the city and for one district', async () => {
	for (const [role, region] of [['city', DEMO.city], ['district', DEMO.district]]) {
		const s = await summary(role);
		assert.equal(s.region, region);
		assert.deepEqual(comparable(s),
		    countSummary(srv.dbPath, { year: YEAR, asOf: TODAY, region }), `${role}`);
	}
	// The city asking for the district sees what the district sees.
	const narrowed = await summary('city', { region: DEMO.district });
	const district = await summary('district');
	assert.deepEqual(comparable(narrowed), comparable(district));
	assert.equal(district.hazards.found, 3, 'the district sees its own hazards only');
	assert.equal(district.accidents.general, 0);
});

test('a year before the records, as_of, scope, roles and bad input', async () => {
	const empty = await summary('city', { year: 2001 });
	assert.equal(empty.hazards.found, 0);
	assert.equal(empty.as_of, '2001-12-31', 'a past year is counted to its end');
	assert.equal(empty.activities.lecture.sessions, 0, 'every kind is present, counted 0');
	// as_of the day before: nothing found today is rectified yet... but found ones count.
	const early = await summary('city', { as_of: `${YEAR}-01-01` });
	assert.equal(early.hazards.found, 4);
	if (TODAY !== `${YEAR}-01-01`)
		assert.equal(early.hazards.rectified, 0);

	let r = await get('enterprise', '/api/v1/stats/summary', { year: YEAR });
	assert.equal(r.status, 403);
	r = await get('district', '/api/v1/stats/summary', { year: YEAR, region: DEMO.otherDistrict });
	assert.equal(r.status, 403, 'another district is outside the scope');
	r = await get('city', '/api/v1/stats/summary', {});
	assert.equal(r.status, 422);
	assert.deepEqual(fieldsOf(r), ['year']);
	r = await get('city', '/api/v1/stats/summary', { year: '20x4', as_of: `${YEAR - 1}-12-31`, region: '150699' });
	assert.equal(r.status, 422);
	assert.deepEqual(fieldsOf(r), ['year']);
	r = await get('city', '/api/v1/stats/summary', { year: YEAR, as_of: `${YEAR - 1}-12-31` });
	assert.deepEqual(fieldsOf(r), ['as_of']);
	r = await get('city', '/api/v1/stats/summary', { year: YEAR, region: '150699' });
	assert.deepEqual(fieldsOf(r), ['region']);
	const viewer = await summary('viewer');
	assert.deepEqual(comparable(viewer), comparable(await summary('city')));
});

test('the report is the template filled in, as .md, .docx and .pdf', async () => {
	const s = await summary('city');
	let r = await get('city', '/api/v1/reports/annual', { year: YEAR, format: 'md' });
	assert.equal(r.status, 200, r.text);
	assert.match(r.headers.get('content-type'), /text\/markdown/);
	assert.match(decodeURIComponent(r.headers.get('content-disposition')),
	    new RegExp(`鄂尔多斯市应急管理局${YEAR}年度述法报告\\.md`));
	const md = r.text;
	assert.ok(md.startsWith(`# 鄂尔多斯市应急管理局${YEAR}年度述法报告\n`), md.slice(0, 80));
	for (const h of ['## 一、抓学习宣贯', '## 二、抓监督管理', '## 三、抓依法治理', '（一）进一步'])
		assert.ok(md.includes(h), `md has ${h}`);
	assert.ok(md.includes(`累计排查隐患问题${s.hazards.found}项、已完成整改${s.hazards.rectified}项`));
	assert.ok(md.includes(`安全生产宣讲${s.activities.lecture.sessions}场，覆盖1个旗区、1家企业`));
	assert.ok(!md.includes('{{'), 'no placeholder left');

	r = await get('city', '/api/v1/reports/annual', { year: YEAR, format: 'docx' });
	assert.equal(r.status, 200, r.text);
	assert.match(r.headers.get('content-type'), /wordprocessingml/);
	const docx = path.join(dir, 'annual.docx');
	fs.writeFileSync(docx, r.bytes);
	checkDocx(docx, [`鄂尔多斯市应急管理局${YEAR}年度述法报告`, '一、抓学习宣贯，树牢安全发展理念']);
	const writer = pdfText(writerPdf(docx, dir));
	assert.ok(writer.includes(`累计排查隐患问题${s.hazards.found}项`), 'Writer opens the .docx');

	r = await get('district', '/api/v1/reports/annual', { year: YEAR, format: 'pdf' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.headers.get('content-type'), 'application/pdf');
	const pdf = path.join(dir, 'annual.pdf');
	fs.writeFileSync(pdf, r.bytes);
	const text = pdfText(pdf);
	assert.ok(text.includes(`东胜区应急管理局${YEAR}年度述法报告`));
	assert.ok(text.includes('累计排查隐患问题3项、已完成整改2项'), 'the district\'s own figures');

	r = await get('city', '/api/v1/reports/annual', { year: YEAR, format: 'odt' });
	assert.equal(r.status, 422);
	assert.deepEqual(fieldsOf(r), ['format']);
	assert.equal((await get('enterprise', '/api/v1/reports/annual', { year: YEAR })).status, 403);

	// The command line writes the same Markdown.
	const out = path.join(dir, 'cli.md');
	const c = await runCli(['report', 'annual', '--db', srv.dbPath, '--year', String(YEAR),
		'--format', 'md', '-o', out]);
	assert.equal(c.code, 0, c.stderr);
	assert.equal(fs.readFileSync(out, 'utf8'), md);
	const bad = await runCli(['report', 'annual', '--db', srv.dbPath, '--format', 'md', '-o', out]);
	assert.equal(bad.code, 2, 'no --year is a usage error');
});

test('the template is edited per region and year, checked, audited and reverted', async () => {
	const tpl = '/api/v1/reports/annual/template';
	let r = await get('district', tpl, { year: YEAR });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.is_default, true);
	assert.equal(r.json.region, DEMO.district);
	assert.ok(r.json.body.includes('{{hazards.found|wan}}'));
	assert.ok(r.json.filters.some((f) => f.name === 'wanyuan'));

	const body = `# {{region_name}}{{year}}年述法报告\n\n全年排查隐患{{hazards.found|wan}}项，罚款{{enforcement.fines_fen|wanyuan}}。\n`;
	r = await api(srv.base, tok.district, 'PUT', tpl, { body }, { query: { year: YEAR } });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.is_default, false);
	assert.equal(r.json.body, body);
	r = await get('district', '/api/v1/reports/annual', { year: YEAR, format: 'md' });
	assert.equal(r.text, `# 东胜区${YEAR}年述法报告\n\n全年排查隐患3项，罚款0元。\n`);
	// Other regions and other years keep the default.
	r = await get('city', '/api/v1/reports/annual', { year: YEAR, format: 'md' });
	assert.ok(r.text.includes('## 一、抓学习宣贯'));
	assert.equal((await get('district', tpl, { year: YEAR - 1 })).json.is_default, true);

	// A bad placeholder is 422 on `body`, naming it; nothing changes.
	r = await api(srv.base, tok.district, 'PUT', tpl,
	    { body: '第一行\n{{hazards.foundd|wan}} {{hazards.found|wen}}' }, { query: { year: YEAR } });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['body', 'body']);
	assert.match(r.json.error.fields[0].message, /第2行 \{\{hazards\.foundd\|wan\}\}/);
	assert.match(r.json.error.fields[1].message, /未知的格式/);
	r = await api(srv.base, tok.district, 'PUT', tpl, {}, { query: { year: YEAR } });
	assert.deepEqual(fieldsOf(r), ['body']);
	assert.equal((await get('district', tpl, { year: YEAR })).json.body, body);

	// Who may edit: the bureaus for their own region.
	r = await api(srv.base, tok.district, 'PUT', tpl, { body }, { query: { year: YEAR, region: DEMO.city } });
	assert.equal(r.status, 403, 'a district does not edit the city\'s template');
	for (const role of ['viewer', 'inspector', 'department'])
		assert.equal((await api(srv.base, tok[role], 'PUT', tpl, { body }, { query: { year: YEAR } })).status, 403, role);
	assert.equal((await get('enterprise', tpl, { year: YEAR })).status, 403);

	// Both writes are audited, then DELETE returns to the default.
	r = await api(srv.base, tok.district, 'DELETE', tpl, undefined, { query: { year: YEAR } });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.is_default, true);
	const audit = (await get('admin', '/api/v1/audit', { entity: 'report_template' })).json.items;
	assert.deepEqual(audit.map((x) => x.action).sort(), ['delete', 'update']);
	r = await get('district', '/api/v1/reports/annual', { year: YEAR, format: 'md' });
	assert.ok(r.text.includes('## 一、抓学习宣贯'));
});
