// Role × data-scope matrix on enterprises: reads, lists, writes and transitions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
	api, DEMO, enterpriseBody, listAll, login, loginAll, startServer, USERS,
} from '../lib/server.mjs';

let srv;
let tok;		// tokens by role
let entId;		// the enterprise of the demo enterprise user

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base);
	const me = await api(srv.base, tok.enterprise, 'GET', '/api/v1/me');
	assert.equal(me.status, 200, me.text);
	entId = me.json.user.enterprise_id;
	assert.ok(Number.isInteger(entId) && entId > 0, 'the enterprise user has an enterprise');
});

after(async () => {
	await srv?.stop();
});

const inCounty = (e, county) => e.region_code.startsWith(county);
const deptSector = (e) => DEMO.departmentSectors.includes(e.sector);

/** What each role must see, computed from the administrator's full list. */
function expectedFor(role, all) {
	switch (role) {
	case 'admin':
		return all;
	case 'city':
	case 'reviewer':
	case 'viewer':
		return all.filter((e) => inCounty(e, '1506'));
	case 'district':
	case 'inspector':
		return all.filter((e) => inCounty(e, DEMO.district));
	case 'department':
		return all.filter((e) => inCounty(e, '1506') && deptSector(e));
	case 'enterprise':
		return all.filter((e) => e.id === entId);
	default:
		throw new Error(role);
	}
}

async function adminAll(query = {}) {
	const { items, total } = await listAll(srv.base, tok.admin, '/api/v1/enterprises', query);
	assert.equal(items.length, total);
	return items;
}

async function create(role, over = {}) {
	return api(srv.base, tok[role], 'POST', '/api/v1/enterprises', enterpriseBody(over));
}

function fieldsOf(r) {
	return (r.json?.error?.fields || []).map((f) => f.field).sort();
}

test('the demo enterprise user belongs to the first demo enterprise of 东胜区 (150602)', async () => {
	const all = await adminAll();
	const first = all.filter((e) => inCounty(e, DEMO.district)).sort((a, b) => a.id - b.id)[0];
	assert.ok(first, 'demo data has 东胜区 enterprises');
	assert.equal(entId, first.id);
});

test('the demo data has rows inside and outside every restricted scope', async () => {
	const all = await adminAll();
	assert.ok(all.some((e) => inCounty(e, DEMO.district)));
	assert.ok(all.some((e) => !inCounty(e, DEMO.district)));
	assert.ok(all.some(deptSector));
	assert.ok(all.some((e) => !deptSector(e)));
	// 东胜区 enterprises registered at township level (9-digit codes) exist.
	assert.ok(all.some((e) => inCounty(e, DEMO.district) && e.region_code.length === 9));
});

for (const role of Object.keys(USERS)) {
	test(`${role} (${USERS[role]}): list total and rows equal the enterprises of its scope`, async () => {
		const all = await adminAll();
		const want = expectedFor(role, all).map((e) => e.id).sort((a, b) => a - b);
		assert.ok(want.length > 0, 'every role sees something');
		const { items, total } = await listAll(srv.base, tok[role], '/api/v1/enterprises');
		assert.equal(total, want.length, `total for ${role}`);
		assert.deepEqual(items.map((e) => e.id).sort((a, b) => a - b), want);
		// A smaller page reports the same total.
		const page = await api(srv.base, tok[role], 'GET', '/api/v1/enterprises?limit=2');
		assert.equal(page.json.total, want.length);
	});
}

test('admin, city, viewer and reviewer read enterprises anywhere in the city (200)', async () => {
	const all = await adminAll();
	const other = all.find((e) => inCounty(e, DEMO.otherDistrict) && !deptSector(e));
	const own = all.find((e) => inCounty(e, DEMO.district));
	for (const role of ['admin', 'city', 'viewer', 'reviewer']) {
		for (const e of [other, own]) {
			const r = await api(srv.base, tok[role], 'GET', `/api/v1/enterprises/${e.id}`);
			assert.equal(r.status, 200, `${role} GET ${e.id}: ${r.text}`);
			assert.equal(r.json.uscc, e.uscc);
		}
	}
});

