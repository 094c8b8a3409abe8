// Law-enforcement cases (执法办案): the provisions catalog, filing and numbering, the penalty
// ranges of 安全生产法, the workflow of 行政处罚法 with its transition table, 法制审核, the
// working-day deadlines across weekends and holidays, the late fee of 第72条 and the audit.
// See docs/api.md, "Cases (执法办案)".
//
// Every expected figure below is written out by hand from the reference
// (../shared/reference/law/penalty_articles.json, procedure_deadlines.json) and from the
// holiday data (data/calendar/cn_holidays.json); the comments say where each comes from. No
// expected value is computed by the logic under test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, DEMO, listAll, loginAll, startServer, tinyPng, uniq, USERS } from '../lib/server.mjs';

// ---- dates (Asia/Shanghai) ----

const DAY_MS = 86400000;
const shanghaiDate = (ms) => new Date(ms + 8 * 3600000).toISOString().slice(0, 10);
const TODAY = shanghaiDate(Date.now());
const addDays = (date, n) =>
	new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** Natural days from a to b. */
const daysBetween = (a, b) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

// ---- 居民身份证号码 (GB 11643-1999): the check character of the first 17 digits ----

function idCheckChar(first17) {
	const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	let sum = 0;
	for (let i = 0; i < 17; i++)
		sum += Number(first17[i]) * w[i];
	return '10X98765432'[sum % 11];
}
// 150602 (东胜区), born 1980-01-01, sequence 123: the sum is
// 1·7+5·9+0·10+6·5+0·8+2·4+1·2+9·1+8·6+0·3+0·7+1·9+0·10+1·5+1·8+2·4+3·2 = 185, 185 mod 11 = 9 → '3'.
const ID_FIRST17 = '15060219800101123';
const VALID_ID = ID_FIRST17 + idCheckChar(ID_FIRST17);
const INVALID_ID = ID_FIRST17 + (VALID_ID[17] === '0' ? '1' : '0');

// ---- the transition table of docs/api.md ----

const ROLES = Object.keys(USERS);	// admin city district department inspector reviewer enterprise viewer
const STAFF = ['admin', 'city', 'district', 'department', 'inspector'];
const HEADS = ['admin', 'city', 'district'];
const BEFORE_DECISION = ['filed', 'investigating', 'legal_review', 'notified', 'hearing'];
const STATES = [...BEFORE_DECISION, 'decided', 'executing', 'closed', 'not_penalized', 'transferred',
	'revoked'];
const T = {
	update: { from: ['filed', 'investigating'], roles: STAFF },
	investigate: { from: ['filed'], to: 'investigating', roles: STAFF },
	submit_review: { from: ['investigating'], to: 'legal_review', roles: STAFF },
	review_approve: { from: ['legal_review'], roles: ['reviewer'] },
	review_return: { from: ['legal_review'], to: 'investigating', roles: ['reviewer'] },
	notify: { from: ['investigating', 'legal_review'], to: 'notified', roles: STAFF },
	waive: { from: ['notified'], roles: STAFF },
	request_hearing: { from: ['notified'], to: 'hearing', roles: STAFF },
	schedule_hearing: { from: ['hearing'], roles: STAFF },
	record_hearing: { from: ['hearing'], roles: STAFF },
	extend: { from: BEFORE_DECISION, roles: HEADS },
	decide: { from: ['notified', 'hearing'], to: 'decided', roles: HEADS },
	serve: { from: ['decided'], to: 'executing', roles: STAFF },
	execute: { from: ['executing'], roles: STAFF },
	close: { from: ['executing'], to: 'closed', roles: HEADS },
	not_penalize: { from: BEFORE_DECISION, to: 'not_penalized', roles: HEADS },
	transfer: { from: ['filed', 'investigating', 'legal_review'], to: 'transferred', roles: HEADS },
	revoke: { from: [...BEFORE_DECISION, 'decided', 'executing'], to: 'revoked', roles: HEADS },
};
const ACTIONS = Object.keys(T);

/**
 * The `actions` docs/api.md gives the role on the case now: the table's state and role, and
 * the rules of the table that depend on what the case already holds (not on dates):
 * notify from investigating only when no review is required (`heavy`: the penalties need
 * 法制审核, 第58条), from legal_review only once approved; review_approve until approved;
 * request_hearing for heavy penalties not waived (第63条), waive until waived;
 * record_hearing once the scheduled day has come; close once every penalty is executed.
 */
function expectedActions(role, c, heavy) {
	return ACTIONS.filter((a) => {
		if (!T[a].from.includes(c.status) || !T[a].roles.includes(role))
			return false;
		switch (a) {
		case 'notify':
			return c.status === 'investigating' ? !(heavy || c.review_required) : !!c.reviewed_on;
		case 'review_approve':
			return !c.reviewed_on;
		case 'request_hearing':
			return !!c.hearing_eligible && !c.rights_waived;
		case 'waive':
			return !c.rights_waived;
		case 'close':
			return c.penalties.every((p) => p.executed_on != null);
		case 'record_hearing':
			return c.hearing_on != null && c.hearing_on <= TODAY;
		default:
			return true;
		}
	}).sort();
}

// ---- figures (fen) ----

// 较大数额 defaults of docs/api.md (原《安全生产违法行为行政处罚办法》: 单位 3万元, 个人 1万元).
const UNIT_THRESHOLD = 3000000;
const PERSON_THRESHOLD = 1000000;
const LIGHT = 2000000;		// 2万元: a unit fine below the threshold
const HEAVY = 4000000;		// 4万元: from the threshold up, and within 第99条's 5万元

// ---- shared state ----

let srv;
let tok;		// tokens by role
let names;		// display names by role (the events show them)
let own;		// the enterprise user's enterprise (东胜区)
let other;		// another 东胜区 enterprise
let construction;	// a 东胜区 construction enterprise (the department sees it)
let far;		// a 康巴什区 (150603) enterprise
let evidenceCase;	// the case of the evidence test: { id, ids }

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base);
	names = {};
	let ownId;
	for (const role of ROLES) {
		const me = await api(srv.base, tok[role], 'GET', '/api/v1/me');
		assert.equal(me.status, 200, me.text);
		names[role] = me.json.user.display_name;
		if (role === 'enterprise')
			ownId = me.json.user.enterprise_id;
		if (role === 'district' || role === 'inspector')
			assert.equal(me.json.user.org_id, 3, `${role} is of org 3 (东胜区应急管理局)`);
	}
	const ents = (await listAll(srv.base, tok.admin, '/api/v1/enterprises')).items;
	own = ents.find((e) => e.id === ownId);
	other = ents.find((e) => e.region_code.startsWith(DEMO.district) && e.id !== ownId &&
	    e.sector !== 'construction' && e.status === 'active');
	construction = ents.find((e) => e.region_code.startsWith(DEMO.district) &&
	    e.sector === 'construction' && e.status === 'active');
	far = ents.find((e) => e.region_code.startsWith(DEMO.otherDistrict) && e.status === 'active');
	assert.ok(own && own.region_code.startsWith(DEMO.district), 'the enterprise user\'s enterprise is in 东胜区');
	assert.ok(other && construction && far, 'demo enterprises for every case');
});

after(async () => {
	await srv?.stop();
});

// ---- helpers ----

const OFFICERS = [{ name: '张执法', cert_no: '15060220240001' }, { name: '王执法', cert_no: '15060220240002' }];

/** The distinct field names of a 422 answer, sorted. */
const fieldsOf = (r) => [...new Set((r.json?.error?.fields || []).map((f) => f.field))].sort();
const messageOf = (r, field) => (r.json?.error?.fields || []).filter((f) => f.field === field)
    .map((f) => f.message).join(' | ');

const viol = (provision_id, description = '现场检查发现的违法行为') => ({ provision_id, item: '', description });
const fine = (provision_id, stage, target, amount_fen, extra = {}) =>
	({ kind: 'fine', target, provision_id, stage, amount_fen, ...extra });

/** A valid case body: a unit fine of 2万元 under 第99条 on the enterprise user's enterprise. */
function caseBody(over = {}) {
	return {
		party: { type: 'enterprise', enterprise_id: own.id },
		source: 'complaint',
		officers: OFFICERS,
		title: `未在有较大危险因素的场所设置明显的安全警示标志${uniq()}`,
		facts: '2025年3月3日现场检查发现储罐区未设置安全警示标志。',
		violations: [viol('AQSCF-99')],
		penalties: [fine('AQSCF-99', 'initial', 'unit', LIGHT)],
		filed_on: '2025-03-03',
		...over,
	};
}

const fileAs = (role, b) => api(srv.base, tok[role], 'POST', '/api/v1/cases', b);
const get = (role, id) => api(srv.base, tok[role], 'GET', `/api/v1/cases/${id}`);
const act = (role, id, b) => api(srv.base, tok[role], 'POST', `/api/v1/cases/${id}/transitions`, b);

async function file(role, b) {
	const r = await fileAs(role, b);
	assert.equal(r.status, 201, `${role} POST /cases: ${r.text}`);
	return r.json;
}

/**
 * A transition that must succeed; the case after it. A review approved without a date is
 * dated the filing day: these cases are recorded after the fact, and the notice and the
 * decision may not be dated before the review (第58条).
 */
async function step(role, id, b) {
	if (b.action === 'review_approve' && b.reviewed_on === undefined) {
		const c = await api(srv.base, tok.city, 'GET', `/api/v1/cases/${id}`);
		b = { ...b, reviewed_on: c.json.filed_on };
	}
	const r = await act(role, id, b);
	assert.equal(r.status, 200, `${role} ${b.action} on case ${id}: ${r.status} ${r.text}`);
	return r.json;
}

/** A 422 naming exactly `fields` (and, when given, the text in the message of the first). */
function assert422(r, fields, text, what = '') {
	assert.equal(r.status, 422, `${what}: ${r.status} ${r.text}`);
	assert.equal(r.json.error.code, 'validation_failed');
	assert.deepEqual(fieldsOf(r), [...fields].sort(), `${what}: ${r.text}`);
	for (const t of [].concat(text ?? []))
		assert.ok(messageOf(r, fields[0]).includes(t),
		    `${what}: the message of ${fields[0]} names ${t}: ${r.text}`);
}

/** How many cases exist (admin's view), to see that a refusal wrote nothing. */
async function caseCount() {
	const r = await api(srv.base, tok.admin, 'GET', '/api/v1/cases?status=all&limit=1');
	assert.equal(r.status, 200, r.text);
	return r.json.total;
}

/** POST /cases is 422 naming exactly `fields`; nothing is written. */
async function refusedFiling(role, b, fields, text, what) {
	const n = await caseCount();
	const r = await fileAs(role, b);
	assert422(r, fields, text, what);
	assert.equal(await caseCount(), n, `${what}: nothing written on 422`);
	return r;
}

// Dates of the helper path below: March 2025 has no holiday (清明 is 4–6 April).
const D = { filed: '2025-03-03', notified: '2025-03-10', requested: '2025-03-11', decided: '2025-03-25',
	served: '2025-03-26', executed: '2025-03-28', closed: '2025-03-31' };

/** The body the helper path uses for an action. */
function pathBody(action) {
	switch (action) {
	case 'investigate': return { action, note: '开始调查取证' };
	case 'submit_review': return { action, note: '送法制审核' };
	case 'review_approve': return { action, opinion: '事实清楚, 证据确凿, 适用法律正确, 同意' };
	case 'notify': return { action, notified_on: D.notified };
	case 'request_hearing': return { action, requested_on: D.requested };
	case 'decide': return { action, decided_on: D.decided };
	case 'serve': return { action, served_on: D.served, method: '直接送达' };
	case 'close': return { action, closed_on: D.closed };
	case 'not_penalize': return { action, reason: '违法行为轻微并及时改正, 没有造成危害后果(行政处罚法第三十三条)', closed_on: D.notified };
	case 'transfer': return { action, reason: '涉嫌重大责任事故罪', transferred_to: '鄂尔多斯市公安局东胜区分局' };
	case 'revoke': return { action, reason: '立案错误' };
	default: throw new Error(action);
	}
}
const STEP_ROLE = { investigate: 'inspector', submit_review: 'inspector', review_approve: 'reviewer',
	notify: 'inspector', request_hearing: 'inspector', decide: 'district', serve: 'inspector', execute: 'inspector',
	close: 'district', not_penalize: 'district', transfer: 'district', revoke: 'district' };
