// Inspections (监督检查): the checklist of in-force standard items, recording an inspection
// with its items in one transaction (failed items become hazards), validation by item,
// list filters, data scope, referral (移送立案), inspection plans, and the audit rows.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
	api, DEMO, listAll, loginAll, REPO_ROOT, runCli, startServer, tinyPng, tmpDir,
} from '../lib/server.mjs';

let srv;
let tok;		// tokens by role
let entId;		// the demo enterprise user's enterprise (东胜区)
let ents;		// every demo enterprise, by the administrator
let constr;		// a construction enterprise of 东胜区 (district, inspector, department see it)
let trade;		// an industry_trade enterprise of 东胜区 (not the department's sector)
let coal;		// a coal enterprise (outside 东胜区)
let mine;		// a metal_nonmetal_mine enterprise
let far;		// an enterprise of 康巴什区 (outside the district's scope)
const std = {};		// standards by code, with their items (GET /standards/{id})

const OFFICERS = Object.freeze([
	{ name: '张执法', cert_no: '15060220240001' },
	{ name: '李执法', cert_no: '15060220240002' },
]);

/** A date as YYYY-MM-DD in Asia/Shanghai, `days` from today. */
function shanghaiDate(days = 0) {
	return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base);
	const me = await api(srv.base, tok.enterprise, 'GET', '/api/v1/me');
	assert.equal(me.status, 200, me.text);
	entId = me.json.user.enterprise_id;
	assert.ok(Number.isInteger(entId) && entId > 0);
	ents = (await listAll(srv.base, tok.admin, '/api/v1/enterprises')).items;
	const inDistrict = (e) => e.region_code.startsWith(DEMO.district);
	constr = ents.find((e) => e.sector === 'construction' && inDistrict(e));
	trade = ents.find((e) => e.sector === 'industry_trade' && inDistrict(e));
	coal = ents.find((e) => e.sector === 'coal');
	mine = ents.find((e) => e.sector === 'metal_nonmetal_mine');
	far = ents.find((e) => e.region_code.startsWith(DEMO.otherDistrict));
	assert.ok(constr && trade && coal && mine && far, 'the demo data has the enterprises used');
	assert.notEqual(constr.id, entId);
	const list = await api(srv.base, tok.admin, 'GET', '/api/v1/standards');
	assert.equal(list.status, 200, list.text);
	for (const s of list.json.items) {
		const one = await api(srv.base, tok.admin, 'GET', `/api/v1/standards/${s.id}`);
		assert.equal(one.status, 200, one.text);
		std[s.code] = one.json;
	}
	for (const code of ['construction-2022', 'construction-2024', 'coal-2020', 'coal-2026',
		'industry_trade-2023', 'chemical-2017', 'metal_nonmetal_mine-2022'])
		assert.ok(std[code]?.items?.length > 0, `standard ${code} is loaded with items`);
});

after(async () => {
	await srv?.stop();
});

const fieldsOf = (r) => (r.json?.error?.fields || []).map((f) => f.field).sort();

/** Items of a standard that may be cited: citable, normal confidence, not retired. */
const citableItems = (code) => std[code].items.filter((i) =>
	i.citable && i.confidence === 'normal' && !i.retired);

function body(over = {}) {
	return {
		enterprise_id: constr.id,
		kind: 'routine',
		inspected_on: '2025-06-01',
		officers: OFFICERS,
		summary: '日常检查',
		items: [{ text: '安全警示标志齐全', result: 'pass' }],
		...over,
	};
}

const inspect = (role, b) => api(srv.base, tok[role], 'POST', '/api/v1/inspections', b);

async function created(role, b) {
	const r = await inspect(role, b);
	assert.equal(r.status, 201, `${JSON.stringify(b)} → ${r.status} ${r.text}`);
	return r.json;
}

async function checklist(role, enterpriseId, on) {
	const r = await api(srv.base, tok[role], 'GET', '/api/v1/inspections/checklist', undefined,
	    { query: { enterprise_id: enterpriseId, on } });
	assert.equal(r.status, 200, r.text);
	return r.json;
}

/** Row counts that a refused POST must leave alone. */
async function counts() {
	const insp = await api(srv.base, tok.admin, 'GET', '/api/v1/inspections?limit=1');
	const hz = await api(srv.base, tok.admin, 'GET', '/api/v1/hazards?limit=1&status=all');
	const ai = await api(srv.base, tok.admin, 'GET', '/api/v1/audit?limit=1&entity=inspection');
	const ah = await api(srv.base, tok.admin, 'GET', '/api/v1/audit?limit=1&entity=hazard');
	for (const r of [insp, hz, ai, ah])
		assert.equal(r.status, 200, r.text);
	return { inspections: insp.json.total, hazards: hz.json.total,
		auditInspection: ai.json.total, auditHazard: ah.json.total };
}

