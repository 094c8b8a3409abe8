// `anjian import hazards FILE.csv [--dry-run]`: a bureau's Excel hazard ledger (隐患台账)
// comes in all rows or none, each row created as the API creates a hazard and moved to the
// status the ledger gives; problems are reported by spreadsheet row and column label.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
	api, freshDb, listAll, login, makeUscc, runCli, startServer, tmpDir, uniq, USERS,
} from '../lib/server.mjs';

let srv;
let admin;
let work;
let chem;	// a demo enterprise of the chemical sector (its standard has no end date)
let other;	// another demo enterprise
let item;	// a citable item of the chemical standard

const HEADER = ['统一社会信用代码', '隐患来源', '发现日期', '隐患描述', '隐患部位', '隐患类别',
	'隐患等级', '判定标准条目', '整改期限', '整改责任人', '整改措施', '整改资金（元）', '应急预案',
	'状态', '销号日期'];

/** A ledger row by column label; unset columns are empty. */
function row(cells) {
	return HEADER.map((h) => cells[h] ?? '');
}

function writeCsv(name, header, rows, { bom = true, eol = '\r\n' } = {}) {
	const q = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
	const p = path.join(work, name);
	const text = [header, ...rows].map((r) => r.map(q).join(',')).join(eol) + eol;
	fs.writeFileSync(p, (bom ? '\ufeff' : '') + text);
	return p;
}

async function hazardTotal(base = srv.base, token = admin) {
	const r = await api(base, token, 'GET', '/api/v1/hazards?status=all&limit=1');
	assert.equal(r.status, 200, r.text);
	return r.json.total;
}

async function auditTotal(query = {}) {
	const r = await api(srv.base, admin, 'GET', '/api/v1/audit', undefined,
	    { query: { limit: 500, ...query } });
	assert.equal(r.status, 200, r.text);
	return r.json;
}

const byDescription = (items) => Object.fromEntries(items.map((h) => [h.description, h]));

before(async () => {
	srv = await startServer();
	admin = await login(srv.base, USERS.admin);
	work = tmpDir('anjian-hazard-import-');
	const ents = (await listAll(srv.base, admin, '/api/v1/enterprises')).items;
	chem = ents.find((e) => e.sector === 'chemical');
	other = ents.find((e) => e.sector !== 'chemical');
	assert.ok(chem && other, 'demo enterprises');
	const r = await api(srv.base, admin, 'GET', '/api/v1/standard-items', undefined,
	    { query: { sector: 'chemical', citable: 'true', on: '2024-05-06', limit: 1 } });
	assert.equal(r.status, 200, r.text);
	item = r.json.items[0];
	assert.ok(item, 'a citable chemical item');
	assert.equal(await hazardTotal(), 0, 'a fresh database');
});

after(async () => {
	await srv?.stop();
});

// ---- refusals: nothing written ----

test('bad rows and an unknown column → exit 1, each problem by row and column label, nothing written', async () => {
	const good = (over = {}) => row({ 统一社会信用代码: chem.uscc, 隐患来源: '企业自查',
		发现日期: '2024-03-05', 隐患描述: `好的一行${uniq()}`, 隐患等级: '一般隐患', ...over });
	// Rows as Excel numbers them: header 1, then 2, 3, …
	const rows = [
		good(),							// 2
		good({ 统一社会信用代码: makeUscc('150602') }),		// 3 unknown enterprise
		good({ 隐患等级: '重大事故隐患' }),			// 4 major without its item
		good({ 状态: '已销号' }),					// 5 closed without 销号日期
		good({ 发现日期: '2024-02-30' }),				// 6 no such day
		good({ 隐患等级: '特别重大' }),				// 7 not a level
		good(),							// 8
	];
	const file = writeCsv('bad.csv', [...HEADER, '备注'], rows.map((r) => [...r, '']));
	const auditBefore = (await auditTotal()).total;

	const r = await runCli(['import', 'hazards', file, '--db', srv.dbPath]);
	assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
	const out = r.stderr;
	assert.match(out, /第 1 行 备注: 未知的列/);
	assert.match(out, /第 3 行 统一社会信用代码: 没有该统一社会信用代码的企业/);
	assert.match(out, /第 4 行 判定标准条目: 重大事故隐患须引用判定标准条目/);
	assert.match(out, /第 5 行 销号日期: 状态为 已销号 时必填/);
	assert.match(out, /第 6 行 发现日期: 应为日期/);
	assert.match(out, /第 7 行 隐患等级: 应为 一般隐患 或 重大事故隐患/);
	for (const n of [2, 8])
		assert.doesNotMatch(out, new RegExp(`第 ${n} 行`), `row ${n} is good`);
	assert.match(out, /没有写入任何数据（6 处问题）/);
	assert.equal(await hazardTotal(), 0, 'no row written');
	assert.equal((await auditTotal()).total, auditBefore, 'nothing audited');
});

