// The server's route table (`anjian routes`) and docs/api.md list the same routes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';

import { REPO_ROOT, runCli } from '../lib/server.mjs';

const ALL_ROLES = ['admin', 'city', 'district', 'department', 'inspector', 'reviewer',
	'enterprise', 'viewer'];

let server;	// Map "METHOD path" → [roles]
let docs;	// Map "METHOD path" → [roles]

/** `METHOD PATTERN role role…` per line. */
function parseRoutes(text) {
	const m = new Map();
	for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
		const [method, pattern, ...roles] = line.split(/\s+/);
		assert.match(method, /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/, line);
		assert.match(pattern, /^\//, line);
		const key = `${method} ${pattern}`;
		assert.ok(!m.has(key), `route listed twice by the server: ${key}`);
		m.set(key, roles.sort());
	}
	return m;
}

/** The roles a docs cell names: "none", "any", "any but viewer", "admin, city; enterprise (…)". */
function docRoles(cell) {
	const c = cell.replace(/\([^)]*\)/g, '').trim();
	if (/^none\b/.test(c))
		return [];
	const but = /^any but (.+)$/.exec(c);
	if (but) {
		const minus = but[1].split(/[,;]|\band\b/).map((s) => s.trim()).filter(Boolean);
		return ALL_ROLES.filter((r) => !minus.includes(r)).sort();
	}
	if (/^any\b/.test(c))
		return [...ALL_ROLES].sort();
	return c.split(/[,;]/).map((s) => s.trim()).filter(Boolean).sort();
}

/** Rows `| METHOD | `path` | roles | what |` of docs/api.md. */
function parseDocs(text) {
	const m = new Map();
	const row = /^\|\s*(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s*\|\s*`([^`]+)`\s*\|([^|]*)\|/;
	for (const line of text.split('\n')) {
		const r = row.exec(line);
		if (!r)
			continue;
		const key = `${r[1]} ${r[2]}`;
		assert.ok(!m.has(key), `route listed twice in docs/api.md: ${key}`);
		m.set(key, docRoles(r[3]));
	}
	return m;
}

before(async () => {
	const r = await runCli(['routes']);
	assert.equal(r.code, 0, r.stderr);
	server = parseRoutes(r.stdout);
	docs = parseDocs(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'api.md'), 'utf8'));
});

test('both route tables parse and are not empty', () => {
	assert.ok(server.size >= 10, `server routes: ${server.size}`);
	assert.ok(docs.size >= 10, `docs routes: ${docs.size}`);
	assert.ok(server.has('GET /healthz'));
	assert.ok(docs.has('GET /healthz'));
});

test('every route the server answers is documented in docs/api.md', () => {
	const missing = [...server.keys()].filter((k) => !docs.has(k));
	assert.deepEqual(missing, [], `undocumented routes:\n${missing.join('\n')}`);
});

test('every route documented in docs/api.md exists in the server', () => {
	const extra = [...docs.keys()].filter((k) => !server.has(k));
	assert.deepEqual(extra, [], `documented but not served:\n${extra.join('\n')}`);
});

test('the roles documented for each route are the roles the server allows', () => {
	const diffs = [];
	for (const [k, roles] of server) {
		if (!docs.has(k))
			continue;
		const d = docs.get(k);
		if (JSON.stringify(d) !== JSON.stringify(roles))
			diffs.push(`${k}: server [${roles.join(' ')}], docs [${d.join(' ')}]`);
	}
	assert.deepEqual(diffs, []);
});
