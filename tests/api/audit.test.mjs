// The audit log: every write is recorded with who, what and which fields changed; the
// hash chain verifies, and tampering with the stored rows is detected.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
	api, DEMO, enterpriseBody, login, runCli, startServer, tinyPng, tmpDir, uniq, USERS,
} from '../lib/server.mjs';

let srv;
const tok = {};
const ids = {};		// user ids by role
const done = {};	// what the writes below produced

before(async () => {
	srv = await startServer();
	for (const role of ['admin', 'city', 'district', 'enterprise'])
		tok[role] = await login(srv.base, USERS[role]);
	for (const role of Object.keys(tok)) {
		const me = await api(srv.base, tok[role], 'GET', '/api/v1/me');
		ids[role] = me.json.user.id;
	}
	ids.entId = (await api(srv.base, tok.enterprise, 'GET', '/api/v1/me')).json.user.enterprise_id;
});

after(async () => {
	await srv?.stop();
});

async function auditRows(query) {
	const r = await api(srv.base, tok.admin, 'GET', '/api/v1/audit', undefined,
	    { query: { limit: 500, ...query } });
	assert.equal(r.status, 200, r.text);
	return r.json;
}

/** The single audit row for an entity and action (asserts there is exactly one). */
async function onlyRow(entity, entityId, action) {
	const r = await auditRows({ entity, entity_id: entityId, action });
	assert.equal(r.total, 1, `${action} ${entity} ${entityId}: ${JSON.stringify(r.items)}`);
	assert.equal(r.items.length, 1);
	return r.items[0];
}

function assertRowShape(row) {
	for (const k of ['id', 'at', 'actor_id', 'actor_name', 'action', 'entity', 'entity_id',
		'changes', 'client', 'hash'])
		assert.ok(k in row, `audit row has ${k}`);
	assert.match(row.at, /\+08:00$/);
	assert.match(row.hash, /^[0-9a-f]{64}$/);
	assert.equal(row.client, '127.0.0.1');
	assert.equal(typeof row.changes, 'object');
}

test('creating an enterprise is audited: actor, action create, entity, id and the values', async () => {
	const body = enterpriseBody();
	const r = await api(srv.base, tok.admin, 'POST', '/api/v1/enterprises', body);
	assert.equal(r.status, 201, r.text);
	done.enterprise = r.json;
	const row = await onlyRow('enterprise', r.json.id, 'create');
	assertRowShape(row);
	assert.equal(row.actor_id, ids.admin);
	assert.equal(row.actor_name, USERS.admin);
	assert.equal(row.entity, 'enterprise');
	assert.equal(row.entity_id, r.json.id);
	assert.equal(row.changes.name, body.name);
	assert.equal(row.changes.uscc, body.uscc);
	assert.equal(row.changes.region_code, body.region_code);
});

test('an update is audited with changes naming exactly the changed fields as [old, new]', async () => {
	const e = done.enterprise;
	const r = await api(srv.base, tok.district, 'PATCH', `/api/v1/enterprises/${e.id}`,
	    { address: '审计路2号', employees: e.employees + 5, principal: e.principal });
	assert.equal(r.status, 200, r.text);
	const row = await onlyRow('enterprise', e.id, 'update');
	assertRowShape(row);
	assert.equal(row.actor_id, ids.district);
	assert.equal(row.actor_name, USERS.district);
	assert.deepEqual(Object.keys(row.changes).sort(), ['address', 'employees'],
	    'an unchanged field given in the body is not listed');
	assert.deepEqual(row.changes.address, [e.address, '审计路2号']);
	assert.deepEqual(row.changes.employees, [e.employees, e.employees + 5]);
});

test('a PATCH that changes nothing writes no audit row', async () => {
	const e = done.enterprise;
	const before = await auditRows({ entity: 'enterprise', entity_id: e.id });
	const r = await api(srv.base, tok.admin, 'PATCH', `/api/v1/enterprises/${e.id}`,
	    { address: '审计路2号' });
	assert.equal(r.status, 200, r.text);
	const afterRows = await auditRows({ entity: 'enterprise', entity_id: e.id });
	assert.equal(afterRows.total, before.total);
});

test('a refused write (422, 403, 404) writes no audit row', async () => {
	const before = (await auditRows({})).total;
	let r = await api(srv.base, tok.admin, 'POST', '/api/v1/enterprises',
	    enterpriseBody({ name: '甲' }));
	assert.equal(r.status, 422);
	r = await api(srv.base, tok.enterprise, 'POST', '/api/v1/enterprises', enterpriseBody());
	assert.equal(r.status, 403);
	r = await api(srv.base, tok.enterprise, 'PATCH', `/api/v1/enterprises/${done.enterprise.id}`,
	    { principal_phone: '13511112222' });
	assert.equal(r.status, 404);
	assert.equal((await auditRows({})).total, before);
});

