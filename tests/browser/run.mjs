// End-to-end tests of Dragnet's public pages in Debian's Chromium (Playwright, through
// `executablePath`; no browser download) with axe-core accessibility checks.
// Started by scripts/browser-test, which serves a throwaway database and passes:
//   --base URL  --chromium PATH  --uploads DIR  --screenshots DIR
// Prints one line per test and closes with `N passed, M failed`; exits 1 on any failure.

import { chromium } from 'playwright-core';
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const BASE = args.base;
// An administrator's read token (scripts/browser-test creates it), for the reports API.
const AUTH = { authorization: `Bearer ${process.env.DRAGNET_TOKEN ?? ''}` };
const SHOTS = args.screenshots;
const UPLOADS = args.uploads;
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const LANGS = ['en', 'de', 'es', 'fr'];
// The server refuses forms sent sooner than this after they were shown (spam defence).
const MIN_FILL_MS = 2100;
mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: args.chromium,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync',
  ],
});

// Every request any page makes, to prove that none goes to a third party, and every
// console error (a CSP violation shows up there).
const requests = [];
const consoleErrors = [];
async function newPage(options = {}) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1200, height: 900 }, ...options });
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`); });
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

// axe-core, evaluated through the DevTools protocol (the pages' CSP forbids any script).
async function axe(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe violations on ${page.url()}`,
  );
  return result.violations.length;
}

async function waitFill(startedAt) {
  const left = MIN_FILL_MS - (Date.now() - startedAt);
  if (left > 0) await new Promise((r) => setTimeout(r, left)); // a person takes longer than this
}

async function submit(page, selector = 'form.report button[type=submit]') {
  const [resp] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return resp;
}

const NARRATIVES = {
  en: 'A window said my computer was blocked and I should call Microsoft support. The man asked for AnyDesk and gift cards.',
  de: 'Ein Fenster sagte, mein Computer sei gesperrt, ich solle den Microsoft-Support anrufen. Der Mann wollte AnyDesk und Guthabenkarten.',
  es: 'Una ventana decía que mi ordenador estaba bloqueado y que llamara al soporte de Microsoft. Pidió AnyDesk y tarjetas regalo.',
  fr: "Une fenêtre disait que mon ordinateur était bloqué et qu'il fallait appeler le support Microsoft. Il a demandé AnyDesk et des cartes cadeaux.",
};
const TITLES = { en: 'Report a scam', de: 'Betrug melden', es: 'Denunciar una estafa', fr: 'Signaler une arnaque' };
const reported = {};

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('every page in every language passes axe (no serious or critical violations)', async () => {
  const page = await newPage();
  for (const lang of LANGS) {
    for (const path of ['/', '/report', '/check', '/guidance']) {
      const resp = await page.goto(`${BASE}${path}?lang=${lang}`);
      assert.equal(resp.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await axe(page);
      if (lang === 'en' || path === '/report') await shot(page, `page${path === '/' ? '-home' : path.replace('/', '-')}-${lang}`);
    }
  }
  await page.context().close();
});

for (const [i, lang] of LANGS.entries()) {
  test(`a report sent in ${lang} is stored with its indicators`, async () => {
    const page = await newPage({ locale: lang });
    const opened = Date.now();
    await page.goto(`${BASE}/report?lang=${lang}`);
    assert.equal(await page.textContent('h1'), TITLES[lang]);
    const phone = `+1 888 555 01${40 + i}`;
    const e164 = `+1888555014${i}`.replace(/014(\d)$/, (_, d) => `01${40 + Number(d)}`);
    await page.fill('#f-narrative', NARRATIVES[lang]);
    await page.check('#f-contact-popup');
    await page.fill('#f-brand', 'Microsoft');
    await page.fill('#f-incident_date', '2026-11-01');
    await page.fill('#f-phone_numbers', phone);
    await page.fill('#f-websites', `microsoft-fix-${lang}-support.com`);
    await page.selectOption('#f-remote_tool', 'anydesk');
    await page.fill('#f-remote_id', `1${i}3 456 789`);
    await page.check('#f-remote_access_given');
    await page.selectOption('#f-payment_method', 'gift_card');
    await page.fill('#f-loss_amount', '499,00');
    await page.selectOption('#f-loss_currency', 'EUR');
    await page.fill('#f-reporter_email', `victim-${lang}@example.org`);
    await page.selectOption('#f-reporter_country', lang === 'en' ? 'US' : lang === 'de' ? 'DE' : lang === 'es' ? 'ES' : 'FR');
    await page.check('#f-contact_consent');
    const picture = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: 320, height: 200 } });
    await page.setInputFiles('#f-screenshots', { name: 'popup.png', mimeType: 'image/png', buffer: picture });
    if (lang === 'de') await shot(page, 'report-filled-de');
    await waitFill(opened);
    const resp = await submit(page);
    assert.equal(resp.status(), 200, await page.textContent('main'));
    const reference = (await page.textContent('#reference')).trim();
    assert.match(reference, /^DN-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    assert.ok(await page.isVisible('#advice-remote'));
    assert.ok(await page.isVisible('#advice-gift-card'));
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.ok(await page.locator('a[href="/check"]').count() > 0, 'a link to the check');
    await axe(page);
    await shot(page, `confirmation-${lang}`);

    const api = await page.request.get(`${BASE}/api/v1/reports/${encodeURIComponent(reference)}?source=web-form`, { headers: AUTH });
    assert.equal(api.status(), 200);
    const stored = await api.json();
    assert.equal(stored.source, 'web-form');
    assert.equal(stored.id, reference);
    assert.equal(stored.reporter?.language, lang);
    const keys = stored.indicators.map((x) => `${x.type}:${x.value}`);
    for (const want of [`phone:${e164}`, `domain:microsoft-fix-${lang}-support.com`, `remote_access_id:anydesk:1${i}3456789`]) {
      assert.ok(keys.includes(want), `${want} not in ${keys.join(' ')}`);
    }
    assert.deepEqual(stored.loss, { amount: '499.00', currency: 'EUR' });
    assert.ok(existsSync(join(UPLOADS, 'web-form', reference, '1.png')), 'screenshot kept');
    reported[lang] = { reference, phone };
    await page.context().close();
  });
}

