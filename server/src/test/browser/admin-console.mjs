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
