// Supervision actions (督办问责): issuing each kind to each target type with field-level
// errors, scope, the listing of a major hazard taken down when the hazard is accepted, the
// transition table (respond / return / close) with 403 and 409, derived overdue, the
// notifications on issue and from `anjian notify`, and the statistics with their xlsx.
// See docs/api.md, "Supervision actions (督办问责)".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
	api, DEMO, listAll, login, loginAll, runCli, startServer, tinyPng, tmpDir, uniq, USERS,
} from '../lib/server.mjs';

// ---- dates (Asia/Shanghai) ----

const DAY_MS = 86400000;
const TODAY = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
const addDays = (date, n) =>
	new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const RFC3339_CST = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$/;

// ---- the transition table of docs/api.md ----

const ROLES = Object.keys(USERS);
const ACTIONS = ['respond', 'return', 'close'];
const FROM = { respond: ['issued'], return: ['responded'], close: ['issued', 'responded'] };
const RESPONDERS = ['admin', 'city', 'district', 'department', 'inspector', 'enterprise'];
const ISSUER_SIDE = ['admin', 'city', 'district'];	// district: of the issuing org only

// ---- shared state ----

let srv;
let tok;		// tokens by role
let names;		// display names by role
let own;		// the demo enterprise user's enterprise (化工, 东胜区)
let farEnt;		// an enterprise of 康巴什区 (150603)
let deptEnt;		// a 东胜区 enterprise of a sector the department supervises
let orgs;		// { city, dongsheng, kangbashi, department } org rows
let township;		// a township/zone of 东胜区 (9-digit code)
let chemicalItem;	// a citable standard item for major hazards of own's sector
let other;		// token of a district user of 150603
const png = tinyPng();

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base);
	names = {};
	for (const role of ROLES) {
		const me = await api(srv.base, tok[role], 'GET', '/api/v1/me');
		assert.equal(me.status, 200, me.text);
		names[role] = me.json.user.display_name;
		if (role === 'enterprise')
			own = { id: me.json.user.enterprise_id };
	}
	const ents = (await listAll(srv.base, tok.admin, '/api/v1/enterprises')).items;
	own = ents.find((e) => e.id === own.id);
	farEnt = ents.find((e) => e.region_code.startsWith(DEMO.otherDistrict) && e.status === 'active');
	deptEnt = ents.find((e) => e.region_code.startsWith(DEMO.district) &&
	    DEMO.departmentSectors.includes(e.sector) && e.status === 'active');
	assert.ok(own && farEnt && deptEnt, 'demo enterprises');
	const o = await api(srv.base, tok.admin, 'GET', '/api/v1/orgs');
	const list = o.json.items || o.json;
	orgs = {
		city: list.find((x) => x.kind === 'city_bureau'),
		dongsheng: list.find((x) => x.kind === 'district_bureau' && x.region_code === DEMO.district),
		kangbashi: list.find((x) => x.kind === 'district_bureau' &&
		    x.region_code === DEMO.otherDistrict),
		department: list.find((x) => x.kind === 'department'),
	};
	assert.ok(orgs.city && orgs.dongsheng && orgs.kangbashi && orgs.department);
	let regions = (await api(srv.base, tok.admin, 'GET', '/api/v1/regions')).json;
	regions = Array.isArray(regions) ? regions : regions.items;
	township = regions.find((r) => r.code.length === 9 && r.code.startsWith(DEMO.district));
	assert.ok(township, 'a township of 东胜区');
	const items = await api(srv.base, tok.admin, 'GET', '/api/v1/standard-items', undefined,
	    { query: { sector: own.sector, citable: true, on: TODAY, limit: 5 } });
	chemicalItem = items.json.items[0]?.id;
	assert.ok(Number.isInteger(chemicalItem));
	// A district user of 康巴什区.
	const username = `kbs_${uniq()}`.toLowerCase();
	const password = `Qz!${uniq()}-pass`;
	const u = await api(srv.base, tok.admin, 'POST', '/api/v1/users', { username,
		display_name: '康巴什区应急局', role: 'district', org_id: orgs.kangbashi.id, password });
	assert.equal(u.status, 201, u.text);
	other = await login(srv.base, username, password);
});

after(async () => {
	await srv?.stop();
});

// ---- helpers ----

const fieldsOf = (r) => [...new Set((r.json?.error?.fields || []).map((f) => f.field))].sort();

/** A valid 警示提醒 to the demo enterprise; `over` replaces fields. */
const body = (over = {}) => ({
	kind: 'warning',
	target_type: 'enterprise',
	enterprise_id: own.id,
	number: `东应督〔2025〕${uniq()}号`,
	reason: `安全管理制度落实不到位${uniq()}`,
	requirements: '限期整改并书面报告',
	deadline: addDays(TODAY, 10),
	...over,
});

const post = (role, b, t = tok[role]) => api(srv.base, t, 'POST', '/api/v1/supervisions', b);
const get = (role, id, t = tok[role]) => api(srv.base, t, 'GET', `/api/v1/supervisions/${id}`);
const act = (role, id, b, t = tok[role]) =>
	api(srv.base, t, 'POST', `/api/v1/supervisions/${id}/transitions`, b);

async function issue(role, b) {
	const r = await post(role, b);
	assert.equal(r.status, 201, `${role} POST /supervisions: ${r.text}`);
	return r.json;
}

async function step(role, id, b) {
	const r = await act(role, id, b);
	assert.equal(r.status, 200, `${role} ${b.action}: ${r.text}`);
	return r.json;
}

async function count() {
	const r = await api(srv.base, tok.admin, 'GET', '/api/v1/supervisions?limit=1');
	assert.equal(r.status, 200, r.text);
	const a = await api(srv.base, tok.admin, 'GET', '/api/v1/audit?entity=supervision&limit=1');
	return { rows: r.json.total, audit: a.json.total };
}

/** POST /supervisions is 422 naming exactly `fields`, and nothing is written. */
async function refused(role, b, fields, what = '') {
	const before = await count();
	const r = await post(role, b);
	assert.equal(r.status, 422, `${what}: ${r.status} ${r.text}`);
	assert.equal(r.json.error.code, 'validation_failed');
	assert.deepEqual(fieldsOf(r), [...fields].sort(), `${what}: ${r.text}`);
	for (const f of r.json.error.fields)
		assert.ok(f.message.length > 0, 'a message per field');
	assert.deepEqual(await count(), before, `${what}: nothing written on 422`);
	return r;
}

