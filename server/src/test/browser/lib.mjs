// Shared helpers of Latchkey's browser tests. Each test is a script that exits non-zero on the first failed check;
// BrowserIT (Java) starts the real Keycloak, runs the scripts against it and fails with their output.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const realmUrl = required('LATCHKEY_REALM_URL'); // e.g. http://localhost:8080/realms/latchkey
export const realm = realmUrl.replace(/.*\/realms\//, '');
export const serverUrl = new URL(realmUrl).origin;
const screenshots = required('LATCHKEY_SCREENSHOTS');
mkdirSync(screenshots, { recursive: true });

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the browser tests through BrowserIT (mvn verify)`);
  }
  return value;
}

/** Debian's chromium, never a browser downloaded by a tool; flags for a closed network and a root sandbox. */
export async function withPage(run) {
  const browser = await chromium.launch({
    executablePath: process.env.LATCHKEY_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    context.setDefaultTimeout(20_000);
    await run(await context.newPage());
  } finally {
    await browser.close();
  }
}

export async function screenshot(page, name) {
  await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });
  console.log(`screenshot ${name}.png`);
}

export const byTestId = (page, id) => page.locator(`[data-testid="${id}"]`);

export function check(condition, message) {
  if (!condition) {
    throw new Error(`check failed: ${message}`);
  }
}

/**
 * Signs in on Keycloak's login page with the keyboard only, fields found by their labels. The demo realm has
 * Organizations on, so Keycloak asks for the username first and the password on a second page.
 */
export async function signInWithKeyboard(page, username, password) {
  await page.getByLabel('Username or email').focus();
  await page.keyboard.type(username);
  await page.keyboard.press('Enter');
  const passwordField = page.getByLabel('Password', { exact: true });
  await passwordField.waitFor();
  await passwordField.focus();
  check(await page.evaluate(() => document.activeElement?.getAttribute('name')) === 'password',
    'the password field takes the focus from its label');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}