const PATHS = {
	filed: [],
	investigating: ['investigate'],
	legal_review: ['investigate', 'submit_review'],
	notified: ['investigate', 'notify'],
	hearing: ['investigate', 'submit_review', 'review_approve', 'notify', 'request_hearing'],
	decided: ['investigate', 'notify', 'decide'],
	executing: ['investigate', 'notify', 'decide', 'serve'],
	closed: ['investigate', 'notify', 'decide', 'serve', 'execute', 'close'],
	not_penalized: ['not_penalize'],
	transferred: ['transfer'],
	revoked: ['revoke'],
};

/** A new case (filed by the inspector) moved into `state` along the helper path. */
async function caseIn(state, over = {}) {
	const heavy = state === 'hearing';
	let c = await file('inspector', caseBody(heavy
		? { penalties: [fine('AQSCF-99', 'initial', 'unit', HEAVY)], ...over } : over));
	for (const a of PATHS[state]) {
		if (a === 'execute') {
			for (const p of c.penalties)
				c = await step('inspector', c.id, { action: 'execute', penalty_id: p.id,
					executed_on: D.executed, ...(p.kind === 'fine' ? { paid_fen: p.amount_fen } : {}) });
			continue;
		}
		c = await step(STEP_ROLE[a], c.id, pathBody(a));
	}
	assert.equal(c.status, state);
	return c;
}

/** The audit rows of a case, oldest first. */
async function auditOf(role, id) {
	const r = await api(srv.base, tok[role], 'GET', '/api/v1/audit', undefined,
	    { query: { entity: 'case', entity_id: id, limit: 500 } });
	assert.equal(r.status, 200, r.text);
	return [...r.json.items].sort((a, b) => a.id - b.id);
}

// =====================================================================================
// 1. The provisions catalog
// =====================================================================================

describe('provisions', () => {
	test('GET /provisions lists the catalog with rules; q searches; citable=true leaves out the uncitable', async () => {
		const all = await api(srv.base, tok.viewer, 'GET', '/api/v1/provisions');
		assert.equal(all.status, 200, all.text);
		assert.equal(all.json.total, all.json.items.length);
		const ids = all.json.items.map((p) => p.id);
		for (const id of ['AQSCF-94', 'AQSCF-95', 'AQSCF-96', 'AQSCF-99', 'AQSCF-110', 'AQSCF-114', 'SGTL-37'])
			assert.ok(ids.includes(id), `the catalog has ${id}`);
		const p99 = all.json.items.find((p) => p.id === 'AQSCF-99');
		assert.equal(p99.title, '《安全生产法》第九十九条');
		assert.equal(p99.citable, true);
		// 第99条: 责令限期改正, 处五万元以下的罚款; 逾期未改正的, 处五万元以上二十万元以下的罚款.
		const init = p99.rules.find((r) => r.stage === 'initial' && r.target === 'unit');
		assert.equal(init.fine_max_fen, 5000000);
		assert.deepEqual(init.kinds, ['fine']);

		const citable = await api(srv.base, tok.viewer, 'GET', '/api/v1/provisions?citable=true');
		assert.equal(citable.status, 200, citable.text);
		assert.ok(citable.json.items.length > 0 && citable.json.items.length < all.json.items.length);
		assert.ok(citable.json.items.every((p) => p.citable === true), 'only citable ones');
		assert.ok(!citable.json.items.some((p) => p.id === 'SGTL-37'));
		assert.equal(citable.json.items.length, all.json.items.filter((p) => p.citable).length);

		const q = await api(srv.base, tok.enterprise, 'GET', '/api/v1/provisions', undefined,
		    { query: { q: '第一百一十四条' } });
		assert.equal(q.status, 200, q.text);
		assert.deepEqual(q.json.items.map((p) => p.id), ['AQSCF-114']);
		const bad = await api(srv.base, tok.viewer, 'GET', '/api/v1/provisions?citable=yes');
		assert.equal(bad.status, 422, bad.text);
	});

	test('SGTL-37 (事故条例第37条, superseded by 安全生产法第114条) is listed as not citable with its reason', async () => {
		const r = await api(srv.base, tok.inspector, 'GET', '/api/v1/provisions/SGTL-37');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.citable, false);
		assert.equal(r.json.superseded_by, 'AQSCF-114');
		assert.match(r.json.not_citable_reason, /AQSCF-114/);
		const l = await api(srv.base, tok.inspector, 'GET', '/api/v1/provisions', undefined,
		    { query: { q: '第三十七条' } });
		const row = l.json.items.find((p) => p.id === 'SGTL-37');
		assert.ok(row, 'listed');
		assert.equal(row.citable, false);
		assert.ok(row.not_citable_reason.length > 0);
		const none = await api(srv.base, tok.inspector, 'GET', '/api/v1/provisions/AQSCF-999');
		assert.equal(none.status, 404);
	});

	test('citing SGTL-37 in a case is 422 on violations[0].provision_id, with the reason', async () => {
		await refusedFiling('inspector', caseBody({ violations: [viol('SGTL-37')], penalties: [] }),
		    ['violations[0].provision_id'], 'AQSCF-114', 'SGTL-37');
		await refusedFiling('inspector', caseBody({ violations: [viol('AQSCF-999')], penalties: [] }),
		    ['violations[0].provision_id'], undefined, 'unknown provision');
	});
});

// =====================================================================================
// 2. Filing
// =====================================================================================