async function upload(role, bytes = png, filename = 'photo.png', type = 'image/png') {
	const r = await api(srv.base, tok[role], 'POST',
	    `/api/v1/attachments?filename=${encodeURIComponent(filename)}`, bytes,
	    { headers: { 'Content-Type': type } });
	assert.equal(r.status, 201, `${role} upload: ${r.text}`);
	return r.json.id;
}
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** A hazard of the demo enterprise recorded by admin. */
async function hazard(level, over = {}) {
	const r = await api(srv.base, tok.admin, 'POST', '/api/v1/hazards', {
		enterprise_id: own.id, source: 'government_inspection', found_on: addDays(TODAY, -10),
		description: `储罐区可燃气体报警器失效${uniq()}`, level,
		...(level === 'major' ? { standard_item_id: chemicalItem } : {}), ...over,
	});
	assert.equal(r.status, 201, r.text);
	return r.json;
}

/** Moves a major hazard to awaiting_acceptance (the 五落实 plan, then done with a photo). */
async function toAcceptance(h) {
	const plan = await api(srv.base, tok.admin, 'POST', `/api/v1/hazards/${h.id}/transitions`, {
		action: 'submit_plan', responsible: '张主任', measures: '更换报警器', funds_fen: 500000,
		deadline: addDays(TODAY, 20), contingency: '现场处置方案' });
	assert.equal(plan.status, 200, plan.text);
	const done = await api(srv.base, tok.admin, 'POST', `/api/v1/hazards/${h.id}/transitions`,
	    { action: 'submit_done', after_photos: [await upload('admin')], note: '已更换' });
	assert.equal(done.status, 200, done.text);
}

const expectedActions = (role, s, issuerOrgId) => ACTIONS.filter((a) => FROM[a].includes(s.status) &&
    (a === 'respond' ? RESPONDERS.includes(role)
	: ISSUER_SIDE.includes(role) && (role !== 'district' || issuerOrgId === orgs.dongsheng.id)))
    .sort();

// =====================================================================================
// 1. Issuing
// =====================================================================================

test('a district issues a 警示提醒 to its enterprise: 201 with Location, issued, the enterprise\'s region and sector, an issue event, the audit row', async () => {
	const b = body();
	const r = await post('district', b);
	assert.equal(r.status, 201, r.text);
	const s = r.json;
	assert.equal(r.headers.get('location'), `/api/v1/supervisions/${s.id}`);
	assert.equal(s.status, 'issued');
	assert.equal(s.kind, 'warning');
	assert.equal(s.kind_label, '警示提醒');
	assert.equal(s.target_type, 'enterprise');
	assert.equal(s.target_type_label, '企业');
	assert.equal(s.issuer_org_id, orgs.dongsheng.id);
	assert.equal(s.issuer_org_name, orgs.dongsheng.name);
	assert.equal(s.enterprise_id, own.id);
	assert.equal(s.enterprise_name, own.name);
	assert.equal(s.target_name, own.name);
	assert.equal(s.region_code, own.region_code);
	assert.equal(s.sector, own.sector);
	assert.equal(s.number, b.number);
	assert.equal(s.reason, b.reason);
	assert.equal(s.requirements, b.requirements);
	assert.equal(s.issued_on, TODAY);
	assert.equal(s.deadline, b.deadline);
	assert.equal(s.overdue, false);
	assert.equal(s.days_left, 10);
	assert.equal(s.delisted_auto, false);
	assert.deepEqual(s.attachments, []);
	assert.deepEqual(s.response_attachments, []);
	for (const k of ['response', 'responded_on', 'closed_on', 'close_note', 'hazard_id',
		'target_org_id', 'target_region', 'accident_id'])
		assert.equal(s[k], null, k);
	assert.match(s.created_at, RFC3339_CST);
	assert.equal(s.events.length, 1);
	assert.equal(s.events[0].action, 'issue');
	assert.equal(s.events[0].from_status, null);
	assert.equal(s.events[0].to_status, 'issued');
	assert.equal(s.events[0].actor_name, names.district);
	assert.deepEqual([...s.actions].sort(), expectedActions('district', s, orgs.dongsheng.id));
	const audit = await api(srv.base, tok.admin, 'GET',
	    `/api/v1/audit?entity=supervision&entity_id=${s.id}`);
	assert.equal(audit.status, 200, audit.text);
	assert.deepEqual(audit.json.items.map((x) => x.action), ['create']);
});

test('every kind can be issued; a listing needs a deadline', async () => {
	for (const kind of ['listing', 'interview', 'warning', 'notice', 'inspection']) {
		const s = await issue('city', body({ kind }));
		assert.equal(s.kind, kind);
		assert.equal(s.issuer_org_id, orgs.city.id);
	}
	const b = body({ kind: 'listing' });
	delete b.deadline;
	await refused('city', b, ['deadline'], 'listing without deadline');
	const s = await issue('city', body({ kind: 'interview', deadline: undefined }));
	assert.equal(s.deadline, null);
	assert.equal(s.days_left, null);
});

test('a region target: the region\'s code, sector \'\', no enterprise, its name', async () => {
	const s = await issue('city', body({ kind: 'interview', target_type: 'region',
		enterprise_id: undefined, target_region: DEMO.district }));
	assert.equal(s.target_region, DEMO.district);
	assert.equal(s.region_code, DEMO.district);
	assert.equal(s.sector, '');
	assert.equal(s.enterprise_id, null);
	assert.equal(s.target_name, '东胜区');
	// A district reaches its townships, not itself.
	const t = await issue('district', body({ kind: 'inspection', target_type: 'region',
		enterprise_id: undefined, target_region: township.code }));
	assert.equal(t.region_code, township.code);
	await refused('district', body({ target_type: 'region', enterprise_id: undefined,
		target_region: DEMO.district }), ['target_region'], 'its own region');
	await refused('district', body({ target_type: 'region', enterprise_id: undefined,
		target_region: DEMO.otherDistrict }), ['target_region'], 'another district');
	await refused('city', body({ target_type: 'region', enterprise_id: undefined,
		target_region: '159999' }), ['target_region'], 'no such region');
	await refused('city', body({ target_type: 'region', enterprise_id: undefined }),
	    ['target_region'], 'without target_region');
});

test('an org target: the org\'s region, sector \'\', not the issuing org itself', async () => {
	const s = await issue('city', body({ kind: 'notice', target_type: 'org',
		enterprise_id: undefined, target_org_id: orgs.dongsheng.id }));
	assert.equal(s.target_org_id, orgs.dongsheng.id);
	assert.equal(s.region_code, orgs.dongsheng.region_code);
	assert.equal(s.sector, '');
	assert.equal(s.target_name, orgs.dongsheng.name);
	await refused('city', body({ target_type: 'org', enterprise_id: undefined,
		target_org_id: orgs.city.id }), ['target_org_id'], 'the issuing org');
	await refused('district', body({ target_type: 'org', enterprise_id: undefined,
		target_org_id: orgs.kangbashi.id }), ['target_org_id'], 'another district\'s bureau');
	await refused('city', body({ target_type: 'org', enterprise_id: undefined,
		target_org_id: 99999999 }), ['target_org_id'], 'no such org');
});

