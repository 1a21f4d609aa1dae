// End-to-end tests of the analyst workspace (/app) in Debian's Chromium with axe-core, run by
// scripts/browser-test after run.mjs. It passes --base, --chromium, --screenshots and, in the
// environment, two analysts of different organisations:
//   DRAGNET_A_EMAIL / DRAGNET_A_PASSWORD, DRAGNET_B_EMAIL / DRAGNET_B_PASSWORD
// The data (tests/browser/analyst-data.mjs) holds an operation of 500+ reports shared by both.
// Prints one line per test and closes with `N passed, M failed`; exits 1 on any failure.

import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const BASE = args.base;
const SHOTS = args.screenshots;
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const A = { email: process.env.DRAGNET_A_EMAIL, password: process.env.DRAGNET_A_PASSWORD };
const B = { email: process.env.DRAGNET_B_EMAIL, password: process.env.DRAGNET_B_PASSWORD };
mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: args.chromium,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync'],
});

const requests = [];
const consoleErrors = [];
async function newPage(options = {}) {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, ...options });
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`); });
  return page;
}

async function shot(page, name, locator) {
  const path = join(SHOTS, `${name}.png`);
  if (locator) await page.locator(locator).screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
}

// axe-core through the DevTools protocol (the CSP forbids page scripts).
async function axe(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe violations on ${page.url()}`,
  );
}

async function go(page, path) {
  const resp = await page.goto(`${BASE}${path}`);
  return resp;
}