describe('filing', () => {
	test('a case is 201 with Location, status filed, a number 东胜区应急局应急罚〔year of filed_on〕N号 sequential per org and year, one file event', async () => {
		// 2023 is used by no other test: the first two cases of org 3 are 1 and 2.
		const r = await fileAs('inspector', caseBody({ filed_on: '2023-05-08' }));
		assert.equal(r.status, 201, r.text);
		const c = r.json;
		assert.equal(r.headers.get('location'), `/api/v1/cases/${c.id}`);
		assert.equal(c.number, '东胜区应急局应急罚〔2023〕1号');
		assert.equal(c.year, 2023);
		assert.equal(c.seq, 1);
		assert.equal(c.org_id, 3);
		assert.equal(c.status, 'filed');
		assert.equal(c.filed_on, '2023-05-08');
		assert.equal(c.party_type, 'enterprise');
		assert.equal(c.enterprise_id, own.id);
		assert.equal(c.region_code, own.region_code);
		assert.deepEqual(c.officers, OFFICERS);
		assert.equal(c.violations.length, 1);
		assert.equal(c.violations[0].provision_id, 'AQSCF-99');
		assert.equal(c.penalties.length, 1);
		assert.equal(c.penalties[0].amount_fen, LIGHT);
		// The unit's name is the default target name.
		assert.equal(c.penalties[0].target_name, own.name);
		// The allowed range of 第99条 for a unit when ordered to correct: up to 5万元 (at least one fen).
		assert.deepEqual(c.penalties[0].range, { min_fen: 1, max_fen: 5000000 });
		assert.equal(c.events.length, 1);
		assert.equal(c.events[0].action, 'file');
		assert.equal(c.events[0].to_status, 'filed');
		assert.equal(c.events[0].actor_name, names.inspector);
		assert.deepEqual([...c.actions].sort(), expectedActions('inspector', c, false));

		const c2 = await file('inspector', caseBody({ filed_on: '2023-12-31' }));
		assert.equal(c2.number, '东胜区应急局应急罚〔2023〕2号');
		assert.equal(c2.seq, 2);
		// Another org has its own sequence: the city bureau's first case of 2023.
		const c3 = await file('city', caseBody({ party: { type: 'enterprise', enterprise_id: far.id },
			filed_on: '2023-06-01' }));
		assert.equal(c3.number, '市应急局应急罚〔2023〕1号');
		assert.equal(c3.org_id, 1);
		// A new year starts again at 1 (2022 is used by no other test).
		const c4 = await file('district', caseBody({ filed_on: '2022-01-04' }));
		assert.equal(c4.number, '东胜区应急局应急罚〔2022〕1号');
		// Without filed_on it is filed today.
		const c5 = await file('inspector', caseBody({ filed_on: undefined }));
		assert.equal(c5.filed_on, TODAY);
		assert.equal(c5.year, Number(TODAY.slice(0, 4)));
		// An admin files for an org it names; a legal office files no cases.
		const c6 = await file('admin', caseBody({ org_id: 3, filed_on: '2023-07-03' }));
		assert.equal(c6.number, '东胜区应急局应急罚〔2023〕3号');
		await refusedFiling('admin', caseBody({ org_id: 2 }), ['org_id'], undefined, 'admin for the 法制科');
		await refusedFiling('admin', caseBody(), ['org_id'], undefined, 'admin without org_id');
		await refusedFiling('inspector', caseBody({ org_id: 4 }), ['org_id'], undefined, 'inspector naming an org');
	});

	test('every required field missing is 422 naming it; nothing is written', async () => {
		for (const f of ['party', 'source', 'title', 'officers']) {
			const b = caseBody();
			delete b[f];
			await refusedFiling('inspector', b, [f], undefined, `without ${f}`);
		}
		await refusedFiling('inspector', caseBody({ officers: [OFFICERS[0]] }), ['officers'],
		    '第四十二条', 'one officer');
		await refusedFiling('inspector', caseBody({ officers: [OFFICERS[0], { name: '王执法' }] }),
		    ['officers[1].cert_no'], undefined, 'an officer without cert_no');
		await refusedFiling('inspector', caseBody({ officers: [OFFICERS[0], { name: '王执法', cert_no: '' }] }),
		    ['officers[1].cert_no'], undefined, 'an officer with an empty cert_no');
		await refusedFiling('inspector', caseBody({ mode: 'joint' }), ['partners'], undefined,
		    'joint without partners');
		await refusedFiling('inspector', caseBody({ mode: 'joint', partners: [] }), ['partners'], undefined,
		    'joint with no partners');
		const joint = await file('inspector', caseBody({ mode: 'joint', partners: ['东胜区市场监督管理局'] }));
		assert.equal(joint.mode, 'joint');
		assert.deepEqual(joint.partners, ['东胜区市场监督管理局']);
		await refusedFiling('inspector', caseBody({ source: 'inspection' }), ['inspection_id'], undefined,
		    'inspection source without inspection_id');
		await refusedFiling('inspector', caseBody({ source: 'rumour' }), ['source'], undefined, 'bad source');
		await refusedFiling('inspector', caseBody({ filed_on: addDays(TODAY, 1) }), ['filed_on'], undefined,
		    'filed tomorrow');
		await refusedFiling('inspector', caseBody({ filed_on: '2025-02-30' }), ['filed_on'], undefined,
		    'filed on no date');
		// (Without penalties: a penalty's default target name comes from the party.)
		await refusedFiling('inspector', caseBody({ party: { type: 'enterprise' }, penalties: [] }),
		    ['party.enterprise_id'], undefined, 'enterprise party without id');
		await refusedFiling('inspector', caseBody({ party: { type: 'company', enterprise_id: own.id } }),
		    ['party.type'], undefined, 'bad party type');
		await refusedFiling('inspector', caseBody({ accident_id: 1 }), ['accident_id'], undefined,
		    'accident link before the register exists');
		await refusedFiling('inspector', caseBody({ severity: 'high' }), ['severity'], undefined, 'unknown field');
	});

	test('a person party needs name and a valid 18-digit ID: a bad check digit is 422 naming party.id_no', async () => {
		assert.equal(VALID_ID, '150602198001011233', 'hand-computed check digit');
		const person = (over = {}) => ({ type: 'person', name: '刘某某', id_no: VALID_ID, address: '东胜区某街1号', ...over });
		const pb = (over) => caseBody({ party: person(over),
			violations: [viol('AQSCF-104')],
			penalties: [fine('AQSCF-104', 'initial', 'persons', 500000, { target_name: '刘某某' })] });
		await refusedFiling('inspector', pb({ id_no: INVALID_ID }), ['party.id_no'], undefined, 'bad check digit');
		await refusedFiling('inspector', pb({ id_no: VALID_ID.slice(0, 17) }), ['party.id_no'], undefined, '17 characters');
		await refusedFiling('inspector', pb({ id_no: undefined }), ['party.id_no'], undefined, 'no id_no');
		await refusedFiling('inspector', pb({ name: undefined }), ['party.name'], undefined, 'no name');
		// A person is not a unit: a unit fine on a person party is refused.
		await refusedFiling('inspector', caseBody({ party: person() }), ['penalties[0].target'], undefined,
		    'a unit fine on a person');
		const c = await file('inspector', pb({}));
		assert.equal(c.party_type, 'person');
		assert.equal(c.person_name, '刘某某');
		assert.equal(c.person_id_no, VALID_ID);
		assert.equal(c.region_code, DEMO.district, 'the filing bureau\'s region');
		// A viewer does not see the identity number.
		const v = await get('viewer', c.id);
		assert.equal(v.status, 200, v.text);
		assert.notEqual(v.json.person_id_no, VALID_ID);
		// The lower-case x is a valid check character when the check is X.
		const x17 = '15060219800101002';	// sum 167, 167 mod 11 = 2 → 'X'
		assert.equal(idCheckChar(x17), 'X');
		await file('inspector', pb({ id_no: `${x17}X` }));
	});

	test('an inspector of 东胜区 filing on an enterprise of another region is 422 naming party.enterprise_id', async () => {
		// Without penalties: a unit fine's default target name would be missing too.
		await refusedFiling('inspector', caseBody({ party: { type: 'enterprise', enterprise_id: far.id }, penalties: [] }),
		    ['party.enterprise_id'], undefined, 'inspector → 康巴什区');
		await refusedFiling('district', caseBody({ party: { type: 'enterprise', enterprise_id: far.id }, penalties: [] }),
		    ['party.enterprise_id'], undefined, 'district → 康巴什区');
		await refusedFiling('inspector', caseBody({ party: { type: 'enterprise', enterprise_id: 99999999 }, penalties: [] }),
		    ['party.enterprise_id'], undefined, 'no such enterprise');
		// With the usual unit fine the party is still named first.
		const r = await fileAs('inspector', caseBody({ party: { type: 'enterprise', enterprise_id: far.id } }));
		assert.equal(r.status, 422, r.text);
		assert.ok(fieldsOf(r).includes('party.enterprise_id'), r.text);
	});

	test('links: source inspection marks the inspection referred to the case; an inspection or hazard of another enterprise is 422', async () => {
		const inspect = async (ent) => {
			const r = await api(srv.base, tok.inspector, 'POST', '/api/v1/inspections', { enterprise_id: ent.id,
				kind: 'routine', inspected_on: '2025-02-28', officers: OFFICERS,
				items: [{ text: '储罐区安全警示标志', result: 'fail', hazard: { description: `未设置安全警示标志${uniq()}`,
					deadline: '2025-03-15' } }] });
			assert.equal(r.status, 201, r.text);
			return r.json;
		};
		const mine = await inspect(own);
		const theirs = await inspect(other);
		const hazardId = mine.items[0].hazard_id;
		assert.ok(Number.isInteger(hazardId), 'the failed item made a hazard');
		await refusedFiling('inspector', caseBody({ source: 'inspection', inspection_id: theirs.id }), ['inspection_id'],
		    undefined, 'an inspection of another enterprise');
		await refusedFiling('inspector', caseBody({ source: 'inspection', inspection_id: 99999999 }), ['inspection_id'],
		    undefined, 'no such inspection');
		await refusedFiling('inspector', caseBody({ hazard_ids: [theirs.items[0].hazard_id] }), ['hazard_ids[0]'],
		    undefined, 'a hazard of another enterprise');
		const c = await file('inspector', caseBody({ source: 'inspection', inspection_id: mine.id, hazard_ids: [hazardId] }));
		assert.equal(c.source, 'inspection');
		assert.equal(c.inspection_id, mine.id);
		assert.deepEqual(c.hazard_ids, [hazardId]);
		const i = await api(srv.base, tok.inspector, 'GET', `/api/v1/inspections/${mine.id}`);
		assert.equal(i.status, 200, i.text);
		assert.equal(i.json.referred, true, 'the inspection is marked referred (移送立案)');
		assert.ok(i.json.referral_note.includes(c.number), 'the referral names the case number');
	});

	test('evidence: the caller\'s own unlinked uploads are linked to the case; another user\'s is 422 naming evidence[i]', async () => {
		const up = async (role) => {
			const r = await api(srv.base, tok[role], 'POST', '/api/v1/attachments?filename=evidence.png', tinyPng(),
			    { headers: { 'Content-Type': 'image/png' } });
			assert.equal(r.status, 201, r.text);
			return r.json.id;
		};
		const mine = await up('inspector');
		const theirs = await up('district');
		const first = await file('inspector', caseBody());
		// The evidence is checked after the number is drawn: the refusal must not use one up.
		await refusedFiling('inspector', caseBody({ evidence: [mine, theirs] }), ['evidence[1]'], undefined,
		    'another user\'s upload');
		const c = await file('inspector', caseBody({ evidence: [mine] }));
		assert.equal(c.seq, first.seq + 1, 'no gap in the numbers after a refused filing');
		assert.deepEqual(c.evidence, [mine]);
		// Claimed by the case: it cannot be used again.
		await refusedFiling('inspector', caseBody({ evidence: [mine] }), ['evidence[0]'], undefined, 'linked already');
		// Added later with update: kept with the first.
		const more = await up('inspector');
		const u = await step('inspector', c.id, { action: 'update', evidence: [more] });
		assert.deepEqual(u.evidence, [mine, more]);
		evidenceCase = { id: c.id, ids: [mine, more] };
	});

	test('linked evidence can be downloaded by whoever may see the case (GET /attachments/{id}: "any (may see the record)")', async () => {
		// Once linked to a case, evidence is seen by whoever may see the case (this answered 404
		// to everyone before the attachment module knew the entity "case").
		assert.ok(evidenceCase, 'the evidence test above ran');
		const bytes = tinyPng();
		const seen = [];
		for (const role of ['inspector', 'district', 'city', 'admin', 'enterprise']) {
			const r = await api(srv.base, tok[role], 'GET', `/api/v1/attachments/${evidenceCase.ids[0]}`);
			seen.push(`${role} ${r.status}`);
			if (r.status === 200)
				assert.ok(r.bytes.equals(bytes), `${role}: the uploaded bytes`);
		}
		assert.deepEqual(seen, ['inspector 200', 'district 200', 'city 200', 'admin 200', 'enterprise 200'],
		    'everyone who sees the case reads its evidence');
		// Someone who cannot see the case still gets 404: the department (not its sector).
		const dept = await api(srv.base, tok.department, 'GET', `/api/v1/attachments/${evidenceCase.ids[0]}`);
		assert.equal(dept.status, 404);
	});

	test('update checks replaced findings like filing does; dates in the future are refused in transitions', async () => {
		const c = await caseIn('investigating');
		assert422(await act('inspector', c.id, { action: 'update', penalties: [fine('AQSCF-99', 'initial', 'unit', 5000001)] }),
		    ['penalties[0].amount_fen'], '50000 元', 'an update beyond the range');
		// Replacing the violations alone leaves the 第99条 fine without its violation.
		assert422(await act('inspector', c.id, { action: 'update', violations: [viol('AQSCF-94')] }),
		    ['penalties[0].provision_id'], undefined, 'the penalty\'s provision no longer cited');
		assert422(await act('inspector', c.id, { action: 'update', officers: [OFFICERS[0]] }), ['officers'],
		    undefined, 'one officer');
		const u = await step('inspector', c.id, { action: 'update', violations: [viol('AQSCF-99'), viol('AQSCF-94')],
			penalties: [fine('AQSCF-99', 'initial', 'unit', 1000000), fine('AQSCF-94', 'initial', 'principal', 2000000)] });
		assert.deepEqual(u.penalties.map((p) => [p.provision_id, p.target, p.amount_fen]),
		    [['AQSCF-99', 'unit', 1000000], ['AQSCF-94', 'principal', 2000000]]);
		assert.equal(u.events.at(-1).action, 'update');
		// Without findings there is nothing to review or notify.
		const bare = await caseIn('investigating', { violations: [], penalties: [] });
		assert422(await act('inspector', bare.id, { action: 'submit_review' }), ['penalties', 'violations'], undefined,
		    'review without findings');
		assert422(await act('inspector', bare.id, { action: 'notify' }), ['penalties', 'violations'], undefined,
		    'notice without findings');
		// Dates: never after today, never before the step they follow.
		const light = await caseIn('investigating');
		assert422(await act('inspector', light.id, { action: 'notify', notified_on: addDays(TODAY, 1) }), ['notified_on'],
		    undefined, 'notified tomorrow');
		assert422(await act('inspector', light.id, { action: 'notify', notified_on: '2025-03-02' }), ['notified_on'],
		    undefined, 'notified before filing (2025-03-03)');
	});

	test('enterprise, viewer and reviewer may not file: 403, nothing written', async () => {
		for (const role of ['enterprise', 'viewer', 'reviewer']) {
			const n = await caseCount();
			const r = await fileAs(role, caseBody());
			assert.equal(r.status, 403, `${role}: ${r.text}`);
			assert.equal(r.json.error.code, 'forbidden');
			assert.equal(await caseCount(), n);
		}
	});

	test('GET /cases: the enterprise sees only its own cases, the district its region, the city everything', async () => {
		const mine = await file('inspector', caseBody({ title: `可见性-本企业${uniq()}` }));
		const neighbour = await file('inspector', caseBody({ party: { type: 'enterprise', enterprise_id: other.id },
			title: `可见性-同区企业${uniq()}` }));
		const elsewhere = await file('city', caseBody({ party: { type: 'enterprise', enterprise_id: far.id },
			title: `可见性-康巴什${uniq()}` }));
		const ids = async (role) => (await listAll(srv.base, tok[role], '/api/v1/cases', { status: 'all' }))
		    .items.map((c) => c.id);

		const ent = await ids('enterprise');
		assert.ok(ent.includes(mine.id));
		assert.ok(!ent.includes(neighbour.id) && !ent.includes(elsewhere.id));
		const entList = await listAll(srv.base, tok.enterprise, '/api/v1/cases', { status: 'all' });
		assert.ok(entList.items.length > 0);
		assert.ok(entList.items.every((c) => c.enterprise_id === own.id), 'only its own enterprise');
		assert.equal((await get('enterprise', neighbour.id)).status, 404);
		assert.equal((await get('enterprise', mine.id)).status, 200);

		for (const role of ['district', 'inspector']) {
			const l = await ids(role);
			assert.ok(l.includes(mine.id) && l.includes(neighbour.id), `${role} sees 东胜区`);
			assert.ok(!l.includes(elsewhere.id), `${role} does not see 康巴什区`);
			assert.equal((await get(role, elsewhere.id)).status, 404);
			const t = await act(role, elsewhere.id, { action: 'investigate' });
			assert.equal(t.status, 404, `${role} acts on a case outside its region: ${t.text}`);
		}
		for (const role of ['city', 'admin', 'reviewer', 'viewer']) {
			const l = await ids(role);
			assert.ok(l.includes(mine.id) && l.includes(neighbour.id) && l.includes(elsewhere.id),
			    `${role} sees the whole city`);
		}
		// The list filters by region and by q (number, title or party).
		const byRegion = (await listAll(srv.base, tok.city, '/api/v1/cases',
		    { status: 'all', region: DEMO.otherDistrict })).items;
		assert.ok(byRegion.some((c) => c.id === elsewhere.id));
		assert.ok(byRegion.every((c) => c.region_code.startsWith(DEMO.otherDistrict)));
		const q = await listAll(srv.base, tok.city, '/api/v1/cases', { status: 'all', q: mine.number });
		assert.deepEqual(q.items.map((c) => c.id), [mine.id]);
	});
});

