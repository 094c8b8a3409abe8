// Users and organisations (administrator only).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { api, DEMO_PASSWORD, login, startServer, uniq, USERS } from '../lib/server.mjs';

let srv;
let admin;
let city;
let orgs;	// the demo organisations

before(async () => {
	srv = await startServer();
	admin = await login(srv.base, USERS.admin);
	city = await login(srv.base, USERS.city);
	const r = await api(srv.base, admin, 'GET', '/api/v1/orgs');
	assert.equal(r.status, 200, r.text);
	orgs = r.json.items;
});

after(async () => {
	await srv?.stop();
});

const fieldsOf = (r) => (r.json?.error?.fields || []).map((f) => f.field).sort();
const orgOf = (kind, region) => orgs.find((o) => o.kind === kind &&
    (region === undefined || o.region_code === region));
const newName = () => `u_${uniq()}`.toLowerCase();
const goodPassword = () => `Qz!${uniq()}-pass`;

function userBody(over = {}) {
	return {
		username: newName(),
		display_name: '测试用户',
		role: 'district',
		org_id: orgOf('district_bureau', '150602').id,
		phone: '13900000000',
		password: goodPassword(),
		...over,
	};
}

test('admin creates a user (201) who can then log in; the reply has no password', async () => {
	const body = userBody();
	const r = await api(srv.base, admin, 'POST', '/api/v1/users', body);
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.username, body.username);
	assert.equal(r.json.role, 'district');
	assert.equal(r.json.status, 'active');
	assert.ok(!('password' in r.json) && !('password_hash' in r.json));
	const t = await login(srv.base, body.username, body.password);
	const me = await api(srv.base, t, 'GET', '/api/v1/me');
	assert.equal(me.json.user.id, r.json.id);
});

test('a short password is 422 naming password', async () => {
	const body = userBody({ password: 'Ab1!short' });	// 9 characters
	const r = await api(srv.base, admin, 'POST', '/api/v1/users', body);
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['password']);
	const list = await api(srv.base, admin, 'GET', `/api/v1/users?q=${body.username}`);
	assert.equal(list.json.total, 0, 'not created');
});

test('a password containing the username is 422 naming password', async () => {
	const username = newName();
	const r = await api(srv.base, admin, 'POST', '/api/v1/users',
	    userBody({ username, password: `X${username}2024!` }));
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['password']);
});

test('an inspector without cert_no is 422 naming cert_no', async () => {
	const r = await api(srv.base, admin, 'POST', '/api/v1/users', userBody({ role: 'inspector' }));
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['cert_no']);
	const ok = await api(srv.base, admin, 'POST', '/api/v1/users',
	    userBody({ role: 'inspector', cert_no: '15060220249999' }));
	assert.equal(ok.status, 201, ok.text);
	assert.equal(ok.json.cert_no, '15060220249999');
});

test('joined_on (到岗日期) is kept, returned, changed by PATCH and cleared by null', async () => {
	const r = await api(srv.base, admin, 'POST', '/api/v1/users',
	    userBody({ role: 'inspector', cert_no: '15060220249998', joined_on: '2024-03-18' }));
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.joined_on, '2024-03-18');
	const p = await api(srv.base, admin, 'PATCH', `/api/v1/users/${r.json.id}`, { joined_on: '2023-07-01' });
	assert.equal(p.status, 200, p.text);
	assert.equal((await api(srv.base, admin, 'GET', `/api/v1/users/${r.json.id}`)).json.joined_on, '2023-07-01');
	const c = await api(srv.base, admin, 'PATCH', `/api/v1/users/${r.json.id}`, { joined_on: null });
	assert.equal(c.status, 200, c.text);
	assert.equal((await api(srv.base, admin, 'GET', `/api/v1/users/${r.json.id}`)).json.joined_on, null);
	const plain = await api(srv.base, admin, 'POST', '/api/v1/users', userBody());
	assert.equal(plain.status, 201, plain.text);
	assert.equal(plain.json.joined_on, null);
});

test('a joined_on that is not a date or lies in the future is 422 naming joined_on', async () => {
	const future = new Date(Date.now() + 3 * 86400e3).toISOString().slice(0, 10);
	for (const joined_on of ['2024-13-01', '昨天', 20240318, future]) {
		const r = await api(srv.base, admin, 'POST', '/api/v1/users', userBody({ joined_on }));
		assert.equal(r.status, 422, `${joined_on}: ${r.text}`);
		assert.deepEqual(fieldsOf(r), ['joined_on']);
	}
	const u = await api(srv.base, admin, 'POST', '/api/v1/users', userBody());
	const p = await api(srv.base, admin, 'PATCH', `/api/v1/users/${u.json.id}`, { joined_on: future });
	assert.equal(p.status, 422, p.text);
	assert.deepEqual(fieldsOf(p), ['joined_on']);
});

