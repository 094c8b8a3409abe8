// Cookie-authenticated state changes must come from the server's own origin.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { api, enterpriseBody, login, startServer, USERS } from '../lib/server.mjs';

let srv;
let token;	// admin; sent either as a bearer token or as the cookie
let cookie;

before(async () => {
	srv = await startServer();
	token = await login(srv.base, USERS.admin);
	cookie = `anjian_session=${token}`;
});

after(async () => {
	await srv?.stop();
});

async function countByUscc(uscc) {
	const r = await api(srv.base, token, 'GET', '/api/v1/enterprises', undefined,
	    { query: { uscc, status: 'all' } });
	assert.equal(r.status, 200, r.text);
	return r.json.total;
}

test('a cookie POST with a foreign Origin is 403 and writes nothing', async () => {
	const body = enterpriseBody();
	const r = await api(srv.base, null, 'POST', '/api/v1/enterprises', body,
	    { headers: { Cookie: cookie, Origin: 'http://evil.example' } });
	assert.equal(r.status, 403, r.text);
	assert.equal(r.json.error.code, 'forbidden');
	assert.equal(await countByUscc(body.uscc), 0);
});

test('a cookie PATCH with a foreign Origin is 403 and changes nothing', async () => {
	const created = await api(srv.base, token, 'POST', '/api/v1/enterprises', enterpriseBody());
	assert.equal(created.status, 201, created.text);
	const r = await api(srv.base, null, 'PATCH', `/api/v1/enterprises/${created.json.id}`,
	    { address: '被篡改的地址' },
	    { headers: { Cookie: cookie, Origin: 'http://evil.example' } });
	assert.equal(r.status, 403, r.text);
	const now = await api(srv.base, token, 'GET', `/api/v1/enterprises/${created.json.id}`);
	assert.equal(now.json.address, created.json.address);
});

test('a cookie POST and PATCH with the server\'s own Origin work', async () => {
	const origin = `http://127.0.0.1:${srv.port}`;
	const body = enterpriseBody();
	const r = await api(srv.base, null, 'POST', '/api/v1/enterprises', body,
	    { headers: { Cookie: cookie, Origin: origin } });
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.uscc, body.uscc);
	const p = await api(srv.base, null, 'PATCH', `/api/v1/enterprises/${r.json.id}`,
	    { address: '同源修改的地址' }, { headers: { Cookie: cookie, Origin: origin } });
	assert.equal(p.status, 200, p.text);
	assert.equal(p.json.address, '同源修改的地址');
});

test('a cookie POST without Origin falls back to Referer: own page allowed, foreign refused', async () => {
	const own = enterpriseBody();
	const ok = await api(srv.base, null, 'POST', '/api/v1/enterprises', own,
	    { headers: { Cookie: cookie, Referer: `http://127.0.0.1:${srv.port}/enterprises` } });
	assert.equal(ok.status, 201, ok.text);
	const foreign = enterpriseBody();
	const bad = await api(srv.base, null, 'POST', '/api/v1/enterprises', foreign,
	    { headers: { Cookie: cookie, Referer: 'http://evil.example/page' } });
	assert.equal(bad.status, 403, bad.text);
	assert.equal(await countByUscc(foreign.uscc), 0);
});

test('a cookie POST with neither Origin nor Referer is 403', async () => {
	const body = enterpriseBody();
	const r = await api(srv.base, null, 'POST', '/api/v1/enterprises', body,
	    { headers: { Cookie: cookie } });
	assert.equal(r.status, 403, r.text);
	assert.equal(await countByUscc(body.uscc), 0);
});

test('an Origin that only starts with the server\'s host is refused', async () => {
	const body = enterpriseBody();
	const r = await api(srv.base, null, 'POST', '/api/v1/enterprises', body,
	    { headers: { Cookie: cookie, Origin: `http://127.0.0.1:${srv.port}.evil.example` } });
	assert.equal(r.status, 403, r.text);
	assert.equal(await countByUscc(body.uscc), 0);
});

test('a bearer-token request needs no Origin, and a foreign Origin does not matter', async () => {
	const r = await api(srv.base, token, 'POST', '/api/v1/enterprises', enterpriseBody());
	assert.equal(r.status, 201, r.text);
	const p = await api(srv.base, token, 'PATCH', `/api/v1/enterprises/${r.json.id}`,
	    { address: '令牌修改' }, { headers: { Origin: 'http://evil.example' } });
	assert.equal(p.status, 200, p.text);
});

test('a cookie GET with a foreign Origin is not refused (reads change nothing)', async () => {
	const r = await api(srv.base, null, 'GET', '/api/v1/me', undefined,
	    { headers: { Cookie: cookie, Origin: 'http://evil.example' } });
	assert.equal(r.status, 200, r.text);
});

test('a cookie DELETE of the session with a foreign Origin is 403 and the session lives on', async () => {
	const own = await login(srv.base, USERS.city);
	const r = await api(srv.base, null, 'DELETE', '/api/v1/session', undefined,
	    { headers: { Cookie: `anjian_session=${own}`, Origin: 'http://evil.example' } });
	assert.equal(r.status, 403, r.text);
	assert.equal((await api(srv.base, own, 'GET', '/api/v1/me')).status, 200);
});
