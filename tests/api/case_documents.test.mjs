// Case documents (执法文书): 立案审批表, 行政处罚告知书, 行政处罚决定书 and 结案报告 as
// .docx and .pdf made from the case, refused before the case reaches them, stored as
// attachments of the case, listed in its documents, recorded as events and audited. The
// files are checked with the tools a bureau's machines have: unzip, xmllint, pdftotext,
// pdffonts. See docs/api.md, "Cases (执法办案)".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { checkDocx, pdfText, writerPdf } from '../lib/files.mjs';
import { api, DEMO, loginAll, startServer, tmpDir } from '../lib/server.mjs';

let srv, tok, ent, dir;

before(async () => {
	srv = await startServer();
	tok = await loginAll(srv.base, ['admin', 'city', 'district', 'inspector', 'reviewer',
		'enterprise', 'viewer']);
	const r = await api(srv.base, tok.inspector, 'GET', '/api/v1/enterprises', undefined,
	    { query: { region: DEMO.district, limit: 1 } });
	assert.equal(r.status, 200, r.text);
	ent = r.json.items[0];
	dir = tmpDir('anjian-docs-');
});

after(async () => {
	await srv?.stop();
});

const step = async (role, id, body) => {
	const r = await api(srv.base, tok[role], 'POST', `/api/v1/cases/${id}/transitions`, body);
	assert.equal(r.status, 200, `${body.action}: ${r.text}`);
	return r.json;
};

const doc = (role, id, kind, format) =>
	api(srv.base, tok[role], 'POST', `/api/v1/cases/${id}/documents`, { kind, format });

// A case with a small fine (no legal review), taken to the end: the facts carry the
// characters XML must escape.
async function closedCase() {
	const r = await api(srv.base, tok.inspector, 'POST', '/api/v1/cases', {
		party: { type: 'enterprise', enterprise_id: ent.id },
		source: 'complaint',
		title: '未设置安全警示标志案',
		officers: [{ name: '张执法', cert_no: '15060220240001' },
			{ name: '王执法', cert_no: '15060220240002' }],
		facts: '储罐区 <A&B> 未设置 "明显的" 安全警示标志。',
		violations: [{ provision_id: 'AQSCF-99', item: '（一）', description: '储罐区未设置安全警示标志' }],
		penalties: [{ kind: 'fine', target: 'unit', provision_id: 'AQSCF-99', stage: 'initial',
			amount_fen: 1234500 }],
		filed_on: '2024-03-01',
	});
	assert.equal(r.status, 201, r.text);
	const c = r.json;
	return c;
}

function savedFile(r, name) {
	const file = path.join(dir, name);
	fs.writeFileSync(file, r.bytes);
	return file;
}

