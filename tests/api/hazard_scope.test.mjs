// Hazards × data scope: who sees and acts on which hazards (docs/api.md, "Roles and data
// scope": a row outside the caller's scope answers 404; an action the role may not take 403).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
	api, DEMO, listAll, loginAll, startServer, tinyPng, uniq, USERS,
} from '../lib/server.mjs';

const shanghaiDate = (ms) => new Date(ms + 8 * 3600000).toISOString().slice(0, 10);
const TODAY = shanghaiDate(Date.now());
const addDays = (date, n) =>
	new Date(Date.parse(`${date}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

let srv;
let tok;
let own;		// the demo enterprise user's enterprise (东胜区, chemical)
const ent = {};		// enterprises by what they are for
const hz = {};		// hazards by name
let chemItem;		// a citable chemical standard item
const png = tinyPng();

const inCounty = (code, county) => code.startsWith(county);
const deptSector = (s) => DEMO.departmentSectors.includes(s);

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base);
	const me = await api(srv.base, tok.enterprise, 'GET', '/api/v1/me');
	const all = (await listAll(srv.base, tok.admin, '/api/v1/enterprises')).items;
	own = all.find((e) => e.id === me.json.user.enterprise_id);
	assert.ok(own && inCounty(own.region_code, DEMO.district) && !deptSector(own.sector));
	const pick = (pred, what) => {
		const e = all.find((x) => x.id !== own.id && pred(x));
		assert.ok(e, `a demo enterprise: ${what}`);
		return e;
	};
	ent.neighbour = pick((e) => inCounty(e.region_code, DEMO.district) && !deptSector(e.sector),
	    '东胜区, not the department\'s sector');
	ent.deptNear = pick((e) => inCounty(e.region_code, DEMO.district) && deptSector(e.sector),
	    '东胜区, the department\'s sector');
	ent.deptFar = pick((e) => inCounty(e.region_code, DEMO.otherDistrict) && deptSector(e.sector),
	    '康巴什区, the department\'s sector');
	ent.far = pick((e) => inCounty(e.region_code, DEMO.otherDistrict) && !deptSector(e.sector),
	    '康巴什区, not the department\'s sector');
	ent.gas = pick((e) => e.sector === 'city_gas' && !inCounty(e.region_code, DEMO.district) &&
	    !inCounty(e.region_code, DEMO.otherDistrict), 'city gas in a third county');
	const items = await api(srv.base, tok.admin, 'GET',
	    `/api/v1/standard-items?sector=${own.sector}&citable=true&on=${TODAY}`);
	chemItem = items.json.items[0].id;

	const create = async (role, over) => {
		const r = await api(srv.base, tok[role], 'POST', '/api/v1/hazards', {
			source: 'government_inspection', found_on: TODAY, level: 'general',
			description: `范围测试${uniq()}`, deadline: addDays(TODAY, 20), ...over,
		});
		assert.equal(r.status, 201, `${role}: ${r.text}`);
		return r.json;
	};
	hz.ownSelf = await create('enterprise', { enterprise_id: own.id, source: 'self_inspection' });
	hz.ownGov = await create('district', { enterprise_id: own.id });
	hz.ownMajor = await create('admin', { enterprise_id: own.id, level: 'major',
		standard_item_id: chemItem });
	hz.neighbour = await create('inspector', { enterprise_id: ent.neighbour.id });
	hz.deptNear = await create('department', { enterprise_id: ent.deptNear.id });
	hz.deptFar = await create('admin', { enterprise_id: ent.deptFar.id });
	hz.far = await create('city', { enterprise_id: ent.far.id, source: 'complaint' });
	hz.far2 = await create('admin', { enterprise_id: ent.far.id, found_on: addDays(TODAY, -1) });
	hz.gas = await create('admin', { enterprise_id: ent.gas.id });
	// A voided one and a closed one of the district.
	hz.nearVoided = await create('district', { enterprise_id: ent.neighbour.id });
	const v = await api(srv.base, tok.district, 'POST', `/api/v1/hazards/${hz.nearVoided.id}/transitions`,
	    { action: 'void', reason: '误报' });
	assert.equal(v.status, 200, v.text);
});

after(async () => {
	await srv?.stop();
});

/** Whether a hazard is in the role's scope (docs/api.md, the scope table). */
function inScope(role, h) {
	switch (role) {
	case 'admin':
		return true;
	case 'city':
	case 'reviewer':
	case 'viewer':
		return inCounty(h.region_code, DEMO.city.slice(0, 4));
	case 'district':
	case 'inspector':
		return inCounty(h.region_code, DEMO.district);
	case 'department':
		return inCounty(h.region_code, DEMO.city.slice(0, 4)) && deptSector(h.sector);
	case 'enterprise':
		return h.enterprise_id === own.id;
	default:
		throw new Error(role);
	}
}

const get = (role, id) => api(srv.base, tok[role], 'GET', `/api/v1/hazards/${id}`);
const act = (role, id, b) => api(srv.base, tok[role], 'POST', `/api/v1/hazards/${id}/transitions`, b);
const plan = { action: 'submit_plan', measures: '整改', deadline: addDays(TODAY, 10) };

async function adminAll(query = {}) {
	const r = await listAll(srv.base, tok.admin, '/api/v1/hazards', { status: 'all', ...query });
	assert.equal(r.items.length, r.total);
	return r.items;
}

test('the fixtures cover every scope boundary', async () => {
	const all = await adminAll();
	for (const role of Object.keys(USERS)) {
		assert.ok(all.some((h) => inScope(role, h)), `${role} sees something`);
		if (role !== 'admin' && role !== 'city' && role !== 'reviewer' && role !== 'viewer')
			assert.ok(all.some((h) => !inScope(role, h)), `${role} misses something`);
	}
});

for (const role of Object.keys(USERS)) {
	test(`${role} (${USERS[role]}): the list and its total are exactly the hazards of its scope`, async () => {
		const all = await adminAll();
		for (const query of [{ status: 'all' }, {}, { status: 'open' }]) {
			const want = all.filter((h) => inScope(role, h) &&
			    (query.status === 'all' || h.status !== 'voided') &&
			    (query.status !== 'open' || !['closed', 'voided'].includes(h.status)))
			    .map((h) => h.id).sort((a, b) => a - b);
			const got = await listAll(srv.base, tok[role], '/api/v1/hazards', query);
			assert.equal(got.total, want.length, `${role} ${JSON.stringify(query)} total`);
			assert.deepEqual(got.items.map((h) => h.id).sort((a, b) => a - b), want,
			    `${role} ${JSON.stringify(query)}`);
			const page = await api(srv.base, tok[role], 'GET', '/api/v1/hazards', undefined,
			    { query: { ...query, limit: 1 } });
			assert.equal(page.json.total, want.length, 'a small page has the same total');
		}
	});

	test(`${role}: GET /hazards/{id} is 200 inside its scope and 404 outside`, async () => {
		const all = await adminAll();
		for (const h of all) {
			const r = await get(role, h.id);
			if (inScope(role, h)) {
				assert.equal(r.status, 200, `${role} GET ${h.id} (${h.region_code} ${h.sector})`);
				assert.equal(r.json.id, h.id);
			} else {
				assert.equal(r.status, 404, `${role} GET ${h.id} (${h.region_code} ${h.sector}): ${r.text}`);
				assert.equal(r.json.error.code, 'not_found');
			}
		}
	});
}

test('a region filter only narrows the scope, never widens it', async () => {
	const all = await adminAll();
	const cases = [
		['district', DEMO.city], ['district', DEMO.district], ['inspector', DEMO.city],
		['department', DEMO.district], ['department', DEMO.city], ['enterprise', DEMO.city],
		['enterprise', own.region_code], ['viewer', DEMO.otherDistrict],
	];
	for (const [role, region] of cases) {
		// The subtree of a city code (1506 00) is every code that starts 1506.
		const prefix = /^\d{4}00$/.test(region) ? region.slice(0, 4) : region;
		const want = all.filter((h) => inScope(role, h) && h.status !== 'voided' &&
		    h.region_code.startsWith(prefix)).map((h) => h.id).sort((a, b) => a - b);
		assert.ok(want.length > 0, `${role} region=${region} finds something`);
		const got = await listAll(srv.base, tok[role], '/api/v1/hazards', { region });
		assert.equal(got.total, want.length, `${role} region=${region}`);
		assert.deepEqual(got.items.map((h) => h.id).sort((a, b) => a - b), want);
	}
});

test('the enterprise user never sees another enterprise\'s hazards, even when it filters for them', async () => {
	for (const query of [{ enterprise_id: ent.neighbour.id }, { enterprise_id: ent.far.id },
		{ region: DEMO.otherDistrict }, { sector: ent.deptNear.sector }, { status: 'all', q: '范围测试' }]) {
		const r = await listAll(srv.base, tok.enterprise, '/api/v1/hazards', query);
		assert.ok(r.items.every((h) => h.enterprise_id === own.id),
		    `${JSON.stringify(query)}: ${r.items.map((h) => h.enterprise_id)}`);
		if (query.q === undefined)
			assert.equal(r.total, 0, JSON.stringify(query));
	}
	const mine = await listAll(srv.base, tok.enterprise, '/api/v1/hazards', { enterprise_id: own.id });
	assert.ok(mine.total >= 3);
});

test('the enterprise user: a transition on another enterprise\'s hazard is 404 and changes nothing', async () => {
	for (const h of [hz.neighbour, hz.far, hz.deptNear]) {
		const r = await act('enterprise', h.id, plan);
		assert.equal(r.status, 404, `submit_plan on ${h.id}: ${r.text}`);
		const a = await act('enterprise', h.id, { action: 'accept', note: 'x' });
		assert.equal(a.status, 404, `accept on ${h.id}: ${a.text}`);
		const g = await get('admin', h.id);
		assert.equal(g.json.status, 'reported');
		assert.equal(g.json.events.length, 1);
	}
	// Its own is fine (the same body).
	const own1 = await act('enterprise', hz.ownGov.id, plan);
	assert.equal(own1.status, 200, own1.text);
	assert.equal(own1.json.status, 'rectifying');
});

test('the enterprise user records hazards only for its own enterprise (422 enterprise_id)', async () => {
	const r = await api(srv.base, tok.enterprise, 'POST', '/api/v1/hazards', {
		enterprise_id: ent.neighbour.id, source: 'self_inspection', found_on: TODAY,
		description: '别人的隐患', level: 'general',
	});
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(r.json.error.fields.map((f) => f.field), ['enterprise_id']);
});

async function stats(role, query = {}) {
	const r = await api(srv.base, tok[role], 'GET', '/api/v1/stats/hazards', undefined,
	    { query: { from: addDays(TODAY, -400), to: TODAY, ...query } });
	assert.equal(r.status, 200, `${role} stats: ${r.text}`);
	return r.json;
}

test('statistics count only the caller\'s scope (enterprise, district, department)', async () => {
	const all = await adminAll();
	const from = addDays(TODAY, -400);
	for (const role of ['enterprise', 'district', 'inspector', 'department', 'city', 'admin']) {
		const want = all.filter((h) => inScope(role, h) && h.status !== 'voided' &&
		    h.found_on >= from && h.found_on <= TODAY);
		const s = await stats(role);
		assert.equal(s.total.found, want.length, `${role} found`);
		assert.equal(s.total.major_found, want.filter((h) => h.level === 'major').length,
		    `${role} major_found`);
	}
	const e = await stats('enterprise');
	const a = await stats('admin');
	assert.ok(e.total.found < a.total.found, 'the enterprise counts fewer than the city');
});

test('the ledger download follows the scope too', async () => {
	for (const role of ['enterprise', 'district', 'department']) {
		const r = await api(srv.base, tok[role], 'GET', '/api/v1/hazards?format=csv&status=all');
		assert.equal(r.status, 200, r.text.slice(0, 200));
		const lines = r.bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean).slice(1);
		const ids = lines.map((l) => Number(l.split(',')[0])).sort((a, b) => a - b);
		const want = (await adminAll()).filter((h) => inScope(role, h)).map((h) => h.id)
		    .sort((a, b) => a - b);
		assert.deepEqual(ids, want, role);
	}
});

test('district and inspector (150602) cannot see or act on hazards of 150603 enterprises', async () => {
	for (const role of ['district', 'inspector']) {
		for (const h of [hz.far, hz.far2, hz.deptFar]) {
			const g = await get(role, h.id);
			assert.equal(g.status, 404, `${role} GET ${h.id}`);
			const r = await act(role, h.id, plan);
			assert.equal(r.status, 404, `${role} submit_plan ${h.id}: ${r.text}`);
		}
		const v = await act(role, hz.far.id, { action: 'void', reason: 'x' });
		assert.equal(v.status, 404, `${role} void outside: ${v.text}`);
		const l = await api(srv.base, tok[role], 'GET', '/api/v1/hazards', undefined,
		    { query: { region: DEMO.otherDistrict, status: 'all' } });
		assert.equal(l.status, 200, l.text);
		assert.equal(l.json.total, 0);
		assert.deepEqual(l.json.items, []);
		const c = await api(srv.base, tok[role], 'POST', '/api/v1/hazards', {
			enterprise_id: ent.far.id, source: 'government_inspection', found_on: TODAY,
			description: '越界登记', level: 'general',
		});
		assert.equal(c.status, 422, c.text);
		assert.deepEqual(c.json.error.fields.map((f) => f.field), ['enterprise_id']);
	}
	assert.equal((await get('admin', hz.far.id)).json.status, 'reported', 'nothing changed');
	// Inside its district the same calls work.
	const ok = await act('inspector', hz.neighbour.id, plan);
	assert.equal(ok.status, 200, ok.text);
});

test('the department sees and acts only on its sectors (construction, city_gas), city-wide', async () => {
	for (const h of [hz.deptNear, hz.deptFar, hz.gas])
		assert.equal((await get('department', h.id)).status, 200, `GET ${h.id} (${h.sector})`);
	for (const h of [hz.ownGov, hz.neighbour, hz.far]) {
		assert.equal((await get('department', h.id)).status, 404, `GET ${h.id} (${h.sector})`);
		const r = await act('department', h.id, plan);
		assert.equal(r.status, 404, `submit_plan ${h.id} (${h.sector}): ${r.text}`);
	}
	const r = await act('department', hz.deptFar.id, plan);
	assert.equal(r.status, 200, r.text);
	const bodyFor = (id) => ({ enterprise_id: id, source: 'government_inspection', found_on: TODAY,
		description: `住建检查${uniq()}`, level: 'general' });
	const c1 = await api(srv.base, tok.department, 'POST', '/api/v1/hazards', bodyFor(ent.deptFar.id));
	assert.equal(c1.status, 201, c1.text);
	const c2 = await api(srv.base, tok.department, 'POST', '/api/v1/hazards', bodyFor(ent.neighbour.id));
	assert.equal(c2.status, 422, c2.text);
	assert.deepEqual(c2.json.error.fields.map((f) => f.field), ['enterprise_id']);
	const l = await listAll(srv.base, tok.department, '/api/v1/hazards', { sector: own.sector });
	assert.equal(l.total, 0, 'filtering for another sector finds nothing');
});

test('viewer and reviewer read everything in the city but write nothing (403)', async () => {
	const photo = await api(srv.base, tok.reviewer, 'POST', '/api/v1/attachments?filename=r.png', png,
	    { headers: { 'Content-Type': 'image/png' } });
	assert.equal(photo.status, 201, photo.text);
	for (const role of ['viewer', 'reviewer']) {
		for (const h of [hz.ownGov, hz.far, hz.gas]) {
			const g = await get(role, h.id);
			assert.equal(g.status, 200, `${role} GET ${h.id}`);
			assert.deepEqual(g.json.actions, [], `${role} takes no action`);
		}
		const before = (await adminAll()).length;
		const c = await api(srv.base, tok[role], 'POST', '/api/v1/hazards', {
			enterprise_id: own.id, source: 'government_inspection', found_on: TODAY,
			description: '只读用户登记', level: 'general',
		});
		assert.equal(c.status, 403, `${role} POST: ${c.text}`);
		assert.equal(c.json.error.code, 'forbidden');
		assert.equal((await adminAll()).length, before, 'nothing recorded');
		const target = await api(srv.base, tok.admin, 'POST', '/api/v1/hazards', {
			enterprise_id: own.id, source: 'government_inspection', found_on: TODAY,
			description: `只读目标${uniq()}`, level: 'general',
		});
		for (const b of [plan, { action: 'void', reason: 'x' },
			{ action: 'submit_done', after_photos: [photo.json.id], note: 'x' },
			{ action: 'accept', note: 'x' }, { action: 'reject', reason: 'x' }]) {
			const r = await act(role, target.json.id, b);
			assert.equal(r.status, 403, `${role} ${b.action}: ${r.text}`);
		}
		const g = await get('admin', target.json.id);
		assert.equal(g.json.status, 'reported');
		assert.equal(g.json.events.length, 1);
	}
});