test('a duplicate username is 409 or 422 naming username', async () => {
	for (const username of [USERS.city, newName()]) {
		if (username !== USERS.city) {
			const first = await api(srv.base, admin, 'POST', '/api/v1/users', userBody({ username }));
			assert.equal(first.status, 201, first.text);
		}
		const r = await api(srv.base, admin, 'POST', '/api/v1/users', userBody({ username }));
		assert.ok(r.status === 409 || r.status === 422, `${username}: ${r.status} ${r.text}`);
		assert.deepEqual(fieldsOf(r), ['username']);
		const list = await api(srv.base, admin, 'GET', '/api/v1/users', undefined,
		    { query: { q: username } });
		assert.equal(list.json.items.filter((u) => u.username === username).length, 1);
	}
});

test('non-admin roles get 403 on GET and POST /api/v1/users', async () => {
	for (const role of ['city', 'district', 'department', 'inspector', 'reviewer', 'enterprise',
	    'viewer']) {
		const t = role === 'city' ? city : await login(srv.base, USERS[role]);
		const r = await api(srv.base, t, 'GET', '/api/v1/users');
		assert.equal(r.status, 403, `${role}: ${r.text}`);
		assert.equal(r.json.error.code, 'forbidden');
		const p = await api(srv.base, t, 'POST', '/api/v1/users', userBody());
		assert.equal(p.status, 403, `${role} POST: ${p.text}`);
	}
});

test('locking a user through POST /users/{id}/transitions ends its sessions; unlock lets it log in again', async () => {
	const body = userBody();
	const c = await api(srv.base, admin, 'POST', '/api/v1/users', body);
	assert.equal(c.status, 201, c.text);
	const t1 = await login(srv.base, body.username, body.password);
	assert.equal((await api(srv.base, t1, 'GET', '/api/v1/me')).status, 200);

	const lock = await api(srv.base, admin, 'POST', `/api/v1/users/${c.json.id}/transitions`,
	    { action: 'lock' });
	assert.equal(lock.status, 200, lock.text);
	assert.equal(lock.json.status, 'locked');
	assert.equal((await api(srv.base, t1, 'GET', '/api/v1/me')).status, 401, 'session ended');
	const denied = await api(srv.base, null, 'POST', '/api/v1/session',
	    { username: body.username, password: body.password });
	assert.equal(denied.status, 423, denied.text);
	assert.equal(denied.json.error.code, 'locked');

	const unlock = await api(srv.base, admin, 'POST', `/api/v1/users/${c.json.id}/transitions`,
	    { action: 'unlock' });
	assert.equal(unlock.status, 200, unlock.text);
	assert.equal(unlock.json.status, 'active');
	await login(srv.base, body.username, body.password);
});

test('an admin cannot lock its own account (422)', async () => {
	const me = await api(srv.base, admin, 'GET', '/api/v1/me');
	const r = await api(srv.base, admin, 'POST', `/api/v1/users/${me.json.user.id}/transitions`,
	    { action: 'lock' });
	assert.equal(r.status, 422, r.text);
	assert.equal((await api(srv.base, admin, 'GET', '/api/v1/me')).status, 200);
});

test('a password reset by the admin (PATCH password) ends the user\'s sessions', async () => {
	const body = userBody();
	const c = await api(srv.base, admin, 'POST', '/api/v1/users', body);
	const t1 = await login(srv.base, body.username, body.password);
	const pw = goodPassword();
	const r = await api(srv.base, admin, 'PATCH', `/api/v1/users/${c.json.id}`, { password: pw });
	assert.equal(r.status, 200, r.text);
	assert.equal((await api(srv.base, t1, 'GET', '/api/v1/me')).status, 401);
	await login(srv.base, body.username, pw);
	const old = await api(srv.base, null, 'POST', '/api/v1/session',
	    { username: body.username, password: body.password });
	assert.equal(old.status, 401);
});

