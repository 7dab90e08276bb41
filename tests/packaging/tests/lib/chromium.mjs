// Headless Chromium through playwright-core: Debian's /usr/bin/chromium (no browser
// download), with the flags that keep it off the network and quiet.
import assert from 'node:assert/strict';

import { chromium } from 'playwright-core';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
}

/**
 * Opens the scan app (tests/packaging/consumer/apps/scan) at `url` and checks it the
 * way a person would: the prompt's verdict and findings appear, a clean prompt typed in
 * is allowed, and the console stays free of errors and warnings.
 */
export async function checkScanApp(browser, url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console.${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });

  try {
    await page.goto(url);
    await page.waitForSelector('body[data-scans="1"]', { timeout: 20_000 });
    const text = await page.inputValue('#prompt');
    const card = '4111 1111 1111 1111';
    const email = 'jane@example.com';
    const at = (needle) => `${text.indexOf(needle)}-${text.indexOf(needle) + needle.length}`;
    assert.equal(await page.textContent('#verdict'), 'block');
    assert.deepEqual(await page.$$eval('#matches li', (items) => items.map((i) => i.textContent)),
      [`credit_card ${at(card)} block`, `email ${at(email)} warn`]);

    await page.fill('#prompt', 'Summarise the meeting notes, please.');
    await page.waitForSelector('body[data-scans="2"]');
    assert.equal(await page.textContent('#verdict'), 'allow');
    assert.equal(await page.locator('#matches li').count(), 0);

    assert.deepEqual(problems, [], 'the console stays clean');
  } finally {
    await page.close();
  }
}
