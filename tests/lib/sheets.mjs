// Reading the spreadsheets the server writes, as a bureau's Excel would: the cells of the
// worksheets of an .xlsx (shared and inline strings, numbers), with unzip.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const unesc = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&apos;/g, '\'').replace(/&amp;/g, '&');

function saved(dir, bytes) {
	const file = path.join(dir, `s${Date.now()}${Math.random().toString(36).slice(2)}.xlsx`);
	fs.writeFileSync(file, bytes);
	const names = execFileSync('unzip', ['-Z1', file]).toString('utf8').split('\n');
	return { file, names };
}

const member = (file, name) => execFileSync('unzip', ['-p', file, name]).toString('utf8');

function sharedStrings(file, names) {
	const shared = [];
	if (names.includes('xl/sharedStrings.xml')) {
		const xml = member(file, 'xl/sharedStrings.xml');
		for (const si of xml.match(/<si>[\s\S]*?<\/si>/g) || [])
			shared.push(unesc((si.match(/<t[^>]*>([\s\S]*?)<\/t>/g) || [])
			    .map((t) => t.replace(/<[^>]+>/g, '')).join('')));
	}
	return shared;
}

/** The rows of one worksheet's XML as arrays of strings (numbers as written). */
function sheetRows(xml, shared) {
	const rows = [];
	for (const row of xml.match(/<row\b[\s\S]*?<\/row>/g) || []) {
		const cells = [];
		for (const c of row.match(/<c\b[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g) || []) {
			const ref = c.match(/\br="([A-Z]+)\d+"/)[1];
			const col = [...ref].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
			const type = (c.match(/\bt="(\w+)"/) || [])[1];
			const v = (c.match(/<v>([\s\S]*?)<\/v>/) || [])[1];
			const is = (c.match(/<is>[\s\S]*?<t[^>]*>([\s\S]*?)<\/t>/) || [])[1];
			cells[col] = type === 's' ? shared[Number(v)] : type === 'inlineStr' ? unesc(is)
			    : v === undefined ? '' : unesc(v);
		}
		rows.push(Array.from(cells, (x) => x ?? ''));
	}
	return rows;
}

/** The cells of the first worksheet of an xlsx (written to a file under `dir`), as rows of strings. */
export function xlsxRows(dir, bytes) {
	const { file, names } = saved(dir, bytes);
	const sheet = names.find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
	assert.ok(sheet, `a worksheet in ${names.join(', ')}`);
	return sheetRows(member(file, sheet), sharedStrings(file, names));
}

/**
 * Every worksheet of an xlsx in the workbook's order: [{name, rows}], rows as xlsxRows
 * gives them. The names and order come from xl/workbook.xml and its relationships.
 */
export function xlsxSheets(dir, bytes) {
	const { file, names } = saved(dir, bytes);
	const shared = sharedStrings(file, names);
	const rels = new Map();
	for (const r of member(file, 'xl/_rels/workbook.xml.rels').match(/<Relationship\b[^>]*>/g) || []) {
		const id = r.match(/\bId="([^"]+)"/)[1];
		const target = r.match(/\bTarget="([^"]+)"/)[1];
		rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
	}
	const out = [];
	for (const s of member(file, 'xl/workbook.xml').match(/<sheet\b[^>]*>/g) || []) {
		const name = unesc(s.match(/\bname="([^"]*)"/)[1]);
		const part = rels.get(s.match(/\br:id="([^"]+)"/)[1]);
		assert.ok(part && names.includes(part), `the part of sheet ${name}: ${part}`);
		out.push({ name, rows: sheetRows(member(file, part), shared) });
	}
	return out;
}