test('a file without a required column is refused naming the column in row 1 (exit 1)', async () => {
	const header = HEADER.filter((h) => h !== '隐患描述');
	const file = writeCsv('nocol.csv', header,
	    [[chem.uscc, '企业自查', '2024-03-05', '', '', '一般隐患', '', '', '', '', '', '', '', '']]);
	const r = await runCli(['import', 'hazards', file, '--db', srv.dbPath]);
	assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
	assert.match(r.stderr, /第 1 行 隐患描述: 缺少必需的列/);
	assert.doesNotMatch(r.stderr, /第 2 行/, 'rows are not checked against a header missing a column');
	assert.equal(await hazardTotal(), 0);
});

test('a major hazard past 已登记 without its five-part plan, and 销号日期 that does not fit, are refused', async () => {
	const base = { 统一社会信用代码: chem.uscc, 隐患来源: '政府检查', 发现日期: '2024-05-06',
		隐患等级: '重大事故隐患', 判定标准条目: String(item.id) };
	const file = writeCsv('plan.csv', HEADER, [
		row({ ...base, 隐患描述: `无方案${uniq()}`, 状态: '整改中', 整改措施: '停产整改' }),
		row({ ...base, 隐患等级: '一般', 判定标准条目: '', 隐患描述: `早于发现${uniq()}`,
			状态: '已销号', 销号日期: '2024-05-01' }),
		row({ ...base, 隐患等级: '一般', 判定标准条目: '', 隐患描述: `未来销号${uniq()}`,
			状态: '已销号', 销号日期: '2099-01-01' }),
		row({ ...base, 隐患等级: '一般', 判定标准条目: '', 隐患描述: `未销号却有日期${uniq()}`,
			状态: '整改中', 销号日期: '2024-06-01' }),
	]);
	const r = await runCli(['import', 'hazards', file, '--db', srv.dbPath]);
	assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
	for (const col of ['整改责任人', '整改期限', '整改资金（元）', '应急预案'])
		assert.match(r.stderr, new RegExp(`第 2 行 ${col.replace(/[（）]/g, '.')}: 重大事故隐患`));
	assert.doesNotMatch(r.stderr, /第 2 行 整改措施/, 'the measures are there');
	assert.match(r.stderr, /第 3 行 销号日期: 销号日期不能早于发现日期/);
	assert.match(r.stderr, /第 4 行 销号日期: 销号日期不能晚于今天/);
	assert.match(r.stderr, /第 5 行 销号日期: 状态不是 已销号/);
	assert.equal(await hazardTotal(), 0);
});

// ---- the good ledger ----

const tag = uniq();
const D = (s) => `${s}${tag}`;
const goodRows = () => [
	// Dates as Excel writes them, money with a thousands separator, labels.
	row({ 统一社会信用代码: chem.uscc, 隐患来源: '企业自查', 发现日期: '2024/3/5',
		隐患描述: D('储罐区可燃气体报警器失效'), 隐患部位: '储罐区', 隐患类别: '设备设施',
		隐患等级: '一般隐患', 整改期限: '2024/4/1', 整改责任人: '张三', 整改措施: '更换报警器',
		'整改资金（元）': '1,200.50', 状态: '已销号', 销号日期: '2024/3/20' }),
	// A major one being rectified, with its five-part plan; codes instead of labels.
	row({ 统一社会信用代码: chem.uscc.toLowerCase(), 隐患来源: 'government_inspection',
		发现日期: '2024-05-06', 隐患描述: D('未落实重大危险源包保责任'), 隐患部位: '罐区',
		隐患等级: 'major', 判定标准条目: String(item.id), 整改期限: '2024-12-31',
		整改责任人: '李四', 整改措施: '落实包保责任制', '整改资金（元）': '50000',
		应急预案: '重大危险源专项应急预案', 状态: 'rectifying' }),
	// Awaiting acceptance; a quoted description with a comma, quotes and a line break.
	row({ 统一社会信用代码: other.uscc, 隐患来源: '举报投诉', 发现日期: '2024-06-07',
		隐患描述: D('安全出口堵塞，"消防通道"\n被占用'), 隐患等级: '一般', 整改期限: '2024-06-30',
		整改措施: '清理通道', 状态: '待验收' }),
	// Reported, nothing but what is required.
	row({ 统一社会信用代码: other.uscc, 隐患来源: '其他', 发现日期: '2024-07-08',
		隐患描述: D('灭火器过期'), 隐患等级: '一般隐患' }),
	// Closed, the 销号日期 in the ISO form.
	row({ 统一社会信用代码: other.uscc, 隐患来源: '事故调查', 发现日期: '2024-08-09',
		隐患描述: D('配电箱未接地'), 隐患等级: '一般隐患', 状态: '已销号',
		销号日期: '2024-08-10' }),
];

