// The demo city (`anjian demo`, Ordos 2024): the figures of the model report
// (../shared/docs/PRODUCT.md) counted by the server's own statistics endpoints on a real
// server, and by independent SQL on the database; that the records went through their
// workflows (events and audit rows, not just final states); that the accounts log in; and
// that the same seed builds the same city while another seed builds another.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { buildDemo, demoDb, demoTemplate, sql, sqlNumber } from '../lib/demo.mjs';
import { api, DEMO_PASSWORD, login, REPO_ROOT, runCli, startServer, tmpDir, USERS } from
    '../lib/server.mjs';

let srv, db, city, admin;
const YEAR = { from: '2024-01-01', to: '2024-12-31' };

before(async () => {
	db = await demoDb();
	srv = await startServer({ dbPath: db });
	city = await login(srv.base, USERS.city);
	admin = await login(srv.base, USERS.admin);
});

after(async () => {
	await srv?.stop();
});

async function get(token, url, query) {
	const r = await api(srv.base, token, 'GET', url, undefined, { query });
	assert.equal(r.status, 200, `${url}: ${r.text}`);
	return r.json;
}

// The report's style: a count in 万 rounded half up to two places; 元 truncated to 万.
const wan2 = (n) => Math.floor(n / 100 + 0.5) / 100;
const between = (v, lo, hi, what) => assert.ok(v >= lo && v <= hi, `${what}: ${v} not in [${lo}, ${hi}]`);

test('hazards of 2024: found 9.11万, rectified 8.58万, major 339 found and 333 rectified', async () => {
	const s = await get(city, '/api/v1/stats/hazards', { ...YEAR, as_of: '2024-12-31' });
	const t = s.total;
	assert.equal(wan2(t.found), 9.11, `found ${t.found}`);
	assert.equal(wan2(t.rectified), 8.58, `rectified ${t.rectified}`);
	assert.equal(t.major_found, 339);
	assert.equal(t.major_rectified, 333);
	// Every banner/district has its share.
	assert.equal(s.groups.length, 9);
	for (const g of s.groups)
		assert.ok(g.found > 1000 && g.inspections > 100, JSON.stringify(g));
	// The same counts from the rows themselves (closed before the end of 2024-12-31 +08:00).
	const end = Date.UTC(2024, 11, 31, 16, 0, 0);
	const [found, rect, mfound, mrect] = sql(db, `SELECT count(*),
	    sum(closed_at < ${end}), sum(level = 'major'), sum(level = 'major' AND closed_at < ${end})
	    FROM hazards WHERE status <> 'voided' AND found_on BETWEEN '2024-01-01' AND '2024-12-31'`)[0]
	    .map(Number);
	assert.deepEqual([found, rect, mfound, mrect], [t.found, t.rectified, 339, 333]);
	// A few voided ones exist and count nowhere.
	assert.ok(sqlNumber(db, "SELECT count(*) FROM hazards WHERE status = 'voided'") > 0);
});

