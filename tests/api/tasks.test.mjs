// The responsibility system (责任体系): plans with sub-plans as a tree, tasks with co-owners
// and progress reports, the task transition table for every role with 403 and 409, derived
// overdue on a fixed clock with `anjian notify --today`, the board against a hand count,
// responsibility lists (duties), assessments with their grade thresholds and veto, and the
// scope of each. See docs/api.md, "Responsibilities and tasks (责任体系)".
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, DEMO, listAll, login, loginAll, runCli, startServer, tinyPng, uniq, USERS } from '../lib/server.mjs';

// ---- dates (Asia/Shanghai) ----

const DAY_MS = 86400000;
const TODAY = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
const YEAR = Number(TODAY.slice(0, 4));
const addDays = (date, n) =>
	new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

const ROLES = Object.keys(USERS);
const fieldsOf = (r) => [...new Set((r.json?.error?.fields || []).map((f) => f.field))].sort();

// ---- shared state ----

let srv;
let tok;	// tokens by role
let orgs;	// { city, dongsheng, kangbashi, zhujian, jiaotong }
let other;	// a district user of 康巴什区
let own;	// the demo enterprise user's enterprise
let farEnt;	// an enterprise of 康巴什区

async function setup(s) {
	const t = await loginAll(s.base);
	const list = (await api(s.base, t.admin, 'GET', '/api/v1/orgs')).json;
	const items = list.items || list;
	const o = {
		city: items.find((x) => x.kind === 'city_bureau'),
		dongsheng: items.find((x) => x.kind === 'district_bureau' && x.region_code === DEMO.district),
		kangbashi: items.find((x) => x.kind === 'district_bureau' &&
		    x.region_code === DEMO.otherDistrict),
		zhujian: items.find((x) => x.kind === 'department' && x.sectors.includes('construction')),
		jiaotong: items.find((x) => x.kind === 'department' && x.sectors.includes('road_transport')),
	};
	for (const [k, v] of Object.entries(o))
		assert.ok(v, `demo org ${k}`);
	const username = `kbs_${uniq()}`.toLowerCase();
	const password = `Qz!${uniq()}-pass`;
	const u = await api(s.base, t.admin, 'POST', '/api/v1/users', { username,
		display_name: '康巴什区应急局', role: 'district', org_id: o.kangbashi.id, password });
	assert.equal(u.status, 201, u.text);
	return { t, o, other: await login(s.base, username, password) };
}

before(async () => {
	srv = await startServer();
	({ t: tok, o: orgs, other } = await setup(srv));
	const me = await api(srv.base, tok.enterprise, 'GET', '/api/v1/me');
	const ents = (await listAll(srv.base, tok.admin, '/api/v1/enterprises')).items;
	own = ents.find((e) => e.id === me.json.user.enterprise_id);
	farEnt = ents.find((e) => e.region_code.startsWith(DEMO.otherDistrict) && e.status === 'active');
	assert.ok(own && farEnt);
});

after(async () => {
	await srv?.stop();
});

// ---- helpers ----

const call = (s, t, method, path, body) => api(s.base, t, method, path, body);
const get = (t, path, query) => api(srv.base, t, 'GET', path, undefined, { query });

function planBody(over = {}) {
	return {
		kind: 'action_plan',
		title: `安全生产治本攻坚三年行动方案${uniq()}`,
		doc_no: `鄂应发〔${YEAR - 2}〕${uniq()}号`,
		period_from: YEAR - 2,
		period_to: String(YEAR + 1),
		...over,
	};
}

async function mkPlan(t, over, s = srv) {
	const r = await call(s, t, 'POST', '/api/v1/plans', planBody(over));
	assert.equal(r.status, 201, r.text);
	return r.json;
}

function taskBody(plan, over = {}) {
	return {
		plan_id: plan.id,
		title: `重大事故隐患动态清零${uniq()}`,
		owner_org_id: orgs.dongsheng.id,
		due_on: addDays(TODAY, 30),
		target: '重大事故隐患整改率 100%',
		weight: 5,
		...over,
	};
}

async function mkTask(t, plan, over, s = srv) {
	const r = await call(s, t, 'POST', '/api/v1/tasks', taskBody(plan, over));
	assert.equal(r.status, 201, r.text);
	return r.json;
}

const act = (t, id, body, s = srv) => call(s, t, 'POST', `/api/v1/tasks/${id}/transitions`, body);

async function step(t, id, body, s = srv) {
	const r = await act(t, id, body, s);
	assert.equal(r.status, 200, `${body.action}: ${r.text}`);
	return r.json;
}

// =====================================================================================
// 1. Plans and the tree
// =====================================================================================

