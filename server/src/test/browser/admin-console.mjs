// The admin console as a realm admin of the latchkey realm meets Latchkey: the Discogs identity provider's settings
// page, rendered from the provider's configuration properties.
import { check, realm, screenshot, serverUrl, signInWithKeyboard, withPage } from './lib.mjs';

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
