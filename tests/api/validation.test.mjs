// Validation of enterprise bodies, request shapes and sizes, routing errors, paging params.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';

import {
	api, enterpriseBody, login, makeUscc, startServer, tinyPng, USERS,
} from '../lib/server.mjs';

let srv;
let admin;
let demo;	// one demo enterprise (for its USCC)

before(async () => {
	srv = await startServer();
	admin = await login(srv.base, USERS.admin);
	const r = await api(srv.base, admin, 'GET', '/api/v1/enterprises?limit=1');
	demo = r.json.items[0];
	assert.ok(demo?.uscc);
});

after(async () => {
	await srv?.stop();
});

function fieldsOf(r) {
	return (r.json?.error?.fields || []).map((f) => f.field).sort();
}

async function count(uscc) {
	const r = await api(srv.base, admin, 'GET', '/api/v1/enterprises', undefined,
	    { query: { uscc, status: 'all' } });
	assert.equal(r.status, 200, r.text);
	return r.json.total;
}

/** POSTs the body and expects 422 naming exactly `fields`, with nothing written. */
async function expect422(body, fields) {
	const r = await api(srv.base, admin, 'POST', '/api/v1/enterprises', body);
	assert.equal(r.status, 422, `${JSON.stringify(body)} → ${r.status} ${r.text}`);
	assert.equal(r.json.error.code, 'validation_failed');
	assert.equal(typeof r.json.error.message, 'string');
	assert.deepEqual(fieldsOf(r), [...fields].sort(), r.text);
	for (const f of r.json.error.fields)
		assert.ok(typeof f.message === 'string' && f.message.length > 0, 'each field has a message');
	if (typeof body.uscc === 'string' && body.uscc.length === 18)
		assert.equal(await count(body.uscc.toUpperCase()), 0, 'nothing written');
	return r;
}

async function unknownOrgId() {
	const orgs = await api(srv.base, admin, 'GET', '/api/v1/orgs');
	assert.equal(orgs.status, 200, orgs.text);
	return Math.max(...orgs.json.items.map((o) => o.id)) + 1000;
}

function changeLastChar(uscc) {
	const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
	const last = uscc[17];
	const other = charset[(charset.indexOf(last) + 1) % charset.length];
	return uscc.slice(0, 17) + other;
}

test('a valid body is accepted (the baseline for the cases below)', async () => {
	const r = await api(srv.base, admin, 'POST', '/api/v1/enterprises', enterpriseBody());
	assert.equal(r.status, 201, r.text);
});

test('name too short → 422 naming name', async () => {
	await expect422(enterpriseBody({ name: '甲' }), ['name']);
});

test('name missing → 422 naming name', async () => {
	const body = enterpriseBody();
	delete body.name;
	await expect422(body, ['name']);
});

test('uscc with a wrong check digit (a demo USCC with its last character changed) → 422 naming uscc', async () => {
	await expect422(enterpriseBody({ uscc: changeLastChar(demo.uscc) }), ['uscc']);
});

test('uscc of the wrong length → 422 naming uscc', async () => {
	await expect422(enterpriseBody({ uscc: demo.uscc.slice(0, 17) }), ['uscc']);
	await expect422(enterpriseBody({ uscc: `${makeUscc()}0` }), ['uscc']);
});

test('region_code unknown → 422 naming region_code', async () => {
	await expect422(enterpriseBody({ region_code: '150699' }), ['region_code']);
	await expect422(enterpriseBody({ region_code: '15x602' }), ['region_code']);
});

test('sector unknown → 422 naming sector', async () => {
	await expect422(enterpriseBody({ sector: 'spaceflight' }), ['sector']);
});

test('lat out of range → 422 naming lat', async () => {
	await expect422(enterpriseBody({ lat: 90.5, lon: 109.9 }), ['lat']);
	await expect422(enterpriseBody({ lat: -91, lon: 109.9 }), ['lat']);
});

test('lon out of range → 422 naming lon', async () => {
	await expect422(enterpriseBody({ lat: 39.8, lon: 180.01 }), ['lon']);
});

test('lat without lon → 422 naming the missing lon', async () => {
	const body = enterpriseBody({ lat: 39.8 });
	delete body.lon;
	await expect422(body, ['lon']);
});

