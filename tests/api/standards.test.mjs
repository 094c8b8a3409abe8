// The hazard determination standards (判定标准): the built-in catalog as the API shows it,
// item search, and `anjian standards import FILE.json` (add, replace with item identity
// kept by `no`, retire, un-retire, refuse invalid files whole), all audited.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
	api, listAll, loginAll, REPO_ROOT, runCli, startServer, tmpDir,
} from '../lib/server.mjs';

const STD_DIR = path.join(REPO_ROOT, 'data', 'standards');
const INDEX = JSON.parse(fs.readFileSync(path.join(STD_DIR, 'index.json'), 'utf8'));
/** The built-in files, by code, in catalog order. */
const FILES = new Map(INDEX.files.map((f) => {
	const doc = JSON.parse(fs.readFileSync(path.join(STD_DIR, f), 'utf8'));
	return [doc.code, doc];
}));

let srv;
let tok;
let work;
let ents;

/** Today in Asia/Shanghai. */
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const inForce = (doc, on) => (doc.effective_on === null || doc.effective_on <= on) &&
    (doc.repealed_on === null || on < doc.repealed_on);
/** An item that may be cited (docs/api.md: citable, not low-confidence, not retired). */
const citable = (i) => i.citable !== false && (i.confidence ?? 'normal') === 'normal';
const fieldsOf = (r) => (r.json?.error?.fields || []).map((f) => f.field).sort();

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base, ['admin', 'city', 'district', 'enterprise', 'viewer']);
	work = tmpDir('anjian-standards-');
	ents = (await listAll(srv.base, tok.admin, '/api/v1/enterprises')).items;
});

after(async () => {
	await srv?.stop();
});

async function standards(query = {}) {
	const r = await api(srv.base, tok.viewer, 'GET', '/api/v1/standards', undefined, { query });
	assert.equal(r.status, 200, r.text);
	return r.json.items;
}

async function byCode(code) {
	const s = (await standards()).find((x) => x.code === code);
	assert.ok(s, `standard ${code} listed`);
	const r = await api(srv.base, tok.viewer, 'GET', `/api/v1/standards/${s.id}`);
	assert.equal(r.status, 200, r.text);
	return r.json;
}

async function search(query, role = 'viewer') {
	return api(srv.base, tok[role], 'GET', '/api/v1/standard-items', undefined, { query });
}

function writeDoc(name, doc) {
	const p = path.join(work, name);
	fs.writeFileSync(p, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 1));
	return p;
}

const importFile = (file) => runCli(['standards', 'import', file, '--db', srv.dbPath]);

async function auditStandard(query = {}) {
	const r = await api(srv.base, tok.admin, 'GET', '/api/v1/audit', undefined,
	    { query: { entity: 'standard', limit: 500, ...query } });
	assert.equal(r.status, 200, r.text);
	return r.json;
}

async function restart() {
	const dbPath = srv.dbPath;
	await srv.stop();
	srv = await startServer({ dbPath });
	tok = await loginAll(srv.base, ['admin', 'city', 'district', 'enterprise', 'viewer']);
}

// ---- the built-in catalog ----

test('GET /standards lists the 14 built-in standards of data/standards/index.json', async () => {
	assert.equal(FILES.size, 14, 'index.json lists 14 files');
	const list = await standards();
	assert.deepEqual(list.map((s) => s.code).sort(), [...FILES.keys()].sort());
	for (const s of list) {
		const doc = FILES.get(s.code);
		assert.equal(s.sector, doc.sector, s.code);
		assert.equal(s.name, doc.name, s.code);
		assert.equal(s.doc_no, doc.doc_no, s.code);
		assert.equal(s.effective_on, doc.effective_on, s.code);
		assert.equal(s.repealed_on, doc.repealed_on, s.code);
		assert.equal(s.completeness, doc.completeness, `${s.code} keeps its completeness`);
		assert.equal(typeof s.sector_name, 'string');
		assert.ok(s.sector_name.length > 0);
	}
	// Every role may read the catalog.
	for (const role of ['enterprise', 'district']) {
		const r = await api(srv.base, tok[role], 'GET', '/api/v1/standards');
		assert.equal(r.status, 200);
		assert.equal(r.json.items.length, 14);
	}
});