// =====================================================================================
// 3. Numbers stay unique under concurrent filing
// =====================================================================================

test('20 concurrent filings of one org in one year all get distinct numbers 1..20 without gaps', async () => {
	// 2021 is used by no other test of this file.
	const N = 20;
	const rs = await Promise.all(Array.from({ length: N }, (_, i) =>
		fileAs(i % 2 ? 'inspector' : 'district', caseBody({ filed_on: '2021-06-01', title: `并发立案${i}` }))));
	for (const r of rs)
		assert.equal(r.status, 201, r.text);
	const seqs = rs.map((r) => r.json.seq).sort((a, b) => a - b);
	assert.deepEqual(seqs, Array.from({ length: N }, (_, i) => i + 1));
	const numbers = new Set(rs.map((r) => r.json.number));
	assert.equal(numbers.size, N);
	for (const r of rs)
		assert.equal(r.json.number, `东胜区应急局应急罚〔2021〕${r.json.seq}号`);
	const l = await listAll(srv.base, tok.admin, '/api/v1/cases',
	    { status: 'all', org_id: 3, filed_from: '2021-01-01', filed_to: '2021-12-31' });
	assert.equal(l.total, N);
});

// =====================================================================================
// 4. Fine ranges (安全生产法, penalty_articles.json; 以上/以下 include the figure)
// =====================================================================================

describe('fine ranges', () => {
	/** Files a case whose only penalty is `p` (citing its provision); the answer. */
	const tryPenalty = (p, party) => fileAs('inspector', caseBody({
		...(party ? { party } : {}),
		violations: [viol(p.provision_id)],
		penalties: [p],
		filed_on: TODAY,
	}));
	async function accepts(p, what) {
		const r = await tryPenalty(p);
		assert.equal(r.status, 201, `${what}: ${r.text}`);
		assert.equal(r.json.penalties[0].amount_fen, p.amount_fen);
		return r.json;
	}
	async function rejects(p, field, text, what) {
		const r = await tryPenalty(p);
		assert422(r, [`penalties[0].${field}`], text, what);
	}

	test('第99条 unit, ordered to correct: 五万元以下 — 5,000,000 fen passes, 5,000,001 fails naming the range, 0 fails, 1 fen passes', async () => {
		const p = (amount) => fine('AQSCF-99', 'initial', 'unit', amount);
		await accepts(p(5000000), '5万元');
		await accepts(p(1), 'one fen');
		await rejects(p(5000001), 'amount_fen', '50000 元', 'one fen over 5万元');
		await rejects(p(0), 'amount_fen', undefined, 'zero');
		await rejects(p(-1), 'amount_fen', undefined, 'negative');
	});

	test('第99条 unit, overdue: 五万元以上二十万元以下 — both ends pass, one fen beyond fails', async () => {
		const p = (amount) => fine('AQSCF-99', 'overdue_uncorrected', 'unit', amount);
		await accepts(p(5000000), '5万元');
		await accepts(p(20000000), '20万元');
		await rejects(p(4999999), 'amount_fen', ['50000 元', '200000 元'], 'below 5万元');
		await rejects(p(20000001), 'amount_fen', ['50000 元', '200000 元'], 'above 20万元');
	});

	test('第94条 principal, ordered to correct: 二万元以上五万元以下', async () => {
		const p = (amount) => fine('AQSCF-94', 'initial', 'principal', amount);
		const c = await accepts(p(2000000), '2万元');
		assert.equal(c.penalties[0].target_name, own.principal, 'the principal is the default name');
		await accepts(p(5000000), '5万元');
		await rejects(p(1999999), 'amount_fen', ['20000 元', '50000 元'], 'below 2万元');
		await rejects(p(5000001), 'amount_fen', ['20000 元', '50000 元'], 'above 5万元');
	});

	test('第96条 other responsible persons, ordered to correct: 一万元以上三万元以下', async () => {
		const p = (amount) => fine('AQSCF-96', 'initial', 'persons', amount, { target_name: '赵安全' });
		await accepts(p(1000000), '1万元');
		await accepts(p(3000000), '3万元');
		await rejects(p(999999), 'amount_fen', ['10000 元', '30000 元'], 'below 1万元');
		await rejects(p(3000001), 'amount_fen', ['10000 元', '30000 元'], 'above 3万元');
		// A fine on persons names them: there is no default name.
		await rejects(fine('AQSCF-96', 'initial', 'persons', 1000000), 'target_name', undefined, 'no name');
	});

	test('第114条 unit by accident grade: 一般 30万–100万, 较大 100万–200万; 情节特别严重 ×2–5 (一般 60万–500万); no grade is 422 on accident_grade', async () => {
		const p = (grade, amount, stage = 'accident') => fine('AQSCF-114', stage, 'unit', amount, { accident_grade: grade });
		await accepts(p('general', 30000000), '一般 30万元');
		await accepts(p('general', 100000000), '一般 100万元');
		await rejects(p('general', 29999999), 'amount_fen', ['300000 元', '1000000 元'], '一般 below');
		await rejects(p('general', 100000001), 'amount_fen', ['300000 元', '1000000 元'], '一般 above');
		await accepts(p('larger', 100000000), '较大 100万元');
		await accepts(p('larger', 200000000), '较大 200万元');
		await rejects(p('larger', 99999999), 'amount_fen', ['1000000 元', '2000000 元'], '较大 below');
		await rejects(p('larger', 200000001), 'amount_fen', ['1000000 元', '2000000 元'], '较大 above');
		// 第二款: 前款罚款数额的二倍以上五倍以下 — 一般: 2 × 30万 = 60万 … 5 × 100万 = 500万.
		await accepts(p('general', 60000000, 'aggravated'), 'aggravated 60万元');
		await accepts(p('general', 500000000, 'aggravated'), 'aggravated 500万元');
		await rejects(p('general', 59999999, 'aggravated'), 'amount_fen', ['600000 元', '5000000 元'], 'aggravated below');
		await rejects(p('general', 500000001, 'aggravated'), 'amount_fen', ['600000 元', '5000000 元'], 'aggravated above');
		await rejects(fine('AQSCF-114', 'accident', 'unit', 30000000), 'accident_grade', undefined, 'no grade');
		await rejects(p('minor', 30000000), 'accident_grade', undefined, 'unknown grade');
	});

	test('第95条 principal after an accident: exactly 40/60/80/100 % of last year\'s income; ± beyond the fen fails; no income is 422', async () => {
		const p = (grade, amount, income) => fine('AQSCF-95', 'accident', 'principal', amount,
			{ accident_grade: grade, income_fen: income });
		// Income 10万元 = 10,000,000 fen: 40 % = 4,000,000; 60 % = 6,000,000; 80 % = 8,000,000; 100 % = 10,000,000.
		for (const [grade, exact, yuan] of [['general', 4000000, '40000 元'], ['larger', 6000000, '60000 元'],
			['major', 8000000, '80000 元'], ['especially_major', 10000000, '100000 元']]) {
			await accepts(p(grade, exact, 10000000), `${grade} exact`);
			await rejects(p(grade, exact - 1, 10000000), 'amount_fen', yuan, `${grade} one fen under`);
			await rejects(p(grade, exact + 1, 10000000), 'amount_fen', yuan, `${grade} one fen over`);
		}
		// Income 123,456.79 元 = 12,345,679 fen: 40 % = 4,938,271.6 fen — the two fens around it pass,
		// anything further fails.
		await accepts(p('general', 4938271, 12345679), '40 % rounded down');
		await accepts(p('general', 4938272, 12345679), '40 % rounded up');
		await rejects(p('general', 4938270, 12345679), 'amount_fen', undefined, '40 % two fen under');
		await rejects(p('general', 4938273, 12345679), 'amount_fen', undefined, '40 % two fen over');
		await rejects(fine('AQSCF-95', 'accident', 'principal', 4000000, { accident_grade: 'general' }),
		    'income_fen', undefined, 'no income');
	});

	test('第110条 principal: 60 %–100 % of last year\'s income', async () => {
		const p = (amount) => fine('AQSCF-110', 'any', 'principal', amount, { income_fen: 10000000 });
		await accepts(p(6000000), '60 %');
		await accepts(p(10000000), '100 %');
		await rejects(p(5999999), 'amount_fen', ['60000 元', '100000 元'], 'below 60 %');
		await rejects(p(10000001), 'amount_fen', ['60000 元', '100000 元'], 'above 100 %');
		await rejects(fine('AQSCF-110', 'any', 'principal', 6000000), 'income_fen', undefined, 'no income');
	});

	test('a kind, stage or provision the rule does not give is 422 naming the field', async () => {
		// 第99条 initial gives only a fine: closure is refused on kind.
		await rejects({ kind: 'closure', target: 'unit', provision_id: 'AQSCF-99', stage: 'initial' }, 'kind',
		    undefined, 'closure under 第99条 initial');
		// A stage 第99条 does not have.
		await rejects(fine('AQSCF-99', 'accident', 'unit', 100000), 'stage', undefined, 'stage accident');
		// A fine without a provision.
		const noProv = await fileAs('inspector', caseBody({ penalties: [{ kind: 'fine', target: 'unit', stage: 'initial', amount_fen: 100000 }] }));
		assert422(noProv, ['penalties[0].provision_id'], undefined, 'a fine without provision');
		// A penalty citing a provision that no violation cites.
		const other = await fileAs('inspector', caseBody({ violations: [viol('AQSCF-99')],
			penalties: [fine('AQSCF-94', 'initial', 'principal', 2000000)] }));
		assert422(other, ['penalties[0].provision_id'], undefined, 'a provision not among the violations');
		// A warning is no kind of 第99条 either; a non-fine has no amount.
		await rejects({ kind: 'suspension', target: 'unit', provision_id: 'AQSCF-99', stage: 'serious', amount_fen: 100 },
		    'amount_fen', undefined, 'suspension with an amount');
	});

	test('two fines on the same person under the same provision are 422 (行政处罚法第29条); different persons are fine', async () => {
		const two = await fileAs('inspector', caseBody({ violations: [viol('AQSCF-99')],
			penalties: [fine('AQSCF-99', 'initial', 'unit', 1000000), fine('AQSCF-99', 'initial', 'unit', 2000000)] }));
		assert422(two, ['penalties[1]'], '第二十九条', 'two unit fines under 第99条');
		const samePerson = await fileAs('inspector', caseBody({ violations: [viol('AQSCF-96')],
			penalties: [fine('AQSCF-96', 'initial', 'persons', 1000000, { target_name: '赵安全' }),
				fine('AQSCF-96', 'initial', 'persons', 2000000, { target_name: '赵安全' })] }));
		assert422(samePerson, ['penalties[1]'], undefined, 'two fines on 赵安全 under 第96条');
		const c = await file('inspector', caseBody({ violations: [viol('AQSCF-96')],
			penalties: [fine('AQSCF-96', 'initial', 'persons', 1000000, { target_name: '赵安全' }),
				fine('AQSCF-96', 'initial', 'persons', 2000000, { target_name: '钱安全' })] }));
		assert.equal(c.penalties.length, 2);
	});
});

