// Browser tests of the enterprise archive (企业档案) against a real `anjian serve` and the
// built UI (ui/dist): the create → correct → search → export flow, data scope, roles,
// and logout. One server and one browser for the file; a fresh browser context (own
// cookies) per test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
	api, DEMO, listAll, login, makeUscc, startServer, tmpDir, uniq, USERS,
} from '../lib/server.mjs';
import {
	chooseOption, closeBrowser, loginThroughForm, reEscape, startServerAndBrowser,
	TEST_TIMEOUT_MS, waitForText, withPage,
} from './browser.mjs';

const T = { timeout: TEST_TIMEOUT_MS };

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** The GB 32100 check character, computed here independently of the helper. */
function checkChar(first17) {
	let sum = 0;
	for (let i = 0; i < 17; i++)
		sum += USCC_CHARSET.indexOf(first17[i]) * (3 ** i % 31);
	return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * The XML text of an xlsx's cells, read by python3's zipfile: xl/sharedStrings.xml when
 * there is one, and the worksheets (libxlsxwriter's constant-memory mode, which the
 * export uses, writes its strings inline in the sheet instead of in sharedStrings.xml).
 */
function xlsxText(file) {
	const py = `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
names = z.namelist()
parts = [n for n in names if n == 'xl/sharedStrings.xml' or
         (n.startswith('xl/worksheets/') and n.endswith('.xml'))]
text = ''.join(z.read(n).decode('utf-8') for n in parts)
print(json.dumps({'bad': bad, 'names': names, 'text': text}))
`;
	return JSON.parse(execFileSync('python3', ['-c', py, file], { encoding: 'utf8' }));
}

let srv;
let browser;
let cityToken;
let adminToken;

before(async () => {
	({ srv, browser } = await startServerAndBrowser(startServer));
	cityToken = await login(srv.base, USERS.city);
	adminToken = await login(srv.base, USERS.admin);
});

after(async () => {
	await closeBrowser(browser);
	await srv?.stop();
});


/**
 * The bureau's users (city, district, viewer) land on the dashboard (仪表盘) after login;
 * from there the menu opens the enterprise registry.
 */
async function openRegistry(page) {
	await page.waitForURL(/\/dashboard$/);
	await page.locator('aside li.el-menu-item:has-text("企业档案")').click();
	await page.waitForURL(/\/enterprises$/);
}

test('city creates an enterprise: wrong USCC refused beside the field, corrected, found, exported',
    T, async (t) => {
	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		s.allow(422, /^\/api\/v1\/enterprises$/);
		const name = `浏览器测试${uniq()}化工有限公司`;
		const good = makeUscc(DEMO.district);
		assert.equal(good.at(-1), checkChar(good.slice(0, 17)), 'makeUscc follows GB 32100');
		const wrongCheck = USCC_CHARSET[(USCC_CHARSET.indexOf(good.at(-1)) + 1) %
		    USCC_CHARSET.length];
		const wrong = good.slice(0, 17) + wrongCheck;
		assert.notEqual(wrong, good);

		// The login page is where an anonymous visitor lands.
		await page.goto(srv.base + '/');
		await page.waitForURL(/\/login(\?|$)/);
		await loginThroughForm(page, srv.base, USERS.city);
		await openRegistry(page);

		await page.locator('[data-test=enterprise-new]').click();
		await page.waitForURL(/\/enterprises\/new$/);
		await page.locator('[data-field=name] input').fill(name);
		await page.locator('[data-field=uscc] input').fill(wrong);
		await chooseOption(page, page.locator('[data-field=region_code]'), '东胜区');
		await chooseOption(page, page.locator('[data-field=sector]'), '化工和危险化学品');

		// Save with the wrong check character: the server's message beside the field.
		const [refused] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST' &&
			    new URL(r.url()).pathname === '/api/v1/enterprises'),
			page.locator('[data-test=enterprise-save]').click(),
		]);
		assert.equal(refused.status(), 422, 'a wrong check character is refused with 422');
		const body = await refused.json();
		const sent = JSON.parse(refused.request().postData());
		assert.deepEqual({ name: sent.name, uscc: sent.uscc, region_code: sent.region_code,
			sector: sent.sector },
		    { name, uscc: wrong, region_code: DEMO.district, sector: 'chemical' },
		    'the form sends what was typed and chosen');
		const usccError = body.error.fields?.find((f) => f.field === 'uscc');
		assert.ok(usccError, `the 422 names the uscc field: ${JSON.stringify(body)}`);
		await waitForText(page.locator('[data-field=uscc] .el-form-item__error'),
		    usccError.message);
		// Only the uscc field is marked.
		assert.equal(await page.locator('.el-form-item__error').count(), 1);
		assert.match(page.url(), /\/enterprises\/new$/);
		const none = await listAll(srv.base, cityToken, '/api/v1/enterprises',
		    { q: name, status: 'all' });
		assert.equal(none.total, 0, 'nothing was stored by the refused save');
		assert.equal(none.items.length, 0);

		// Correct the code and save again: the page moves to the new record.
		await page.locator('[data-field=uscc] input').fill(good);
		const [created] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST' &&
			    new URL(r.url()).pathname === '/api/v1/enterprises'),
			page.locator('[data-test=enterprise-save]').click(),
		]);
		assert.equal(created.status(), 201, 'the corrected enterprise is created');
		const { id } = await created.json();
		assert.ok(Number.isInteger(id) && id > 0, `an id: ${id}`);
		await page.waitForURL(new RegExp(`/enterprises/${id}$`));
		await waitForText(page.locator('.page h2'), name);
		assert.equal(await page.locator('.el-form-item__error').count(), 0);
		const stored = await api(srv.base, cityToken, 'GET', `/api/v1/enterprises/${id}`);
		assert.equal(stored.status, 200);
		assert.equal(stored.json.name, name);
		assert.equal(stored.json.uscc, good);
		assert.equal(stored.json.region_code, DEMO.district);
		assert.equal(stored.json.sector, 'chemical');

		// Back to the list; search by the name.
		await page.getByRole('button', { name: '返回列表' }).click();
		await page.waitForURL(/\/enterprises$/);
		await page.locator('[data-filter=q] input').fill(name);
		const [listed] = await Promise.all([
			page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/enterprises' &&
			    new URL(r.url()).searchParams.get('q') === name),
			page.locator('[data-test=search]').click(),
		]);
		assert.equal(listed.status(), 200);
		const rows = page.locator('.el-table__body-wrapper tbody tr');
		await waitForText(page.locator('.cursor-pager'), /共 1 条/);
		await waitForText(rows.first(), new RegExp(reEscape(name)));
		assert.equal(await rows.count(), 1, 'one row');
		assert.match(await rows.first().innerText(), new RegExp(reEscape(good)));

		// Export the searched list as Excel.
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.locator('[data-test=export-xlsx]').click(),
		]);
		assert.equal(await download.failure(), null, 'the download completed');
		assert.match(download.suggestedFilename(), /\.xlsx$/, 'saved as an .xlsx file');
		const exportUrl = new URL(download.url());
		assert.equal(exportUrl.pathname, '/api/v1/enterprises');
		assert.equal(exportUrl.searchParams.get('format'), 'xlsx');
		assert.equal(exportUrl.searchParams.get('q'), name, 'the export carries the search');
		const file = path.join(tmpDir('anjian-browser-'), 'export.xlsx');
		await download.saveAs(file);
		const bytes = fs.readFileSync(file);
		assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an xlsx is a zip');
		const x = xlsxText(file);
		assert.equal(x.bad, null, 'every member of the zip passes its CRC');
		assert.ok(x.names.includes('[Content_Types].xml') && x.names.includes('xl/workbook.xml'),
		    `an xlsx package: ${x.names.join(', ')}`);
		assert.ok(x.text.includes('企业名称'), 'the header row is there');
		assert.ok(x.text.includes(name), 'the new enterprise is there');
		assert.ok(x.text.includes(good), 'with its code');
		// Only the searched row: a demo enterprise is not in the file.
		const other = (await api(srv.base, cityToken, 'GET', '/api/v1/enterprises', undefined,
		    { query: { limit: 5 } })).json.items.find((e) => e.name !== name);
		assert.ok(other && !x.text.includes(other.name), 'the export holds the search only');
	});
});