describe('plans', () => {
	let cityPlan, deptPlan, distPlan, annual;

	before(async () => {
		cityPlan = await mkPlan(tok.city);
		deptPlan = await mkPlan(tok.department, { title: `住建领域安全生产治本攻坚三年行动子方案${uniq()}`,
			parent_id: cityPlan.id });
		annual = await mkPlan(tok.department, { kind: 'annual_tasks', title: `住建局${YEAR}年度任务清单`,
			parent_id: deptPlan.id, period_from: YEAR, period_to: YEAR });
		distPlan = await mkPlan(tok.district, { title: `东胜区安全生产专项整治方案${uniq()}`,
			kind: 'special' });
	});

	test('a plan is created with its issuing org, its period from years, and its kind label', () => {
		assert.equal(cityPlan.issuer_org_id, orgs.city.id);
		assert.equal(cityPlan.period_from, `${YEAR - 2}-01-01`);
		assert.equal(cityPlan.period_to, `${YEAR + 1}-12-31`);
		assert.equal(cityPlan.kind_label, '行动方案');
		assert.equal(deptPlan.issuer_org_id, orgs.zhujian.id);
		assert.equal(deptPlan.parent_id, cityPlan.id);
		assert.equal(distPlan.region_code, DEMO.district);
	});

	test('the city plan shows its sub-plans as a tree', async () => {
		const r = await get(tok.city, `/api/v1/plans/${cityPlan.id}`);
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.children.map((c) => c.id), [deptPlan.id]);
		assert.deepEqual(r.json.children[0].children.map((c) => c.id), [annual.id]);
		assert.deepEqual(r.json.children[0].children[0].children, []);
		assert.equal(r.json.sub_plan_count, 1);
	});

	test('plan fields are validated by name', async () => {
		let r = await call(srv, tok.city, 'POST', '/api/v1/plans', {});
		assert.equal(r.status, 422);
		assert.deepEqual(fieldsOf(r), ['kind', 'period_from', 'period_to', 'title']);
		r = await call(srv, tok.city, 'POST', '/api/v1/plans', planBody({ kind: null, period_to: YEAR - 3,
			issuer_org_id: orgs.dongsheng.id, parent_id: 999999, extra: 1 }));
		assert.equal(r.status, 422);
		assert.deepEqual(fieldsOf(r), ['extra', 'issuer_org_id', 'kind', 'parent_id', 'period_to']);
		r = await call(srv, tok.city, 'POST', '/api/v1/plans', planBody({ period_from: '2024-02-30',
			doc_no: 'x'.repeat(61) }));
		assert.deepEqual(fieldsOf(r), ['doc_no', 'period_from']);
		// An admin names the issuing org.
		r = await call(srv, tok.admin, 'POST', '/api/v1/plans', planBody());
		assert.deepEqual(fieldsOf(r), ['issuer_org_id']);
		r = await call(srv, tok.admin, 'POST', '/api/v1/plans', planBody({ issuer_org_id: orgs.city.id }));
		assert.equal(r.status, 201, r.text);
		// A district's plan cannot hang under another district's.
		r = await call(srv, other, 'POST', '/api/v1/plans', planBody({ parent_id: distPlan.id }));
		assert.equal(r.status, 422);
		assert.deepEqual(fieldsOf(r), ['parent_id']);
	});

	test('who may create plans: admin, city, district, department; others 403', async () => {
		for (const role of ['inspector', 'reviewer', 'enterprise', 'viewer']) {
			const r = await call(srv, tok[role], 'POST', '/api/v1/plans', planBody());
			assert.equal(r.status, 403, role);
		}
	});

	test('scope: the city plan is seen below it; a district plan only in its region and by the city', async () => {
		for (const t of [tok.district, tok.department, other, tok.inspector, tok.viewer])
			assert.equal((await get(t, `/api/v1/plans/${cityPlan.id}`)).status, 200);
		assert.equal((await get(other, `/api/v1/plans/${distPlan.id}`)).status, 404);
		assert.equal((await get(tok.department, `/api/v1/plans/${distPlan.id}`)).status, 404);
		assert.equal((await get(tok.city, `/api/v1/plans/${distPlan.id}`)).status, 200);
		assert.equal((await get(tok.enterprise, '/api/v1/plans')).status, 403);
		const ids = (await listAll(srv.base, other, '/api/v1/plans')).items.map((p) => p.id);
		assert.ok(ids.includes(cityPlan.id) && !ids.includes(distPlan.id));
		const top = (await listAll(srv.base, tok.city, '/api/v1/plans', { top: true })).items;
		assert.ok(top.every((p) => p.parent_id === null));
		const kids = (await listAll(srv.base, tok.city, '/api/v1/plans', { parent_id: cityPlan.id })).items;
		assert.deepEqual(kids.map((p) => p.id), [deptPlan.id]);
		assert.equal((await get(tok.city, '/api/v1/plans', { kind: 'x' })).status, 422);
	});
});

// =====================================================================================
// 2. Tasks: creating, the transition table, progress
// =====================================================================================