test('the users list filters by role and status and counts them', async () => {
	const all = [];
	let cursor = null;
	do {
		const r = await api(srv.base, admin, 'GET', '/api/v1/users', undefined,
		    { query: { limit: 3, cursor } });
		assert.equal(r.status, 200);
		all.push(...r.json.items);
		cursor = r.json.next_cursor;
	} while (cursor);
	assert.equal(new Set(all.map((u) => u.id)).size, all.length);
	const inspectors = await api(srv.base, admin, 'GET', '/api/v1/users?role=inspector&limit=500');
	assert.deepEqual(inspectors.json.items.map((u) => u.id).sort(),
	    all.filter((u) => u.role === 'inspector').map((u) => u.id).sort());
	assert.equal(inspectors.json.total, all.filter((u) => u.role === 'inspector').length);
	const locked = await api(srv.base, admin, 'GET', '/api/v1/users?status=locked&limit=500');
	assert.equal(locked.json.total, all.filter((u) => u.status === 'locked').length);
});

test('a created org appears in GET /api/v1/orgs (and under its kind)', async () => {
	const name = `测试行业部门${uniq()}`;
	const r = await api(srv.base, admin, 'POST', '/api/v1/orgs', {
		name, abbr: '测试局', kind: 'department', region_code: '150602',
		sectors: ['coal', 'power'],
	});
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.name, name);
	assert.deepEqual(r.json.sectors, ['coal', 'power']);
	const list = await api(srv.base, admin, 'GET', '/api/v1/orgs');
	assert.equal(list.status, 200);
	const found = list.json.items.find((o) => o.id === r.json.id);
	assert.ok(found, 'listed');
	assert.equal(found.name, name);
	assert.equal(found.region_code, '150602');
	const byKind = await api(srv.base, admin, 'GET', '/api/v1/orgs?kind=department');
	assert.ok(byKind.json.items.some((o) => o.id === r.json.id));
	assert.ok(byKind.json.items.every((o) => o.kind === 'department'));
	const other = await api(srv.base, admin, 'GET', '/api/v1/orgs?kind=district_bureau');
	assert.ok(!other.json.items.some((o) => o.id === r.json.id));
	// Any role may read it.
	const one = await api(srv.base, city, 'GET', `/api/v1/orgs/${r.json.id}`);
	assert.equal(one.status, 200);
	assert.equal(one.json.name, name);
});

test('org validation: a department without sectors, an unknown region, a duplicate name', async () => {
	let r = await api(srv.base, admin, 'POST', '/api/v1/orgs',
	    { name: `无行业部门${uniq()}`, kind: 'department', region_code: '150602' });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['sectors']);
	r = await api(srv.base, admin, 'POST', '/api/v1/orgs',
	    { name: `无区域单位${uniq()}`, kind: 'district_bureau', region_code: '150699' });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['region_code']);
	r = await api(srv.base, admin, 'POST', '/api/v1/orgs',
	    { name: orgs[0].name, kind: orgs[0].kind, region_code: orgs[0].region_code });
	assert.ok(r.status === 409 || r.status === 422, `${r.status} ${r.text}`);
	assert.deepEqual(fieldsOf(r), ['name']);
});

test('non-admin roles may not create or change orgs (403)', async () => {
	const r = await api(srv.base, city, 'POST', '/api/v1/orgs',
	    { name: `市局建的单位${uniq()}`, kind: 'district_bureau', region_code: '150602' });
	assert.equal(r.status, 403, r.text);
	const p = await api(srv.base, city, 'PATCH', `/api/v1/orgs/${orgs[0].id}`, { abbr: '改' });
	assert.equal(p.status, 403, p.text);
});

test('PATCH /orgs/{id} changes the org and is visible in GET', async () => {
	const c = await api(srv.base, admin, 'POST', '/api/v1/orgs',
	    { name: `待改单位${uniq()}`, kind: 'district_bureau', region_code: '150603' });
	assert.equal(c.status, 201, c.text);
	const r = await api(srv.base, admin, 'PATCH', `/api/v1/orgs/${c.json.id}`, { abbr: '新简称' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.abbr, '新简称');
	const g = await api(srv.base, admin, 'GET', `/api/v1/orgs/${c.json.id}`);
	assert.equal(g.json.abbr, '新简称');
});

test('a user\'s own password change: wrong old password 422, then a good one works (204)', async () => {
	const body = userBody();
	await api(srv.base, admin, 'POST', '/api/v1/users', body);
	const t = await login(srv.base, body.username, body.password);
	const bad = await api(srv.base, t, 'POST', '/api/v1/me/password',
	    { old_password: 'not-it-at-all', new_password: goodPassword() });
	assert.equal(bad.status, 422, bad.text);
	assert.deepEqual(fieldsOf(bad), ['old_password']);
	const pw = goodPassword();
	const ok = await api(srv.base, t, 'POST', '/api/v1/me/password',
	    { old_password: body.password, new_password: pw });
	assert.equal(ok.status, 204, ok.text);
	await login(srv.base, body.username, pw);
	assert.notEqual(pw, DEMO_PASSWORD);
});