test('scale not in the enum → 422 naming scale', async () => {
	await expect422(enterpriseBody({ scale: 'huge' }), ['scale']);
});

test('employees negative → 422 naming employees', async () => {
	await expect422(enterpriseBody({ employees: -1 }), ['employees']);
	await expect422(enterpriseBody({ employees: 1.5 }), ['employees']);
});

test('principal_phone malformed → 422 naming principal_phone', async () => {
	await expect422(enterpriseBody({ principal_phone: '1380000000x' }), ['principal_phone']);
	await expect422(enterpriseBody({ principal_phone: '12345' }), ['principal_phone']);
});

test('hazchem not boolean → 422 naming hazchem', async () => {
	await expect422(enterpriseBody({ hazchem: 'yes' }), ['hazchem']);
	await expect422(enterpriseBody({ hazchem: 1 }), ['hazchem']);
});

test('risk_color bad → 422 naming risk_color', async () => {
	await expect422(enterpriseBody({ risk_color: 'purple' }), ['risk_color']);
});

test('supervising_org_id unknown → 422 naming supervising_org_id', async () => {
	await expect422(enterpriseBody({ supervising_org_id: await unknownOrgId() }),
	    ['supervising_org_id']);
});

test('PATCH with an unknown supervising_org_id → 422 naming supervising_org_id, nothing changes', async () => {
	const c = await api(srv.base, admin, 'POST', '/api/v1/enterprises', enterpriseBody());
	assert.equal(c.status, 201, c.text);
	const r = await api(srv.base, admin, 'PATCH', `/api/v1/enterprises/${c.json.id}`,
	    { supervising_org_id: await unknownOrgId() });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['supervising_org_id']);
	const g = await api(srv.base, admin, 'GET', `/api/v1/enterprises/${c.json.id}`);
	assert.equal(g.json.supervising_org_id, c.json.supervising_org_id);
});

test('a known supervising_org_id is accepted and named in the reply', async () => {
	const orgs = await api(srv.base, admin, 'GET', '/api/v1/orgs');
	const org = orgs.json.items.find((o) => o.kind === 'district_bureau' && o.region_code === '150602');
	const r = await api(srv.base, admin, 'POST', '/api/v1/enterprises',
	    enterpriseBody({ supervising_org_id: org.id }));
	assert.equal(r.status, 201, r.text);
	assert.equal(r.json.supervising_org_name, org.name);
});

test('an unknown field → 422 naming that field', async () => {
	await expect422(enterpriseBody({ favourite_colour: 'green' }), ['favourite_colour']);
});

test('a read-only field (status) in a create → 422 naming status', async () => {
	await expect422(enterpriseBody({ status: 'closed' }), ['status']);
});

test('several invalid fields at once are all reported', async () => {
	await expect422(enterpriseBody({
		name: '甲',
		scale: 'huge',
		employees: -5,
		principal_phone: 'phone',
		hazchem: 'no',
		risk_color: 'purple',
		bogus: 1,
	}), ['name', 'scale', 'employees', 'principal_phone', 'hazchem', 'risk_color', 'bogus']);
});

test('problems of form and of reference are reported together', async () => {
	await expect422(enterpriseBody({
		name: '甲',
		region_code: '150699',
		sector: 'spaceflight',
		supervising_org_id: await unknownOrgId(),
		lat: 95,
	}), ['name', 'region_code', 'sector', 'supervising_org_id', 'lat']);
});

test('an invalid PATCH is 422 naming the field and changes nothing', async () => {
	const c = await api(srv.base, admin, 'POST', '/api/v1/enterprises', enterpriseBody());
	assert.equal(c.status, 201);
	const r = await api(srv.base, admin, 'PATCH', `/api/v1/enterprises/${c.json.id}`,
	    { address: '新地址', employees: -3 });
	assert.equal(r.status, 422, r.text);
	assert.deepEqual(fieldsOf(r), ['employees']);
	const g = await api(srv.base, admin, 'GET', `/api/v1/enterprises/${c.json.id}`);
	assert.equal(g.json.address, c.json.address);
	assert.equal(g.json.employees, c.json.employees);
});