// =====================================================================================
// 5. The whole workflow
// =====================================================================================

/** The roles that see a case on the enterprise user's enterprise. */
const SEEING = ['admin', 'city', 'district', 'inspector', 'reviewer', 'enterprise', 'viewer'];

/**
 * Checks `actions` of the case for every role that sees it against expectedActions(). With
 * `drift` (an array) a difference is collected there instead of failing at once, so that a
 * long workflow test checks everything else first.
 */
async function checkActions(id, heavy, roles = SEEING, drift = null) {
	for (const role of roles) {
		const r = await get(role, id);
		assert.equal(r.status, 200, `${role} GET: ${r.text}`);
		const got = [...r.json.actions].sort();
		const want = expectedActions(role, r.json, heavy);
		const msg = `${role} in ${r.json.status}: actions ${JSON.stringify(got)}, docs/api.md gives ${JSON.stringify(want)}`;
		if (drift === null)
			assert.deepEqual(got, want, msg);
		else if (JSON.stringify(got) !== JSON.stringify(want))
			drift.push(msg);
	}
}

describe('workflow', () => {
	test('filed → investigating → legal_review → approved → notified → hearing → scheduled → recorded → decided → executing → executed → closed, with events and actions', async () => {
		const heavy = true;	// 4万元 on a unit: from the 3万元 threshold up
		const drift = [];	// `actions` that differ from the table (asserted last)
		let c = await file('inspector', caseBody({ filed_on: '2024-03-01', penalties: [fine('AQSCF-99', 'initial', 'unit', HEAVY)] }));
		await checkActions(c.id, heavy, SEEING, drift);
		c = await step('inspector', c.id, { action: 'investigate', note: '调查取证' });
		assert.equal(c.status, 'investigating');
		await checkActions(c.id, heavy, SEEING, drift);
		// An update replaces findings while investigating.
		c = await step('inspector', c.id, { action: 'update', facts: '储罐区未设置安全警示标志, 已拍照取证' });
		assert.equal(c.facts, '储罐区未设置安全警示标志, 已拍照取证');
		c = await step('inspector', c.id, { action: 'submit_review', note: '送审' });
		assert.equal(c.status, 'legal_review');
		await checkActions(c.id, heavy, SEEING, drift);
		// Notify before approval is a rule not met (第58条).
		assert422(await act('inspector', c.id, { action: 'notify', notified_on: '2024-03-15' }), ['action'],
		    undefined, 'notify before approval');
		assert422(await act('reviewer', c.id, { action: 'review_approve' }), ['opinion'], undefined,
		    'approval without opinion');
		c = await step('reviewer', c.id, { action: 'review_approve', opinion: '同意' });
		assert.equal(c.status, 'legal_review');
		assert.equal(c.review_opinion, '同意');
		await checkActions(c.id, heavy, SEEING, drift);
		c = await step('inspector', c.id, { action: 'notify', notified_on: '2024-03-15' });
		assert.equal(c.status, 'notified');
		assert.ok(c.hearing_eligible, 'a heavy penalty may be heard');
		// 5 working days after Friday 2024-03-15: 18, 19, 20, 21, 22 March.
		assert.equal(c.deadlines.hearing_request_by, '2024-03-22');
		await checkActions(c.id, heavy, SEEING, drift);
		c = await step('inspector', c.id, { action: 'request_hearing', requested_on: '2024-03-20' });
		assert.equal(c.status, 'hearing');
		await checkActions(c.id, heavy, SEEING, drift);
		// Hearing notice Thursday 2024-03-21: 7 working days are 22, 25, 26, 27, 28, 29 March, 1 April.
		assert422(await act('inspector', c.id, { action: 'schedule_hearing', notified_on: '2024-03-21',
			hearing_on: '2024-03-31', place: '听证室' }), ['hearing_on'], '2024-04-01', 'hearing too early');
		assert422(await act('inspector', c.id, { action: 'schedule_hearing', notified_on: '2024-03-21',
			hearing_on: '2024-04-01' }), ['place'], undefined, 'no place');
		c = await step('inspector', c.id, { action: 'schedule_hearing', notified_on: '2024-03-21',
			hearing_on: '2024-04-01', place: '东胜区应急管理局听证室' });
		assert.equal(c.status, 'hearing');
		assert.equal(c.deadlines.hearing_earliest, '2024-04-01');
		await checkActions(c.id, heavy, SEEING, drift);
		// 第65条: the decision follows the hearing record.
		assert422(await act('district', c.id, { action: 'decide', decided_on: '2024-04-03' }), ['action'],
		    undefined, 'decide before the record');
		c = await step('inspector', c.id, { action: 'record_hearing', record: '当事人对事实无异议, 请求从轻' });
		await checkActions(c.id, heavy, SEEING, drift);
		assert422(await act('district', c.id, { action: 'decide', decided_on: '2024-03-29' }), ['decided_on'],
		    undefined, 'decided before the hearing');
		c = await step('district', c.id, { action: 'decide', decided_on: '2024-04-03' });
		assert.equal(c.status, 'decided');
		// 7 working days after Wednesday 2024-04-03: 4–6 April are 清明 off, Sunday 7 April is worked,
		// then 8, 9, 10, 11, 12 and Monday 15 April.
		assert.equal(c.deadlines.service_due, '2024-04-15');
		// 90 natural days after 2024-03-01 (2024 is a leap year): 2024-05-30.
		assert.equal(c.deadlines.decision_due, '2024-05-30');
		assert.equal(c.deadlines.decided_late, false);
		await checkActions(c.id, heavy, SEEING, drift);
		c = await step('inspector', c.id, { action: 'serve', served_on: '2024-04-08', method: '直接送达' });
		assert.equal(c.status, 'executing');
		// 15 natural days after service (第67条).
		assert.equal(c.deadlines.payment_due, '2024-04-23');
		assert.equal(c.deadlines.service_late, false);
		await checkActions(c.id, heavy, SEEING, drift);
		// Close before every penalty is executed is a rule not met.
		assert422(await act('district', c.id, { action: 'close', closed_on: '2024-04-25' }), ['penalties[0]'],
		    undefined, 'close with an unexecuted fine');
		c = await step('inspector', c.id, { action: 'execute', penalty_id: c.penalties[0].id,
			executed_on: '2024-04-22', paid_fen: HEAVY });
		assert.equal(c.penalties[0].executed_on, '2024-04-22');
		assert.equal(c.penalties[0].late_fee_fen, 0);
		await checkActions(c.id, heavy, SEEING, drift);
		c = await step('district', c.id, { action: 'close', closed_on: '2024-04-25' });
		assert.equal(c.status, 'closed');
		assert.equal(c.closed_on, '2024-04-25');
		await checkActions(c.id, heavy, SEEING, drift);

		const expected = [
			['file', null, 'filed', 'inspector'],
			['investigate', 'filed', 'investigating', 'inspector'],
			['update', 'investigating', 'investigating', 'inspector'],
			['submit_review', 'investigating', 'legal_review', 'inspector'],
			['review_approve', 'legal_review', 'legal_review', 'reviewer'],
			['notify', 'legal_review', 'notified', 'inspector'],
			['request_hearing', 'notified', 'hearing', 'inspector'],
			['schedule_hearing', 'hearing', 'hearing', 'inspector'],
			['record_hearing', 'hearing', 'hearing', 'inspector'],
			['decide', 'hearing', 'decided', 'district'],
			['serve', 'decided', 'executing', 'inspector'],
			['execute', 'executing', 'executing', 'inspector'],
			['close', 'executing', 'closed', 'district'],
		];
		assert.deepEqual(c.events.map((e) => [e.action, e.from_status, e.to_status, e.actor_name]),
		    expected.map(([a, f, t, role]) => [a, f, t, names[role]]), 'the events, in order, with their actors');
		assert.equal(c.events.find((e) => e.action === 'review_approve').note, '同意');
		assert.equal(c.events.find((e) => e.action === 'execute').data.late_fee_fen, 0);

		// 10. Every transition is audited, in order, with its action.
		for (const role of ['city', 'admin']) {
			const rows = await auditOf(role, c.id);
			assert.deepEqual(rows.map((r) => r.action), ['create', ...Array(expected.length - 1).fill('transition')]);
			assert.deepEqual(rows.slice(1).map((r) => r.changes.action), expected.slice(1).map((e) => e[0]),
			    `${role}: the audit names each action`);
			assert.ok(rows.every((r) => r.entity === 'case' && r.entity_id === c.id));
			assert.deepEqual(rows.slice(1).map((r) => r.changes.status), expected.slice(1).map((e) => [e[1], e[2]]));
			assert.equal(rows[0].actor_name, USERS.inspector);
		}
		for (const role of ['district', 'inspector', 'reviewer']) {
			const r = await api(srv.base, tok[role], 'GET', '/api/v1/audit', undefined,
			    { query: { entity: 'case', entity_id: c.id } });
			assert.equal(r.status, 403, `${role} reads no audit`);
		}
		// While investigating, a heavy case (4万元 ≥ the 3万元 threshold) is not offered `notify`
		// (第58条: 法制审核 first); collected above, asserted last.
		assert.deepEqual(drift, [], `actions offered that the table does not allow:\n${drift.join('\n')}`);
	});

	test('the short path: a fine below 3万元 is notified straight from investigating and decided without waiting', async () => {
		let c = await file('district', caseBody({ filed_on: '2025-04-01',
			penalties: [fine('AQSCF-99', 'initial', 'unit', UNIT_THRESHOLD - 1)] }));
		c = await step('district', c.id, { action: 'investigate' });
		await checkActions(c.id, false);
		c = await step('district', c.id, { action: 'notify', notified_on: '2025-04-07' });
		assert.equal(c.status, 'notified');
		assert.ok(!c.hearing_eligible, 'below the threshold: no hearing');
		assert.ok(!c.review_required);
		assert.equal(c.deadlines.hearing_request_by, undefined);
		await checkActions(c.id, false);
		// No hearing for a light penalty (第63条).
		assert422(await act('inspector', c.id, { action: 'request_hearing', requested_on: '2025-04-08' }),
		    ['action'], '第六十三条', 'hearing on a light penalty');
		// A decision before the notice is refused; on the notice day itself it is allowed.
		assert422(await act('district', c.id, { action: 'decide', decided_on: '2025-04-06' }), ['decided_on'],
		    undefined, 'decided before notice');
		c = await step('district', c.id, { action: 'decide', decided_on: '2025-04-07' });
		assert.equal(c.status, 'decided');
		assert.deepEqual(c.events.map((e) => e.action), ['file', 'investigate', 'notify', 'decide']);
		assert.ok(c.events.every((e) => e.actor_name === names.district));
	});

	test('a heavy penalty with the party\'s waiver is decided at once; without the note the waiver is 422', async () => {
		let c = await caseIn('legal_review', { filed_on: '2025-04-01', penalties: [fine('AQSCF-99', 'initial', 'unit', HEAVY)] });
		c = await step('reviewer', c.id, pathBody('review_approve'));
		c = await step('inspector', c.id, { action: 'notify', notified_on: '2025-04-07' });
		assert.ok(c.hearing_eligible);
		assert422(await act('inspector', c.id, { action: 'waive' }), ['note'], undefined, 'waive without note');
		c = await step('inspector', c.id, { action: 'waive', note: '当事人书面声明放弃陈述申辩和听证' });
		assert.equal(c.status, 'notified');
		assert.ok(c.rights_waived);
		const drift = [];
		await checkActions(c.id, true, SEEING, drift);
		assert422(await act('inspector', c.id, { action: 'request_hearing', requested_on: '2025-04-08' }),
		    ['action'], undefined, 'hearing after a waiver');
		c = await step('district', c.id, { action: 'decide', decided_on: '2025-04-07' });
		assert.equal(c.status, 'decided');
		// After the waiver `actions` offers neither request_hearing nor waive (both would be 422).
		assert.deepEqual(drift, [], `actions offered that cannot be taken:\n${drift.join('\n')}`);
	});

	test('review_return sends the case back to investigating with the reason; it must be reviewed again', async () => {
		let c = await caseIn('legal_review', { penalties: [fine('AQSCF-99', 'initial', 'unit', HEAVY)] });
		assert422(await act('reviewer', c.id, { action: 'review_return' }), ['reason'], undefined, 'no reason');
		c = await step('reviewer', c.id, { action: 'review_return', reason: '证据不足, 补充现场照片' });
		assert.equal(c.status, 'investigating');
		await checkActions(c.id, true);
		assert422(await act('inspector', c.id, { action: 'notify', notified_on: D.notified }), ['action'],
		    undefined, 'notify after a return');
		c = await step('inspector', c.id, { action: 'submit_review' });
		c = await step('reviewer', c.id, pathBody('review_approve'));
		c = await step('inspector', c.id, { action: 'notify', notified_on: D.notified });
		assert.equal(c.status, 'notified');
		assert.deepEqual(c.events.map((e) => e.action), ['file', 'investigate', 'submit_review', 'review_return',
			'submit_review', 'review_approve', 'notify']);
		assert.equal(c.events[3].note, '证据不足, 补充现场照片');
		assert.equal(c.events[3].actor_name, names.reviewer);
	});

	test('exits: not_penalize (reason), transfer (transferred_to and reason), revoke (reason)', async () => {
		let c = await caseIn('investigating');
		assert422(await act('district', c.id, { action: 'not_penalize', closed_on: D.notified }), ['reason'],
		    undefined, 'not_penalize without reason');
		c = await step('district', c.id, pathBody('not_penalize'));
		assert.equal(c.status, 'not_penalized');
		assert.equal(c.closed_on, D.notified);
		assert.deepEqual(c.actions, []);

		c = await caseIn('filed');
		assert422(await act('city', c.id, { action: 'transfer', reason: '涉嫌犯罪' }), ['transferred_to'],
		    undefined, 'transfer without transferred_to');
		assert422(await act('city', c.id, { action: 'transfer', transferred_to: '公安机关' }), ['reason'],
		    undefined, 'transfer without reason');
		c = await step('city', c.id, pathBody('transfer'));
		assert.equal(c.status, 'transferred');
		assert.equal(c.transferred_to, '鄂尔多斯市公安局东胜区分局');
		assert.equal(c.events.at(-1).actor_name, names.city);

		c = await caseIn('executing');
		assert422(await act('admin', c.id, { action: 'revoke' }), ['reason'], undefined, 'revoke without reason');
		c = await step('admin', c.id, pathBody('revoke'));
		assert.equal(c.status, 'revoked');
		assert.equal(c.exit_reason, '立案错误');
		// Finished cases are not in the default (open) list.
		const open = await listAll(srv.base, tok.admin, '/api/v1/cases');
		assert.ok(!open.items.some((x) => x.id === c.id));
		const revoked = await listAll(srv.base, tok.admin, '/api/v1/cases', { status: 'revoked' });
		assert.ok(revoked.items.some((x) => x.id === c.id));
	});

	test('the department files and works a case on an enterprise of its sector', async () => {
		let c = await file('department', caseBody({ party: { type: 'enterprise', enterprise_id: construction.id } }));
		assert.equal(c.number.startsWith('市住建局应急罚〔2025〕'), true, c.number);
		c = await step('department', c.id, { action: 'investigate' });
		await checkActions(c.id, false, ['admin', 'city', 'district', 'department', 'inspector', 'reviewer', 'viewer']);
		assert.equal((await get('department', (await caseIn('filed')).id)).status, 404, 'not a chemical enterprise\'s case');
	});
});