test('hazards came through their workflow: every step an event and an audit row, dated in the year', async () => {
	const events = sqlNumber(db, `SELECT count(*) FROM hazard_events
	    WHERE action IN ('submit_plan', 'submit_done', 'accept', 'reject', 'void')`);
	const audited = sqlNumber(db, "SELECT count(*) FROM audit WHERE entity = 'hazard' AND action = 'transition'");
	assert.equal(events, audited);
	assert.ok(events > 50000, `${events} transitions`);
	assert.equal(sqlNumber(db, "SELECT count(*) FROM hazard_events WHERE action IN ('create', 'create_closed')"),
	    sqlNumber(db, 'SELECT count(*) FROM hazards'));
	// A closed hazard that was not fixed on the spot was planned, done and accepted, in
	// that order, and its closing instant is its acceptance's.
	assert.equal(sqlNumber(db, `SELECT count(*) FROM hazards h WHERE h.status = 'closed' AND h.immediate = 0
	    AND NOT (EXISTS (SELECT 1 FROM hazard_events e WHERE e.hazard_id = h.id AND e.action = 'submit_plan')
	    AND EXISTS (SELECT 1 FROM hazard_events e WHERE e.hazard_id = h.id AND e.action = 'submit_done')
	    AND EXISTS (SELECT 1 FROM hazard_events e WHERE e.hazard_id = h.id AND e.action = 'accept'
	        AND e.at = h.closed_at))`), 0);
	assert.ok(sqlNumber(db, "SELECT count(*) FROM hazard_events WHERE action = 'reject'") > 0);
	// Through the API: a major hazard's timeline, in 2024 and in order.
	const [id] = sql(db, `SELECT id FROM hazards WHERE level = 'major' AND status = 'closed'
	    AND found_on < '2024-10-01' ORDER BY id LIMIT 1`)[0];
	const h = await get(city, `/api/v1/hazards/${id}`);
	assert.ok(h.standard_item, 'a major hazard cites its standard item');
	const acts = h.events.map((e) => e.action);
	assert.deepEqual(acts.slice(0, 3), ['create', 'submit_plan', 'submit_done'], acts.join());
	assert.equal(acts.at(-1), 'accept', acts.join());
	const at = h.events.map((e) => Date.parse(e.at));
	assert.deepEqual([...at].sort((a, b) => a - b), at);
	assert.ok(h.events.every((e) => e.at.startsWith('2024-')), JSON.stringify(h.events.map((e) => e.at)));
	assert.ok(h.funds_fen > 0 && h.contingency && h.responsible, 'the 五落实 plan');
	// The dashboard has overdue hazards today, majors among them.
	const open = await get(city, '/api/v1/hazards', { overdue: 'true', limit: 1 });
	assert.ok(open.total >= 30, `overdue today: ${open.total}`);
	const openMajor = await get(city, '/api/v1/hazards', { overdue: 'true', level: 'major', limit: 1 });
	assert.ok(openMajor.total >= 1);
});

test('cases of 2024: 832 filed, fines imposed 7125余万元, modes mixed', async () => {
	const s = await get(city, '/api/v1/stats/enforcement', YEAR);
	assert.equal(s.total.cases_filed, 832);
	between(s.total.fines_imposed_fen, 7125000000, 7125999999, 'fines imposed (fen)');
	assert.equal(Math.floor(s.total.fines_imposed_fen / 1000000), 7125);
	const modes = await get(city, '/api/v1/stats/enforcement', { ...YEAR, group_by: 'mode' });
	for (const m of ['routine', 'campaign', 'concentrated', 'joint']) {
		const g = modes.groups.find((x) => x.key === m);
		assert.ok(g && g.cases_filed > 20, `${m}: ${JSON.stringify(g)}`);
	}
	// Revoked ones exist and are not counted.
	assert.ok(sqlNumber(db, "SELECT count(*) FROM cases WHERE status = 'revoked'") > 0);
	assert.equal(sqlNumber(db, `SELECT count(*) FROM cases WHERE status <> 'revoked'
	    AND filed_on BETWEEN '2024-01-01' AND '2024-12-31'`), 832);
	// Joint cases name their partners; heavy ones went through legal review.
	assert.equal(sqlNumber(db, "SELECT count(*) FROM cases WHERE mode = 'joint' AND partners IN ('', '[]')"), 0);
	assert.ok(sqlNumber(db, "SELECT count(*) FROM cases WHERE reviewed_on IS NOT NULL") > 100);
});