/** POSTs and expects 422 naming exactly `fields`, with nothing written anywhere. */
async function expect422(role, b, fields) {
	const before = await counts();
	const r = await inspect(role, b);
	assert.equal(r.status, 422, `${JSON.stringify(b)} → ${r.status} ${r.text}`);
	assert.equal(r.json.error.code, 'validation_failed');
	assert.deepEqual(fieldsOf(r), [...fields].sort(), r.text);
	assert.deepEqual(await counts(), before, 'nothing written (inspections, hazards, audit)');
	return r;
}

async function upload(role) {
	const r = await api(srv.base, tok[role], 'POST', '/api/v1/attachments?filename=photo.png',
	    tinyPng(), { headers: { 'Content-Type': 'image/png' } });
	assert.equal(r.status, 201, r.text);
	return r.json.id;
}

async function auditRows(query) {
	const r = await api(srv.base, tok.admin, 'GET', '/api/v1/audit', undefined,
	    { query: { limit: 500, ...query } });
	assert.equal(r.status, 200, r.text);
	return r.json;
}

// ---- the checklist ----

test('checklist of a construction enterprise on 2024-06-01: exactly the citable items of construction-2022', async () => {
	const c = await checklist('admin', constr.id, '2024-06-01');
	assert.equal(c.enterprise_id, constr.id);
	assert.equal(c.sector, 'construction');
	assert.equal(c.on, '2024-06-01');
	const want = citableItems('construction-2022').map((i) => i.id).sort((a, b) => a - b);
	assert.ok(want.length > 0);
	assert.deepEqual(c.items.map((i) => i.id).sort((a, b) => a - b), want);
	const ids2024 = new Set(std['construction-2024'].items.map((i) => i.id));
	assert.ok(!c.items.some((i) => ids2024.has(i.id)), 'no item of the 2024 version');
});

test('checklist of the same enterprise on 2025-06-01: exactly the citable items of construction-2024', async () => {
	const c = await checklist('district', constr.id, '2025-06-01');
	const want = citableItems('construction-2024').map((i) => i.id).sort((a, b) => a - b);
	assert.deepEqual(c.items.map((i) => i.id).sort((a, b) => a - b), want);
	// On the day the 2024 version takes effect the 2022 one is no longer in force.
	const d = await checklist('district', constr.id, std['construction-2024'].effective_on);
	assert.deepEqual(d.items.map((i) => i.id).sort((a, b) => a - b), want);
	// Without `on`: today, when the 2024 version is in force.
	const t = await checklist('district', constr.id);
	assert.equal(t.on, shanghaiDate());
	assert.deepEqual(t.items.map((i) => i.id).sort((a, b) => a - b), want);
});

test('checklist of a coal enterprise: coal-2020 on 2026-06-30, coal-2026 from 2026-07-01, never a non-citable item', async () => {
	const before = await checklist('admin', coal.id, '2026-06-30');
	const want2020 = citableItems('coal-2020').map((i) => i.id).sort((a, b) => a - b);
	assert.ok(std['coal-2020'].items.some((i) => !i.citable), 'coal-2020 has non-citable items');
	assert.deepEqual(before.items.map((i) => i.id).sort((a, b) => a - b), want2020);
	const on = await checklist('admin', coal.id, '2026-07-01');
	const want2026 = citableItems('coal-2026').map((i) => i.id).sort((a, b) => a - b);
	assert.deepEqual(on.items.map((i) => i.id).sort((a, b) => a - b), want2026);
	for (const i of [...before.items, ...on.items]) {
		assert.equal(i.citable, true, `${i.no} is citable`);
		assert.doesNotMatch(i.no, /^候选/, 'the unverified 2020 candidates are never offered');
	}
});

test('checklist never offers a low-confidence item (metal_nonmetal_mine-2022 has one marked citable)', async () => {
	const c = await checklist('admin', mine.id, shanghaiDate());
	assert.ok(c.items.length > 0);
	const low = c.items.filter((i) => i.confidence !== 'normal');
	assert.deepEqual(low.map((i) => `${i.no} (${i.confidence})`), [],
	    'low-confidence items are shown in the standard but cannot be cited');
	const want = citableItems('metal_nonmetal_mine-2022').map((i) => i.id).sort((a, b) => a - b);
	assert.deepEqual(c.items.map((i) => i.id).sort((a, b) => a - b), want);
});

test('checklist of an enterprise outside the caller\'s scope is 404', async () => {
	const r = await api(srv.base, tok.district, 'GET',
	    `/api/v1/inspections/checklist?enterprise_id=${far.id}`);
	assert.equal(r.status, 404, r.text);
	const e = await api(srv.base, tok.enterprise, 'GET',
	    `/api/v1/inspections/checklist?enterprise_id=${constr.id}`);
	assert.equal(e.status, 404, e.text);
	const own = await api(srv.base, tok.enterprise, 'GET',
	    `/api/v1/inspections/checklist?enterprise_id=${entId}`);
	assert.equal(own.status, 200, own.text);
});