describe('tasks', () => {
	let plan, deptPlan, distPlan;

	before(async () => {
		plan = await mkPlan(tok.city);
		deptPlan = await mkPlan(tok.department, { parent_id: plan.id });
		distPlan = await mkPlan(tok.district);
	});

	test('a task is assigned by the plan issuer side with owner and co-owners', async () => {
		const t = await mkTask(tok.city, plan, { coowner_org_ids: [orgs.zhujian.id, orgs.jiaotong.id] });
		assert.equal(t.status, 'assigned');
		assert.equal(t.status_label, '待启动');
		assert.equal(t.owner_org_id, orgs.dongsheng.id);
		assert.equal(t.region_code, DEMO.district);
		assert.deepEqual(t.coowners.map((c) => c.id).sort((a, b) => a - b),
		    [orgs.zhujian.id, orgs.jiaotong.id].sort((a, b) => a - b));
		assert.equal(t.percent, 0);
		assert.equal(t.overdue, false);
		assert.equal(t.days_left, 30);
		assert.deepEqual(t.events.map((e) => e.action), ['assign']);
		const d = await mkTask(tok.department, deptPlan, { owner_org_id: orgs.zhujian.id });
		assert.equal(d.owner_org_id, orgs.zhujian.id);
	});

	test('only the issuing side assigns: a department or district cannot add to the city plan', async () => {
		assert.equal((await call(srv, tok.department, 'POST', '/api/v1/tasks', taskBody(plan))).status, 403);
		assert.equal((await call(srv, tok.district, 'POST', '/api/v1/tasks', taskBody(plan))).status, 403);
		assert.equal((await call(srv, tok.inspector, 'POST', '/api/v1/tasks', taskBody(plan))).status, 403);
		// The city may add to a department's sub-plan (city bureau oversight).
		assert.equal((await call(srv, tok.city, 'POST', '/api/v1/tasks',
		    taskBody(deptPlan, { owner_org_id: orgs.zhujian.id }))).status, 201);
	});

	test('task fields are validated by name', async () => {
		let r = await call(srv, tok.city, 'POST', '/api/v1/tasks', {});
		assert.equal(r.status, 422);
		assert.deepEqual(fieldsOf(r), ['due_on', 'owner_org_id', 'plan_id', 'title']);
		r = await call(srv, tok.city, 'POST', '/api/v1/tasks', taskBody(plan, { owner_org_id: null,
			weight: 0, due_on: `${YEAR + 5}-01-01`, coowner_org_ids: [orgs.dongsheng.id] }));
		assert.deepEqual(fieldsOf(r), ['due_on', 'owner_org_id', 'weight']);
		r = await call(srv, tok.city, 'POST', '/api/v1/tasks', taskBody(plan, {
			coowner_org_ids: [orgs.zhujian.id, orgs.zhujian.id] }));
		assert.deepEqual(fieldsOf(r), ['coowner_org_ids']);
		r = await call(srv, tok.city, 'POST', '/api/v1/tasks', taskBody(plan, {
			coowner_org_ids: [orgs.dongsheng.id] }));
		assert.deepEqual(fieldsOf(r), ['coowner_org_ids'], 'the owner is not a co-owner');
		r = await call(srv, tok.city, 'POST', '/api/v1/tasks', taskBody(plan, { plan_id: null }));
		assert.deepEqual(fieldsOf(r), ['plan_id']);
		// A district plan reaches only its own region: not 康巴什区 nor a city department.
		r = await call(srv, tok.district, 'POST', '/api/v1/tasks', taskBody(distPlan, {
			owner_org_id: orgs.kangbashi.id, coowner_org_ids: [orgs.zhujian.id] }));
		assert.deepEqual(fieldsOf(r), ['coowner_org_ids', 'owner_org_id']);
		// Another district does not see the plan at all.
		r = await call(srv, other, 'POST', '/api/v1/tasks', taskBody(distPlan));
		assert.deepEqual(fieldsOf(r), ['plan_id']);
	});

	test('the transition table: every role, the owner, co-owner and issuer sides, 403 and 409', async () => {
		const t = await mkTask(tok.city, plan, { coowner_org_ids: [orgs.zhujian.id] });
		const id = t.id;
		// Before start: only the owner side (and admin) may start; reporting is 409.
		assert.deepEqual((await get(tok.district, `/api/v1/tasks/${id}`)).json.actions, ['start']);
		assert.deepEqual((await get(tok.department, `/api/v1/tasks/${id}`)).json.actions, []);
		for (const role of ['city', 'department'])
			assert.equal((await act(tok[role], id, { action: 'start' })).status, 403, role);
		for (const role of ['inspector', 'reviewer', 'enterprise', 'viewer'])
			assert.equal((await act(tok[role], id, { action: 'start' })).status, 403, role);
		assert.equal((await act(other, id, { action: 'start' })).status, 404,
		    'outside the scope');
		const rep = await act(tok.district, id, { action: 'report', percent: 10, text: '已部署' });
		assert.equal(rep.status, 409, rep.text);
		let x = await step(tok.district, id, { action: 'start', note: '已召开部署会' });
		assert.equal(x.status, 'in_progress');
		assert.equal((await act(tok.district, id, { action: 'start' })).status, 409);
		// Reports by the co-owner and the owner; 100 % does not complete.
		x = await step(tok.department, id, { action: 'report', percent: 40, text: '住建领域排查完成' });
		assert.equal(x.percent, 40);
		x = await step(tok.district, id, { action: 'report', percent: 100, text: '全部整改完毕' });
		assert.equal(x.status, 'in_progress');
		assert.equal(x.percent, 100);
		// Field errors.
		let r = await act(tok.district, id, { action: 'report', text: '缺进度' });
		assert.deepEqual(fieldsOf(r), ['percent']);
		r = await act(tok.district, id, { action: 'report', percent: null, text: null });
		assert.deepEqual(fieldsOf(r), ['percent', 'text']);
		r = await act(tok.district, id, { action: 'report', percent: 101, text: '超出', done_on: TODAY });
		assert.deepEqual(fieldsOf(r), ['done_on', 'percent']);
		r = await act(tok.district, id, { action: 'finish' });
		assert.deepEqual(fieldsOf(r), ['action']);
		// Complete: the owner only, with a final report.
		assert.equal((await act(tok.department, id, { action: 'complete', text: '完成' })).status, 403);
		r = await act(tok.district, id, { action: 'complete' });
		assert.deepEqual(fieldsOf(r), ['text']);
		r = await act(tok.district, id, { action: 'complete', text: '已完成', done_on: addDays(TODAY, 1) });
		assert.deepEqual(fieldsOf(r), ['done_on']);
		x = await step(tok.district, id, { action: 'complete', text: '任务全部完成，形成总结报告' });
		assert.equal(x.status, 'done');
		assert.equal(x.done_on, TODAY);
		assert.equal(x.overdue, false);
		assert.equal(x.days_left, null);
		assert.equal((await act(tok.district, id, { action: 'report', percent: 100, text: '再报' })).status, 409);
		// Reopen: the issuer side (the city bureau issued the plan), with a reason.
		assert.deepEqual((await get(tok.city, `/api/v1/tasks/${id}`)).json.actions, ['reopen']);
		assert.equal((await act(tok.district, id, { action: 'reopen', reason: '自行退回' })).status, 403);
		assert.equal((await act(tok.department, id, { action: 'reopen', reason: '退回' })).status, 403);
		assert.deepEqual(fieldsOf(await act(tok.city, id, { action: 'reopen' })), ['reason']);
		x = await step(tok.city, id, { action: 'reopen', reason: '佐证材料不全，退回补充' });
		assert.equal(x.status, 'in_progress');
		assert.equal(x.done_on, null);
		assert.equal((await act(tok.city, id, { action: 'reopen', reason: '再退' })).status, 409);
		// The admin may take any step.
		x = await step(tok.admin, id, { action: 'complete', text: '补充材料后完成' });
		assert.equal(x.status, 'done');
		// The timeline and the progress reports.
		assert.deepEqual(x.events.map((e) => e.action),
		    ['assign', 'start', 'report', 'report', 'complete', 'reopen', 'complete']);
		assert.deepEqual(x.events.map((e) => e.to_status),
		    ['assigned', 'in_progress', 'in_progress', 'in_progress', 'done', 'in_progress', 'done']);
		assert.deepEqual(x.progress.map((p) => [p.percent, p.final]),
		    [[40, false], [100, false], [100, true], [100, true]]);
		assert.equal(x.progress[0].org_id, orgs.zhujian.id);
		assert.equal(x.progress[0].reporter_name, '市住建局安全科');
		// Every step is audited.
		const au = await get(tok.admin, '/api/v1/audit', { entity: 'task', entity_id: id, limit: 50 });
		assert.equal(au.status, 200, au.text);
		assert.equal(au.json.items.length, 7);
	});

	test('a department issuing its sub-plan reopens its own tasks; the owner department works them', async () => {
		const t = await mkTask(tok.department, deptPlan, { owner_org_id: orgs.zhujian.id });
		await step(tok.department, t.id, { action: 'start' });
		await step(tok.department, t.id, { action: 'complete', text: '完成' });
		const x = await step(tok.department, t.id, { action: 'reopen', reason: '复核不合格' });
		assert.equal(x.status, 'in_progress');
	});

	test('scope of tasks: a district sees its region, a department its own, the city all', async () => {
		const mine = await mkTask(tok.city, plan, { owner_org_id: orgs.dongsheng.id });
		const far = await mkTask(tok.city, plan, { owner_org_id: orgs.kangbashi.id });
		const dept = await mkTask(tok.city, plan, { owner_org_id: orgs.jiaotong.id,
			coowner_org_ids: [orgs.zhujian.id] });
		const ids = async (t, q = { plan_id: plan.id }) =>
			(await listAll(srv.base, t, '/api/v1/tasks', q)).items.map((x) => x.id);
		const dist = await ids(tok.district);
		assert.ok(dist.includes(mine.id) && !dist.includes(far.id) && !dist.includes(dept.id));
		const kbs = await ids(other);
		assert.ok(kbs.includes(far.id) && !kbs.includes(mine.id));
		const zj = await ids(tok.department);
		assert.ok(zj.includes(dept.id), 'a co-owned task');
		assert.ok(!zj.includes(mine.id) && !zj.includes(far.id));
		const city = await ids(tok.city);
		assert.ok([mine.id, far.id, dept.id].every((x) => city.includes(x)));
		assert.equal((await get(other, `/api/v1/tasks/${mine.id}`)).status, 404);
		assert.equal((await get(tok.department, `/api/v1/tasks/${mine.id}`)).status, 404);
		assert.equal((await get(tok.enterprise, '/api/v1/tasks')).status, 403);
		// Filters: owner, org (owner or co-owner), region, status.
		assert.deepEqual(await ids(tok.city, { plan_id: plan.id, owner_org_id: orgs.jiaotong.id }), [dept.id]);
		assert.ok((await ids(tok.city, { plan_id: plan.id, org_id: orgs.zhujian.id })).includes(dept.id));
		assert.ok((await ids(tok.city, { plan_id: plan.id, region: DEMO.otherDistrict })).includes(far.id));
		assert.ok(!(await ids(tok.city, { plan_id: plan.id, region: DEMO.otherDistrict })).includes(mine.id));
		const r = await get(tok.city, '/api/v1/tasks', { status: 'late', overdue: 'yes', due_from: 'x' });
		assert.equal(r.status, 422);
		assert.deepEqual(fieldsOf(r), ['due_from', 'overdue', 'status']);
	});
});

