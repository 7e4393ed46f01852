// Latchkey's pages in the account console as the demo user meets them: an API key created, shown once, verified the
// way an app verifies it, revoked and then refused; a connected service added and deleted; Discogs' status. Each
// page is screenshotted with real data; the keyboard alone drives the key dialog.
import { byTestId, check, realmUrl, screenshot, signInWithKeyboard, withPage } from './lib.mjs';

async function verify(key, query = '') {
  const response = await fetch(`${realmUrl}/api-keys/verify${query}`, { method: 'POST',
    headers: { Authorization: `Bearer ${key}` } });
  return { status: response.status, body: await response.json() };
}

const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`;

await withPage(async (page) => {
  await page.goto(`${realmUrl}/account/`);
  await signInWithKeyboard(page, 'demo', 'demo-password-1');
  await byTestId(page, 'api-keys').waitFor();
  check(await byTestId(page, 'connected-services').isVisible(), 'the menu has Latchkey pages next to Keycloak\'s');

  // API keys: create with the keyboard, see the key once, copy target focused.
  await byTestId(page, 'api-keys').click();
  await byTestId(page, 'api-key-name').waitFor();
  check((await byTestId(page, 'page-heading').textContent())?.trim() === 'API keys', 'API keys page heading');
  await byTestId(page, 'api-key-role-api-user').waitFor();
  await byTestId(page, 'api-key-name').focus();
  await page.keyboard.type('Browser test key');
  await page.keyboard.press('Tab');
  check(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')) === 'api-key-role-api-user',
    'Tab reaches the role the user may give');
  await page.keyboard.press('Space');
  await byTestId(page, 'api-key-environment').selectOption('test');
  // An expiry 30 days ahead (the date form: the key works through that day, UTC).
  await byTestId(page, 'api-key-expires').fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  await screenshot(page, '20-api-keys-form');
  await byTestId(page, 'api-key-name').focus();
  await page.keyboard.press('Enter');
  await byTestId(page, 'api-key-secret').waitFor();
  const key = await byTestId(page, 'api-key-secret').inputValue();
  check(/^sk_test_[A-Za-z0-9]{32}$/.test(key), 'the new key is shown');
  check(await page.getByText('This key is shown only once. Copy it now and store it safely.').isVisible(),
    'a clear warning that it is shown once');
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'api-key-copy');
  await screenshot(page, '21-api-key-shown-once');
  await page.keyboard.press('Escape');
  await byTestId(page, 'api-key-secret').waitFor({ state: 'detached' });
  check(!(await page.content()).includes(key), 'once closed, the key is nowhere on the page');
  // The list says how long the key has left, as the realm's lifetime policy counts it.
  const left = (await byTestId(page, 'api-key-expires-in-Browser test key').textContent())?.trim();
  check(left === 'expires in 30 days', `the key's row says how long it has left: ${left}`);
  await byTestId(page, 'api-key-expires-in-Browser test key').scrollIntoViewIfNeeded();
  await screenshot(page, '21b-api-key-expires-in');

  // The key works as an app uses it (what `curl -X POST -H "Authorization: Bearer $KEY" .../verify` does).
  const valid = await verify(key);
  check(valid.status === 200 && valid.body.valid === true, `verify accepts the key: ${JSON.stringify(valid)}`);
  // Two more, one costing 2 units of the demo plan's daily quota. What the chart must show is counted from what verify
  // answered: other tests on this server may have used up the demo user's quota today (then: USAGE_EXCEEDED).
  const usage = { verified: 1, quota: 1, exceeded: 0 };
  for (const query of ['', '?cost=2']) {
    const answer = await verify(key, query);
    if (answer.status === 200) {
      usage.verified++;
      usage.quota += query ? 2 : 1;
    } else {
      check(answer.status === 429 && answer.body.code === 'USAGE_EXCEEDED', `verify: ${JSON.stringify(answer)}`);
      usage.exceeded++;
    }
  }

  await byTestId(page, 'api-key-revoke-Browser test key').click();
  await byTestId(page, 'api-key-confirm').click();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="api-key-status-Browser test key"]')?.textContent === 'REVOKED');
  await screenshot(page, '22-api-key-revoked');
  const refused = await verify(key);
  check(refused.status === 401 && refused.body.valid === false, `verify refuses the revoked key: ${refused.status}`);

  // Usage, last 30 days: the totals in words and the chart show this key's real numbers once the usage flush (every
  // 5 s by default) has written them; the section reads them again each time it is opened.
  const section = byTestId(page, 'api-key-usage-Browser test key');
  const toggle = section.getByRole('button', { name: 'Usage, last 30 days' });
  const totals = byTestId(page, 'api-key-usage-totals-Browser test key');
  const want = [plural(usage.verified, 'verification', 'verifications'), 'revoked: 1',
    plural(usage.quota, 'quota unit', 'quota units') + ' used'].concat(usage.exceeded ? [`quota used up: ${usage.exceeded}`] : []);
  let said = '';
  for (let attempt = 0; attempt < 20 && !want.every((part) => said.includes(part)); attempt++) {
    if (attempt > 0) {
      await toggle.click();
      await page.waitForTimeout(1000);
    }
    await toggle.click();
    await totals.waitFor();
    said = (await totals.textContent())?.trim() ?? '';
  }
  check(want.every((part) => said.includes(part)), `the usage totals say what this test did (${want}): ${said}`);
  check(await toggle.getAttribute('aria-expanded') === 'true', 'the usage section says it is open');
  const chart = byTestId(page, 'api-key-usage-chart-Browser test key');
  await chart.locator('svg').first().waitFor();
  check((await chart.locator('svg title').first().textContent())?.includes('Usage of Browser test key per day'),
    'the chart has a title for screen readers');
  check((await chart.locator('svg desc').first().textContent())?.trim() === said.replace(/^.*\(UTC\): /, ''),
    'the chart is described by the same totals');
  const reset = (await byTestId(page, 'quota-reset-conversation_limit').textContent())?.trim() ?? '';
  check(/^resets at .+/.test(reset), `the quota card says when the quota resets: ${reset}`);
  check(/\d+ of 10 used/.test(await byTestId(page, 'quota-conversation_limit').textContent()),
    'the quota card says how much of the demo plan\'s daily 10 is used');
  // The revocation's notice has done its job; closed, it no longer covers the page in the screenshot.
  const notice = page.getByRole('button', { name: /^Close .*alert/ });
  if (await notice.count()) {
    await notice.first().click();
  }
  await chart.scrollIntoViewIfNeeded();
  await screenshot(page, '22b-api-key-usage');

  // A REST error is shown in words, not as JSON.
  await byTestId(page, 'api-key-create').click();
  await byTestId(page, 'api-key-form-error').waitFor();
  const form = await page.locator('form').first().textContent();
  check(form.includes('Name is required.') && !form.includes('{"'), `field errors in words: ${form}`);

  // Connected services: the vault and Discogs.
  await byTestId(page, 'connected-services').click();
  await byTestId(page, 'discogs-status').waitFor();
  await page.waitForFunction(() =>
    !document.querySelector('[data-testid="discogs-status"]')?.textContent?.includes('Checking'));
  check(/Not connected|Connected as|not configured/i.test(await byTestId(page, 'discogs-status').textContent()),
    'Discogs status is stated');
  await byTestId(page, 'service-name').selectOption('lastfm');
  await byTestId(page, 'service-api-key').fill('lastfm-secret-from-the-browser');
  await byTestId(page, 'service-user-id').fill('crate_digger');
  await byTestId(page, 'service-add').click();
  await byTestId(page, 'service-row-lastfm').waitFor();
  check((await byTestId(page, 'service-row-lastfm').textContent()).includes('crate_digger'), 'the service is listed');
  check(!(await page.content()).includes('lastfm-secret-from-the-browser'), 'the stored secret is not shown');
  await screenshot(page, '23-connected-services');
  await byTestId(page, 'service-delete-lastfm').click();
  await byTestId(page, 'service-delete-confirm').click();
  await byTestId(page, 'service-row-lastfm').waitFor({ state: 'detached' });
  await screenshot(page, '24-connected-service-deleted');
});