// ---- validation ----

test('a government inspection with one officer is 422 naming officers; nothing written', async () => {
	await expect422('inspector', body({ officers: [OFFICERS[0]] }), ['officers']);
	await expect422('inspector', body({ officers: [] }), ['officers']);
	const noOfficers = body();
	delete noOfficers.officers;
	await expect422('inspector', noOfficers, ['officers']);
});

test('an officer without cert_no is 422 naming officers[1].cert_no', async () => {
	await expect422('inspector', body({ officers: [OFFICERS[0], { name: '王执法' }] }),
	    ['officers[1].cert_no']);
	await expect422('district', body({ officers: [OFFICERS[0], { name: '王执法', cert_no: '' }] }),
	    ['officers[1].cert_no']);
});

test('every government kind needs two certified officers; all six are accepted with them', async () => {
	for (const kind of ['routine', 'campaign', 'concentrated', 'joint', 'cross', 'supervisory']) {
		await expect422('district', body({ kind, officers: [OFFICERS[1]] }), ['officers']);
		const i = await created('district', body({ kind }));
		assert.equal(i.kind, kind);
		assert.deepEqual(i.officers.map((o) => o.cert_no), OFFICERS.map((o) => o.cert_no));
	}
});

test('the enterprise user may only record kind self; staff may not record self', async () => {
	const before = await counts();
	const r = await inspect('enterprise', body({ enterprise_id: entId, kind: 'routine' }));
	assert.ok(r.status === 422 || r.status === 403, `${r.status} ${r.text}`);
	if (r.status === 422)
		assert.deepEqual(fieldsOf(r), ['kind']);
	assert.deepEqual(await counts(), before);
	for (const role of ['admin', 'city', 'district', 'department', 'inspector'])
		await expect422(role, body({ kind: 'self' }), ['kind']);
	// The enterprise's own self-inspection needs no officers.
	const own = await created('enterprise', { enterprise_id: entId, kind: 'self',
		inspected_on: shanghaiDate(), items: [{ text: '灭火器在有效期内', result: 'pass' }] });
	assert.equal(own.kind, 'self');
	assert.equal(own.enterprise_id, entId);
});

test('reviewer and viewer may not record inspections (403)', async () => {
	for (const role of ['reviewer', 'viewer']) {
		const r = await inspect(role, body());
		assert.equal(r.status, 403, `${role}: ${r.text}`);
	}
});

test('inspected_on in the future is 422; today is accepted', async () => {
	await expect422('inspector', body({ inspected_on: shanghaiDate(1) }), ['inspected_on']);
	await expect422('inspector', body({ inspected_on: '2025-02-30' }), ['inspected_on']);
	const i = await created('inspector', body({ inspected_on: shanghaiDate() }));
	assert.equal(i.inspected_on, shanghaiDate());
});

test('items empty or missing is 422 naming items', async () => {
	await expect422('inspector', body({ items: [] }), ['items']);
	const b = body();
	delete b.items;
	await expect422('inspector', b, ['items']);
});

test('an enterprise outside the scope is 422 naming enterprise_id; nothing written', async () => {
	await expect422('inspector', body({ enterprise_id: far.id }), ['enterprise_id']);
	// The department supervises construction and city_gas only.
	await expect422('department', body({ enterprise_id: trade.id }), ['enterprise_id']);
});

// ---- failed items become hazards ----

