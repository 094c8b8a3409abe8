// Browser test of the accident register (生产安全事故) against a real `anjian serve` and the
// built UI (ui/dist): the inspector (东胜区) opens 登记事故 from the menu, is shown the
// missing fields beside them, and records an accident of a 东胜区 enterprise with 2 deaths
// and 1000万元 of direct loss, reported 70 minutes after it happened. While the figures are
// typed the form shows the grade 条例第三条 gives — 一般事故, then 较大事故 by the loss — and
// the report 10 minutes late. The detail page shows the server's 较大事故, the deadlines card
// (报告时限 with 迟报 10 分钟, 上报层级, 调查组织, 调查报告期限 60 days on, 补报期限 30 days on)
// and the timeline; a 补报 to 3 deaths through the dialog shows 2 → 3 in the timeline and the
// grade now decided by the deaths. The list shows the row with its tags and the statistics tab
// the figures with a 合计 row. A screenshot of the detail page is left at
// /tmp/accident-detail.png (ANJIAN_ACCIDENT_SHOTS overrides the directory). Then the city
// lists the accident (挂牌督办) from its page — the supervision form comes prefilled — and
// extends the investigation; an enterprise user records one of its own (its enterprise fixed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { api, DEMO, login, startServer, USERS } from '../lib/server.mjs';
import {
	chooseOption, closeBrowser, loginThroughForm, reEscape, startServerAndBrowser,
	TEST_TIMEOUT_MS, waitForText, withPage,
} from './browser.mjs';

const T = { timeout: Math.max(TEST_TIMEOUT_MS, 180000) };
const SHOTS = process.env.ANJIAN_ACCIDENT_SHOTS || '/tmp';

// Codes the UI must show by their Chinese names, never as they are.
const RAW_CODES = /\b(general|larger|major|especially_major|report|update_casualties|extend_investigation|submit_report|deaths|serious_injuries|direct_loss|none|listing|issued)\b/;

const shanghai = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
	hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** An instant (ms) as Shanghai wall-clock time "YYYY-MM-DD HH:mm". */
