// Browser test of law-enforcement cases (执法办案) against a real `anjian serve` and the
// built UI (ui/dist): an inspector files a case on an enterprise of 东胜区 through the form
// (two officers, an evidence file, one violation citing 《安全生产法》第九十九条, a fine on the
// unit at the 责令限期改正时 stage — 6万元 is refused beside the amount with its allowed range,
// 4万元 is filed), starts the investigation and submits it for legal review; the reviewer
// (法制科) approves; the inspector serves the notice (告知); the district head (dongsheng)
// records the party's waiver and decides; the inspector serves the decision and records the
// payment; the district head closes the case. The stepper ends on 结案, the timeline lists
// every step, and the list shows the case closed. A screenshot of the detail page is left
// at /tmp/case-detail.png (ANJIAN_CASE_SHOTS overrides the directory).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { api, DEMO, login, startServer, tmpDir, USERS } from '../lib/server.mjs';
import {
	chooseOption, closeBrowser, loginThroughForm, reEscape,
	startServerAndBrowser, TEST_TIMEOUT_MS, waitForText, withPage,
} from './browser.mjs';

const T = { timeout: Math.max(TEST_TIMEOUT_MS, 240000) };
const SHOTS = process.env.ANJIAN_CASE_SHOTS || '/tmp';

// Codes the UI must show by their Chinese names, never as they are.
const RAW_CODES = /\b(filed|investigating|legal_review|notified|decided|executing|closed|routine|complaint|initial|submit_review|review_approve|waive|execute|AQSCF-\d+)\b/;