test('every penalty lies inside the range of its provision (data/provisions/provisions.json)', () => {
	const catalog = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'data/provisions/provisions.json'), 'utf8'));
	const byId = new Map(catalog.provisions.map((p) => [p.id, p]));
	const rows = sql(db, `SELECT p.provision_id, p.kind, p.target, p.stage, coalesce(p.accident_grade, ''),
	    p.amount_fen FROM case_penalties p`);
	assert.ok(rows.length >= 832);
	for (const [pid, kind, target, stage, grade, amount] of rows) {
		const p = byId.get(pid);
		assert.ok(p?.citable, `${pid} citable`);
		const rule = p.rules.find((r) => r.target === target && r.stage === stage &&
		    (!r.accident_grade || r.accident_grade === grade));
		assert.ok(rule && rule.kinds.includes(kind), `${pid} ${target} ${stage} ${kind}`);
		if (kind === 'fine')
			between(Number(amount), rule.fine_min_fen, rule.fine_max_fen, `${pid} ${stage} fine`);
	}
});

test('supervision in 2024: 2 districts interviewed, 12 warnings, 3 general accidents listed', async () => {
	const q = { ...YEAR, as_of: '2024-12-31' };
	const kinds = await get(city, '/api/v1/stats/supervision', { ...q, group_by: 'kind' });
	const k = Object.fromEntries(kinds.groups.map((g) => [g.key, g.issued]));
	assert.equal(k.interview, 2);
	assert.equal(k.warning, 12);
	assert.ok(k.notice > 0 && k.inspection > 0, JSON.stringify(k));
	const types = await get(city, '/api/v1/stats/supervision', { ...q, group_by: 'target_type' });
	assert.equal(types.groups.find((g) => g.key === 'accident').issued, 3);
	assert.equal(sqlNumber(db, `SELECT count(DISTINCT target_region) FROM supervisions
	    WHERE kind = 'interview' AND target_type = 'region'`), 2);
	assert.equal(sqlNumber(db, `SELECT count(*) FROM supervisions s JOIN accidents a ON a.id = s.accident_id
	    WHERE s.kind = 'listing' AND a.grade = 'general' AND s.issued_on LIKE '2024-%'`), 3);
	const acc = await get(city, '/api/v1/stats/accidents', YEAR);
	assert.ok(acc.total.count >= 3);
	assert.equal(acc.groups.find((g) => g.key === 'general').count, acc.total.count);
});

test('publicity and training of 2024 by kind: the report\'s 场次 and 人次', async () => {
	const s = await get(city, '/api/v1/stats/activities', { ...YEAR, group_by: 'kind' });
	const g = Object.fromEntries(s.groups.map((x) => [x.key, x]));
	between(g.official_training.sessions, 200, 299, '专题培训 200余场');
	assert.equal(wan2(g.official_training.participants), 1.08);
	between(g.lecture.sessions, 3500, 3599, '宣讲 3500多场');
	between(g.lecture.enterprises, 3400, 3499, '宣讲 3400多家企业');
	between(g.lecture.participants, 138000, 138999, '宣讲 13.8万余人');
	assert.equal(g.principal_training.sessions, 333);
	assert.equal(wan2(g.principal_training.participants), 2.12);
	assert.equal(g.standard_briefing.sessions, 151);
	assert.equal(wan2(g.standard_briefing.participants), 1.87);
	assert.equal(g.evacuation_drill.sessions, 122);
	assert.equal(wan2(g.evacuation_drill.participants), 1.18);
	assert.deepEqual([g.rural_safety.sessions, g.rural_safety.participants], [140, 4454]);
	assert.deepEqual([g.door_to_door.sessions, g.door_to_door.participants, g.door_to_door.inspections],
	    [2204, 8041, 555]);
	assert.equal(g.school_check.sessions, 157);
	assert.equal(g.school_drill.sessions, 233);
	assert.equal(wan2(g.school_drill.participants), 13.89);
	for (const kind of ['five_into', 'campaign', 'competition'])
		assert.ok(g[kind].activities > 0, kind);
	// Lectures in all nine banners/districts; the door-to-door inspections are real ones.
	assert.equal(sqlNumber(db, `SELECT count(DISTINCT substr(region_code, 1, 6)) FROM activities
	    WHERE kind = 'lecture' AND NOT voided`), 9);
	assert.equal(sqlNumber(db, `SELECT count(*) FROM activity_inspections ai
	    JOIN inspections i ON i.id = ai.inspection_id WHERE i.kind <> 'self'`), 555);
	// Expert services: rock-burst checks of 17 coal mines, risk assessments of 53 chemical plants.
	const bySector = Object.fromEntries(sql(db, `SELECT e.sector, count(DISTINCT e.id)
	    FROM activity_enterprises ae JOIN activities a ON a.id = ae.activity_id
	    JOIN enterprises e ON e.id = ae.enterprise_id
	    WHERE a.kind = 'expert_service' AND NOT a.voided GROUP BY e.sector`).map(([k, n]) => [k, Number(n)]));
	assert.equal(bySector.coal, 17);
	assert.equal(bySector.chemical, 53);
});