test('failed items make hazards: standard → major citing it, free → general; pass/na → none', async () => {
	const item = citableItems('construction-2024')[3];
	const photo = await upload('inspector');
	const passPhoto = await upload('inspector');
	const before = await counts();
	const i = await created('inspector', body({
		inspected_on: '2025-06-02',
		items: [
			{ standard_item_id: item.id, result: 'fail', note: '现场未落实', photos: [photo],
				hazard: { description: '深基坑未按方案施工', location: '2号楼基坑',
					deadline: '2025-06-30', responsible: '项目经理', funds_fen: 500000 } },
			{ text: '临时用电未设漏电保护', result: 'fail',
				hazard: { description: '临时用电无漏电保护', deadline: '2025-06-10' } },
			{ text: '安全帽佩戴', result: 'pass', photos: [passPhoto] },
			{ standard_item_id: citableItems('construction-2024')[0].id, result: 'na' },
		],
	}));
	assert.equal(i.item_count, 4);
	assert.equal(i.failed_count, 2);
	assert.deepEqual(i.items.map((x) => x.seq), [1, 2, 3, 4]);
	assert.deepEqual(i.items.map((x) => x.result), ['fail', 'fail', 'pass', 'na']);
	const [major, general, pass, na] = i.items;
	assert.ok(Number.isInteger(major.hazard_id) && Number.isInteger(general.hazard_id));
	assert.equal(pass.hazard_id, null);
	assert.equal(na.hazard_id, null);
	assert.deepEqual(pass.photos, [passPhoto]);
	assert.equal(major.standard_item_id, item.id);
	assert.equal(major.standard_item_no, item.no);
	assert.equal(major.text, item.text, 'a standard item keeps the standard\'s text');

	const after = await counts();
	assert.equal(after.inspections, before.inspections + 1);
	assert.equal(after.hazards, before.hazards + 2, 'exactly two hazards');

	const h1 = await api(srv.base, tok.inspector, 'GET', `/api/v1/hazards/${major.hazard_id}`);
	assert.equal(h1.status, 200, h1.text);
	assert.equal(h1.json.level, 'major');
	assert.equal(h1.json.standard_item_id, item.id);
	assert.equal(h1.json.standard_item.id, item.id);
	assert.equal(h1.json.source, 'government_inspection');
	assert.equal(h1.json.found_on, '2025-06-02');
	assert.equal(h1.json.inspection_id, i.id);
	assert.equal(h1.json.enterprise_id, constr.id);
	assert.deepEqual(h1.json.photos, [photo], 'the item\'s photos are the hazard\'s');
	assert.equal(h1.json.description, '深基坑未按方案施工');
	assert.equal(h1.json.location, '2号楼基坑');
	assert.equal(h1.json.deadline, '2025-06-30');
	assert.equal(h1.json.funds_fen, 500000);
	assert.equal(h1.json.responsible, '项目经理');
	assert.equal(h1.json.status, 'reported');

	const h2 = await api(srv.base, tok.inspector, 'GET', `/api/v1/hazards/${general.hazard_id}`);
	assert.equal(h2.status, 200, h2.text);
	assert.equal(h2.json.level, 'general');
	assert.equal(h2.json.standard_item_id, null);
	assert.equal(h2.json.source, 'government_inspection');
	assert.equal(h2.json.found_on, '2025-06-02');
	assert.equal(h2.json.inspection_id, i.id);
	assert.equal(h2.json.deadline, '2025-06-10');

	// The hazards are listed under the enterprise with the inspection's date.
	const hz = await listAll(srv.base, tok.admin, '/api/v1/hazards', { enterprise_id: constr.id,
		found_from: '2025-06-02', found_to: '2025-06-02', status: 'all' });
	assert.deepEqual(hz.items.map((h) => h.id).sort((a, b) => a - b),
	    [major.hazard_id, general.hazard_id].sort((a, b) => a - b));

	// GET shows the same items.
	const g = await api(srv.base, tok.inspector, 'GET', `/api/v1/inspections/${i.id}`);
	assert.equal(g.status, 200, g.text);
	assert.deepEqual(g.json.items, i.items);
	assert.deepEqual(g.json.officers.map((o) => o.cert_no), OFFICERS.map((o) => o.cert_no));
	assert.equal(g.json.summary, '日常检查');
	assert.equal(g.json.referred, false);

	// Audited: the inspection and each hazard.
	const rows = await auditRows({ entity: 'inspection', entity_id: i.id, action: 'create' });
	assert.equal(rows.total, 1);
	assert.equal(rows.items[0].changes.enterprise_id, constr.id);
	for (const hid of [major.hazard_id, general.hazard_id])
		assert.equal((await auditRows({ entity: 'hazard', entity_id: hid, action: 'create' })).total,
		    1, `hazard ${hid} audited`);
});

test('a failed standard item\'s hazard may carry every documented field (measures too)', async () => {
	// docs/api.md: items[].hazard is {description, location, category, deadline, responsible,
	// measures, funds_fen}; the rest of the plan may come later with submit_plan.
	const item = citableItems('construction-2024')[5];
	const r = await inspect('inspector', body({ inspected_on: '2025-06-04', items: [
		{ standard_item_id: item.id, result: 'fail', hazard: { description: '高支模未论证',
			location: '3号楼', category: '施工', deadline: '2025-06-30', responsible: '项目经理',
			measures: '停工并组织专家论证', funds_fen: 200000 } }] }));
	assert.equal(r.status, 201, r.text);
	const h = await api(srv.base, tok.inspector, 'GET', `/api/v1/hazards/${r.json.items[0].hazard_id}`);
	assert.equal(h.status, 200, h.text);
	assert.equal(h.json.level, 'major');
	assert.equal(h.json.measures, '停工并组织专家论证');
	assert.equal(h.json.category, '施工');
});