test('a check shows a verdict for a reported number and an official domain', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/check`);
  await page.fill('#f-q', reported.en?.phone ?? '+1 888 555 0140');
  await submit(page, 'form.check button[type=submit]');
  const verdict = await page.getAttribute('#verdict', 'data-verdict');
  assert.ok(['suspicious', 'scam'].includes(verdict), `reported number judged ${verdict}`);
  assert.ok((await page.locator('#verdict .reasons li').count()) > 0, 'reasons shown');
  await axe(page);
  await shot(page, 'check-reported-en');

  await page.fill('#f-q', 'microsoft.com');
  await submit(page, 'form.check button[type=submit]');
  assert.equal(await page.getAttribute('#verdict', 'data-verdict'), 'official');

  await page.goto(`${BASE}/check?lang=fr`);
  await page.fill('#f-q', 'Votre ordinateur est bloqué ! Appelez immédiatement le support Microsoft au +33 9 70 01 02 03 et ne redémarrez pas.');
  await submit(page, 'form.check button[type=submit]');
  const fr = await page.getAttribute('#verdict', 'data-verdict');
  assert.ok(['suspicious', 'scam', 'unknown'].includes(fr));
  await shot(page, `check-message-fr-${fr}`);
  await page.context().close();
});

test('the language switcher changes the language and remembers it', async () => {
  const page = await newPage({ locale: 'en-US' });
  await page.goto(`${BASE}/report`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await Promise.all([page.waitForNavigation(), page.click('nav.langs a[hreflang="de"]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  assert.equal(await page.textContent('h1'), 'Betrug melden');
  assert.equal(await page.getAttribute('nav.langs a[hreflang="de"]', 'aria-current'), 'true');
  await page.goto(`${BASE}/guidance`);
  assert.equal(await page.getAttribute('html', 'lang'), 'de', 'the choice is remembered');
  await Promise.all([page.waitForNavigation(), page.click('nav.langs a[hreflang="es"]')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'es');
  await shot(page, 'guidance-es-after-switch');
  await page.context().close();
});

test('a forged CSRF token and a cross-site post are refused', async () => {
  const page = await newPage();
  const opened = Date.now();
  await page.goto(`${BASE}/report`);
  await page.fill('#f-narrative', 'Forged token test: this must never be stored.');
  const real = await page.getAttribute('input[name=csrf]', 'value');
  const forged = `${real.slice(0, real.lastIndexOf('.'))}.${'A'.repeat(43)}`;
  await page.evaluate((v) => { document.querySelector('input[name=csrf]').value = v; }, forged);
  await waitFill(opened);
  const resp = await submit(page);
  // Refused; as the post came from our own page, the text is kept with a fresh token.
  assert.equal(resp.status(), 403);
  assert.ok(await page.isVisible('#form-problem'));
  assert.equal(await page.inputValue('#f-narrative'), 'Forged token test: this must never be stored.');
  assert.notEqual(await page.getAttribute('input[name=csrf]', 'value'), forged);
  await shot(page, 'csrf-refused-en');
  // A cross-site post carries no cookie (SameSite=Strict) and gets the bare refusal.
  const cross = await page.request.post(`${BASE}/check`, {
    form: { csrf: real, q: '+18885550140' },
    headers: { cookie: '', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  });
  assert.equal(cross.status(), 403);
  assert.match(await cross.text(), /This form has expired/);
  await page.context().close();
});

test('an oversized screenshot is refused at its field, the text is kept', async () => {
  const page = await newPage({ locale: 'fr-FR' });
  const opened = Date.now();
  await page.goto(`${BASE}/report`);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  await page.fill('#f-narrative', 'Texte conservé après le refus.');
  const big = Buffer.alloc(6 * 1024 * 1024, 0);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(big);
  await page.setInputFiles('#f-screenshots', { name: 'huge.png', mimeType: 'image/png', buffer: big });
  await waitFill(opened);
  const resp = await submit(page);
  assert.equal(resp.status(), 413);
  assert.ok(await page.isVisible('#f-screenshots-err'));
  assert.equal(await page.inputValue('#f-narrative'), 'Texte conservé après le refus.');
  assert.equal(await page.getAttribute('#f-screenshots', 'aria-invalid'), 'true');
  await axe(page);
  await shot(page, 'upload-too-large-fr');

  // Three such files are over the whole-form limit: refused before anything is read.
  const opened2 = Date.now();
  await page.goto(`${BASE}/report?lang=en`);
  await page.fill('#f-narrative', 'Three huge files.');
  await page.setInputFiles('#f-screenshots', [1, 2, 3, 4].map((n) => ({ name: `huge${n}.png`, mimeType: 'image/png', buffer: big })));
  await waitFill(opened2);
  const resp2 = await submit(page);
  assert.equal(resp2.status(), 413);
  assert.equal(await page.textContent('h1'), 'This is too large');
  await page.context().close();
});

test('validation errors are shown next to their fields on a phone-sized screen', async () => {
  const page = await newPage({ locale: 'es-ES', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const opened = Date.now();
  await page.goto(`${BASE}/report`);
  await page.fill('#f-narrative', 'Me llamaron <b>del soporte</b> & pidieron 300 €.');
  await page.fill('#f-loss_amount', 'mucho');
  await page.fill('#f-reporter_email', 'sin-arroba');
  await waitFill(opened);
  const resp = await submit(page);
  assert.equal(resp.status(), 422);
  assert.ok(await page.isVisible('#error-summary'));
  assert.ok(await page.isVisible('#f-loss_amount-err'));
  assert.ok(await page.isVisible('#f-reporter_email-err'));
  assert.equal(await page.inputValue('#f-narrative'), 'Me llamaron <b>del soporte</b> & pidieron 300 €.');
  assert.equal(await page.inputValue('#f-loss_amount'), 'mucho');
  await shot(page, 'report-errors-es-mobile');
  await page.screenshot({ path: join(SHOTS, 'report-errors-es-mobile-top.png') });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page scrolls sideways (${width}px)`);
  await axe(page);
  await page.context().close();
});

test('no page requested anything from another site and no CSP violation was logged', async () => {
  const foreign = requests.filter((u) => !u.startsWith(BASE) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, []);
  assert.ok(requests.length > 20, `only ${requests.length} requests seen`);
  const csp = consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e));
  assert.deepEqual(csp, []);
});

let passed = 0;
let failed = 0;
for (const t of tests) {
  const started = Date.now();
  try {
    await t.fn();
    passed += 1;
    console.log(`ok - ${t.name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`not ok - ${t.name}\n  ${String(e?.stack ?? e).split('\n').slice(0, 12).join('\n  ')}`);
  }
}
await browser.close();
console.log(`screenshots: ${SHOTS}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