// =====================================================================================
// 3. Overdue on a fixed clock and the notifications (a server of its own: exact counts)
// =====================================================================================

describe('overdue and notifications', () => {
	let s, t, o;
	const task = {};

	const notes = async (tk) => {
		const r = await api(s.base, tk, 'GET', '/api/v1/notifications', undefined, { query: { limit: 500 } });
		assert.equal(r.status, 200, r.text);
		return r.json.items.filter((n) => n.entity === 'task' && n.kind !== 'task_assigned');
	};
	const notify = async (today) => {
		const r = await runCli(['notify', '--db', s.dbPath, '--today', today]);
		assert.equal(r.code, 0, `notify:\n${r.stdout}\n${r.stderr}`);
		const m = /tasks (\d+)/.exec(r.stdout);
		assert.ok(m, `notify reports the task notifications: ${r.stdout}`);
		return Number(m[1]);
	};

	before(async () => {
		s = await startServer();
		const x = await setup(s);
		t = x.t;
		o = x.o;
		t.other = x.other;
		const plan = await mkPlan(t.city, {}, s);
		const mk = async (over) => {
			const r = await call(s, t.city, 'POST', '/api/v1/tasks', { plan_id: plan.id,
				title: `任务${uniq()}`, owner_org_id: o.dongsheng.id, ...over });
			assert.equal(r.status, 201, r.text);
			return r.json;
		};
		task.late = await mk({ due_on: addDays(TODAY, -5) });
		task.soon = await mk({ due_on: addDays(TODAY, 2) });
		task.later = await mk({ due_on: addDays(TODAY, 10) });
		task.doneLate = await mk({ due_on: addDays(TODAY, -3) });
		task.dept = await mk({ due_on: addDays(TODAY, -1), owner_org_id: o.zhujian.id });
		await step(t.district, task.doneLate.id, { action: 'start' }, s);
		await step(t.district, task.doneLate.id, { action: 'complete', text: '逾期完成' }, s);
	});

	after(async () => {
		await s?.stop();
	});

	test('overdue is derived: not done and due before today', async () => {
		const late = (await call(s, t.city, 'GET', `/api/v1/tasks/${task.late.id}`)).json;
		assert.equal(late.overdue, true);
		assert.equal(late.days_left, -5);
		const soon = (await call(s, t.city, 'GET', `/api/v1/tasks/${task.soon.id}`)).json;
		assert.equal(soon.overdue, false);
		assert.equal(soon.days_left, 2);
		const done = (await call(s, t.city, 'GET', `/api/v1/tasks/${task.doneLate.id}`)).json;
		assert.equal(done.overdue, false, 'done is never overdue');
		const over = (await listAll(s.base, t.city, '/api/v1/tasks', { overdue: true })).items;
		assert.deepEqual(over.map((x) => x.id).sort((a, b) => a - b), [task.late.id, task.dept.id]);
		const open = (await listAll(s.base, t.city, '/api/v1/tasks', { status: 'open' })).items;
		assert.equal(open.length, 4);
		const range = (await listAll(s.base, t.city, '/api/v1/tasks', { due_from: addDays(TODAY, -4),
			due_to: addDays(TODAY, 2) })).items;
		assert.deepEqual(range.map((x) => x.id).sort((a, b) => a - b),
		    [task.soon.id, task.doneLate.id, task.dept.id]);
	});

	test('`anjian notify --today` writes due-soon and overdue notifications to the owner org once', async () => {
		// late (−5) and dept (−1): overdue; soon (+2): due soon; doneLate: done.
		assert.equal(await notify(TODAY), 3);
		const dist = await notes(t.district);
		assert.deepEqual(dist.map((n) => `${n.kind}:${n.entity_id}`).sort(),
		    [`task_due_soon:${task.soon.id}`, `task_overdue:${task.late.id}`].sort());
		for (const n of dist) {
			assert.equal(n.enterprise_id, null);
			assert.equal(n.region_code, DEMO.district);
		}
		assert.match(dist.find((n) => n.kind === 'task_overdue').message, /已超过完成时限/);
		assert.match(dist.find((n) => n.kind === 'task_due_soon').message, /完成时限将至/);
		const dept = await notes(t.department);
		assert.deepEqual(dept.map((n) => `${n.kind}:${n.entity_id}`), [`task_overdue:${task.dept.id}`]);
		assert.equal((await notes(t.other)).length, 0, 'another district hears nothing');
		assert.equal((await notes(t.city)).length, 3);
		assert.equal(await notify(TODAY), 0, 'nothing the second time');
		// Three days on: soon is overdue; later (+10) is not yet due; at +7 it is due soon.
		assert.equal(await notify(addDays(TODAY, 3)), 1);
		assert.equal(await notify(addDays(TODAY, 7)), 1);
		assert.equal(await notify(addDays(TODAY, 11)), 1);
		const all = await notes(t.district);
		assert.deepEqual(all.filter((n) => n.entity_id === task.later.id).map((n) => n.kind).sort(),
		    ['task_due_soon', 'task_overdue']);
		assert.ok(!all.some((n) => n.entity_id === task.doneLate.id), 'a done task is not notified');
	});

	test('the task item of an assessment: tasks due that year done on time / total × weight', async () => {
		// Every dongsheng task due this year, counted by hand from the list.
		const mine = (await listAll(s.base, t.city, '/api/v1/tasks', { owner_org_id: o.dongsheng.id,
			due_from: `${YEAR}-01-01`, due_to: `${YEAR}-12-31` })).items;
		const onTime = mine.filter((x) => x.status === 'done' && x.done_on <= x.due_on).length;
		assert.ok(mine.length >= 1);
		const r = await call(s, t.city, 'POST', '/api/v1/assessments', { org_id: o.dongsheng.id,
			year: YEAR, items: [
				{ name: '年度任务完成情况', weight: 30, source: 'task_completion' },
				{ name: '隐患排查治理', weight: 70, score: 60 }] });
		assert.equal(r.status, 201, r.text);
		const c = await call(s, t.city, 'POST', `/api/v1/assessments/${r.json.id}/transitions`,
		    { action: 'compute_task_item' });
		assert.equal(c.status, 200, c.text);
		const expect = Math.round(30 * onTime / mine.length * 100) / 100;
		assert.equal(c.json.items[0].score, expect);
		assert.match(c.json.items[0].basis, new RegExp(`任务 ${mine.length} 项，按期完成 ${onTime} 项`));
		assert.equal(c.json.status, 'draft');
		const f = await call(s, t.city, 'POST', `/api/v1/assessments/${r.json.id}/transitions`,
		    { action: 'finalize' });
		assert.equal(f.status, 200, f.text);
		assert.equal(f.json.total, Math.round((expect + 60) * 100) / 100);
	});
});