test('a failed item of the enterprise\'s self-inspection makes a self_inspection hazard', async () => {
	const item = citableItems('chemical-2017')[0];
	const i = await created('enterprise', { enterprise_id: entId, kind: 'self',
		inspected_on: '2025-03-03', items: [
			{ text: '消防通道堵塞', result: 'fail', hazard: { description: '消防通道堆放杂物' } },
			{ standard_item_id: item.id, result: 'fail', note: '主要负责人未考核' },
		] });
	const [g, m] = i.items;
	const hg = await api(srv.base, tok.enterprise, 'GET', `/api/v1/hazards/${g.hazard_id}`);
	assert.equal(hg.status, 200, hg.text);
	assert.equal(hg.json.source, 'self_inspection');
	assert.equal(hg.json.level, 'general');
	assert.equal(hg.json.found_on, '2025-03-03');
	const hm = await api(srv.base, tok.enterprise, 'GET', `/api/v1/hazards/${m.hazard_id}`);
	assert.equal(hm.status, 200, hm.text);
	assert.equal(hm.json.source, 'self_inspection');
	assert.equal(hm.json.level, 'major');
	assert.equal(hm.json.standard_item_id, item.id);
});

test('an invalid item after valid failed ones: 422 naming items[2].hazard.deadline, nothing written', async () => {
	const item = citableItems('construction-2024')[1];
	const photo = await upload('inspector');
	await expect422('inspector', body({
		inspected_on: '2025-06-03',
		items: [
			{ standard_item_id: item.id, result: 'fail', photos: [photo],
				hazard: { deadline: '2025-07-01' } },
			{ text: '脚手架未验收', result: 'fail', hazard: { deadline: '2025-06-20' } },
			{ text: '塔吊限位失效', result: 'fail', hazard: { deadline: '2025-06-01' } },
		],
	}), ['items[2].hazard.deadline']);
	// The photo was not linked to anything: it can still be used.
	const ok = await created('inspector', body({ inspected_on: '2025-06-03', items: [
		{ text: '塔吊限位失效', result: 'fail', photos: [photo],
			hazard: { deadline: '2025-06-03' } }] }));
	const h = await api(srv.base, tok.inspector, 'GET', `/api/v1/hazards/${ok.items[0].hazard_id}`);
	assert.deepEqual(h.json.photos, [photo]);
});

test('other invalid items are named by index and nothing is written', async () => {
	const item2024 = citableItems('construction-2024')[0];
	const item2022 = citableItems('construction-2022')[0];
	const low = std['coal-2020'].items.find((i) => !i.citable);
	assert.ok(low);
	// A bad result.
	await expect422('inspector', body({ items: [{ text: '一', result: 'pass' },
		{ text: '二', result: 'bad' }] }), ['items[1].result']);
	// A free item without text.
	await expect422('inspector', body({ items: [{ text: '一', result: 'pass' },
		{ result: 'fail' }] }), ['items[1].text']);
	// A hazard on an item that did not fail.
	await expect422('inspector', body({ items: [{ text: '一', result: 'pass',
		hazard: { description: '不应有' } }] }), ['items[0].hazard']);
	// A standard item not in force on the inspection date (the 2022 version in 2025).
	await expect422('inspector', body({ inspected_on: '2025-06-01', items: [
		{ standard_item_id: item2024.id, result: 'fail' },
		{ standard_item_id: item2022.id, result: 'fail' }] }), ['items[1].standard_item_id']);
	// A non-citable item.
	await expect422('admin', body({ enterprise_id: coal.id, inspected_on: '2026-06-01', items: [
		{ text: '一', result: 'pass' }, { text: '二', result: 'pass' },
		{ standard_item_id: low.id, result: 'fail' }] }), ['items[2].standard_item_id']);
	// An unknown key in the item's hazard.
	await expect422('inspector', body({ items: [{ text: '一', result: 'fail',
		hazard: { colour: 'red' } }] }), ['items[0].hazard.colour']);
});

test('a standard item keeps its text as inspected when the standard is later replaced', async () => {
	const code = 'industry_trade-2023';
	const item = citableItems(code)[2];
	const i = await created('district', body({ enterprise_id: trade.id, inspected_on: '2025-05-05',
		items: [{ standard_item_id: item.id, result: 'pass' }] }));
	assert.equal(i.items[0].text, item.text);
	// Replace the standard with every item, that one's text changed.
	const doc = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'data', 'standards',
	    `${code}.json`), 'utf8'));
	const changed = doc.items.find((x) => x.no === item.no);
	assert.ok(changed);
	changed.text = `${changed.text}（修订）`;
	const file = path.join(tmpDir('anjian-insp-std-'), `${code}.json`);
	fs.writeFileSync(file, JSON.stringify(doc));
	const cli = await runCli(['standards', 'import', file, '--db', srv.dbPath]);
	assert.equal(cli.code, 0, `${cli.stdout}\n${cli.stderr}`);
	const now = await api(srv.base, tok.admin, 'GET', `/api/v1/standards/${std[code].id}`);
	assert.equal(now.json.items.find((x) => x.id === item.id).text, changed.text,
	    'the standard has the new text');
	const g = await api(srv.base, tok.district, 'GET', `/api/v1/inspections/${i.id}`);
	assert.equal(g.status, 200, g.text);
	assert.equal(g.json.items[0].standard_item_id, item.id);
	assert.equal(g.json.items[0].text, item.text, 'the inspection keeps the text as inspected');
});