test('a hazard target: the hazard\'s region, sector and enterprise', async () => {
	const h = await hazard('general');
	const s = await issue('district', body({ kind: 'warning', target_type: 'hazard',
		enterprise_id: undefined, hazard_id: h.id }));
	assert.equal(s.hazard_id, h.id);
	assert.equal(s.enterprise_id, own.id);
	assert.equal(s.region_code, h.region_code);
	assert.equal(s.sector, h.sector);
	assert.equal(s.hazard_level, 'general');
	assert.equal(s.hazard_description, h.description);
	await refused('district', body({ target_type: 'hazard', hazard_id: h.id }),
	    ['enterprise_id'], 'enterprise_id is derived for a hazard');
	await refused('district', body({ target_type: 'hazard', enterprise_id: undefined,
		hazard_id: 99999999 }), ['hazard_id'], 'no such hazard');
});

test('an accident is listed for supervision (事故查处挂牌督办): in scope, its region and enterprise', async () => {
	const r = await api(srv.base, tok.inspector, 'POST', '/api/v1/accidents', {
		occurred_at: '2024-05-06T09:00:00+08:00', reported_at: '2024-05-06T09:40:00+08:00',
		enterprise_id: own.id, type: '中毒和窒息', deaths: 3, serious_injuries: 0,
		direct_loss_fen: 0 });
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.grade, 'larger');
	const s = await issue('city', body({ kind: 'listing', target_type: 'accident',
		enterprise_id: undefined, accident_id: r.json.id }));
	assert.equal(s.accident_id, r.json.id);
	assert.equal(s.enterprise_id, own.id);
	assert.equal(s.region_code, own.region_code);
	await refused('city', body({ kind: 'listing', target_type: 'accident',
		enterprise_id: undefined, accident_id: 999999 }), ['accident_id'], 'no such accident');
	// 康巴什区's bureau does not reach an accident of 东胜区.
	const far = await api(srv.base, other, 'POST', '/api/v1/supervisions', body({ kind: 'listing',
		target_type: 'accident', enterprise_id: undefined, accident_id: r.json.id }));
	assert.equal(far.status, 422, far.text);
});

test('an admin names the issuing org; others may not', async () => {
	await refused('admin', body(), ['issuer_org_id'], 'admin without an org');
	const s = await issue('admin', body({ issuer_org_id: orgs.dongsheng.id }));
	assert.equal(s.issuer_org_id, orgs.dongsheng.id);
	await refused('admin', body({ issuer_org_id: orgs.department.id }), ['issuer_org_id'],
	    'a department is not a bureau');
	await refused('admin', body({ issuer_org_id: orgs.kangbashi.id }), ['enterprise_id'],
	    'the enterprise is outside 康巴什区');
	await refused('district', body({ issuer_org_id: orgs.city.id }), ['issuer_org_id'],
	    'a district names an org');
});

for (const field of ['kind', 'target_type', 'reason']) {
	test(`a missing ${field} is 422 naming ${field}; nothing is written`, async () => {
		const b = body();
		delete b[field];
		await refused('district', b, [field], `without ${field}`);
	});
}

test('bad values are 422 naming the field', async () => {
	await refused('district', body({ kind: 'punishment' }), ['kind'], 'kind');
	await refused('district', body({ target_type: 'person' }), ['target_type'], 'target_type');
	await refused('district', body({ enterprise_id: 'x' }), ['enterprise_id'], 'enterprise_id');
	await refused('district', body({ reason: '短' }), ['reason'], 'reason of 1 character');
	await refused('district', body({ reason: '理'.repeat(2001) }), ['reason'], 'reason 2001');
	await refused('district', body({ requirements: '要'.repeat(4001) }), ['requirements'],
	    'requirements 4001');
	await refused('district', body({ number: '号'.repeat(61) }), ['number'], 'number 61');
	await refused('district', body({ issued_on: addDays(TODAY, 1) }), ['issued_on'], 'tomorrow');
	await refused('district', body({ issued_on: '2025-02-30' }), ['issued_on'], 'not a date');
	await refused('district', body({ issued_on: addDays(TODAY, -5), deadline: addDays(TODAY, -6) }),
	    ['deadline'], 'deadline before issue');
	await refused('district', body({ deadline: 'soon' }), ['deadline'], 'deadline not a date');
	await refused('district', body({ severity: 'high' }), ['severity'], 'unknown field');
	await refused('district', body({ status: 'closed' }), ['status'], 'status is not writable');
	await refused('district', body({ attachments: 'x' }), ['attachments'], 'attachments');
	await refused('district', body({ attachments: [99999999] }), ['attachments[0]'],
	    'no such attachment');
	// The deadline may equal the issue date, both in the past.
	const s = await issue('district', body({ issued_on: addDays(TODAY, -30),
		deadline: addDays(TODAY, -30) }));
	assert.equal(s.deadline, addDays(TODAY, -30));
});

test('roles other than admin, city and district cannot issue (403)', async () => {
	for (const role of ['department', 'inspector', 'reviewer', 'enterprise', 'viewer']) {
		const r = await post(role, body());
		assert.equal(r.status, 403, `${role}: ${r.text}`);
	}
});

test('attachments: the issuer\'s upload is linked and readable by the target, not by others', async () => {
	const file = await upload('district', pdf, '督办通知书.pdf', 'application/pdf');
	const s = await issue('district', body({ attachments: [file] }));
	assert.deepEqual(s.attachments, [file]);
	const ent = await api(srv.base, tok.enterprise, 'GET', `/api/v1/attachments/${file}`);
	assert.equal(ent.status, 200, ent.text);
	assert.ok(ent.bytes.equals(pdf));
	const far = await api(srv.base, other, 'GET', `/api/v1/attachments/${file}`);
	assert.equal(far.status, 404);
	await refused('district', body({ attachments: [file] }), ['attachments[0]'], 'linked already');
});

// =====================================================================================
// 2. Scope
// =====================================================================================

test('a district cannot target another district\'s enterprise, hazard or region (422, nothing written)', async () => {
	await refused('district', body({ enterprise_id: farEnt.id }), ['enterprise_id'], 'far enterprise');
	const far = await api(srv.base, tok.admin, 'POST', '/api/v1/hazards', {
		enterprise_id: farEnt.id, source: 'government_inspection', found_on: TODAY,
		description: `康巴什区隐患${uniq()}`, level: 'general' });
	assert.equal(far.status, 201, far.text);
	await refused('district', body({ target_type: 'hazard', enterprise_id: undefined,
		hazard_id: far.json.id }), ['hazard_id'], 'far hazard');
	// The city reaches both.
	const s = await issue('city', body({ enterprise_id: farEnt.id }));
	assert.equal(s.region_code, farEnt.region_code);
});