test('a duplicate uscc is 409 naming uscc (also when sent in lower case)', async () => {
	const r = await api(srv.base, admin, 'POST', '/api/v1/enterprises',
	    enterpriseBody({ uscc: demo.uscc }));
	assert.equal(r.status, 409, r.text);
	assert.equal(r.json.error.code, 'conflict');
	assert.deepEqual(fieldsOf(r), ['uscc']);
	const lower = await api(srv.base, admin, 'POST', '/api/v1/enterprises',
	    enterpriseBody({ uscc: demo.uscc.toLowerCase() }));
	assert.equal(lower.status, 409, lower.text);
	assert.equal(await count(demo.uscc), 1);
});

test('a PATCH to another enterprise\'s uscc is 409 naming uscc', async () => {
	const c = await api(srv.base, admin, 'POST', '/api/v1/enterprises', enterpriseBody());
	const r = await api(srv.base, admin, 'PATCH', `/api/v1/enterprises/${c.json.id}`,
	    { uscc: demo.uscc });
	assert.equal(r.status, 409, r.text);
	assert.deepEqual(fieldsOf(r), ['uscc']);
});

test('malformed JSON is 400 bad_request', async () => {
	const r = await api(srv.base, admin, 'POST', '/api/v1/enterprises', '{"name": "x",',
	    { headers: { 'Content-Type': 'application/json' } });
	assert.equal(r.status, 400, r.text);
	assert.equal(r.json.error.code, 'bad_request');
	assert.equal(typeof r.json.error.message, 'string');
});

test('a JSON array body is 400', async () => {
	const r = await api(srv.base, admin, 'POST', '/api/v1/enterprises', [enterpriseBody()]);
	assert.equal(r.status, 400, r.text);
	assert.equal(r.json.error.code, 'bad_request');
});

test('an empty body is 400', async () => {
	const r = await api(srv.base, admin, 'POST', '/api/v1/enterprises', '',
	    { headers: { 'Content-Type': 'application/json' } });
	assert.equal(r.status, 400, r.text);
});

test('a JSON body over 1 MiB is 413 and the server stays up', async () => {
	const body = enterpriseBody({ address: 'x'.repeat((1 << 20) + 10) });
	const r = await api(srv.base, admin, 'POST', '/api/v1/enterprises', body);
	assert.equal(r.status, 413, r.text.slice(0, 300));
	assert.equal(r.json.error.code, 'too_large');
	assert.equal(await count(body.uscc), 0);
	const h = await api(srv.base, null, 'GET', '/healthz');
	assert.equal(h.status, 200);
	assert.deepEqual(h.json, { status: 'ok' });
});

/**
 * POSTs a large body over a raw socket, as a browser would (the body follows the headers
 * at once), and returns the response, reading while sending so that an early answer is
 * seen.
 */
