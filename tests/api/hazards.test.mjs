// Hazards (隐患排查治理): the create rules, 即查即改, the transition table for every role,
// the 五落实 plan, events and audit, overdue, list filters and paging, the ledger download
// and the deadline notifications. See docs/api.md, "Hazards (隐患)".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
	api, DEMO, enterpriseBody, listAll, login, loginAll, runCli, startServer, tinyPng, tmpDir, uniq,
	USERS,
} from '../lib/server.mjs';

// ---- dates (Asia/Shanghai) ----

const DAY_MS = 86400000;
const shanghaiDate = (ms) => new Date(ms + 8 * 3600000).toISOString().slice(0, 10);
const TODAY = shanghaiDate(Date.now());
const addDays = (date, n) =>
	new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const RFC3339_CST = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$/;

// ---- the transition table of docs/api.md ----

const ROLES = Object.keys(USERS);	// admin city district department inspector reviewer enterprise viewer
const STAFF = ['admin', 'city', 'district', 'department', 'inspector'];
const VOIDERS = ['admin', 'city', 'district'];
const ACTIONS = ['submit_plan', 'submit_done', 'accept', 'reject', 'void'];
const FROM = {
	submit_plan: ['reported'],
	submit_done: ['rectifying'],
	accept: ['awaiting_acceptance'],
	reject: ['awaiting_acceptance'],
	void: ['reported', 'rectifying', 'awaiting_acceptance', 'closed'],
};
const TO = {
	submit_plan: 'rectifying',
	submit_done: 'awaiting_acceptance',
	accept: 'closed',
	reject: 'rectifying',
	void: 'voided',
};
const STATES = ['reported', 'rectifying', 'awaiting_acceptance', 'closed', 'voided'];

/** Whether the role may take the action on a hazard of this level and source (any state). */
function roleMay(role, action, h) {
	switch (action) {
	case 'submit_plan':
	case 'submit_done':
		return STAFF.includes(role) || role === 'enterprise';
	case 'accept':
	case 'reject':
		return STAFF.includes(role) || (role === 'enterprise' && h.level === 'general' &&
		    h.source === 'self_inspection');
	case 'void':
		return VOIDERS.includes(role);
	default:
		throw new Error(action);
	}
}

/** The `actions` docs/api.md says the role has on a hazard in this state. */
const expectedActions = (role, h) =>
	ACTIONS.filter((a) => FROM[a].includes(h.status) && roleMay(role, a, h)).sort();

// ---- shared state ----

let srv;
let tok;		// tokens by role
let userIds;		// user ids by role
let userNames;		// display names by role (the timeline shows them)
let own;		// the demo enterprise user's enterprise (化工, 东胜区)
let deptEnt;		// a 东胜区 enterprise of a sector the department (zhujian) supervises
let farEnt;		// a 康巴什区 (150603) enterprise
let coalEnt;		// a coal enterprise
let allEnts;
const items = {};	// standard item ids: chemical, construction, lowConfidence, coal2020, …
const png = tinyPng();

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base);
	userIds = {};
	userNames = {};
	for (const role of ROLES) {
		const me = await api(srv.base, tok[role], 'GET', '/api/v1/me');
		assert.equal(me.status, 200, me.text);
		userIds[role] = me.json.user.id;
		userNames[role] = me.json.user.display_name;
		if (role === 'enterprise')
			own = { id: me.json.user.enterprise_id };
		if (role === 'department') {
			assert.deepEqual([...me.json.org.sectors].sort(),
			    [...DEMO.departmentSectors].sort());
			assert.equal(me.json.org.region_code, DEMO.city);
		}
	}
	allEnts = (await listAll(srv.base, tok.admin, '/api/v1/enterprises')).items;
	own = allEnts.find((e) => e.id === own.id);
	assert.ok(own, 'the enterprise user has an enterprise');
	assert.ok(own.region_code.startsWith(DEMO.district));
	deptEnt = allEnts.find((e) => e.region_code.startsWith(DEMO.district) &&
	    DEMO.departmentSectors.includes(e.sector) && e.status === 'active');
	farEnt = allEnts.find((e) => e.region_code.startsWith(DEMO.otherDistrict));
	coalEnt = allEnts.find((e) => e.sector === 'coal');
	assert.ok(deptEnt && farEnt && coalEnt, 'demo enterprises for every case');

	const search = async (query) => {
		const r = await api(srv.base, tok.admin, 'GET', '/api/v1/standard-items', undefined,
		    { query: { limit: 2000, ...query } });
		assert.equal(r.status, 200, r.text);
		return r.json.items;
	};
	const citable = (list, code) => list.find((i) => i.standard_code === code && i.citable);
	items.chemical = (await search({ sector: own.sector, citable: true, on: TODAY }))[0]?.id;
	const construction = await search({ sector: 'construction' });
	const coal = await search({ sector: 'coal' });
	items.construction2024 = citable(construction, 'construction-2024')?.id;
	items.construction2022 = citable(construction, 'construction-2022')?.id;
	items.coal2020 = citable(coal, 'coal-2020')?.id;
	items.coal2026 = citable(coal, 'coal-2026')?.id;
	items.lowConfidence = coal.find((i) => i.standard_code === 'coal-2020' && !i.citable &&
	    i.confidence === 'low')?.id;
	for (const [k, v] of Object.entries(items))
		assert.ok(Number.isInteger(v), `a standard item for ${k}`);
	assert.equal(own.sector, 'chemical', 'the demo enterprise user\'s enterprise is chemical');
});

after(async () => {
	await srv?.stop();
});

// ---- helpers ----

/** The distinct field names of a 422 answer, sorted. */
const fieldsOf = (r) => [...new Set((r.json?.error?.fields || []).map((f) => f.field))].sort();

/** A valid general hazard body for the department's 东胜区 enterprise; `over` replaces fields. */
function body(over = {}) {
	return {
		enterprise_id: deptEnt.id,
		source: 'government_inspection',
		found_on: addDays(TODAY, -10),
		description: `脚手架连墙件缺失${uniq()}`,
		location: '3号楼',
		level: 'general',
		...over,
	};
}

/** A valid major hazard on the demo enterprise's (chemical) enterprise. */
function majorBody(over = {}) {
	return body({ enterprise_id: own.id, level: 'major', standard_item_id: items.chemical,
		description: `重大隐患${uniq()}`, ...over });
}

const createAs = (role, b) => api(srv.base, tok[role], 'POST', '/api/v1/hazards', b);
const get = (role, id) => api(srv.base, tok[role], 'GET', `/api/v1/hazards/${id}`);
const act = (role, id, b) => api(srv.base, tok[role], 'POST', `/api/v1/hazards/${id}/transitions`, b);

async function create(role, b) {
	const r = await createAs(role, b);
	assert.equal(r.status, 201, `${role} POST /hazards: ${r.text}`);
	return r.json;
}

/** Uploads a PNG (or other bytes) that belongs to no record yet; its id. */
async function upload(role, bytes = png, filename = 'photo.png', type = 'image/png') {
	const r = await api(srv.base, tok[role], 'POST',
	    `/api/v1/attachments?filename=${encodeURIComponent(filename)}`, bytes,
	    { headers: { 'Content-Type': type } });
	assert.equal(r.status, 201, `${role} upload: ${r.text}`);
	return r.json.id;
}

const planFields = (level) => (level === 'major'
	? { responsible: '张主任', measures: '停产整改，更换泄漏阀门', funds_fen: 1500000,
		deadline: addDays(TODAY, 30), contingency: '现场应急处置方案' }
	: { measures: '补设连墙件', deadline: addDays(TODAY, 15) });

/** A body that the role may take for the action (photos uploaded by the role itself). */
async function actionBody(role, action, level) {
	switch (action) {
	case 'submit_plan':
		return { action, ...planFields(level), note: '制定整改方案' };
	case 'submit_done':
		return { action, after_photos: [role === 'viewer' ? 999999 : await upload(role)],
			note: '已整改完毕' };
	case 'accept':
		return { action, note: '验收合格' };
	case 'reject':
		return { action, reason: '整改不到位' };
	case 'void':
		return { action, reason: '重复登记' };
	default:
		throw new Error(action);
	}
}

/** Moves a hazard (as the given role, admin by default) from reported into `state`. */
async function advance(h, state, role = 'admin') {
	const path = {
		reported: [],
		rectifying: ['submit_plan'],
		awaiting_acceptance: ['submit_plan', 'submit_done'],
		closed: ['submit_plan', 'submit_done', 'accept'],
		voided: ['void'],
	}[state];
	let cur = h;
	for (const a of path) {
		const r = await act(role, h.id, await actionBody(role, a, h.level));
		assert.equal(r.status, 200, `${role} ${a}: ${r.text}`);
		cur = r.json;
	}
	assert.equal(cur.status, state);
	return cur;
}

/** A new hazard (recorded by admin unless `role`) in `state`. */
async function hazardIn(state, over = {}, role = 'admin') {
	const b = over.level === 'major' ? majorBody(over) : body(over);
	return advance(await create(role, b), state);
}

/** How many hazards and hazard audit rows there are (admin's view). */
async function counts() {
	const l = await api(srv.base, tok.admin, 'GET', '/api/v1/hazards?status=all&limit=1');
	assert.equal(l.status, 200, l.text);
	const a = await api(srv.base, tok.admin, 'GET', '/api/v1/audit?entity=hazard&limit=1');
	assert.equal(a.status, 200, a.text);
	const all = await api(srv.base, tok.admin, 'GET', '/api/v1/audit?limit=1');
	return { hazards: l.json.total, hazardAudit: a.json.total, audit: all.json.total };
}