test('in_force is computed for today from effective_on ≤ today < repealed_on', async () => {
	const list = await standards();
	const on = today();
	for (const s of list)
		assert.equal(s.in_force, inForce(FILES.get(s.code), on), `${s.code} in_force on ${on}`);
	const get = (code) => list.find((s) => s.code === code).in_force;
	assert.equal(get('construction-2022'), false);
	assert.equal(get('construction-2024'), true);
	assert.ok(on >= '2026-07-01', 'these tests assume a date after 2026-07-01');
	assert.equal(get('coal-2020'), false);
	assert.equal(get('coal-2026'), true);
});

test('partial standards stay partial; metadata_only ones have no items', async () => {
	const list = await standards();
	const partial = list.filter((s) => FILES.get(s.code).completeness === 'partial');
	assert.ok(partial.length > 0);
	for (const s of partial)
		assert.equal(s.completeness, 'partial', s.code);
	const meta = list.filter((s) => FILES.get(s.code).completeness === 'metadata_only');
	assert.deepEqual(meta.map((s) => s.code).sort(), ['fire-2025', 'power-2026']);
	for (const s of meta) {
		assert.equal(s.item_count, 0);
		assert.equal(s.citable_count, 0);
		const one = await api(srv.base, tok.viewer, 'GET', `/api/v1/standards/${s.id}`);
		assert.deepEqual(one.json.items, []);
	}
});

test('item_count equals the data file\'s item count; GET /standards/{id} returns the items in order', async () => {
	for (const [code, doc] of FILES) {
		const s = await byCode(code);
		assert.equal(s.item_count, doc.items.length, `${code} item_count`);
		assert.deepEqual(s.items.map((i) => i.no), doc.items.map((i) => i.no), `${code} order`);
		for (const [k, i] of s.items.entries()) {
			const d = doc.items[k];
			assert.equal(i.text, d.text, `${code} ${d.no} text`);
			assert.equal(i.heading, d.heading ?? '', `${code} ${d.no} heading`);
			assert.equal(i.confidence, d.confidence ?? 'normal', `${code} ${d.no} confidence`);
			assert.equal(i.retired, false);
			assert.ok(Number.isInteger(i.id));
		}
		assert.equal(new Set(s.items.map((i) => i.id)).size, s.items.length, 'ids are distinct');
	}
});

test('citable_count counts the items that may be cited (not citable:false, not low-confidence)', async () => {
	for (const [code, doc] of FILES) {
		const s = (await standards()).find((x) => x.code === code);
		assert.equal(s.citable_count, doc.items.filter(citable).length, `${code} citable_count`);
	}
});

test('GET /standards?sector= lists only that sector; an unknown id is 404', async () => {
	const coal = await standards({ sector: 'coal' });
	assert.deepEqual(coal.map((s) => s.code).sort(), ['coal-2020', 'coal-2026']);
	const none = await api(srv.base, tok.viewer, 'GET', '/api/v1/standards/999999');
	assert.equal(none.status, 404);
});

// ---- item search ----

test('/standard-items?q= finds items by text, heading or number', async () => {
	const doc = FILES.get('construction-2024');
	const target = doc.items[7];
	const q = [...target.text].slice(2, 8).join('');
	const r = await search({ q, limit: 2000 });
	assert.equal(r.status, 200, r.text);
	assert.ok(r.json.items.length > 0);
	assert.ok(r.json.items.some((i) => i.no === target.no && i.text === target.text),
	    `"${q}" finds ${target.no}`);
	for (const i of r.json.items)
		assert.ok(i.text.includes(q) || i.heading.includes(q) || i.no.includes(q),
		    `${i.no} matches "${q}"`);
	// Exactly the items of all files that contain q.
	let want = 0;
	for (const d of FILES.values())
		want += d.items.filter((i) => i.text.includes(q) || (i.heading ?? '').includes(q) ||
		    i.no.includes(q)).length;
	assert.equal(r.json.total, want);
	// By number.
	const byNo = await search({ q: '候选1.1', sector: 'coal' });
	assert.deepEqual(byNo.json.items.map((i) => i.no), ['候选1.1']);
	// Nothing matches.
	const none = await search({ q: 'zzz-不存在的条目-zzz' });
	assert.equal(none.json.total, 0);
	assert.deepEqual(none.json.items, []);
});

