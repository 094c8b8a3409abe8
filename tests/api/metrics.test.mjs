// /healthz and /metrics.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { api, login, startServer, USERS } from '../lib/server.mjs';

let srv;
let admin;

before(async () => {
	srv = await startServer();
	admin = await login(srv.base, USERS.admin);
});

after(async () => {
	await srv?.stop();
});

async function metrics() {
	const r = await api(srv.base, null, 'GET', '/metrics');
	assert.equal(r.status, 200, r.text);
	assert.match(r.headers.get('content-type'), /^text\/plain/);
	return r.text;
}

/** The value of one sample, by metric name and exact labels (0 when absent). */
function sample(text, name, labels = {}) {
	for (const line of text.split('\n')) {
		if (line.startsWith('#') || !line.startsWith(name))
			continue;
		const m = /^([a-zA-Z_:][\w:]*)(\{((?:[^"}]|"(?:[^"\\]|\\.)*")*)\})?\s+(\S+)$/.exec(line);
		if (!m || m[1] !== name)
			continue;
		const have = {};
		for (const [, k, v] of (m[3] || '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
			have[k] = v;
		if (Object.keys(labels).length === Object.keys(have).length &&
		    Object.entries(labels).every(([k, v]) => have[k] === v))
			return Number(m[4]);
	}
	return 0;
}

test('GET /healthz is 200 {"status":"ok"} without authentication', async () => {
	const r = await api(srv.base, null, 'GET', '/healthz');
	assert.equal(r.status, 200);
	assert.deepEqual(r.json, { status: 'ok' });
	const head = await fetch(`${srv.base}/healthz`, { method: 'HEAD' });
	assert.equal(head.status, 200);
});

test('/metrics is Prometheus text with the four families', async () => {
	await api(srv.base, admin, 'GET', '/api/v1/enterprises');
	const text = await metrics();
	for (const family of ['anjian_http_requests_total', 'anjian_http_request_duration_seconds',
		'anjian_sessions', 'anjian_store_errors_total'])
		assert.match(text, new RegExp(`^# TYPE ${family} (counter|gauge|histogram)$`, 'm'), family);
	assert.match(text, /^anjian_http_requests_total\{[^}]*route="\/api\/v1\/enterprises"[^}]*\} \d+$/m);
	assert.match(text, /^anjian_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/enterprises"[^}]*le="\+Inf"\} \d+$/m);
	assert.match(text, /^anjian_sessions \d+$/m);
	assert.match(text, /^anjian_store_errors_total \d+$/m);
	// Every sample line is well formed.
	for (const line of text.split('\n').filter((l) => l && !l.startsWith('#')))
		assert.match(line, /^[a-zA-Z_:][\w:]*(\{((?:[^"}]|"(?:[^"\\]|\\.)*")*)\})? (-?[\d.]+(e[+-]?\d+)?|\+Inf)$/, line);
});

test('anjian_http_requests_total counts each request by route pattern and status class', async () => {
	const labels = { method: 'GET', route: '/api/v1/enterprises/{id}', code: '2xx' };
	const notFound = { method: 'GET', route: '/api/v1/enterprises/{id}', code: '4xx' };
	const before = await metrics();
	for (let i = 0; i < 3; i++)
		assert.equal((await api(srv.base, admin, 'GET', '/api/v1/enterprises/1')).status, 200);
	assert.equal((await api(srv.base, admin, 'GET', '/api/v1/enterprises/99999999')).status, 404);
	const afterText = await metrics();
	assert.equal(sample(afterText, 'anjian_http_requests_total', labels) -
	    sample(before, 'anjian_http_requests_total', labels), 3);
	assert.equal(sample(afterText, 'anjian_http_requests_total', notFound) -
	    sample(before, 'anjian_http_requests_total', notFound), 1);
	// The histogram counts them too: +Inf bucket equals _count, both up by 4.
	const h = { method: 'GET', route: '/api/v1/enterprises/{id}' };
	const inf = sample(afterText, 'anjian_http_request_duration_seconds_bucket', { ...h, le: '+Inf' });
	assert.equal(inf, sample(afterText, 'anjian_http_request_duration_seconds_count', h));
	assert.equal(inf - sample(before, 'anjian_http_request_duration_seconds_bucket',
	    { ...h, le: '+Inf' }), 4);
});

test('histogram buckets are cumulative (non-decreasing in le)', async () => {
	const text = await metrics();
	const rows = text.split('\n').filter((l) =>
	    l.startsWith('anjian_http_request_duration_seconds_bucket{method="GET",route="/api/v1/enterprises"'));
	assert.ok(rows.length > 2);
	const values = rows.map((l) => Number(l.split(' ').pop()));
	for (let i = 1; i < values.length; i++)
		assert.ok(values[i] >= values[i - 1], rows.join('\n'));
});

test('anjian_sessions follows logins and logouts', async () => {
	const s0 = sample(await metrics(), 'anjian_sessions');
	const a = await login(srv.base, USERS.city);
	await login(srv.base, USERS.viewer);
	assert.equal(sample(await metrics(), 'anjian_sessions'), s0 + 2);
	assert.equal((await api(srv.base, a, 'DELETE', '/api/v1/session')).status, 204);
	assert.equal(sample(await metrics(), 'anjian_sessions'), s0 + 1);
});

test('anjian_store_errors_total stays 0 on a healthy run', async () => {
	assert.equal(sample(await metrics(), 'anjian_store_errors_total'), 0);
});
