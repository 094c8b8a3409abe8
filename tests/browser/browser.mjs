// Shared browser set-up of the browser tests and scripts/screenshot: Debian's chromium
// driven by playwright-core (no browser is ever downloaded), plus small helpers for the
// UI's login form, Element Plus dropdowns and console-error checking.
//
//   const { srv, browser } = await startServerAndBrowser(startServer);
//   test('…', { timeout: TEST_TIMEOUT_MS }, (t) => withPage(browser, srv, t, async (s) => {
//     s.allow(422, /^\/api\/v1\/enterprises$/);     // an HTTP error the test expects
//     await loginThroughForm(s.page, srv.base, 'city');
//     …                                              // fails on other console errors
//   }));
//   await closeBrowser(browser); await srv.stop();
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.ANJIAN_CHROMIUM || '/usr/bin/chromium';

export const LAUNCH_OPTIONS = Object.freeze({
	executablePath: CHROMIUM,
	headless: true,
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		'--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

export const VIEWPORT = Object.freeze({ width: 1440, height: 860 });

/** Where failing tests leave a screenshot. */
export const SHOT_DIR = process.env.ANJIAN_SHOT_DIR || path.join(os.tmpdir(), 'anjian-browser');

export function launchBrowser() {
	return chromium.launch(LAUNCH_OPTIONS);
}

/** The pids of this process's chromium children (read from /proc). */
function chromiumChildren() {
	const out = [];
	for (const d of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(d))
			continue;
		try {
			const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
			// pid (comm) state ppid …
			const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
			if (m && Number(m[2]) === process.pid && /chrom/.test(m[1]))
				out.push(Number(d));
		} catch {
			// gone meanwhile
		}
	}
	return out;
}

/**
 * Closes the browser; if it does not close within `ms`, kills the chromium processes
 * this process started, so a hung browser cannot keep the test process alive.
 */
export async function closeBrowser(browser, ms = 15000) {
	if (!browser)
		return;
	let timer;
	const outcome = await Promise.race([
		browser.close().then(() => 'closed', (e) => e),
		new Promise((r) => { timer = setTimeout(r, ms, 'timeout'); }),
	]);
	clearTimeout(timer);
	if (outcome !== 'closed') {
		for (const pid of chromiumChildren()) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	}
}

/**
 * Starts `startServer(options)` (tests/lib/server.mjs) and the browser side by side; if
 * either fails, the other is shut down before the error is thrown, so nothing is left
 * running to keep the test process alive.
 */
export async function startServerAndBrowser(startServer, options) {
	const [s, b] = await Promise.allSettled([startServer(options), launchBrowser()]);
	if (s.status === 'fulfilled' && b.status === 'fulfilled')
		return { srv: s.value, browser: b.value };
	if (b.status === 'fulfilled')
		await closeBrowser(b.value);
	if (s.status === 'fulfilled')
		await s.value.stop().catch(() => {});
	throw s.status === 'rejected' ? s.reason : b.reason;
}

/** How long one browser test may take before it fails (a hang becomes a failure). */
export const TEST_TIMEOUT_MS = Number(process.env.ANJIAN_BROWSER_TEST_TIMEOUT_MS || 90000);

/** A new isolated context (own cookies) of the usual size. */
export function newContext(browser) {
	return browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', acceptDownloads: true });
}

// Chromium logs every HTTP error answer of a fetch as a console error
// ("Failed to load resource: the server responded with a status of 404 (Not Found)").
const HTTP_ERROR = /^Failed to load resource: the server responded with a status of (\d+)/;

/**
 * A page in a fresh context that records console errors and uncaught exceptions.
 * `allow(status, pathRegExp)` declares an HTTP error answer the test expects; every
 * other console error fails `check()` / `close()`. A 401 of the session probe
 * (GET /api/v1/me while logged out) is always expected; favicon misses are ignored.
 * On failure, `close(err)` leaves a screenshot in SHOT_DIR and names it in the error.
 */
export async function openSession(browser, base, t) {
	const context = await newContext(browser);
	const page = await context.newPage();
	page.setDefaultTimeout(10000);
	page.setDefaultNavigationTimeout(15000);
	const errors = [];
	const allowed = [{ status: 401, path: /^\/api\/v1\/me$/ }];
	const isAllowed = (status, url) => {
		let p = '';
		try {
			p = new URL(url).pathname;
		} catch {
			return false;
		}
		if (/favicon/.test(p))
			return true;
		return allowed.some((a) => a.status === status && a.path.test(p));
	};
	page.on('console', (msg) => {
		if (msg.type() !== 'error')
			return;
		const text = msg.text();
		const url = msg.location()?.url || '';
		const m = HTTP_ERROR.exec(text);
		if (m && isAllowed(Number(m[1]), url))
			return;
		if (/favicon/.test(url) || /favicon/.test(text))
			return;
		errors.push(`console.error: ${text}${url ? ` (${url})` : ''}`);
	});
	page.on('pageerror', (err) => errors.push(`uncaught: ${err.stack || err.message}`));

	const name = (t?.name || 'page').replace(/[^\w\u4e00-\u9fff-]+/g, '_').slice(0, 80);
	let closed = false;
	const session = {
		page,
		context,
		errors,
		/** The test expects an HTTP `status` answer for paths matching `pathRe`. */
		allow(status, pathRe) {
			allowed.push({ status, path: pathRe });
		},
		/** Fails when an unexpected console error was logged so far. */
		check() {
			assert.deepEqual(errors, [], `the browser logged console errors:\n${errors.join('\n')}`);
		},
		/** Saves a screenshot of the page; returns its path. */
		async shot(suffix = 'failure') {
			fs.mkdirSync(SHOT_DIR, { recursive: true });
			const file = path.join(SHOT_DIR, `${name}-${suffix}.png`);
			await page.screenshot({ path: file, fullPage: true }).catch(() => {});
			return file;
		},
		async close() {
			if (closed)
				return;
			closed = true;
			await context.close();
		},
	};
	return session;
}

/**
 * Runs `fn(session)` on a fresh page against `srv` (a startServer() result); a failure
 * gets a screenshot (named in the error, with the end of the server's log if it has
 * exited), and the test fails when the page logged an unexpected console error.
 */
export async function withPage(browser, srv, t, fn) {
	const s = await openSession(browser, srv.base, t);
	try {
		await fn(s);
		s.check();
	} catch (err) {
		const file = await s.shot();
		if (err && typeof err === 'object' && typeof err.message === 'string') {
			err.message += `\n  page: ${s.page.url()}\n  screenshot: ${file}`;
			if (s.errors.length)
				err.message += `\n  console errors:\n    ${s.errors.join('\n    ')}`;
			const p = srv.proc;
			if (p && (p.exitCode !== null || p.signalCode !== null))
				err.message += `\n  the server has exited (${p.exitCode ?? p.signalCode}); ` +
				    `its log ends:\n${srv.logs().slice(-3000)}`;
		}
		throw err;
	} finally {
		await s.close();
	}
}

/**
 * Logs in through the login form; resolves to the answer of POST /api/v1/session
 * (whatever its status). Does not wait for the navigation that follows a success.
 */
export async function submitLogin(page, base, username, password) {
	if (!/\/login(\?|$)/.test(page.url())) {
		await page.goto(`${base}/login`);
	}
	await page.locator('input[name=username]').fill(username);
	await page.locator('input[name=password]').fill(password);
	const [res] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' &&
		    new URL(r.url()).pathname === '/api/v1/session'),
		page.locator('[data-test=login-submit]').click(),
	]);
	return res;
}

