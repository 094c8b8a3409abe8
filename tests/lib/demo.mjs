// Test helper: the demo city (`anjian demo`), built once per binary, seed and year into
// build/test-demo/ and rebuilt when the binary is newer than it; each caller gets a fresh
// copy to serve (startServer({ dbPath })).
//
//   const dbPath = await demoDb();            // a copy in a new temporary directory
//   const srv = await startServer({ dbPath });
//
// Several test processes may ask at once: one builds (a lock file), the others wait for it;
// the database is written under a temporary name and renamed into place when complete.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { ANJIAN_BIN, REPO_ROOT, runCli, tmpDir } from './server.mjs';

const DIR = path.join(REPO_ROOT, 'build', 'test-demo');
const LOCK_STALE_MS = 15 * 60 * 1000;
const BUILD_TIMEOUT_MS = Number(process.env.ANJIAN_DEMO_TIMEOUT_MS || 900000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Builds the demo city into `db` (its photos into `db`-data); resolves with the CLI's output. */
export async function buildDemo(db, { seed = 2024, year = 2024 } = {}) {
	const r = await runCli(['demo', '--db', db, '--data-dir', `${db}-data`, '--year', String(year),
		'--seed', String(seed)], { timeoutMs: BUILD_TIMEOUT_MS });
	assert.equal(r.code, 0, `anjian demo failed:\n${r.stdout}\n${r.stderr}`);
	return r;
}

function fresh(file) {
	try {
		return fs.statSync(file).mtimeMs >= fs.statSync(ANJIAN_BIN).mtimeMs;
	} catch {
		return false;
	}
}

/**
 * The built demo database of this binary, seed and year (read it, never write it).
 * @returns {Promise<string>}
 */
export async function demoTemplate({ seed = 2024, year = 2024 } = {}) {
	// The binary's path names the build (build/anjian, build/asan/anjian …).
	const tag = path.relative(REPO_ROOT, ANJIAN_BIN).replace(/[^A-Za-z0-9]+/g, '_');
	const db = path.join(DIR, `${year}-seed${seed}-${tag}.db`);
	const lock = `${db}.lock`;

	fs.mkdirSync(DIR, { recursive: true });
	for (;;) {
		if (fresh(db))
			return db;
		let fd;
		try {
			fd = fs.openSync(lock, 'wx');
		} catch (e) {
			if (e.code !== 'EEXIST')
				throw e;
			// Someone else is building: wait for them (or take over a stale lock).
			try {
				if (Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS)
					fs.rmSync(lock, { force: true });
			} catch {
				// gone meanwhile
			}
			await sleep(500);
			continue;
		}
		try {
			const tmp = `${db}.tmp-${process.pid}`;
			for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`])
				fs.rmSync(f, { force: true });
			fs.rmSync(`${tmp}-data`, { recursive: true, force: true });
			try {
				await buildDemo(tmp, { seed, year });
			} catch (e) {
				for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-data`])
					fs.rmSync(f, { recursive: true, force: true });
				throw e;
			}
			for (const ext of ['-wal', '-journal'])
				assert.ok(!fs.existsSync(tmp + ext) || fs.statSync(tmp + ext).size === 0,
				    `anjian demo left ${tmp}${ext} behind`);
			fs.rmSync(`${db}-data`, { recursive: true, force: true });
			fs.renameSync(`${tmp}-data`, `${db}-data`);
			fs.rmSync(`${tmp}-shm`, { force: true });
			fs.renameSync(tmp, db);
			return db;
		} finally {
			fs.closeSync(fd);
			fs.rmSync(lock, { force: true });
		}
	}
}

/**
 * A fresh copy of the demo database (with its photos in data/ beside it, where startServer
 * looks), in a new temporary directory.
 * @returns {Promise<string>} the path of the copy
 */
export async function demoDb(options = {}) {
	const template = await demoTemplate(options);
	const dir = tmpDir('anjian-demo-');
	const dbPath = path.join(dir, 'anjian.db');
	fs.copyFileSync(template, dbPath);
	fs.cpSync(`${template}-data`, path.join(dir, 'data'), { recursive: true });
	return dbPath;
}

/** Runs SQL on a database with the sqlite3 shell (read-only); rows as arrays of strings. */
export function sql(db, query) {
	const out = execFileSync('sqlite3', ['-readonly', '-separator', '\t', db, query],
	    { encoding: 'utf8', maxBuffer: 1 << 28 });
	return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/** One number from SQL. */
export function sqlNumber(db, query) {
	return Number(sql(db, query)[0][0]);
}