async function signIn(who, next = '/app') {
  const page = await newPage();
  const resp = await go(page, next);
  // Not signed in: sent to the login page, which comes back here.
  assert.match(page.url(), /\/app\/login\?next=/);
  assert.equal(resp.status(), 200);
  await page.fill('#f-email', who.email);
  await page.fill('#f-password', who.password);
  await Promise.all([page.waitForNavigation(), page.click('form.login button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, new URL(`${BASE}${next}`).pathname, await page.textContent('main'));
  return page;
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const seen = {};

test('the login page passes axe and a wrong password is refused', async () => {
  const page = await newPage();
  await go(page, '/app/login');
  await axe(page);
  await shot(page, 'app-login');
  await page.fill('#f-email', A.email);
  await page.fill('#f-password', 'not the password');
  const [resp] = await Promise.all([page.waitForNavigation(), page.click('form.login button[type=submit]')]);
  assert.equal(resp.status(), 401);
  assert.ok(await page.isVisible('#login-error'));
  assert.equal(await page.inputValue('#f-email'), A.email);
  await page.context().close();
});

test('the overview shows figures, five charts with text alternatives and tables (axe)', async () => {
  const page = await signIn(A);
  assert.equal(await page.locator('figure.chart svg[role=img]').count(), 5);
  for (const id of ['per-month', 'loss-month', 'countries', 'brands', 'contact']) {
    const label = await page.getAttribute(`#${id} svg`, 'aria-labelledby');
    assert.equal(label, `${id}-t ${id}-d`);
    assert.ok((await page.textContent(`#${id}-d`)).length > 20);
    assert.ok(await page.locator(`#${id} details table tbody tr`).count() > 0, `${id} has a table`);
  }
  const reports = Number((await page.textContent('#fig-reports')).replace(/,/g, ''));
  assert.ok(reports >= 300, `${reports} reports`);
  await axe(page);
  await shot(page, 'app-overview');
  await go(page, '/app?scope=all');
  const all = Number((await page.textContent('#fig-reports')).replace(/,/g, ''));
  assert.ok(all > reports, 'all organisations have more reports');
  await page.context().close();
});

test('the operations list sorts, filters and pages (axe)', async () => {
  const page = await signIn(A, '/app/operations');
  await axe(page);
  await shot(page, 'app-operations');
  await Promise.all([page.waitForNavigation(), page.click('nav.tabs a:text("Loss")')]);
  assert.match(page.url(), /sort=loss/);
  const losses = await page.$$eval('#operations tbody tr td:nth-child(4)', (tds) => tds.map((t) => Number(t.textContent.replace(/[$,]/g, ''))));
  for (let i = 1; i < losses.length; i += 1) assert.ok(losses[i - 1] >= losses[i], `not sorted by loss: ${losses.join(' ')}`);
  await page.check('#f-shared');
  await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
  const orgs = await page.$$eval('#operations tbody tr td:nth-child(5)', (tds) => tds.map((t) => Number(t.textContent.split(':')[0])));
  assert.ok(orgs.length > 0 && orgs.every((n) => n >= 2), `shared only: ${orgs.join(' ')}`);
  await go(page, '/app/operations?sort=reports');
  seen.big = (await page.textContent('#operations tbody tr:first-child td:first-child a')).trim();
  const reportsText = await page.textContent('#operations tbody tr:first-child td:nth-child(3)');
  seen.bigReports = Number(reportsText.split(' ')[0]);
  assert.ok(seen.bigReports >= 500, `largest operation has ${reportsText}`);
  if (await page.locator('a[rel=next]').count()) {
    await Promise.all([page.waitForNavigation(), page.click('a[rel=next]')]);
    assert.match(await page.textContent('#count'), /26–/);
  }
  await page.context().close();
});

test('a 500+ report operation: summary, timeline, countries and a readable network (axe)', async () => {
  const page = await signIn(A, `/app/operations/${seen.big}`);
  assert.equal((await page.textContent('#op-id')).trim(), seen.big);
  const nodes = await page.locator('#network .node').count();
  const inds = await page.locator('#network .node.ind').count();
  assert.ok(inds > 0 && inds <= 30, `${inds} value nodes`);
  assert.ok(nodes <= 130, `${nodes} nodes for ${seen.bigReports} reports`);
  // Nodes stay apart: no two centres closer than 4 px.
  const centres = await page.$$eval('#network .node', (els) => els.map((e) => {
    const b = e.getBBox();
    return [b.x + b.width / 2, b.y + b.height / 2];
  }));
  let close = 0;
  for (let i = 0; i < centres.length; i += 1) {
    for (let j = i + 1; j < centres.length; j += 1) {
      if (Math.hypot(centres[i][0] - centres[j][0], centres[i][1] - centres[j][1]) < 4) close += 1;
    }
  }
  assert.ok(close <= centres.length / 20, `${close} pairs of nodes on top of each other`);
  assert.ok(await page.locator('#timeline svg[role=img]').count() === 1);
  assert.ok(await page.locator('#victim-countries svg[role=img]').count() === 1);
  assert.ok(await page.locator('#own-reports tbody tr').count() > 0);
  assert.match(await page.textContent('#hidden-note'), /of other organisations belong to this operation/);
  await axe(page);
  await shot(page, 'app-operation-500');
  await shot(page, 'app-operation-500-network', 'figure.network-figure');
  // Only phone numbers, and more of them.
  await go(page, `/app/operations/${seen.big}?t=phone&n=100`);
  const phones = await page.locator('#network .node.ind').count();
  assert.equal(await page.locator('#network .node.ind:not(.ind-phone)').count(), 0);
  assert.ok(phones > inds, `${phones} phone nodes with n=100`);
  await shot(page, 'app-operation-500-phones', 'figure.network-figure');
  // Explain the link between two own reports.
  await go(page, `/app/operations/${seen.big}`);
  await Promise.all([page.waitForNavigation(), page.click('#own-reports a:text("explain the link")')]);
  assert.equal(await page.getAttribute('#explanation', 'data-joined'), 'true');
  assert.ok(await page.locator('#chain li').count() >= 1);
  await axe(page);
  await shot(page, 'app-explain');
  await page.context().close();
});

test('a report shows the victim only for a stated purpose (axe)', async () => {
  const page = await signIn(A, `/app/operations/${seen.big}`);
  const href = await page.getAttribute('#own-reports tbody tr:first-child td:first-child a', 'href');
  await go(page, href);
  seen.reportId = (await page.textContent('#report-id')).trim();
  assert.equal(await page.locator('#reporter').count(), 0);
  await axe(page);
  await page.fill('#f-purpose', 'browser test: call the victim back');
  await Promise.all([page.waitForNavigation(), page.click('form.reveal button[type=submit]')]);
  const text = await page.textContent('#reporter');
  const name = await page.textContent('#reporter dd:nth-of-type(1)');
  const email = await page.textContent('#reporter dd:nth-of-type(2)');
  assert.match(text, /browser test: call the victim back/);
  assert.ok(name.trim().length > 2 && email.includes('@'), `${name} ${email}`);
  seen.secrets = [name.trim(), email.trim(), seen.reportId.split('/')[1]];
  // The report's phone number, for the search below.
  seen.phone = await page.$$eval('#report-indicators tbody tr', (rows) => rows
    .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim()))
    .find((cells) => cells[0] === 'phone')?.[1]);
  assert.match(seen.phone ?? '', /^\+1\d{10}$/);
  await axe(page);
  await shot(page, 'app-report-revealed');
  await page.context().close();
});

test('search finds a shared number written loosely and links reports and operations (axe)', async () => {
  const page = await signIn(A, '/app/search');
  const { phone } = seen;
  // +1 877 555 2000 written as a victim would.
  const loose = phone.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '1-$1-$2-$3');
  await page.fill('#f-q', loose);
  await page.fill('#f-country', 'US');
  await Promise.all([page.waitForNavigation(), page.click('form.search button[type=submit]')]);
  assert.equal(await page.inputValue('#f-q'), loose);
  assert.match(await page.textContent('#search-summary'), new RegExp(`phone ${phone.replace('+', '\\+')}`));
  assert.equal((await page.textContent('section.result h2 .mono')).trim(), phone);
  assert.ok(await page.locator(`section.result a[href="/app/operations/${seen.big}"]`).count() >= 1);
  assert.ok(await page.locator('section.result ul.reports a').count() >= 1);
  await axe(page);
  await shot(page, 'app-search');
  await page.context().close();
});

test('a referral case: opened from the operation, referred, an outcome recorded, the package downloaded (axe)', async () => {
  const page = await signIn(A, `/app/operations/${seen.big}`);
  await page.fill('#f-case-title', 'Browser test: fix-PC desk');
  await Promise.all([page.waitForNavigation(), page.click('#form-open-case button[type=submit]')]);
  assert.match(page.url(), /\/app\/cases\/CASE-\d{4}$/);
  seen.caseUrl = new URL(page.url()).pathname;
  assert.equal((await page.textContent('#case-status')).trim(), 'draft');
  await axe(page);
  await Promise.all([page.waitForNavigation(), page.click('#form-status button[value=ready]')]);
  assert.match(await page.textContent('#notice'), /moved on/);
  await page.fill('#f-agency', 'CBI');
  await page.fill('#f-agreement', 'MoU 2023-07');
  await Promise.all([page.waitForNavigation(), page.click('#form-refer button[type=submit]')]);
  assert.equal((await page.textContent('#case-status')).trim(), 'referred');
  await page.selectOption('#f-kind', 'arrests');
  await page.fill('#f-date', '2023-10-20');
  await page.fill('#f-place', 'Noida');
  await page.fill('#f-count', '21');
  await Promise.all([page.waitForNavigation(), page.click('#form-outcome button[type=submit]')]);
  assert.match(await page.textContent('#case-outcomes'), /arrests.*Noida.*21/s);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#form-package button[type=submit]'),
  ]);
  assert.match(download.suggestedFilename(), /^CASE-\d{4}-CBI\.zip$/);
  const path = await download.path();
  const zip = readFileSync(path);
  assert.equal(zip.subarray(0, 2).toString(), 'PK', 'a zip');
  await go(page, seen.caseUrl);
  assert.match(await page.textContent('#case-log'), /package built/);
  await axe(page);
  await shot(page, 'app-case');
  await go(page, '/app/cases');
  assert.match(await page.textContent('#own-outcomes'), /Arrests\s*21/);
  await axe(page);
  await shot(page, 'app-cases');
  await page.context().close();
  // The other organisation: not found, like a case that does not exist.
  const other = await signIn(B, '/app/cases');
  const resp = await go(other, seen.caseUrl);
  assert.equal(resp.status(), 404);
  await other.context().close();
});