/** Logs in through the form and waits until the app has left the login page. */
export async function loginThroughForm(page, base, username, password) {
	const { DEMO_PASSWORD } = await import('../lib/server.mjs');
	const res = await submitLogin(page, base, username, password ?? DEMO_PASSWORD);
	assert.equal(res.status(), 201, `login ${username}: HTTP ${res.status()}`);
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
	// The layout (user menu) is drawn once /me has been loaded.
	await page.locator('[data-test=user-menu]').waitFor();
}

/** Escapes a string for use inside a RegExp. */
export const reEscape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Waits until the text of `locator` matches `re` (a RegExp or exact string); fails with
 * the last text seen.
 */
export async function waitForText(locator, re, { timeout = 10000 } = {}) {
	const test = typeof re === 'string' ? (s) => s.trim() === re : (s) => re.test(s);
	const deadline = Date.now() + timeout;
	let last = '(not found)';
	for (;;) {
		try {
			last = await locator.innerText({ timeout: Math.max(1, deadline - Date.now()) });
			if (test(last))
				return last;
		} catch {
			// not there yet
		}
		if (Date.now() >= deadline)
			break;
		await new Promise((r) => setTimeout(r, 50));
	}
	assert.fail(`waited ${timeout} ms for the text of ${locator} to match ${re}; last: ${
	    JSON.stringify(last)}`);
}

/** The option of the currently open Element Plus dropdown with exactly this label. */
function openOption(page, label) {
	// el-tree-select draws each tree node's label as such an item too.
	return page.locator('.el-popper:visible .el-select-dropdown__item:visible')
	    .filter({ hasText: new RegExp(`^\\s*${reEscape(label)}\\s*$`) });
}

/**
 * Chooses `label` in the Element Plus select (el-select or el-tree-select) inside
 * `container` by opening its dropdown and clicking the option, as a user would.
 */
export async function chooseOption(page, container, label) {
	await container.locator('.el-select__wrapper').click();
	const option = openOption(page, label);
	await option.first().waitFor({ state: 'visible' });
	assert.equal(await option.count(), 1, `one option "${label}" in the open dropdown`);
	await option.click();
	await waitForText(container.locator('.el-select__wrapper'),
	    new RegExp(`^\\s*${reEscape(label)}\\s*$`));
	// The dropdown closes on a choice.
	await page.locator('.el-popper:visible .el-select-dropdown').waitFor({ state: 'hidden' });
}
