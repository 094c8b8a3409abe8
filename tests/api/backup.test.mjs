// `anjian backup` while the server is taking writes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
	api, enterpriseBody, listAll, login, runCli, startServer, tmpDir, USERS,
} from '../lib/server.mjs';

let srv;
let admin;
let work;

before(async () => {
	srv = await startServer();
	admin = await login(srv.base, USERS.admin);
	work = tmpDir('anjian-backup-');
});

after(async () => {
	await srv?.stop();
});

const sql = (db, q) => execFileSync('sqlite3', [db, q]).toString('utf8').trim();

test('a backup taken during a stream of creates is intact, complete up to its start, and its audit chain verifies', async () => {
	let stop = false;
	let failure = null;
	const results = [];
	const writer = async () => {
		try {
			while (!stop && failure === null) {
				const r = await api(srv.base, admin, 'POST', '/api/v1/enterprises',
				    enterpriseBody());
				results.push(r.status);
				if (r.status !== 201)
					failure = new Error(`create during backup: ${r.status} ${r.text}`);
			}
		} catch (e) {
			failure = e;
		}
	};
	const waitFor = async (n) => {
		const deadline = Date.now() + 60000;
		while (results.length < n && failure === null && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 5));
		if (failure)
			throw failure;
		assert.ok(results.length >= n, `only ${results.length} creates in 60 s`);
	};
	const writers = [writer(), writer()];
	const out = path.join(work, 'backup.db');
	let before, countAtStart, countAtEnd, b;
	try {
		// Let the stream get going before the backup starts.
		await waitFor(10);
		before = await listAll(srv.base, admin, '/api/v1/enterprises', { status: 'all' });
		countAtStart = results.length;
		b = await runCli(['backup', out, '--db', srv.dbPath]);
		countAtEnd = results.length;
		// And keep writing a little after it.
		await waitFor(countAtEnd + 5);
	} finally {
		stop = true;
		await Promise.all(writers);
	}
	if (failure)
		throw failure;
	assert.equal(b.code, 0, `${b.stdout}\n${b.stderr}`);
	assert.ok(countAtEnd >= countAtStart);
	assert.ok(results.every((s) => s === 201), 'every create during the backup succeeded');

	assert.equal(sql(out, 'PRAGMA integrity_check'), 'ok');
	assert.equal(sql(out, 'PRAGMA journal_mode'), 'delete', 'a self-contained file');
	const inBackup = new Set(sql(out, 'SELECT uscc FROM enterprises').split('\n'));
	for (const e of before.items)
		assert.ok(inBackup.has(e.uscc), `the backup has ${e.name}, which existed before it began`);
	const live = await listAll(srv.base, admin, '/api/v1/enterprises', { status: 'all' });
	assert.ok(inBackup.size >= before.total && inBackup.size <= live.total,
	    `${before.total} ≤ ${inBackup.size} ≤ ${live.total}`);
	// A consistent snapshot: every enterprise in it has its audit row, and no audit row
	// names an enterprise that is missing.
	assert.equal(sql(out, "SELECT count(*) FROM enterprises e WHERE NOT EXISTS (SELECT 1 FROM " +
	    "audit a WHERE a.entity = 'enterprise' AND a.action = 'create' AND a.entity_id = e.id)"),
	    '0');
	assert.equal(sql(out, "SELECT count(*) FROM audit a WHERE a.entity = 'enterprise' AND " +
	    "a.action = 'create' AND NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.id = a.entity_id)"),
	    '0');

	const v = await runCli(['audit', 'verify', '--db', out]);
	assert.equal(v.code, 0, `${v.stdout}\n${v.stderr}`);
});

test('a backup that is taken when the server is idle equals the live data', async () => {
	const out = path.join(work, 'idle.db');
	const b = await runCli(['backup', out, '--db', srv.dbPath]);
	assert.equal(b.code, 0, `${b.stdout}\n${b.stderr}`);
	const live = await listAll(srv.base, admin, '/api/v1/enterprises', { status: 'all' });
	assert.equal(Number(sql(out, 'SELECT count(*) FROM enterprises')), live.total);
	const audit = await api(srv.base, admin, 'GET', '/api/v1/audit?limit=1');
	assert.equal(Number(sql(out, 'SELECT count(*) FROM audit')), audit.json.total);
	// The backup serves: a server started on it answers with the same data.
	const copy = await startServer({ dbPath: out });
	try {
		const t = await login(copy.base, USERS.city);
		const r = await api(copy.base, t, 'GET', '/api/v1/enterprises?limit=1&status=all');
		assert.equal(r.json.total, live.total);
	} finally {
		await copy.stop();
	}
});

test('backup refuses to overwrite an existing file (exit 1) and leaves it untouched', async () => {
	const out = path.join(work, 'exists.db');
	fs.writeFileSync(out, 'keep me');
	const b = await runCli(['backup', out, '--db', srv.dbPath]);
	assert.equal(b.code, 1, `${b.stdout}\n${b.stderr}`);
	assert.equal(fs.readFileSync(out, 'utf8'), 'keep me');
});
