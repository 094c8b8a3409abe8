// Reading the spreadsheets the server writes, as a bureau's Excel would: the cells of the
// first worksheet of an .xlsx (shared and inline strings, numbers), with unzip.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The cells of the first worksheet of an xlsx (written to a file under `dir`), as rows of strings. */
export function xlsxRows(dir, bytes) {
	const file = path.join(dir, `s${Date.now()}${Math.random().toString(36).slice(2)}.xlsx`);
	fs.writeFileSync(file, bytes);
	const names = execFileSync('unzip', ['-Z1', file]).toString('utf8').split('\n');
	const sheet = names.find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
	assert.ok(sheet, `a worksheet in ${names.join(', ')}`);
	const unesc = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
	    .replace(/&apos;/g, '\'').replace(/&amp;/g, '&');
	const shared = [];
	if (names.includes('xl/sharedStrings.xml')) {
		const xml = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml']).toString('utf8');
		for (const si of xml.match(/<si>[\s\S]*?<\/si>/g) || [])
			shared.push(unesc((si.match(/<t[^>]*>([\s\S]*?)<\/t>/g) || [])
			    .map((t) => t.replace(/<[^>]+>/g, '')).join('')));
	}
	const xml = execFileSync('unzip', ['-p', file, sheet]).toString('utf8');
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