test('/standard-items sector and on filters', async () => {
	const r = await search({ sector: 'construction', limit: 2000 });
	assert.ok(r.json.items.every((i) => i.sector === 'construction'));
	assert.equal(r.json.total, FILES.get('construction-2022').items.length +
	    FILES.get('construction-2024').items.length);
	const on2024 = await search({ sector: 'construction', on: '2024-06-01', limit: 2000 });
	assert.ok(on2024.json.items.every((i) => i.standard_code === 'construction-2022'));
	assert.equal(on2024.json.total, FILES.get('construction-2022').items.length);
	const on2025 = await search({ sector: 'construction', on: '2025-06-01', limit: 2000 });
	assert.ok(on2025.json.items.every((i) => i.standard_code === 'construction-2024'));
	assert.equal(on2025.json.total, FILES.get('construction-2024').items.length);
	// The repeal date itself is outside the old version.
	const edge = await search({ sector: 'coal', on: '2026-07-01', limit: 2000 });
	assert.ok(edge.json.items.every((i) => i.standard_code === 'coal-2026'));
	const eve = await search({ sector: 'coal', on: '2026-06-30', limit: 2000 });
	assert.ok(eve.json.items.every((i) => i.standard_code === 'coal-2020'));
	assert.equal(eve.json.total, FILES.get('coal-2020').items.length);
	// on over every sector: exactly the items of the standards in force that day.
	const all = await search({ on: '2025-06-01', limit: 2000 });
	let want = 0;
	for (const d of FILES.values())
		if (inForce(d, '2025-06-01'))
			want += d.items.length;
	assert.equal(all.json.total, want);
	const bad = await search({ on: '2025-02-30' });
	assert.equal(bad.status, 422, bad.text);
	assert.deepEqual(fieldsOf(bad), ['on']);
});

test('/standard-items?citable=true excludes non-citable and low-confidence items', async () => {
	const all = await search({ limit: 2000 });
	assert.ok(all.json.items.some((i) => !i.citable), 'some items are not citable');
	const r = await search({ citable: 'true', limit: 2000 });
	assert.equal(r.status, 200, r.text);
	const bad = r.json.items.filter((i) => !i.citable || i.confidence !== 'normal');
	assert.deepEqual(bad.map((i) => `${i.standard_code} ${i.no} (${i.confidence})`), []);
	let want = 0;
	for (const d of FILES.values())
		want += d.items.filter(citable).length;
	assert.equal(r.json.total, want);
	const coal = await search({ sector: 'coal', citable: 'true', limit: 2000 });
	assert.ok(!coal.json.items.some((i) => i.no.startsWith('候选')));
});

test('/standard-items limit: default 100, at most 2000; out of bounds 422', async () => {
	const d = await search({});
	assert.equal(d.status, 200);
	assert.ok(d.json.total > 100, 'the catalog has over 100 items');
	assert.equal(d.json.items.length, 100);
	const five = await search({ limit: 5 });
	assert.equal(five.json.items.length, 5);
	assert.equal(five.json.total, d.json.total);
	const max = await search({ limit: 2000 });
	assert.equal(max.status, 200);
	assert.equal(max.json.items.length, max.json.total);
	for (const limit of ['0', '2001', '-1', 'abc', '10x']) {
		const r = await search({ limit });
		assert.equal(r.status, 422, `limit=${limit}: ${r.text}`);
		assert.deepEqual(fieldsOf(r), ['limit']);
	}
});

test('a low-confidence item cannot be cited by a hazard (422), even when marked citable', async () => {
	const code = 'metal_nonmetal_mine-2022';
	const s = await byCode(code);
	const low = s.items.filter((i) => i.confidence === 'low' && i.citable);
	assert.ok(low.length > 0, `${code} has a low-confidence item marked citable`);
	const mine = ents.find((e) => e.sector === 'metal_nonmetal_mine');
	const ok = s.items.find((i) => citable(i));
	const good = await api(srv.base, tok.admin, 'POST', '/api/v1/hazards', {
		enterprise_id: mine.id, source: 'government_inspection', found_on: today(),
		description: '可引用的条目', level: 'major', standard_item_id: ok.id });
	assert.equal(good.status, 201, good.text);
	const r = await api(srv.base, tok.admin, 'POST', '/api/v1/hazards', {
		enterprise_id: mine.id, source: 'government_inspection', found_on: today(),
		description: '低可信度条目', level: 'major', standard_item_id: low[0].id });
	assert.equal(r.status, 422, `citing ${low[0].no} (confidence low): ${r.text}`);
	assert.deepEqual(fieldsOf(r), ['standard_item_id']);
});