test('district user sees only the district, in the list and by URL', T, async (t) => {
	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		const token = await login(srv.base, USERS.district);
		const mine = await listAll(srv.base, token, '/api/v1/enterprises');
		assert.ok(mine.total > 0 && mine.total <= 20, `a one-page list: ${mine.total}`);
		const kangbashi = await listAll(srv.base, adminToken, '/api/v1/enterprises',
		    { region: DEMO.otherDistrict });
		assert.ok(kangbashi.items.length > 0, 'the demo has enterprises in 康巴什区');
		const foreign = kangbashi.items[0];
		assert.match(foreign.region_name, /^康巴什区/);
		s.allow(404, new RegExp(`^/api/v1/enterprises/${foreign.id}$`));

		await loginThroughForm(page, srv.base, USERS.district);
		await openRegistry(page);
		const rows = page.locator('.el-table__body-wrapper tbody tr');
		await waitForText(page.locator('.cursor-pager'), new RegExp(`共 ${mine.total} 条`));
		await waitForText(rows.nth(mine.total - 1), /\S/);
		assert.equal(await rows.count(), mine.total, 'every row of the scope is shown');
		const regions = await rows.locator('td:nth-child(3)').allInnerTexts();
		assert.equal(regions.length, mine.total);
		for (const r of regions)
			assert.match(r.trim(), /^东胜区/, `a row outside 东胜区: ${r}`);
		const names = await rows.locator('td:nth-child(1)').allInnerTexts();
		assert.deepEqual(names.map((n) => n.trim()).sort(), mine.items.map((e) => e.name).sort());

		// Another district's record by URL: not found, and none of it shown.
		const [res] = await Promise.all([
			page.waitForResponse((r) =>
			    new URL(r.url()).pathname === `/api/v1/enterprises/${foreign.id}`),
			page.goto(`${srv.base}/enterprises/${foreign.id}`),
		]);
		assert.equal(res.status(), 404);
		await waitForText(page.locator('.el-result'), /无法打开企业档案[\s\S]*不存在/);
		const text = await page.locator('body').innerText();
		assert.ok(!text.includes(foreign.name), 'the record name is not shown');
		assert.ok(!text.includes(foreign.uscc), 'the record code is not shown');
		assert.equal(await page.locator('[data-test=enterprise-save]').count(), 0);
	});
});