function postRaw(path, body, headers) {
	const { port } = new URL(srv.base);
	return new Promise((resolve, reject) => {
		const sock = net.connect(Number(port), '127.0.0.1');
		let buf = Buffer.alloc(0);
		let done = false;
		let writeError = null;
		const sendBody = async () => {
			for (let off = 0; off < body.length && !sock.destroyed && !done; off += 65536) {
				if (!sock.write(body.subarray(off, off + 65536)))
					await new Promise((r) => { sock.once('drain', r); sock.once('close', r); });
			}
		};
		const finish = () => {
			if (done)
				return;
			done = true;
			const raw = buf.toString('latin1');
			const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
			if (!m) {
				reject(new Error('the connection was closed without an HTTP response ' +
				    `(${writeError ? writeError.code : 'no write error'}; got ` +
				    `${JSON.stringify(raw.slice(0, 80))})`));
				return;
			}
			const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
			const hdrs = {};
			for (const line of head.split('\r\n').slice(1)) {
				const i = line.indexOf(':');
				hdrs[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
			}
			const text = Buffer.from(raw.slice(head.length + 4), 'latin1').toString('utf8');
			resolve({ status: Number(m[1]), headers: hdrs, text });
		};
		sock.on('data', (c) => { buf = Buffer.concat([buf, c]); });
		sock.on('end', finish);
		sock.on('close', finish);
		sock.on('error', (e) => { writeError = e; });
		sock.on('connect', () => {
			const lines = [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`,
				`Content-Length: ${body.length}`, 'Connection: close'];
			for (const [k, v] of Object.entries(headers))
				lines.push(`${k}: ${v}`);
			sock.write(`${lines.join('\r\n')}\r\n\r\n`);
			sendBody();
		});
		setTimeout(() => { sock.destroy(); finish(); }, 30000).unref();
	});
}

function bigPng() {
	const big = Buffer.alloc((20 << 20) + 1024);
	tinyPng().copy(big);
	return big;
}

test('an upload over 20 MiB is 413 and the server stays up', async () => {
	const r = await postRaw('/api/v1/attachments?filename=big.png', bigPng(),
	    { Authorization: `Bearer ${admin}`, 'Content-Type': 'image/png' });
	assert.equal(r.status, 413, r.text.slice(0, 300));
	// libevent answers a Content-Length over the limit itself, before any handler runs:
	// its own short HTML body, not the JSON error shape (docs/api.md says so).
	assert.match(r.text, /Request Entity Too Large/);
	const h = await api(srv.base, null, 'GET', '/healthz');
	assert.equal(h.status, 200);
	const list = await api(srv.base, admin, 'GET', '/api/v1/audit?action=upload');
	assert.equal(list.json.total, 0, 'nothing stored');
});

test('an unknown route is 404 not_found', async () => {
	for (const path of ['/api/v1/nothing-here', '/api/v1/enterprises/1/nothing', '/api/v2/me']) {
		const r = await api(srv.base, admin, 'GET', path);
		assert.equal(r.status, 404, `${path}: ${r.text}`);
		assert.equal(r.json.error.code, 'not_found');
	}
});

test('a wrong method on a known route is 405', async () => {
	for (const [m, path] of [['PUT', '/api/v1/enterprises'], ['DELETE', '/api/v1/enterprises/1'],
	    ['PATCH', '/api/v1/audit'], ['POST', '/healthz']]) {
		const r = await api(srv.base, admin, m, path, m === 'DELETE' ? undefined : {});
		assert.equal(r.status, 405, `${m} ${path}: ${r.text}`);
		assert.ok(r.json?.error?.code, 'error shape');
	}
});

test('a bad limit is 400', async () => {
	for (const limit of ['0', '501', 'abc', '-1', '10x']) {
		const r = await api(srv.base, admin, 'GET', `/api/v1/enterprises?limit=${limit}`);
		assert.equal(r.status, 400, `limit=${limit}: ${r.text}`);
		assert.equal(r.json.error.code, 'bad_request');
	}
	const ok = await api(srv.base, admin, 'GET', '/api/v1/enterprises?limit=500');
	assert.equal(ok.status, 200);
});

test('a bad cursor is 400', async () => {
	for (const cursor of ['zzz', 'c', 'c-1', 'c!!', '0']) {
		const r = await api(srv.base, admin, 'GET',
		    `/api/v1/enterprises?cursor=${encodeURIComponent(cursor)}`);
		assert.equal(r.status, 400, `cursor=${cursor}: ${r.text}`);
		assert.equal(r.json.error.code, 'bad_request');
	}
});

test('bad list filters are 400 or 422 naming the filter, never 200', async () => {
	for (const [k, v] of [['hazchem', 'maybe'], ['risk_color', 'purple'], ['status', 'gone'],
	    ['region', '15']]) {
		const r = await api(srv.base, admin, 'GET', '/api/v1/enterprises', undefined,
		    { query: { [k]: v } });
		assert.ok(r.status === 400 || r.status === 422, `${k}=${v}: ${r.status} ${r.text}`);
		if (r.status === 422)
			assert.deepEqual(fieldsOf(r), [k]);
	}
});

test('a non-numeric or zero id in the path is 404', async () => {
	for (const id of ['abc', '0', '-1', '1e3']) {
		const r = await api(srv.base, admin, 'GET', `/api/v1/enterprises/${id}`);
		assert.equal(r.status, 404, `${id}: ${r.text}`);
	}
});