test('who sees what: the enterprise its own; a district its district; 404 outside the scope', async () => {
	const mine = await issue('district', body());
	const region = await issue('city', body({ target_type: 'region', enterprise_id: undefined,
		target_region: DEMO.district }));
	const far = await issue('city', body({ enterprise_id: farEnt.id }));
	const dept = await issue('district', body({ enterprise_id: deptEnt.id }));
	const ids = async (t, query = {}) => (await listAll(srv.base, t, '/api/v1/supervisions', query))
	    .items.map((x) => x.id);

	const ent = await ids(tok.enterprise);
	assert.ok(ent.includes(mine.id));
	assert.ok(!ent.includes(region.id) && !ent.includes(far.id) && !ent.includes(dept.id));
	assert.equal((await get('enterprise', mine.id)).status, 200);
	assert.equal((await get('enterprise', region.id)).status, 404);
	assert.equal((await get('enterprise', far.id)).status, 404);

	const dist = await ids(tok.district);
	assert.ok(dist.includes(mine.id) && dist.includes(region.id) && dist.includes(dept.id));
	assert.ok(!dist.includes(far.id));
	assert.equal((await get('district', far.id)).status, 404);
	assert.equal((await get('district', mine.id, other)).status, 404);

	const oth = await ids(other);
	assert.ok(oth.includes(far.id) && !oth.includes(mine.id) && !oth.includes(region.id));

	// A department sees its sectors' enterprises, not a region's supervision.
	const dep = await ids(tok.department);
	assert.ok(dep.includes(dept.id) && !dep.includes(region.id) && !dep.includes(mine.id));

	const city = await ids(tok.city);
	for (const s of [mine, region, far, dept])
		assert.ok(city.includes(s.id));
});

// =====================================================================================
// 3. Listing a hazard (挂牌督办)
// =====================================================================================

test('listing a general hazard is 422 naming hazard_id; a closed or voided one too', async () => {
	const g = await hazard('general');
	const r = await refused('district', body({ kind: 'listing', target_type: 'hazard',
		enterprise_id: undefined, hazard_id: g.id }), ['hazard_id'], 'general hazard');
	assert.match(r.json.error.fields[0].message, /重大事故隐患/);
	const v = await hazard('major');
	const voided = await api(srv.base, tok.admin, 'POST', `/api/v1/hazards/${v.id}/transitions`,
	    { action: 'void', reason: '重复登记' });
	assert.equal(voided.status, 200, voided.text);
	await refused('district', body({ kind: 'listing', target_type: 'hazard',
		enterprise_id: undefined, hazard_id: v.id }), ['hazard_id'], 'voided hazard');
});

test('a major hazard is listed once while open', async () => {
	const h = await hazard('major');
	const s = await issue('city', body({ kind: 'listing', target_type: 'hazard',
		enterprise_id: undefined, hazard_id: h.id }));
	assert.equal(s.hazard_level, 'major');
	await refused('district', body({ kind: 'listing', target_type: 'hazard',
		enterprise_id: undefined, hazard_id: h.id }), ['hazard_id'], 'listed twice');
	// Other kinds of supervision of the same hazard are fine.
	await issue('district', body({ kind: 'interview', target_type: 'hazard',
		enterprise_id: undefined, hazard_id: h.id }));
});

test('accepting a listed major hazard takes the listing down: closed, delisted_auto, a delist event by the accepting user, audited', async () => {
	const h = await hazard('major');
	const listing = await issue('city', body({ kind: 'listing', target_type: 'hazard',
		enterprise_id: undefined, hazard_id: h.id }));
	const interview = await issue('district', body({ kind: 'interview', target_type: 'hazard',
		enterprise_id: undefined, hazard_id: h.id }));
	// A listing of another hazard is not touched.
	const h2 = await hazard('major');
	const otherListing = await issue('city', body({ kind: 'listing', target_type: 'hazard',
		enterprise_id: undefined, hazard_id: h2.id }));
	// The enterprise responds before the acceptance: a responded listing is taken down too.
	await step('enterprise', listing.id, { action: 'respond', response: '已制定治理方案并落实' });
	await toAcceptance(h);
	const acc = await api(srv.base, tok.district, 'POST', `/api/v1/hazards/${h.id}/transitions`,
	    { action: 'accept', note: '验收合格' });
	assert.equal(acc.status, 200, acc.text);
	assert.equal(acc.json.status, 'closed');

	const s = (await get('city', listing.id)).json;
	assert.equal(s.status, 'closed');
	assert.equal(s.delisted_auto, true);
	assert.equal(s.closed_on, TODAY);
	assert.equal(s.close_note, '隐患已验收销号，自动摘牌');
	assert.equal(s.overdue, false);
	assert.deepEqual(s.actions, []);
	const last = s.events[s.events.length - 1];
	assert.equal(last.action, 'delist');
	assert.equal(last.from_status, 'responded');
	assert.equal(last.to_status, 'closed');
	assert.equal(last.actor_name, names.district);
	assert.equal(last.data.hazard_id, h.id);
	const audit = await api(srv.base, tok.admin, 'GET',
	    `/api/v1/audit?entity=supervision&entity_id=${listing.id}`);
	assert.ok(audit.json.items.some((x) => x.action === 'transition' &&
	    JSON.stringify(x.changes).includes('delist')), 'the delist is audited');
	// Only listings are taken down; the list filter finds it closed.
	assert.equal((await get('city', interview.id)).json.status, 'issued');
	assert.equal((await get('city', otherListing.id)).json.status, 'issued');
	const closed = await listAll(srv.base, tok.city, '/api/v1/supervisions',
	    { hazard_id: h.id, status: 'closed' });
	assert.deepEqual(closed.items.map((x) => x.id), [listing.id]);
	// A closed hazard cannot be listed again.
	const again = await refused('city', body({ kind: 'listing', target_type: 'hazard',
		enterprise_id: undefined, hazard_id: h.id }), ['hazard_id'], 'closed hazard');
	assert.match(again.json.error.fields[0].message, /销号/);
});

test('a hazard whose acceptance fails leaves its listing open', async () => {
	const h = await hazard('major');
	const listing = await issue('city', body({ kind: 'listing', target_type: 'hazard',
		enterprise_id: undefined, hazard_id: h.id }));
	// Not awaiting acceptance yet: 409, nothing changes.
	const acc = await api(srv.base, tok.district, 'POST', `/api/v1/hazards/${h.id}/transitions`,
	    { action: 'accept' });
	assert.equal(acc.status, 409, acc.text);
	assert.equal((await get('city', listing.id)).json.status, 'issued');
});

