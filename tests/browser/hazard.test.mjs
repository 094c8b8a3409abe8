// Browser test of hazard investigation and rectification (隐患排查治理) against a real
// `anjian serve` and the built UI (ui/dist): an inspector records an inspection with one
// failed determination-standard item, which makes a major hazard; the enterprise submits
// the five-part rectification plan (五落实) and the completion with an after-photo
// uploaded through the file input; the inspector accepts it; the statistics page counts
// one more rectified hazard and one more rectified major hazard. Screenshots of the
// inspection form, the hazard detail page and the statistics page are left in /tmp
// (ANJIAN_HAZARD_SHOTS overrides the directory) for a person to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { api, DEMO, login, startServer, tmpDir, USERS } from '../lib/server.mjs';
import {
	closeBrowser, loginThroughForm, openSession, reEscape, startServerAndBrowser,
	TEST_TIMEOUT_MS, waitForText, withPage,
} from './browser.mjs';

const T = { timeout: Math.max(TEST_TIMEOUT_MS, 240000) };
/** The size the pages must be readable at. */
const SMALL_SCREEN = { width: 1366, height: 768 };
const SHOTS = process.env.ANJIAN_HAZARD_SHOTS || '/tmp';

// Codes the UI must show by their Chinese names, never as they are.
const RAW_CODES = /\b(reported|rectifying|awaiting_acceptance|voided|government_inspection|self_inspection|submit_plan|submit_done|routine|campaign|major|general)\b/;

/** Today in Asia/Shanghai plus `days`, YYYY-MM-DD. */
function shanghaiDate(days = 0) {
	const d = new Date(Date.now() + days * 86400000);
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
}

/** A valid 2×2 RGB PNG (each chunk with its CRC), written to a new temporary file. */
function pngFile() {
	const crcTable = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (buf) => {
		let c = 0xffffffff;
		for (const b of buf)
			c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type, data) => {
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const sum = Buffer.alloc(4);
		sum.writeUInt32BE(crc(body));
		return Buffer.concat([len, body, sum]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(2, 0);
	ihdr.writeUInt32BE(2, 4);
	ihdr[8] = 8;	// bit depth
	ihdr[9] = 2;	// RGB
	const rows = Buffer.from([0, 0, 160, 60, 0, 160, 60, 0, 0, 255, 255, 255, 0, 160, 60]);
	const png = Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(rows)),
		chunk('IEND', Buffer.alloc(0)),
	]);
	const file = path.join(tmpDir('anjian-hazard-'), '整改后.png');
	fs.writeFileSync(file, png);
	return file;
}

/** Logs `who` in on a page of its own (own cookies) at the small screen size. */
async function sessionAs(browser, t, who) {
	const s = await openSession(browser, srv.base, t);
	await s.page.setViewportSize(SMALL_SCREEN);
	await loginThroughForm(s.page, srv.base, who);
	return s;
}

/**
 * Opens the statistics page and returns the 合计 row as {header: number}, after
 * checking it against the API's own total.
 */
async function readStatsTotal(page, token) {
	const [res] = await Promise.all([
		page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/stats/hazards'),
		page.goto(`${srv.base}/hazard-stats`),
	]);
	assert.equal(res.status(), 200);
	const table = page.locator('[data-test=stats-table]');
	const rows = table.locator('.el-table__body-wrapper tbody tr');
	await waitForText(rows.last(), /^\s*合计/);
	const headers = (await table.locator('.el-table__header-wrapper th').allInnerTexts())
	    .map((h) => h.trim());
	assert.deepEqual(headers, ['统计单元', '排查隐患', '已整改', '整改率', '重大隐患', '重大已整改',
		'逾期', '整改资金（元）', '检查企业', '检查次数'], 'the statistics columns');
	const cells = (await rows.last().locator('td').allInnerTexts()).map((c) => c.trim());
	const total = Object.fromEntries(headers.map((h, i) => [h, cells[i]]));
	const weight = await rows.last().locator('td').first()
	    .evaluate((td) => getComputedStyle(td).fontWeight);
	assert.ok(Number(weight) >= 700, `the 合计 row is bold (font-weight ${weight})`);

	const stats = (await api(srv.base, token, 'GET', '/api/v1/stats/hazards')).json;
	assert.equal(Number(total['已整改']), stats.total.rectified, 'the page shows the API total');
	assert.equal(Number(total['重大已整改']), stats.total.major_rectified);
	assert.equal(total['整改率'], `${(stats.total.rectification_rate * 100).toFixed(2)}%`,
	    'the rate is a percentage with two decimals');
	return total;
}