test('district and inspector read 150602… enterprises (200) but not 150603… ones (404)', async () => {
	const all = await adminAll();
	const inside = all.filter((e) => inCounty(e, DEMO.district));
	const outside = all.filter((e) => inCounty(e, DEMO.otherDistrict));
	assert.ok(inside.length && outside.length);
	for (const role of ['district', 'inspector']) {
		for (const e of inside) {
			const r = await api(srv.base, tok[role], 'GET', `/api/v1/enterprises/${e.id}`);
			assert.equal(r.status, 200, `${role} GET inside ${e.id}`);
		}
		for (const e of outside) {
			const r = await api(srv.base, tok[role], 'GET', `/api/v1/enterprises/${e.id}`);
			assert.equal(r.status, 404, `${role} GET outside ${e.id}: ${r.text}`);
			assert.equal(r.json.error.code, 'not_found');
		}
	}
});

test('department (zhujian) reads construction/city_gas enterprises (200) but no others (404)', async () => {
	const all = await adminAll();
	const inside = all.filter(deptSector);
	const outside = all.filter((e) => !deptSector(e));
	for (const e of inside) {
		const r = await api(srv.base, tok.department, 'GET', `/api/v1/enterprises/${e.id}`);
		assert.equal(r.status, 200, `GET inside ${e.id} (${e.sector})`);
	}
	for (const e of outside.slice(0, 10)) {
		const r = await api(srv.base, tok.department, 'GET', `/api/v1/enterprises/${e.id}`);
		assert.equal(r.status, 404, `GET outside ${e.id} (${e.sector}): ${r.text}`);
	}
});

test('the enterprise user reads only its own enterprise (others 404, even in its county)', async () => {
	const own = await api(srv.base, tok.enterprise, 'GET', `/api/v1/enterprises/${entId}`);
	assert.equal(own.status, 200, own.text);
	const all = await adminAll();
	const neighbours = all.filter((e) => e.id !== entId && inCounty(e, DEMO.district));
	const far = all.filter((e) => !inCounty(e, DEMO.district));
	for (const e of [...neighbours.slice(0, 3), ...far.slice(0, 3)]) {
		const r = await api(srv.base, tok.enterprise, 'GET', `/api/v1/enterprises/${e.id}`);
		assert.equal(r.status, 404, `GET ${e.id}: ${r.text}`);
	}
});

test('create inside the scope is 201 for admin, city, district, department and inspector', async () => {
	const cases = [
		['admin', { region_code: '150621', sector: 'coal' }],
		['city', { region_code: '150603', sector: 'chemical' }],
		['district', { region_code: '150602100', sector: 'industry_trade' }],
		['department', { region_code: '150603', sector: 'construction' }],
		['inspector', { region_code: DEMO.district, sector: 'fireworks' }],
	];
	for (const [role, over] of cases) {
		const body = enterpriseBody(over);
		const r = await api(srv.base, tok[role], 'POST', '/api/v1/enterprises', body);
		assert.equal(r.status, 201, `${role}: ${r.text}`);
		assert.equal(r.headers.get('location'), `/api/v1/enterprises/${r.json.id}`);
		assert.equal(r.json.name, body.name);
		assert.equal(r.json.region_code, over.region_code);
		assert.equal(r.json.status, 'active');
		// The creator can read what it created.
		const g = await api(srv.base, tok[role], 'GET', `/api/v1/enterprises/${r.json.id}`);
		assert.equal(g.status, 200);
	}
});

test('a district user creating in another county is 422 naming region_code', async () => {
	const body = enterpriseBody({ region_code: DEMO.otherDistrict });
	const r = await api(srv.base, tok.district, 'POST', '/api/v1/enterprises', body);
	assert.equal(r.status, 422, r.text);
	assert.equal(r.json.error.code, 'validation_failed');
	assert.deepEqual(fieldsOf(r), ['region_code']);
	const check = await api(srv.base, tok.admin, 'GET', '/api/v1/enterprises',
	    undefined, { query: { uscc: body.uscc, status: 'all' } });
	assert.equal(check.json.total, 0);
});

test('a district user moving its enterprise to another county is 422 naming region_code', async () => {
	const c = await create('district', { region_code: DEMO.district });
	assert.equal(c.status, 201, c.text);
	const r = await api(srv.base, tok.district, 'PATCH', `/api/v1/enterprises/${c.json.id}`,
	    { region_code: DEMO.otherDistrict });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['region_code']);
	const g = await api(srv.base, tok.admin, 'GET', `/api/v1/enterprises/${c.json.id}`);
	assert.equal(g.json.region_code, DEMO.district);
});

test('a department user creating in a sector not its own is 422 naming sector', async () => {
	const r = await create('department', { region_code: DEMO.district, sector: 'coal' });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['sector']);
});