test('each document is refused until the case reaches it, then made, stored, listed and audited', async () => {
	const c = await closedCase();
	const number = c.number;
	assert.match(number, /^东胜区应急局应急罚〔2024〕\d+号$/);

	// Filed: only the filing form.
	assert.equal((await doc('inspector', c.id, 'notice', 'docx')).status, 409);
	assert.equal((await doc('inspector', c.id, 'decision', 'pdf')).status, 409);
	assert.equal((await doc('inspector', c.id, 'closing', 'docx')).status, 409);
	let r = await doc('inspector', c.id, 'filing', 'docx');
	assert.equal(r.status, 200, r.text);
	assert.match(r.headers.get('content-type'), /wordprocessingml/);
	checkDocx(savedFile(r, 'filing.docx'), ['立案审批表', number, '未设置安全警示标志案',
		ent.name, '张执法', '&lt;A&amp;B&gt;']);

	// Bad input names the field; a case outside the scope or unknown is 404.
	r = await api(srv.base, tok.inspector, 'POST', `/api/v1/cases/${c.id}/documents`,
	    { kind: 'memo', format: 'odt' });
	assert.equal(r.status, 422);
	assert.deepEqual(r.json.error.fields.map((f) => f.field).sort(), ['format', 'kind']);
	assert.equal((await doc('inspector', 999999, 'filing', 'docx')).status, 404);
	assert.equal((await doc('enterprise', c.id, 'filing', 'docx')).status, 403);
	assert.equal((await doc('viewer', c.id, 'filing', 'docx')).status, 403);

	await step('inspector', c.id, { action: 'investigate' });
	await step('inspector', c.id, { action: 'notify', notified_on: '2024-03-04' });
	r = await doc('inspector', c.id, 'notice', 'pdf');
	assert.equal(r.status, 200, r.text);
	assert.equal(r.headers.get('content-type'), 'application/pdf');
	const notice = pdfText(savedFile(r, 'notice.pdf'));
	for (const s of ['行政处罚告知书', number, '陈述和申辩', '《安全生产法》第九十九条'])
		assert.ok(notice.includes(s), `notice contains ${s}`);
	// 12,345 元 is below the 3万元 default: no hearing right to announce.
	assert.ok(!notice.includes('要求听证'), 'no hearing paragraph for a small fine');

	await step('district', c.id, { action: 'decide', decided_on: '2024-03-05' });
	for (const format of ['docx', 'pdf']) {
		r = await doc('reviewer', c.id, 'decision', format);
		assert.equal(r.status, 200, r.text);
		if (format === 'docx') {
			// The .docx opens in a word processor: LibreOffice Writer turns it into a PDF
			// holding the decision's text.
			const docx = savedFile(r, 'decision.docx');
			const text = pdfText(writerPdf(docx, dir));
			for (const s of ['行政处罚决定书', number, '罚款人民币壹万贰仟叁佰肆拾伍元整'])
				assert.ok(text.includes(s), `Writer's PDF of the docx contains ${s}`);
		}
	}
	const decisionPdf = savedFile(r, 'decision.pdf');
	const text = pdfText(decisionPdf);
	// 行政处罚法第59条: party and address, facts, penalty and provision, how and by when,
	// the remedies, the deciding org and date.
	for (const s of ['行政处罚决定书', number, `当事人：${ent.name}`, '地址', '违法事实和证据',
		'储罐区<A&B>未设置"明显的"安全警示标志', '罚款人民币壹万贰仟叁佰肆拾伍元整（￥12345.00）',
		'十五日内', '百分之三', '六十日内', '六个月内', '东胜区应急管理局', '2024年3月5日'])
		assert.ok(text.includes(s), `decision contains ${s}`);
	const fonts = execFileSync('pdffonts', [decisionPdf]).toString();
	assert.match(fonts, /CJK/);
	for (const line of fonts.split('\n').slice(2).filter(Boolean))
		assert.match(line, /\byes\b/, `embedded: ${line}`);

	await step('inspector', c.id, { action: 'serve', served_on: '2024-03-06' });
	const fine = (await api(srv.base, tok.inspector, 'GET', `/api/v1/cases/${c.id}`)).json.penalties[0];
	await step('inspector', c.id, { action: 'execute', penalty_id: fine.id, paid_fen: 1234500,
		executed_on: '2024-03-10' });
	await step('city', c.id, { action: 'close', closed_on: '2024-03-11' });
	r = await doc('inspector', c.id, 'closing', 'docx');
	assert.equal(r.status, 200, r.text);
	checkDocx(savedFile(r, 'closing.docx'), ['结案报告', number, '2024年3月10日执行完毕',
		'执行完毕结案']);

	// Stored: each generation is an attachment of the case, in its documents, whose bytes
	// are what was sent.
	const detail = (await api(srv.base, tok.inspector, 'GET', `/api/v1/cases/${c.id}`)).json;
	assert.deepEqual(detail.documents.map((d) => `${d.kind}.${d.format}`),
	    ['filing.docx', 'notice.pdf', 'decision.docx', 'decision.pdf', 'closing.docx']);
	const last = detail.documents.at(-1);
	assert.equal(last.filename, `结案报告-${number}.docx`);
	// Downloaded under the name it is stored with; made when and by whom.
	assert.ok(r.headers.get('content-disposition').includes(encodeURIComponent(last.filename)),
	    r.headers.get('content-disposition'));
	assert.match(last.generated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$/);
	assert.equal(last.generated_by, '张执法');
	const file = await api(srv.base, tok.inspector, 'GET', `/api/v1/attachments/${last.attachment_id}`);
	assert.equal(file.status, 200);
	assert.deepEqual(file.bytes, r.bytes);
	const listed = await api(srv.base, tok.inspector, 'GET', '/api/v1/attachments', undefined,
	    { query: { entity: 'case', entity_id: c.id } });
	assert.equal(listed.status, 200, listed.text);
	assert.equal(listed.json.items.length, 5);
	// The enterprise, a party outside the staff, reads its own case's documents.
	const own = await api(srv.base, tok.enterprise, 'GET', `/api/v1/cases/${c.id}`);
	if (own.status === 200)
		assert.equal(own.json.documents.length, 5);

	// Events and audit: one per document, with kind and format.
	const docEvents = detail.events.filter((e) => e.action === 'document');
	assert.deepEqual(docEvents.map((e) => `${e.data.kind}.${e.data.format}`),
	    ['filing.docx', 'notice.pdf', 'decision.docx', 'decision.pdf', 'closing.docx']);
	assert.deepEqual(docEvents.map((e) => e.actor_name),
	    ['张执法', '张执法', '李审核', '李审核', '张执法']);
	const audit = await api(srv.base, tok.city, 'GET', '/api/v1/audit', undefined,
	    { query: { entity: 'case', entity_id: c.id, action: 'document' } });
	assert.equal(audit.status, 200, audit.text);
	assert.equal(audit.json.items.length, 5);
});
