// Test helper: checks generated files with the tools a bureau's machines have — unzip and
// xmllint for .docx, pdftotext for .pdf, LibreOffice Writer for "does it open".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * A .docx is a valid zip (every member's CRC) of well-formed XML parts with the parts Word
 * needs; its document.xml contains every string of mustContain. Returns document.xml.
 */
export function checkDocx(file, mustContain = []) {
	execFileSync('unzip', ['-tq', file]);
	const parts = execFileSync('unzip', ['-Z1', file]).toString().trim().split('\n');
	for (const p of ['[Content_Types].xml', 'word/document.xml', 'word/styles.xml',
		'docProps/core.xml'])
		assert.ok(parts.includes(p), `${p} in ${parts}`);
	for (const p of parts.filter((x) => x.endsWith('.xml') || x.endsWith('.rels'))) {
		// unzip reads [ ] in a name as a wildcard class.
		const xml = execFileSync('unzip', ['-p', file, p.replace(/\[/g, '\\[')]);
		execFileSync('xmllint', ['--noout', '-'], { input: xml });
	}
	const body = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString();
	for (const s of mustContain)
		assert.ok(body.includes(s), `document.xml contains ${s}`);
	return body;
}

/**
 * The text of a PDF without its page numbers (— 2 —), which fall inside paragraphs that
 * run on to the next page, and without blanks.
 */
export function pdfText(file) {
	return execFileSync('pdftotext', ['-layout', file, '-']).toString()
	    .replace(/—\s*\d+\s*—/g, '').replace(/\s+/g, '');
}

/**
 * LibreOffice Writer opens the .docx and writes it as a PDF into dir/lo; returns that
 * PDF's path (it throws when Writer fails).
 */
export function writerPdf(docx, dir) {
	execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/lo`,
		'--convert-to', 'pdf', '--outdir', path.join(dir, 'lo'), docx],
	{ timeout: 120000, stdio: 'ignore' });
	return path.join(dir, 'lo', path.basename(docx).replace(/\.docx$/, '.pdf'));
}