// =====================================================================================
// 4. The board against a hand count
// =====================================================================================

describe('board', () => {
	let plan, sub;
	const made = [];

	before(async () => {
		plan = await mkPlan(tok.city);
		sub = await mkPlan(tok.department, { parent_id: plan.id });
		const spec = [
			[orgs.dongsheng.id, -4, []], [orgs.dongsheng.id, 5, ['start']],
			[orgs.dongsheng.id, -2, ['start']], [orgs.dongsheng.id, -6, ['start', 'complete']],
			[orgs.kangbashi.id, 3, []], [orgs.kangbashi.id, -1, []],
			[orgs.jiaotong.id, 9, ['start', 'complete']], [orgs.dongsheng.id, 1, []],
		];
		for (const [owner, days, steps] of spec) {
			const t = await mkTask(tok.city, plan, { owner_org_id: owner, due_on: addDays(TODAY, days) });
			for (const a of steps) {
				const who = owner === orgs.kangbashi.id ? other : owner === orgs.jiaotong.id
					? tok.admin : tok.district;
				await step(who, t.id, a === 'complete' ? { action: a, text: '完成' } : { action: a });
			}
			made.push((await get(tok.city, `/api/v1/tasks/${t.id}`)).json);
		}
		const d = await mkTask(tok.department, sub, { owner_org_id: orgs.zhujian.id,
			due_on: addDays(TODAY, -3) });
		made.push(d);
	});

	test('columns by status, overdue first then by due date; per-org counts equal a hand count', async () => {
		const r = await get(tok.city, '/api/v1/tasks/board', { plan_id: plan.id });
		assert.equal(r.status, 200, r.text);
		const b = r.json;
		assert.deepEqual(b.columns.map((c) => c.status), ['assigned', 'in_progress', 'done']);
		for (const c of b.columns) {
			const mine = made.filter((t) => t.status === c.status);
			assert.equal(c.count, mine.length, c.status);
			assert.equal(c.tasks.length, mine.length);
			assert.equal(c.overdue, mine.filter((t) => t.overdue).length);
			// Overdue first, then by due date.
			const key = (t) => `${t.overdue ? 0 : 1}${t.due_on}${String(t.id).padStart(9, '0')}`;
			assert.deepEqual(c.tasks.map((t) => t.id), [...mine].sort((x, y) =>
				key(x) < key(y) ? -1 : 1).map((t) => t.id));
		}
		const hand = new Map();
		for (const t of made) {
			const h = hand.get(t.owner_org_id) || { total: 0, done: 0, overdue: 0, in_progress: 0, assigned: 0 };
			h.total++;
			h[t.status]++;
			if (t.overdue)
				h.overdue++;
			hand.set(t.owner_org_id, h);
		}
		assert.equal(b.orgs.length, hand.size);
		for (const g of b.orgs) {
			const h = hand.get(g.org_id);
			assert.deepEqual({ total: g.total, done: g.done, overdue: g.overdue, in_progress: g.in_progress,
				assigned: g.assigned }, h, g.org_name);
		}
		assert.equal(b.total.total, made.length);
		assert.equal(b.total.overdue, made.filter((t) => t.overdue).length);
	});

	test('the board of one org, and as a district sees it', async () => {
		let r = await get(tok.city, '/api/v1/tasks/board', { plan_id: plan.id, org_id: orgs.dongsheng.id });
		assert.equal(r.json.total.total, made.filter((t) => t.owner_org_id === orgs.dongsheng.id).length);
		assert.deepEqual(r.json.orgs.map((g) => g.org_id), [orgs.dongsheng.id]);
		r = await get(other, '/api/v1/tasks/board', { plan_id: plan.id });
		assert.deepEqual(r.json.orgs.map((g) => g.org_id), [orgs.kangbashi.id]);
		assert.equal(r.json.total.total, 2);
		r = await get(tok.department, '/api/v1/tasks/board', { plan_id: plan.id });
		assert.deepEqual(r.json.orgs.map((g) => g.org_id), [orgs.zhujian.id]);
		r = await get(tok.city, '/api/v1/tasks/board', { plan_id: 'x' });
		assert.equal(r.status, 422);
		assert.deepEqual(fieldsOf(r), ['plan_id']);
	});
});