// =====================================================================================
// 6. Every out-of-order transition is 409; a wrong role is 403
// =====================================================================================

describe('transition table', () => {
	const cases = {};
	before(async () => {
		// One case per state, on a construction enterprise of 东胜区 so every staff role sees it.
		for (const s of STATES)
			cases[s] = await caseIn(s, { party: { type: 'enterprise', enterprise_id: construction.id } });
	});

	test('every action from every state the table does not allow is 409; the case is unchanged', async () => {
		let tried = 0;
		for (const s of STATES) {
			const id = cases[s].id;
			const before = (await get('admin', id)).json;
			for (const a of ACTIONS) {
				if (T[a].from.includes(s))
					continue;
				const role = T[a].roles.includes('admin') ? 'admin' : 'reviewer';
				const r = await act(role, id, { action: a });
				assert.equal(r.status, 409, `${a} from ${s}: ${r.status} ${r.text}`);
				assert.equal(r.json.error.code, 'conflict');
				tried++;
			}
			const afterwards = (await get('admin', id)).json;
			assert.equal(afterwards.status, s);
			assert.equal(afterwards.events.length, before.events.length, `${s}: no event written`);
		}
		// 18 actions × 11 states, less the 31 allowed pairs of the table.
		assert.equal(tried, 18 * 11 - ACTIONS.reduce((n, a) => n + T[a].from.length, 0));
	});

	test('a role the table does not give the action is 403, in a state that allows it', async () => {
		// The examples of the brief first.
		const examples = [
			['inspector', 'decide', 'notified'],
			['inspector', 'review_approve', 'legal_review'],
			['reviewer', 'investigate', 'filed'],
			['district', 'review_approve', 'legal_review'],
			['department', 'close', 'executing'],
			['reviewer', 'notify', 'investigating'],
		];
		for (const [role, a, s] of examples) {
			const r = await act(role, cases[s].id, a === 'review_approve' ? { action: a, opinion: '同意' } : { action: a });
			assert.equal(r.status, 403, `${role} ${a} in ${s}: ${r.status} ${r.text}`);
			assert.equal(r.json.error.code, 'forbidden');
		}
		// Then every action × every role that may see the case but is not in the table.
		for (const a of ACTIONS) {
			const s = T[a].from.find((x) => cases[x]);
			for (const role of ['admin', 'city', 'district', 'department', 'inspector', 'reviewer', 'viewer']) {
				if (T[a].roles.includes(role))
					continue;
				const r = await act(role, cases[s].id, { action: a });
				assert.equal(r.status, 403, `${role} ${a} in ${s}: ${r.status} ${r.text}`);
			}
		}
		// The enterprise on a case of its own enterprise.
		const mine = await caseIn('investigating');
		const r = await act('enterprise', mine.id, { action: 'notify' });
		assert.equal(r.status, 403, r.text);
		// Nothing changed in the allowed states.
		for (const s of STATES)
			assert.equal((await get('admin', cases[s].id)).json.status, s);
	});

	test('an unknown action or a field the action does not take is 422', async () => {
		assert422(await act('admin', cases.filed.id, { action: 'approve' }), ['action'], undefined, 'unknown action');
		assert422(await act('admin', cases.filed.id, {}), ['action'], undefined, 'no action');
		assert422(await act('admin', cases.filed.id, { action: 'investigate', decided_on: '2025-03-03' }),
		    ['decided_on'], undefined, 'a field of another action');
		const none = await act('admin', 99999999, { action: 'investigate' });
		assert.equal(none.status, 404);
	});
});

// =====================================================================================
// 7. 法制审核 exactly when it must be (第58条), the thresholds, the settings
// =====================================================================================