// ---- anjian standards import ----

const NEW_SECTOR = {
	code: 'hazmat_storage-2025',
	sector: 'hazmat_storage',
	sector_name: '危险货物仓储',
	name: '危险货物仓储重大事故隐患判定标准（测试）',
	doc_no: '测试〔2025〕1号',
	issuer: '测试机关',
	effective_on: '2025-01-01',
	repealed_on: null,
	completeness: 'complete',
	notes: 'test data',
	sources: ['test'],
	items: [
		{ no: '第三条(一)', heading: '第三条 有下列情形之一的', text: '仓库未取得许可储存危险货物',
			confidence: 'normal', citable: true, note: '' },
		{ no: '第三条(二)', heading: '第三条 有下列情形之一的', text: '仓储设施防雷防静电失效',
			confidence: 'normal', citable: true, note: '' },
		{ no: '第三条(三)', heading: '', text: '候选条目未核对', confidence: 'low', citable: false,
			note: '未核对' },
	],
};

test('import of a new standard with a new sector: exit 0; listed, searchable, sector added after restart', async () => {
	const auditBefore = (await auditStandard()).total;
	const r = await importFile(writeDoc('new.json', NEW_SECTOR));
	assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
	const s = await byCode(NEW_SECTOR.code);
	assert.equal(s.sector, 'hazmat_storage');
	assert.equal(s.name, NEW_SECTOR.name);
	assert.equal(s.doc_no, NEW_SECTOR.doc_no);
	assert.equal(s.issuer, NEW_SECTOR.issuer);
	assert.equal(s.completeness, 'complete');
	assert.equal(s.in_force, true);
	assert.deepEqual(s.sources, ['test']);
	assert.equal(s.item_count, 3);
	assert.equal(s.citable_count, 2);
	assert.deepEqual(s.items.map((i) => [i.no, i.text, i.citable, i.confidence]),
	    NEW_SECTOR.items.map((i) => [i.no, i.text, i.citable, i.confidence]));
	const found = await search({ q: '防雷防静电', sector: 'hazmat_storage' });
	assert.deepEqual(found.json.items.map((i) => i.no), ['第三条(二)']);
	// Audited once, as a create by the command line.
	const rows = await auditStandard({ entity_id: s.id });
	assert.equal(rows.total, 1);
	assert.equal(rows.items[0].action, 'create');
	assert.equal((await auditStandard()).total, auditBefore + 1);

	await restart();
	const sectors = await api(srv.base, tok.viewer, 'GET', '/api/v1/sectors');
	assert.equal(sectors.status, 200, sectors.text);
	const list = Array.isArray(sectors.json) ? sectors.json : sectors.json.items;
	const sec = list.find((x) => x.code === 'hazmat_storage');
	assert.ok(sec, 'the new sector is listed');
	assert.equal(sec.name, '危险货物仓储');
	const again = (await standards()).find((x) => x.code === NEW_SECTOR.code);
	assert.equal(again.sector_name, '危险货物仓储');
	assert.equal((await standards()).length, 15);
});

