// The browsers the apps are loaded in, both Debian's builds (no browser download):
// Chromium through playwright-core, with the flags that keep it off the network and
// quiet; Firefox ESR through puppeteer-core over WebDriver BiDi, with no geckodriver.
import assert from 'node:assert/strict';

import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];

export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

export function launchFirefox() {
  return puppeteer.launch({
    browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true,
    // puppeteer already turns off updates, telemetry and the like; these are the rest.
    extraPrefsFirefox: {
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'browser.safebrowsing.update.enabled': false,
    },
  });
}

/**
 * Opens the scan app (tests/packaging/consumer/apps/scan) at `url` in a new page of
 * `browser` (playwright's Chromium or puppeteer's Firefox, which share what is used
 * here) and checks it the way a person would: the prompt's verdict and findings appear,
 * a clean prompt typed in is allowed, and the console stays free of errors and warnings.
 */
export async function checkScanApp(browser, url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => {
    // playwright says 'warning', puppeteer 'warn'.
    if (['error', 'warning', 'warn'].includes(message.type())) {
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

  const shown = () => page.evaluate(() => ({
    verdict: document.querySelector('#verdict').textContent,
    matches: [...document.querySelectorAll('#matches li')].map((item) => item.textContent),
  }));

  try {
    await page.goto(url);
    await page.waitForSelector('body[data-scans="1"]', { timeout: 20_000 });
    const text = await page.evaluate(() => document.querySelector('#prompt').value);
    const at = (needle) => `${text.indexOf(needle)}-${text.indexOf(needle) + needle.length}`;
    assert.deepEqual(await shown(), {
      verdict: 'block',
      matches: [`credit_card ${at('4111 1111 1111 1111')} block`,
        `email ${at('jane@example.com')} warn`],
    });

    // Typing a clean prompt (an `input` event, as the keyboard sends) rescans it.
    await page.evaluate(() => {
      const prompt = document.querySelector('#prompt');
      prompt.value = 'Summarise the meeting notes, please.';
      prompt.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForSelector('body[data-scans="2"]');
    assert.deepEqual(await shown(), { verdict: 'allow', matches: [] });

    assert.deepEqual(problems, [], 'the console stays clean');
  } finally {
    await page.close();
  }
}