test('--dry-run of a good ledger → exit 0, "检查通过", nothing written', async () => {
	const file = writeCsv('good.csv', HEADER, goodRows());
	const auditBefore = (await auditTotal()).total;
	const r = await runCli(['import', 'hazards', file, '--dry-run', '--db', srv.dbPath]);
	assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
	assert.match(r.stdout, /检查通过：5 行可导入（未写入）/);
	assert.equal(await hazardTotal(), 0);
	assert.equal((await auditTotal()).total, auditBefore);
});

let goodFile;

test('a good ledger (BOM, CRLF) imports every row with its status, closed_at, money and dates', async () => {
	const file = goodFile = writeCsv('good.csv', HEADER, goodRows());
	const r = await runCli(['import', 'hazards', file, '--db', srv.dbPath]);
	assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
	assert.match(r.stdout, /已导入 5 条隐患/);
	const { items, total } = await listAll(srv.base, admin, '/api/v1/hazards', { status: 'all' });
	assert.equal(total, 5);
	const h = byDescription(items);

	const closed = h[D('储罐区可燃气体报警器失效')];
	assert.equal(closed.enterprise_id, chem.id);
	assert.equal(closed.source, 'self_inspection');
	assert.equal(closed.found_on, '2024-03-05');
	assert.equal(closed.deadline, '2024-04-01');
	assert.equal(closed.level, 'general');
	assert.equal(closed.location, '储罐区');
	assert.equal(closed.category, '设备设施');
	assert.equal(closed.funds_fen, 120050);
	assert.equal(closed.status, 'closed');
	assert.equal(closed.closed_at, '2024-03-20T00:00:00.000+08:00', 'the start of 销号日期 in Beijing');
	assert.equal(closed.overdue, false);

	const major = h[D('未落实重大危险源包保责任')];
	assert.equal(major.enterprise_id, chem.id, 'a lower-case credit code finds it');
	assert.equal(major.source, 'government_inspection');
	assert.equal(major.level, 'major');
	assert.equal(major.standard_item_id, item.id);
	assert.equal(major.status, 'rectifying');
	assert.equal(major.closed_at, null);
	assert.equal(major.funds_fen, 5000000);
	assert.equal(major.contingency, '重大危险源专项应急预案');
	assert.equal(major.responsible, '李四');

	// The API takes one line of text: a line break in a cell becomes a space.
	const waiting = h[D('安全出口堵塞，"消防通道" 被占用')];
	assert.ok(waiting, `the quoted cell with a line break is one cell: ${Object.keys(h)}`);
	assert.equal(waiting.enterprise_id, other.id);
	assert.equal(waiting.source, 'complaint');
	assert.equal(waiting.status, 'awaiting_acceptance');

	const reported = h[D('灭火器过期')];
	assert.equal(reported.status, 'reported');
	assert.equal(reported.source, 'other');
	assert.equal(reported.deadline, null);
	assert.equal(reported.funds_fen, 0);

	assert.equal(h[D('配电箱未接地')].closed_at, '2024-08-10T00:00:00.000+08:00');
	assert.equal(h[D('配电箱未接地')].source, 'accident_investigation');

	// The history starts with the import, which says where the status came from.
	const d = await api(srv.base, admin, 'GET', `/api/v1/hazards/${closed.id}`);
	assert.equal(d.status, 200, d.text);
	assert.deepEqual(d.json.events.map((e) => [e.action, e.from_status, e.to_status]),
	    [['import', null, 'closed']]);
	assert.deepEqual(d.json.events[0].data, { ledger_status: 'closed', closed_on: '2024-03-20' });
	assert.match(d.json.events[0].actor_name, /^cli:/);
	const dr = await api(srv.base, admin, 'GET', `/api/v1/hazards/${reported.id}`);
	assert.deepEqual(dr.json.events.map((e) => [e.action, e.to_status]), [['import', 'reported']]);
});

test('the imported ledger is counted by the statistics', async () => {
	const r = await api(srv.base, admin, 'GET', '/api/v1/stats/hazards', undefined,
	    { query: { from: '2024-01-01', to: '2024-12-31', as_of: '2024-12-31', group_by: 'level' } });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.json.total.found, 5);
	assert.equal(r.json.total.rectified, 2);
	assert.equal(r.json.total.major_found, 1);
	assert.equal(r.json.total.major_rectified, 0);
	assert.equal(r.json.total.funds_fen, 120050 + 5000000);
	// Rectified as of a day before the second closing: only the first.
	const early = await api(srv.base, admin, 'GET', '/api/v1/stats/hazards', undefined,
	    { query: { from: '2024-01-01', to: '2024-12-31', as_of: '2024-08-09' } });
	assert.equal(early.json.total.rectified, 1);
});

