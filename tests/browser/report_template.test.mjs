// Browser test of the annual report page (述法报告) against a real `anjian serve` and the
// built UI (ui/dist), on an `init --demo` database with a few hazards made here:
//
// - the city user opens the page, inserts a placeholder by a click in the placeholder list,
//   saves the template, and the preview (the report as Markdown, drawn from the saved
//   template) shows the new paragraph with the figure filled in; the download links name
//   the year and the three formats;
// - a placeholder that names no figure is refused (422), and the server's message is shown
//   on the template field; nothing is saved;
// - 恢复默认模板 brings the default back;
// - a viewer (leader) reads the same page: the template read-only, no save button.
// A screenshot is left in /tmp (ANJIAN_REPORT_SHOTS overrides the directory).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { api, DEMO, listAll, login, startServer, uniq, USERS } from '../lib/server.mjs';
import {
	closeBrowser, loginThroughForm, startServerAndBrowser, TEST_TIMEOUT_MS, waitForText, withPage,
} from './browser.mjs';

const T = { timeout: Math.max(TEST_TIMEOUT_MS, 120000) };
const SHOTS = process.env.ANJIAN_REPORT_SHOTS || '/tmp';

const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const YEAR = Number(TODAY.slice(0, 4));

let srv;
let browser;

const ok = (r, what) => {
	assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`);
	return r.json;
};

before(async () => {
	({ srv, browser } = await startServerAndBrowser(startServer));
	// Three hazards found today in 东胜区, so the year has figures.
	const token = await login(srv.base, USERS.district);
	const ent = (await listAll(srv.base, token, '/api/v1/enterprises')).items
	    .find((e) => e.status === 'active' && e.region_code.startsWith(DEMO.district));
	for (let i = 0; i < 3; i++) {
		ok(await api(srv.base, token, 'POST', '/api/v1/hazards', {
			enterprise_id: ent.id, source: 'government_inspection', level: 'general',
			description: `安全出口被锁闭${uniq()}`, found_on: TODAY, deadline: TODAY, measures: '立即打开',
		}), 'hazard');
	}
});

after(async () => {
	await closeBrowser(browser);
	await srv?.stop();
});

/** Opens the report page of this year; resolves once the template and the preview are in. */
async function openReport(page) {
	await page.goto(`${srv.base}/annual-report?year=${YEAR}`);
	await page.locator('[data-test=template-state]').waitFor();
	await waitForText(page.locator('[data-test=preview]'), /述法报告/);
}

const textarea = (page) => page.locator('[data-field=body] textarea');

test('the city user edits the template, saves it and the preview shows the change; a bad placeholder is refused on the field', T,
    (t) => withPage(browser, srv, t, async (s) => {
	const { page } = s;
	s.allow(422, /^\/api\/v1\/reports\/annual\/template$/);
	await loginThroughForm(page, srv.base, USERS.city);
	await openReport(page);
	const token = await login(srv.base, USERS.city);
	const sum = ok(await api(srv.base, token, 'GET', '/api/v1/stats/summary', undefined,
	    { query: { year: YEAR } }), 'summary');
	assert.ok(sum.hazards.found >= 3);
	await waitForText(page.locator('[data-test=template-state]'), '默认模板');
	assert.equal(await page.locator('[data-test=save]').isDisabled(), true, 'nothing to save yet');

	// The downloads: Word, PDF and Markdown of this year.
	for (const format of ['docx', 'pdf', 'md']) {
		const href = await page.locator(`[data-test=download-${format}]`).getAttribute('href');
		assert.equal(href, `/api/v1/reports/annual?year=${YEAR}&format=${format}`);
	}

	// A new paragraph after the title, its figure inserted from the placeholder list.
	const marker = `本年度测试段落${uniq()}：共排查隐患`;
	const body = await textarea(page).inputValue();
	const cut = body.indexOf('\n') + 1;
	await textarea(page).fill(`${body.slice(0, cut)}\n${marker}项。\n${body.slice(cut)}`);
	const at = cut + 1 + marker.length;
	await textarea(page).evaluate((el, i) => el.setSelectionRange(i, i), at);
	await page.locator('.el-tabs__item', { hasText: '占位符' }).click();
	const row = page.locator('[data-test=placeholders] .el-table__row')
	    .filter({ has: page.locator('[data-placeholder="hazards.found"]') });
	await waitForText(row, new RegExp(`${sum.hazards.found}\\s*$`));
	await row.click();
	assert.ok((await textarea(page).inputValue()).includes(`${marker}{{hazards.found}}项。`),
	    'the click inserted the placeholder at the cursor');
	await page.locator('[data-test=dirty]').waitFor();

	const [put] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'PUT' &&
		    new URL(r.url()).pathname === '/api/v1/reports/annual/template'),
		page.locator('[data-test=save]').click(),
	]);
	assert.equal(put.status(), 200);
	await waitForText(page.locator('[data-test=template-state]'), '已修改');
	const preview = page.locator('[data-test=preview]');
	await waitForText(preview, new RegExp(`${marker}${sum.hazards.found}项。`));
	await page.locator('[data-test=dirty]').waitFor({ state: 'detached' });
	const md = await api(srv.base, token, 'GET', '/api/v1/reports/annual', undefined,
	    { query: { year: YEAR, format: 'md' } });
	assert.ok(md.text.includes(`${marker}${sum.hazards.found}项。`), 'the server keeps the template');
	await page.mouse.move(1, 1);
	await page.screenshot({ path: path.join(SHOTS, 'anjian-annual-report.png') });

	// A placeholder naming no figure: 422 on the field, shown under it; nothing saved.
	const saved = await textarea(page).inputValue();
	await textarea(page).fill(saved.replace(`${marker}{{hazards.found}}`, `${marker}{{hazards.foundd}}`));
	const [bad] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'PUT' &&
		    new URL(r.url()).pathname === '/api/v1/reports/annual/template'),
		page.locator('[data-test=save]').click(),
	]);
	assert.equal(bad.status(), 422);
	const message = (await bad.json()).error.fields.find((f) => f.field === 'body').message;
	assert.match(message, /hazards\.foundd/);
	await waitForText(page.locator('[data-field=body] .el-form-item__error'), message);
	await page.locator('[data-test=dirty]').waitFor();
	const still = await api(srv.base, token, 'GET', '/api/v1/reports/annual/template', undefined,
	    { query: { year: YEAR } });
	assert.equal(still.json.body, saved, 'the bad template was not stored');

	// Back to the default (after confirming): the paragraph is gone from the preview.
	await textarea(page).fill(saved);
	await page.locator('[data-test=revert]').click();
	await page.locator('.el-message-box__btns .el-button--primary').click();
	await waitForText(page.locator('[data-test=template-state]'), '默认模板');
	await waitForText(preview, /述法报告/);
	assert.ok(!(await preview.innerText()).includes(marker), 'the default has no test paragraph');
	assert.equal((await api(srv.base, token, 'GET', '/api/v1/reports/annual/template', undefined,
	    { query: { year: YEAR } })).json.is_default, true);
}));

test('a viewer reads the report and its template but cannot change it', T,
    (t) => withPage(browser, srv, t, async (s) => {
	const { page } = s;
	await loginThroughForm(page, srv.base, USERS.viewer);
	await page.locator('aside li.el-menu-item:has-text("述法报告")').click();
	await page.waitForURL((u) => u.pathname === '/annual-report');
	await page.locator('[data-test=template-state]').waitFor();
	await waitForText(page.locator('[data-test=preview]'), /述法报告/);
	assert.equal(await textarea(page).getAttribute('readonly'), '');
	assert.equal(await page.locator('[data-test=save]').count(), 0, 'no save button');
	assert.equal(await page.locator('[data-test=revert]').count(), 0, 'no revert button');
}));
