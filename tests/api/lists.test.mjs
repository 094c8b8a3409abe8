// Enterprise lists: cursor paging, filters, and the xlsx / csv downloads.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import {
	api, DEMO, enterpriseBody, listAll, login, startServer, tmpDir, USERS,
} from '../lib/server.mjs';

let srv;
let admin;
let district;
let work;

before(async () => {
	srv = await startServer();
	admin = await login(srv.base, USERS.admin);
	district = await login(srv.base, USERS.district);
	work = tmpDir('anjian-lists-');
	// Make the data less uniform: a closed one, a voided one, flags and colours set.
	const mk = async (over) => {
		const r = await api(srv.base, admin, 'POST', '/api/v1/enterprises', enterpriseBody(over));
		assert.equal(r.status, 201, r.text);
		return r.json;
	};
	const closed = await mk({ region_code: '150602405', sector: 'chemical', hazchem: true,
		major_hazard_source: true, risk_color: 'red' });
	const voided = await mk({ region_code: '150603', sector: 'coal', risk_color: 'orange' });
	await mk({ region_code: '150602', sector: 'city_gas', risk_color: 'yellow', hazchem: true });
	let r = await api(srv.base, admin, 'POST', `/api/v1/enterprises/${closed.id}/transitions`,
	    { action: 'close' });
	assert.equal(r.status, 200, r.text);
	r = await api(srv.base, admin, 'POST', `/api/v1/enterprises/${voided.id}/transitions`,
	    { action: 'void', reason: '测试作废' });
	assert.equal(r.status, 200, r.text);
});

after(async () => {
	await srv?.stop();
});

const ids = (rows) => rows.map((e) => e.id).sort((a, b) => a - b);

/** The admin's list under a filter, all pages. */
async function filtered(query, token = admin) {
	const { items, total } = await listAll(srv.base, token, '/api/v1/enterprises', query);
	assert.equal(items.length, total, 'total counts the rows returned');
	return items;
}

test('cursor pagination (limit 7) walks every row exactly once, newest first, and total matches', async () => {
	const seen = [];
	let cursor = null;
	let total = null;
	let pages = 0;
	do {
		const r = await api(srv.base, admin, 'GET', '/api/v1/enterprises', undefined,
		    { query: { limit: 7, cursor } });
		assert.equal(r.status, 200, r.text);
		assert.ok(r.json.items.length <= 7);
		if (total === null)
			total = r.json.total;
		assert.equal(r.json.total, total, 'total is the same on every page');
		seen.push(...r.json.items.map((e) => e.id));
		cursor = r.json.next_cursor;
		if (cursor !== null)
			assert.equal(typeof cursor, 'string');
		pages++;
		assert.ok(pages < 1000);
	} while (cursor);
	assert.equal(new Set(seen).size, seen.length, 'no duplicates');
	assert.equal(seen.length, total);
	assert.ok(pages >= Math.ceil(total / 7));
	assert.deepEqual(seen, [...seen].sort((a, b) => b - a), 'ordered by id, newest first');
	// The same rows as one big page.
	const one = await api(srv.base, admin, 'GET', '/api/v1/enterprises?limit=500');
	assert.deepEqual(seen, one.json.items.map((e) => e.id));
});