// =====================================================================================
// 5. Duties (职责清单)
// =====================================================================================

describe('duties', () => {
	const duty = (over = {}) => ({ org_id: orgs.dongsheng.id, kind: 'industry',
		content: '负责本行政区域内安全生产工作的综合监督管理', legal_basis: '安全生产法第十条', sort: 1, ...over });
	const post = (t, b) => call(srv, t, 'POST', '/api/v1/duties', b);
	let distDuty, deptDuty, farDuty, entDuty, farEntDuty;

	before(async () => {
		distDuty = (await post(tok.district, duty())).json;
		deptDuty = (await post(tok.department, duty({ org_id: orgs.zhujian.id, kind: 'business' }))).json;
		farDuty = (await post(other, duty({ org_id: orgs.kangbashi.id }))).json;
		entDuty = (await post(tok.enterprise, { enterprise_id: own.id, post: '主要负责人',
			content: '建立健全并落实本单位全员安全生产责任制', legal_basis: '安全生产法第二十一条' })).json;
		farEntDuty = (await post(tok.city, { enterprise_id: farEnt.id, post: '安全管理人员',
			content: '组织开展危险源辨识和评估' })).json;
		for (const d of [distDuty, deptDuty, farDuty, entDuty, farEntDuty])
			assert.ok(d?.id, JSON.stringify(d));
	});

	test('an org duty and an enterprise post duty are recorded with their labels', () => {
		assert.equal(distDuty.kind_label, '管行业');
		assert.equal(distDuty.org_name, orgs.dongsheng.name);
		assert.equal(entDuty.kind, 'post');
		assert.equal(entDuty.post, '主要负责人');
		assert.equal(entDuty.enterprise_id, own.id);
		assert.equal(entDuty.status, 'active');
	});

	test('duty fields are validated by name; wrong holders are refused', async () => {
		let r = await post(tok.district, {});
		assert.equal(r.status, 422);
		assert.deepEqual(fieldsOf(r), ['content', 'kind', 'org_id']);
		r = await post(tok.district, duty({ kind: 'post', content: null }));
		assert.deepEqual(fieldsOf(r), ['content', 'kind']);
		r = await post(tok.city, { enterprise_id: own.id, content: '职责内容' });
		assert.deepEqual(fieldsOf(r), ['post']);
		r = await post(tok.city, duty({ enterprise_id: own.id }));
		assert.deepEqual(fieldsOf(r), ['enterprise_id']);
		r = await post(tok.district, duty({ org_id: orgs.kangbashi.id }));
		assert.deepEqual(fieldsOf(r), ['org_id'], 'another district is out of reach');
		assert.equal((await post(tok.department, duty())).status, 403, 'a department writes its own only');
		assert.equal((await post(tok.inspector, duty())).status, 403);
		assert.equal((await post(tok.viewer, duty())).status, 403);
		r = await post(tok.enterprise, { enterprise_id: farEnt.id, post: '班组长', content: '班组安全' });
		assert.deepEqual(fieldsOf(r), ['enterprise_id']);
		assert.equal((await post(tok.enterprise, duty())).status, 403);
	});

	test('update and retire (audited); a retired duty is not changed again', async () => {
		const d = (await post(tok.district, duty({ kind: 'production', sort: 5 }))).json;
		let r = await call(srv, tok.district, 'PATCH', `/api/v1/duties/${d.id}`, { sort: 2,
			legal_basis: '安全生产法第三条' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.sort, 2);
		assert.equal(r.json.legal_basis, '安全生产法第三条');
		r = await call(srv, tok.district, 'PATCH', `/api/v1/duties/${d.id}`, { kind: 'post', org_id: 1 });
		assert.deepEqual(fieldsOf(r), ['kind', 'org_id']);
		assert.equal((await call(srv, tok.department, 'PATCH', `/api/v1/duties/${d.id}`, { sort: 1 })).status,
		    404, 'outside a department\'s scope');
		r = await call(srv, tok.district, 'POST', `/api/v1/duties/${d.id}/transitions`, { action: 'retire' });
		assert.deepEqual(fieldsOf(r), ['reason']);
		r = await call(srv, tok.district, 'POST', `/api/v1/duties/${d.id}/transitions`,
		    { action: 'retire', reason: '机构改革职责调整' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'retired');
		assert.equal((await call(srv, tok.district, 'PATCH', `/api/v1/duties/${d.id}`, { sort: 1 })).status, 409);
		assert.equal((await call(srv, tok.district, 'POST', `/api/v1/duties/${d.id}/transitions`,
		    { action: 'retire', reason: '再次' })).status, 409);
		const au = await get(tok.admin, '/api/v1/audit', { entity: 'duty', entity_id: d.id });
		assert.deepEqual(au.json.items.map((a) => a.action).sort(), ['create', 'transition', 'update']);
		const active = (await listAll(srv.base, tok.district, '/api/v1/duties')).items.map((x) => x.id);
		assert.ok(!active.includes(d.id), 'retired duties leave the default list');
		const all = (await listAll(srv.base, tok.district, '/api/v1/duties', { status: 'all' })).items;
		assert.ok(all.some((x) => x.id === d.id));
	});

	test('scope: a district its region\'s orgs and enterprises, a department its own, an enterprise its own', async () => {
		const ids = async (t, q) => (await listAll(srv.base, t, '/api/v1/duties', q)).items.map((x) => x.id);
		const dist = await ids(tok.district);
		assert.ok(dist.includes(distDuty.id) && dist.includes(entDuty.id));
		assert.ok(!dist.includes(farDuty.id) && !dist.includes(deptDuty.id) && !dist.includes(farEntDuty.id));
		const dept = await ids(tok.department);
		assert.ok(dept.includes(deptDuty.id));
		assert.ok(!dept.includes(distDuty.id) && !dept.includes(farDuty.id) && !dept.includes(entDuty.id));
		assert.deepEqual(await ids(tok.enterprise), (await ids(tok.city, { enterprise_id: own.id })));
		assert.ok((await ids(tok.enterprise)).includes(entDuty.id));
		assert.ok(!(await ids(tok.enterprise)).includes(distDuty.id));
		const city = await ids(tok.city);
		assert.ok([distDuty, deptDuty, farDuty, entDuty, farEntDuty].every((d) => city.includes(d.id)));
		assert.deepEqual(await ids(tok.city, { org_id: orgs.zhujian.id }), [deptDuty.id]);
		assert.equal((await get(other, `/api/v1/duties/${distDuty.id}`)).status, 404);
		assert.equal((await get(tok.enterprise, `/api/v1/duties/${farEntDuty.id}`)).status, 404);
	});
});

// =====================================================================================
// 6. Assessments (考核)
// =====================================================================================

describe('assessments', () => {
	let year = 2000;
	const items = (scores, over = {}) => [
		{ name: '安全生产责任制落实', weight: 40, score: scores[0] },
		{ name: '隐患排查治理', weight: 30, score: scores[1] },
		{ name: '宣传培训', weight: 30, score: scores[2] },
		{ name: '发生较大及以上生产安全事故', veto: true, failed: !!over.failed },
	];
	const create = (t, b) => call(srv, t, 'POST', '/api/v1/assessments', b);
	const finalize = (t, id) =>
		call(srv, t, 'POST', `/api/v1/assessments/${id}/transitions`, { action: 'finalize' });
	async function graded(scores, over = {}) {
		const r = await create(tok.city, { org_id: orgs.dongsheng.id, year: ++year,
			items: items(scores, over) });
		assert.equal(r.status, 201, r.text);
		const f = await finalize(tok.city, r.json.id);
		assert.equal(f.status, 200, f.text);
		return f.json;
	}

	test('grade thresholds: 69.99 不合格, 70 合格, 89.99 合格, 90 优秀', async () => {
		const cases = [[[30, 20, 19.99], 69.99, 'fail', '不合格'], [[30, 20, 20], 70, 'pass', '合格'],
			[[40, 30, 19.99], 89.99, 'pass', '合格'], [[40, 30, 20], 90, 'excellent', '优秀']];
		for (const [scores, total, grade, label] of cases) {
			const a = await graded(scores);
			assert.equal(a.total, total);
			assert.equal(a.grade, grade, `${total}`);
			assert.equal(a.grade_label, label);
			assert.equal(a.vetoed, false);
			assert.equal(a.status, 'final');
			assert.deepEqual(a.thresholds, { excellent: 90, pass: 70 });
		}
	});

	test('a failed veto item makes the grade 不合格 whatever the total', async () => {
		const a = await graded([40, 30, 30], { failed: true });
		assert.equal(a.total, 100);
		assert.equal(a.vetoed, true);
		assert.equal(a.grade, 'fail');
	});

	test('thresholds given with the assessment are kept with it', async () => {
		const r = await create(tok.city, { org_id: orgs.zhujian.id, year: 2099,
			thresholds: { excellent: 95, pass: 80 }, items: items([40, 30, 20]) });
		assert.equal(r.status, 201, r.text);
		const f = await finalize(tok.city, r.json.id);
		assert.equal(f.json.grade, 'pass');
		assert.deepEqual(f.json.thresholds, { excellent: 95, pass: 80 });
	});

	test('items are validated by name: weights sum to 100, scores within the weight', async () => {
		let r = await create(tok.city, {});
		assert.equal(r.status, 422);
		assert.deepEqual(fieldsOf(r), ['items', 'org_id', 'year']);
		r = await create(tok.city, { org_id: orgs.dongsheng.id, year: 2090, items: [
			{ name: '甲', weight: 40 }, { name: '乙', weight: 50 }] });
		assert.deepEqual(fieldsOf(r), ['items']);
		r = await create(tok.city, { org_id: orgs.dongsheng.id, year: 2090, items: [
			{ name: '甲', weight: 40, score: 40.001 }, { name: '乙', weight: 60, score: 61 },
			{ name: '否决', veto: true, weight: 5 }, { weight: null }] });
		assert.deepEqual(fieldsOf(r), ['items[0].score', 'items[1].score', 'items[2].weight',
			'items[3].name', 'items[3].weight']);
		r = await create(tok.city, { org_id: orgs.dongsheng.id, year: null, items: items([1, 1, 1]),
			thresholds: { excellent: 60, pass: 70 } });
		assert.deepEqual(fieldsOf(r), ['thresholds', 'year']);
		r = await create(tok.city, { org_id: orgs.city.id, year: 2090, items: items([1, 1, 1]) });
		assert.deepEqual(fieldsOf(r), ['org_id'], 'not one\'s own org');
		r = await create(tok.district, { org_id: orgs.kangbashi.id, year: 2090, items: items([1, 1, 1]) });
		assert.deepEqual(fieldsOf(r), ['org_id'], 'out of reach');
		for (const role of ['department', 'inspector', 'viewer', 'enterprise'])
			assert.equal((await create(tok[role], { org_id: orgs.dongsheng.id, year: 2090,
				items: items([1, 1, 1]) })).status, 403, role);
	});

	test('a draft is edited by the assessor; a final one is 409; one per org and year', async () => {
		const r = await create(tok.city, { org_id: orgs.kangbashi.id, year: 2080, items: items([10, null, 10]) });
		assert.equal(r.status, 201, r.text);
		const id = r.json.id;
		assert.equal(r.json.score_total, 20);
		assert.equal(r.json.total, null);
		assert.deepEqual(r.json.actions, ['compute_task_item', 'finalize']);
		let f = await finalize(tok.city, id);
		assert.equal(f.status, 422);
		assert.deepEqual(fieldsOf(f), ['items[1].score']);
		let p = await call(srv, tok.city, 'PATCH', `/api/v1/assessments/${id}`, { items: items([35, 25, 20]),
			note: '经集体研究' });
		assert.equal(p.status, 200, p.text);
		assert.equal(p.json.score_total, 80);
		assert.equal(p.json.note, '经集体研究');
		assert.equal((await call(srv, other, 'PATCH', `/api/v1/assessments/${id}`, { note: 'x' })).status, 403);
		const c = await call(srv, tok.city, 'POST', `/api/v1/assessments/${id}/transitions`,
		    { action: 'compute_task_item' });
		assert.deepEqual(fieldsOf(c), ['items'], 'no task item');
		f = await finalize(tok.city, id);
		assert.equal(f.json.grade, 'pass');
		p = await call(srv, tok.city, 'PATCH', `/api/v1/assessments/${id}`, { note: '改' });
		assert.equal(p.status, 409);
		assert.equal((await finalize(tok.city, id)).status, 409);
		const dup = await create(tok.city, { org_id: orgs.kangbashi.id, year: 2080, items: items([1, 1, 1]) });
		assert.equal(dup.status, 409);
		const au = await get(tok.admin, '/api/v1/audit', { entity: 'assessment', entity_id: id });
		assert.deepEqual(au.json.items.map((a) => a.action).sort(), ['create', 'transition', 'update']);
	});

	test('scope: the assessed org and its region see it; a department its own; enterprises none', async () => {
		const mine = (await create(tok.city, { org_id: orgs.zhujian.id, year: 2070, items: items([1, 1, 1]) })).json;
		const ds = (await create(tok.city, { org_id: orgs.dongsheng.id,
			year: 2070, items: items([1, 1, 1]) })).json;
		assert.equal((await get(tok.department, `/api/v1/assessments/${mine.id}`)).status, 200);
		assert.equal((await get(tok.department, `/api/v1/assessments/${ds.id}`)).status, 404);
		assert.equal((await get(tok.district, `/api/v1/assessments/${ds.id}`)).status, 200);
		assert.equal((await get(other, `/api/v1/assessments/${ds.id}`)).status, 404);
		assert.equal((await get(tok.enterprise, '/api/v1/assessments')).status, 403);
		const list = (await listAll(srv.base, tok.district, '/api/v1/assessments', { year: 2070 })).items;
		assert.deepEqual(list.map((x) => x.id), [ds.id]);
		assert.equal((await get(tok.city, '/api/v1/assessments', { year: 'abc', grade: 'A' })).status, 422);
		assert.deepEqual((await get(tok.district, `/api/v1/assessments/${ds.id}`)).json.actions, [],
		    'the assessed district does not edit its own assessment');
	});
});

test('every role: who reads plans, tasks, the board, duties and assessments', async () => {
	for (const role of ROLES) {
		for (const path of ['/api/v1/plans', '/api/v1/tasks', '/api/v1/tasks/board', '/api/v1/assessments']) {
			const r = await get(tok[role], path);
			assert.equal(r.status, role === 'enterprise' ? 403 : 200, `${role} ${path}`);
		}
		assert.equal((await get(tok[role], '/api/v1/duties')).status, 200, role);
	}
});

test('files of a plan and of a progress report are read by those who see the record, listed by entity', async () => {
	const up = async (t) => {
		const r = await api(srv.base, t, 'POST', '/api/v1/attachments?filename=photo.png', tinyPng(),
		    { headers: { 'Content-Type': 'image/png' } });
		assert.equal(r.status, 201, r.text);
		return r.json.id;
	};
	const planFile = await up(tok.city);
	const plan = await mkPlan(tok.city, { attachments: [planFile] });
	const task = await mkTask(tok.city, plan);
	await step(tok.district, task.id, { action: 'start' });
	const reportFile = await up(tok.district);
	await step(tok.district, task.id, { action: 'report', percent: 40, text: '已完成排查', attachments: [reportFile] });
	for (const [t, id, who] of [[tok.city, planFile, 'city, plan'], [tok.district, planFile, 'district, plan'],
		[tok.district, reportFile, 'owner, report'], [tok.admin, reportFile, 'admin, report'],
		[tok.city, reportFile, 'issuer, report']]) {
		const r = await api(srv.base, t, 'GET', `/api/v1/attachments/${id}`);
		assert.equal(r.status, 200, `${who}: ${r.text}`);
	}
	// Outside the record's scope it is not found.
	assert.equal((await api(srv.base, other, 'GET', `/api/v1/attachments/${reportFile}`)).status, 404);
	const listed = await get(tok.district, '/api/v1/attachments', { entity: 'task', entity_id: task.id });
	assert.equal(listed.status, 200, listed.text);
	assert.deepEqual(listed.json.items.map((x) => x.id), [reportFile]);
	const planListed = await get(tok.city, '/api/v1/attachments', { entity: 'plan', entity_id: plan.id });
	assert.deepEqual(planListed.json.items.map((x) => x.id), [planFile]);
});