// ---- lists, filters, scope ----

let set;	// inspections made for the list tests

async function listSet() {
	if (set)
		return set;
	set = {
		a: await created('inspector', body({ kind: 'routine', inspected_on: '2024-03-01' })),
		b: await created('inspector', body({ kind: 'campaign', inspected_on: '2024-04-15' })),
		c: await created('district', body({ enterprise_id: trade.id, kind: 'routine',
			inspected_on: '2024-05-20' })),
		d: await created('admin', body({ enterprise_id: far.id, kind: 'joint',
			inspected_on: '2024-04-15' })),
	};
	return set;
}

async function ids(role, query) {
	const { items, total } = await listAll(srv.base, tok[role], '/api/v1/inspections', query);
	assert.equal(items.length, total, 'total counts every matching row');
	return { items, ids: new Set(items.map((i) => i.id)) };
}

test('list filter enterprise_id', async () => {
	const s = await listSet();
	const r = await ids('admin', { enterprise_id: constr.id });
	assert.ok(r.items.every((i) => i.enterprise_id === constr.id));
	assert.ok(r.ids.has(s.a.id) && r.ids.has(s.b.id));
	assert.ok(!r.ids.has(s.c.id) && !r.ids.has(s.d.id));
});

test('list filter kind', async () => {
	const s = await listSet();
	const r = await ids('admin', { kind: 'campaign' });
	assert.ok(r.items.length > 0 && r.items.every((i) => i.kind === 'campaign'));
	assert.ok(r.ids.has(s.b.id));
	assert.ok(!r.ids.has(s.a.id) && !r.ids.has(s.d.id));
});

test('list filter from/to (inclusive dates)', async () => {
	const s = await listSet();
	const april = await ids('admin', { from: '2024-04-01', to: '2024-04-30' });
	assert.ok(april.items.every((i) => i.inspected_on >= '2024-04-01' &&
	    i.inspected_on <= '2024-04-30'));
	assert.ok(april.ids.has(s.b.id) && april.ids.has(s.d.id));
	assert.ok(!april.ids.has(s.a.id) && !april.ids.has(s.c.id));
	const day = await ids('admin', { from: '2024-03-01', to: '2024-03-01' });
	assert.ok(day.ids.has(s.a.id));
	assert.ok(day.items.every((i) => i.inspected_on === '2024-03-01'));
	const from = await ids('admin', { from: '2024-05-20' });
	assert.ok(from.ids.has(s.c.id) && !from.ids.has(s.b.id));
	const to = await ids('admin', { to: '2024-03-01' });
	assert.ok(to.ids.has(s.a.id) && !to.ids.has(s.b.id));
});

test('list filter region (subtree)', async () => {
	const s = await listSet();
	const other = await ids('admin', { region: DEMO.otherDistrict });
	assert.ok(other.items.every((i) => i.region_code.startsWith(DEMO.otherDistrict)));
	assert.ok(other.ids.has(s.d.id) && !other.ids.has(s.a.id));
	const own = await ids('city', { region: DEMO.district });
	assert.ok(own.ids.has(s.a.id) && own.ids.has(s.c.id) && !own.ids.has(s.d.id));
	// The township of the construction enterprise.
	const town = await ids('admin', { region: constr.region_code });
	assert.ok(town.ids.has(s.a.id));
	assert.ok(town.items.every((i) => i.region_code.startsWith(constr.region_code)));
});

test('scope: district sees 东胜区 only, other district 404; department its sectors', async () => {
	const s = await listSet();
	const d = await ids('district', {});
	assert.ok(d.items.every((i) => i.region_code.startsWith(DEMO.district)));
	assert.ok(d.ids.has(s.a.id) && d.ids.has(s.c.id) && !d.ids.has(s.d.id));
	for (const role of ['district', 'inspector']) {
		const r = await api(srv.base, tok[role], 'GET', `/api/v1/inspections/${s.d.id}`);
		assert.equal(r.status, 404, `${role}: ${r.text}`);
	}
	const dep = await ids('department', {});
	assert.ok(dep.items.every((i) => DEMO.departmentSectors.includes(i.sector)));
	assert.ok(dep.ids.has(s.a.id) && !dep.ids.has(s.c.id));
	assert.equal((await api(srv.base, tok.department, 'GET', `/api/v1/inspections/${s.c.id}`))
	    .status, 404);
	// A region filter outside the scope finds nothing.
	const outside = await ids('district', { region: DEMO.otherDistrict });
	assert.equal(outside.items.length, 0);
});

