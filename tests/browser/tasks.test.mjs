// Browser test of plans and tasks (责任体系) against a real `anjian serve` and the built UI
// (ui/dist): the city user creates a plan (方案) in the 方案 tab and assigns two tasks to
// 东胜区应急管理局 from it — one due in a few days, one whose due date has passed; the district
// user (dongsheng) opens the first from the board, starts it, reports 50 % progress and
// completes it, the task page showing the progress and the timeline; the board then shows it
// under 已完成 and the other, overdue, first under 待启动, in red. A screenshot of the board
// is left at /tmp/task-board.png (ANJIAN_TASK_SHOTS overrides the directory).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, USERS } from '../lib/server.mjs';
import {
	chooseOption, closeBrowser, loginThroughForm, reEscape, startServerAndBrowser, TEST_TIMEOUT_MS,
	waitForText, withPage,
} from './browser.mjs';

const T = { timeout: Math.max(TEST_TIMEOUT_MS, 180000) };
const SHOTS = process.env.ANJIAN_TASK_SHOTS || '/tmp';

// Codes the UI must show by their Chinese names, never as they are.
const RAW_CODES = /\b(assigned|in_progress|done|action_plan|annual_tasks|start|report|complete|reopen|assign)\b/;

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

/** Types a date (or a year) into an Element Plus date picker and closes its panel. */
async function fillDate(page, container, date) {
	const input = container.locator('input').first();
	await input.click();
	await input.fill(date);
	await input.press('Enter');
	// Inside a dialog Escape would close the dialog: a click on the dialog's title closes
	// a panel still open.
	if (await page.locator('.el-picker-panel:visible').count())
		await page.locator('.el-dialog:visible .el-dialog__title').first().click();
	await page.locator('.el-picker-panel:visible').waitFor({ state: 'hidden' }).catch(() => {});
	assert.equal(await input.inputValue(), date);
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

/** Runs a transition of the task page through its dialog; resolves to the answer. */
async function transition(page, action, fill) {
	await page.locator(`[data-test=action-${action}]`).click();
	const dialog = page.locator('.el-dialog:visible');
	await dialog.waitFor();
	if (fill)
		await fill(dialog);
	const a = await answerOf(page, 'POST', /^\/api\/v1\/tasks\/\d+\/transitions$/,
	    () => dialog.locator('[data-test=action-submit]').click());
	expectStatus(a, 200);
	await dialog.waitFor({ state: 'hidden' });
	return a;
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

test('the city assigns tasks to 东胜区, dongsheng starts, reports and completes one; the board shows it', T, async (t) => {
	const today = shanghaiDate();
	const year = Number(today.slice(0, 4));
	// The plan runs from last year to next year, so both due dates lie in its period.
	const plan = { title: `安全生产治本攻坚三年行动方案（${year - 1}—${year + 1}年）`, doc_no: `鄂安委发〔${year - 1}〕3号` };
	const task = { title: '完成辖区重点企业执法检查全覆盖', due: shanghaiDate(10), target: '重点企业检查覆盖率 100%', weight: 5 };
	const late = { title: '建立安全生产责任清单', due: shanghaiDate(-3) };
	const report = '已完成辖区 60 家重点企业中 30 家的执法检查。';
	const finalReport = '辖区 60 家重点企业执法检查已全部完成。';
	let taskId;
	let lateId;

	// ---- the city: a plan, and two tasks for 东胜区应急管理局 ----
	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		await loginThroughForm(page, srv.base, USERS.city);
		await page.locator('.side-menu .el-menu-item').filter({ hasText: '责任体系' }).click();
		await page.waitForURL(/\/tasks/);

		await page.locator('[data-test=plan-new]').click();
		let dialog = page.locator('[data-test=plan-dialog]');
		await dialog.waitFor();
		await dialog.locator('[data-kind=action_plan]').click();
		await dialog.locator('[data-field=title] input').fill(plan.title);
		await dialog.locator('[data-field=doc_no] input').fill(plan.doc_no);
		await fillDate(page, dialog.locator('[data-field=period_from]'), String(year - 1));
		await fillDate(page, dialog.locator('[data-field=period_to]'), String(year + 1));
		let a = await answerOf(page, 'POST', /^\/api\/v1\/plans$/, () => dialog.locator('[data-test=plan-save]').click());
		expectStatus(a, 201);
		assert.deepEqual(a.sent, { kind: 'action_plan', title: plan.title, period_from: String(year - 1),
			period_to: String(year + 1), doc_no: plan.doc_no });
		await dialog.waitFor({ state: 'hidden' });
		await waitForText(page.locator('[data-test=plan-title]'), plan.title);
		await waitForText(page.locator('[data-test=plan-tree]'), new RegExp(reEscape(plan.title)));
		await waitForText(page.locator('[data-test=plan-info]'), new RegExp(`${year - 1}—${year + 1}年`));

		for (const x of [task, late]) {
			await page.locator('[data-test=task-new]').click();
			dialog = page.locator('[data-test=task-dialog]');
			await dialog.waitFor();
			await waitForText(dialog.locator('[data-field=plan_id] .el-select__wrapper'), new RegExp(reEscape(plan.title)));
			await dialog.locator('[data-field=title] input').fill(x.title);
			await chooseOption(page, dialog.locator('[data-field=owner_org_id]'), '东胜区应急管理局');
			await fillDate(page, dialog.locator('[data-field=due_on]'), x.due);
			if (x.target)
				await dialog.locator('[data-field=target] textarea').fill(x.target);
			if (x.weight) {
				const w = dialog.locator('[data-field=weight] input');
				await w.fill(String(x.weight));
				await w.blur();
			}
			a = await answerOf(page, 'POST', /^\/api\/v1\/tasks$/, () => dialog.locator('[data-test=task-save]').click());
			expectStatus(a, 201);
			assert.equal(a.sent.title, x.title);
			assert.equal(a.sent.due_on, x.due);
			assert.equal(a.json.owner_org_name, '东胜区应急管理局');
			assert.equal(a.json.status, 'assigned');
			x.id = a.json.id;
			await dialog.waitFor({ state: 'hidden' });
		}
		taskId = task.id;
		lateId = late.id;
		assert.equal(task.weight, 5);

		// The plan's table lists both; the late one is marked overdue.
		const rows = page.locator('[data-test=plan-tasks] .el-table__body-wrapper tbody tr');
		await waitForText(rows.filter({ hasText: task.title }).first(), /待启动/);
		const lateRow = rows.filter({ hasText: late.title }).first();
		await waitForText(lateRow, /逾期/);
		await assertNoRawCodes(page, 'the plan tree');
	});

	// ---- dongsheng: start, report 50 %, complete ----
	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		await loginThroughForm(page, srv.base, USERS.district);
		await page.locator('.side-menu .el-menu-item').filter({ hasText: '责任体系' }).click();
		await page.waitForURL(/\/tasks/);
		await page.locator('.el-tabs__item').filter({ hasText: '任务看板' }).click();
		await page.waitForURL(/tab=board/);
		const card = page.locator(`[data-column=assigned] [data-task="${taskId}"]`);
		await waitForText(card, new RegExp(reEscape(task.title)));
		await card.click();
		await page.waitForURL(new RegExp(`/tasks/${taskId}$`));
		await waitForText(page.locator('[data-test=task-status]'), '待启动');
		await waitForText(page.locator('[data-test=days-left]'), '剩余 10 天');

		let a = await transition(page, 'start', (d) => d.locator('[data-field=note] textarea').fill('已部署开展'));
		assert.deepEqual(a.sent, { action: 'start', note: '已部署开展' });
		await waitForText(page.locator('[data-test=task-status]'), '进行中');

		a = await transition(page, 'report', async (d) => {
			const input = d.locator('[data-test=percent-input] input');
			await input.fill('50');
			await input.blur();
			await d.locator('[data-field=text] textarea').fill(report);
		});
		assert.deepEqual(a.sent, { action: 'report', percent: 50, text: report });
		await waitForText(page.locator('[data-test=task-percent]'), /50%/);
		const progress = page.locator('[data-test=progress-table] .el-table__body-wrapper tbody tr');
		await waitForText(progress.first(), new RegExp(`50%[\\s\\S]*${reEscape(report)}`));

		a = await transition(page, 'complete', (d) => d.locator('[data-field=text] textarea').fill(finalReport));
		assert.deepEqual(a.sent, { action: 'complete', text: finalReport, done_on: today });
		await waitForText(page.locator('[data-test=task-status]'), '已完成');
		await waitForText(page.locator('[data-test=task-percent]'), /100%/);
		await waitForText(page.locator('[data-test=task-done-on]'), today);
		await waitForText(progress.first(), /完成报告/);
		const events = await page.locator('[data-test=timeline] .event').evaluateAll((els) => els.map((e) => e.dataset.event));
		assert.deepEqual(events, ['assign', 'start', 'report', 'complete']);
		await waitForText(page.locator('[data-test=timeline]'), /下达任务[\s\S]*启动[\s\S]*报告进展[\s\S]*进度：0% → 50%[\s\S]*完成/);
		assert.equal(await page.locator('[data-test=task-actions] [data-test^=action-]').count(), 0,
		    'nothing more for the owner once done');
		await assertNoRawCodes(page, 'the task page');

		// ---- the board: the task under 已完成; the late one first under 待启动, in red ----
		await page.goto(`${srv.base}/tasks?tab=board`);
		const done = page.locator(`[data-column=done] [data-task="${taskId}"]`);
		await waitForText(done, new RegExp(reEscape(task.title)));
		assert.equal(await done.getAttribute('data-overdue'), 'false');
		await waitForText(page.locator('[data-column=done] [data-test=column-count]'), '1');
		const lateCard = page.locator(`[data-column=assigned] [data-task="${lateId}"]`);
		await waitForText(lateCard, /逾期 3 天/);
		assert.equal(await lateCard.getAttribute('data-overdue'), 'true');
		const first = page.locator('[data-column=assigned] [data-test=board-card]').first();
		assert.equal(await first.getAttribute('data-task'), String(lateId), 'overdue first');
		const color = await lateCard.evaluate((el) => getComputedStyle(el).borderLeftColor);
		assert.equal(color, 'rgb(245, 108, 108)', 'the overdue card is red');
		await waitForText(page.locator('[data-test=board-orgs]'), /东胜区应急管理局\s+2\s+1\s+0\s+1\s+1/);
		await assertNoRawCodes(page, 'the task board');
		await fullShot(page, path.join(SHOTS, 'task-board.png'));
	});
});