describe('legal review', () => {
	/** A case in investigating with the penalties; notify from there: the answer. */
	async function notifyDirect(penalties, party, violations) {
		const c = await caseIn('investigating', { ...(party ? { party } : {}),
			violations: violations || [...new Set(penalties.map((p) => p.provision_id))].map((id) => viol(id)), penalties });
		return { c, r: await act('inspector', c.id, { action: 'notify', notified_on: D.notified }) };
	}
	const unitFine = (amount) => fine('AQSCF-99', 'initial', 'unit', amount);
	const person = { type: 'person', name: '刘某某', id_no: VALID_ID, address: '东胜区某街1号' };
	const personFine = (amount) => fine('AQSCF-104', 'initial', 'persons', amount, { target_name: '刘某某' });

	test('a unit fine of 2,999,999 fen is notified without review; 3,000,000 fen is 422 and needs review', async () => {
		const below = await notifyDirect([unitFine(UNIT_THRESHOLD - 1)]);
		assert.equal(below.r.status, 200, below.r.text);
		assert.equal(below.r.json.status, 'notified');
		assert.ok(!below.r.json.hearing_eligible);

		const at = await notifyDirect([unitFine(UNIT_THRESHOLD)]);
		assert422(at.r, ['action'], ['法制审核', '第五十八条'], '3万元 without review');
		const still = (await get('admin', at.c.id)).json;
		assert.equal(still.status, 'investigating', 'nothing changed');
		let c = await step('inspector', at.c.id, { action: 'submit_review' });
		assert.ok(c.review_required);
		c = await step('reviewer', c.id, pathBody('review_approve'));
		c = await step('inspector', c.id, { action: 'notify', notified_on: D.notified });
		assert.equal(c.status, 'notified');
		assert.ok(c.hearing_eligible, '较大数额: the party may ask for a hearing (第63条)');
	});

	test('while investigating, a heavy case is not offered notify (review is required first)', async () => {
		// docs/api.md: notify from investigating "when no review is required"; a 3万元 unit fine
		// requires one (第58条). `actions` should not offer what is refused.
		const c = await caseIn('investigating', { penalties: [unitFine(UNIT_THRESHOLD)] });
		await checkActions(c.id, true, ['admin', 'city', 'district', 'inspector']);
	});

	test('on an enterprise party each penalty has its own threshold: a person\'s 1万元 fine needs review beside a light unit fine', async () => {
		const persons = (amount) => fine('AQSCF-104', 'initial', 'persons', amount, { target_name: '赵安全' });
		const below = await notifyDirect([unitFine(LIGHT), persons(PERSON_THRESHOLD - 1)]);
		assert.equal(below.r.status, 200, below.r.text);
		const at = await notifyDirect([unitFine(LIGHT), persons(PERSON_THRESHOLD)]);
		assert422(at.r, ['action'], '法制审核', 'a person\'s 1万元 in an enterprise case');
	});

	test('a suspension (责令停产停业整顿) requires review', async () => {
		const s = await notifyDirect([{ kind: 'suspension', target: 'unit', provision_id: 'AQSCF-99', stage: 'serious' }]);
		assert422(s.r, ['action'], '法制审核', 'suspension without review');
	});

	test('a person party: 999,999 fen without review, 1,000,000 fen (个人 1万元) needs review', async () => {
		const below = await notifyDirect([personFine(PERSON_THRESHOLD - 1)], person);
		assert.equal(below.r.status, 200, below.r.text);
		const at = await notifyDirect([personFine(PERSON_THRESHOLD)], person);
		assert422(at.r, ['action'], '法制审核', 'a person\'s 1万元 without review');
	});

	test('changing the org\'s thresholds moves the boundary; a custom pattern changes the next number; bad settings are 422', async () => {
		const url = '/api/v1/orgs/3/case-settings';
		const defaults = (await api(srv.base, tok.district, 'GET', url)).json;
		assert.equal(defaults.number_pattern, '{org_abbr}应急罚〔{year}〕{seq}号');
		assert.equal(defaults.large_fine_unit_fen, UNIT_THRESHOLD);
		assert.equal(defaults.large_fine_person_fen, PERSON_THRESHOLD);
		assert.equal(defaults.customised, false);
		assert.equal((await api(srv.base, tok.enterprise, 'GET', url)).status, 403, 'not for enterprises');
		for (const role of ['inspector', 'reviewer', 'viewer', 'department'])
			assert.equal((await api(srv.base, tok[role], 'GET', url)).status, 200, `${role} reads the settings`);
		const put = (role, body, org = 3) => api(srv.base, tok[role], 'PUT', `/api/v1/orgs/${org}/case-settings`, body);
		const restore = { number_pattern: defaults.number_pattern, large_fine_unit_fen: UNIT_THRESHOLD,
			large_fine_person_fen: PERSON_THRESHOLD };
		try {
			// Validation.
			assert422(await put('district', { ...restore, number_pattern: '{org_abbr}罚〔{year}〕号' }),
			    ['number_pattern'], undefined, 'no {seq}');
			assert422(await put('district', { ...restore, number_pattern: '{org_abbr}罚〔{seq}〕号' }),
			    ['number_pattern'], undefined, 'no {year}');
			assert422(await put('district', { ...restore, number_pattern: '{org}罚〔{year}〕{seq}号' }),
			    ['number_pattern'], undefined, 'unknown placeholder');
			assert422(await put('district', { number_pattern: defaults.number_pattern, large_fine_unit_fen: 0,
				large_fine_person_fen: 1 }), ['large_fine_unit_fen'], undefined, 'zero threshold');
			assert422(await put('district', { number_pattern: defaults.number_pattern, large_fine_unit_fen: 1 }),
			    ['large_fine_person_fen'], undefined, 'missing person threshold');
			// Who: the district for its own org only, the city; not the inspector.
			assert.equal((await put('district', restore, 4)).status, 403, 'district → another org');
			assert.equal((await put('inspector', restore)).status, 403, 'inspector');
			assert.equal((await put('reviewer', restore)).status, 403, 'reviewer');

			// Thresholds 2万元 (unit) and 5000元 (person), set by the district.
			const r = await put('district', { number_pattern: defaults.number_pattern, large_fine_unit_fen: 2000000,
				large_fine_person_fen: 500000 });
			assert.equal(r.status, 200, r.text);
			assert.equal(r.json.customised, true);
			assert.equal(r.json.large_fine_unit_fen, 2000000);
			const u1 = await notifyDirect([unitFine(1999999)]);
			assert.equal(u1.r.status, 200, u1.r.text);
			const u2 = await notifyDirect([unitFine(2000000)]);
			assert422(u2.r, ['action'], '法制审核', 'unit 2万元 under the new threshold');
			const p1 = await notifyDirect([personFine(499999)], person);
			assert.equal(p1.r.status, 200, p1.r.text);
			const p2 = await notifyDirect([personFine(500000)], person);
			assert422(p2.r, ['action'], '法制审核', 'person 5000元 under the new threshold');
			// The old boundary no longer needs review the other way round: raised by the city.
			const up = await put('city', { number_pattern: defaults.number_pattern, large_fine_unit_fen: 5000001,
				large_fine_person_fen: 3000001 });
			assert.equal(up.status, 200, up.text);
			const u3 = await notifyDirect([unitFine(5000000)]);
			assert.equal(u3.r.status, 200, `5万元 below a 50000.01元 threshold: ${u3.r.text}`);
			assert.ok(!u3.r.json.hearing_eligible);

			// A custom pattern: the next number of 2020 (used by no other test) follows it.
			const pat = await put('district', { ...restore, number_pattern: '东胜应急罚字〔{year}〕第{seq3}号' });
			assert.equal(pat.status, 200, pat.text);
			const n1 = await file('inspector', caseBody({ filed_on: '2020-08-03' }));
			assert.equal(n1.number, '东胜应急罚字〔2020〕第001号');
			const pat2 = await put('district', { ...restore, number_pattern: '{org_name}罚〔{year}〕{seq}号' });
			assert.equal(pat2.status, 200, pat2.text);
			const n2 = await file('inspector', caseBody({ filed_on: '2020-08-04' }));
			assert.equal(n2.number, '东胜区应急管理局罚〔2020〕2号');
			// The change is audited.
			const audit = await api(srv.base, tok.admin, 'GET', '/api/v1/audit', undefined,
			    { query: { entity: 'case_settings', entity_id: 3, limit: 50 } });
			assert.equal(audit.status, 200, audit.text);
			assert.ok(audit.json.total >= 4, 'each change is audited');
		} finally {
			const back = await put('city', restore);
			assert.equal(back.status, 200, back.text);
		}
		const n3 = await file('inspector', caseBody({ filed_on: '2020-08-05' }));
		assert.equal(n3.number, '东胜区应急局应急罚〔2020〕3号');
	});
});

// =====================================================================================
// 8. Deadlines across weekends and holidays (第85条: 5 and 7 days are working days)
// =====================================================================================

describe('deadlines', () => {
	/** A heavy case reviewed and notified on `notified_on`. */
	async function heavyNotified(filed_on, notified_on) {
		let c = await caseIn('legal_review', { filed_on, penalties: [fine('AQSCF-99', 'initial', 'unit', HEAVY)] });
		c = await step('reviewer', c.id, pathBody('review_approve'));
		return step('inspector', c.id, { action: 'notify', notified_on });
	}

	test('hearing request: notice Friday 2024-03-01 → the 5th working day is Friday 2024-03-08; the day after is 422 naming it', async () => {
		// 2–3 March are the weekend; 4, 5, 6, 7, 8 March are working days (no holiday in March 2024).
		const a = await heavyNotified('2024-02-26', '2024-03-01');
		assert.equal(a.deadlines.hearing_request_by, '2024-03-08');
		assert.equal(a.deadlines.calendar_fallback, false);
		assert.equal(a.deadlines.calendar_note, undefined);
		assert422(await act('inspector', a.id, { action: 'request_hearing', requested_on: '2024-03-09' }),
		    ['requested_on'], '2024-03-08', 'one day late');
		assert422(await act('inspector', a.id, { action: 'request_hearing', requested_on: '2024-02-29' }),
		    ['requested_on'], undefined, 'before the notice');
		const ok = await step('inspector', a.id, { action: 'request_hearing', requested_on: '2024-03-08' });
		assert.equal(ok.status, 'hearing');
		assert.equal(ok.hearing_requested_on, '2024-03-08');
	});

	test('hearing request across National Day 2024: notice 2024-09-30 → 2024-10-12 (a worked Saturday); deciding inside the window is 422, the day after 200', async () => {
		// cn_holidays.json 2024: off 10-01…10-07, work 10-12 (Saturday). After Monday 30 September:
		// 8, 9, 10, 11 October (4) and Saturday 12 October (5).
		const c = await heavyNotified('2024-09-02', '2024-09-30');
		assert.equal(c.deadlines.hearing_request_by, '2024-10-12');
		assert422(await act('inspector', c.id, { action: 'request_hearing', requested_on: '2024-10-13' }),
		    ['requested_on'], '2024-10-12', 'one day after the limit');
		// No waiver, a heavy penalty: the decision waits out the request period (第64条).
		assert422(await act('district', c.id, { action: 'decide', decided_on: '2024-10-12' }), ['decided_on'],
		    '2024-10-12', 'decided on the last day of the window');
		assert422(await act('district', c.id, { action: 'decide', decided_on: '2024-10-08' }), ['decided_on'],
		    undefined, 'decided inside the window');
		const d = await step('district', c.id, { action: 'decide', decided_on: '2024-10-13' });
		assert.equal(d.status, 'decided');
		assert.equal(d.decided_on, '2024-10-13');
	});

	test('hearing scheduling across Spring Festival 2025: notice Friday 2025-01-24 → earliest hearing Monday 2025-02-10', async () => {
		// cn_holidays.json 2025: off 01-28…02-04, work Sunday 01-26 and Saturday 02-08.
		// Request period after Monday 2025-01-20: 21, 22, 23, 24 January and Sunday 26 January (worked).
		let c = await heavyNotified('2025-01-02', '2025-01-20');
		assert.equal(c.deadlines.hearing_request_by, '2025-01-26');
		c = await step('inspector', c.id, { action: 'request_hearing', requested_on: '2025-01-22' });
		// Hearing notice Friday 24 January: 26 (Sun, worked) 1, 27 (Mon) 2, [28 Jan – 4 Feb off],
		// 5 Feb 3, 6 Feb 4, 7 Feb 5, 8 Feb (Sat, worked) 6, 10 Feb (Mon) 7.
		assert422(await act('inspector', c.id, { action: 'schedule_hearing', notified_on: '2025-01-24',
			hearing_on: '2025-02-09', place: '听证室' }), ['hearing_on'], '2025-02-10', 'one day early');
		assert422(await act('inspector', c.id, { action: 'schedule_hearing', notified_on: '2025-01-21',
			hearing_on: '2025-02-10', place: '听证室' }), ['notified_on'], undefined, 'notice before the request');
		c = await step('inspector', c.id, { action: 'schedule_hearing', notified_on: '2025-01-24',
			hearing_on: '2025-02-10', place: '听证室' });
		assert.equal(c.hearing_on, '2025-02-10');
		assert.equal(c.deadlines.hearing_earliest, '2025-02-10');
	});

	test('a hearing not held yet cannot be recorded', async () => {
		let c = await heavyNotified(addDays(TODAY, -20), addDays(TODAY, -10));
		c = await step('inspector', c.id, { action: 'request_hearing', requested_on: addDays(TODAY, -9) });
		c = await step('inspector', c.id, { action: 'schedule_hearing', notified_on: addDays(TODAY, -9),
			hearing_on: addDays(TODAY, 60), place: '听证室' });
		assert422(await act('inspector', c.id, { action: 'record_hearing', record: '笔录' }), ['action'],
		    undefined, 'record before the hearing date');
	});

	test('service: decided Friday 2024-09-27 → due 2024-10-12 across National Day; served later needs a note; payment 15 natural days after service', async () => {
		// After Friday 27 September: Sunday 29 (worked) 1, Monday 30 2, [1–7 Oct off], 8 3, 9 4, 10 5,
		// 11 6, Saturday 12 (worked) 7.
		let c = await caseIn('investigating', { filed_on: '2024-09-02' });
		c = await step('inspector', c.id, { action: 'notify', notified_on: '2024-09-20' });
		c = await step('district', c.id, { action: 'decide', decided_on: '2024-09-27' });
		assert.equal(c.deadlines.service_due, '2024-10-12');
		assert.equal(c.deadlines.service_overdue, true, 'long past');
		assert422(await act('inspector', c.id, { action: 'serve', served_on: '2024-10-13', method: '邮寄' }),
		    ['note'], '2024-10-12', 'late service without a note');
		assert422(await act('inspector', c.id, { action: 'serve', served_on: '2024-09-26' }),
		    ['served_on'], undefined, 'served before the decision');
		c = await step('inspector', c.id, { action: 'serve', served_on: '2024-10-13', method: '邮寄',
			note: '当事人下落不明, 公告送达' });
		assert.equal(c.status, 'executing');
		assert.equal(c.deadlines.service_late, true);
		assert.equal(c.events.at(-1).data.late, true);
		// 2024-10-13 + 15 natural days.
		assert.equal(c.deadlines.payment_due, '2024-10-28');
		// Served on the last day instead needs no note (another case).
		let d = await caseIn('investigating', { filed_on: '2024-09-02' });
		d = await step('inspector', d.id, { action: 'notify', notified_on: '2024-09-20' });
		d = await step('district', d.id, { action: 'decide', decided_on: '2024-09-27' });
		d = await step('inspector', d.id, { action: 'serve', served_on: '2024-10-12', method: '直接送达' });
		assert.equal(d.deadlines.service_late, false);
		assert.equal(d.events.at(-1).data.late, false);
		// 9. An unpaid fine served long ago: the late fee is capped at the fine (第72条).
		const p = c.penalties[0];
		assert.equal(p.amount_fen, LIGHT);
		assert.equal(p.executed_on, null);
		assert.equal(p.late_days, daysBetween('2024-10-28', TODAY));
		assert.equal(p.late_fee_fen, LIGHT, 'capped at the fine');
	});

	test('decision_due is filing + 90 natural days, plus each extension; extend validates days and reason', async () => {
		// 2024-03-01 + 90 days = 2024-05-30 (March 31, April 30, then 29 more days into May... 30).
		let c = await caseIn('investigating', { filed_on: '2024-03-01' });
		assert.equal(c.deadlines.decision_due, '2024-05-30');
		assert.equal(c.deadlines.decision_overdue, true);
		assert.equal(c.deadlines.decision_days_left, daysBetween(TODAY, '2024-05-30'));
		assert422(await act('district', c.id, { action: 'extend', days: 10 }), ['reason'], undefined, 'no reason');
		assert422(await act('district', c.id, { action: 'extend', days: 0, reason: '案情复杂' }), ['days'], undefined, '0 days');
		assert422(await act('district', c.id, { action: 'extend', days: 91, reason: '案情复杂' }), ['days'], undefined, '91 days');
		assert422(await act('district', c.id, { action: 'extend', reason: '案情复杂' }), ['days'], undefined, 'no days');
		assert.equal((await act('inspector', c.id, { action: 'extend', days: 10, reason: '案情复杂' })).status, 403);
		c = await step('district', c.id, { action: 'extend', days: 10, reason: '案情复杂, 经负责人批准' });
		assert.equal(c.deadlines.decision_due, '2024-06-09');
		c = await step('city', c.id, { action: 'extend', days: 5, reason: '需要鉴定' });
		assert.equal(c.deadlines.decision_due, '2024-06-14');
		assert.equal(c.events.at(-1).data.days, 5);
		// The list shows the same due date and flags it overdue.
		const l = await listAll(srv.base, tok.district, '/api/v1/cases', { overdue: 'true' });
		const row = l.items.find((x) => x.id === c.id);
		assert.ok(row, 'listed as overdue');
		assert.equal(row.decision_due, '2024-06-14');
		// Decided after it: decided_late.
		c = await step('inspector', c.id, { action: 'notify', notified_on: '2024-06-03' });
		c = await step('district', c.id, { action: 'decide', decided_on: '2024-06-15' });
		assert.equal(c.deadlines.decided_late, true);
		assert.equal(c.deadlines.decision_overdue, undefined, 'no longer before the decision');
		let onTime = await caseIn('investigating', { filed_on: '2024-03-01' });
		onTime = await step('inspector', onTime.id, { action: 'notify', notified_on: '2024-05-27' });
		onTime = await step('district', onTime.id, { action: 'decide', decided_on: '2024-05-30' });
		assert.equal(onTime.deadlines.decided_late, false, 'on the 90th day is in time');
	});

	test('a case of 2019 (no holiday data) falls back to weekends and says so; covered years do not', async () => {
		// Monday 2019-06-17 + 7 weekdays: 18, 19, 20, 21, 24, 25, 26 June.
		let c = await caseIn('investigating', { filed_on: '2019-06-03' });
		c = await step('inspector', c.id, { action: 'notify', notified_on: '2019-06-10' });
		assert.equal(c.deadlines.calendar_fallback, false, 'nothing counted in working days yet');
		c = await step('district', c.id, { action: 'decide', decided_on: '2019-06-17' });
		assert.equal(c.deadlines.service_due, '2019-06-26');
		assert.equal(c.deadlines.calendar_fallback, true);
		assert.equal(typeof c.deadlines.calendar_note, 'string');
		assert.match(c.deadlines.calendar_note, /2020/);
		assert.match(c.deadlines.calendar_note, /2026/);
		c = await step('inspector', c.id, { action: 'serve', served_on: '2019-06-20' });
		assert.equal(c.events.at(-1).data.calendar_fallback, true, 'the serve event notes the fallback');
		assert.equal(c.number, `东胜区应急局应急罚〔2019〕${c.seq}号`);

		let d = await caseIn('investigating', { filed_on: '2024-09-02' });
		d = await step('inspector', d.id, { action: 'notify', notified_on: '2024-09-20' });
		d = await step('district', d.id, { action: 'decide', decided_on: '2024-09-27' });
		assert.equal(d.deadlines.calendar_fallback, false);
		assert.equal(d.deadlines.calendar_note, undefined);
	});
});

