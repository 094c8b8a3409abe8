// Test helper: runs a real `anjian serve` on a free loopback port with a fresh database,
// and small HTTP helpers around global fetch. Used by tests/api and tests/browser.
//
//   const srv = await startServer();          // { base, port, dbPath, dataDir, dir, stop() }
//   const token = await login(srv.base, USERS.admin);
//   const r = await api(srv.base, token, 'GET', '/api/v1/me');   // { status, json, headers }
//   await srv.stop();                          // SIGTERM; asserts a clean exit (code 0)
//
// The binary is $ANJIAN_BIN (default build/anjian of this repository), so the same tests
// can run against the ASan build: ANJIAN_BIN=build/asan/anjian node --test tests/api/
// Set ANJIAN_KEEP_TMP=1 to keep the temporary directories for inspection.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ANJIAN_BIN = path.resolve(REPO_ROOT, process.env.ANJIAN_BIN || 'build/anjian');

/** The password of every demo account (`anjian init --demo`). */
export const DEMO_PASSWORD = 'AnQuan@2024';
/** Demo usernames by role. */
export const USERS = Object.freeze({
	admin: 'admin',
	city: 'city',
	district: 'dongsheng',
	department: 'zhujian',
	inspector: 'inspector',
	reviewer: 'reviewer',
	enterprise: 'enterprise',
	viewer: 'leader',
});
/** The same, by their names. */
export const ADMIN = USERS.admin;
export const CITY = USERS.city;
export const DISTRICT = USERS.district;
export const DEPARTMENT = USERS.department;
export const INSPECTOR = USERS.inspector;
export const REVIEWER = USERS.reviewer;
export const ENTERPRISE = USERS.enterprise;
export const VIEWER = USERS.viewer;
/** What the demo accounts are bound to (see src/seed/seed.c). */
export const DEMO = Object.freeze({
	city: '150600',
	district: '150602',		// 东胜区: dongsheng and inspector
	otherDistrict: '150603',	// 康巴什区
	departmentSectors: Object.freeze(['construction', 'city_gas']),	// zhujian
});

const STARTUP_TIMEOUT_MS = Number(process.env.ANJIAN_STARTUP_TIMEOUT_MS || 30000);
const STOP_TIMEOUT_MS = Number(process.env.ANJIAN_STOP_TIMEOUT_MS || 20000);
const keepTmp = !!process.env.ANJIAN_KEEP_TMP;

// ---- temporary directories, removed when the process exits ----

const tmpDirs = new Set();

/** A new temporary directory (removed at exit unless ANJIAN_KEEP_TMP is set). */
export function tmpDir(prefix = 'anjian-test-') {
	const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	tmpDirs.add(d);
	return d;
}

process.on('exit', () => {
	if (keepTmp)
		return;
	for (const d of tmpDirs) {
		try {
			fs.rmSync(d, { recursive: true, force: true });
		} catch {
			// best effort
		}
	}
});

// ---- the command line ----

/**
 * Runs `anjian ARGS…` to completion.
 * @returns {Promise<{code:number|null, signal:string|null, stdout:string, stderr:string}>}
 */
export function runCli(args, { input, env, cwd = REPO_ROOT, timeoutMs = 120000 } = {}) {
	return new Promise((resolve, reject) => {
		const p = spawn(ANJIAN_BIN, args, {
			cwd,
			env: { ...process.env, ...env },
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		const out = [];
		const err = [];
		const timer = setTimeout(() => {
			p.kill('SIGKILL');
			reject(new Error(`anjian ${args.join(' ')}: no exit after ${timeoutMs} ms`));
		}, timeoutMs);
		p.stdout.on('data', (b) => out.push(b));
		p.stderr.on('data', (b) => err.push(b));
		p.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		p.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({
				code,
				signal,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
			});
		});
		p.stdin.on('error', () => {});
		p.stdin.end(input === undefined ? '' : input);
	});
}

let templatePromise = null;

/**
 * The path of a demo database made once per process (`anjian init --demo`); copy it,
 * never open it for writing.
 */
export function templateDb() {
	if (templatePromise === null) {
		templatePromise = (async () => {
			assert.ok(fs.existsSync(ANJIAN_BIN),
			    `no anjian binary at ${ANJIAN_BIN} (run make build/anjian or set ANJIAN_BIN)`);
			const dir = tmpDir('anjian-template-');
			const db = path.join(dir, 'template.db');
			const r = await runCli(['init', '--db', db, '--demo']);
			assert.equal(r.code, 0, `anjian init --demo failed:\n${r.stdout}\n${r.stderr}`);
			for (const ext of ['-wal', '-shm', '-journal'])
				assert.ok(!fs.existsSync(db + ext) || fs.statSync(db + ext).size === 0,
				    `init left ${db}${ext} behind; the template would be incomplete`);
			return db;
		})();
	}
	return templatePromise;
}