/** Today in Asia/Shanghai, YYYY-MM-DD. */
function shanghaiToday() {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** A small valid PDF, written to a new temporary file with a Chinese name. */
function pdfFile() {
	const objs = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
	];
	let body = '%PDF-1.4\n';
	const offsets = [];
	objs.forEach((o, i) => {
		offsets.push(body.length);
		body += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = body.length;
	body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
	for (const off of offsets)
		body += `${String(off).padStart(10, '0')} 00000 n \n`;
	body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	const file = path.join(tmpDir('anjian-case-'), '现场检查笔录.pdf');
	fs.writeFileSync(file, body, 'latin1');
	return file;
}

/**
 * Runs `trigger()` and waits for the answer of `method path`, reading its body at once:
 * {status, text, json, sent, url}.
 */
async function answerOf(page, method, pathRe, trigger) {
	let text = null;
	const [res] = await Promise.all([
		page.waitForResponse(async (r) => {
			if (r.request().method() !== method || !pathRe.test(new URL(r.url()).pathname))
				return false;
			text = await r.text().catch((e) => `(body unavailable: ${e.message})`);
			return true;
		}),
		trigger(),
	]);
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	const post = res.request().postData();
	let sent;
	try {
		sent = post ? JSON.parse(post) : undefined;
	} catch {
		sent = undefined;
	}
	return { status: res.status(), text, json, sent, url: new URL(res.url()) };
}

const clickFor = (page, button, method, pathRe) =>
	answerOf(page, method, pathRe, () => button.click());

function expectStatus(a, status) {
	assert.equal(a.status, status, `${a.url.pathname}: HTTP ${a.status}, expected ${status}: ${
	    a.text}`);
}

/** Chooses in a remote-search Element Plus select by typing `query` and clicking the option containing `text`. */
async function searchAndChoose(page, container, query, text) {
	await container.locator('.el-select__wrapper').click();
	await container.locator('input').fill(query);
	const option = page.locator('.el-popper:visible .el-select-dropdown__item:visible')
	    .filter({ hasText: text });
	await option.first().waitFor({ state: 'visible' });
	assert.equal(await option.count(), 1, `one option with "${text}"`);
	await option.click();
	await page.locator('.el-popper:visible .el-select-dropdown').waitFor({ state: 'hidden' });
}

/**
 * A screenshot of the whole page: the layout scrolls inside `.main`, so the window is made
 * as tall as its content (at most 3000 px) once the messages have faded.
 */
async function fullShot(page, file) {
	await page.locator('.el-message').waitFor({ state: 'detached', timeout: 8000 }).catch(() => {});
	const size = page.viewportSize();
	const height = await page.locator('.main').evaluate((m) => m.scrollHeight + m.getBoundingClientRect().top);
	await page.setViewportSize({ width: size.width, height: Math.min(Math.ceil(height) + 8, 3000) });
	await page.locator('.main').evaluate((m) => m.scrollTo(0, 0));
	await page.screenshot({ path: file });
	await page.setViewportSize(size);
}

async function assertNoRawCodes(page, where) {
	const text = await page.locator('.main').innerText();
	const m = RAW_CODES.exec(text);
	assert.equal(m, null, `${where} shows a raw code: ${m?.[0]}`);
}

let srv;
let browser;
let inspectorToken;

before(async () => {
	({ srv, browser } = await startServerAndBrowser(startServer));
	inspectorToken = await login(srv.base, USERS.inspector);
});

after(async () => {
	await closeBrowser(browser);
	await srv?.stop();
});

test('a case filed through the form goes from 立案 to 结案 through every role', T, async (t) => {
	const enterprises = (await api(srv.base, inspectorToken, 'GET', '/api/v1/enterprises',
	    undefined, { query: { region: DEMO.district, limit: 20 } })).json.items;
	const enterprise = enterprises.find((e) => e.status === 'active');
	assert.ok(enterprise, 'an active enterprise in 东胜区');
	const me = (await api(srv.base, inspectorToken, 'GET', '/api/v1/me')).json.user;
	const today = shanghaiToday();
	const evidence = pdfFile();

	/** Opens the case in `page` and waits for its status tag to read `status`. */
	const openCase = async (page, id, status) => {
		await page.goto(`${srv.base}/cases/${id}`);
		await waitForText(page.locator('[data-test=case-status]'), status);
	};
	/** Runs one action through its dialog; `fill(dialog)` fills the fields. */
	const act = async (page, action, fill, expectAfter) => {
		await page.locator(`[data-test=action-${action}]`).click();
		const dialog = page.locator('.el-dialog:visible');
		await dialog.waitFor();
		if (fill)
			await fill(dialog);
		const a = await clickFor(page, dialog.locator('[data-test=action-submit]'), 'POST',
		    /^\/api\/v1\/cases\/\d+\/transitions$/);
		expectStatus(a, 200);
		assert.equal(a.sent.action, action);
		await dialog.waitFor({ state: 'hidden' });
		if (expectAfter)
			await waitForText(page.locator('[data-test=case-status]'), expectAfter);
		return a;
	};
	const buttons = async (page) => (await page.locator('[data-test=case-actions] button')
	    .allInnerTexts()).map((b) => b.trim());

	let caseId;
	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		s.allow(422, /^\/api\/v1\/cases$/);
		await loginThroughForm(page, srv.base, USERS.inspector);

		// ---- the menu entry and the list's 立案 button ----
		const entry = page.locator('.side-menu .el-menu-item').filter({ hasText: '执法办案' });
		await entry.click();
		await page.waitForURL(/\/cases$/);
		await page.locator('[data-test=case-new]').click();
		await page.waitForURL(/\/cases\/new$/);

		// ---- the filing form ----
		await searchAndChoose(page, page.locator('[data-field=enterprise_id]'), enterprise.name,
		    enterprise.name);
		await waitForText(page.locator('[data-test=party-info]'), new RegExp(reEscape(enterprise.uscc)));
		await chooseOption(page, page.locator('[data-field=source]'), '举报投诉');
		await waitForText(page.locator('[data-field=mode] .el-select__wrapper'), /日常执法/);
		// The first officer is the logged-in inspector, from /me.
		const officer = (i, f) => page.locator(`[data-officer="${i}"] [data-field=${f}] input`);
		assert.equal(await officer(0, 'name').inputValue(), me.display_name);
		assert.equal(await officer(0, 'cert_no').inputValue(), me.cert_no);
		await officer(1, 'name').fill('李执法');
		await officer(1, 'cert_no').fill('15060220240099');
		await page.locator('[data-field=title] input').fill('未在有较大危险因素的场所设置明显的安全警示标志案');
		await page.locator('[data-field=facts] textarea').fill('群众举报该单位油罐区未设置安全警示标志，经现场核实属实。');

		// Evidence: a PDF, not only photos.
		const upload = await answerOf(page, 'POST', /^\/api\/v1\/attachments$/,
		    () => page.locator('[data-test=evidence-input]').setInputFiles(evidence));
		expectStatus(upload, 201);
		assert.equal(upload.url.searchParams.get('filename'), '现场检查笔录.pdf');
		await waitForText(page.locator('[data-test=evidence-files]'), /现场检查笔录\.pdf/);

		// The violation cites 《安全生产法》第九十九条, item (一).
		await page.locator('[data-test=violation-add]').click();
		const violation = page.locator('[data-violation="0"]');
		await searchAndChoose(page, violation.locator('[data-field=provision_id]'), '九十九',
		    '《安全生产法》第九十九条');
		const item = '(一)未在有较大危险因素的场所和设施设备上设置明显的安全警示标志';
		await chooseOption(page, violation.locator('[data-field=item]'), item);
		await violation.locator('[data-field=description] textarea').fill('油罐区未设置明显的安全警示标志');

		// The penalty: the provision is the violation's; the unit, 责令限期改正时; a fine.
		await page.locator('[data-test=penalty-add]').click();
		const penalty = page.locator('[data-penalty="0"]');
		await waitForText(penalty.locator('[data-field=provision_id] .el-select__wrapper'),
		    /《安全生产法》第九十九条/);
		await chooseOption(page, penalty.locator('[data-field=target]'), '单位');
		await chooseOption(page, penalty.locator('[data-field=stage]'), '责令限期改正时');
		await waitForText(penalty.locator('[data-field=kind] .el-select__wrapper'), /罚款/);
		const amount = penalty.locator('[data-field=amount_fen] input');
		const range = penalty.locator('[data-test=allowed-range]');
		await waitForText(range, '允许范围：5万元以下');

		// 6万元 is beyond the range: marked at once, and the server's 422 is shown beside it.
		await amount.fill('60000');
		await amount.press('Tab');
		await page.waitForFunction((el) => el.classList.contains('bad'), await range.elementHandle());
		const refused = await clickFor(page, page.locator('[data-test=case-save]'), 'POST',
		    /^\/api\/v1\/cases$/);
		expectStatus(refused, 422);
		assert.equal(refused.sent.penalties[0].amount_fen, 6000000, '元 are sent as fen');
		const why = refused.json?.error.fields.find((f) => f.field === 'penalties[0].amount_fen');
		assert.ok(why || refused.json === undefined, 'the 422 names the amount');
		await waitForText(penalty.locator('[data-field=amount_fen] .el-form-item__error'),
		    why ? why.message : /罚款应在/);
		assert.equal(await page.locator('.case-form .el-form-item__error').count(), 1,
		    'only the amount is marked');
		assert.match(why?.message ?? '罚款应在 0.01 元 至 50000 元', /50000 元/);
		await penalty.scrollIntoViewIfNeeded();
		await page.screenshot({ path: path.join(SHOTS, 'case-form-range.png') });

		// 4万元 is within it.
		await amount.fill('40000');
		await amount.press('Tab');
		await page.waitForFunction((el) => !el.classList.contains('bad'), await range.elementHandle());
		const created = await clickFor(page, page.locator('[data-test=case-save]'), 'POST',
		    /^\/api\/v1\/cases$/);
		expectStatus(created, 201);
		// The uploaded file's id (chromium may drop the upload's answer body; the form sends it).
		const evidenceId = created.sent.evidence?.[0];
		assert.ok(Number.isInteger(evidenceId), 'the evidence file is sent by id');
		assert.deepEqual(created.sent, {
			party: { type: 'enterprise', enterprise_id: enterprise.id },
			source: 'complaint',
			mode: 'routine',
			officers: [
				{ name: me.display_name, cert_no: me.cert_no },
				{ name: '李执法', cert_no: '15060220240099' },
			],
			title: '未在有较大危险因素的场所设置明显的安全警示标志案',
			filed_on: today,
			facts: '群众举报该单位油罐区未设置安全警示标志，经现场核实属实。',
			evidence: [evidenceId],
			violations: [{ provision_id: 'AQSCF-99', item, description: '油罐区未设置明显的安全警示标志' }],
			penalties: [{ kind: 'fine', target: 'unit', provision_id: 'AQSCF-99', stage: 'initial',
				amount_fen: 4000000 }],
		});
		await page.waitForURL(/\/cases\/\d+$/);
		caseId = Number(/\/cases\/(\d+)$/.exec(page.url())[1]);
		const stored = (await api(srv.base, inspectorToken, 'GET', `/api/v1/cases/${caseId}`)).json;
		const number = stored.number;
		assert.match(number, /应急罚〔\d{4}〕\d+号$/);
		assert.deepEqual(stored.evidence, [evidenceId]);
		assert.equal(stored.penalties[0].amount_fen, 4000000);

		// ---- the detail page: the number, the range, the actions ----
		await waitForText(page.locator('[data-test=case-number]'), number);
		await waitForText(page.locator('[data-test=case-status]'), '已立案');
		await waitForText(page.locator('[data-test=case-party]'), new RegExp(reEscape(enterprise.name)));
		await waitForText(page.locator('[data-test=penalty-range]'), '50,000.00 元以下');
		assert.match(await page.locator('[data-test=penalties]').innerText(), /40,000\.00 元/);
		assert.equal(await page.locator('[data-test=evidence-link]').count(), 1);
		// The evidence is shown by its file name (GET /attachments?entity=case&entity_id=N).
		await waitForText(page.locator('[data-test=evidence-link]'), /现场检查笔录\.pdf/);
		assert.equal(await page.locator('[data-test=evidence-link]').getAttribute('href'),
		    `/api/v1/attachments/${evidenceId}?download=1`);
		assert.deepEqual(await buttons(page), ['补充调查', '开始调查', '返回']);
		await act(page, 'investigate',
		    (d) => d.locator('[data-field=note] textarea').fill('调取监控录像，询问现场负责人'), '调查取证');
		await act(page, 'submit_review', null, '法制审核');
		assert.deepEqual(await buttons(page), ['返回'], 'the inspector waits for the review');
	});

	// ---- the reviewer (法制科) approves ----
	await withPage(browser, srv, t, async (r) => {
		await loginThroughForm(r.page, srv.base, USERS.reviewer);
		await r.page.locator('.side-menu .el-menu-item').filter({ hasText: '执法办案' }).waitFor();
		await openCase(r.page, caseId, '法制审核');
		const a = await act(r.page, 'review_approve',
		    (d) => d.locator('[data-field=opinion] textarea').fill('事实清楚，证据确凿，适用依据正确，处罚适当，同意。'));
		assert.equal(a.sent.opinion, '事实清楚，证据确凿，适用依据正确，处罚适当，同意。');
		await waitForText(r.page.locator('[data-test=review-opinion]'), /同意/);
		await waitForText(r.page.locator('[data-test=case-status]'), '法制审核');
	});

	// ---- the inspector notifies; the district head records the waiver and decides ----
	await withPage(browser, srv, t, async (s) => {
		const p = s.page;
		await loginThroughForm(p, srv.base, USERS.inspector);
		await openCase(p, caseId, '法制审核');
		await act(p, 'notify', async (d) => {
			assert.equal(await d.locator('[data-field=notified_on] input').inputValue(), today,
			    'the date defaults to today');
		}, '已告知');
		await waitForText(p.locator('[data-deadline=hearing_request_by]'), /剩余 \d+ 个工作日/);
	});

	await withPage(browser, srv, t, async (h) => {
		await loginThroughForm(h.page, srv.base, USERS.district);
		await openCase(h.page, caseId, '已告知');
		await act(h.page, 'waive',
		    (d) => d.locator('[data-field=note] textarea').fill('当事人于告知当日出具书面声明，放弃陈述、申辩和听证'));
		await waitForText(h.page.locator('[data-deadline=hearing_request_by]'), /当事人已放弃/);
		await act(h.page, 'decide', null, '已决定');
		await waitForText(h.page.locator('[data-deadline=service_due]'), /剩余 \d+ 个工作日/);
	});

	// ---- the inspector serves the decision and records the payment ----
	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		await loginThroughForm(page, srv.base, USERS.inspector);
		await openCase(page, caseId, '已决定');
		const served = await act(page, 'serve', null, '执行中');
		assert.equal(served.sent.method, '直接送达');
		assert.equal(served.sent.served_on, today);
		await act(page, 'execute', async (d) => {
			assert.equal(await d.locator('[data-field=paid_fen] input').inputValue(), '40000.00',
			    'the fine is prefilled');
		});
		await waitForText(page.locator('[data-test=penalties]'), /已执行/);
		await waitForText(page.locator('[data-deadline=payment_due]'), /已全部执行/);
	});

	// ---- the district head closes it ----
	await withPage(browser, srv, t, async (h) => {
		const { page } = h;
		await loginThroughForm(page, srv.base, USERS.district);
		await openCase(page, caseId, '执行中');
		await act(page, 'close', null, '已结案');
		assert.equal(await page.locator('[data-test=case-actions] [data-test^=action-]').count(), 0,
		    'a closed case offers no action');

		const steps = page.locator('[data-test=case-steps] [data-step]');
		assert.deepEqual((await steps.locator('.el-step__title').allInnerTexts()).map((x) => x.trim()),
		    ['立案', '调查', '法制审核', '告知', '决定', '执行', '结案']);
		const statuses = await steps.evaluateAll((els) => els.map((e) => e.dataset.status));
		assert.deepEqual(statuses, Array(7).fill('success'), 'every step is done');

		const timeline = page.locator('[data-test=timeline]');
		const labels = (await timeline.locator('.event-head strong').allInnerTexts()).map((x) => x.trim());
		assert.deepEqual(labels, ['立案', '开始调查', '提交法制审核', '审核通过', '送达告知书',
			'放弃陈述申辩/听证', '作出处罚决定', '送达决定书', '记录执行', '结案']);
		const text = await timeline.innerText();
		assert.match(text, /李审核/, 'the reviewer is named');
		assert.match(text, /缴纳金额：40,000\.00 元/);
		await assertNoRawCodes(page, 'the case detail page');

		// ---- the documents card: the decision (行政处罚决定书) made as Word and listed ----
		const card = page.locator('[data-test=documents-card]');
		assert.deepEqual(await card.locator('[data-document]').evaluateAll((els) =>
		    els.map((e) => e.dataset.document)), ['filing', 'notice', 'decision', 'closing'],
		    'a closed case has reached every document');
		assert.equal(await card.locator('[data-test=documents]').count(), 0, 'no document yet');
		const [download, made] = await Promise.all([
			page.waitForEvent('download'),
			page.waitForResponse((r) => r.request().method() === 'POST' &&
			    /^\/api\/v1\/cases\/\d+\/documents$/.test(new URL(r.url()).pathname)),
			card.locator('[data-test=document-decision-docx]').click(),
		]);
		assert.equal(made.status(), 200);
		assert.deepEqual(JSON.parse(made.request().postData()), { kind: 'decision', format: 'docx' });
		const saved = download.suggestedFilename();
		assert.match(saved, /^行政处罚决定书.*\.docx$/, `the download's name: ${saved}`);
		const bytes = fs.readFileSync(await download.path());
		assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a .docx is a zip');
		const listed = card.locator('[data-test=documents] .el-table__body-wrapper tbody tr');
		await waitForText(listed.first(), /行政处罚决定书/);
		assert.equal(await listed.count(), 1);
		const docRow = await listed.first().innerText();
		assert.match(docRow, /Word/);
		assert.match(docRow, /已结案/);
		assert.match(docRow, /\.docx/);
		const link = listed.first().locator('[data-test=document-link]');
		assert.match(await link.getAttribute('href'), /^\/api\/v1\/attachments\/\d+\?download=1$/);
		const { number } = (await api(srv.base, inspectorToken, 'GET', `/api/v1/cases/${caseId}`)).json;
		assert.match(await link.innerText(), new RegExp(`行政处罚决定书-${reEscape(number)}\\.docx`));
		await waitForText(timeline, /制作文书[\s\S]*行政处罚决定书/);
		await assertNoRawCodes(page, 'the case detail page with its documents');
		await page.locator('.el-message').waitFor({ state: 'detached', timeout: 8000 }).catch(() => {});
		await card.scrollIntoViewIfNeeded();
		await page.mouse.move(0, 0);
		await card.screenshot({ path: path.join(SHOTS, 'case-docs.png') });
		await fullShot(page, path.join(SHOTS, 'case-detail.png'));

		// ---- the list shows it closed, with its fine ----
		await page.goto(`${srv.base}/cases`);
		await chooseOption(page, page.locator('[data-filter=status]'), '已结案');
		await page.locator('[data-test=search]').click();
		const row = page.locator('[data-test=case-table] .el-table__body-wrapper tbody tr')
		    .filter({ hasText: enterprise.name });
		await waitForText(row.first(), /已结案/);
		assert.match(await row.first().innerText(), /40,000\.00 元/);
		await assertNoRawCodes(page, 'the case list');
	});
});