/** POST /hazards is 422 naming exactly `fields`, and nothing is written. */
async function refused(role, b, fields, what = '') {
	const before = await counts();
	const r = await createAs(role, b);
	assert.equal(r.status, 422, `${what} ${role}: ${r.status} ${r.text}`);
	assert.equal(r.json.error.code, 'validation_failed');
	assert.deepEqual(fieldsOf(r), [...fields].sort(), `${what}: ${r.text}`);
	for (const f of r.json.error.fields)
		assert.ok(typeof f.message === 'string' && f.message.length > 0, 'a message per field');
	assert.deepEqual(await counts(), before, `${what}: nothing written on 422`);
	return r;
}

// =====================================================================================
// 1. Create
// =====================================================================================

test('a valid general hazard is 201 with Location, status reported, the enterprise\'s region and sector, one create event', async () => {
	const b = body({ category: '高处坠落', deadline: addDays(TODAY, 5), note: '日常检查发现' });
	const r = await createAs('district', b);
	assert.equal(r.status, 201, r.text);
	const h = r.json;
	assert.equal(r.headers.get('location'), `/api/v1/hazards/${h.id}`);
	assert.equal(h.status, 'reported');
	assert.equal(h.enterprise_id, deptEnt.id);
	assert.equal(h.enterprise_name, deptEnt.name);
	assert.equal(h.region_code, deptEnt.region_code);
	assert.equal(h.sector, deptEnt.sector);
	assert.equal(typeof h.region_name, 'string');
	assert.equal(typeof h.sector_name, 'string');
	assert.equal(h.source, b.source);
	assert.equal(h.found_on, b.found_on);
	assert.equal(h.description, b.description);
	assert.equal(h.location, b.location);
	assert.equal(h.category, b.category);
	assert.equal(h.level, 'general');
	assert.equal(h.standard_item_id, null);
	assert.equal(h.deadline, b.deadline);
	assert.equal(h.overdue, false);
	assert.equal(h.immediate, false);
	assert.equal(h.closed_at, null);
	assert.deepEqual(h.photos, []);
	assert.deepEqual(h.after_photos, []);
	assert.match(h.created_at, RFC3339_CST);
	assert.equal(h.events.length, 1);
	assert.equal(h.events[0].action, 'create');
	assert.equal(h.events[0].from_status, null);
	assert.equal(h.events[0].to_status, 'reported');
	assert.equal(h.events[0].actor_id, userIds.district);
	assert.equal(h.events[0].note, '日常检查发现', 'note is kept on the first event');
	assert.deepEqual([...h.actions].sort(), expectedActions('district', h));
	const g = await get('admin', h.id);
	assert.equal(g.status, 200);
	assert.equal(g.json.description, b.description);
	// Every documented field, in GET and in the list.
	const FIELDS = ['id', 'enterprise_id', 'enterprise_name', 'region_code', 'region_name', 'sector',
		'sector_name', 'source', 'inspection_id', 'found_on', 'description', 'location', 'category',
		'level', 'standard_item_id', 'deadline', 'overdue', 'responsible', 'measures', 'funds_fen',
		'contingency', 'photos', 'after_photos', 'immediate', 'status', 'status_reason',
		'closed_at', 'created_at', 'updated_at'];
	for (const k of [...FIELDS, 'events', 'actions'])
		assert.ok(k in g.json, `GET has ${k}`);
	for (const k of ['id', 'action', 'from_status', 'to_status', 'actor_id', 'actor_name', 'at',
		'note', 'data'])
		assert.ok(k in g.json.events[0], `event has ${k}`);
	const l = await listAll(srv.base, tok.district, '/api/v1/hazards', { enterprise_id: deptEnt.id });
	const row = l.items.find((x) => x.id === h.id);
	assert.ok(row, 'listed');
	for (const k of FIELDS)
		assert.deepEqual(row[k], g.json[k], `list ${k}`);
});

for (const field of ['enterprise_id', 'source', 'found_on', 'description', 'level']) {
	test(`a missing ${field} is 422 naming ${field}; nothing is written`, async () => {
		const b = body();
		delete b[field];
		await refused('admin', b, [field], `without ${field}`);
	});
}

test('bad values of enumerations and types are 422 naming the field', async () => {
	await refused('admin', body({ source: 'rumour' }), ['source'], 'source rumour');
	await refused('admin', body({ level: 'critical' }), ['level'], 'level critical');
	await refused('admin', body({ level: 'GENERAL' }), ['level'], 'level GENERAL');
	await refused('admin', body({ enterprise_id: 'abc' }), ['enterprise_id'], 'enterprise_id text');
	await refused('admin', body({ enterprise_id: 0 }), ['enterprise_id'], 'enterprise_id 0');
	await refused('admin', body({ immediate: 'yes' }), ['immediate'], 'immediate text');
	await refused('admin', body({ description: 42 }), ['description'], 'description number');
});

test('description must be 2–1000 characters, location ≤ 200, category ≤ 50', async () => {
	await refused('admin', body({ description: '漏' }), ['description'], '1 character');
	await refused('admin', body({ description: '漏'.repeat(1001) }), ['description'], '1001');
	await refused('admin', body({ location: '楼'.repeat(201) }), ['location'], 'location 201');
	await refused('admin', body({ category: '类'.repeat(51) }), ['category'], 'category 51');
	// The limits themselves are accepted (counted in characters, not bytes).
	const h = await create('admin', body({ description: '漏'.repeat(1000),
		location: '楼'.repeat(200), category: '类'.repeat(50) }));
	assert.equal(h.description.length, 1000);
	const h2 = await create('admin', body({ description: '漏水' }));
	assert.equal(h2.description, '漏水');
});

test('found_on after today is 422; today is accepted', async () => {
	await refused('admin', body({ found_on: addDays(TODAY, 1), deadline: addDays(TODAY, 5) }),
	    ['found_on'], 'tomorrow');
	await refused('admin', body({ found_on: `${addDays(TODAY, 1)}T12:00:00+08:00`,
		deadline: addDays(TODAY, 5) }), ['found_on'], 'an instant tomorrow in Shanghai');
	const h = await create('admin', body({ found_on: TODAY }));
	assert.equal(h.found_on, TODAY);
});

test('found_on that is not a date nor an instant with offset is 422', async () => {
	for (const v of ['2024-02-30', '2024/01/05', '20240105', '2024-12-31T16:30:00', 'yesterday', ''])
		await refused('admin', body({ found_on: v }), ['found_on'], `found_on ${v}`);
});

test('found_on as an RFC 3339 instant takes its Asia/Shanghai date', async () => {
	const cases = [
		['2024-12-31T16:30:00Z', '2025-01-01'],
		['2024-12-31T23:59:00+08:00', '2024-12-31'],
		['2024-12-31T15:59:59Z', '2024-12-31'],
		['2025-01-01T00:30:00+09:00', '2024-12-31'],
	];
	for (const [instant, date] of cases) {
		const r = await createAs('admin', body({ found_on: instant }));
		assert.equal(r.status, 201, `${instant}: ${r.text}`);
		assert.equal(r.json.found_on, date, instant);
		const g = await get('admin', r.json.id);
		assert.equal(g.json.found_on, date);
	}
});

test('major without standard_item_id is 422 naming standard_item_id; with a citable item it is 201 with standard_item', async () => {
	const b = majorBody();
	delete b.standard_item_id;
	await refused('admin', b, ['standard_item_id'], 'major without item');
	await refused('admin', majorBody({ standard_item_id: null }), ['standard_item_id'],
	    'major with a null item');
	const h = await create('admin', majorBody());
	assert.equal(h.level, 'major');
	assert.equal(h.standard_item_id, items.chemical);
	assert.equal(h.standard_item.id, items.chemical);
	for (const k of ['no', 'heading', 'text', 'standard_id', 'standard_name', 'doc_no'])
		assert.ok(k in h.standard_item, `standard_item.${k}`);
	assert.equal(typeof h.standard_item.text, 'string');
});

test('a general hazard citing a standard item is 422 naming standard_item_id', async () => {
	await refused('admin', body({ enterprise_id: own.id, standard_item_id: items.chemical }),
	    ['standard_item_id'], 'general with item');
});

test('a low-confidence, non-citable item (coal-2020 candidate) is 422; a citable coal-2020 item in force is 201', async () => {
	const found = '2025-06-01';	// coal-2020 is in force 2021-01-01 … 2026-06-30
	await refused('admin', body({ enterprise_id: coalEnt.id, level: 'major', found_on: found,
		standard_item_id: items.lowConfidence }), ['standard_item_id'], 'low confidence');
	const h = await create('admin', body({ enterprise_id: coalEnt.id, level: 'major',
		found_on: found, standard_item_id: items.coal2020 }));
	assert.equal(h.standard_item_id, items.coal2020);
});

