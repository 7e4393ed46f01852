// Connected services → Discogs as the demo user: connect (Keycloak's account linking, to a stand-in Discogs that
// BrowserIT starts and points the realm's provider at), see the connected account, disconnect.
import { byTestId, check, realmUrl, screenshot, signInWithKeyboard, withPage } from './lib.mjs';

const discogsUser = process.env.LATCHKEY_DISCOGS_USERNAME;
check(discogsUser, 'BrowserIT passes the stand-in Discogs user as LATCHKEY_DISCOGS_USERNAME');

const settled = (page) => page.waitForFunction(() =>
  !document.querySelector('[data-testid="discogs-status"]')?.textContent?.includes('Checking'));

await withPage(async (page) => {
  await page.goto(`${realmUrl}/account/`);
  await signInWithKeyboard(page, 'demo', 'demo-password-1');
  await byTestId(page, 'connected-services').click();
  await byTestId(page, 'discogs-status').waitFor();
  await settled(page);
  check((await byTestId(page, 'discogs-status').textContent()).startsWith('Not connected'), 'not connected yet');

  await byTestId(page, 'discogs-connect').click();
  // Keycloak asks before linking; then Discogs authorizes and Keycloak brings the user back to this page.
  const linkConfirm = page.getByRole('button', { name: /continue|yes/i }).first();
  await linkConfirm.waitFor();
  await screenshot(page, '25-discogs-link-confirm');
  await linkConfirm.click();
  await byTestId(page, 'discogs-status').waitFor();
  await settled(page);
  const connected = await byTestId(page, 'discogs-status').textContent();
  check(connected.startsWith(`Connected as ${discogsUser} since`), `connected as ${discogsUser}: "${connected}"`);
  await screenshot(page, '26-discogs-connected');

  await byTestId(page, 'discogs-disconnect').click();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="discogs-status"]')?.textContent?.startsWith('Not connected'));
  check(await byTestId(page, 'discogs-connect').isVisible(), 'Connect is offered again');
  await screenshot(page, '27-discogs-disconnected');
});