// =====================================================================================
// 4. The transitions
// =====================================================================================

test('respond → return → respond → close: states, dates, events, audit and actions per role', async () => {
	const s = await issue('district', body());
	const file = await upload('enterprise', pdf, '整改报告.pdf', 'application/pdf');
	let r = await step('enterprise', s.id, { action: 'respond', response: '已完成整改，详见报告',
		attachments: [file] });
	assert.equal(r.status, 'responded');
	assert.equal(r.response, '已完成整改，详见报告');
	assert.equal(r.responded_on, TODAY);
	assert.deepEqual(r.response_attachments, [file]);
	assert.deepEqual(r.actions, []);
	for (const role of ROLES) {
		const g = await get(role, s.id);
		if (g.status === 200)
			assert.deepEqual([...g.json.actions].sort(), expectedActions(role, g.json,
			    s.issuer_org_id), `${role} actions when responded`);
	}
	r = await step('district', s.id, { action: 'return', reason: '整改报告缺少验收材料' });
	assert.equal(r.status, 'issued');
	assert.equal(r.responded_on, null);
	assert.equal(r.response, '已完成整改，详见报告', 'the last response is kept');
	r = await step('enterprise', s.id, { action: 'respond', response: '补充验收材料',
		attachments: [await upload('enterprise')] });
	assert.equal(r.response_attachments.length, 2, 'earlier attachments are kept');
	r = await step('district', s.id, { action: 'close', note: '整改到位，同意销号' });
	assert.equal(r.status, 'closed');
	assert.equal(r.closed_on, TODAY);
	assert.equal(r.close_note, '整改到位，同意销号');
	assert.equal(r.delisted_auto, false);
	assert.deepEqual(r.events.map((e) => e.action), ['issue', 'respond', 'return', 'respond',
		'close']);
	assert.deepEqual(r.events.map((e) => e.to_status), ['issued', 'responded', 'issued',
		'responded', 'closed']);
	assert.equal(r.events[1].actor_name, names.enterprise);
	assert.equal(r.events[2].note, '整改报告缺少验收材料');
	for (const role of ROLES) {
		const g = await get(role, s.id);
		if (g.status === 200)
			assert.deepEqual(g.json.actions, [], `${role}: nothing after closing`);
	}
	const audit = await api(srv.base, tok.admin, 'GET',
	    `/api/v1/audit?entity=supervision&entity_id=${s.id}`);
	assert.deepEqual(audit.json.items.map((x) => x.action).sort(),
	    ['create', 'transition', 'transition', 'transition', 'transition']);
	// The enterprise reads the response attachment it linked.
	assert.equal((await api(srv.base, tok.enterprise, 'GET', `/api/v1/attachments/${file}`)).status,
	    200);
});

test('a region\'s staff respond; the issuing side closes; the district of the region cannot close a city\'s supervision (403)', async () => {
	const s = await issue('city', body({ kind: 'interview', target_type: 'region',
		enterprise_id: undefined, target_region: DEMO.district }));
	const g = (await get('district', s.id)).json;
	assert.deepEqual(g.actions, ['respond'], 'the district may respond, not close');
	const c = await act('district', s.id, { action: 'close', note: '自行销号' });
	assert.equal(c.status, 403, c.text);
	await step('district', s.id, { action: 'respond', response: '已约谈并整改' });
	const ret = await act('district', s.id, { action: 'return', reason: '不行' });
	assert.equal(ret.status, 403, ret.text);
	const done = await step('city', s.id, { action: 'close' });
	assert.equal(done.status, 'closed');
	assert.equal(done.close_note, null);
});

test('wrong role is 403 and changes nothing', async () => {
	const s = await issue('district', body({ enterprise_id: deptEnt.id }));
	for (const role of ['reviewer', 'viewer']) {
		const r = await act(role, s.id, { action: 'respond', response: '办理情况' });
		assert.equal(r.status, 403, `${role} respond: ${r.text}`);
	}
	for (const role of ['department', 'inspector']) {
		const r = await act(role, s.id, { action: 'close', note: '销号' });
		assert.equal(r.status, 403, `${role} close: ${r.text}`);
	}
	await step('department', s.id, { action: 'respond', response: '行业部门代为填报' });
	for (const role of ['department', 'inspector']) {
		const r = await act(role, s.id, { action: 'return', reason: '退回' });
		assert.equal(r.status, 403, `${role} return: ${r.text}`);
	}
	const own2 = await issue('district', body());
	let r = await act('enterprise', own2.id, { action: 'close', note: '说明' });
	assert.equal(r.status, 403, r.text);
	await step('enterprise', own2.id, { action: 'respond', response: '已整改' });
	r = await act('enterprise', own2.id, { action: 'return', reason: '理由' });
	assert.equal(r.status, 403, r.text);
	assert.equal((await get('district', own2.id)).json.status, 'responded');
	assert.equal((await get('district', s.id)).json.status, 'responded');
});

test('wrong state is 409 naming the action', async () => {
	const s = await issue('district', body());
	let r = await act('district', s.id, { action: 'return', reason: '退回' });
	assert.equal(r.status, 409, r.text);
	assert.equal(r.json.error.code, 'conflict');
	assert.match(r.json.error.message, /issued.*return/);
	await step('enterprise', s.id, { action: 'respond', response: '已整改' });
	r = await act('enterprise', s.id, { action: 'respond', response: '再次反馈' });
	assert.equal(r.status, 409, r.text);
	await step('city', s.id, { action: 'close' });
	for (const b of [{ action: 'close' }, { action: 'respond', response: '再次反馈' },
		{ action: 'return', reason: '退回' }]) {
		r = await act('city', s.id, b);
		assert.equal(r.status, 409, `${b.action} when closed: ${r.text}`);
	}
});

test('transition fields: required ones, unknown ones, dates, and closing without a response needs a note', async () => {
	const s = await issue('district', body({ issued_on: addDays(TODAY, -5) }));
	const bad = async (role, b, fields) => {
		const r = await act(role, s.id, b);
		assert.equal(r.status, 422, `${JSON.stringify(b)}: ${r.status} ${r.text}`);
		assert.deepEqual(fieldsOf(r), [...fields].sort(), r.text);
	};
	await bad('enterprise', { action: 'respond' }, ['response']);
	await bad('enterprise', { action: 'respond', response: '已整改', reason: 'x' }, ['reason']);
	await bad('enterprise', { action: 'respond', response: '已整改', responded_on: addDays(TODAY, -6) },
	    ['responded_on']);
	await bad('enterprise', { action: 'respond', response: '已整改', responded_on: addDays(TODAY, 1) },
	    ['responded_on']);
	await bad('district', { action: 'close' }, ['note']);
	await bad('district', { action: 'close', note: '撤销', closed_on: addDays(TODAY, -6) },
	    ['closed_on']);
	await bad('district', { action: 'revoke' }, ['action']);
	await bad('district', {}, ['action']);
	assert.equal((await get('district', s.id)).json.status, 'issued', 'nothing changed');
	const r = await step('enterprise', s.id, { action: 'respond', response: '已整改',
		responded_on: addDays(TODAY, -2) });
	assert.equal(r.responded_on, addDays(TODAY, -2));
	await bad('district', { action: 'return' }, ['reason']);
	await bad('district', { action: 'close', closed_on: addDays(TODAY, -3) }, ['closed_on']);
	const c = await step('district', s.id, { action: 'close', closed_on: addDays(TODAY, -1) });
	assert.equal(c.closed_on, addDays(TODAY, -1));
	// Closed straight from issued with a note (heads).
	const t = await issue('district', body());
	const d = await step('district', t.id, { action: 'close', note: '已在现场督导中落实' });
	assert.equal(d.status, 'closed');
	assert.equal(d.response, null);
});