test('replacing a code keeps item ids by no, updates text, adds new items and retires missing ones', async () => {
	const code = 'road_transport-2023';
	const doc = structuredClone(FILES.get(code));
	const before = await byCode(code);
	const idOf = Object.fromEntries(before.items.map((i) => [i.no, i.id]));
	const gone = doc.items[1];		// retired by the new file
	const changed = doc.items[2];		// text changed
	const road = ents.find((e) => e.sector === 'road_transport');
	assert.ok(road);

	// A hazard that cites the item about to be retired.
	const cited = await api(srv.base, tok.admin, 'POST', '/api/v1/hazards', {
		enterprise_id: road.id, source: 'government_inspection', found_on: '2025-03-01',
		description: '使用检验不合格车辆', level: 'major', standard_item_id: idOf[gone.no] });
	assert.equal(cited.status, 201, cited.text);

	const next = structuredClone(doc);
	next.items = next.items.filter((i) => i.no !== gone.no);
	next.items.find((i) => i.no === changed.no).text = `${changed.text}（2025年修订）`;
	next.items.push({ no: '第九条(一)', heading: '第九条 新增', text: '新增条目：未落实动态监控',
		confidence: 'normal', citable: true, note: '' });
	const auditBefore = (await auditStandard({ entity_id: before.id })).total;
	const r = await importFile(writeDoc('road.json', next));
	assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);

	const s = await byCode(code);
	assert.equal(s.id, before.id, 'the standard keeps its id');
	// Live items in the new file's order, then the retired one, marked.
	assert.deepEqual(s.items.map((i) => i.no), [...next.items.map((i) => i.no), gone.no]);
	for (const i of s.items.slice(0, -1)) {
		assert.equal(i.retired, false, i.no);
		if (idOf[i.no] !== undefined)
			assert.equal(i.id, idOf[i.no], `${i.no} keeps its id`);
	}
	const last = s.items.at(-1);
	assert.equal(last.id, idOf[gone.no]);
	assert.equal(last.retired, true);
	assert.equal(s.items.find((i) => i.no === changed.no).text, `${changed.text}（2025年修订）`);
	const added = s.items.find((i) => i.no === '第九条(一)');
	assert.ok(!Object.values(idOf).includes(added.id), 'a new item has a new id');
	assert.equal(s.citable_count, next.items.filter(citable).length, 'retired items are not citable');

	// Retired: not searchable, not on the checklist.
	const q = await search({ q: [...gone.text].slice(0, 8).join(''), sector: 'road_transport' });
	assert.ok(!q.json.items.some((i) => i.id === idOf[gone.no]));
	const all = await search({ sector: 'road_transport', limit: 2000 });
	assert.ok(!all.json.items.some((i) => i.id === idOf[gone.no]));
	assert.ok(all.json.items.some((i) => i.id === added.id));
	const cl = await api(srv.base, tok.admin, 'GET', '/api/v1/inspections/checklist', undefined,
	    { query: { enterprise_id: road.id, on: '2025-06-01' } });
	assert.equal(cl.status, 200, cl.text);
	assert.ok(!cl.json.items.some((i) => i.id === idOf[gone.no]), 'not on the checklist');
	assert.ok(cl.json.items.some((i) => i.id === added.id));

	// A new hazard cannot cite it; the old one still shows it.
	const refused = await api(srv.base, tok.admin, 'POST', '/api/v1/hazards', {
		enterprise_id: road.id, source: 'government_inspection', found_on: '2025-03-02',
		description: '再次引用已废止条目', level: 'major', standard_item_id: idOf[gone.no] });
	assert.equal(refused.status, 422, refused.text);
	assert.deepEqual(fieldsOf(refused), ['standard_item_id']);
	const old = await api(srv.base, tok.admin, 'GET', `/api/v1/hazards/${cited.json.id}`);
	assert.equal(old.status, 200, old.text);
	assert.equal(old.json.standard_item_id, idOf[gone.no]);
	assert.equal(old.json.standard_item.id, idOf[gone.no]);
	assert.equal(old.json.standard_item.no, gone.no);
	assert.equal(old.json.standard_item.text, gone.text);

	// Audited as a replace.
	const rows = await auditStandard({ entity_id: before.id });
	assert.equal(rows.total, auditBefore + 1);
	assert.equal(rows.items[0].action, 'replace');

	// An item that comes back in a later import is un-retired, with its id.
	const back = await importFile(writeDoc('road-back.json', doc));
	assert.equal(back.code, 0, `${back.stdout}\n${back.stderr}`);
	const s2 = await byCode(code);
	const again = s2.items.find((i) => i.no === gone.no);
	assert.equal(again.id, idOf[gone.no]);
	assert.equal(again.retired, false);
	assert.equal(s2.items.find((i) => i.no === changed.no).text, changed.text);
	assert.equal(s2.items.find((i) => i.no === '第九条(一)').retired, true);
	const cite = await api(srv.base, tok.admin, 'POST', '/api/v1/hazards', {
		enterprise_id: road.id, source: 'government_inspection', found_on: '2025-03-03',
		description: '条目恢复后可引用', level: 'major', standard_item_id: idOf[gone.no] });
	assert.equal(cite.status, 201, cite.text);
	assert.equal((await auditStandard({ entity_id: before.id })).total, auditBefore + 2);
});