function wall(ms) {
	const p = Object.fromEntries(shanghai.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "YYYY-MM-DD HH:mm" (Shanghai) → RFC 3339 with +08:00, as the form sends it. */
const rfc3339 = (w) => `${w.replace(' ', 'T')}:00+08:00`;

/** Today in Asia/Shanghai plus `days`, YYYY-MM-DD. */
const shanghaiDate = (days = 0) => wall(Date.now() + days * 86400000).slice(0, 10);

/** A date YYYY-MM-DD plus `days`. */
function addDays(date, days) {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
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

/** Types a value into an Element Plus date or date-time picker and closes its panel. */
async function fillPicker(page, container, value) {
	const input = container.locator('input').first();
	await input.click();
	await input.fill(value);
	await input.press('Enter');
	await page.keyboard.press('Escape').catch(() => {});
	await page.locator('.el-picker-panel:visible').waitFor({ state: 'hidden' }).catch(() => {});
	assert.equal(await input.inputValue(), value);
}

/** Types a number into an Element Plus input-number (committed on blur). */
async function fillNumber(container, value) {
	const input = container.locator('input').first();
	await input.fill(String(value));
	await input.blur();
}

/**
 * A screenshot of the whole page: the layout scrolls inside `.main`, so the window is made
 * as tall as its content (at most 3000 px) once the messages have faded.
 */
async function fullShot(page, file) {
	await page.waitForFunction(() => !document.querySelector('.el-message'), null, { timeout: 10000 })
	    .catch(() => {});
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

const buttonsOf = async (page) => (await page.locator('[data-test=accident-actions] button').allInnerTexts())
    .map((b) => b.trim());

let srv;
let browser;
/** The accident recorded by the first test (used by the second). */
let accidentId;
let occurredOn;

before(async () => {
	({ srv, browser } = await startServerAndBrowser(startServer));
});

after(async () => {
	await closeBrowser(browser);
	await srv?.stop();
});

test('the inspector records an accident: the grade shown live, then the server\'s, the deadlines, a 补报', T, async (t) => {
	// The enterprise of the demo enterprise user, in 东胜区.
	const entToken = await login(srv.base, USERS.enterprise);
	const me = (await api(srv.base, entToken, 'GET', '/api/v1/me')).json.user;
	const enterprise = (await api(srv.base, entToken, 'GET', `/api/v1/enterprises/${me.enterprise_id}`)).json;
	const regions = (await api(srv.base, entToken, 'GET', '/api/v1/regions')).json;
	const parent = new Map(regions.map((r) => [r.code, r.parent_code]));
	const chain = [];
	for (let c = enterprise.region_code; c; c = parent.get(c))
		chain.push(c);
	assert.ok(chain.includes(DEMO.district), `${enterprise.name} lies in 东胜区 (${chain.join(' < ')})`);

	// Three hours ago (to the minute), reported 70 minutes later: 10 minutes late.
	const occurred = wall(Math.floor((Date.now() - 3 * 3600000) / 60000) * 60000);
	const reported = wall(new Date(rfc3339(occurred)).getTime() + 70 * 60000);
	occurredOn = occurred.slice(0, 10);
	const location = '二号厂房反应釜区';
	const description = '反应釜超压爆裂，两名操作工当场死亡，厂房及设备损毁。';
	const note = '一名重伤人员经抢救无效死亡。';

	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		s.allow(422, /^\/api\/v1\/accidents$/);
		await loginThroughForm(page, srv.base, USERS.inspector);
		await page.locator('.side-menu .el-menu-item').filter({ hasText: '生产安全事故' }).click();
		await page.waitForURL(/\/accidents$/);
		await page.locator('[data-test=accident-new]').click();
		await page.waitForURL(/\/accidents\/new$/);

		// The grade is not a field: it is shown, and says so.
		const live = page.locator('[data-test=live-grade]');
		await waitForText(live, /按条例第三条自动判定，不可填写/);
		await waitForText(page.locator('[data-test=live-grade-tag]'), '一般事故');

		// Nothing filled: the server's 422 is shown beside the fields it names.
		const empty = await answerOf(page, 'POST', /^\/api\/v1\/accidents$/,
		    () => page.locator('[data-test=accident-save]').click());
		expectStatus(empty, 422);
		const named = Object.fromEntries(empty.json.error.fields.map((f) => [f.field, f.message]));
		assert.ok(named.occurred_at && named.type, `the 422 names occurred_at and type: ${empty.text}`);
		await waitForText(page.locator('[data-field=occurred_at] > .el-form-item__content > .el-form-item__error'),
		    named.occurred_at);
		await waitForText(page.locator('[data-field=type] > .el-form-item__content > .el-form-item__error'),
		    '请选择事故类别');

		await fillPicker(page, page.locator('[data-field=occurred_at]'), occurred);
		await fillPicker(page, page.locator('[data-field=reported_at]'), reported);
		await waitForText(page.locator('[data-test=live-timing]'), /迟报 10 分钟/);
		await searchAndChoose(page, page.locator('[data-field=enterprise_id]'), enterprise.name, enterprise.name);
		await waitForText(page.locator('[data-field=region_code]'), new RegExp(`不选则为企业所在地：${reEscape(enterprise.region_name)}`));
		await page.locator('[data-field=location] input').fill(location);
		await chooseOption(page, page.locator('[data-field=type]'), '容器爆炸');

		// 2 deaths alone: 一般事故; with 1000万元 of loss: 较大事故, by the loss.
		await fillNumber(page.locator('[data-field=deaths]'), 2);
		await waitForText(page.locator('[data-test=live-grade-tag]'), '一般事故');
		await fillNumber(page.locator('[data-field=direct_loss_fen]'), 10000000);
		await waitForText(page.locator('[data-test=loss-wan]'), '合 1000万元');
		await waitForText(page.locator('[data-test=live-grade-tag]'), '较大事故');
		await waitForText(live, /判定依据：直接经济损失/);
		await waitForText(page.locator('[data-test=live-grade-reason]'), /直接经济损失 1000万元以上/);
		await page.locator('[data-field=description] textarea').fill(description);
		await assertNoRawCodes(page, 'the accident form');

		const created = await answerOf(page, 'POST', /^\/api\/v1\/accidents$/,
		    () => page.locator('[data-test=accident-save]').click());
		expectStatus(created, 201);
		assert.deepEqual(created.sent, {
			occurred_at: rfc3339(occurred),
			reported_at: rfc3339(reported),
			enterprise_id: enterprise.id,
			type: '容器爆炸',
			road_traffic: false,
			deaths: 2,
			serious_injuries: 0,
			direct_loss_fen: 1000000000,
			location,
			description,
		});
		assert.equal(created.json.grade, 'larger');
		assert.equal(created.json.grade_by, 'direct_loss');
		await page.waitForURL(/\/accidents\/\d+$/);
		accidentId = Number(/\/accidents\/(\d+)$/.exec(page.url())[1]);
		assert.equal(accidentId, created.json.id);

		// ---- the detail: the server's grade and what follows from it ----
		await waitForText(page.locator('[data-test=accident-title]'), `${enterprise.name}容器爆炸事故`);
		await waitForText(page.locator('[data-test=accident-grade]'), '较大事故');
		await waitForText(page.locator('[data-test=accident-type]'), '容器爆炸');
		await waitForText(page.locator('[data-test=late-report]'), '迟报 10 分钟');
		const card = page.locator('[data-test=deadlines-card]');
		await waitForText(card.locator('[data-fact=grade]'), /较大事故[\s\S]*判定依据：直接经济损失/);
		await waitForText(card.locator('[data-fact=report_due]'),
		    new RegExp(`${reEscape(wall(new Date(rfc3339(occurred)).getTime() + 3600000))}[\\s\\S]*迟报 10 分钟`));
		await waitForText(card.locator('[data-fact=report_to]'), new RegExp(reEscape(created.json.report_to)));
		assert.match(created.json.report_to, /省、自治区、直辖市/);
		await waitForText(card.locator('[data-fact=investigated_by]'), /设区的市级人民政府/);
		await waitForText(card.locator('[data-test=investigation-due]'), addDays(occurredOn, 60));
		await waitForText(card.locator('[data-fact=update_window]'), new RegExp(addDays(occurredOn, 30)));
		await waitForText(page.locator('[data-figure=deaths]'), /2\s*人/);
		await waitForText(page.locator('[data-figure=direct_loss]'), /1000万元/);
		assert.deepEqual(await buttonsOf(page), ['补报伤亡', '返回'], 'the inspector may only 补报');

		// ---- 补报: 3 deaths ----
		await page.locator('[data-test=action-update_casualties]').click();
		const dialog = page.locator('.el-dialog:visible');
		await dialog.waitFor();
		await fillNumber(dialog.locator('[data-field=deaths]'), 3);
		await waitForText(dialog.locator('[data-test=dialog-grade]'), /较大事故[\s\S]*依据：死亡人数/);
		// The note is required: the server says so beside it.
		s.allow(422, /^\/api\/v1\/accidents\/\d+\/transitions$/);
		const bad = await answerOf(page, 'POST', /^\/api\/v1\/accidents\/\d+\/transitions$/,
		    () => dialog.locator('[data-test=action-submit]').click());
		expectStatus(bad, 422);
		await waitForText(dialog.locator('[data-field=note] .el-form-item__error'), /必填/);
		await dialog.locator('[data-field=note] textarea').fill(note);
		const upd = await answerOf(page, 'POST', /^\/api\/v1\/accidents\/\d+\/transitions$/,
		    () => dialog.locator('[data-test=action-submit]').click());
		expectStatus(upd, 200);
		assert.deepEqual(upd.sent, {
			action: 'update_casualties', deaths: 3, serious_injuries: 0, direct_loss_fen: 1000000000, note,
		});
		await dialog.waitFor({ state: 'hidden' });
		await waitForText(page.locator('[data-figure=deaths]'), /3\s*人/);
		await waitForText(card.locator('[data-test=grade-by]'), '死亡人数');
		await waitForText(page.locator('[data-test=accident-grade]'), '较大事故');

		const timeline = page.locator('[data-test=timeline]');
		await waitForText(timeline, /补报伤亡/);
		const labels = (await timeline.locator('.event-head strong').allInnerTexts()).map((x) => x.trim());
		assert.deepEqual(labels, ['事故报告', '补报伤亡']);
		const update = timeline.locator('[data-event=update_casualties]');
		await waitForText(update.locator('[data-change=deaths]'), '死亡人数：2 人 → 3 人');
		const text = await update.innerText();
		assert.match(text, /事故等级不变：较大事故/);
		assert.match(text, new RegExp(reEscape(note)));
		assert.doesNotMatch(text, /直接经济损失：/, 'an unchanged figure is not listed as a change');
		await waitForText(timeline.locator('[data-event=report]'), /死亡人数 2 人[\s\S]*判定为较大事故（依据直接经济损失）[\s\S]*迟报/);
		await assertNoRawCodes(page, 'the accident detail page');
		await fullShot(page, path.join(SHOTS, 'accident-detail.png'));

		// ---- the list and the statistics ----
		await page.locator('.side-menu .el-menu-item').filter({ hasText: '生产安全事故' }).click();
		await page.waitForURL(/\/accidents$/);
		const row = page.locator('[data-test=accident-table] .el-table__body-wrapper tbody tr')
		    .filter({ hasText: enterprise.name });
		await waitForText(row.first(), /较大事故/);
		const rowText = await row.first().innerText();
		for (const want of [occurred, location, '容器爆炸', '1,000.00', '迟报 10 分钟', addDays(occurredOn, 60)])
			assert.match(rowText, new RegExp(reEscape(want)), `the row shows ${want}: ${rowText}`);
		await assertNoRawCodes(page, 'the accident list');

		// Filtered by grade: 重大 shows none, 较大 shows it.
		await chooseOption(page, page.locator('[data-filter=grade]'), '重大事故');
		const none = await answerOf(page, 'GET', /^\/api\/v1\/accidents$/,
		    () => page.locator('[data-test=search]').click());
		expectStatus(none, 200);
		assert.equal(none.url.searchParams.get('grade'), 'major');
		assert.equal(none.json.total, 0);

		await page.locator('.tabs .el-tabs__item').filter({ hasText: '事故统计' }).click();
		await page.waitForURL(/tab=stats/);
		const stats = page.locator('[data-test=accident-stats] .el-table__body-wrapper tbody tr');
		await waitForText(stats.last(), /合计/);
		const rows = (await stats.allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
		assert.deepEqual(rows.map((r) => r.split(' ')[0]), ['一般事故', '较大事故', '重大事故', '特别重大事故', '合计']);
		assert.equal(rows[1], '较大事故 1 3 0 1,000.00');
		assert.equal(rows[4], '合计 1 3 0 1,000.00');
		await chooseOption(page, page.locator('[data-filter=group_by]'), '按事故类别');
		const byType = await answerOf(page, 'GET', /^\/api\/v1\/stats\/accidents$/,
		    () => page.locator('[data-test=stats-search]').click());
		expectStatus(byType, 200);
		assert.equal(byType.url.searchParams.get('group_by'), 'type');
		await waitForText(stats.first(), /容器爆炸\s+1\s+3\s+0\s+1,000.00/);
	});
});

test('the city lists the accident (挂牌督办) from its page and extends the investigation', T, async (t) => {
	assert.ok(accidentId, 'the first test recorded an accident');
	const deadline = shanghaiDate(20);
	const reason = '较大生产安全事故，依法挂牌督办事故调查处理。';
	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		await loginThroughForm(page, srv.base, USERS.city);
		await page.goto(`${srv.base}/accidents/${accidentId}`);
		await waitForText(page.locator('[data-test=accident-grade]'), '较大事故');
		assert.deepEqual(await buttonsOf(page), ['补报伤亡', '延长调查期限', '提交调查报告', '挂牌督办', '返回']);

		// 延长调查期限: 30 days, with the reason.
		await page.locator('[data-test=action-extend_investigation]').click();
		const dialog = page.locator('.el-dialog:visible');
		await dialog.waitFor();
		await fillNumber(dialog.locator('[data-field=days]'), 30);
		await dialog.locator('[data-field=reason] textarea').fill('需进行技术鉴定，经市人民政府批准延长。');
		const ext = await answerOf(page, 'POST', /^\/api\/v1\/accidents\/\d+\/transitions$/,
		    () => dialog.locator('[data-test=action-submit]').click());
		expectStatus(ext, 200);
		assert.deepEqual(ext.sent, { action: 'extend_investigation', days: 30, reason: '需进行技术鉴定，经市人民政府批准延长。' });
		await dialog.waitFor({ state: 'hidden' });
		const card = page.locator('[data-test=deadlines-card]');
		await waitForText(card.locator('[data-test=investigation-due]'), addDays(occurredOn, 90));
		await waitForText(card.locator('[data-fact=investigation_due]'), /已延长 30 日/);
		await waitForText(page.locator('[data-test=timeline] [data-event=extend_investigation]'), /调查报告期限延长 30 日/);
		assert.deepEqual(await buttonsOf(page), ['补报伤亡', '提交调查报告', '挂牌督办', '返回'], 'extended once only');

		// 挂牌督办: the form comes with the accident chosen.
		await page.locator('[data-test=supervise-accident]').click();
		await page.waitForURL(/\/supervisions\/new\?/);
		assert.match(await page.locator('[data-field=kind] [data-kind=listing]').getAttribute('class'), /is-active/);
		assert.match(await page.locator('[data-field=target_type] [data-target=accident]').getAttribute('class'), /is-active/);
		await waitForText(page.locator('[data-test=accident-info]'), /容器爆炸事故[\s\S]*较大事故/);
		await fillPicker(page, page.locator('[data-field=deadline]'), deadline);
		await page.locator('[data-field=reason] textarea').fill(reason);
		const created = await answerOf(page, 'POST', /^\/api\/v1\/supervisions$/,
		    () => page.locator('[data-test=supervision-save]').click());
		expectStatus(created, 201);
		assert.deepEqual(created.sent, {
			kind: 'listing', target_type: 'accident', accident_id: accidentId, issued_on: shanghaiDate(), reason, deadline,
		});
		await page.waitForURL(/\/supervisions\/\d+$/);

		// The accident shows its listing.
		await page.goto(`${srv.base}/accidents/${accidentId}`);
		await waitForText(page.locator('[data-test=supervisions] [data-supervision=issued]'),
		    new RegExp(`挂牌督办[\\s\\S]*${deadline}[\\s\\S]*已下达`));
		await assertNoRawCodes(page, 'the listed accident');
	});
});

test('an enterprise user records an accident of its own; the live grade follows the serious injuries', T, async (t) => {
	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		await loginThroughForm(page, srv.base, USERS.enterprise);
		const me = (await api(srv.base, await login(srv.base, USERS.enterprise), 'GET', '/api/v1/me')).json.user;
		await page.goto(`${srv.base}/accidents`);
		await page.locator('[data-test=accident-new]').click();
		await page.waitForURL(/\/accidents\/new$/);
		await waitForText(page.locator('[data-test=own-enterprise]'), me.enterprise_name);
		assert.equal(await page.locator('[data-field=enterprise_id] .el-select').count(), 0, 'no enterprise to choose');

		const occurred = wall(Math.floor((Date.now() - 2 * 3600000) / 60000) * 60000);
		const reported = wall(new Date(rfc3339(occurred)).getTime() + 30 * 60000);
		await fillPicker(page, page.locator('[data-field=occurred_at]'), occurred);
		await fillPicker(page, page.locator('[data-field=reported_at]'), reported);
		await waitForText(page.locator('[data-test=live-timing]'), /按时报告/);
		await chooseOption(page, page.locator('[data-field=type]'), '中毒和窒息');
		await fillNumber(page.locator('[data-field=serious_injuries]'), 10);
		await waitForText(page.locator('[data-test=live-grade-tag]'), '较大事故');
		await waitForText(page.locator('[data-test=live-grade]'), /判定依据：重伤人数/);
		await fillNumber(page.locator('[data-field=serious_injuries]'), 9);
		await waitForText(page.locator('[data-test=live-grade-tag]'), '一般事故');

		const created = await answerOf(page, 'POST', /^\/api\/v1\/accidents$/,
		    () => page.locator('[data-test=accident-save]').click());
		expectStatus(created, 201);
		assert.equal(created.sent.enterprise_id, me.enterprise_id);
		assert.equal(created.sent.serious_injuries, 9);
		await page.waitForURL(/\/accidents\/\d+$/);
		await waitForText(page.locator('[data-test=accident-grade]'), '一般事故');
		await waitForText(page.locator('[data-test=deadlines-card] [data-fact=report_due]'), /按时报告/);
		assert.equal(await page.locator('[data-test=late-report]').count(), 0);
		assert.equal(await page.locator('[data-test=supervise-accident]').count(), 0, 'an enterprise lists nothing');
		await assertNoRawCodes(page, 'the enterprise\'s accident');
	});
});