test('staff: 129 professionals joined the bureaus in 2024, 31 of them the city bureau', async () => {
	const [all, cityN] = sql(db, `SELECT count(*), sum(o.kind = 'city_bureau') FROM users u
	    JOIN orgs o ON o.id = u.org_id WHERE o.kind IN ('city_bureau', 'district_bureau')
	    AND u.admin_locked = 0 AND u.joined_on BETWEEN '2024-01-01' AND '2024-12-31'`)[0].map(Number);
	assert.deepEqual([all, cityN], [129, 31]);
	assert.ok(sqlNumber(db, "SELECT count(*) FROM users WHERE joined_on < '2024-01-01'") > 0,
	    'staff from before the year too');
	assert.equal(sqlNumber(db, `SELECT count(*) FROM users WHERE role = 'inspector' AND cert_no = ''`), 0);
	// The API shows joined_on.
	const list = await get(admin, '/api/v1/users', { q: 'zf.city.', limit: 500 });
	assert.ok(list.items.filter((u) => u.joined_on?.startsWith('2024-')).length === 31, 'city staff of 2024');
});

test('organisations, 28 department sub-plans, tasks and enterprises with valid credit codes', async () => {
	assert.equal(sqlNumber(db, "SELECT count(*) FROM orgs WHERE kind = 'district_bureau'"), 9);
	assert.equal(sqlNumber(db, "SELECT count(*) FROM orgs WHERE kind = 'department'"), 28);
	const [[planId]] = sql(db, `SELECT id FROM plans WHERE kind = 'action_plan' AND parent_id IS NULL
	    AND title LIKE '%治本攻坚三年行动方案%'`);
	const plan = await get(city, `/api/v1/plans/${planId}`);
	assert.equal(plan.children.length, 28);
	assert.equal(new Set(sql(db, `SELECT issuer_org_id FROM plans WHERE parent_id = ${planId}`).map((r) => r[0])).size, 28);
	const board = await get(city, '/api/v1/tasks/board');
	assert.ok(board.total.total > 100 && board.total.done > board.total.total / 2, JSON.stringify(board.total));
	assert.ok(board.total.overdue > 0 && board.total.in_progress > 0, JSON.stringify(board.total));
	assert.ok(sqlNumber(db, "SELECT count(*) FROM tasks WHERE due_on NOT LIKE '2024-%'") === 0);
	// Enterprises: over 3,400, every credit code with its GB 32100 check character.
	const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
	const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
	const codes = sql(db, 'SELECT uscc FROM enterprises').map((r) => r[0]);
	assert.ok(codes.length >= 3400, `${codes.length} enterprises`);
	for (const c of codes) {
		const sum = W.reduce((s, w, i) => s + CH.indexOf(c[i]) * w, 0);
		assert.equal(c[17], CH[(31 - (sum % 31)) % 31], c);
	}
	const sectors = Object.fromEntries(sql(db, 'SELECT sector, count(*) FROM enterprises GROUP BY 1')
	    .map(([k, n]) => [k, Number(n)]));
	assert.ok(sectors.coal > sectors.fireworks && sectors.chemical > sectors.fireworks, JSON.stringify(sectors));
});