// =====================================================================================
// 9. The late fee (第72条: 3 % of the fine a day after payment_due, at most the fine)
// =====================================================================================

test('late fee: on time 0; one day 3 %; ten days 30 %; forty days the fine itself; paid_fen below the fine is 422', async () => {
	// Four light fines (none from the thresholds up): unit 2万元 under 第99条, persons under 第104条
	// (5000元), 第105条 (8000元) and 第103条第二款 (9000元).
	let c = await caseIn('investigating', {
		filed_on: '2024-09-02',
		violations: [viol('AQSCF-99'), viol('AQSCF-104'), viol('AQSCF-105'), viol('AQSCF-103-2')],
		penalties: [
			fine('AQSCF-99', 'initial', 'unit', 2000000),
			fine('AQSCF-104', 'initial', 'persons', 500000, { target_name: '王某' }),
			fine('AQSCF-105', 'initial', 'persons', 800000, { target_name: '赵某' }),
			fine('AQSCF-103-2', 'initial', 'persons', 900000, { target_name: '钱某' }),
		],
	});
	c = await step('inspector', c.id, { action: 'notify', notified_on: '2024-09-20' });
	assert.ok(!c.hearing_eligible);
	c = await step('district', c.id, { action: 'decide', decided_on: '2024-09-27' });
	c = await step('inspector', c.id, { action: 'serve', served_on: '2024-09-30', method: '直接送达' });
	// 2024-09-30 + 15 = 2024-10-15.
	assert.equal(c.deadlines.payment_due, '2024-10-15');
	const [a, b, d, e] = c.penalties;

	assert422(await act('inspector', c.id, { action: 'execute', penalty_id: a.id, executed_on: '2024-10-15', paid_fen: 1999999 }),
	    ['paid_fen'], undefined, 'paid one fen short');
	assert422(await act('inspector', c.id, { action: 'execute', penalty_id: a.id, executed_on: '2024-10-15' }),
	    ['paid_fen'], undefined, 'no paid_fen');
	assert422(await act('inspector', c.id, { action: 'execute', penalty_id: a.id, executed_on: '2024-09-29', paid_fen: 2000000 }),
	    ['executed_on'], undefined, 'executed before service');
	assert422(await act('inspector', c.id, { action: 'execute', penalty_id: 99999999, executed_on: '2024-10-15', paid_fen: 2000000 }),
	    ['penalty_id'], undefined, 'not a penalty of the case');

	const exec = async (p, on, paid) => {
		const r = await step('inspector', c.id, { action: 'execute', penalty_id: p.id, executed_on: on, paid_fen: paid });
		return { c: r, ev: r.events.at(-1) };
	};
	// On payment_due itself: not late.
	let x = await exec(a, '2024-10-15', 2000000);
	assert.equal(x.ev.data.late_fee_fen, 0);
	assert.equal(x.ev.data.late_days, 0);
	// One day late: 3 % of 5000元 = 150元 = 15,000 fen.
	x = await exec(b, '2024-10-16', 500000);
	assert.equal(x.ev.data.late_fee_fen, 15000);
	assert.equal(x.ev.data.late_days, 1);
	// Ten days late: 30 % of 8000元 = 2400元 = 240,000 fen.
	x = await exec(d, '2024-10-25', 800000);
	assert.equal(x.ev.data.late_fee_fen, 240000);
	assert.equal(x.ev.data.late_days, 10);
	// Forty days late: 120 % would exceed the fine; the fee is the fine, 9000元.
	x = await exec(e, '2024-11-24', 900000);
	assert.equal(x.ev.data.late_fee_fen, 900000);
	assert.equal(x.ev.data.late_days, 40);
	// A penalty executed twice is refused.
	assert422(await act('inspector', c.id, { action: 'execute', penalty_id: a.id, executed_on: '2024-10-15', paid_fen: 2000000 }),
	    ['penalty_id'], undefined, 'executed again');

	// GET shows each fine's fee as of its execution.
	const g = (await get('district', c.id)).json;
	assert.deepEqual(g.penalties.map((p) => [p.late_fee_fen, p.late_days, p.executed_on, p.paid_fen]), [
		[0, 0, '2024-10-15', 2000000],
		[15000, 1, '2024-10-16', 500000],
		[240000, 10, '2024-10-25', 800000],
		[900000, 40, '2024-11-24', 900000],
	]);
	c = await step('district', c.id, { action: 'close', closed_on: '2024-11-25' });
	assert.equal(c.status, 'closed');
	// Every transition audited.
	const rows = await auditOf('city', c.id);
	assert.deepEqual(rows.slice(1).map((r) => r.changes.action), c.events.slice(1).map((ev) => ev.action));
	assert.deepEqual(c.events.map((ev) => ev.action), ['file', 'investigate', 'notify', 'decide', 'serve',
		'execute', 'execute', 'execute', 'execute', 'close']);
});

// =====================================================================================
// 10. Audit of every transition, also the exits
// =====================================================================================

test('every transition, exits included, is in /audit?entity=case&entity_id=N with its action; refusals are not', async () => {
	let c = await caseIn('investigating');
	await act('inspector', c.id, { action: 'decide' });		// 403
	await act('admin', c.id, { action: 'close' });			// 409
	await act('district', c.id, { action: 'extend', days: 0 });	// 422
	c = await step('district', c.id, { action: 'extend', days: 30, reason: '案情复杂' });
	c = await step('district', c.id, { action: 'transfer', reason: '涉嫌犯罪', transferred_to: '公安机关' });
	const rows = await auditOf('admin', c.id);
	assert.deepEqual(rows.map((r) => [r.action, r.changes.action ?? null]), [
		['create', null], ['transition', 'investigate'], ['transition', 'extend'], ['transition', 'transfer'],
	]);
	assert.equal(rows.at(-1).changes.note, '涉嫌犯罪');
	assert.deepEqual(rows.at(-1).changes.status, ['investigating', 'transferred']);
	// The audit names the account (its username), the events its display name.
	assert.equal(rows[1].actor_name, USERS.inspector);
	assert.equal(rows[3].actor_name, USERS.district);
	assert.deepEqual((await auditOf('city', c.id)).map((r) => r.id), rows.map((r) => r.id));
});

test('a required member given as null is 422 naming it, never a stored null or a garbage number', async () => {
	await refusedFiling('inspector', caseBody({ source: null }), ['source'], undefined, 'source null');
	await refusedFiling('inspector', caseBody({ party: { type: 'enterprise', enterprise_id: null } }),
	    ['party.enterprise_id'], undefined, 'enterprise_id null');
	await refusedFiling('inspector', caseBody({ party: { type: null, enterprise_id: own.id } }),
	    ['party.type'], undefined, 'party type null');
	const c = await file('inspector', caseBody());
	const before = await get('city', c.id);
	assert422(await act('district', c.id, { action: 'extend', days: null, reason: '案情复杂' }),
	    ['days'], undefined, 'extend days null');
	const after = await get('city', c.id);
	assert.equal(after.json.extension_days, 0);
	assert.equal(after.json.deadlines.decision_due, before.json.deadlines.decision_due);
	// Flags are booleans and instants RFC 3339, as everywhere in the API.
	for (const k of ['review_required', 'hearing_eligible', 'rights_waived'])
		assert.equal(typeof after.json[k], 'boolean', k);
	assert.match(after.json.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$/);
});
