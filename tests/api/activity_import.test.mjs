// `anjian import activities FILE.csv [--dry-run]`: a bureau's register of publicity and
// training (宣传培训台账) comes in all rows or none, each row checked as the API checks a
// POST; problems are reported by spreadsheet row and column label; the import is one audit
// row with the file's SHA-256 and the ids it created.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
	api, DEMO, listAll, login, makeUscc, runCli, startServer, tmpDir, uniq, USERS,
} from '../lib/server.mjs';

let srv, admin, work;
let e1, k1;	// enterprises of 东胜区 and 康巴什区

const HEADER = ['活动类型', '活动日期', '地区', '组织单位', '活动名称', '场次', '人次', '五进对象',
	'活动内容', '覆盖企业', '关联检查'];

function row(cells) {
	return HEADER.map((h) => cells[h] ?? '');
}

function writeCsv(name, header, rows, { bom = true, eol = '\r\n' } = {}) {
	const q = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
	const p = path.join(work, name);
	fs.writeFileSync(p, (bom ? '\ufeff' : '') +
	    [header, ...rows].map((r) => r.map(q).join(',')).join(eol) + eol);
	return p;
}

async function activityTotal() {
	const r = await api(srv.base, admin, 'GET', '/api/v1/activities?voided=all&limit=1');
	assert.equal(r.status, 200, r.text);
	return r.json.total;
}

async function audit(query = {}) {
	const r = await api(srv.base, admin, 'GET', '/api/v1/audit', undefined,
	    { query: { limit: 500, ...query } });
	assert.equal(r.status, 200, r.text);
	return r.json;
}

before(async () => {
	srv = await startServer();
	admin = await login(srv.base, USERS.admin);
	work = tmpDir('anjian-activity-import-');
	const ents = (await listAll(srv.base, admin, '/api/v1/enterprises')).items
	    .filter((e) => e.status === 'active');
	e1 = ents.find((e) => e.region_code.startsWith(DEMO.district));
	k1 = ents.find((e) => e.region_code.startsWith(DEMO.otherDistrict));
	assert.ok(e1 && k1);
	assert.equal(await activityTotal(), 0, 'a fresh database');
});

after(async () => {
	await srv?.stop();
});

const tag = uniq();
const T = (s) => `${s}${tag}`;
const goodRows = () => [
	// Labels, a date as Excel writes it, a region by name, a count with a separator, two
	// covered enterprises (one by a lower-case code) separated by a full-width semicolon.
	row({ 活动类型: '安全生产宣讲', 活动日期: '2023/3/5', 地区: '东胜区', 组织单位: '东胜区应急管理局',
		活动名称: T('宣讲进企业'), 场次: '2', 人次: '1,200',
		覆盖企业: `${e1.uscc}；${k1.uscc.toLowerCase()}` }),
	// 五进 by codes; the target by an other name; a quoted cell with a line break.
	row({ 活动类型: 'five_into', 活动日期: '2023-04-01', 地区: '150603', 组织单位: '鄂尔多斯市应急管理局',
		活动名称: T('五进学校'), 人次: '300', 五进对象: '进学校', 活动内容: '应急疏散,\n"演练"' }),
	// No region: the organiser's; no 场次: 1.
	row({ 活动类型: '重点领域企业负责人培训', 活动日期: '2023年5月6日', 组织单位: '鄂尔多斯市应急管理局',
		活动名称: T('负责人培训'), 人次: '85' }),
];

test('a file with one bad row imports none and reports its row and column (exit 1)', async () => {
	const rows = [
		...goodRows(),								// 2, 3, 4
		row({ 活动类型: '宣讲', 活动日期: '2023-06-01', 组织单位: '鄂尔多斯市应急管理局',
			活动名称: T('零场次'), 场次: '0', 人次: '10' }),			// 5
	];
	const file = writeCsv('one-bad.csv', HEADER, rows);
	const before = (await audit()).total;
	const r = await runCli(['import', 'activities', file, '--db', srv.dbPath]);
	assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
	assert.match(r.stderr, /第 5 行 场次: 应为正整数/);
	for (const n of [2, 3, 4])
		assert.doesNotMatch(r.stderr, new RegExp(`第 ${n} 行`), `row ${n} is good`);
	assert.match(r.stderr, /没有写入任何数据（1 处问题）/);
	assert.equal(await activityTotal(), 0, 'no row written');
	assert.equal((await audit()).total, before, 'nothing audited');
});

