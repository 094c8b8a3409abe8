// Browser test of the activity register (宣传培训) against a real `anjian serve` and the built
// UI (ui/dist): the district user (dongsheng) records two activities through 快速登记 at the
// top of the list — a 安全生产宣讲 with 3 场次 and 120 人次, a 五进 into 学校 — which appear in
// the list without leaving the page, kind and region kept for the next entry; a future date
// is refused by the server and its message shown under the date field; a 进门入户送安全 is
// recorded through the full form with the enterprise it covered and the inspection made
// there. The statistics tab for that date range shows 场次 and 人次 equal to a hand count of
// what was entered, with a 合计 row. A screenshot of the list is left at /tmp/activities.png
// (ANJIAN_ACTIVITY_SHOTS overrides the directory).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { api, DEMO, login, startServer, USERS } from '../lib/server.mjs';
import {
	chooseOption, closeBrowser, loginThroughForm, reEscape, startServerAndBrowser, TEST_TIMEOUT_MS,
	waitForText, withPage,
} from './browser.mjs';

const T = { timeout: Math.max(TEST_TIMEOUT_MS, 180000) };
const SHOTS = process.env.ANJIAN_ACTIVITY_SHOTS || '/tmp';

// Codes the UI must show by their Chinese names, never as they are.
const RAW_CODES = /\b(lecture|five_into|door_to_door|school|routine|official_training|campaign)\b/;

/** Today in Asia/Shanghai plus `days`, YYYY-MM-DD. */
function shanghaiDate(days = 0) {
	const d = new Date(Date.now() + days * 86400000);
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
}

/** Runs `trigger()` and waits for the answer of `method path`: {status, text, json, sent}. */
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
	return { status: res.status(), text, json, sent: post ? JSON.parse(post) : undefined };
}

function expectStatus(a, status) {
	assert.equal(a.status, status, `HTTP ${a.status}, expected ${status}: ${a.text}`);
}

/** Types a date into an Element Plus date picker and closes its panel. */
async function fillDate(page, container, date) {
	const input = container.locator('input').first();
	await input.click();
	await input.fill(date);
	await input.press('Enter');
	await page.keyboard.press('Escape').catch(() => {});
	await page.locator('.el-picker-panel:visible').waitFor({ state: 'hidden' }).catch(() => {});
	assert.equal(await input.inputValue(), date);
}

/** Fills an el-input-number. */
async function fillNumber(container, n) {
	const input = container.locator('input').first();
	await input.fill(String(n));
	await input.blur();
}

/** Chooses in a remote-search Element Plus select by typing `query` and clicking the option containing `text`. */
async function searchAndChoose(page, container, query, text) {
	await container.locator('.el-select__wrapper').click();
	await container.locator('input').first().fill(query);
	const option = page.locator('.el-popper:visible .el-select-dropdown__item:visible').filter({ hasText: text });
	await option.first().waitFor({ state: 'visible' });
	assert.equal(await option.count(), 1, `one option with "${text}"`);
	await option.click();
}

/** Closes an open multiple-select dropdown by clicking the page's title. */
async function closeDropdown(page) {
	await page.locator('h2.title').click();
	await page.locator('.el-popper:visible .el-select-dropdown').waitFor({ state: 'hidden' });
}

/** A screenshot of the whole page (the layout scrolls inside `.main`). */
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

/** The body row of a table whose text contains `text`. */
const rowOf = (page, table, text) =>
	page.locator(`[data-test=${table}] .el-table__body-wrapper tbody tr`).filter({ hasText: text });

let srv;
let browser;

before(async () => {
	({ srv, browser } = await startServerAndBrowser(startServer));
});

after(async () => {
	await closeBrowser(browser);
	await srv?.stop();
});