test('an item whose standard is not in force on found_on is 422 naming standard_item_id', async () => {
	// construction-2022 was repealed on 2024-12-13 (replaced by construction-2024).
	await refused('admin', body({ level: 'major', found_on: '2025-01-01',
		standard_item_id: items.construction2022 }), ['standard_item_id'], 'construction-2022 in 2025');
	// construction-2024 takes effect on 2024-12-13.
	await refused('admin', body({ level: 'major', found_on: '2024-06-01',
		standard_item_id: items.construction2024 }), ['standard_item_id'], 'construction-2024 in mid 2024');
	// coal-2026 takes effect on 2026-07-01.
	await refused('admin', body({ enterprise_id: coalEnt.id, level: 'major', found_on: '2025-01-01',
		standard_item_id: items.coal2026 }), ['standard_item_id'], 'coal-2026 in 2025');
	// An instant is judged by its Shanghai date: 2024-12-12T16:30Z is 2024-12-13 in Shanghai.
	const r = await createAs('admin', body({ level: 'major', found_on: '2024-12-12T16:30:00Z',
		standard_item_id: items.construction2024 }));
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.found_on, '2024-12-13');
	// The same items on days they were in force are accepted.
	const old = await create('admin', body({ level: 'major', found_on: '2024-06-01',
		standard_item_id: items.construction2022 }));
	assert.equal(old.standard_item_id, items.construction2022);
	const now = await create('admin', body({ level: 'major', found_on: TODAY,
		standard_item_id: items.construction2024 }));
	assert.equal(now.standard_item_id, items.construction2024);
	// A nonexistent item.
	await refused('admin', majorBody({ standard_item_id: 99999999 }), ['standard_item_id'],
	    'no such item');
});

test('a deadline before found_on is 422 naming deadline; equal to it is accepted', async () => {
	const found = addDays(TODAY, -10);
	await refused('admin', body({ found_on: found, deadline: addDays(found, -1) }), ['deadline'],
	    'deadline the day before');
	await refused('admin', body({ deadline: '2025-02-30' }), ['deadline'], 'deadline not a date');
	const h = await create('admin', body({ found_on: found, deadline: found }));
	assert.equal(h.deadline, found);
});

test('an unknown field is 422 naming it', async () => {
	await refused('admin', body({ severity: 'high' }), ['severity'], 'unknown field');
	await refused('admin', body({ status: 'closed' }), ['status'], 'status is not writable');
});

test('photos: the caller\'s own unlinked images are linked; others\' or linked ones are 422 naming photos[i]', async () => {
	const mine = await upload('district');
	const theirs = await upload('inspector');
	const linked = (await api(srv.base, tok.district, 'POST',
	    `/api/v1/attachments?filename=x.png&entity=enterprise&entity_id=${deptEnt.id}`, png,
	    { headers: { 'Content-Type': 'image/png' } })).json.id;
	assert.ok(Number.isInteger(linked));
	await refused('district', body({ photos: [theirs] }), ['photos[0]'], 'another user\'s upload');
	await refused('district', body({ photos: [linked] }), ['photos[0]'], 'already linked');
	await refused('district', body({ photos: [99999999] }), ['photos[0]'], 'no such attachment');
	await refused('district', body({ photos: [mine, theirs] }), ['photos[1]'], 'second is bad');
	await refused('district', body({ photos: 'x' }), ['photos'], 'not an array');
	const many = Array.from({ length: 21 }, () => mine);
	await refused('district', body({ photos: many }), ['photos'], 'more than 20');
	// A PDF is an attachment but not a photo.
	const pdf = await upload('district', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
	    'report.pdf', 'application/pdf');
	await refused('district', body({ photos: [pdf] }), ['photos[0]'], 'a PDF');

	// The failed attempts linked nothing: `mine` is still free to use.
	const h = await create('district', body({ photos: [mine] }));
	assert.deepEqual(h.photos, [mine]);
	assert.deepEqual((await get('city', h.id)).json.photos, [mine]);
	// Linked to the hazard, the photo is readable by whoever may see the hazard, only by them.
	const city = await api(srv.base, tok.city, 'GET', `/api/v1/attachments/${mine}`);
	assert.equal(city.status, 200, city.text);
	assert.ok(city.bytes.equals(png));
	const stranger = await api(srv.base, tok.enterprise, 'GET', `/api/v1/attachments/${mine}`);
	assert.equal(stranger.status, 404, 'not the enterprise user\'s enterprise');
	// Now linked, it cannot be used again.
	await refused('district', body({ photos: [mine] }), ['photos[0]'], 'linked to a hazard now');
});

test('a hazard\'s linked photos are listed by GET /attachments?entity=hazard', async () => {
	const photo = await upload('district');
	const h = await create('district', body({ photos: [photo] }));
	const list = await api(srv.base, tok.district, 'GET', '/api/v1/attachments', undefined,
	    { query: { entity: 'hazard', entity_id: h.id } });
	assert.equal(list.status, 200, list.text);
	assert.deepEqual(list.json.items.map((a) => a.id), [photo]);
	assert.equal(list.json.items[0].entity, 'hazard');
	assert.equal(list.json.items[0].entity_id, h.id);
});

test('immediate with major is 422 naming immediate; immediate without after_photos is 422 naming after_photos', async () => {
	const after = await upload('admin');
	await refused('admin', majorBody({ immediate: true, after_photos: [after] }), ['immediate'],
	    'immediate major');
	await refused('admin', body({ immediate: true }), ['after_photos'], 'no after photos');
	await refused('admin', body({ immediate: true, after_photos: null }), ['after_photos'],
	    'null after photos');
	// A bad photo is found after the row is inserted: the whole create is rolled back.
	const theirs = await upload('district');
	await refused('admin', body({ immediate: true, after_photos: [after, theirs] }),
	    ['after_photos[1]'], 'another user\'s after photo');
	const h = await create('admin', body({ immediate: true, after_photos: [after] }));
	assert.deepEqual(h.after_photos, [after], 'the first photo was not claimed by the failed try');
});

test('immediate with an empty after_photos array is 422 naming after_photos', async () => {
	await refused('admin', body({ immediate: true, after_photos: [] }), ['after_photos'],
	    'empty after photos');
});

test('an enterprise user records self_inspection only: other sources are 422 naming source', async () => {
	for (const source of ['government_inspection', 'complaint', 'accident_investigation', 'other'])
		await refused('enterprise', body({ enterprise_id: own.id, source }), ['source'], source);
	const h = await create('enterprise', body({ enterprise_id: own.id, source: 'self_inspection' }));
	assert.equal(h.source, 'self_inspection');
	assert.equal(h.enterprise_id, own.id);
});

test('an enterprise outside the caller\'s scope, unknown or not active is 422 naming enterprise_id', async () => {
	await refused('district', body({ enterprise_id: farEnt.id }), ['enterprise_id'],
	    'district → other district');
	await refused('inspector', body({ enterprise_id: farEnt.id }), ['enterprise_id'],
	    'inspector → other district');
	await refused('enterprise', body({ enterprise_id: deptEnt.id, source: 'self_inspection' }),
	    ['enterprise_id'], 'enterprise → another enterprise');
	const chem = allEnts.find((e) => !DEMO.departmentSectors.includes(e.sector));
	await refused('department', body({ enterprise_id: chem.id }), ['enterprise_id'],
	    'department → a sector it does not supervise');
	await refused('admin', body({ enterprise_id: 99999999 }), ['enterprise_id'], 'no such enterprise');
	// A closed enterprise takes no new hazards.
	const e = await api(srv.base, tok.admin, 'POST', '/api/v1/enterprises', enterpriseBody());
	assert.equal(e.status, 201, e.text);
	const c = await api(srv.base, tok.admin, 'POST', `/api/v1/enterprises/${e.json.id}/transitions`,
	    { action: 'close', reason: '已停业' });
	assert.equal(c.status, 200, c.text);
	await refused('admin', body({ enterprise_id: e.json.id }), ['enterprise_id'], 'closed enterprise');
	// In scope, the same body is accepted.
	await create('district', body({ enterprise_id: deptEnt.id }));
	await create('department', body({ enterprise_id: deptEnt.id }));
});

test('plan fields given at creation are stored; funds_fen is a non-negative integer of fen', async () => {
	const plan = { responsible: '李工', measures: '加装护栏', funds_fen: 123456,
		contingency: '坠落应急预案', deadline: addDays(TODAY, 9) };
	const h = await create('admin', body(plan));
	for (const [k, v] of Object.entries(plan))
		assert.equal(h[k], v, k);
	await refused('admin', body({ funds_fen: -1 }), ['funds_fen'], 'negative funds');
	await refused('admin', body({ funds_fen: 12.5 }), ['funds_fen'], 'fractional fen');
	await refused('admin', body({ funds_fen: '100' }), ['funds_fen'], 'funds as text');
});

test('region_code and sector are the enterprise\'s when the hazard was recorded', async () => {
	const e = await api(srv.base, tok.admin, 'POST', '/api/v1/enterprises',
	    enterpriseBody({ region_code: '150602101', sector: 'construction' }));
	assert.equal(e.status, 201, e.text);
	const h = await create('admin', body({ enterprise_id: e.json.id }));
	assert.equal(h.region_code, '150602101');
	assert.equal(h.sector, 'construction');
	const p = await api(srv.base, tok.admin, 'PATCH', `/api/v1/enterprises/${e.json.id}`,
	    { region_code: '150602102', sector: 'city_gas' });
	assert.equal(p.status, 200, p.text);
	const g = (await get('admin', h.id)).json;
	assert.equal(g.region_code, '150602101', 'the hazard stays where it was found');
	assert.equal(g.sector, 'construction');
	const h2 = await create('admin', body({ enterprise_id: e.json.id }));
	assert.equal(h2.region_code, '150602102');
	assert.equal(h2.sector, 'city_gas');
});