/** A fresh copy of the demo database in a new temporary directory. */
export async function freshDb() {
	const template = await templateDb();
	const dir = tmpDir();
	const dbPath = path.join(dir, 'anjian.db');
	fs.copyFileSync(template, dbPath);
	return { dir, dbPath };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `anjian serve` on a fresh copy of the demo database.
 *
 * options: threads (2), dbPath (serve this database instead of a fresh copy),
 * uiDir (default ui/dist of the repository), env, extraArgs.
 * @returns {Promise<{base:string, port:number, dbPath:string, dataDir:string, dir:string,
 *   proc:import('node:child_process').ChildProcess, logs:() => string,
 *   stop:() => Promise<void>}>}
 */
export async function startServer(options = {}) {
	const { threads = 2, uiDir = path.join(REPO_ROOT, 'ui', 'dist'), env, extraArgs = [] } =
	    options;
	let dir, dbPath;
	if (options.dbPath) {
		dbPath = options.dbPath;
		dir = path.dirname(dbPath);
	} else
		({ dir, dbPath } = await freshDb());
	const dataDir = path.join(dir, 'data');

	for (let attempt = 0; ; attempt++) {
		const port = await freePort();
		const base = `http://127.0.0.1:${port}`;
		const args = ['serve', '--db', dbPath, '--data-dir', dataDir, '--listen',
			`127.0.0.1:${port}`, '--threads', String(threads), '--ui-dir', uiDir, ...extraArgs];
		const proc = spawn(ANJIAN_BIN, args, {
			cwd: REPO_ROOT,
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let log = '';
		const keep = (b) => {
			log += b.toString('utf8');
			if (log.length > 200000)
				log = log.slice(-100000);
		};
		proc.stdout.on('data', keep);
		proc.stderr.on('data', keep);
		const exited = new Promise((resolve) => {
			proc.on('exit', (code, signal) => resolve({ code, signal }));
		});
		let exit = null;
		exited.then((e) => { exit = e; });

		const deadline = Date.now() + STARTUP_TIMEOUT_MS;
		let up = false;
		while (Date.now() < deadline && exit === null) {
			try {
				const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
				await r.arrayBuffer();
				if (r.status === 200) {
					up = true;
					break;
				}
			} catch {
				// not listening yet
			}
			await sleep(30);
		}
		if (!up) {
			if (exit === null) {
				proc.kill('SIGKILL');
				await exited;
				throw new Error(`anjian serve did not answer /healthz within ` +
				    `${STARTUP_TIMEOUT_MS} ms:\n${log}`);
			}
			// Lost the race for the port to another process: try another one.
			if (attempt < 3 && /cannot listen/.test(log))
				continue;
			throw new Error(`anjian serve exited early (${JSON.stringify(exit)}):\n${log}`);
		}

		let stopped = null;
		const stop = () => {
			if (stopped === null) {
				stopped = (async () => {
					if (exit === null)
						proc.kill('SIGTERM');
					const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
					const e = await exited;
					clearTimeout(timer);
					assert.deepEqual(e, { code: 0, signal: null },
					    `anjian serve did not shut down cleanly on SIGTERM ` +
					    `(${JSON.stringify(e)}); its log:\n${log}`);
				})();
			}
			return stopped;
		};
		return { base, port, dbPath, dataDir, dir, proc, logs: () => log, stop,
			exited };
	}
}

// ---- HTTP ----

/**
 * Logs in and returns the session token; throws unless the answer is 201.
 */
export async function login(base, username, password = DEMO_PASSWORD) {
	const r = await api(base, null, 'POST', '/api/v1/session', { username, password });
	if (r.status !== 201 || typeof r.json?.token !== 'string')
		throw new Error(`login ${username}: ${r.status} ${r.text}`);
	return r.json.token;
}

/** Logs in every demo role once: { admin: token, city: token, … } (by role). */
export async function loginAll(base, roles = Object.keys(USERS)) {
	const out = {};
	// One at a time: argon2id is CPU- and memory-heavy.
	for (const role of roles)
		out[role] = await login(base, USERS[role]);
	return out;
}

/**
 * One request. `body`: undefined (none), a plain object or array (sent as JSON),
 * a string / Buffer / Uint8Array / Blob / FormData (sent as is).
 * options.headers: extra headers; options.query: an object appended as the query string.
 * @returns {Promise<{status:number, json:any, text:string, bytes:Buffer, headers:Headers}>}
 */
export async function api(base, token, method, urlPath, body, options = {}) {
	const headers = { ...(options.headers || {}) };
	if (token)
		headers.Authorization = `Bearer ${token}`;
	let payload;
	if (body === undefined || body === null)
		payload = undefined;
	else if (typeof body === 'string' || body instanceof Uint8Array ||
	    body instanceof ArrayBuffer || body instanceof Blob || body instanceof FormData)
		payload = body;
	else {
		payload = JSON.stringify(body);
		if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
			headers['Content-Type'] = 'application/json';
	}
	let url = base + urlPath;
	if (options.query) {
		const q = new URLSearchParams();
		for (const [k, v] of Object.entries(options.query))
			if (v !== undefined && v !== null)
				q.append(k, String(v));
		url += (urlPath.includes('?') ? '&' : '?') + q.toString();
	}
	const r = await fetch(url, { method, headers, body: payload, redirect: 'manual' });
	const bytes = Buffer.from(await r.arrayBuffer());
	const text = bytes.toString('utf8');
	let json;
	if ((r.headers.get('content-type') || '').includes('json') && bytes.length > 0) {
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
	}
	return { status: r.status, json, text, bytes, headers: r.headers };
}

/** Fetches every page of a list (`items`, `next_cursor`), returning all items and the total. */
export async function listAll(base, token, urlPath, query = {}, limit = 500) {
	const items = [];
	let cursor = null;
	let total = null;
	for (let page = 0; page < 10000; page++) {
		const r = await api(base, token, 'GET', urlPath, undefined,
		    { query: { ...query, limit, cursor } });
		if (r.status !== 200)
			throw new Error(`GET ${urlPath}: ${r.status} ${r.text}`);
		if (total === null)
			total = r.json.total;
		items.push(...r.json.items);
		cursor = r.json.next_cursor;
		if (!cursor)
			return { items, total };
	}
	throw new Error(`GET ${urlPath}: the cursor never ends`);
}

// ---- test data ----

let uniqCounter = 0;
/** A short string unique within this process and very likely across processes. */
export function uniq(prefix = '') {
	uniqCounter++;
	return `${prefix}${process.pid.toString(36)}${uniqCounter.toString(36)}` +
	    randomBytes(2).toString('hex');
}

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** The GB 32100 check character of the first 17 characters of a USCC. */
export function usccCheckChar(first17) {
	let sum = 0;
	let w = 1;
	for (let i = 0; i < 17; i++) {
		const v = USCC_CHARSET.indexOf(first17[i]);
		if (v < 0)
			throw new Error(`not a USCC character: ${first17[i]}`);
		sum += v * w;
		w = (w * 3) % 31;
	}
	return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** A random valid 18-character unified social credit code in the given county. */
export function makeUscc(county = '150602') {
	if (!/^\d{6}/.test(county))
		county = '150602';
	const body = Array.from(randomBytes(9), (b) => USCC_CHARSET[b % USCC_CHARSET.length])
	    .join('');
	const first17 = `91${county.slice(0, 6)}${body}`;
	return first17 + usccCheckChar(first17);
}

/** A valid enterprise body for POST /api/v1/enterprises; `over` replaces fields. */
export function enterpriseBody(over = {}) {
	const region = over.region_code || DEMO.district;
	return {
		name: `测试企业${uniq()}有限公司`,
		uscc: makeUscc(region.slice(0, 6)),
		region_code: region,
		sector: 'construction',
		address: '东胜区测试路1号',
		lat: 39.81,
		lon: 109.98,
		scale: 'small',
		employees: 12,
		legal_rep: '王法人',
		principal: '李负责',
		principal_phone: '13800000000',
		safety_manager: '赵安全',
		hazchem: false,
		major_hazard_source: false,
		risk_color: 'blue',
		...over,
	};
}

/** The bytes of a valid 1×1 PNG (one opaque red pixel), built here, with correct CRCs. */
export function tinyPng() {
	const crcTable = new Int32Array(256).map((_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c;
	});
	const crc32 = (buf) => {
		let c = -1;
		for (const b of buf)
			c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
		return (c ^ -1) >>> 0;
	};
	const chunk = (type, data) => {
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(td));
		return Buffer.concat([len, td, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(1, 0);	// width
	ihdr.writeUInt32BE(1, 4);	// height
	ihdr[8] = 8;			// bit depth
	ihdr[9] = 2;			// colour type: truecolour
	// compression, filter, interlace: 0
	// One scanline: filter byte 0, then R G B; deflate "stored" block (zlib header 78 01).
	const raw = Buffer.from([0, 255, 0, 0]);
	const adler = (() => {
		let a = 1, b = 0;
		for (const x of raw) {
			a = (a + x) % 65521;
			b = (b + a) % 65521;
		}
		const o = Buffer.alloc(4);
		o.writeUInt32BE(((b << 16) | a) >>> 0);
		return o;
	})();
	const idat = Buffer.concat([Buffer.from([0x78, 0x01, 0x01, raw.length, 0,
		~raw.length & 0xff, 0xff]), raw, adler]);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', idat),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

/** Hex SHA-256 of bytes. */
export function sha256(bytes) {
	return createHash('sha256').update(bytes).digest('hex');
}