test('dongsheng records activities by quick entry and the full form; the statistics equal a hand count', T, async (t) => {
	const today = shanghaiDate();
	const yesterday = shanghaiDate(-1);
	const tomorrow = shanghaiDate(1);

	// An enterprise of 东胜区 and an inspection made there (by the district's inspector).
	const dsToken = await login(srv.base, USERS.district);
	const enterprises = (await api(srv.base, dsToken, 'GET', '/api/v1/enterprises', undefined,
	    { query: { region: DEMO.district, limit: 5 } })).json.items;
	assert.ok(enterprises.length > 0, 'an enterprise in 东胜区');
	const enterprise = enterprises[0];
	const inspToken = await login(srv.base, USERS.inspector);
	const insp = await api(srv.base, inspToken, 'POST', '/api/v1/inspections', {
		enterprise_id: enterprise.id, kind: 'routine', inspected_on: yesterday,
		officers: [{ name: '张执法', cert_no: '15060220240001' }, { name: '李执法', cert_no: '15060220240002' }],
		summary: '进门入户送安全', items: [{ text: '燃气管道完好', result: 'pass' }],
	});
	assert.equal(insp.status, 201, insp.text);
	const inspection = insp.json;

	const entered = [
		{ kind: 'lecture', label: '安全生产宣讲', title: '安全生产宣讲进社区（东胜区）', sessions: 3, participants: 120 },
		{ kind: 'five_into', label: '五进', title: '安全知识进校园', sessions: 1, participants: 80, target: 'school' },
		{ kind: 'door_to_door', label: '进门入户送安全', title: '进门入户送安全——燃气安全', sessions: 2,
			participants: 35, date: yesterday },
	];

	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		s.allow(422, /^\/api\/v1\/activities$/);
		await loginThroughForm(page, srv.base, USERS.district);
		await page.locator('.side-menu .el-menu-item').filter({ hasText: '宣传培训' }).click();
		await page.waitForURL(/\/activities$/);

		const quick = page.locator('[data-test=quick-entry]');
		await quick.waitFor();
		// The defaults: today, and the region of the user's org.
		assert.equal(await quick.locator('[data-field=date] input').inputValue(), today);
		await waitForText(quick.locator('[data-field=region_code] .el-select__wrapper'), /东胜区/);

		// ---- 1. a 安全生产宣讲, 3 场次, 120 人次 ----
		const [lecture, fiveInto, doorToDoor] = entered;
		await chooseOption(page, quick.locator('[data-field=kind]'), lecture.label);
		assert.equal(await quick.locator('[data-field=target]').count(), 0, 'no target but for 五进');
		await quick.locator('[data-field=title] input').fill(lecture.title);
		await fillNumber(quick.locator('[data-field=sessions]'), lecture.sessions);
		await fillNumber(quick.locator('[data-field=participants]'), lecture.participants);
		let a = await answerOf(page, 'POST', /^\/api\/v1\/activities$/,
		    () => quick.locator('[data-test=quick-save]').click());
		expectStatus(a, 201);
		assert.deepEqual(a.sent, { kind: 'lecture', date: today, title: lecture.title, sessions: 3,
			participants: 120, region_code: DEMO.district });
		assert.match(page.url(), /\/activities$/, 'the page is not left');
		let row = rowOf(page, 'activity-table', lecture.title);
		await waitForText(row.first(), /安全生产宣讲/);
		assert.match(await row.first().innerText(), /东胜区[\s\S]*东胜区应急管理局[\s\S]*3[\s\S]*120/);
		// Kind and region stay for the next entry; the title is cleared.
		await waitForText(quick.locator('[data-field=kind] .el-select__wrapper'), /安全生产宣讲/);
		await waitForText(quick.locator('[data-field=region_code] .el-select__wrapper'), /东胜区/);
		assert.equal(await quick.locator('[data-field=title] input').inputValue(), '');

		// ---- 2. a 五进 into 学校 (one 场次 by default) ----
		await chooseOption(page, quick.locator('[data-field=kind]'), fiveInto.label);
		await chooseOption(page, quick.locator('[data-field=target]'), '学校');
		await quick.locator('[data-field=title] input').fill(fiveInto.title);
		assert.equal(await quick.locator('[data-field=sessions] input').inputValue(), '1');
		await fillNumber(quick.locator('[data-field=participants]'), fiveInto.participants);
		a = await answerOf(page, 'POST', /^\/api\/v1\/activities$/,
		    () => quick.locator('[data-test=quick-save]').click());
		expectStatus(a, 201);
		assert.deepEqual(a.sent, { kind: 'five_into', date: today, title: fiveInto.title, sessions: 1,
			participants: 80, region_code: DEMO.district, target: 'school' });
		row = rowOf(page, 'activity-table', fiveInto.title);
		await waitForText(row.first(), /五进/);
		assert.match(await row.first().innerText(), /学校/);

		// ---- a future date: the server's message under the date field ----
		await fillDate(page, quick.locator('[data-field=date]'), tomorrow);
		await chooseOption(page, quick.locator('[data-field=target]'), '社区');
		await quick.locator('[data-field=title] input').fill('明天的宣讲');
		await fillNumber(quick.locator('[data-field=participants]'), 10);
		a = await answerOf(page, 'POST', /^\/api\/v1\/activities$/,
		    () => quick.locator('[data-test=quick-save]').click());
		expectStatus(a, 422);
		assert.equal(a.sent.date, tomorrow);
		const dateError = a.json.error.fields.find((f) => f.field === 'date');
		assert.ok(dateError, `the 422 names the date: ${a.text}`);
		await waitForText(quick.locator('[data-field=date] .el-form-item__error'), dateError.message);
		assert.equal(await rowOf(page, 'activity-table', '明天的宣讲').count(), 0);
		await fillDate(page, quick.locator('[data-field=date]'), today);

		await assertNoRawCodes(page, 'the activity register');

		// ---- 3. a 进门入户送安全 through the full form ----
		await page.locator('[data-test=activity-new]').click();
		await page.waitForURL(/\/activities\/new$/);
		await chooseOption(page, page.locator('[data-field=kind]'), doorToDoor.label);
		await fillDate(page, page.locator('[data-field=date]'), doorToDoor.date);
		await page.locator('[data-field=title] input').fill(doorToDoor.title);
		await fillNumber(page.locator('[data-field=sessions]'), doorToDoor.sessions);
		await fillNumber(page.locator('[data-field=participants]'), doorToDoor.participants);
		await searchAndChoose(page, page.locator('[data-field=enterprises]'), enterprise.name, enterprise.name);
		await closeDropdown(page);
		// The inspections of the enterprise chosen are offered.
		const inspections = page.locator('[data-field=inspections]');
		await inspections.locator('.el-select__wrapper').click();
		const option = page.locator(`.el-popper:visible .el-select-dropdown__item[data-inspection="${inspection.id}"]`);
		await option.waitFor();
		assert.match(await option.innerText(), new RegExp(`${yesterday}[\\s\\S]*日常检查[\\s\\S]*${reEscape(enterprise.name)}`));
		await option.click();
		await closeDropdown(page);
		a = await answerOf(page, 'POST', /^\/api\/v1\/activities$/,
		    () => page.locator('[data-test=activity-save]').click());
		expectStatus(a, 201);
		assert.deepEqual(a.sent, { kind: 'door_to_door', date: yesterday, title: doorToDoor.title, sessions: 2,
			participants: 35, region_code: DEMO.district, enterprises: [enterprise.id],
			inspections: [inspection.id] });
		await page.waitForURL(/\/activities\/\d+$/);
		await waitForText(page.locator('[data-test=activity-title]'), doorToDoor.title);
		await waitForText(page.locator('[data-test=activity-kind]'), '进门入户送安全');
		await waitForText(page.locator('[data-test=activity-sessions]'), '2');
		await waitForText(page.locator('[data-test=activity-participants]'), '35');
		await waitForText(page.locator('[data-test=activity-enterprises]'), new RegExp(reEscape(enterprise.name)));
		await waitForText(page.locator('[data-test=activity-inspections]'), new RegExp(`${yesterday}[\\s\\S]*日常检查`));
		const buttons = (await page.locator('[data-test=activity-actions] button').allInnerTexts()).map((b) => b.trim());
		assert.deepEqual(buttons, ['修改', '作废', '返回']);
		await assertNoRawCodes(page, 'the activity page');

		// ---- the list shows the three ----
		await page.locator('.side-menu .el-menu-item').filter({ hasText: '宣传培训' }).click();
		await page.waitForURL(/\/activities$/);
		for (const e of entered)
			await waitForText(rowOf(page, 'activity-table', e.title).first(), new RegExp(reEscape(e.label)));
		await fullShot(page, path.join(SHOTS, 'activities.png'));

		// ---- the statistics for that date range equal a hand count ----
		await page.locator('.el-tabs__item').filter({ hasText: '统计分析' }).click();
		await page.waitForURL(/tab=stats/);
		const stats = page.locator('[data-test=activity-stats]');
		await fillDate(page, stats.locator('[data-filter=from]'), yesterday);
		await fillDate(page, stats.locator('[data-filter=to]'), today);
		const st = await answerOf(page, 'GET', /^\/api\/v1\/stats\/activities$/,
		    () => stats.locator('[data-test=stats-search]').click());
		expectStatus(st, 200);
		const cell = async (label, col) => (await rowOf(page, 'stats-table', label).first()
		    .locator(`[data-col=${col}]`).innerText()).trim();
		await waitForText(rowOf(page, 'stats-table', '安全生产宣讲').first().locator('[data-col=sessions]'), '3');
		for (const e of entered) {
			assert.equal(await cell(e.label, 'activities'), '1', e.label);
			assert.equal(await cell(e.label, 'sessions'), String(e.sessions), e.label);
			assert.equal(await cell(e.label, 'participants'), String(e.participants), e.label);
		}
		assert.equal(await cell('进门入户送安全', 'enterprises'), '1');
		assert.equal(await cell('进门入户送安全', 'inspections'), '1');
		const total = page.locator('[data-test=stats-table] .el-table__body-wrapper tbody tr.total-row');
		await waitForText(total.locator('[data-col=label]'), '合计');
		const sum = (k) => entered.reduce((n, e) => n + e[k], 0);
		assert.equal((await total.locator('[data-col=activities]').innerText()).trim(), String(entered.length));
		assert.equal((await total.locator('[data-col=sessions]').innerText()).trim(), String(sum('sessions')));
		assert.equal((await total.locator('[data-col=participants]').innerText()).trim(), String(sum('participants')));
		assert.equal((await total.locator('[data-col=enterprises]').innerText()).trim(), '1');
		// The chart is drawn, and the sheet downloads with the same range.
		await page.locator('[data-test=stats-chart] canvas').waitFor();
		const href = await stats.locator('[data-test=export-xlsx]').getAttribute('href');
		assert.match(href, new RegExp(`format=xlsx`));
		assert.match(href, new RegExp(`from=${yesterday}`));
		await fullShot(page, path.join(SHOTS, 'activity-stats.png'));
	});
});
