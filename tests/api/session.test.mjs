// Sessions: login, cookie, /me, logout, lock-out after repeated failures, CLI unlock.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { api, DEMO_PASSWORD, login, runCli, startServer, USERS } from '../lib/server.mjs';

let srv;
let adminToken;

before(async () => {
	srv = await startServer();
	adminToken = await login(srv.base, USERS.admin);
});

after(async () => {
	await srv?.stop();
});

function assertErrorShape(r, status, code) {
	assert.equal(r.status, status, r.text);
	assert.ok(r.json && typeof r.json.error === 'object', `error body: ${r.text}`);
	assert.equal(r.json.error.code, code);
	assert.equal(typeof r.json.error.message, 'string');
	assert.ok(r.json.error.message.length > 0);
}

function sessionCookie(headers) {
	const all = headers.getSetCookie ? headers.getSetCookie() : [headers.get('set-cookie')];
	return all.find((c) => c && c.startsWith('anjian_session='));
}

test('login answers 201 with token, user and expiry, and sets an HttpOnly SameSite=Strict cookie', async () => {
	const r = await api(srv.base, null, 'POST', '/api/v1/session',
	    { username: USERS.city, password: DEMO_PASSWORD });
	assert.equal(r.status, 201, r.text);
	assert.match(r.json.token, /^[0-9a-f]{64}$/);
	assert.equal(r.json.user.username, USERS.city);
	assert.equal(r.json.user.role, 'city');
	assert.ok(!('password_hash' in r.json.user) && !('password' in r.json.user));
	assert.match(r.json.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$/);
	const cookie = sessionCookie(r.headers);
	assert.ok(cookie, 'Set-Cookie anjian_session missing');
	const [pair, ...attrs] = cookie.split(';').map((s) => s.trim());
	assert.equal(pair, `anjian_session=${r.json.token}`);
	const lower = attrs.map((a) => a.toLowerCase());
	assert.ok(lower.includes('httponly'), cookie);
	assert.ok(lower.includes('samesite=strict'), cookie);
	assert.ok(lower.includes('path=/'), cookie);
});

test('a wrong password is 401 with the error shape {"error":{"code","message"}}', async () => {
	const r = await api(srv.base, null, 'POST', '/api/v1/session',
	    { username: USERS.city, password: 'not-the-password' });
	assertErrorShape(r, 401, 'unauthenticated');
	assert.equal(sessionCookie(r.headers), undefined, 'no session cookie on failure');
	assert.equal(r.json.token, undefined);
});

test('an unknown user is 401 with the same message as a wrong password', async () => {
	const wrong = await api(srv.base, null, 'POST', '/api/v1/session',
	    { username: USERS.viewer, password: 'not-the-password' });
	const unknown = await api(srv.base, null, 'POST', '/api/v1/session',
	    { username: 'no_such_user_here', password: DEMO_PASSWORD });
	assertErrorShape(unknown, 401, 'unauthenticated');
	assertErrorShape(wrong, 401, 'unauthenticated');
	assert.equal(unknown.json.error.message, wrong.json.error.message);
});

test('GET /api/v1/me works with the bearer token and with the session cookie', async () => {
	const r = await api(srv.base, null, 'POST', '/api/v1/session',
	    { username: USERS.district, password: DEMO_PASSWORD });
	assert.equal(r.status, 201);
	const token = r.json.token;

	const bearer = await api(srv.base, token, 'GET', '/api/v1/me');
	assert.equal(bearer.status, 200, bearer.text);
	assert.equal(bearer.json.user.username, USERS.district);
	assert.equal(bearer.json.role, 'district');
	assert.equal(bearer.json.org.region_code, '150602');

	const viaCookie = await api(srv.base, null, 'GET', '/api/v1/me', undefined,
	    { headers: { Cookie: `anjian_session=${token}` } });
	assert.equal(viaCookie.status, 200, viaCookie.text);
	assert.equal(viaCookie.json.user.username, USERS.district);

	const none = await api(srv.base, null, 'GET', '/api/v1/me');
	assertErrorShape(none, 401, 'unauthenticated');
	const bogus = await api(srv.base, 'f'.repeat(64), 'GET', '/api/v1/me');
	assertErrorShape(bogus, 401, 'unauthenticated');
});

test('DELETE /api/v1/session logs out: the token is 401 afterwards', async () => {
	const token = await login(srv.base, USERS.inspector);
	assert.equal((await api(srv.base, token, 'GET', '/api/v1/me')).status, 200);
	const out = await api(srv.base, token, 'DELETE', '/api/v1/session');
	assert.equal(out.status, 204, out.text);
	const cleared = sessionCookie(out.headers);
	assert.ok(cleared && /max-age=0/i.test(cleared), `cookie not cleared: ${cleared}`);
	const after = await api(srv.base, token, 'GET', '/api/v1/me');
	assertErrorShape(after, 401, 'unauthenticated');
	// Other sessions of other users are untouched.
	assert.equal((await api(srv.base, adminToken, 'GET', '/api/v1/me')).status, 200);
});