test('reviewer and viewer may not record hazards (403)', async () => {
	for (const role of ['reviewer', 'viewer']) {
		const before = await counts();
		const r = await createAs(role, body());
		assert.equal(r.status, 403, `${role}: ${r.text}`);
		assert.equal(r.json.error.code, 'forbidden');
		assert.deepEqual(await counts(), before);
	}
});

// =====================================================================================
// 2. 即查即改
// =====================================================================================

test('immediate (即查即改): created closed with closed_at, after_photos and a create_closed event', async () => {
	const before = await counts();
	const photo = await upload('inspector');
	const after = await upload('inspector');
	const r = await createAs('inspector', body({ immediate: true, photos: [photo],
		after_photos: [after], note: '当场整改' }));
	assert.equal(r.status, 201, r.text);
	const h = r.json;
	assert.equal(h.status, 'closed');
	assert.equal(h.immediate, true);
	assert.match(h.closed_at, RFC3339_CST);
	assert.deepEqual(h.photos, [photo]);
	assert.deepEqual(h.after_photos, [after]);
	assert.equal(h.overdue, false);
	assert.equal(h.events.length, 1);
	assert.equal(h.events[0].action, 'create_closed');
	assert.equal(h.events[0].to_status, 'closed');
	assert.equal(h.events[0].note, '当场整改');
	assert.deepEqual([...h.actions].sort(), expectedActions('inspector', h));
	const g = await get('admin', h.id);
	assert.equal(g.json.status, 'closed');
	assert.deepEqual([...g.json.actions].sort(), ['void']);
	const now = await counts();
	assert.equal(now.hazards, before.hazards + 1);
	assert.equal(now.hazardAudit, before.hazardAudit + 1);
	// It is not open.
	const open = await listAll(srv.base, tok.admin, '/api/v1/hazards', { status: 'open' });
	assert.ok(!open.items.some((x) => x.id === h.id));
	const closed = await listAll(srv.base, tok.admin, '/api/v1/hazards', { status: 'closed' });
	assert.ok(closed.items.some((x) => x.id === h.id));
});

// =====================================================================================
// 3. The transition table, role by role
// =====================================================================================

/** Runs `action` as `role` on `h` (in the action's from-state) and checks the outcome. */
async function tryAction(role, h, action, allowed) {
	const before = (await get('admin', h.id)).json;
	const r = await act(role, h.id, await actionBody(role, action, h.level));
	const what = `${role} ${action} on ${h.level} ${h.source} ${h.status}`;
	if (allowed) {
		assert.equal(r.status, 200, `${what}: ${r.text}`);
		assert.equal(r.json.status, TO[action], what);
		assert.equal(r.json.id, h.id);
		const g = (await get('admin', h.id)).json;
		assert.equal(g.status, TO[action]);
		assert.equal(g.events.length, before.events.length + 1);
		const ev = g.events.at(-1);
		assert.equal(ev.action, action);
		assert.equal(ev.from_status, before.status);
		assert.equal(ev.to_status, TO[action]);
		assert.equal(ev.actor_id, userIds[role]);
	} else {
		assert.equal(r.status, 403, `${what}: ${r.status} ${r.text}`);
		assert.equal(r.json.error.code, 'forbidden');
		const g = (await get('admin', h.id)).json;
		assert.equal(g.status, before.status, `${what}: unchanged`);
		assert.equal(g.events.length, before.events.length, `${what}: no event`);
	}
}

for (const role of ROLES.filter((r) => r !== 'enterprise')) {
	for (const action of ACTIONS) {
		const allowed = roleMay(role, action, { level: 'general', source: 'government_inspection' });
		test(`${role} ${action} (from ${FROM[action][0]}) → ${allowed ? `200 ${TO[action]}` : '403'}`, async () => {
			// deptEnt is in every staff scope, the department's included.
			const h = await hazardIn(FROM[action][0]);
			await tryAction(role, h, action, allowed);
		});
	}
}

test('admin, city and district void from every state but voided; the others never', async () => {
	for (const state of FROM.void) {
		for (const role of VOIDERS) {
			const h = await hazardIn(state);
			await tryAction(role, h, 'void', true);
		}
		for (const role of ROLES.filter((r) => !VOIDERS.includes(r))) {
			const h = await hazardIn(state, role === 'enterprise'
				? { enterprise_id: own.id, source: 'self_inspection' } : {});
			await tryAction(role, h, 'void', false);
		}
	}
});

const ENTERPRISE_KINDS = [
	{ level: 'general', source: 'self_inspection' },
	{ level: 'general', source: 'government_inspection' },
	{ level: 'major', source: 'self_inspection' },
];
for (const kind of ENTERPRISE_KINDS) {
	for (const action of ACTIONS) {
		const allowed = roleMay('enterprise', action, kind);
		test(`enterprise ${action} on its own ${kind.level} ${kind.source} hazard → ${allowed ? `200 ${TO[action]}` : '403'}`, async () => {
			const h = await hazardIn(FROM[action][0], { enterprise_id: own.id, ...kind });
			await tryAction('enterprise', h, action, allowed);
		});
	}
}

test('an enterprise-recorded self_inspection general hazard: the enterprise plans, completes and accepts it itself (自查自改)', async () => {
	const h = await create('enterprise', body({ enterprise_id: own.id, source: 'self_inspection' }));
	assert.deepEqual([...h.actions].sort(), ['submit_plan']);
	for (const action of ['submit_plan', 'submit_done', 'accept']) {
		const r = await act('enterprise', h.id, await actionBody('enterprise', action, 'general'));
		assert.equal(r.status, 200, `${action}: ${r.text}`);
		assert.equal(r.json.status, TO[action]);
	}
	const g = await get('enterprise', h.id);
	assert.equal(g.json.status, 'closed');
	assert.match(g.json.closed_at, RFC3339_CST);
	assert.deepEqual(g.json.actions, [], 'the enterprise cannot void');
});

test('an action not possible from the current status is 409 conflict, and changes nothing', async () => {
	const cases = [
		['reported', 'accept'], ['reported', 'submit_done'], ['reported', 'reject'],
		['rectifying', 'submit_plan'], ['rectifying', 'accept'], ['rectifying', 'reject'],
		['awaiting_acceptance', 'submit_plan'], ['awaiting_acceptance', 'submit_done'],
		['closed', 'submit_plan'], ['closed', 'submit_done'], ['closed', 'accept'],
		['closed', 'reject'],
		...ACTIONS.map((a) => ['voided', a]),
	];
	const byState = {};
	for (const s of STATES)
		byState[s] = await hazardIn(s);
	for (const [state, action] of cases) {
		const h = byState[state];
		const before = (await get('admin', h.id)).json;
		const r = await act('admin', h.id, await actionBody('admin', action, 'general'));
		assert.equal(r.status, 409, `${action} on ${state}: ${r.status} ${r.text}`);
		assert.equal(r.json.error.code, 'conflict');
		const g = (await get('admin', h.id)).json;
		assert.equal(g.status, state);
		assert.equal(g.events.length, before.events.length);
		assert.equal(g.updated_at, before.updated_at);
	}
	// An allowed-role enterprise user out of order too.
	const h = await hazardIn('reported', { enterprise_id: own.id, source: 'self_inspection' });
	const r = await act('enterprise', h.id, { action: 'accept', note: '验收' });
	assert.equal(r.status, 409, r.text);
});

test('the same transition sent concurrently succeeds once; the others are 409', async () => {
	for (const [state, action] of [['reported', 'submit_plan'], ['awaiting_acceptance', 'accept'],
		['rectifying', 'void']]) {
		const h = await hazardIn(state);
		const b = await actionBody('admin', action, 'general');
		const rs = await Promise.all(Array.from({ length: 6 }, (_, i) =>
			act(i % 2 ? 'city' : 'admin', h.id, b)));
		const codes = rs.map((r) => r.status).sort();
		assert.deepEqual(codes, [200, 409, 409, 409, 409, 409], `${action}: ${codes}`);
		const g = (await get('admin', h.id)).json;
		assert.equal(g.status, TO[action]);
		assert.equal(g.events.filter((e) => e.action === action).length, 1, 'one event');
		const audit = await api(srv.base, tok.admin, 'GET', '/api/v1/audit', undefined,
		    { query: { entity: 'hazard', entity_id: h.id, action: 'transition' } });
		assert.equal(audit.json.total, g.events.length - 1, 'one audit row per event');
	}
});

test('GET /hazards/{id} `actions` is exactly what each role may do in each state', async () => {
	const kinds = [
		{ enterprise_id: deptEnt.id, level: 'general', source: 'government_inspection' },
		{ enterprise_id: deptEnt.id, level: 'general', source: 'self_inspection' },
		{ enterprise_id: own.id, level: 'general', source: 'self_inspection' },
		{ enterprise_id: own.id, level: 'general', source: 'government_inspection' },
		{ enterprise_id: own.id, level: 'major', source: 'self_inspection' },
	];
	let checked = 0;
	for (const kind of kinds) {
		for (const state of STATES) {
			const h = await hazardIn(state, kind);
			for (const role of ROLES) {
				if (role === 'enterprise' && kind.enterprise_id !== own.id)
					continue;	// not its enterprise: 404 (hazard_scope.test.mjs)
				if (role === 'department' && kind.enterprise_id === own.id)
					continue;	// chemical is not the department's sector: 404
				const g = await get(role, h.id);
				assert.equal(g.status, 200, `${role} GET: ${g.text}`);
				assert.ok(Array.isArray(g.json.actions));
				assert.deepEqual([...g.json.actions].sort(), expectedActions(role, g.json),
				    `${role} on ${kind.level} ${kind.source} ${state}`);
				checked++;
			}
		}
	}
	assert.ok(checked >= 150);
});

