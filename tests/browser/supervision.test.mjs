// Browser test of supervision actions (督办问责) against a real `anjian serve` and the built
// UI (ui/dist): the city bureau (city) opens 下达督办 from the menu, is shown the missing
// fields beside them, and issues a 约谈 with a deadline to the enterprise of the demo
// enterprise user (an enterprise of 东胜区); the enterprise user opens it from its
// notification and from its list, and responds with text; the city closes it (办结). The
// detail page shows the status, the response and the closing, and its timeline 下达, 反馈,
// 办结. A screenshot of the detail page is left at /tmp/supervision-detail.png
// (ANJIAN_SUPERVISION_SHOTS overrides the directory). Then a major hazard is listed (挂牌督办)
// from the 挂牌督办 button of its page (the form comes prefilled), the hazard page shows the
// listing, and once the hazard is accepted the listing reads 已摘牌 — 隐患已验收销号，自动摘牌.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { api, DEMO, login, startServer, USERS } from '../lib/server.mjs';
import {
	closeBrowser, loginThroughForm, reEscape, startServerAndBrowser, TEST_TIMEOUT_MS,
	waitForText, withPage,
} from './browser.mjs';

const T = { timeout: Math.max(TEST_TIMEOUT_MS, 180000) };
const SHOTS = process.env.ANJIAN_SUPERVISION_SHOTS || '/tmp';

// Codes the UI must show by their Chinese names, never as they are.
const RAW_CODES = /\b(listing|interview|warning|notice|inspection|issued|responded|closed|enterprise|region|respond|issue|close)\b/;