test('a department user moving an enterprise out of its sectors is 422 naming sector', async () => {
	const c = await create('department', { region_code: DEMO.district, sector: 'city_gas' });
	assert.equal(c.status, 201, c.text);
	const r = await api(srv.base, tok.department, 'PATCH', `/api/v1/enterprises/${c.json.id}`,
	    { sector: 'chemical' });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['sector']);
	const ok = await api(srv.base, tok.department, 'PATCH', `/api/v1/enterprises/${c.json.id}`,
	    { sector: 'construction', address: '住建改址' });
	assert.equal(ok.status, 200, ok.text);
	assert.equal(ok.json.sector, 'construction');
});

test('viewer and reviewer (and the enterprise user) may not create: 403', async () => {
	for (const role of ['viewer', 'reviewer', 'enterprise']) {
		const body = enterpriseBody();
		const r = await api(srv.base, tok[role], 'POST', '/api/v1/enterprises', body);
		assert.equal(r.status, 403, `${role}: ${r.text}`);
		assert.equal(r.json.error.code, 'forbidden');
		const check = await api(srv.base, tok.admin, 'GET', '/api/v1/enterprises',
		    undefined, { query: { uscc: body.uscc, status: 'all' } });
		assert.equal(check.json.total, 0);
	}
});

test('viewer and reviewer may not PATCH: 403', async () => {
	for (const role of ['viewer', 'reviewer']) {
		const r = await api(srv.base, tok[role], 'PATCH', `/api/v1/enterprises/${entId}`,
		    { address: '不许改' });
		assert.equal(r.status, 403, `${role}: ${r.text}`);
	}
});

test('a district user PATCHing an enterprise outside its county is 404', async () => {
	const all = await adminAll();
	const far = all.find((e) => inCounty(e, DEMO.otherDistrict));
	const r = await api(srv.base, tok.district, 'PATCH', `/api/v1/enterprises/${far.id}`,
	    { address: '越权修改' });
	assert.equal(r.status, 404, r.text);
	const g = await api(srv.base, tok.admin, 'GET', `/api/v1/enterprises/${far.id}`);
	assert.equal(g.json.address, far.address);
});

test('the enterprise user may PATCH its own contact field principal_phone (200)', async () => {
	const phone = `139${String(Date.now() % 1e8).padStart(8, '0')}`;
	const r = await api(srv.base, tok.enterprise, 'PATCH', `/api/v1/enterprises/${entId}`,
	    { principal_phone: phone });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.principal_phone, phone);
	const g = await api(srv.base, tok.admin, 'GET', `/api/v1/enterprises/${entId}`);
	assert.equal(g.json.principal_phone, phone);
});

test('the enterprise user PATCHing risk_color is 422 naming risk_color, and nothing changes', async () => {
	const before = await api(srv.base, tok.admin, 'GET', `/api/v1/enterprises/${entId}`);
	const color = before.json.risk_color === 'red' ? 'blue' : 'red';
	const r = await api(srv.base, tok.enterprise, 'PATCH', `/api/v1/enterprises/${entId}`,
	    { risk_color: color, principal_phone: '13700001111' });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['risk_color']);
	const g = await api(srv.base, tok.admin, 'GET', `/api/v1/enterprises/${entId}`);
	assert.equal(g.json.risk_color, before.json.risk_color);
	assert.equal(g.json.principal_phone, before.json.principal_phone);
});

test('the enterprise user PATCHing another enterprise is 404', async () => {
	const all = await adminAll();
	const other = all.find((e) => e.id !== entId && inCounty(e, DEMO.district));
	const r = await api(srv.base, tok.enterprise, 'PATCH', `/api/v1/enterprises/${other.id}`,
	    { principal_phone: '13700002222' });
	assert.equal(r.status, 404, r.text);
	const g = await api(srv.base, tok.admin, 'GET', `/api/v1/enterprises/${other.id}`);
	assert.equal(g.json.principal_phone, other.principal_phone);
});