test('a supervision of an unknown id is 404 for reading and acting', async () => {
	assert.equal((await get('city', 99999999)).status, 404);
	assert.equal((await act('city', 99999999, { action: 'close', note: 'x' })).status, 404);
});

// =====================================================================================
// 5. Overdue (derived) and the list
// =====================================================================================

test('overdue is derived: past deadline and not closed; overdue=true lists exactly those', async () => {
	const late = await issue('district', body({ issued_on: addDays(TODAY, -20),
		deadline: addDays(TODAY, -5) }));
	assert.equal(late.overdue, true);
	assert.equal(late.days_left, -5);
	const dueToday = await issue('district', body({ deadline: TODAY }));
	assert.equal(dueToday.overdue, false);
	assert.equal(dueToday.days_left, 0);
	const responded = await issue('district', body({ issued_on: addDays(TODAY, -20),
		deadline: addDays(TODAY, -1) }));
	await step('enterprise', responded.id, { action: 'respond', response: '已整改' });
	assert.equal((await get('district', responded.id)).json.overdue, true,
	    'responded but not closed is still overdue');
	const closed = await issue('district', body({ issued_on: addDays(TODAY, -20),
		deadline: addDays(TODAY, -5) }));
	const c = await step('district', closed.id, { action: 'close', note: '督导检查时已整改' });
	assert.equal(c.overdue, false);
	assert.equal(c.days_left, null);

	const list = await listAll(srv.base, tok.district, '/api/v1/supervisions', { overdue: 'true' });
	const ids = list.items.map((x) => x.id);
	assert.ok(ids.includes(late.id) && ids.includes(responded.id));
	assert.ok(!ids.includes(dueToday.id) && !ids.includes(closed.id));
	assert.ok(list.items.every((x) => x.overdue === true));
	assert.equal(list.total, list.items.length);
});

test('list filters, paging and newest first', async () => {
	const tag = uniq();
	const made = [];
	for (const kind of ['notice', 'notice', 'inspection'])
		made.push(await issue('district', body({ kind, issued_on: '2018-03-0' + (made.length + 1),
			deadline: '2018-04-01', reason: `筛选${tag}` })));
	const q = { issued_from: '2018-03-01', issued_to: '2018-03-03' };
	let l = await listAll(srv.base, tok.district, '/api/v1/supervisions', q);
	assert.deepEqual(l.items.map((x) => x.id), made.map((x) => x.id).reverse(), 'newest first');
	l = await listAll(srv.base, tok.district, '/api/v1/supervisions', { ...q, kind: 'notice' });
	assert.equal(l.total, 2);
	l = await listAll(srv.base, tok.district, '/api/v1/supervisions', { ...q, status: 'open' });
	assert.equal(l.total, 3);
	await step('district', made[0].id, { action: 'close', note: '撤回' });
	for (const [status, n] of [['open', 2], ['closed', 1], ['issued', 2], ['all', 3]]) {
		l = await listAll(srv.base, tok.district, '/api/v1/supervisions', { ...q, status });
		assert.equal(l.total, n, status);
	}
	l = await listAll(srv.base, tok.district, '/api/v1/supervisions',
	    { ...q, target_type: 'region' });
	assert.equal(l.total, 0);
	l = await listAll(srv.base, tok.district, '/api/v1/supervisions',
	    { ...q, enterprise_id: own.id, region: own.region_code });
	assert.equal(l.total, 3);
	l = await listAll(srv.base, tok.city, '/api/v1/supervisions',
	    { ...q, region: DEMO.otherDistrict });
	assert.equal(l.total, 0, 'region is a subtree filter');
	const page = await api(srv.base, tok.district, 'GET', '/api/v1/supervisions',
	    undefined, { query: { ...q, limit: 2 } });
	assert.equal(page.json.items.length, 2);
	assert.equal(page.json.total, 3);
	assert.ok(page.json.next_cursor);
	const page2 = await api(srv.base, tok.district, 'GET', '/api/v1/supervisions',
	    undefined, { query: { ...q, limit: 2, cursor: page.json.next_cursor } });
	assert.deepEqual(page2.json.items.map((x) => x.id), [made[0].id]);
	for (const [k, v] of [['kind', 'x'], ['status', 'x'], ['target_type', 'x'], ['region', 'abc'],
		['issued_from', '2018-13-01'], ['enterprise_id', '0'], ['overdue', 'yes']]) {
		const r = await api(srv.base, tok.district, 'GET', '/api/v1/supervisions', undefined,
		    { query: { [k]: v } });
		assert.equal(r.status, 422, `${k}=${v}: ${r.text}`);
		assert.deepEqual(fieldsOf(r), [k]);
	}
});

// =====================================================================================
// 6. Statistics (a date range of their own: 2019)
// =====================================================================================

