// `anjian import enterprises FILE.csv [--dry-run]`: all rows or none, audited.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
	api, login, makeUscc, runCli, startServer, tmpDir, uniq, USERS,
} from '../lib/server.mjs';

let srv;
let admin;
let work;

before(async () => {
	srv = await startServer();
	admin = await login(srv.base, USERS.admin);
	work = tmpDir('anjian-import-');
});

after(async () => {
	await srv?.stop();
});

const HEADER = '企业名称,统一社会信用代码,区划代码,行业领域,地址,纬度,经度,企业规模,从业人员数,' +
    '法定代表人,主要负责人,主要负责人电话,安全管理人员,涉及危险化学品,重大危险源,风险等级';

function goodRow(over = {}) {
	const r = {
		name: `导入测试${uniq()}有限公司`,
		uscc: makeUscc('150621'),
		region: '150621101',
		sector: 'coal',
		address: '达拉特旗,测试路"3号"',	// a comma and quotes, quoted below
		lat: '40.1', lon: '109.9', scale: '小型', employees: '25',
		legal: '王一', principal: '李二', phone: '13912345678', safety: '赵三',
		hazchem: '否', major: '否', color: '蓝',
		...over,
	};
	const q = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
	return {
		...r,
		line: [r.name, r.uscc, r.region, r.sector, r.address, r.lat, r.lon, r.scale, r.employees,
			r.legal, r.principal, r.phone, r.safety, r.hazchem, r.major, r.color].map(q).join(','),
	};
}

function writeCsv(name, rows) {
	const p = path.join(work, name);
	fs.writeFileSync(p, `\ufeff${[HEADER, ...rows.map((r) => r.line)].join('\r\n')}\r\n`);
	return p;
}

async function enterpriseTotal() {
	const r = await api(srv.base, admin, 'GET', '/api/v1/enterprises?limit=1&status=all');
	assert.equal(r.status, 200);
	return r.json.total;
}

async function auditTotal(query = {}) {
	const r = await api(srv.base, admin, 'GET', '/api/v1/audit', undefined,
	    { query: { limit: 500, ...query } });
	assert.equal(r.status, 200);
	return r.json;
}

async function byUscc(uscc) {
	const r = await api(srv.base, admin, 'GET', '/api/v1/enterprises', undefined,
	    { query: { uscc, status: 'all' } });
	return r.json.items;
}

const good = [goodRow(), goodRow({ sector: '煤矿' }), goodRow({ region: '150621', color: '红色' })];

test('3 good rows and 2 bad ones (bad uscc; unknown region) → exit 1, problems by row and column, nothing written', async () => {
	const badUscc = goodRow();
	badUscc.line = badUscc.line.replace(badUscc.uscc,
	    badUscc.uscc.slice(0, 17) + (badUscc.uscc[17] === '0' ? '1' : '0'));
	const badRegion = goodRow({ region: '150699001' });
	// Records: header 1, good 2, bad uscc 3, good 4, bad region 5, good 6.
	const file = writeCsv('mixed.csv', [good[0], badUscc, good[1], badRegion, good[2]]);
	const countBefore = await enterpriseTotal();
	const auditBefore = (await auditTotal()).total;

	const r = await runCli(['import', 'enterprises', file, '--db', srv.dbPath]);
	assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
	const out = r.stdout + r.stderr;
	assert.match(out, /第 3 行 统一社会信用代码/, out);
	assert.match(out, /第 5 行 区划代码/, out);
	for (const n of [2, 4, 6])
		assert.doesNotMatch(out, new RegExp(`第 ${n} 行`), `row ${n} is good`);

	assert.equal(await enterpriseTotal(), countBefore, 'no row written');
	for (const g of good)
		assert.equal((await byUscc(g.uscc)).length, 0);
	assert.equal((await auditTotal()).total, auditBefore, 'nothing audited');
});