/**
 * Runs `trigger()` and waits for the answer of `method path`, reading its body at once
 * (chromium may drop a body it has kept for a while): {status, text, json, sent, url}.
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

/** Clicks `button` and waits for the answer of `method path` (see answerOf). */
const clickFor = (page, button, method, pathRe) =>
	answerOf(page, method, pathRe, () => button.click());

/** Fails unless the answer `a` has `status`, naming its body. */
function expectStatus(a, status) {
	assert.equal(a.status, status, `${a.url.pathname}: HTTP ${a.status}, expected ${status}: ${
	    a.text}`);
}

/** Types a date into an Element Plus date picker and closes its panel. */
async function typeDate(page, input, date) {
	await input.click();
	await input.fill(date);
	await input.press('Enter');
	await page.keyboard.press('Escape');
	assert.equal(await input.inputValue(), date);
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

test('inspection → major hazard → plan, completion with photo → accepted; statistics count it',
    T, async (t) => {
	// The enterprise: the demo enterprise user's own, when it is in 东胜区 (150602, the
	// inspector's district); otherwise one there, and the inspector does the enterprise's part.
	const entToken = await login(srv.base, USERS.enterprise);
	const entMe = (await api(srv.base, entToken, 'GET', '/api/v1/me')).json;
	let enterpriseId = entMe.user.enterprise_id;
	let enterprise = (await api(srv.base, inspectorToken, 'GET',
	    `/api/v1/enterprises/${enterpriseId}`)).json;
	const enterpriseDoesItsPart = enterprise?.region_code?.startsWith(DEMO.district) ?? false;
	if (!enterpriseDoesItsPart) {
		const list = (await api(srv.base, inspectorToken, 'GET', '/api/v1/enterprises',
		    undefined, { query: { region: DEMO.district, limit: 100 } })).json.items;
		enterprise = null;
		for (const e of list) {
			const c = (await api(srv.base, inspectorToken, 'GET', '/api/v1/inspections/checklist',
			    undefined, { query: { enterprise_id: e.id } })).json;
			if (c.items?.length) {
				enterprise = e;
				break;
			}
		}
		assert.ok(enterprise, 'an enterprise in 东胜区 whose sector has a checklist');
		enterpriseId = enterprise.id;
	}
	const checklist = (await api(srv.base, inspectorToken, 'GET',
	    '/api/v1/inspections/checklist', undefined,
	    { query: { enterprise_id: enterpriseId } })).json;
	assert.ok(checklist.items.length > 1, 'the checklist has items');
	const failed = checklist.items[0];
	const inspectorMe = (await api(srv.base, inspectorToken, 'GET', '/api/v1/me')).json.user;
	const deadline = shanghaiDate(10);
	const photo = pngFile();

	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		await page.setViewportSize(SMALL_SCREEN);
		await loginThroughForm(page, srv.base, USERS.inspector);

		// ---- statistics before ----
		const before = await readStatsTotal(page, inspectorToken);

		// ---- the inspection, started from the enterprise's 检查记录 tab ----
		await page.goto(`${srv.base}/enterprises/${enterpriseId}`);
		await page.locator('[data-test=enterprise-tabs]').getByText('检查记录', { exact: true })
		    .click();
		await page.locator('[data-test=enterprise-inspection-new]').click();
		await page.waitForURL(new RegExp(`/inspections/new\\?enterprise_id=${enterpriseId}$`));
		await waitForText(page.locator('[data-field=enterprise_id] .el-select__wrapper'),
		    new RegExp(reEscape(enterprise.name)));
		await waitForText(page.locator('[data-field=kind] .el-select__wrapper'), /日常检查/);
		// The first officer is the logged-in inspector, from /me.
		const officer = (i, f) => page.locator(`[data-officer="${i}"] [data-field=${f}] input`);
		assert.equal(await officer(0, 'name').inputValue(), inspectorMe.display_name);
		assert.equal(await officer(0, 'cert_no').inputValue(), inspectorMe.cert_no);
		await officer(1, 'name').fill('李执法');
		await officer(1, 'cert_no').fill('15060220240099');

		// The checklist: grouped by standard, numbered, with a 合格/不合格/不涉及 choice.
		const row = page.locator(`[data-item="${failed.id}"]`);
		await waitForText(row, new RegExp(reEscape(failed.text)));
		await waitForText(page.locator(`[data-standard="${failed.standard_id}"] .group-title`),
		    new RegExp(reEscape(failed.standard_name)));
		await row.locator('[data-result=fail]').click();
		await row.locator('[data-field=note] textarea').fill('主要负责人安全生产知识和管理能力考核合格证已过期');
		await typeDate(page, row.locator('[data-field="hazard.deadline"] input'), deadline);
		await row.locator('[data-field="hazard.responsible"] input').fill('罗秀英');
		await row.locator('[data-field="hazard.location"] input').fill('办公楼');
		await page.getByRole('button', { name: '其余全部合格' }).click();
		await waitForText(page.locator('.checklist-head'),
		    new RegExp(`已判定 ${checklist.items.length} 项，不合格 1 项`));
		await page.locator('[data-field=summary] textarea').fill('现场检查发现重大事故隐患一项，责令限期整改。');
		await row.scrollIntoViewIfNeeded();
		await page.screenshot({ path: path.join(SHOTS, 'inspection-form.png') });
		await assertNoRawCodes(page, 'the inspection form');

		const created = await clickFor(page, page.locator('[data-test=inspection-save]'), 'POST',
		    /^\/api\/v1\/inspections$/);
		expectStatus(created, 201);
		const sent = created.sent;
		assert.equal(sent.items.length, checklist.items.length, 'every item was judged and sent');
		assert.deepEqual(sent.officers, [
			{ name: inspectorMe.display_name, cert_no: inspectorMe.cert_no },
			{ name: '李执法', cert_no: '15060220240099' },
		]);
		assert.deepEqual(sent.items.find((i) => i.result === 'fail'), {
			standard_item_id: failed.id,
			result: 'fail',
			note: '主要负责人安全生产知识和管理能力考核合格证已过期',
			hazard: { deadline, responsible: '罗秀英', location: '办公楼' },
		});
		await page.waitForURL(/\/inspections\/\d+$/);
		const inspectionId = /\/inspections\/(\d+)$/.exec(page.url())[1];
		const inspection = (await api(srv.base, inspectorToken, 'GET',
		    `/api/v1/inspections/${inspectionId}`)).json;
		const failedItem = inspection.items.find((i) => i.result === 'fail');
		assert.ok(failedItem.hazard_id, 'the failed item made a hazard');
		const hazardId = failedItem.hazard_id;

		// The inspection detail links the hazard it made.
		const items = page.locator('[data-test=items] .el-table__body-wrapper tbody tr');
		await waitForText(items.first(), /不合格/);
		assert.equal(await page.locator('[data-test=hazard-link]').count(), 1);
		await page.locator('[data-test=hazard-link]').click();
		await page.waitForURL(new RegExp(`/hazards/${hazardId}$`));
		await waitForText(page.locator('[data-test=hazard-level]'), '重大事故隐患');
		await waitForText(page.locator('[data-test=hazard-status]'), '已登记');
		await waitForText(page.locator('[data-test=standard-item]'),
		    new RegExp(reEscape(failed.text)));
		assert.match(await page.locator('[data-test=standard-item]').innerText(),
		    new RegExp(reEscape(failed.standard_name)));

		// ---- the enterprise's part: the 五落实 plan, then the completion ----
		let photoId;
		const ent = enterpriseDoesItsPart ? await sessionAs(browser, t, USERS.enterprise) : s;
		try {
			const p = ent.page;
			ent.allow(422, new RegExp(`^/api/v1/hazards/${hazardId}/transitions$`));
			await p.goto(`${srv.base}/hazards/${hazardId}`);
			await waitForText(p.locator('[data-test=hazard-status]'), '已登记');
			const buttons = p.locator('[data-test=hazard-actions] button');
			await waitForText(p.locator('[data-test=hazard-actions]'), /提交整改方案/);
			assert.deepEqual((await buttons.allInnerTexts()).map((b) => b.trim()),
			    ['提交整改方案', '返回'], 'the buttons are the actions the server allows');

			await p.locator('[data-test=action-submit_plan]').click();
			const dialog = p.locator('.el-dialog:visible');
			await dialog.locator('[data-field=responsible] input').fill('罗秀英');
			await dialog.locator('[data-field=measures] textarea')
			    .fill('组织主要负责人参加考核并取得合格证；考核前由副总经理代行安全生产职责');
			await dialog.locator('[data-field=funds_fen] input').fill('12000.50');
			assert.equal(await dialog.locator('[data-field=deadline] input').inputValue(), deadline,
			    'the deadline set at the inspection is prefilled');
			// Without the contingency plan: refused, with the message beside the field.
			const refused = await clickFor(p, dialog.locator('[data-test=action-submit]'), 'POST',
			    /\/transitions$/);
			expectStatus(refused, 422);
			// The server's message beside the field (when chromium kept the body to compare).
			const why = refused.json?.error.fields.find((f) => f.field === 'contingency');
			assert.ok(why || refused.json === undefined, 'the 422 names the contingency plan');
			await waitForText(dialog.locator('[data-field=contingency] .el-form-item__error'),
			    why ? why.message : /\S/);
			assert.equal(await dialog.locator('.el-form-item__error').count(), 1,
			    'only the contingency plan is marked');
			await dialog.locator('[data-field=contingency] textarea')
			    .fill('整改期间加强值班，发现异常立即启动综合应急预案');
			const planned = await clickFor(p, dialog.locator('[data-test=action-submit]'), 'POST',
			    /\/transitions$/);
			expectStatus(planned, 200);
			const planBody = planned.sent;
			assert.equal(planBody.action, 'submit_plan');
			assert.equal(planBody.funds_fen, 1200050, '元 are sent as fen');
			await waitForText(p.locator('[data-test=hazard-status]'), '整改中');
			await waitForText(p.locator('[data-test=plan]'), /12,000\.50 元/);

			await p.locator('[data-test=action-submit_done]').click();
			const done = p.locator('.el-dialog:visible');
			const upload = await answerOf(p, 'POST', /^\/api\/v1\/attachments$/,
			    () => done.locator('[data-test=after-photos-input]').setInputFiles(photo));
			expectStatus(upload, 201);
			assert.equal(upload.url.searchParams.get('filename'), '整改后.png');
			// The thumbnail is the uploaded file, shown from the server.
			const thumb = done.locator('.thumb img');
			await thumb.waitFor();
			photoId = Number(/\/api\/v1\/attachments\/(\d+)$/.exec(
			    new URL(await thumb.getAttribute('src'), srv.base).pathname)[1]);
			await done.locator('[data-field=note] textarea').fill('已组织考核，合格证已取得');
			const completed = await clickFor(p, done.locator('[data-test=action-submit]'), 'POST',
			    /\/transitions$/);
			expectStatus(completed, 200);
			assert.deepEqual(completed.sent,
			    { action: 'submit_done', after_photos: [photoId], note: '已组织考核，合格证已取得' });
			await waitForText(p.locator('[data-test=hazard-status]'), '待验收');
			// The after-photo is shown from the server.
			const img = p.locator('[data-test=after-photos] img');
			await img.waitFor();
			await p.waitForFunction((el) => el.complete && el.naturalWidth === 2,
			    await img.elementHandle());
			if (ent !== s)
				assert.equal(await p.locator('[data-test=action-accept]').count(), 0,
				    'the enterprise may not accept a major hazard');
			ent.check();
		} finally {
			if (ent !== s)
				await ent.close();
		}

		// ---- the inspector accepts ----
		await page.goto(`${srv.base}/hazards/${hazardId}`);
		await waitForText(page.locator('[data-test=hazard-status]'), '待验收');
		await page.locator('[data-test=action-accept]').click();
		const acc = page.locator('.el-dialog:visible');
		await acc.locator('[data-field=note] textarea').fill('现场核查，整改到位，同意销号');
		const accepted = await clickFor(page, acc.locator('[data-test=action-submit]'), 'POST',
		    /\/transitions$/);
		expectStatus(accepted, 200);
		await waitForText(page.locator('[data-test=hazard-status]'), '已销号');
		const stored = (await api(srv.base, inspectorToken, 'GET', `/api/v1/hazards/${hazardId}`))
		    .json;
		assert.equal(stored.status, 'closed');
		assert.equal(stored.funds_fen, 1200050);
		assert.deepEqual(stored.after_photos, [photoId], 'the uploaded photo is the after-photo');
		const file = await api(srv.base, inspectorToken, 'GET', `/api/v1/attachments/${photoId}`);
		assert.equal(file.status, 200);
		assert.ok(file.bytes.equals(fs.readFileSync(photo)), 'the stored file is the PNG chosen');
		assert.equal(await page.locator('[data-test=hazard-actions] [data-test^=action-]').count(),
		    0, 'a closed hazard offers no action to the inspector');
		const timeline = page.locator('[data-test=timeline]');
		await waitForText(timeline, /验收通过/);
		const labels = (await timeline.locator('.event-head strong').allInnerTexts())
		    .map((x) => x.trim());
		assert.deepEqual(labels, ['登记隐患', '提交整改方案', '提交整改完成', '验收通过']);
		assert.match(await timeline.innerText(), /现场核查，整改到位，同意销号/);
		await page.locator('.main').evaluate((m) => m.scrollTo(0, 0));
		await page.screenshot({ path: path.join(SHOTS, 'hazard-detail.png') });
		await assertNoRawCodes(page, 'the hazard detail page');

		// ---- the hazard ledger shows it closed, in Chinese ----
		await page.goto(`${srv.base}/hazards?enterprise_id=${enterpriseId}&status=closed`);
		const ledger = page.locator('.el-table__body-wrapper tbody tr');
		await waitForText(ledger.first(), /已销号/);
		assert.match(await ledger.first().innerText(), /重大事故隐患[\s\S]*政府检查/);
		await assertNoRawCodes(page, 'the hazard list');

		// ---- statistics after ----
		const after = await readStatsTotal(page, inspectorToken);
		assert.equal(Number(after['已整改']), Number(before['已整改']) + 1, '已整改 +1');
		assert.equal(Number(after['重大已整改']), Number(before['重大已整改']) + 1, '重大已整改 +1');
		assert.equal(Number(after['排查隐患']), Number(before['排查隐患']) + 1, '排查隐患 +1');
		assert.equal(Number(after['检查次数']), Number(before['检查次数']) + 1, '检查次数 +1');
		// The download button fetches the same sheet as Excel (with the cookie).
		const href = await page.locator('[data-test=export-xlsx]').getAttribute('href');
		const xlsxUrl = new URL(href, srv.base);
		assert.equal(xlsxUrl.pathname, '/api/v1/stats/hazards');
		assert.equal(xlsxUrl.searchParams.get('format'), 'xlsx');
		assert.equal(xlsxUrl.searchParams.get('group_by'), 'region');
		const sheet = await page.request.get(xlsxUrl.href);
		assert.equal(sheet.status(), 200);
		assert.equal((await sheet.body()).subarray(0, 2).toString('latin1'), 'PK', 'an xlsx is a zip');
		// The 合计 row at the bottom of the page in the picture.
		await page.locator('.main').evaluate((m) => m.scrollTo(0, m.scrollHeight));
		await page.screenshot({ path: path.join(SHOTS, 'hazard-stats.png') });
		await assertNoRawCodes(page, 'the statistics page');
	});
});
