// The latchkey login theme as people meet it: the sign-in page with "Sign in with Discogs", keyboard-only sign-in,
// and the registration page with the profile fields of the realm's user profile.
import { check, realmUrl, screenshot, signInWithKeyboard, withPage } from './lib.mjs';

await withPage(async (page) => {
  await page.goto(`${realmUrl}/account/`);
  await page.waitForSelector('#kc-form-login');
  check((await page.title()) === 'Sign in to Latchkey', `login page title: ${await page.title()}`);
  const discogs = page.locator('#social-discogs');
  check(await discogs.count() === 1, 'a Discogs button on the login page');
  check((await discogs.innerText()).includes('Discogs'), 'the button names Discogs');
  await screenshot(page, '01-login');

  await signInWithKeyboard(page, 'demo', 'demo-password-1');
  await page.waitForURL(/\/account\//);
  await page.getByText('Personal info', { exact: false }).first().waitFor();
  await screenshot(page, '02-account-home');
});

await withPage(async (page) => {
  await page.goto(`${realmUrl}/account/`);
  await page.getByRole('link', { name: 'Register' }).click();
  await page.waitForSelector('#kc-register-form');
  check((await page.title()).includes('Latchkey'), `registration page title: ${await page.title()}`);
  for (const label of ['Account type', 'About me', 'Hobbies']) {
    check(await page.getByLabel(label, { exact: false }).count() > 0, `registration asks for ${label}`);
  }
  check(await page.locator('[name="subscription_plan"]').count() === 0, 'admin-only fields are not offered');
  await screenshot(page, '03-register');

  const fields = { username: 'browser-user', email: 'browser-user@example.com', firstName: 'Browser', lastName: 'User',
    password: 'browser-pass-1', 'password-confirm': 'browser-pass-1' };
  for (const [id, value] of Object.entries(fields)) {
    check(await page.locator(`label[for="${id}"]`).count() === 1, `the ${id} field has a label`);
    await page.locator(`#${id}`).fill(value);
  }
  await page.getByLabel('Account type', { exact: false }).selectOption('Business');
  await page.getByLabel('About me', { exact: false }).fill('Registered by the browser test');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForURL(/\/account\//);
  await page.getByText('Personal info', { exact: false }).first().waitFor();
  await screenshot(page, '04-registered-account');
});