test('--dry-run of good rows → exit 0 and nothing written', async () => {
	const file = writeCsv('good.csv', good);
	const countBefore = await enterpriseTotal();
	const auditBefore = (await auditTotal()).total;
	const r = await runCli(['import', 'enterprises', file, '--dry-run', '--db', srv.dbPath]);
	assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
	assert.match(r.stdout, /3 行/);
	assert.equal(await enterpriseTotal(), countBefore);
	for (const g of good)
		assert.equal((await byUscc(g.uscc)).length, 0);
	assert.equal((await auditTotal()).total, auditBefore);
});

test('a real import of good rows → exit 0; they appear in the API with their values', async () => {
	const file = writeCsv('good.csv', good);
	const countBefore = await enterpriseTotal();
	const r = await runCli(['import', 'enterprises', file, '--db', srv.dbPath]);
	assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
	assert.equal(await enterpriseTotal(), countBefore + good.length);
	const rows = [];
	for (const g of good) {
		const [e] = await byUscc(g.uscc);
		assert.ok(e, `${g.name} imported`);
		assert.equal(e.name, g.name);
		assert.equal(e.region_code, g.region);
		assert.equal(e.sector, 'coal', 'a sector label is turned into its code');
		assert.equal(e.address, g.address);
		assert.equal(e.scale, 'small');
		assert.equal(e.employees, 25);
		assert.equal(e.hazchem, false);
		rows.push(e);
	}
	assert.equal(rows[0].risk_color, 'blue');
	assert.equal(rows[2].risk_color, 'red');
	// Visible to a district user of that county? No: 达拉特旗 is not 东胜区.
	const d = await login(srv.base, USERS.district);
	const seen = await api(srv.base, d, 'GET', `/api/v1/enterprises/${rows[0].id}`);
	assert.equal(seen.status, 404);
	// In the list, first page (newest first).
	const list = await api(srv.base, admin, 'GET', '/api/v1/enterprises?limit=3');
	assert.deepEqual(list.json.items.map((e) => e.id).sort(), rows.map((e) => e.id).sort());
});

test('the import is audited: one create per row and one import row', async () => {
	for (const g of good) {
		const [e] = await byUscc(g.uscc);
		const a = await auditTotal({ entity: 'enterprise', entity_id: e.id, action: 'create' });
		assert.equal(a.total, 1, `create row for ${g.name}`);
		assert.match(a.items[0].actor_name, /^cli:/);
		assert.equal(a.items[0].changes.uscc, g.uscc);
	}
	const imports = await auditTotal({ action: 'import' });
	const mine = imports.items.filter((x) => x.actor_name.startsWith('cli:'));
	assert.equal(mine.length, 1, 'one import row for the one real import');
	assert.equal(mine[0].entity, 'enterprise');
	assert.equal(mine[0].changes.rows, good.length);
	const v = await runCli(['audit', 'verify', '--db', srv.dbPath]);
	assert.equal(v.code, 0, v.stdout + v.stderr);
});

test('importing the same rows again is refused as duplicates (exit 1, column 统一社会信用代码)', async () => {
	const file = writeCsv('again.csv', good);
	const countBefore = await enterpriseTotal();
	const r = await runCli(['import', 'enterprises', file, '--db', srv.dbPath]);
	assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
	for (const n of [2, 3, 4])
		assert.match(r.stderr, new RegExp(`第 ${n} 行 统一社会信用代码`));
	assert.equal(await enterpriseTotal(), countBefore);
});

test('a CSV without a required column is refused naming the column (exit 1)', async () => {
	const p = path.join(work, 'nocol.csv');
	fs.writeFileSync(p, `企业名称,区划代码,行业领域\r\n测试缺列公司,150621,coal\r\n`);
	const countBefore = await enterpriseTotal();
	const r = await runCli(['import', 'enterprises', p, '--db', srv.dbPath]);
	assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
	assert.match(r.stderr, /第 1 行 统一社会信用代码/);
	assert.equal(await enterpriseTotal(), countBefore);
});