test('every demo account logs in, and so do the generated staff and enterprises', async () => {
	for (const u of Object.values(USERS))
		await login(srv.base, u, DEMO_PASSWORD);
	const [[ent]] = sql(db, "SELECT username FROM users WHERE role = 'enterprise' AND username LIKE 'e91%' LIMIT 1");
	for (const u of ['zf.city.01', 'dalate', 'fz.etuoke', 'nengyuan', ent])
		await login(srv.base, u, DEMO_PASSWORD);
	const bad = await api(srv.base, null, 'POST', '/api/v1/session', { username: 'zf.city.02', password: 'wrong-password-1' });
	assert.equal(bad.status, 401);
});

// The records that must not depend on anything but the seed (not the wall-clock stamps of
// accounts, sessions or audit rows).
const FINGERPRINT = {
	enterprises: 'SELECT id, name, uscc, region_code, sector, employees, risk_color FROM enterprises ORDER BY id',
	hazards: `SELECT id, enterprise_id, source, inspection_id, found_on, description, level,
	    standard_item_id, deadline, funds_fen, status, closed_at, created_at FROM hazards ORDER BY id`,
	hazard_events: 'SELECT hazard_id, action, to_status, actor_name, at FROM hazard_events ORDER BY id',
	cases: `SELECT id, number, enterprise_id, person_name, mode, status, filed_on, decided_on, closed_on
	    FROM cases ORDER BY id`,
	penalties: 'SELECT case_id, kind, amount_fen, paid_fen FROM case_penalties ORDER BY id',
	activities: 'SELECT id, kind, activity_date, region_code, sessions, participants FROM activities ORDER BY id',
	users: 'SELECT username, display_name, role, org_id, cert_no, joined_on FROM users ORDER BY id',
};

function fingerprint(file) {
	const out = {};
	for (const [k, q] of Object.entries(FINGERPRINT))
		out[k] = sql(file, `SELECT hex(sha3_query('${q.replace(/'/g, "''")}'))`)[0][0];
	return out;
}

// Two more builds, run side by side (the machine has two cores); under ASan they take about
// three minutes, which the suite affords.
test('the same seed builds the same city; another seed another', { timeout: 900000 }, async () => {
	const dir = tmpDir('anjian-demo-seed-');
	const same = path.join(dir, 'same.db');
	const other = path.join(dir, 'other.db');
	// Both at once: the machine has two cores.
	await Promise.all([buildDemo(same), buildDemo(other, { seed: 7 })]);
	const ref = fingerprint(await demoTemplate());
	assert.deepEqual(fingerprint(same), ref);
	const o = fingerprint(other);
	for (const k of ['enterprises', 'hazards', 'cases', 'activities'])
		assert.notEqual(o[k], ref[k], `${k} with another seed`);
	// … and the figures hold for that seed too.
	assert.equal(sqlNumber(other, `SELECT count(*) FROM hazards WHERE status <> 'voided'
	    AND found_on LIKE '2024-%' AND level = 'major'`), 339);
	assert.equal(sqlNumber(other, "SELECT count(*) FROM cases WHERE status <> 'revoked'"), 832);
});

test('anjian demo refuses a database that already holds enterprises', async () => {
	const dir = tmpDir('anjian-demo-refuse-');
	const file = path.join(dir, 'x.db');
	fs.copyFileSync(await demoTemplate(), file);
	const r = await runCli(['demo', '--db', file, '--data-dir', path.join(dir, 'data')]);
	assert.equal(r.code, 1, r.stdout + r.stderr);
	assert.match(r.stderr, /已有企业/);
	const y = await runCli(['demo', '--db', path.join(dir, 'y.db'), '--data-dir', path.join(dir, 'data'),
		'--year', '2999']);
	assert.equal(y.code, 1, y.stdout + y.stderr);
	assert.match(y.stderr, /已过去的年份/);
});