// =====================================================================================
// 4. The plan (五落实) and the fields of each action
// =====================================================================================

/** A transition that is 422 naming exactly `fields`; the hazard is unchanged. */
async function actRefused(role, h, b, fields, what) {
	const before = (await get('admin', h.id)).json;
	const r = await act(role, h.id, b);
	assert.equal(r.status, 422, `${what}: ${r.status} ${r.text}`);
	assert.equal(r.json.error.code, 'validation_failed');
	assert.deepEqual(fieldsOf(r), [...fields].sort(), `${what}: ${r.text}`);
	const g = (await get('admin', h.id)).json;
	assert.equal(g.status, before.status, `${what}: status unchanged`);
	assert.equal(g.events.length, before.events.length, `${what}: no event`);
	for (const k of ['responsible', 'measures', 'funds_fen', 'deadline', 'contingency'])
		assert.deepEqual(g[k], before[k], `${what}: ${k} unchanged`);
}

test('major submit_plan: each of the five (责任、措施、资金、时限、预案) missing is 422 naming it; all five → rectifying and stored', async () => {
	const h = await create('admin', majorBody());
	const full = planFields('major');
	for (const k of Object.keys(full)) {
		const b = { action: 'submit_plan', ...full };
		delete b[k];
		await actRefused('admin', h, b, [k], `major plan without ${k}`);
	}
	await actRefused('admin', h, { action: 'submit_plan', ...full, funds_fen: 0 }, ['funds_fen'],
	    'funds_fen 0');
	await actRefused('admin', h, { action: 'submit_plan', ...full, funds_fen: -100 }, ['funds_fen'],
	    'funds_fen negative');
	await actRefused('admin', h, { action: 'submit_plan', ...full, responsible: '' }, ['responsible'],
	    'responsible empty');
	await actRefused('admin', h, { action: 'submit_plan', ...full, contingency: '' }, ['contingency'],
	    'contingency empty');
	await actRefused('admin', h, { action: 'submit_plan', ...full, deadline: addDays(h.found_on, -1) },
	    ['deadline'], 'deadline before found_on');
	// The enterprise submits the complete plan.
	const r = await act('enterprise', h.id, { action: 'submit_plan', ...full, note: '方案已报' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.status, 'rectifying');
	for (const [k, v] of Object.entries(full))
		assert.equal(r.json[k], v, k);
	const g = (await get('city', h.id)).json;
	for (const [k, v] of Object.entries(full))
		assert.equal(g[k], v, `stored ${k}`);
	assert.equal(g.events.at(-1).action, 'submit_plan');
	assert.equal(g.events.at(-1).note, '方案已报');
});

test('general submit_plan needs measures and deadline (others optional)', async () => {
	const h = await create('admin', body());
	await actRefused('admin', h, { action: 'submit_plan', deadline: addDays(TODAY, 3) }, ['measures'],
	    'general without measures');
	await actRefused('admin', h, { action: 'submit_plan', measures: '整改' }, ['deadline'],
	    'general without deadline');
	await actRefused('admin', h, { action: 'submit_plan', measures: '整改', deadline: 'soon' },
	    ['deadline'], 'deadline not a date');
	const r = await act('admin', h.id, { action: 'submit_plan', measures: '补设护栏',
		deadline: addDays(TODAY, 3) });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.status, 'rectifying');
	assert.equal(r.json.measures, '补设护栏');
	assert.equal(r.json.deadline, addDays(TODAY, 3));
	assert.equal(r.json.funds_fen, 0);
});