test('each kind of problem is reported by row and column label', async () => {
	const base = { 活动类型: '宣讲', 活动日期: '2023-06-01', 组织单位: '鄂尔多斯市应急管理局',
		活动名称: T('有问题'), 人次: '10' };
	const file = writeCsv('bad.csv', [...HEADER, '未知列'], [
		row({ ...base, 活动日期: '2099-01-01' }),				// 2 future
		row({ ...base, 活动类型: '五进' }),					// 3 no target
		row({ ...base, 五进对象: '社区' }),					// 4 target on 宣讲
		row({ ...base, 关联检查: '1' }),						// 5 inspections
		row({ ...base, 地区: '无此地' }),					// 6 region name
		row({ ...base, 组织单位: '没有的局' }),				// 7 org
		row({ ...base, 覆盖企业: makeUscc('150602') }),			// 8 enterprise
		row({ ...base, 活动类型: '特别活动' }),				// 9 kind
		row({ ...base, 人次: '' }),						// 10 required
		row({ ...base, 活动日期: '2023-02-30' }),				// 11 no such day
		row({ ...base, 地区: '150603', 组织单位: '东胜区应急管理局' }),	// 12 outside the org
	].map((x) => [...x, '']));
	const r = await runCli(['import', 'activities', file, '--db', srv.dbPath]);
	assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
	const out = r.stderr;
	assert.match(out, /第 1 行 未知列: 未知的列/);
	assert.match(out, /第 2 行 活动日期: 不能晚于今天/);
	assert.match(out, /第 3 行 五进对象: 五进活动必填/);
	assert.match(out, /第 4 行 五进对象: 只有五进活动填写对象/);
	assert.match(out, /第 5 行 关联检查: 只有进门入户送安全活动关联检查记录/);
	assert.match(out, /第 6 行 地区: 没有该名称的地区/);
	assert.match(out, /第 7 行 组织单位: 没有该名称的机关/);
	assert.match(out, /第 8 行 覆盖企业: 没有统一社会信用代码为 \w+ 的企业/);
	assert.match(out, /第 9 行 活动类型: 应为活动类型/);
	assert.match(out, /第 10 行 人次: 必填/);
	assert.match(out, /第 11 行 活动日期: 应为日期/);
	assert.match(out, /第 12 行 地区: 该地区不在组织单位（东胜区应急管理局）的辖区内/);
	assert.equal(await activityTotal(), 0);
});

test('a file without a required column is refused naming it in row 1', async () => {
	const header = HEADER.filter((h) => h !== '人次');
	const file = writeCsv('nocol.csv', header, [['宣讲', '2023-06-01', '', '鄂尔多斯市应急管理局',
		'标题', '', '', '', '', '']]);
	const r = await runCli(['import', 'activities', file, '--db', srv.dbPath]);
	assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
	assert.match(r.stderr, /第 1 行 人次: 缺少必需的列/);
	assert.equal(await activityTotal(), 0);
});

test('--dry-run of a good file → exit 0, "检查通过", nothing written', async () => {
	const file = writeCsv('good.csv', HEADER, goodRows());
	const before = (await audit()).total;
	const r = await runCli(['import', 'activities', file, '--dry-run', '--db', srv.dbPath]);
	assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
	assert.match(r.stdout, /检查通过：3 行可导入（未写入）/);
	assert.equal(await activityTotal(), 0);
	assert.equal((await audit()).total, before);
});

test('a good file imports every row, audited once with its SHA-256 and the ids', async () => {
	const file = writeCsv('good.csv', HEADER, goodRows());
	const r = await runCli(['import', 'activities', file, '--db', srv.dbPath]);
	assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
	assert.match(r.stdout, /已导入 3 条宣传培训活动/);
	const { items, total } = await listAll(srv.base, admin, '/api/v1/activities');
	assert.equal(total, 3);
	const by = Object.fromEntries(items.map((a) => [a.title, a]));

	const lecture = by[T('宣讲进企业')];
	assert.equal(lecture.kind, 'lecture');
	assert.equal(lecture.date, '2023-03-05');
	assert.equal(lecture.region_code, DEMO.district);
	assert.equal(lecture.organiser_org_name, '东胜区应急管理局');
	assert.equal(lecture.sessions, 2);
	assert.equal(lecture.participants, 1200);
	assert.equal(lecture.enterprise_count, 2);
	const d = await api(srv.base, admin, 'GET', `/api/v1/activities/${lecture.id}`);
	assert.deepEqual(d.json.enterprises.map((e) => e.id).sort((a, b) => a - b),
	    [e1.id, k1.id].sort((a, b) => a - b));

	const five = by[T('五进学校')];
	assert.equal(five.kind, 'five_into');
	assert.equal(five.target, 'school');
	assert.equal(five.region_code, DEMO.otherDistrict);
	assert.equal(five.description, '应急疏散, "演练"', 'a line break becomes a space');
	assert.equal(five.sessions, 1);

	const training = by[T('负责人培训')];
	assert.equal(training.kind, 'principal_training');
	assert.equal(training.date, '2023-05-06');
	assert.equal(training.region_code, DEMO.city, "the organiser's region");

	const rows = (await audit({ entity: 'activity' })).items;
	assert.equal(rows.length, 1, 'one audit row for the import, none per row');
	assert.equal(rows[0].action, 'import');
	const ids = items.map((a) => a.id).sort((a, b) => a - b);
	assert.deepEqual(rows[0].changes, {
		file_sha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
		rows: 3, first_id: ids[0], last_id: ids[2], sessions: 4, participants: 1585,
	});

	const s = await api(srv.base, admin, 'GET', '/api/v1/stats/activities', undefined,
	    { query: { from: '2023-01-01', to: '2023-12-31' } });
	assert.equal(s.status, 200, s.text);
	assert.deepEqual(s.json.total, { key: 'total', label: '合计', activities: 3, sessions: 4,
		participants: 1585, enterprises: 2, inspections: 0 });
});