test('the enterprise user\'s contact update is audited under its own name', async () => {
	const before = await api(srv.base, tok.admin, 'GET', `/api/v1/enterprises/${ids.entId}`);
	const phone = '0477-8581234';
	const r = await api(srv.base, tok.enterprise, 'PATCH', `/api/v1/enterprises/${ids.entId}`,
	    { principal_phone: phone });
	assert.equal(r.status, 200, r.text);
	const row = await onlyRow('enterprise', ids.entId, 'update');
	assert.equal(row.actor_id, ids.enterprise);
	assert.equal(row.actor_name, USERS.enterprise);
	assert.deepEqual(row.changes, { principal_phone: [before.json.principal_phone, phone] });
});

test('a transition is audited with the action and the status change', async () => {
	const e = done.enterprise;
	const r = await api(srv.base, tok.city, 'POST', `/api/v1/enterprises/${e.id}/transitions`,
	    { action: 'close', reason: '停业' });
	assert.equal(r.status, 200, r.text);
	const row = await onlyRow('enterprise', e.id, 'transition');
	assertRowShape(row);
	assert.equal(row.actor_id, ids.city);
	assert.equal(row.changes.action, 'close');
	assert.deepEqual(row.changes.status, ['active', 'closed']);
	assert.equal(row.changes.reason, '停业');
});

test('an upload is audited with its sha256 and the record it is linked to', async () => {
	const png = tinyPng();
	const r = await api(srv.base, tok.district, 'POST',
	    `/api/v1/attachments?filename=a.png&entity=enterprise&entity_id=${done.enterprise.id}`,
	    png, { headers: { 'Content-Type': 'image/png' } });
	assert.equal(r.status, 201, r.text);
	const row = await onlyRow('attachment', r.json.id, 'upload');
	assert.equal(row.actor_id, ids.district);
	assert.equal(row.changes.sha256, r.json.sha256);
	assert.equal(row.changes.entity, 'enterprise');
	assert.equal(row.changes.entity_id, done.enterprise.id);
});

test('creating a user is audited without its password; lock and unlock are audited', async () => {
	const username = `audit_${uniq()}`.toLowerCase();
	const password = `Pw-${uniq()}-long`;
	const r = await api(srv.base, tok.admin, 'POST', '/api/v1/users', {
		username, display_name: '审计测试', role: 'viewer', password,
		org_id: (await api(srv.base, tok.admin, 'GET', '/api/v1/orgs?kind=city_bureau')).json.items[0].id,
	});
	assert.equal(r.status, 201, r.text);
	const row = await onlyRow('user', r.json.id, 'create');
	assert.equal(row.actor_id, ids.admin);
	assert.equal(row.changes.username, username);
	assert.equal(row.changes.role, 'viewer');
	const raw = JSON.stringify(row);
	assert.ok(!raw.includes(password), 'the password is not in the audit log');
	assert.ok(!/argon2/.test(raw), 'no password hash in the audit log');

	for (const action of ['lock', 'unlock']) {
		const t = await api(srv.base, tok.admin, 'POST', `/api/v1/users/${r.json.id}/transitions`,
		    { action });
		assert.equal(t.status, 200, t.text);
		const a = await onlyRow('user', r.json.id, action);
		assert.equal(a.actor_id, ids.admin);
	}
	done.user = r.json;
});

test('a password reset is audited as an update without the password itself', async () => {
	const password = `Reset-${uniq()}-pw`;
	const r = await api(srv.base, tok.admin, 'PATCH', `/api/v1/users/${done.user.id}`,
	    { password, phone: '13600000000' });
	assert.equal(r.status, 200, r.text);
	const row = await onlyRow('user', done.user.id, 'update');
	assert.deepEqual(row.changes.phone, ['', '13600000000']);
	assert.ok('password' in row.changes, 'the reset is recorded');
	assert.ok(!JSON.stringify(row).includes(password));
});

test('creating and updating an org is audited', async () => {
	const name = `审计单位${uniq()}`;
	const c = await api(srv.base, tok.admin, 'POST', '/api/v1/orgs',
	    { name, kind: 'district_bureau', region_code: DEMO.district });
	assert.equal(c.status, 201, c.text);
	const row = await onlyRow('org', c.json.id, 'create');
	assert.equal(row.changes.name, name);
	const u = await api(srv.base, tok.admin, 'PATCH', `/api/v1/orgs/${c.json.id}`,
	    { abbr: '审计' });
	assert.equal(u.status, 200, u.text);
	const urow = await onlyRow('org', c.json.id, 'update');
	assert.deepEqual(urow.changes.abbr, ['', '审计']);
});