test('submit_done needs after_photos (≥ 1, the caller\'s own) and note', async () => {
	const h = await hazardIn('rectifying');
	const photo = await upload('district');
	const theirs = await upload('inspector');
	await actRefused('district', h, { action: 'submit_done', note: '已整改' }, ['after_photos'],
	    'no after_photos');
	await actRefused('district', h, { action: 'submit_done', after_photos: [], note: '已整改' },
	    ['after_photos'], 'empty after_photos');
	await actRefused('district', h, { action: 'submit_done', after_photos: [photo] }, ['note'],
	    'no note');
	await actRefused('district', h, { action: 'submit_done', after_photos: [theirs], note: '已整改' },
	    ['after_photos[0]'], 'another user\'s photo');
	const r = await act('district', h.id, { action: 'submit_done', after_photos: [photo],
		note: '已整改' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.status, 'awaiting_acceptance');
	assert.deepEqual(r.json.after_photos, [photo]);
});

test('reject and void need a reason (422 naming reason); status_reason keeps it', async () => {
	const h = await hazardIn('awaiting_acceptance');
	await actRefused('admin', h, { action: 'reject' }, ['reason'], 'reject without reason');
	await actRefused('admin', h, { action: 'void' }, ['reason'], 'void without reason');
	const r = await act('admin', h.id, { action: 'void', reason: '误报' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.status, 'voided');
	assert.equal(r.json.status_reason, '误报');
});

test('a field the action does not take, an unknown action or none is 422', async () => {
	const rep = await hazardIn('reported');
	const rect = await hazardIn('rectifying');
	const wait = await hazardIn('awaiting_acceptance');
	const photo = await upload('admin');
	await actRefused('admin', rep, { action: 'submit_plan', ...planFields('general'),
		after_photos: [photo] }, ['after_photos'], 'submit_plan with after_photos');
	await actRefused('admin', rep, { action: 'submit_plan', ...planFields('general'), colour: 'red' },
	    ['colour'], 'submit_plan with colour');
	await actRefused('admin', rect, { action: 'submit_done', after_photos: [photo], note: 'x',
		measures: '改' }, ['measures'], 'submit_done with measures');
	await actRefused('admin', wait, { action: 'accept', reason: '好' }, ['reason'], 'accept with reason');
	await actRefused('admin', wait, { action: 'reject', reason: '差', note: '差' }, ['note'],
	    'reject with note');
	await actRefused('admin', rep, { action: 'void', reason: '误报', deadline: TODAY }, ['deadline'],
	    'void with deadline');
	await actRefused('admin', rep, { action: 'close' }, ['action'], 'unknown action');
	await actRefused('admin', rep, { reason: 'x' }, ['action'], 'no action');
});

test('a transition on a hazard that does not exist is 404', async () => {
	const r = await act('admin', 99999999, { action: 'void', reason: 'x' });
	assert.equal(r.status, 404, r.text);
	const g = await get('admin', 99999999);
	assert.equal(g.status, 404);
});

// =====================================================================================
// 5. Events and audit over a whole life
// =====================================================================================

test('a full lifecycle (create → plan → done → reject → done → accept) is in events and the audit log, in order', async () => {
	const p1 = await upload('enterprise');
	const p2 = await upload('enterprise');
	const steps = [
		['enterprise', { action: 'submit_plan', measures: '更换防爆灯具', deadline: addDays(TODAY, 7),
			responsible: '王工', note: '方案一' }, 'reported', 'rectifying', '方案一'],
		['enterprise', { action: 'submit_done', after_photos: [p1], note: '第一次整改完成' },
			'rectifying', 'awaiting_acceptance', '第一次整改完成'],
		['district', { action: 'reject', reason: '照片看不清' }, 'awaiting_acceptance', 'rectifying',
			'照片看不清'],
		['enterprise', { action: 'submit_done', after_photos: [p2], note: '第二次整改完成' },
			'rectifying', 'awaiting_acceptance', '第二次整改完成'],
		['inspector', { action: 'accept', note: '复查合格' }, 'awaiting_acceptance', 'closed',
			'复查合格'],
	];
	const h = await create('district', body({ enterprise_id: own.id, note: '检查发现' }));
	for (const [role, b] of steps) {
		const r = await act(role, h.id, b);
		assert.equal(r.status, 200, `${role} ${b.action}: ${r.text}`);
	}
	const g = (await get('admin', h.id)).json;
	assert.equal(g.status, 'closed');
	assert.match(g.closed_at, RFC3339_CST);
	assert.ok(g.after_photos.includes(p2), 'the last round\'s photo');
	assert.equal(g.events.length, 6);
	const want = [['district', 'create', null, 'reported', '检查发现'],
		...steps.map(([role, b, from, to, note]) => [role, b.action, from, to, note])];
	let last = '';
	let lastId = 0;
	g.events.forEach((ev, i) => {
		const [role, action, from, to, note] = want[i];
		assert.equal(ev.action, action, `event ${i}`);
		assert.equal(ev.from_status, from, `event ${i} from`);
		assert.equal(ev.to_status, to, `event ${i} to`);
		assert.equal(ev.actor_id, userIds[role], `event ${i} actor`);
		assert.equal(ev.actor_name, userNames[role], `event ${i} actor_name (display name)`);
		assert.equal(ev.note, note, `event ${i} note`);
		assert.match(ev.at, RFC3339_CST);
		assert.ok(ev.at >= last, 'events in time order');
		assert.ok(ev.id > lastId, 'events in id order');
		last = ev.at;
		lastId = ev.id;
	});
	// The enterprise sees the same history.
	const ge = (await get('enterprise', h.id)).json;
	assert.deepEqual(ge.events, g.events);

	const audit = await api(srv.base, tok.admin, 'GET', '/api/v1/audit', undefined,
	    { query: { entity: 'hazard', entity_id: h.id, limit: 500 } });
	assert.equal(audit.status, 200, audit.text);
	const rows = [...audit.json.items].sort((a, b) => a.id - b.id);
	assert.equal(audit.json.total, 6);
	assert.deepEqual(rows.map((x) => x.action),
	    ['create', 'transition', 'transition', 'transition', 'transition', 'transition']);
	rows.forEach((row, i) => {
		assert.equal(row.entity, 'hazard');
		assert.equal(row.entity_id, h.id);
		assert.equal(row.actor_id, userIds[want[i][0]], `audit row ${i} actor`);
		assert.equal(row.actor_name, USERS[want[i][0]]);
		if (i > 0)
			assert.ok(JSON.stringify(row.changes).includes(want[i][1]),
			    `audit row ${i} names ${want[i][1]}: ${JSON.stringify(row.changes)}`);
	});
	const tr = await api(srv.base, tok.admin, 'GET', '/api/v1/audit', undefined,
	    { query: { entity: 'hazard', entity_id: h.id, action: 'transition' } });
	assert.equal(tr.json.total, 5);

	const v = await runCli(['audit', 'verify', '--db', srv.dbPath]);
	assert.equal(v.code, 0, `audit verify:\n${v.stdout}\n${v.stderr}`);
});

// =====================================================================================
// 6. Overdue
// =====================================================================================

test('overdue: a past deadline on an open hazard; not when due today, closed or voided', async () => {
	const found = addDays(TODAY, -20);
	const late = await create('admin', body({ found_on: found, deadline: addDays(TODAY, -1) }));
	const dueToday = await create('admin', body({ found_on: found, deadline: TODAY }));
	const noDeadline = await create('admin', body({ found_on: found }));
	assert.equal(late.overdue, true);
	assert.equal(dueToday.overdue, false);
	assert.equal(noDeadline.overdue, false);
	assert.equal((await get('district', late.id)).json.overdue, true);

	const ids = async (overdue) => new Set((await listAll(srv.base, tok.admin, '/api/v1/hazards',
	    { overdue })).items.map((x) => x.id));
	let yes = await ids('true');
	let no = await ids('false');
	assert.ok(yes.has(late.id));
	assert.ok(!no.has(late.id));
	for (const h of [dueToday, noDeadline]) {
		assert.ok(!yes.has(h.id));
		assert.ok(no.has(h.id));
	}
	const listed = (await listAll(srv.base, tok.admin, '/api/v1/hazards', { overdue: 'true' })).items;
	assert.ok(listed.every((x) => x.overdue === true), 'every ?overdue=true row says overdue');

	// Rectifying and awaiting acceptance with a past deadline are still overdue.
	let r = await act('admin', late.id, { action: 'submit_plan', measures: '整改',
		deadline: addDays(TODAY, -1) });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.overdue, true);
	r = await act('admin', late.id, { action: 'submit_done', after_photos: [await upload('admin')],
		note: '完成' });
	assert.equal(r.json.overdue, true);
	// Closed: no longer overdue.
	r = await act('admin', late.id, { action: 'accept', note: '验收' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.overdue, false);
	assert.equal((await get('admin', late.id)).json.overdue, false);
	yes = await ids('true');
	no = await ids('false');
	assert.ok(!yes.has(late.id), 'a closed hazard is not overdue');
	assert.ok(no.has(late.id));

	// Voided: no longer overdue either.
	const late2 = await create('admin', body({ found_on: found, deadline: addDays(TODAY, -5) }));
	assert.equal(late2.overdue, true);
	r = await act('city', late2.id, { action: 'void', reason: '重复' });
	assert.equal(r.json.overdue, false);
	const all = await listAll(srv.base, tok.admin, '/api/v1/hazards', { overdue: 'true', status: 'all' });
	assert.ok(!all.items.some((x) => x.id === late2.id));
});

// =====================================================================================
// 7. List filters and paging
// =====================================================================================

describe('the list', () => {
	const MARK = `标记${uniq()}`;
	const LOC = `部位${uniq()}`;
	let fixtures = [];

	before(async () => {
		const ent2 = allEnts.find((e) => e.region_code.startsWith(DEMO.otherDistrict) &&
		    e.sector === 'construction');
		const gas = allEnts.find((e) => e.sector === 'city_gas');
		const township = deptEnt.region_code;
		assert.ok(ent2 && gas && township.length > 6);
		const specs = [
			[{ enterprise_id: own.id, source: 'self_inspection', found_on: '2025-03-01',
				description: `${MARK} 储罐区`, deadline: '2025-03-10' }, 'reported'],
			[{ enterprise_id: own.id, level: 'major', standard_item_id: items.chemical,
				found_on: '2025-04-15', location: LOC }, 'rectifying'],
			[{ enterprise_id: deptEnt.id, source: 'complaint', found_on: '2025-05-20' }, 'closed'],
			[{ enterprise_id: deptEnt.id, found_on: '2025-06-30', description: `${MARK} 塔吊` },
				'voided'],
			[{ enterprise_id: ent2.id, source: 'accident_investigation', found_on: '2025-07-01' },
				'awaiting_acceptance'],
			[{ enterprise_id: ent2.id, level: 'major', standard_item_id: items.construction2024,
				found_on: '2025-08-08', deadline: addDays(TODAY, 30) }, 'reported'],
			[{ enterprise_id: gas.id, source: 'other', found_on: '2025-09-09' }, 'rectifying'],
			[{ enterprise_id: coalEnt.id, found_on: '2025-10-10', description: `${MARK} 井下` },
				'reported'],
		];
		fixtures = [];
		for (const [over, state] of specs)
			fixtures.push(await advance(await create('admin', body(over)), state));
	});

	async function all() {
		const { items: rows, total } = await listAll(srv.base, tok.admin, '/api/v1/hazards',
		    { status: 'all' });
		assert.equal(rows.length, total);
		return rows;
	}

	const cases = [
		['no filter: all but voided', {}, (h) => h.status !== 'voided'],
		['region (county subtree)', { region: DEMO.district },
			(h) => h.status !== 'voided' && h.region_code.startsWith(DEMO.district)],
		['region (other county)', { region: DEMO.otherDistrict },
			(h) => h.status !== 'voided' && h.region_code.startsWith(DEMO.otherDistrict)],
		['region (township)', () => ({ region: deptEnt.region_code }),
			(h) => h.status !== 'voided' && h.region_code.startsWith(deptEnt.region_code)],
		['enterprise_id', () => ({ enterprise_id: own.id }),
			(h) => h.status !== 'voided' && h.enterprise_id === own.id],
		['sector', { sector: 'construction' }, (h) => h.status !== 'voided' && h.sector === 'construction'],
		['level major', { level: 'major' }, (h) => h.status !== 'voided' && h.level === 'major'],
		['level general', { level: 'general' }, (h) => h.status !== 'voided' && h.level === 'general'],
		...STATES.map((s) => [`status ${s}`, { status: s }, (h) => h.status === s]),
		['status open', { status: 'open' },
			(h) => ['reported', 'rectifying', 'awaiting_acceptance'].includes(h.status)],
		['status all', { status: 'all' }, () => true],
		['overdue true', { overdue: 'true' }, (h) => h.status !== 'voided' && h.overdue],
		['overdue false', { overdue: 'false' }, (h) => h.status !== 'voided' && !h.overdue],
		['source self_inspection', { source: 'self_inspection' },
			(h) => h.status !== 'voided' && h.source === 'self_inspection'],
		['source complaint', { source: 'complaint' }, (h) => h.status !== 'voided' && h.source === 'complaint'],
		['found_from', { found_from: '2025-07-01' }, (h) => h.status !== 'voided' && h.found_on >= '2025-07-01'],
		['found_to', { found_to: '2025-05-20' }, (h) => h.status !== 'voided' && h.found_on <= '2025-05-20'],
		['found_from and found_to', { found_from: '2025-04-15', found_to: '2025-08-08' },
			(h) => h.status !== 'voided' && h.found_on >= '2025-04-15' && h.found_on <= '2025-08-08'],
		['q in the description', { q: MARK },
			(h) => h.status !== 'voided' && (h.description.includes(MARK) || h.location.includes(MARK))],
		['q in the location', { q: LOC },
			(h) => h.status !== 'voided' && (h.description.includes(LOC) || h.location.includes(LOC))],
		['q with status all', { q: MARK, status: 'all' },
			(h) => h.description.includes(MARK) || h.location.includes(MARK)],
		['combined: region, level, status open', { region: DEMO.district, level: 'general', status: 'open' },
			(h) => h.region_code.startsWith(DEMO.district) && h.level === 'general' &&
			    ['reported', 'rectifying', 'awaiting_acceptance'].includes(h.status)],
		['combined: sector, source, found range', { sector: 'chemical', source: 'self_inspection',
			found_from: '2025-01-01', found_to: '2025-12-31' },
			(h) => h.status !== 'voided' && h.sector === 'chemical' && h.source === 'self_inspection' &&
			    h.found_on >= '2025-01-01' && h.found_on <= '2025-12-31'],
	];

	for (const [name, q, pred] of cases) {
		test(`filter: ${name}`, async () => {
			const query = typeof q === 'function' ? q() : q;
			const rows = await all();
			const want = rows.filter(pred).map((h) => h.id).sort((a, b) => a - b);
			assert.ok(want.length > 0, 'the fixtures give the filter something to find');
			if (query.status !== 'all')
				assert.ok(want.length < rows.length, 'the filter leaves something out');
			const got = await listAll(srv.base, tok.admin, '/api/v1/hazards', query);
			assert.equal(got.total, want.length, `total for ${JSON.stringify(query)}`);
			assert.deepEqual(got.items.map((h) => h.id).sort((a, b) => a - b), want);
			const ids = got.items.map((h) => h.id);
			assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
		});
	}

	test('fixtures are where the filters expect them', () => {
		assert.ok(fixtures.some((h) => h.status === 'voided'));
		assert.ok(fixtures.some((h) => h.overdue));
		assert.ok(fixtures.some((h) => !h.region_code.startsWith(DEMO.district)));
	});

	for (const [role, query] of [['admin', { status: 'all' }], ['admin', {}],
		['district', {}], ['admin', { level: 'general', region: DEMO.district }]]) {
		test(`limit=2 walks every row exactly once (${role} ${JSON.stringify(query)})`, async () => {
			const full = await listAll(srv.base, tok[role], '/api/v1/hazards', query);
			assert.ok(full.total > 4, 'several pages');
			const seen = [];
			let cursor = null;
			let pages = 0;
			for (;;) {
				const r = await api(srv.base, tok[role], 'GET', '/api/v1/hazards', undefined,
				    { query: { ...query, limit: 2, cursor } });
				assert.equal(r.status, 200, r.text);
				assert.equal(r.json.total, full.total, 'every page has the same total');
				assert.ok(r.json.items.length <= 2);
				seen.push(...r.json.items.map((h) => h.id));
				pages++;
				cursor = r.json.next_cursor;
				if (!cursor)
					break;
				assert.equal(r.json.items.length, 2, 'only the last page is short');
				assert.ok(pages < 1000);
			}
			// A full last page may be followed by one empty page.
			assert.ok(pages === Math.ceil(full.total / 2) || pages === full.total / 2 + 1,
			    `${pages} pages for ${full.total} rows`);
			assert.equal(new Set(seen).size, seen.length, 'no row twice');
			assert.equal(seen.length, full.total);
			assert.deepEqual(seen, full.items.map((h) => h.id));
			assert.deepEqual(seen, [...seen].sort((a, b) => b - a), 'newest first');
		});
	}

	test('bad filter values are 422 naming the parameter', async () => {
		const bad = [
			['enterprise_id', 'abc'], ['enterprise_id', '0'], ['level', 'critical'],
			['status', 'open,closed'], ['status', 'done'], ['overdue', 'yes'], ['overdue', '1'],
			['source', 'rumour'], ['found_from', '2025-13-01'], ['found_from', 'yesterday'],
			['found_to', '20250101'], ['found_to', '2025-02-30'], ['region', 'bogus'], ['region', '1506'],
		];
		for (const [k, v] of bad) {
			const r = await api(srv.base, tok.admin, 'GET', '/api/v1/hazards', undefined,
			    { query: { [k]: v } });
			assert.equal(r.status, 422, `${k}=${v}: ${r.status} ${r.text}`);
			assert.deepEqual(fieldsOf(r), [k], `${k}=${v}`);
		}
	});

	// ---- 8. The ledger download ----

	const work = tmpDir('anjian-hazards-');

	function zipText(bytes, name) {
		const file = path.join(work, name);
		fs.writeFileSync(file, bytes);
		const names = execFileSync('unzip', ['-Z1', file]).toString('utf8').split('\n')
		    .filter(Boolean);
		// (unzip treats [ ] as a pattern: [Content_Types].xml is checked by name only)
		const xml = names.filter((n) => n.endsWith('.xml') && !n.startsWith('['))
		    .map((n) => execFileSync('unzip', ['-p', file, n]).toString('utf8'));
		const sheets = names.filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
		    .map((n) => execFileSync('unzip', ['-p', file, n]).toString('utf8'));
		return { names, text: xml.join('\n'), sheets: sheets.join('\n') };
	}

	const dispositionName = (h) => {
		const m = /filename\*=UTF-8''([^;]+)/i.exec(h || '');
		return m ? decodeURIComponent(m[1]) : '';
	};

	test('?format=xlsx is a real xlsx named 隐患台账 with a header and one row per hazard', async () => {
		const list = await api(srv.base, tok.admin, 'GET', '/api/v1/hazards?limit=1');
		const r = await api(srv.base, tok.admin, 'GET', '/api/v1/hazards?format=xlsx');
		assert.equal(r.status, 200, r.text.slice(0, 300));
		assert.equal(r.headers.get('content-type'),
		    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		const cd = r.headers.get('content-disposition') || '';
		assert.match(cd, /^attachment;/);
		assert.match(dispositionName(cd), /^隐患台账.*\.xlsx$/);
		assert.deepEqual([...r.bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'PK zip magic');
		const { names, text, sheets } = zipText(r.bytes, 'ledger.xlsx');
		assert.ok(names.includes('[Content_Types].xml'));
		assert.ok(names.includes('xl/workbook.xml'));
		for (const label of ['企业名称', '隐患描述', '隐患等级', '整改期限', '状态'])
			assert.ok(text.includes(label), `header ${label}`);
		const rows = (sheets.match(/<row\b/g) || []).length;
		assert.equal(rows, list.json.total + 1, 'a header row and one row per hazard');
		const shown = (await listAll(srv.base, tok.admin, '/api/v1/hazards')).items;
		for (const h of shown.filter((x) => x.description.length < 100))
			assert.ok(text.includes(h.description), `the sheet has ${h.description}`);
		const voided = fixtures.find((h) => h.status === 'voided');
		assert.ok(!text.includes(voided.description), 'voided ones are left out by default');
	});

	function csvLines(r) {
		assert.equal(r.status, 200, r.text.slice(0, 300));
		assert.match(r.headers.get('content-type') || '', /^text\/csv/);
		const cd = r.headers.get('content-disposition') || '';
		assert.match(cd, /^attachment;/);
		assert.match(dispositionName(cd), /^隐患台账.*\.csv$/);
		assert.deepEqual([...r.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
		return r.bytes.subarray(3).toString('utf8').split('\r\n').filter((l) => l !== '');
	}

	test('?format=csv has the BOM, the Chinese header and one line per hazard in the caller\'s scope', async () => {
		for (const [role, query] of [['admin', {}], ['district', {}], ['enterprise', {}],
			['admin', { status: 'all' }], ['admin', { q: MARK }],
			['department', { level: 'major' }]]) {
			const list = await listAll(srv.base, tok[role], '/api/v1/hazards', query);
			const r = await api(srv.base, tok[role], 'GET', '/api/v1/hazards', undefined,
			    { query: { format: 'csv', ...query } });
			const lines = csvLines(r);
			const header = lines[0].split(',');
			for (const label of ['编号', '企业名称', '发现日期', '隐患描述', '隐患等级', '整改期限', '状态'])
				assert.ok(header.includes(label), `${role}: header ${label} in ${lines[0]}`);
			assert.equal(lines.length - 1, list.total, `${role} ${JSON.stringify(query)}: one line per hazard`);
			assert.equal(header[0], '编号');
			const lineIds = lines.slice(1).map((l) => Number(l.split(',')[0])).sort((a, b) => a - b);
			assert.deepEqual(lineIds, list.items.map((h) => h.id).sort((a, b) => a - b),
			    `${role} ${JSON.stringify(query)}: the same hazards`);
		}
	});

	test('?format=pdf is 422 naming format', async () => {
		const r = await api(srv.base, tok.admin, 'GET', '/api/v1/hazards?format=pdf');
		assert.equal(r.status, 422, r.text.slice(0, 300));
		assert.deepEqual(fieldsOf(r), ['format']);
	});
});

// =====================================================================================
// 9. Notifications (a server of their own, so the counts are exact)
// =====================================================================================

describe('deadline notifications', () => {
	let s;
	const t = {};
	const h = {};		// the hazards by name
	let otherDistrict;	// a district user of 150603

	const notes = async (role, query = {}) => {
		const r = await api(s.base, t[role], 'GET', '/api/v1/notifications', undefined,
		    { query: { limit: 500, ...query } });
		assert.equal(r.status, 200, `${role}: ${r.text}`);
		assert.equal(r.json.items.length, r.json.total);
		return r.json.items;
	};
	const notify = async (today) => {
		const r = await runCli(['notify', '--db', s.dbPath, '--today', today]);
		assert.equal(r.code, 0, `notify:\n${r.stdout}\n${r.stderr}`);
		const m = /\d+/.exec(r.stdout);
		assert.ok(m, `notify reports how many it wrote: ${r.stdout}`);
		return Number(m[0]);
	};
	const keyOf = (n) => `${n.kind}:${n.entity_id}`;

	before(async () => {
		s = await startServer();
		for (const role of ['admin', 'city', 'district', 'enterprise'])
			t[role] = await login(s.base, USERS[role]);
		const orgs = await api(s.base, t.admin, 'GET', '/api/v1/orgs');
		const org = (orgs.json.items || orgs.json).find((o) => o.kind === 'district_bureau' &&
		    o.region_code === DEMO.otherDistrict);
		assert.ok(org, 'the 150603 district bureau');
		const username = `kbs_${uniq()}`.toLowerCase();
		const password = `Qz!${uniq()}-pass`;
		const u = await api(s.base, t.admin, 'POST', '/api/v1/users', { username,
			display_name: '康巴什区应急局', role: 'district', org_id: org.id, password });
		assert.equal(u.status, 201, u.text);
		t.other = await login(s.base, username, password);
		otherDistrict = u.json;

		const mk = async (role, over) => {
			const r = await api(s.base, t[role], 'POST', '/api/v1/hazards', body(over));
			assert.equal(r.status, 201, r.text);
			return r.json;
		};
		h.soon = await mk('district', { enterprise_id: own.id, deadline: addDays(TODAY, 2) });
		h.late = await mk('district', { enterprise_id: own.id, found_on: addDays(TODAY, -20),
			deadline: addDays(TODAY, -3) });
		h.later = await mk('district', { enterprise_id: own.id, deadline: addDays(TODAY, 10) });
		h.edge3 = await mk('district', { enterprise_id: own.id, deadline: addDays(TODAY, 3) });
		h.edge4 = await mk('district', { enterprise_id: own.id, deadline: addDays(TODAY, 4) });
		h.dueToday = await mk('district', { enterprise_id: own.id, deadline: TODAY });
		h.far = await mk('admin', { enterprise_id: farEnt.id, deadline: addDays(TODAY, 1) });
		// Closed with a past deadline: no notification.
		const up = await api(s.base, t.admin, 'POST', '/api/v1/attachments?filename=a.png', png,
		    { headers: { 'Content-Type': 'image/png' } });
		h.closed = await mk('admin', { enterprise_id: own.id, found_on: addDays(TODAY, -20),
			deadline: addDays(TODAY, -2), immediate: true, after_photos: [up.json.id] });
		assert.equal(h.closed.status, 'closed');
	});

	after(async () => {
		await s?.stop();
	});

	test('nothing before `anjian notify` runs', async () => {
		assert.deepEqual(await notes('enterprise'), []);
		assert.deepEqual(await notes('city'), []);
	});

	// Within 3 days: deadline − today ≤ 3 (today itself included); past it: deadline < today.
	const firstRun = () => [`hazard_due_soon:${h.soon.id}`, `hazard_due_soon:${h.edge3.id}`,
		`hazard_due_soon:${h.dueToday.id}`, `hazard_overdue:${h.late.id}`].sort();

	test('`anjian notify --today` writes due-soon and overdue notifications to the enterprise and its district', async () => {
		assert.equal(await notify(TODAY), 10, '5 hazards × (enterprise, district)');
		const ent = await notes('enterprise');
		assert.deepEqual(ent.map(keyOf).sort(), firstRun());
		for (const n of ent) {
			assert.equal(n.entity, 'hazard');
			assert.equal(n.enterprise_id, own.id);
			assert.equal(n.region_code, own.region_code);
			assert.equal(n.read, false);
			assert.equal(n.due_on, Object.values(h).find((x) => x.id === n.entity_id).deadline);
			assert.ok(n.message.length > 0);
			assert.match(n.created_at, RFC3339_CST);
		}
		const dist = await notes('district');
		assert.deepEqual(dist.map(keyOf).sort(), firstRun());
		const city = await notes('city');
		assert.deepEqual(city.map(keyOf).sort(),
		    [...firstRun(), `hazard_due_soon:${h.far.id}`].sort());
		const other = await notes('other');
		assert.deepEqual(other.map(keyOf), [`hazard_due_soon:${h.far.id}`],
		    'a district user of 150603 sees only its own district\'s');
		assert.equal(otherDistrict.role, 'district');
		// The enterprise's and the district's are different notifications.
		assert.equal(new Set([...ent, ...dist].map((n) => n.id)).size, 8);
	});

	test('running notify again the same day writes nothing', async () => {
		const before = { ent: await notes('enterprise'), city: await notes('city') };
		const audit = await api(s.base, t.admin, 'GET', '/api/v1/audit?action=notify&limit=1');
		assert.equal(await notify(TODAY), 0, 'nothing written the second time');
		assert.deepEqual(await notes('enterprise'), before.ent);
		assert.deepEqual(await notes('city'), before.city);
		const audit2 = await api(s.base, t.admin, 'GET', '/api/v1/audit?action=notify&limit=1');
		assert.equal(audit2.json.total, audit.json.total, 'no audit row for an empty run');
	});

	test('a later --today writes the overdue one for the hazard that was due soon', async () => {
		// Three days on: soon (+2), dueToday (0) and far (+1) are past due; edge4 (+4) is due
		// soon; edge3 (+3) is due that very day and was already notified as due soon.
		const later = addDays(TODAY, 3);
		assert.equal(await notify(later), 8, '4 hazards × (enterprise, district)');
		const ent = await notes('enterprise');
		assert.deepEqual(ent.map(keyOf).sort(), [...firstRun(), `hazard_overdue:${h.soon.id}`,
			`hazard_overdue:${h.dueToday.id}`, `hazard_due_soon:${h.edge4.id}`].sort());
		assert.ok(!ent.some((n) => n.entity_id === h.later.id), 'today+10 is not within 3 days');
		assert.ok(!ent.some((n) => n.entity_id === h.closed.id), 'a closed hazard is not notified');
		const other = await notes('other');
		assert.deepEqual(other.map(keyOf).sort(),
		    [`hazard_due_soon:${h.far.id}`, `hazard_overdue:${h.far.id}`].sort());
		const ids = ent.map((n) => n.id);
		assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
		assert.equal(await notify(later), 0);
	});

	test('POST /notifications/{id}/read → 204; then read: true and ?unread=true leaves it out', async () => {
		const ent = await notes('enterprise');
		const target = ent.find((n) => n.entity_id === h.soon.id && n.kind === 'hazard_due_soon');
		const unreadBefore = await notes('enterprise', { unread: 'true' });
		assert.ok(unreadBefore.some((n) => n.id === target.id));
		const r = await api(s.base, t.enterprise, 'POST', `/api/v1/notifications/${target.id}/read`);
		assert.equal(r.status, 204, r.text);
		const after1 = await notes('enterprise');
		assert.equal(after1.find((n) => n.id === target.id).read, true);
		assert.ok(after1.filter((n) => n.id !== target.id).every((n) => n.read === false));
		const unread = await notes('enterprise', { unread: 'true' });
		assert.equal(unread.length, unreadBefore.length - 1);
		assert.ok(!unread.some((n) => n.id === target.id));
		// Reading is per user: city reads a district notification; dongsheng still has it unread.
		const d = (await notes('district'))[0];
		const c = await api(s.base, t.city, 'POST', `/api/v1/notifications/${d.id}/read`);
		assert.equal(c.status, 204, c.text);
		assert.equal((await notes('city')).find((n) => n.id === d.id).read, true);
		assert.equal((await notes('district')).find((n) => n.id === d.id).read, false);
	});

	test('reading someone else\'s notification is 404', async () => {
		const dist = await notes('district');
		const far = (await notes('other'))[0];
		const r1 = await api(s.base, t.enterprise, 'POST', `/api/v1/notifications/${dist[0].id}/read`);
		assert.equal(r1.status, 404, `enterprise reads a district notification: ${r1.text}`);
		const r2 = await api(s.base, t.district, 'POST', `/api/v1/notifications/${far.id}/read`);
		assert.equal(r2.status, 404, `150602 reads a 150603 notification: ${r2.text}`);
		const r3 = await api(s.base, t.other, 'POST', `/api/v1/notifications/${dist[0].id}/read`);
		assert.equal(r3.status, 404, `150603 reads a 150602 notification: ${r3.text}`);
		const r4 = await api(s.base, t.district, 'POST', '/api/v1/notifications/99999999/read');
		assert.equal(r4.status, 404);
		// Nothing was marked read by the refused attempts.
		assert.equal((await notes('other')).find((n) => n.id === far.id).read, false);
	});
});

// ---- 10. The counts the list's totals read (hazard_counts, kept by triggers) ----

test('hazard_counts agrees with the hazards after every create and transition above', async () => {
	const q = (sql) => execFileSync('sqlite3', ['-readonly', srv.dbPath, sql]).toString('utf8')
	    .trim().split('\n').filter(Boolean).sort();
	const fromTable = q('SELECT status, level, region_code, sector, count(*) FROM hazards' +
	    ' GROUP BY status, level, region_code, sector');
	const kept = q('SELECT status, level, region_code, sector, n FROM hazard_counts WHERE n <> 0');
	assert.ok(fromTable.length > 3, 'the tests above made hazards in several states');
	assert.deepEqual(kept, fromTable);
	// And the totals the API gives from them are those of the rows it lists.
	for (const query of [{}, { status: 'closed' }, { status: 'voided' }, { status: 'open' },
		{ status: 'all', level: 'major' }, { region: DEMO.district, level: 'general' }]) {
		const all = await listAll(srv.base, tok.admin, '/api/v1/hazards', query);
		assert.equal(all.total, all.items.length, JSON.stringify(query));
	}
});