/** Imports `doc`; expects exit 1 naming each of `fields` and nothing written. */
async function expectRefused(name, doc, fields) {
	const listBefore = JSON.stringify(await standards());
	const auditBefore = (await auditStandard()).total;
	const r = await importFile(writeDoc(name, doc));
	assert.equal(r.code, 1, `${name}: ${r.stdout}\n${r.stderr}`);
	const out = r.stdout + r.stderr;
	for (const f of fields)
		assert.ok(out.split('\n').some((line) => line.trim().startsWith(`${f}:`)),
		    `${name}: the output names ${f}:\n${out}`);
	assert.equal(JSON.stringify(await standards()), listBefore, `${name}: nothing written`);
	assert.equal((await auditStandard()).total, auditBefore, `${name}: nothing audited`);
	return out;
}

const base = (over = {}) => ({ ...structuredClone(NEW_SECTOR), code: 'testbad-2025',
	sector: 'coal', sector_name: undefined, ...over });

test('invalid files: exit 1, problems by field, nothing written', async () => {
	const noText = base();
	delete noText.items[0].text;
	await expectRefused('no-text.json', noText, ['items[0].text']);
	const dup = base();
	dup.items[2].no = dup.items[0].no;
	await expectRefused('dup.json', dup, ['items[2].no']);
	await expectRefused('bad-date.json', base({ effective_on: '2025-02-30' }), ['effective_on']);
	await expectRefused('bad-date2.json', base({ repealed_on: '2025/12/31' }), ['repealed_on']);
	await expectRefused('order.json', base({ effective_on: '2025-06-01', repealed_on: '2025-06-01' }),
	    ['repealed_on']);
	await expectRefused('compl.json', base({ completeness: 'full' }), ['completeness']);
	await expectRefused('no-items.json', base({ items: [] }), ['items']);
	await expectRefused('code.json', base({ code: 'Coal 2025' }), ['code']);
	await expectRefused('unknown.json', base({ colour: 'red' }), ['colour']);
	await expectRefused('conf.json', base({ items: [{ no: '1', text: '文本', confidence: 'high' }] }),
	    ['items[0].confidence']);
	await expectRefused('ctrl.json', base({ items: [{ no: '1', text: '第一行\n第二行' }] }),
	    ['items[0].text']);
	await expectRefused('sector.json', base({ sector: 'unknown_sector_x' }), ['sector_name']);
	// Several problems at once are all reported.
	const many = base({ completeness: 'nope', effective_on: 'x' });
	delete many.items[1].no;
	await expectRefused('many.json', many, ['completeness', 'effective_on', 'items[1].no']);
	// Not JSON at all.
	const r = await importFile(writeDoc('broken.json', '{"code": '));
	assert.equal(r.code, 1);
});

test('an invalid replacement leaves the existing standard and its items as they were', async () => {
	const code = 'chemical-2017';
	const before = await byCode(code);
	const doc = structuredClone(FILES.get(code));
	doc.items = doc.items.slice(0, 5);		// would retire 15 items …
	doc.items[1].text = '';				// … but item 1 has no text
	await expectRefused('chem.json', doc, ['items[1].text']);
	const after = await byCode(code);
	assert.deepEqual(after, before);
});

test('the audit log has every standard write, as admin (entity=standard)', async () => {
	const rows = await auditStandard();
	const creates = rows.items.filter((r) => r.action === 'create');
	const replaces = rows.items.filter((r) => r.action === 'replace');
	// 14 built-in loaded at init, the new sector's standard; road_transport replaced twice.
	assert.equal(creates.length, 15, JSON.stringify(rows.items.map((r) => [r.action, r.entity_id])));
	assert.equal(replaces.length, 2);
	const list = await standards();
	const ids = new Set(list.map((s) => s.id));
	assert.ok(rows.items.every((r) => ids.has(r.entity_id)));
	const road = list.find((s) => s.code === 'road_transport-2023');
	assert.ok(replaces.every((r) => r.entity_id === road.id));
	const city = await api(srv.base, tok.city, 'GET', '/api/v1/audit?entity=standard');
	assert.equal(city.status, 200);
	const district = await api(srv.base, tok.district, 'GET', '/api/v1/audit?entity=standard');
	assert.equal(district.status, 403);
});