test('cursor pagination under a filter walks exactly the filtered rows', async () => {
	const want = (await filtered({ region: '150602', status: 'all' })).map((e) => e.id);
	const seen = [];
	let cursor = null;
	do {
		const r = await api(srv.base, admin, 'GET', '/api/v1/enterprises', undefined,
		    { query: { region: '150602', status: 'all', limit: 2, cursor } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.total, want.length);
		seen.push(...r.json.items.map((e) => e.id));
		cursor = r.json.next_cursor;
	} while (cursor);
	assert.deepEqual(seen, want);
});

test('the default page size is 50 and limit=500 is allowed', async () => {
	const all = await filtered({ status: 'all' });
	const r = await api(srv.base, admin, 'GET', '/api/v1/enterprises?status=all');
	assert.equal(r.json.items.length, Math.min(50, all.length));
	assert.equal(r.json.next_cursor === null, all.length <= 50);
});

test('filter q matches part of the name', async () => {
	const all = await filtered({});
	const word = '化工';
	const want = all.filter((e) => e.name.includes(word));
	assert.ok(want.length > 0 && want.length < all.length, 'the word splits the data');
	assert.deepEqual(ids(await filtered({ q: word })), ids(want));
	assert.equal((await filtered({ q: `不存在的名字${Date.now()}` })).length, 0);
});

test('filter uscc matches one enterprise exactly', async () => {
	const all = await filtered({});
	const one = all[Math.floor(all.length / 2)];
	assert.deepEqual(ids(await filtered({ uscc: one.uscc })), [one.id]);
	assert.equal((await filtered({ uscc: one.uscc.slice(0, 17) })).length, 0);
});

test('filter region takes the subtree: 150602 includes its 9-digit townships', async () => {
	const all = await filtered({});
	const want = all.filter((e) => e.region_code.startsWith('150602'));
	assert.ok(want.some((e) => e.region_code.length === 9), 'township-level rows exist');
	assert.ok(want.some((e) => e.region_code.length === 6), 'county-level rows exist');
	assert.deepEqual(ids(await filtered({ region: '150602' })), ids(want));
	const town = '150602405';
	assert.deepEqual(ids(await filtered({ region: town })),
	    ids(all.filter((e) => e.region_code === town)));
	assert.deepEqual(ids(await filtered({ region: DEMO.city })),
	    ids(all.filter((e) => e.region_code.startsWith('1506'))));
});

test('filter sector', async () => {
	const all = await filtered({});
	for (const sector of ['coal', 'construction', 'chemical']) {
		const want = all.filter((e) => e.sector === sector);
		assert.ok(want.length > 0, sector);
		assert.deepEqual(ids(await filtered({ sector })), ids(want), sector);
	}
});

test('filter risk_color', async () => {
	const all = await filtered({});
	for (const color of ['red', 'orange', 'yellow', 'blue']) {
		const want = all.filter((e) => e.risk_color === color);
		assert.deepEqual(ids(await filtered({ risk_color: color })), ids(want), color);
	}
});

test('filter hazchem (true/false) and major_hazard_source', async () => {
	const all = await filtered({});
	const yes = all.filter((e) => e.hazchem === true);
	const no = all.filter((e) => e.hazchem === false);
	assert.ok(yes.length > 0 && no.length > 0);
	assert.deepEqual(ids(await filtered({ hazchem: 'true' })), ids(yes));
	assert.deepEqual(ids(await filtered({ hazchem: 'false' })), ids(no));
	assert.deepEqual(ids(await filtered({ major_hazard_source: 'true' })),
	    ids(all.filter((e) => e.major_hazard_source === true)));
});

test('filter status: default hides voided; active, closed, voided and all', async () => {
	const all = await filtered({ status: 'all' });
	for (const s of ['active', 'closed', 'voided'])
		assert.ok(all.some((e) => e.status === s), `some ${s} row exists`);
	assert.deepEqual(ids(await filtered({})), ids(all.filter((e) => e.status !== 'voided')));
	for (const s of ['active', 'closed', 'voided'])
		assert.deepEqual(ids(await filtered({ status: s })), ids(all.filter((e) => e.status === s)), s);
});

test('filters combine (region + sector + hazchem) and apply within the caller\'s scope', async () => {
	const all = await filtered({});
	const want = all.filter((e) => e.region_code.startsWith('150602') && e.sector === 'chemical' &&
	    e.hazchem === true);
	assert.deepEqual(ids(await filtered({ region: '150602', sector: 'chemical', hazchem: 'true' })),
	    ids(want));
	// A district user filtering on another county's region gets nothing.
	assert.equal((await filtered({ region: DEMO.otherDistrict }, district)).length, 0);
	assert.deepEqual(ids(await filtered({ sector: 'coal' }, district)),
	    ids(all.filter((e) => e.sector === 'coal' && e.region_code.startsWith(DEMO.district))));
});

function zipText(file) {
	const names = execFileSync('unzip', ['-Z1', file]).toString('utf8').split('\n').filter(Boolean);
	const parts = names.filter((n) => n === 'xl/sharedStrings.xml' ||
	    /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
	assert.ok(parts.length > 0, `no worksheet in ${names.join(', ')}`);
	return {
		names,
		text: parts.map((p) => execFileSync('unzip', ['-p', file, p]).toString('utf8')).join('\n'),
	};
}

test('?format=xlsx downloads a real xlsx with the Chinese header and the enterprise names', async () => {
	const r = await api(srv.base, admin, 'GET', '/api/v1/enterprises?format=xlsx');
	assert.equal(r.status, 200, r.text.slice(0, 200));
	assert.equal(r.headers.get('content-type'),
	    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
	assert.match(r.headers.get('content-disposition') || '', /^attachment;.*filename/);
	assert.match(r.headers.get('content-disposition'), /\.xlsx/);
	assert.deepEqual([...r.bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'PK zip magic');
	const file = path.join(work, 'all.xlsx');
	fs.writeFileSync(file, r.bytes);
	const { names, text } = zipText(file);
	assert.ok(names.includes('[Content_Types].xml'));
	assert.ok(names.includes('xl/workbook.xml'));
	assert.ok(text.includes('企业名称'), 'header 企业名称');
	assert.ok(text.includes('统一社会信用代码'), 'header 统一社会信用代码');
	const all = await filtered({});
	for (const e of all)
		assert.ok(text.includes(e.name), `the sheet has ${e.name}`);
	const rows = (text.match(/<row\b/g) || []).length;
	assert.equal(rows, all.length + 1, 'a header row and one row per enterprise');
});

test('?format=xlsx applies the filters and the caller\'s scope', async () => {
	const all = await filtered({});
	const inside = all.filter((e) => e.region_code.startsWith(DEMO.district));
	const outside = all.filter((e) => !e.region_code.startsWith(DEMO.district));
	const r = await api(srv.base, district, 'GET', '/api/v1/enterprises?format=xlsx');
	assert.equal(r.status, 200);
	const file = path.join(work, 'district.xlsx');
	fs.writeFileSync(file, r.bytes);
	const { text } = zipText(file);
	for (const e of inside)
		assert.ok(text.includes(e.name), `has ${e.name}`);
	for (const e of outside)
		assert.ok(!text.includes(e.uscc), `leaks ${e.name} outside the district's scope`);
	const coal = await api(srv.base, admin, 'GET', '/api/v1/enterprises?format=xlsx&sector=coal');
	const f2 = path.join(work, 'coal.xlsx');
	fs.writeFileSync(f2, coal.bytes);
	const t2 = zipText(f2).text;
	for (const e of all)
		assert.equal(t2.includes(e.uscc), e.sector === 'coal', `${e.name} (${e.sector})`);
});

function csvRecords(text) {
	// RFC 4180 records (quoted fields may hold commas, quotes and newlines).
	const records = [];
	let rec = [];
	let field = '';
	let q = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (q) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"')
				q = false;
			else
				field += c;
		} else if (c === '"')
			q = true;
		else if (c === ',') {
			rec.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			// handled by \n
		} else if (c === '\n') {
			rec.push(field);
			records.push(rec);
			rec = [];
			field = '';
		} else
			field += c;
	}
	if (field !== '' || rec.length)
		records.push([...rec, field]);
	return records;
}

test('?format=csv starts with a UTF-8 BOM and has one data line per enterprise of the list', async () => {
	for (const [token, query] of [[admin, ''], [district, ''], [admin, '&status=all'],
	    [admin, '&hazchem=true']]) {
		const list = await api(srv.base, token, 'GET', `/api/v1/enterprises?limit=1${query}`);
		const r = await api(srv.base, token, 'GET', `/api/v1/enterprises?format=csv${query}`);
		assert.equal(r.status, 200, r.text.slice(0, 200));
		assert.match(r.headers.get('content-type'), /^text\/csv/);
		assert.match(r.headers.get('content-disposition') || '', /^attachment;.*\.csv/);
		assert.deepEqual([...r.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
		const text = r.bytes.subarray(3).toString('utf8');
		const lines = text.split('\r\n').filter((l) => l !== '');
		const records = csvRecords(text);
		assert.equal(records[0][1], '企业名称');
		assert.equal(records.length - 1, list.json.total, `data records for ${query || 'default'}`);
		assert.equal(lines.length - 1, list.json.total, `data lines for ${query || 'default'}`);
		const width = records[0].length;
		for (const rec of records)
			assert.equal(rec.length, width, 'every record has every column');
	}
});

test('an unknown download format is refused (4xx), not a JSON list', async () => {
	const r = await api(srv.base, admin, 'GET', '/api/v1/enterprises?format=pdf');
	assert.ok(r.status === 400 || r.status === 422, `${r.status} ${r.text}`);
});