test('close then reopen: active → closed → active; closing twice and reopening an active one are 409', async () => {
	const c = await create('district');
	assert.equal(c.status, 201, c.text);
	const id = c.json.id;
	const tr = (role, body) => api(srv.base, tok[role], 'POST',
	    `/api/v1/enterprises/${id}/transitions`, body);

	const reopenActive = await tr('district', { action: 'reopen' });
	assert.equal(reopenActive.status, 409, reopenActive.text);
	assert.equal(reopenActive.json.error.code, 'conflict');

	const closed = await tr('district', { action: 'close', reason: '停产' });
	assert.equal(closed.status, 200, closed.text);
	assert.equal(closed.json.status, 'closed');
	const again = await tr('district', { action: 'close' });
	assert.equal(again.status, 409, again.text);

	// A closed enterprise is still in the default list (only voided ones are hidden).
	const list = await api(srv.base, tok.district, 'GET', '/api/v1/enterprises', undefined,
	    { query: { uscc: c.json.uscc } });
	assert.equal(list.json.total, 1);
	assert.equal(list.json.items[0].status, 'closed');

	const reopened = await tr('city', { action: 'reopen' });
	assert.equal(reopened.status, 200, reopened.text);
	assert.equal(reopened.json.status, 'active');
});

test('an unknown transition action is 422 naming action', async () => {
	const r = await api(srv.base, tok.admin, 'POST', `/api/v1/enterprises/${entId}/transitions`,
	    { action: 'explode' });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['action']);
});

test('inspector and department may not run transitions (403); district outside its county gets 404', async () => {
	const c = await create('admin', { region_code: DEMO.district, sector: 'construction' });
	assert.equal(c.status, 201);
	for (const role of ['inspector', 'department', 'viewer', 'enterprise']) {
		const r = await api(srv.base, tok[role], 'POST',
		    `/api/v1/enterprises/${c.json.id}/transitions`, { action: 'close' });
		assert.equal(r.status, 403, `${role}: ${r.text}`);
	}
	const far = await create('admin', { region_code: DEMO.otherDistrict });
	const r = await api(srv.base, tok.district, 'POST',
	    `/api/v1/enterprises/${far.json.id}/transitions`, { action: 'close' });
	assert.equal(r.status, 404, r.text);
	const g = await api(srv.base, tok.admin, 'GET', `/api/v1/enterprises/${far.json.id}`);
	assert.equal(g.json.status, 'active');
});

test('void without a reason is 422 naming reason', async () => {
	const c = await create('district');
	for (const body of [{ action: 'void' }, { action: 'void', reason: '' }]) {
		const r = await api(srv.base, tok.district, 'POST',
		    `/api/v1/enterprises/${c.json.id}/transitions`, body);
		assert.equal(r.status, 422, r.text);
		assert.deepEqual(fieldsOf(r), ['reason']);
	}
	const g = await api(srv.base, tok.admin, 'GET', `/api/v1/enterprises/${c.json.id}`);
	assert.equal(g.json.status, 'active');
});

test('a voided enterprise leaves the default list but is listed with status=voided and status=all', async () => {
	const c = await create('district');
	assert.equal(c.status, 201);
	const before = await api(srv.base, tok.district, 'GET', '/api/v1/enterprises');
	const v = await api(srv.base, tok.district, 'POST',
	    `/api/v1/enterprises/${c.json.id}/transitions`, { action: 'void', reason: '重复录入' });
	assert.equal(v.status, 200, v.text);
	assert.equal(v.json.status, 'voided');
	assert.equal(v.json.status_reason, '重复录入');

	const q = (status) => api(srv.base, tok.district, 'GET', '/api/v1/enterprises', undefined,
	    { query: { uscc: c.json.uscc, status } });
	assert.equal((await q(undefined)).json.total, 0);
	const voided = await q('voided');
	assert.equal(voided.json.total, 1);
	assert.equal(voided.json.items[0].id, c.json.id);
	assert.equal((await q('all')).json.total, 1);
	assert.equal((await q('active')).json.total, 0);

	const after = await api(srv.base, tok.district, 'GET', '/api/v1/enterprises');
	assert.equal(after.json.total, before.json.total - 1);
	assert.ok(!after.json.items.some((e) => e.id === c.json.id));

	// Voiding twice is a conflict.
	const twice = await api(srv.base, tok.district, 'POST',
	    `/api/v1/enterprises/${c.json.id}/transitions`, { action: 'void', reason: '再次' });
	assert.equal(twice.status, 409, twice.text);
});

test('a new session for the same user keeps the same scope', async () => {
	const t = await login(srv.base, USERS.department);
	const a = await api(srv.base, t, 'GET', '/api/v1/enterprises');
	const b = await api(srv.base, tok.department, 'GET', '/api/v1/enterprises');
	assert.equal(a.json.total, b.json.total);
});