test('scope: the enterprise user lists and reads only its own inspections', async () => {
	const s = await listSet();
	await created('enterprise', { enterprise_id: entId, kind: 'self', inspected_on: '2025-01-02',
		items: [{ text: '自查', result: 'pass' }] });
	const all = await ids('admin', {});
	const mine = await ids('enterprise', {});
	const want = all.items.filter((i) => i.enterprise_id === entId).map((i) => i.id).sort();
	assert.ok(want.length > 0);
	assert.deepEqual([...mine.ids].sort(), want);
	for (const x of [s.a, s.c, s.d]) {
		const r = await api(srv.base, tok.enterprise, 'GET', `/api/v1/inspections/${x.id}`);
		assert.equal(r.status, 404, r.text);
	}
});

// ---- referral ----

test('refer: note required (422); then referred once (second 409); audited', async () => {
	const i = await created('inspector', body({ inspected_on: '2025-07-07' }));
	const missing = await api(srv.base, tok.inspector, 'POST', `/api/v1/inspections/${i.id}/refer`, {});
	assert.equal(missing.status, 422, missing.text);
	assert.deepEqual(fieldsOf(missing), ['note']);
	const blank = await api(srv.base, tok.inspector, 'POST', `/api/v1/inspections/${i.id}/refer`,
	    { note: '' });
	assert.equal(blank.status, 422, `an empty note is no note: ${blank.text}`);
	assert.deepEqual(fieldsOf(blank), ['note']);
	assert.equal((await auditRows({ entity: 'inspection', entity_id: i.id, action: 'refer' })).total, 0);

	const ok = await api(srv.base, tok.inspector, 'POST', `/api/v1/inspections/${i.id}/refer`,
	    { note: '涉嫌违法，移送立案' });
	assert.equal(ok.status, 200, ok.text);
	assert.equal(ok.json.referred, true);
	assert.equal(ok.json.referral_note, '涉嫌违法，移送立案');
	assert.match(ok.json.referred_at, /\+08:00$/);
	const again = await api(srv.base, tok.district, 'POST', `/api/v1/inspections/${i.id}/refer`,
	    { note: '再次' });
	assert.equal(again.status, 409, again.text);
	const g = await api(srv.base, tok.admin, 'GET', `/api/v1/inspections/${i.id}`);
	assert.equal(g.json.referral_note, '涉嫌违法，移送立案', 'the second referral changed nothing');
	const rows = await auditRows({ entity: 'inspection', entity_id: i.id, action: 'refer' });
	assert.equal(rows.total, 1);
	assert.equal(rows.items[0].changes.referral_note, '涉嫌违法，移送立案');
});

test('refer: a self-inspection is 409; enterprise, viewer and reviewer are 403; other district 404', async () => {
	const self = await created('enterprise', { enterprise_id: entId, kind: 'self',
		inspected_on: '2025-02-02', items: [{ text: '自查', result: 'pass' }] });
	const r = await api(srv.base, tok.district, 'POST', `/api/v1/inspections/${self.id}/refer`,
	    { note: '移送' });
	assert.equal(r.status, 409, r.text);
	const gov = await created('inspector', body({ inspected_on: '2025-07-08' }));
	for (const role of ['enterprise', 'viewer', 'reviewer']) {
		const x = await api(srv.base, tok[role], 'POST', `/api/v1/inspections/${gov.id}/refer`,
		    { note: '移送' });
		assert.equal(x.status, 403, `${role}: ${x.text}`);
	}
	const s = await listSet();
	const o = await api(srv.base, tok.district, 'POST', `/api/v1/inspections/${s.d.id}/refer`,
	    { note: '移送' });
	assert.equal(o.status, 404, o.text);
	for (const id of [self.id, gov.id, s.d.id]) {
		const g = await api(srv.base, tok.admin, 'GET', `/api/v1/inspections/${id}`);
		assert.equal(g.json.referred, false);
	}
});

// ---- plans ----

function planBody(over = {}) {
	return {
		title: '2025年建筑施工专项检查',
		kind: 'campaign',
		period_from: '2025-03-01',
		period_to: '2025-09-30',
		enterprise_ids: [constr.id],
		note: '',
		...over,
	};
}