describe('roles', () => {
	test('viewer (leader) has no create button and no save button', T, async (t) => {
		await withPage(browser, srv, t, async (s) => {
			const { page } = s;
			await loginThroughForm(page, srv.base, USERS.viewer);
			await openRegistry(page);
			const first = page.locator('.el-table__body-wrapper tbody tr a.link').first();
			await first.waitFor();
			// The toolbar is drawn (export) but without 新增企业.
			await page.locator('[data-test=export-xlsx]').waitFor();
			assert.equal(await page.locator('[data-test=enterprise-new]').count(), 0);

			const name = (await first.innerText()).trim();
			await first.click();
			await page.waitForURL(/\/enterprises\/\d+$/);
			await waitForText(page.locator('.page h2'), name);
			await waitForText(page.locator('[data-test=enterprise-status]'), /\S/);
			assert.equal(await page.locator('[data-field=name] input').inputValue(), name);
			assert.equal(await page.locator('[data-test=enterprise-save]').count(), 0);
			assert.ok(await page.locator('[data-field=name] input').isDisabled());
			assert.ok(await page.locator('[data-field=address] input').isDisabled());

			// Going to 新增企业 by URL does not open the form.
			await page.goto(`${srv.base}/enterprises/new`);
			await page.waitForURL(/\/enterprises$/);
			assert.equal(await page.locator('[data-test=enterprise-new]').count(), 0);
		});
	});

	test('enterprise staff land on their enterprise; only contact fields are editable', T,
	    async (t) => {
		await withPage(browser, srv, t, async (s) => {
			const { page } = s;
			const token = await login(srv.base, USERS.enterprise);
			const me = (await api(srv.base, token, 'GET', '/api/v1/me')).json;
			const id = me.user.enterprise_id;
			assert.ok(id, 'the demo enterprise user is bound to an enterprise');

			await loginThroughForm(page, srv.base, USERS.enterprise);
			await page.waitForURL(new RegExp(`/enterprises/${id}$`));
			await waitForText(page.locator('.page h2'), me.user.enterprise_name);
			await page.locator('[data-test=enterprise-save]').waitFor();
			assert.equal(await page.locator('[data-field=name] input').inputValue(),
			    me.user.enterprise_name);
			for (const f of ['name', 'uscc', 'region_code', 'sector', 'hazchem',
				'major_hazard_source', 'risk_color', 'supervising_org_id']) {
				const input = page.locator(`[data-field=${f}] input`).first();
				assert.ok(await input.isDisabled(), `${f} is disabled`);
			}
			for (const f of ['address', 'lat', 'lon', 'scale', 'employees', 'legal_rep',
				'principal', 'principal_phone', 'safety_manager']) {
				const input = page.locator(`[data-field=${f}] input`).first();
				assert.ok(await input.isEnabled(), `${f} is editable`);
			}
			// The list is not theirs to open: they are sent back to their enterprise.
			await page.goto(`${srv.base}/enterprises`);
			await page.waitForURL(new RegExp(`/enterprises/${id}$`));
			await waitForText(page.locator('.page h2'), me.user.enterprise_name);
		});
	});

	for (const [who, seesUsers] of [[USERS.admin, true], [USERS.city, false]]) {
		test(`${who} side menu: 审计日志${seesUsers ? ' and 用户管理' : ', no 用户管理'}`, T,
		    async (t) => {
			await withPage(browser, srv, t, async (s) => {
				const { page } = s;
				await loginThroughForm(page, srv.base, who);
				const menu = page.locator('.side-menu');
				await waitForText(menu, /企业档案/);
				const audit = menu.locator('.el-menu-item', { hasText: '审计日志' });
				await audit.waitFor();
				assert.ok(await audit.isVisible(), '审计日志 is in the menu');
				const users = menu.locator('.el-menu-item', { hasText: '用户管理' });
				assert.equal(await users.count(), seesUsers ? 1 : 0);
				if (seesUsers)
					assert.ok(await users.isVisible(), '用户管理 is visible');
				// The entry opens its page.
				await audit.click();
				await page.waitForURL(/\/audit$/);
			});
		});
	}
});

test('logout from the user menu ends the session', T, async (t) => {
	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		await loginThroughForm(page, srv.base, USERS.inspector);
		await page.waitForURL(/\/enterprises$/);
		const me = await page.request.get(`${srv.base}/api/v1/me`);
		assert.equal(me.status(), 200, 'logged in by the cookie');

		await page.locator('[data-test=user-menu]').click();
		const [res] = await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'DELETE' &&
			    new URL(r.url()).pathname === '/api/v1/session'),
			page.locator('[data-test=logout]').click(),
		]);
		assert.equal(res.status(), 204);
		await page.waitForURL(/\/login$/);
		await page.locator('[data-test=login-submit]').waitFor();

		// A protected page, reloaded, stays on the login page.
		await page.goto(`${srv.base}/enterprises`);
		await page.waitForURL(/\/login\?redirect=/);
		await page.reload();
		await page.waitForURL(/\/login/);
		await page.locator('[data-test=login-submit]').waitFor();
		assert.equal(await page.locator('[data-test=user-menu]').count(), 0);
		const after = await page.request.get(`${srv.base}/api/v1/me`);
		assert.equal(after.status(), 401, 'the session is gone on the server too');
	});
});
