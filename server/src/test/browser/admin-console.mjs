// The admin console as a realm admin of the latchkey realm meets Latchkey: the Discogs identity provider's settings
// page, rendered from the provider's configuration properties.
import { byTestId, check, realm, realmUrl, screenshot, serverUrl, signInWithKeyboard, withPage } from './lib.mjs';

await withPage(async (page) => {
  await page.goto(`${serverUrl}/admin/${realm}/console/`);
  await page.waitForSelector('#kc-form-login');
  await signInWithKeyboard(page, 'demo-admin', 'admin-password-1');
  await page.waitForURL(/\/console\//);

  await page.goto(`${serverUrl}/admin/${realm}/console/#/${realm}/identity-providers/discogs/discogs/settings`);
  await page.getByText('User-Agent', { exact: false }).first().waitFor();
  for (const label of ['Signature method', 'Timeout (seconds)', 'PIN flow lifespan (seconds)', 'Request token URL']) {
    check(await page.getByText(label, { exact: false }).count() > 0, `the Discogs settings page shows ${label}`);
  }
  await screenshot(page, '10-admin-discogs-settings');
});

// Latchkey's own pages in the console's menu (Keycloak's declarative-ui feature): the realm's quota plans and the
// credential vault's services, listed, opened, and a bad edit refused in words.
await withPage(async (page) => {
  await page.goto(`${serverUrl}/admin/${realm}/console/`);
  await page.waitForSelector('#kc-form-login');
  await signInWithKeyboard(page, 'demo-admin', 'admin-password-1');
  await page.waitForURL(/\/console\//);

  await page.getByRole('link', { name: 'Quota plans', exact: true }).click();
  await page.getByRole('link', { name: 'premium', exact: true }).waitFor();
  check(await page.getByRole('link', { name: 'free', exact: true }).count() === 1, 'the quota-plans page lists free');
  await screenshot(page, '11-admin-quota-plans');

  await page.getByRole('link', { name: 'premium', exact: true }).click();
  const amount = page.locator('input[value="100 daily"]');
  await amount.waitFor();
  check(await page.locator('input[value="conversation_limit"]').count() === 1, 'the plan shows its quotas by name');
  check(await page.getByText('Default plan', { exact: true }).count() > 0, 'the plan page labels its fields in words');
  await screenshot(page, '12-admin-quota-plan-premium');

  await amount.fill('lots');
  await page.getByTestId('save').click();
  await page.getByText("Quota 'conversation_limit': write an amount", { exact: false }).first().waitFor();
  await screenshot(page, '13-admin-quota-plan-refused');
  await page.locator('.pf-v5-c-alert__action button').first().click();

  await page.getByRole('link', { name: 'Vault services', exact: true }).click();
  await page.getByRole('link', { name: 'lastfm', exact: true }).waitFor();
  check(await page.getByText('Last.fm', { exact: true }).count() > 0, 'the vault-services page shows labels');
  await screenshot(page, '14-admin-vault-services');
});

// API key usage (the latchkey admin theme's page): a new user's two keys, one verified three times, one refused for its
// address, read back by an admin as totals in words, a chart, and a row per key with the same numbers.
async function json(response) {
  const text = await response.text();
  check(response.ok, `${response.url} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

const username = `usage${Date.now()}`;
const password = 'usage-password-1';
await json(await fetch(`${realmUrl}/registration`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ username, email: `${username}@example.com`, password }) }));
const { access_token: token } = await json(await fetch(`${realmUrl}/protocol/openid-connect/token`, { method: 'POST',
  body: new URLSearchParams({ grant_type: 'password', client_id: 'latchkey-cli', username, password }) }));
const createKey = async (body) => (await json(await fetch(`${realmUrl}/api-keys/keys`, { method: 'POST',
  headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }))).key;
const usedKey = await createKey({ name: 'Usage key' });
const fencedKey = await createKey({ name: 'Fenced key', allowed_ips: ['192.0.2.1'] });
const verify = async (key, query = '') => {
  const response = await fetch(`${realmUrl}/api-keys/verify${query}`, { method: 'POST',
    headers: { Authorization: `Bearer ${key}` } });
  return { status: response.status, body: await response.json() };
};
// A new user's plan has today's quota whole: two plain verifies and one costing 2 units, all accepted.
let quota = 0;
for (const query of ['', '', '?cost=2']) {
  const answer = await verify(usedKey, query);
  check(answer.status === 200 && answer.body.valid === true, `verify accepts the key: ${JSON.stringify(answer)}`);
  quota += query ? 2 : 1;
}
const refused = await verify(fencedKey);
check(refused.status !== 200 && refused.body.valid === false, `verify refuses a key from outside its addresses: ${
  JSON.stringify(refused)}`);

await withPage(async (page) => {
  await page.goto(`${serverUrl}/admin/${realm}/console/`);
  await page.waitForSelector('#kc-form-login');
  await signInWithKeyboard(page, 'demo-admin', 'admin-password-1');
  await page.waitForURL(/\/console\//);

  await page.getByRole('link', { name: 'API key usage', exact: true }).click();
  await page.getByRole('heading', { name: 'API key usage' }).waitFor();
  await byTestId(page, 'api-key-usage-user').fill(username);
  await byTestId(page, 'api-key-usage-find').click();

  // The counts are written by the usage flush (every 5 s by default): read again until they are there.
  const totals = byTestId(page, 'api-key-usage-user-totals');
  const want = ['3 verifications', '1 rejection (address not allowed: 1)', `${quota} quota units used`];
  let said = '';
  for (let attempt = 0; attempt < 20 && !want.every((part) => said.includes(part)); attempt++) {
    if (attempt > 0) {
      await page.waitForTimeout(1000);
      await byTestId(page, 'api-key-usage-refresh').click();
    }
    await totals.waitFor();
    said = (await totals.textContent())?.trim() ?? '';
  }
  check(want.every((part) => said.includes(part)), `the user's totals say what this test did (${want}): ${said}`);
  const chart = byTestId(page, 'api-key-usage-user-chart');
  await chart.locator('svg').first().waitFor();
  check((await chart.locator('svg title').first().textContent())?.startsWith(`Usage of ${username} per day`),
    'the chart has a title for screen readers');
  check((await chart.locator('svg desc').first().textContent())?.trim() === said.replace(/^.*?: /, ''),
    'the chart is described by the same totals');

  const row = async (name) => Object.fromEntries(await Promise.all(['verified', 'rejected', 'quota'].map(
    async (cell) => [cell, (await byTestId(page, `api-key-usage-row-${name}`).getByTestId(cell).textContent())?.trim()])));
  const used = await row('Usage key');
  check(used.verified === '3' && used.rejected === '0' && used.quota === String(quota),
    `the used key's row: ${JSON.stringify(used)}`);
  const fenced = await row('Fenced key');
  check(fenced.verified === '0' && fenced.rejected === '1' && fenced.quota === '0',
    `the fenced key's row: ${JSON.stringify(fenced)}`);
  await screenshot(page, '15-admin-api-key-usage');

  await byTestId(page, 'api-key-usage-show-Usage key').click();
  const keyTotals = (await byTestId(page, 'api-key-usage-key-totals').textContent())?.trim() ?? '';
  check(keyTotals.includes(`3 verifications, 0 rejections, ${quota} quota units used`),
    `the key's own totals: ${keyTotals}`);
  await byTestId(page, 'api-key-usage-key-chart').locator('svg').first().waitFor();
  await byTestId(page, 'api-key-usage-key-chart').scrollIntoViewIfNeeded();
  await screenshot(page, '15b-admin-api-key-usage-key');
});