describe('statistics', () => {
	const made = [];
	const FROM_ = '2019-01-01';
	const TO_ = '2019-12-31';

	before(async () => {
		const mk = async (role, over, then = []) => {
			const s = await issue(role, body({ deadline: '2019-06-30', ...over }));
			for (const b of then)
				await step(b.role, s.id, b.body);
			made.push({ ...(await get('city', s.id)).json });
		};
		const respond = { role: 'enterprise', body: { action: 'respond', response: '已整改' } };
		const close = { role: 'city', body: { action: 'close', note: '销号' } };
		await mk('city', { kind: 'listing', issued_on: '2019-03-01' });
		await mk('city', { kind: 'interview', issued_on: '2019-03-02' }, [respond]);
		await mk('district', { kind: 'interview', issued_on: '2019-04-01', deadline: undefined },
		    [respond, close]);
		await mk('city', { kind: 'warning', issued_on: '2019-05-01', target_type: 'region',
			enterprise_id: undefined, target_region: DEMO.district }, [close]);
		await mk('city', { kind: 'notice', issued_on: '2019-12-31', deadline: '2020-01-31',
			target_type: 'org', enterprise_id: undefined, target_org_id: orgs.kangbashi.id });
		await mk('city', { kind: 'inspection', issued_on: '2019-07-01', enterprise_id: farEnt.id,
			deadline: addDays(TODAY, 30) });
		// Outside the range: not counted.
		await mk('city', { kind: 'listing', issued_on: '2018-12-31', deadline: '2019-01-10' });
		await mk('city', { kind: 'listing', issued_on: '2020-01-01', deadline: '2020-01-10' });
	});

	/** The expected numbers from the rows made above (as of today). */
	function expected(rows, keyOf) {
		const out = new Map();
		const total = { issued: 0, responded: 0, closed: 0, overdue: 0 };
		for (const s of rows.filter((x) => x.issued_on >= FROM_ && x.issued_on <= TO_)) {
			const k = keyOf(s);
			const g = out.get(k) || { issued: 0, responded: 0, closed: 0, overdue: 0 };
			const add = { issued: 1, responded: s.status !== 'issued' ? 1 : 0,
				closed: s.status === 'closed' ? 1 : 0,
				overdue: s.status !== 'closed' && s.deadline !== null && s.deadline < TODAY ? 1 : 0 };
			for (const m of Object.keys(add)) {
				g[m] += add[m];
				total[m] += add[m];
			}
			out.set(k, g);
		}
		return { groups: out, total };
	}

	const stats = (role, query, t = tok[role]) => api(srv.base, t, 'GET', '/api/v1/stats/supervision',
	    undefined, { query: { from: FROM_, to: TO_, ...query } });

	test('group_by kind: every kind listed with its label; numbers from the rows made', async () => {
		const r = await stats('city', { group_by: 'kind' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.from, FROM_);
		assert.equal(r.json.to, TO_);
		assert.equal(r.json.as_of, TODAY);
		assert.equal(r.json.group_by, 'kind');
		assert.deepEqual(r.json.groups.map((g) => g.key),
		    ['listing', 'interview', 'warning', 'notice', 'inspection']);
		assert.deepEqual(r.json.groups.map((g) => g.label),
		    ['挂牌督办', '约谈', '警示提醒', '考核通报', '督导检查']);
		const exp = expected(made, (s) => s.kind);
		for (const g of r.json.groups) {
			const e = exp.groups.get(g.key) || { issued: 0, responded: 0, closed: 0, overdue: 0 };
			assert.deepEqual({ issued: g.issued, responded: g.responded, closed: g.closed,
				overdue: g.overdue }, e, g.key);
		}
		assert.deepEqual({ issued: r.json.total.issued, responded: r.json.total.responded,
			closed: r.json.total.closed, overdue: r.json.total.overdue }, exp.total);
		assert.equal(r.json.total.issued, 6);
		assert.equal(r.json.total.label, '合计');
	});

	test('group_by target_type and region', async () => {
		let r = await stats('city', { group_by: 'target_type' });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.groups.map((g) => g.label), ['地区', '机关', '企业', '隐患', '事故']);
		let exp = expected(made, (s) => s.target_type);
		for (const g of r.json.groups)
			assert.equal(g.issued, exp.groups.get(g.key)?.issued || 0, g.key);
		r = await stats('city', { group_by: 'region' });
		assert.equal(r.status, 200, r.text);
		exp = expected(made, (s) => s.region_code.slice(0, 6));
		const dong = r.json.groups.find((g) => g.key === DEMO.district);
		assert.equal(dong.label, '东胜区');
		assert.deepEqual({ issued: dong.issued, responded: dong.responded, closed: dong.closed,
			overdue: dong.overdue }, exp.groups.get(DEMO.district));
		const kbs = r.json.groups.find((g) => g.key === DEMO.otherDistrict);
		assert.equal(kbs.issued, exp.groups.get(DEMO.otherDistrict).issued);
		assert.equal(r.json.total.issued, 6);
		assert.ok(r.json.groups.every((g) => g.label.length > 0));
	});

	test('as_of: overdue and closed as of a past day', async () => {
		const r = await stats('city', { group_by: 'kind', as_of: '2019-06-30' });
		assert.equal(r.status, 200, r.text);
		// On 2019-06-30 nothing was closed or responded (all were done today), no deadline
		// had passed (2019-06-30 is not before itself).
		assert.equal(r.json.total.closed, 0);
		assert.equal(r.json.total.responded, 0);
		assert.equal(r.json.total.overdue, 0);
		const later = await stats('city', { group_by: 'kind', as_of: '2019-07-01' });
		// listing, interview (03-02) and the warning closed only today.
		assert.equal(later.json.total.overdue, 3, 'the 2019-06-30 deadlines not closed by then');
	});

	test('scoped: a district counts its own, the enterprise its own', async () => {
		const r = await stats('district', { group_by: 'kind' });
		const exp = expected(made.filter((s) => s.region_code.startsWith(DEMO.district)), () => 'x');
		assert.equal(r.json.total.issued, exp.total.issued);
		// The district's own level is a group of its own: 东胜区（本级）.
		const reg = await stats('district', { group_by: 'region' });
		const self = reg.json.groups.find((g) => g.key === DEMO.district);
		assert.equal(self.label, '东胜区（本级）');
		assert.equal(self.issued, made.filter((s) => s.region_code === DEMO.district &&
		    s.issued_on >= FROM_ && s.issued_on <= TO_).length);
		assert.ok(reg.json.groups.some((g) => g.key === township.code && g.label === township.name));
		const e = await stats('enterprise', { group_by: 'kind' });
		const expE = expected(made.filter((s) => s.enterprise_id === own.id), () => 'x');
		assert.equal(e.json.total.issued, expE.total.issued);
	});

	test('bad parameters are 422 naming them', async () => {
		for (const [q, f] of [[{ group_by: 'sector' }, 'group_by'], [{ from: '2019-02-30' }, 'from'],
			[{ to: 'x' }, 'to'], [{ from: '2019-05-01', to: '2019-04-01' }, 'to'],
			[{ as_of: '2019/01/01' }, 'as_of'], [{ format: 'pdf' }, 'format']]) {
			const r = await stats('city', q);
			assert.equal(r.status, 422, `${JSON.stringify(q)}: ${r.text}`);
			assert.deepEqual(fieldsOf(r), [f]);
		}
	});

	test('?format=xlsx downloads a real spreadsheet with a row per group and a 合计 row', async () => {
		const json = (await stats('city', { group_by: 'kind' })).json;
		const r = await stats('city', { group_by: 'kind', format: 'xlsx' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.headers.get('content-type'),
		    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		assert.match(r.headers.get('content-disposition') || '', /^attachment;.*\.xlsx/);
		assert.deepEqual([...r.bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'zip signature');
		const file = path.join(tmpDir(), 'stats.xlsx');
		fs.writeFileSync(file, r.bytes);
		const sheetName = execFileSync('unzip', ['-Z1', file]).toString('utf8').split('\n')
		    .find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
		assert.ok(sheetName);
		let xml = execFileSync('unzip', ['-p', file, sheetName]).toString('utf8');
		try {
			xml += execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml'],
			    { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
		} catch {
			// inline strings only (constant memory mode)
		}
		assert.ok(xml.includes('合计'), 'the 合计 row');
		for (const label of ['挂牌督办', '约谈', '警示提醒', '考核通报', '督导检查', '督办问责统计表'])
			assert.ok(xml.includes(label), label);
		assert.ok(xml.includes(`<v>${json.total.issued}</v>`), 'the total as a number');
		const csv = await stats('city', { group_by: 'kind', format: 'csv' });
		assert.equal(csv.status, 200);
		const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
		assert.ok(lines[lines.length - 1].startsWith('合计,'), lines[lines.length - 1]);
		assert.ok(lines[lines.length - 1].startsWith(`合计,${json.total.issued},`));
	});
});

// =====================================================================================
// 7. Notifications (a server of their own, so the counts are exact)
// =====================================================================================

describe('notifications', () => {
	let s;
	const t = {};
	const sup = {};

	const notes = async (role) => {
		const r = await api(s.base, t[role], 'GET', '/api/v1/notifications', undefined,
		    { query: { limit: 500 } });
		assert.equal(r.status, 200, `${role}: ${r.text}`);
		return r.json.items.filter((n) => n.entity === 'supervision');
	};
	const notify = async (today) => {
		const r = await runCli(['notify', '--db', s.dbPath, '--today', today]);
		assert.equal(r.code, 0, `notify:\n${r.stdout}\n${r.stderr}`);
		const m = /supervisions (\d+)/.exec(r.stdout);
		assert.ok(m, `notify reports the supervision notifications: ${r.stdout}`);
		return Number(m[1]);
	};
	const keys = (list) => list.map((n) => `${n.kind}:${n.entity_id}`).sort();

	before(async () => {
		s = await startServer();
		for (const role of ['admin', 'city', 'district', 'enterprise'])
			t[role] = await login(s.base, USERS[role]);
		const mk = async (role, b) => {
			const r = await api(s.base, t[role], 'POST', '/api/v1/supervisions', b);
			assert.equal(r.status, 201, r.text);
			return r.json;
		};
		sup.soon = await mk('district', body({ deadline: addDays(TODAY, 2) }));
		sup.late = await mk('district', body({ issued_on: addDays(TODAY, -20),
			deadline: addDays(TODAY, -3) }));
		sup.later = await mk('district', body({ deadline: addDays(TODAY, 10) }));
		sup.none = await mk('district', body({ kind: 'notice', deadline: undefined }));
		sup.region = await mk('city', body({ kind: 'interview', target_type: 'region',
			enterprise_id: undefined, target_region: DEMO.district,
			issued_on: addDays(TODAY, -20), deadline: addDays(TODAY, -1) }));
		sup.closed = await mk('district', body({ issued_on: addDays(TODAY, -20),
			deadline: addDays(TODAY, -2) }));
		const c = await api(s.base, t.district, 'POST',
		    `/api/v1/supervisions/${sup.closed.id}/transitions`, { action: 'close', note: '已办结' });
		assert.equal(c.status, 200, c.text);
	});

	after(async () => {
		await s?.stop();
	});

	test('on issue: supervision_issued to the enterprise and the district; a region target to the district only, without an enterprise', async () => {
		const ent = await notes('enterprise');
		assert.deepEqual(keys(ent), keys(['soon', 'late', 'later', 'none', 'closed'].map((k) =>
			({ kind: 'supervision_issued', entity_id: sup[k].id }))));
		for (const n of ent) {
			assert.equal(n.enterprise_id, own.id);
			assert.equal(n.region_code, own.region_code);
			assert.match(n.message, /东胜区应急管理局下达/);
		}
		assert.equal(ent.find((n) => n.entity_id === sup.soon.id).due_on, sup.soon.deadline);
		assert.equal(ent.find((n) => n.entity_id === sup.none.id).due_on, TODAY,
		    'no deadline: the issue date');
		const dist = await notes('district');
		assert.equal(dist.length, 6);
		const reg = dist.find((n) => n.entity_id === sup.region.id);
		assert.equal(reg.kind, 'supervision_issued');
		assert.equal(reg.enterprise_id, null);
		assert.equal(reg.region_code, DEMO.district);
		assert.match(reg.message, /约谈/);
		// A notification without an enterprise is read like any other.
		const rd = await api(s.base, t.district, 'POST', `/api/v1/notifications/${reg.id}/read`);
		assert.equal(rd.status, 204, rd.text);
		assert.equal((await notes('district')).find((n) => n.id === reg.id).read, true);
		assert.equal((await notes('city')).length, 6);
	});

	test('`anjian notify --today` writes due-soon and overdue notifications once', async () => {
		// soon (+2): due soon ×2; late (−3): overdue ×2; region (−1): overdue to the district.
		assert.equal(await notify(TODAY), 5);
		const ent = await notes('enterprise');
		assert.deepEqual(keys(ent.filter((n) => n.kind !== 'supervision_issued')),
		    [`supervision_due_soon:${sup.soon.id}`, `supervision_overdue:${sup.late.id}`].sort());
		const dist = await notes('district');
		assert.deepEqual(keys(dist.filter((n) => n.kind !== 'supervision_issued')),
		    [`supervision_due_soon:${sup.soon.id}`, `supervision_overdue:${sup.late.id}`,
			`supervision_overdue:${sup.region.id}`].sort());
		const soon = ent.find((n) => n.kind === 'supervision_due_soon');
		assert.equal(soon.due_on, sup.soon.deadline);
		assert.match(soon.message, /办理期限将至/);
		assert.match(ent.find((n) => n.kind === 'supervision_overdue').message, /已超过办理期限/);
		assert.ok(!dist.some((n) => n.entity_id === sup.closed.id && n.kind !== 'supervision_issued'),
		    'a closed supervision is not notified');
		assert.equal(await notify(TODAY), 0, 'nothing the second time');
		// Three days on: soon is overdue; later (+10) is not yet due.
		assert.equal(await notify(addDays(TODAY, 3)), 2);
		assert.ok((await notes('enterprise')).some((n) => n.kind === 'supervision_overdue' &&
		    n.entity_id === sup.soon.id));
		assert.equal(await notify(addDays(TODAY, 7)), 2, 'later is due soon at +7');
	});
});