/** Today in Asia/Shanghai plus `days`, YYYY-MM-DD. */
function shanghaiDate(days = 0) {
	const d = new Date(Date.now() + days * 86400000);
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
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

/** Types a date into an Element Plus date picker and closes its panel. */
async function fillDate(page, container, date) {
	const input = container.locator('input');
	await input.click();
	await input.fill(date);
	await input.press('Enter');
	await page.keyboard.press('Escape').catch(() => {});
	await page.locator('.el-picker-panel:visible').waitFor({ state: 'hidden' }).catch(() => {});
	assert.equal(await input.inputValue(), date);
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

before(async () => {
	({ srv, browser } = await startServerAndBrowser(startServer));
});

after(async () => {
	await closeBrowser(browser);
	await srv?.stop();
});

test('the city issues a 约谈 to an enterprise, the enterprise responds, the city closes it', T, async (t) => {
	// The enterprise of the demo enterprise user, in 东胜区.
	const entToken = await login(srv.base, USERS.enterprise);
	const me = (await api(srv.base, entToken, 'GET', '/api/v1/me')).json.user;
	assert.ok(me.enterprise_id, 'the enterprise user belongs to an enterprise');
	const enterprise = (await api(srv.base, entToken, 'GET', `/api/v1/enterprises/${me.enterprise_id}`)).json;
	const regions = (await api(srv.base, entToken, 'GET', '/api/v1/regions')).json;
	const parent = new Map(regions.map((r) => [r.code, r.parent_code]));
	const chain = [];
	for (let c = enterprise.region_code; c; c = parent.get(c))
		chain.push(c);
	assert.ok(chain.includes(DEMO.district), `${enterprise.name} lies in 东胜区 (${chain.join(' < ')})`);

	const number = `鄂应急约〔${shanghaiDate().slice(0, 4)}〕7号`;
	const deadline = shanghaiDate(10);
	const reason = '该企业年内两次被查出重大事故隐患，安全生产主体责任落实不到位。';
	const requirements = '主要负责人于期限内到市应急管理局接受约谈，并书面报告整改情况。';
	const response = '主要负责人已按时接受约谈，已制定整改方案，两项重大事故隐患均已完成整改。';
	let id;

	// ---- the city issues the 约谈 through the form ----
	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		s.allow(422, /^\/api\/v1\/supervisions$/);
		await loginThroughForm(page, srv.base, USERS.city);
		await page.locator('.side-menu .el-menu-item').filter({ hasText: '督办问责' }).click();
		await page.waitForURL(/\/supervisions$/);
		await page.locator('[data-test=supervision-new]').click();
		await page.waitForURL(/\/supervisions\/new$/);

		// Nothing filled: the server's 422 is shown beside the fields it names.
		const empty = await answerOf(page, 'POST', /^\/api\/v1\/supervisions$/,
		    () => page.locator('[data-test=supervision-save]').click());
		expectStatus(empty, 422);
		const named = empty.json.error.fields.map((f) => f.field);
		// The server names the codes it expects; the form asks for a choice instead.
		const shown = {
			kind: '请选择督办类型',
			target_type: '请选择督办对象',
			reason: empty.json.error.fields.find((x) => x.field === 'reason')?.message,
		};
		for (const [f, msg] of Object.entries(shown)) {
			assert.ok(named.includes(f), `the 422 names ${f}`);
			await waitForText(page.locator(`[data-field=${f}] > .el-form-item__content > .el-form-item__error`),
			    msg);
		}

		// The accident register comes later: 事故 cannot be chosen.
		assert.match(await page.locator('[data-field=target_type] [data-target=accident]').getAttribute('class'),
		    /is-disabled/);

		await page.locator('[data-field=kind] [data-kind=interview]').click();
		await page.locator('[data-field=target_type] [data-target=enterprise]').click();
		await searchAndChoose(page, page.locator('[data-field=enterprise_id]'), enterprise.name,
		    enterprise.name);
		await page.locator('[data-field=number] input').fill(number);
		await fillDate(page, page.locator('[data-field=deadline]'), deadline);
		await page.locator('[data-field=reason] textarea').fill(reason);
		await page.locator('[data-field=requirements] textarea').fill(requirements);

		const created = await answerOf(page, 'POST', /^\/api\/v1\/supervisions$/,
		    () => page.locator('[data-test=supervision-save]').click());
		expectStatus(created, 201);
		assert.deepEqual(created.sent, {
			kind: 'interview',
			target_type: 'enterprise',
			enterprise_id: enterprise.id,
			issued_on: shanghaiDate(),
			reason,
			number,
			deadline,
			requirements,
		});
		await page.waitForURL(/\/supervisions\/\d+$/);
		id = Number(/\/supervisions\/(\d+)$/.exec(page.url())[1]);
		assert.equal(id, created.json?.id ?? id);

		await waitForText(page.locator('[data-test=supervision-title]'), number);
		await waitForText(page.locator('[data-test=supervision-status]'), '已下达');
		await waitForText(page.locator('[data-test=supervision-kind]'), '约谈');
		await waitForText(page.locator('[data-test=supervision-target]'), new RegExp(reEscape(enterprise.name)));
		await waitForText(page.locator('[data-test=days-left]'), '剩余 10 天');
		// Before a response the issuer may close it (with a reason) but not return it.
		const buttons = (await page.locator('[data-test=supervision-actions] button').allInnerTexts())
		    .map((b) => b.trim());
		assert.ok(!buttons.includes('退回'), `no 退回 before a response: ${buttons}`);
		assert.ok(buttons.includes('办结'));
		await assertNoRawCodes(page, 'the supervision detail page');
	});

	// ---- the enterprise sees it (its notification and its list) and responds ----
	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		await loginThroughForm(page, srv.base, USERS.enterprise);

		await page.goto(`${srv.base}/notifications`);
		const note = page.locator('[data-test=notifications] .el-table__body-wrapper tbody tr')
		    .filter({ hasText: '督办下达' });
		await waitForText(note.first(), new RegExp(reEscape(number)));
		await note.first().click();
		await page.waitForURL(new RegExp(`/supervisions/${id}$`));
		await waitForText(page.locator('[data-test=supervision-status]'), '已下达');

		await page.locator('.side-menu .el-menu-item').filter({ hasText: '督办问责' }).click();
		await page.waitForURL(/\/supervisions$/);
		const row = page.locator('[data-test=supervision-table] .el-table__body-wrapper tbody tr')
		    .filter({ hasText: number });
		await waitForText(row.first(), /约谈/);
		const text = await row.first().innerText();
		assert.match(text, new RegExp(reEscape(enterprise.name)));
		assert.match(text, new RegExp(deadline));
		assert.match(text, /已下达/);
		assert.match(text, /鄂尔多斯市应急管理局/);
		await assertNoRawCodes(page, 'the supervision list');
		await row.first().locator('[data-test=supervision-link]').click();
		await page.waitForURL(new RegExp(`/supervisions/${id}$`));

		const buttons = (await page.locator('[data-test=supervision-actions] button').allInnerTexts())
		    .map((b) => b.trim());
		assert.deepEqual(buttons, ['反馈', '返回'], 'the enterprise may only respond');
		await page.locator('[data-test=action-respond]').click();
		const dialog = page.locator('.el-dialog:visible');
		await dialog.waitFor();
		await dialog.locator('[data-field=response] textarea').fill(response);
		const a = await answerOf(page, 'POST', /^\/api\/v1\/supervisions\/\d+\/transitions$/,
		    () => dialog.locator('[data-test=action-submit]').click());
		expectStatus(a, 200);
		assert.deepEqual(a.sent, { action: 'respond', response, responded_on: shanghaiDate() });
		await dialog.waitFor({ state: 'hidden' });
		await waitForText(page.locator('[data-test=supervision-status]'), '已反馈');
		await waitForText(page.locator('[data-test=response-text]'), response);
		assert.equal(await page.locator('[data-test=supervision-actions] [data-test^=action-]').count(), 0,
		    'nothing more for the enterprise');
	});

	// ---- the city closes it ----
	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		await loginThroughForm(page, srv.base, USERS.city);
		await page.goto(`${srv.base}/supervisions/${id}`);
		await waitForText(page.locator('[data-test=supervision-status]'), '已反馈');
		const buttons = (await page.locator('[data-test=supervision-actions] button').allInnerTexts())
		    .map((b) => b.trim());
		assert.deepEqual(buttons, ['退回', '办结', '返回']);
		await page.locator('[data-test=action-close]').click();
		const dialog = page.locator('.el-dialog:visible');
		await dialog.waitFor();
		await dialog.locator('[data-field=note] textarea').fill('约谈要求已落实，同意办结。');
		const a = await answerOf(page, 'POST', /^\/api\/v1\/supervisions\/\d+\/transitions$/,
		    () => dialog.locator('[data-test=action-submit]').click());
		expectStatus(a, 200);
		assert.deepEqual(a.sent, { action: 'close', closed_on: shanghaiDate(), note: '约谈要求已落实，同意办结。' });
		await dialog.waitFor({ state: 'hidden' });
		await waitForText(page.locator('[data-test=supervision-status]'), '已办结');
		await waitForText(page.locator('[data-test=close-note]'), '约谈要求已落实，同意办结。');
		assert.equal(await page.locator('[data-test=supervision-actions] [data-test^=action-]').count(), 0,
		    'a closed supervision offers no action');
		assert.equal(await page.locator('[data-test=days-left]').count(), 0, 'no days left once closed');

		const timeline = page.locator('[data-test=timeline]');
		const labels = (await timeline.locator('.event-head strong').allInnerTexts()).map((x) => x.trim());
		assert.deepEqual(labels, ['下达', '反馈', '办结']);
		const text = await timeline.innerText();
		assert.match(text, new RegExp(reEscape(response)));
		assert.match(text, /已反馈 → 已办结/);
		await assertNoRawCodes(page, 'the closed supervision');
		await fullShot(page, path.join(SHOTS, 'supervision-detail.png'));

		// The list, filtered to the closed ones, shows it.
		await page.goto(`${srv.base}/supervisions?status=closed`);
		const row = page.locator('[data-test=supervision-table] .el-table__body-wrapper tbody tr')
		    .filter({ hasText: number });
		await waitForText(row.first(), /已办结/);
	});
});

