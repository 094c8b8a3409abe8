// Browser test of the login lock-out: five wrong passwords through the login form, then
// the right one answers 423 and the form says the account is locked. A server of its
// own, so the locked account does not disturb other tests.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, DEMO_PASSWORD, startServer, USERS } from '../lib/server.mjs';
import {
	closeBrowser, startServerAndBrowser, submitLogin, TEST_TIMEOUT_MS, waitForText, withPage,
} from './browser.mjs';

let srv;
let browser;

before(async () => {
	({ srv, browser } = await startServerAndBrowser(startServer));
});

after(async () => {
	await closeBrowser(browser);
	await srv?.stop();
});

test('five wrong passwords lock the account; the login form says so',
    { timeout: TEST_TIMEOUT_MS }, async (t) => {
	await withPage(browser, srv, t, async (s) => {
		const { page } = s;
		const session = /^\/api\/v1\/session$/;
		s.allow(401, session);
		s.allow(423, session);
		const user = USERS.reviewer;
		const error = page.locator('[data-test=login-error]');

		await page.goto(`${srv.base}/login`);
		const statuses = [];
		for (let i = 1; i <= 5; i++) {
			const res = await submitLogin(page, srv.base, user, `Wrong@Pass${i}`);
			statuses.push(res.status());
			const { error: e } = await res.json();
			// The form shows what the server said, and clears the password.
			await waitForText(error, e.message);
			assert.equal(await page.locator('input[name=password]').inputValue(), '');
			assert.match(page.url(), /\/login$/);
		}
		assert.deepEqual(statuses.slice(0, 4), [401, 401, 401, 401],
		    'the first four wrong passwords are plain failures');
		assert.ok([401, 423].includes(statuses[4]), `fifth: ${statuses[4]}`);

		const res = await submitLogin(page, srv.base, user, DEMO_PASSWORD);
		assert.equal(res.status(), 423, 'the right password is refused while locked');
		const body = await res.json();
		assert.equal(body.error.code, 'locked');
		await waitForText(error, /锁定/);
		assert.ok((await error.innerText()).includes(body.error.message),
		    `the form shows the server's message "${body.error.message}"`);
		assert.match(page.url(), /\/login$/, 'still on the login page');
		assert.equal(await page.locator('[data-test=user-menu]').count(), 0);

		// Locked on the server too, and only this account.
		const again = await api(srv.base, null, 'POST', '/api/v1/session',
		    { username: user, password: DEMO_PASSWORD });
		assert.equal(again.status, 423);
		const other = await api(srv.base, null, 'POST', '/api/v1/session',
		    { username: USERS.inspector, password: DEMO_PASSWORD });
		assert.equal(other.status, 201, 'another account still logs in');
	});
});