test("another organisation's analyst never sees the first one's victim or report", async () => {
  const page = await signIn(B);
  const pages = ['/app', '/app?scope=all', '/app/operations?sort=reports', `/app/operations/${seen.big}`,
    `/app/operations/${seen.big}?hubs=1&n=100`, `/app/search?q=${encodeURIComponent(seen.phone)}`];
  for (const p of pages) {
    const resp = await go(page, p);
    assert.equal(resp.status(), 200, p);
    const html = await page.content();
    for (const s of seen.secrets) assert.ok(!html.includes(s), `${s} visible to the other organisation on ${p}`);
  }
  await shot(page, 'app-operation-500-other-org');
  const resp = await go(page, `/app/reports/${seen.reportId}`);
  assert.equal(resp.status(), 404);
  await page.context().close();
});

test('the operation page works on a phone-sized screen and signing out ends the session', async () => {
  const page = await signIn(A, `/app/operations/${seen.big}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await go(page, `/app/operations/${seen.big}`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page scrolls sideways (${width}px)`);
  await page.screenshot({ path: join(SHOTS, 'app-operation-500-mobile.png') });
  await Promise.all([page.waitForNavigation(), page.click('header button:text("Sign out")')]);
  assert.match(page.url(), /\/app\/login/);
  await go(page, '/app');
  assert.match(page.url(), /\/app\/login\?next=/);
  await page.context().close();
});

test('no workspace page requested anything from another site or broke the CSP', async () => {
  const foreign = requests.filter((u) => !u.startsWith(BASE) && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
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
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