test('login and logout are audited against the user', async () => {
	const t = await login(srv.base, USERS.inspector);
	const me = await api(srv.base, t, 'GET', '/api/v1/me');
	const uid = me.json.user.id;
	const out = await api(srv.base, t, 'DELETE', '/api/v1/session');
	assert.equal(out.status, 204);
	const logins = await auditRows({ entity: 'user', entity_id: uid, action: 'login' });
	assert.equal(logins.total, 1);
	assert.equal(logins.items[0].actor_id, uid);
	const logouts = await auditRows({ entity: 'user', entity_id: uid, action: 'logout' });
	assert.equal(logouts.total, 1);
	assert.equal(logouts.items[0].actor_name, USERS.inspector);
});

test('the audit list filters by actor_id, action and dates, newest first, and pages with a cursor', async () => {
	const all = await auditRows({});
	assert.ok(all.total > 0 && all.total <= 500);
	assert.deepEqual(all.items.map((x) => x.id), [...all.items.map((x) => x.id)].sort((a, b) => b - a));
	const mine = await auditRows({ actor_id: ids.district });
	assert.deepEqual(mine.items.map((x) => x.id),
	    all.items.filter((x) => x.actor_id === ids.district).map((x) => x.id));
	const creates = await auditRows({ action: 'create' });
	assert.equal(creates.total, all.items.filter((x) => x.action === 'create').length);

	const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
	const yesterday = new Date(Date.now() + 8 * 3600e3 - 86400e3).toISOString().slice(0, 10);
	assert.equal((await auditRows({ from: today, to: today })).total, all.total);
	assert.equal((await auditRows({ to: yesterday })).total, 0);
	const bad = await api(srv.base, tok.admin, 'GET', '/api/v1/audit?from=2024-13-45');
	assert.equal(bad.status, 422, bad.text);

	const walked = [];
	let cursor = null;
	do {
		const r = await api(srv.base, tok.admin, 'GET', '/api/v1/audit', undefined,
		    { query: { limit: 9, cursor } });
		walked.push(...r.json.items.map((x) => x.id));
		cursor = r.json.next_cursor;
	} while (cursor);
	assert.deepEqual(walked, all.items.map((x) => x.id));
});

test('city may read the audit log; district and viewer may not (403)', async () => {
	assert.equal((await api(srv.base, tok.city, 'GET', '/api/v1/audit')).status, 200);
	assert.equal((await api(srv.base, tok.district, 'GET', '/api/v1/audit')).status, 403);
	const viewer = await login(srv.base, USERS.viewer);
	assert.equal((await api(srv.base, viewer, 'GET', '/api/v1/audit')).status, 403);
});

// ---- the hash chain (these run last: they stop the server) ----

const sql = (db, q) => execFileSync('sqlite3', [db, q]).toString('utf8').trim();

test('`anjian audit verify` passes on the database the tests wrote', async () => {
	const r = await runCli(['audit', 'verify', '--db', srv.dbPath]);
	assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
	const n = Number(sql(srv.dbPath, 'SELECT count(*) FROM audit'));
	assert.match(r.stdout, new RegExp(`\\b${n}\\b`), `reports the ${n} rows checked`);
});

let copies;

test('tampering: one row\'s changes rewritten → verify exits 1 naming that row', async () => {
	await srv.stop();
	const dir = tmpDir('anjian-audit-');
	copies = ['changed', 'middle', 'last'].map((n) => {
		const p = path.join(dir, `${n}.db`);
		fs.copyFileSync(srv.dbPath, p);
		if (fs.existsSync(srv.dbPath + '-wal'))
			fs.copyFileSync(srv.dbPath + '-wal', p + '-wal');
		return p;
	});
	const db = copies[0];
	assert.notEqual(sql(db, 'SELECT changes FROM audit WHERE id = 3'), '{}',
	    'row 3 has changes to tamper with');
	sql(db, "UPDATE audit SET changes = '{}' WHERE id = 3");
	const r = await runCli(['audit', 'verify', '--db', db]);
	assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
	assert.match(r.stdout + r.stderr, /\brow 3\b/);
});

test('tampering: a middle row deleted → verify exits 1 naming the next row', async () => {
	const db = copies[1];
	const n = Number(sql(db, 'SELECT max(id) FROM audit'));
	const mid = Math.floor(n / 2);
	sql(db, `DELETE FROM audit WHERE id = ${mid}`);
	const r = await runCli(['audit', 'verify', '--db', db]);
	assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
	assert.match(r.stdout + r.stderr, new RegExp(`\\brow ${mid + 1}\\b`));
});

test('tampering: the last row deleted → verify exits 1', async () => {
	const db = copies[2];
	const n = Number(sql(db, 'SELECT max(id) FROM audit'));
	sql(db, `DELETE FROM audit WHERE id = ${n}`);
	const r = await runCli(['audit', 'verify', '--db', db]);
	assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
	assert.match(r.stdout + r.stderr, /BROKEN/i);
});