test('plans: admin, city, district and department create (201); inspector and enterprise 403', async () => {
	// The administrator belongs to no org: it names the responsible one (the city bureau).
	const cityOrg = (await api(srv.base, tok.city, 'GET', '/api/v1/me')).json.user.org_id;
	assert.ok(Number.isInteger(cityOrg));
	for (const role of ['admin', 'city', 'district', 'department']) {
		const over = { title: `计划-${role}`, ...(role === 'admin' ? { org_id: cityOrg } : {}) };
		const r = await api(srv.base, tok[role], 'POST', '/api/v1/inspection-plans',
		    planBody(over));
		assert.equal(r.status, 201, `${role}: ${r.text}`);
		assert.equal(r.json.title, `计划-${role}`);
		assert.equal(r.json.enterprise_count, 1);
		assert.equal(r.json.enterprises_inspected, 0);
		assert.deepEqual(r.json.enterprises.map((e) => [e.id, e.inspected]), [[constr.id, false]]);
		const rows = await auditRows({ entity: 'inspection_plan', entity_id: r.json.id,
			action: 'create' });
		assert.equal(rows.total, 1, `${role}'s plan audited`);
	}
	for (const role of ['inspector', 'enterprise', 'viewer', 'reviewer']) {
		const r = await api(srv.base, tok[role], 'POST', '/api/v1/inspection-plans', planBody());
		assert.equal(r.status, 403, `${role}: ${r.text}`);
	}
	const list = await api(srv.base, tok.enterprise, 'GET', '/api/v1/inspection-plans');
	assert.equal(list.status, 403, list.text);
});

test('plans: period_to before period_from 422; an enterprise outside scope 422 naming enterprise_ids[0]', async () => {
	const bad = await api(srv.base, tok.district, 'POST', '/api/v1/inspection-plans',
	    planBody({ period_from: '2025-06-01', period_to: '2025-05-31' }));
	assert.equal(bad.status, 422, bad.text);
	assert.deepEqual(fieldsOf(bad), ['period_to']);
	const out = await api(srv.base, tok.district, 'POST', '/api/v1/inspection-plans',
	    planBody({ enterprise_ids: [far.id, constr.id] }));
	assert.equal(out.status, 422, out.text);
	assert.deepEqual(fieldsOf(out), ['enterprise_ids[0]']);
	const dep = await api(srv.base, tok.department, 'POST', '/api/v1/inspection-plans',
	    planBody({ enterprise_ids: [constr.id, trade.id] }));
	assert.equal(dep.status, 422, dep.text);
	assert.deepEqual(fieldsOf(dep), ['enterprise_ids[1]']);
});

test('plans: an inspection under the plan marks its enterprise inspected; outside the period 422', async () => {
	const p = await api(srv.base, tok.district, 'POST', '/api/v1/inspection-plans',
	    planBody({ enterprise_ids: [constr.id, trade.id] }));
	assert.equal(p.status, 201, p.text);
	const plan = p.json;
	assert.deepEqual(plan.enterprises.map((e) => e.inspected), [false, false]);

	await expect422('inspector', body({ plan_id: plan.id, inspected_on: '2025-02-28' }), ['plan_id']);
	await expect422('inspector', body({ plan_id: plan.id, inspected_on: '2025-10-01' }), ['plan_id']);

	const i = await created('inspector', body({ plan_id: plan.id, inspected_on: '2025-03-01' }));
	assert.equal(i.plan_id, plan.id);
	const g = await api(srv.base, tok.district, 'GET', `/api/v1/inspection-plans/${plan.id}`);
	assert.equal(g.status, 200, g.text);
	const byId = Object.fromEntries(g.json.enterprises.map((e) => [e.id, e.inspected]));
	assert.deepEqual(byId, { [constr.id]: true, [trade.id]: false });
	assert.equal(g.json.enterprises_inspected, 1);
	assert.equal(g.json.inspections, 1);
	// The last day of the period counts too.
	await created('district', body({ enterprise_id: trade.id, plan_id: plan.id,
		inspected_on: '2025-09-30' }));
	const g2 = await api(srv.base, tok.district, 'GET', `/api/v1/inspection-plans/${plan.id}`);
	assert.ok(g2.json.enterprises.every((e) => e.inspected));
	assert.equal(g2.json.enterprises_inspected, 2);
	// An inspection without plan_id does not count for the plan.
	const other = await api(srv.base, tok.district, 'POST', '/api/v1/inspection-plans',
	    planBody({ title: '另一个计划' }));
	await created('inspector', body({ inspected_on: '2025-04-01' }));
	const g3 = await api(srv.base, tok.district, 'GET', `/api/v1/inspection-plans/${other.json.id}`);
	assert.deepEqual(g3.json.enterprises.map((e) => e.inspected), [false]);
	// list filter plan_id
	const l = await ids('admin', { plan_id: plan.id });
	assert.equal(l.items.length, 2);
	assert.ok(l.items.every((x) => x.plan_id === plan.id));
});