test('five wrong passwords lock the account (423 even with the right password), audited, and `anjian user unlock` unlocks it', async () => {
	const username = USERS.reviewer;
	const users = await api(srv.base, adminToken, 'GET', '/api/v1/users', undefined,
	    { query: { q: username } });
	const user = users.json.items.find((u) => u.username === username);
	assert.ok(user, 'reviewer exists');

	for (let i = 1; i <= 5; i++) {
		const r = await api(srv.base, null, 'POST', '/api/v1/session',
		    { username, password: `wrong-password-${i}` });
		if (i < 5)
			assertErrorShape(r, 401, 'unauthenticated');
		else
			assert.ok(r.status === 401 || r.status === 423,
			    `5th failure: ${r.status} ${r.text}`);
	}
	const sixth = await api(srv.base, null, 'POST', '/api/v1/session',
	    { username, password: DEMO_PASSWORD });
	assertErrorShape(sixth, 423, 'locked');
	assert.equal(sixth.json.token, undefined);

	const shown = await api(srv.base, adminToken, 'GET', `/api/v1/users/${user.id}`);
	assert.equal(shown.status, 200);
	assert.equal(shown.json.status, 'locked');

	// The audit log has every failure and the lock, against this user.
	const failed = await api(srv.base, adminToken, 'GET', '/api/v1/audit', undefined,
	    { query: { action: 'login_failed', entity: 'user', entity_id: user.id, limit: 100 } });
	assert.equal(failed.status, 200, failed.text);
	assert.equal(failed.json.total, 6, 'five wrong passwords and one attempt while locked');
	assert.equal(failed.json.items.filter((a) => a.changes.reason === 'wrong_password').length, 5);
	assert.equal(failed.json.items.filter((a) => a.changes.reason === 'locked').length, 1);
	for (const a of failed.json.items) {
		assert.equal(a.action, 'login_failed');
		assert.equal(a.entity, 'user');
		assert.equal(a.entity_id, user.id);
		assert.equal(a.changes.username, username);
	}
	const lock = await api(srv.base, adminToken, 'GET', '/api/v1/audit', undefined,
	    { query: { action: 'lock', entity: 'user', entity_id: user.id } });
	assert.equal(lock.status, 200);
	assert.equal(lock.json.total, 1);
	assert.equal(lock.json.items[0].action, 'lock');
	// The lock row follows the fifth failure.
	const fifth = failed.json.items.filter((a) => a.changes.reason === 'wrong_password')
	    .sort((a, b) => b.id - a.id)[0];
	assert.equal(lock.json.items[0].id, fifth.id + 1);

	const cli = await runCli(['user', 'unlock', username, '--db', srv.dbPath]);
	assert.equal(cli.code, 0, `${cli.stdout}\n${cli.stderr}`);

	const again = await api(srv.base, null, 'POST', '/api/v1/session',
	    { username, password: DEMO_PASSWORD });
	assert.equal(again.status, 201, again.text);
	const unlockRow = await api(srv.base, adminToken, 'GET', '/api/v1/audit', undefined,
	    { query: { action: 'unlock', entity: 'user', entity_id: user.id } });
	assert.equal(unlockRow.json.total, 1);
	assert.match(unlockRow.json.items[0].actor_name, /^cli:/);
});

test('only failures in a row count: a successful login in between resets the count', async () => {
	const city = await api(srv.base, adminToken, 'GET', '/api/v1/orgs?kind=city_bureau');
	const username = `inarow_${process.pid}`;
	const password = 'Long-enough-pw-2024';
	const c = await api(srv.base, adminToken, 'POST', '/api/v1/users', {
		username, display_name: '连续失败测试', role: 'viewer', org_id: city.json.items[0].id,
		password,
	});
	assert.equal(c.status, 201, c.text);
	const attempt = (pw) => api(srv.base, null, 'POST', '/api/v1/session', { username, password: pw });
	for (let i = 0; i < 4; i++)
		assert.equal((await attempt(`bad-${i}`)).status, 401);
	assert.equal((await attempt(password)).status, 201);
	for (let i = 0; i < 4; i++)
		assert.equal((await attempt(`bad-again-${i}`)).status, 401);
	const ok = await attempt(password);
	assert.equal(ok.status, 201, `4 + 4 failures with a success between must not lock: ${ok.text}`);
});

test('an unknown username in the login is audited as login_failed without a user id', async () => {
	const name = `ghost_${process.pid}`;
	const r = await api(srv.base, null, 'POST', '/api/v1/session',
	    { username: name, password: 'whatever-password' });
	assert.equal(r.status, 401);
	const a = await api(srv.base, adminToken, 'GET', '/api/v1/audit', undefined,
	    { query: { action: 'login_failed', limit: 500 } });
	const row = a.json.items.find((x) => x.changes.username === name);
	assert.ok(row, 'audit row for the unknown user');
	assert.equal(row.changes.reason, 'unknown_user');
	assert.equal(row.entity_id, null);
});

test('a login body with a missing password is 422 naming password', async () => {
	const r = await api(srv.base, null, 'POST', '/api/v1/session', { username: USERS.city });
	assertErrorShape(r, 422, 'validation_failed');
	assert.deepEqual(r.json.error.fields.map((f) => f.field), ['password']);
});
