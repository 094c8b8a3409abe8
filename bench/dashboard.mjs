// Times the dashboard (仪表盘) in Debian's chromium against a running server — a benchmark
// helper of bench/run-report, not a test. Logs in as `city` through the form, then N times:
// a fresh load of /dashboard (navigation start → the last chart drawn, as the page reports
// it in window.__dashboardReadyAt) and a click on 仪表盘 in the menu from the hazard list
// (click → the last chart drawn). Prints {loads: [ms…], clicks: [ms…]} as JSON.
//
//   node bench/dashboard.mjs http://127.0.0.1:PORT [N]
import { closeBrowser, launchBrowser, loginThroughForm, newContext } from '../tests/browser/browser.mjs';

const base = process.argv[2];
const n = Number(process.argv[3] || 5);
if (!base) {
	console.error('usage: node bench/dashboard.mjs BASE_URL [N]');
	process.exit(2);
}

const ready = (page) => page.locator('[data-test=dashboard][data-ready=true]').waitFor({ timeout: 30000 });
const browser = await launchBrowser();
try {
	const ctx = await newContext(browser);
	const page = await ctx.newPage();
	await loginThroughForm(page, base, 'city');
	await ready(page);
	const loads = [];
	const clicks = [];
	for (let i = 0; i < n; i++) {
		await page.goto(`${base}/dashboard`);
		await ready(page);
		loads.push(await page.evaluate(() => window.__dashboardReadyAt));
		await page.locator('aside li.el-menu-item:has-text("隐患排查治理")').click();
		await page.waitForURL((u) => u.pathname === '/hazards');
		await page.locator('main .el-table').first().waitFor();
		const t0 = await page.evaluate(() => performance.now());
		await page.locator('aside li.el-menu-item:has-text("仪表盘")').click();
		await ready(page);
		clicks.push((await page.evaluate(() => window.__dashboardReadyAt)) - t0);
	}
	console.log(JSON.stringify({ loads, clicks }));
	await ctx.close();
} finally {
	await closeBrowser(browser);
}