/** A tiny PNG (the server recognises images by their signature). */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c63f8ffff3f0005fe02fea73581840000000049454e44ae426082', 'hex');

test('a major hazard is listed (挂牌督办) from its page and delisted when accepted', T, async (t) => {
	const inspector = await login(srv.base, USERS.inspector);
	const ent = await login(srv.base, USERS.enterprise);
	const district = await login(srv.base, USERS.district);
	const me = (await api(srv.base, ent, 'GET', '/api/v1/me')).json.user;
	const enterprise = (await api(srv.base, ent, 'GET', `/api/v1/enterprises/${me.enterprise_id}`)).json;
	const items = (await api(srv.base, inspector, 'GET', '/api/v1/standard-items', undefined,
	    { query: { citable: 'true', sector: enterprise.sector, limit: 1 } })).json;
	const item = (items.items ?? items)[0];
	assert.ok(item, 'a citable standard item');
	const description = '液氨储罐区可燃有毒气体泄漏报警装置失效';
	const made = await api(srv.base, inspector, 'POST', '/api/v1/hazards', {
		enterprise_id: enterprise.id, source: 'government_inspection', found_on: shanghaiDate(),
		description, level: 'major', standard_item_id: item.id,
	});
	assert.equal(made.status, 201, made.text);
	const hazardId = made.json.id;
	const deadline = shanghaiDate(30);
	let id;

	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		await loginThroughForm(page, srv.base, USERS.city);
		await page.goto(`${srv.base}/hazards/${hazardId}`);
		await page.locator('[data-test=list-hazard]').click();
		await page.waitForURL(/\/supervisions\/new\?/);
		// The kind and the hazard come with the link.
		assert.match(await page.locator('[data-field=kind] [data-kind=listing]').getAttribute('class'), /is-active/);
		assert.match(await page.locator('[data-field=target_type] [data-target=hazard]').getAttribute('class'), /is-active/);
		await waitForText(page.locator('[data-field=hazard_id] .el-select__wrapper'), new RegExp(reEscape(description)));
		await waitForText(page.locator('[data-test=hazard-info]'), /重大事故隐患/);
		await fillDate(page, page.locator('[data-field=deadline]'), deadline);
		await page.locator('[data-field=reason] textarea').fill('重大事故隐患，依法挂牌督办，限期整改销号。');
		const created = await answerOf(page, 'POST', /^\/api\/v1\/supervisions$/,
		    () => page.locator('[data-test=supervision-save]').click());
		expectStatus(created, 201);
		assert.deepEqual(created.sent, {
			kind: 'listing', target_type: 'hazard', hazard_id: hazardId, issued_on: shanghaiDate(),
			reason: '重大事故隐患，依法挂牌督办，限期整改销号。', deadline,
		});
		await page.waitForURL(/\/supervisions\/\d+$/);
		id = Number(/\/supervisions\/(\d+)$/.exec(page.url())[1]);
		await waitForText(page.locator('[data-test=supervision-kind]'), '挂牌督办');
		await waitForText(page.locator('[data-test=hazard-link]'), description);
		// The hazard shows its listing, and offers no second one.
		await page.locator('[data-test=hazard-link]').click();
		await page.waitForURL(new RegExp(`/hazards/${hazardId}$`));
		await waitForText(page.locator('[data-test=listings] [data-listing=issued]'),
		    new RegExp(`挂牌督办[\\s\\S]*${deadline}`));
		assert.equal(await page.locator('[data-test=list-hazard]').count(), 0);
	});

	// The enterprise rectifies it; the district accepts it: the listing is closed with it.
	const photo = await api(srv.base, ent, 'POST', '/api/v1/attachments', PNG,
	    { headers: { 'Content-Type': 'image/png' }, query: { filename: '整改后.png' } });
	assert.equal(photo.status, 201, photo.text);
	for (const [token, body] of [
		[ent, { action: 'submit_plan', responsible: '罗秀英', measures: '更换报警装置', deadline: shanghaiDate(20),
			funds_fen: 2000000, contingency: '液氨泄漏专项应急预案' }],
		[ent, { action: 'submit_done', after_photos: [photo.json.id], note: '报警装置已更换并联调' }],
		[district, { action: 'accept', note: '现场验收合格' }],
	]) {
		const r = await api(srv.base, token, 'POST', `/api/v1/hazards/${hazardId}/transitions`, body);
		assert.equal(r.status, 200, `${body.action}: ${r.text}`);
	}

	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		await loginThroughForm(page, srv.base, USERS.city);
		await page.goto(`${srv.base}/supervisions/${id}`);
		await waitForText(page.locator('[data-test=supervision-status]'), '已摘牌');
		await waitForText(page.locator('[data-test=delisted-auto]'), /隐患已验收销号，自动摘牌/);
		const labels = (await page.locator('[data-test=timeline] .event-head strong').allInnerTexts())
		    .map((x) => x.trim());
		assert.deepEqual(labels, ['下达', '自动摘牌']);
		await assertNoRawCodes(page, 'the delisted supervision');
		await page.goto(`${srv.base}/hazards/${hazardId}`);
		await waitForText(page.locator('[data-test=listings] [data-listing=closed]'), /已摘牌[\s\S]*自动摘牌/);
	});
});