test('the import is audited once: the file\'s SHA-256, the ids created and the status counts', async () => {
	const creates = await auditTotal({ entity: 'hazard', action: 'create' });
	assert.equal(creates.total, 0, 'no audit row per hazard: the import row covers them');
	const imports = (await auditTotal({ action: 'import', entity: 'hazard' })).items;
	assert.equal(imports.length, 1, 'one import row for the one real import');
	assert.match(imports[0].actor_name, /^cli:/);
	const all = (await listAll(srv.base, admin, '/api/v1/hazards', { status: 'all' })).items;
	const ids = all.map((h) => h.id).sort((a, b) => a - b);
	const sha = crypto.createHash('sha256').update(fs.readFileSync(goodFile)).digest('hex');
	assert.deepEqual(imports[0].changes, { file_sha256: sha, rows: 5, first_id: ids[0],
		last_id: ids[ids.length - 1], statuses: { reported: 1, rectifying: 1,
			awaiting_acceptance: 1, closed: 2 } });
	assert.equal(ids.length, 5);
	assert.equal(ids[4] - ids[0], 4, 'the ids of one import are consecutive');
	const v = await runCli(['audit', 'verify', '--db', srv.dbPath]);
	assert.equal(v.code, 0, v.stdout + v.stderr);
});

// ---- the ledger export reads back ----

test('the ledger exported as CSV imports into another database with the same hazards', async () => {
	// The export carries 统一社会信用代码 and 应急预案, so every hazard comes back whole.
	const exp = await api(srv.base, admin, 'GET', '/api/v1/hazards', undefined,
	    { query: { format: 'csv' } });
	assert.equal(exp.status, 200, exp.text);
	assert.equal(exp.bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'the export has a BOM');
	assert.match(exp.text, /\r\n/, 'and CRLF');
	const file = path.join(work, 'ledger.csv');
	fs.writeFileSync(file, exp.bytes);

	const db = await freshDb();
	const r = await runCli(['import', 'hazards', file, '--db', db.dbPath]);
	assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
	const total = (await listAll(srv.base, admin, '/api/v1/hazards', { status: 'all' })).total;
	assert.match(r.stdout, new RegExp(`已导入 ${total} 条隐患`));

	const srv2 = await startServer({ dbPath: db.dbPath });
	try {
		const admin2 = await login(srv2.base, USERS.admin);
		const a = byDescription((await listAll(srv.base, admin, '/api/v1/hazards',
		    { status: 'all' })).items);
		assert.ok(Object.values(a).some((h) => h.level === 'major' && h.status !== 'reported'),
		    'a major hazard past 已登记 is part of the round trip');
		const b = byDescription((await listAll(srv2.base, admin2, '/api/v1/hazards',
		    { status: 'all' })).items);
		assert.deepEqual(Object.keys(b).sort(), Object.keys(a).sort());
		const same = ['enterprise_name', 'enterprise_uscc', 'region_code', 'sector', 'source',
			'found_on', 'description', 'location', 'category', 'level', 'standard_item_id',
			'deadline', 'responsible', 'measures', 'contingency', 'funds_fen', 'status',
			'closed_at'];
		for (const [desc, h] of Object.entries(a))
			for (const k of same)
				assert.deepEqual(b[desc][k], h[k], `${desc}: ${k}`);
	} finally {
		await srv2.stop();
	}
});

test('a ledger naming enterprises by name, without BOM and with LF, imports too; an unknown name is a problem', async () => {
	const header = ['企业名称', '隐患来源', '发现日期', '隐患描述', '隐患等级', '状态'];
	const ok = writeCsv('byname.csv', header,
	    [[other.name, '企业自查', '2024.9.1', `按名称${uniq()}`, '一般隐患', '已登记']],
	    { bom: false, eol: '\n' });
	const before = await hazardTotal();
	const r = await runCli(['import', 'hazards', ok, '--db', srv.dbPath]);
	assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
	assert.equal(await hazardTotal(), before + 1);

	const bad = writeCsv('badname.csv', header,
	    [[`不存在的企业${uniq()}`, '企业自查', '2024-09-01', '某隐患', '一般隐患', '']]);
	const r2 = await runCli(['import', 'hazards', bad, '--db', srv.dbPath]);
	assert.equal(r2.code, 1, `${r2.stdout}\n${r2.stderr}`);
	assert.match(r2.stderr, /第 2 行 企业名称: 没有该名称的在册企业/);
	assert.equal(await hazardTotal(), before + 1);
});
