// Publishing policy in the browser (issue 13, part 5), in Debian's chromium, headless,
// driven by playwright-core, at 1280 px and at 390 px (a phone): an HR user previews a
// draft on the what-if page and proposes it from there with a reason; the version's page
// shows what it changes and offers its author no Approve button; a second HR user, on a
// phone, sees the proposal, approves it, and it is in force; an empty reason to reject is
// refused with a GOV.UK error summary; version 1 is restored through a proposal the first
// user approves. axe-core runs on every page and state visited (any 'serious' or
// 'critical' violation fails), nothing is wider than the window, each page loads again
// with the Content Security Policy enforced, and no request leaves the server.
// Screenshots go to SCREENSHOTS (or DIR/policy-publishing-e2e-screenshots, DIR the binary's).
//
// usage: node policy_publishing_e2e.mjs OVERSIGHT_BINARY REFERENCE_DATA_DIR   (tests/data/reference)
// Needs /usr/bin/chromium (scripts/setup) and `npm ci` here. KEEP_TMP=1 keeps the temp dir.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  console.error('policy_publishing_e2e: playwright-core is not installed: run `npm ci` in tests/e2e (scripts/setup does)');
  process.exit(2);
}
const AXE = require.resolve('axe-core/axe.min.js');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (process.argv.length !== 4) {
  console.error('usage: node policy_publishing_e2e.mjs OVERSIGHT_BINARY REFERENCE_DATA_DIR');
  process.exit(2);
}
const BIN = path.resolve(process.argv[2]);
const COUNCIL = path.join(path.resolve(process.argv[3]), 'council-a');
const SOURCE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const AS_OF = '2024-03-01';
const SCREENSHOTS = path.resolve(process.env.SCREENSHOTS || path.join(path.dirname(BIN), 'policy-publishing-e2e-screenshots'));
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'policy_publishing_e2e_'));
const TIMEOUT = 120000;
const USERS = {
  hr1: { role: 'hr', password: 'hr1-e2e-Pa55word-pub-1' },
  hr2: { role: 'hr', password: 'hr2-e2e-Pa55word-pub-2' },
};
const SHIPPED = fs.readFileSync(path.join(SOURCE, 'config', 'policy.lua'), 'utf8');
const DRAFT = SHIPPED.replace('CIN = days(42)', 'CIN = days(14)');

let passed = 0;
let failed = 0;
const started = Date.now();

function check(ok, what, detail) {
  if (ok) {
    passed++;
    console.log('ok - ' + what);
  } else {
    failed++;
    console.log('not ok - ' + what + (detail ? '\n    ' + String(detail).split('\n').join('\n    ') : ''));
  }
  return ok;
}

function oversight(args, input) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', timeout: 300000 });
  if (r.status !== 0) throw new Error(`oversight ${args.join(' ')}: exit ${r.status}\n${r.stdout}${r.stderr}`);
  return r;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const c = net.connect({ host: '127.0.0.1', port }, () => { c.destroy(); resolve(true); });
    c.on('error', () => resolve(false));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer() {
  const db = path.join(TMP, 's.db');
  oversight(['import', '--quiet', '--db', db, COUNCIL]);
  for (const [name, u] of Object.entries(USERS)) {
    oversight(['user', 'add', '--db', db, '--username', name, '--role', u.role], u.password + '\n');
  }
  const port = await freePort();
  const relay = await freePort();
  const errPath = path.join(TMP, 'serve.err');
  const err = fs.openSync(errPath, 'w');
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '-D', `dashboard.as_of=${AS_OF}`,
    '-D', 'weekly.weekday=7', '-D', 'weekly.time=23:59', '-D', 'smtp.host=127.0.0.1', '-D', `smtp.port=${relay}`,
    '-D', 'smtp.tls=none'], { stdio: ['ignore', err, err], cwd: TMP });
  fs.closeSync(err);
  let exited = null;
  proc.on('exit', (code, signal) => { exited = { code, signal }; });
  const deadline = Date.now() + TIMEOUT;
  while (!(await canConnect(port))) {
    if (exited) throw new Error(`serve exited at start: ${JSON.stringify(exited)}\n${fs.readFileSync(errPath, 'utf8')}`);
    if (Date.now() > deadline) throw new Error('serve did not listen in time\n' + fs.readFileSync(errPath, 'utf8'));
    await sleep(100);
  }
  return {
    base: `http://127.0.0.1:${port}`,
    stderr: () => fs.readFileSync(errPath, 'utf8'),
    async stop() {
      if (!exited) {
        proc.kill('SIGTERM');
        const until = Date.now() + 60000;
        while (!exited && Date.now() < until) await sleep(50);
        if (!exited) { proc.kill('SIGKILL'); await sleep(200); return { code: null, signal: 'did not stop in 60 s' }; }
      }
      return exited;
    },
  };
}

// ---------------------------------------------------------------- axe, width and screenshots

const visited = []; // [name, url, username] of every page checked, for the CSP pass
const outside = [];
let shot = 0;

async function screenshot(page, name) {
  const file = path.join(SCREENSHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// axe on the page as it is, no wider than its window, and a screenshot. REVISIT: the
// address to load again with the CSP enforced, or null for a form's answer.
async function look(page, who, name, revisit = page.url()) {
  if (revisit) visited.push([name, revisit, who]);
  await screenshot(page, name);
  // The runs table below the versions is the dashboard's shared data table, not this
  // page's: it is left out (it scrolls sideways on a phone, as on the other pages).
  const wide = await page.evaluate(() => [...document.querySelectorAll('main *')]
    .filter((e) => !e.closest('table#runs') && e.getBoundingClientRect().right > window.innerWidth + 1)
    .map((e) => e.outerHTML.slice(0, 120)));
  check(wide.length === 0, `${name}: nothing of the page wider than the window`, wide.slice(0, 5).join('\n'));
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html })) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result.filter((x) => !bad.includes(x))) console.log(`# axe (${v.impact}, not failing) on ${name}: ${v.id}`);
  check(bad.length === 0, `axe: no serious or critical violations on ${name}`,
    bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n` + v.nodes.map((n) => `  at ${n.target}: ${n.html}`).join('\n')).join('\n'));
}

async function cspPass(browser, context, who) {
  const strict = await browser.newContext({ storageState: await context.storageState() });
  strict.setDefaultTimeout(TIMEOUT);
  const page = await strict.newPage();
  const blocked = [];
  page.on('console', (m) => { if (m.type() === 'error') blocked.push(`${page.url()}: ${m.text()}`); });
  const seen = new Set();
  for (const [name, u, w] of visited) {
    if (w !== who || seen.has(u)) continue;
    seen.add(u);
    const r = await page.goto(u);
    check(r && r.status() === 200, `${name} loads again with the CSP enforced`, r && r.status());
  }
  check(seen.size > 0 && blocked.length === 0, `nothing blocked by the CSP on ${who}'s pages`, blocked.join('\n'));
  await strict.close();
}

async function newContext(browser, base, width) {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
  context.setDefaultTimeout(TIMEOUT);
  context.setDefaultNavigationTimeout(TIMEOUT);
  context.on('request', (r) => { if (!r.url().startsWith(base + '/') && !r.url().startsWith('data:')) outside.push(r.url()); });
  return context;
}

async function signIn(context, base, username) {
  const page = await context.newPage();
  await page.goto(base + '/sign-in');
  await page.fill('#username', username);
  await page.fill('#password', USERS[username].password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/sign-in"] button')]);
  check(new URL(page.url()).pathname === '/', `${username} signs in`, page.url());
  return page;
}

const click = (page, selector) => Promise.all([page.waitForNavigation(), page.click(selector)]);
const inForce = async (page) => (await page.locator('#in-force').innerText()).match(/Version (\d+) is in force/)?.[1];

// ---------------------------------------------------------------- the run

async function run(server, browser) {
  const base = server.base;
  const desk = await newContext(browser, base, 1280);
  const phone = await newContext(browser, base, 390);
  const hr1 = await signIn(desk, base, 'hr1');
  const hr2 = await signIn(phone, base, 'hr2');

  await click(hr1, 'nav a[href="/policies"]');
  check(await hr1.locator('h1').innerText() === 'Policy versions', 'hr1 opens the policy versions from the navigation');
  check(await inForce(hr1) === '1', 'version 1, the repository\'s, is in force');
  await look(hr1, 'hr1', 'versions-1280');

  // Preview a draft, then propose exactly it.
  await hr1.goto(base + '/whatif');
  await hr1.fill('textarea#settings', DRAFT);
  await click(hr1, 'form[method="post"][action="/whatif"] button');
  check(await hr1.locator('#whatif').count() === 1, 'the draft ran: what it changes is shown');
  check(await hr1.locator('form[action="/policies/propose"]').count() === 1, 'a "Propose this draft" form follows the result');
  await look(hr1, 'hr1', 'whatif-result-1280', null);
  await hr1.fill('#propose-reason', 'Children in need seen every fortnight, from the March audit');
  await click(hr1, 'form[action="/policies/propose"] button');
  check(new URL(hr1.url()).pathname === '/policies/2', 'proposing lands on the new version\'s page', hr1.url());
  check((await hr1.locator('h1').innerText()).startsWith('Policy version 2'), 'its heading names version 2');
  check(await hr1.locator('ins', { hasText: 'CIN = days(14)' }).count() === 1, 'its diff shows the new interval added');
  check(await hr1.locator('del', { hasText: 'CIN = days(42)' }).count() === 1, 'and the old one removed');
  check(await hr1.locator('form[action="/policies/2/approve"]').count() === 0, 'its author is offered no Approve button');
  await look(hr1, 'hr1', 'proposed-by-author-1280');

  // A second HR user, on a phone, approves it.
  await hr2.goto(base + '/policies');
  check(await hr2.locator('#version-2').count() === 1, 'hr2 sees the proposal in the list');
  await look(hr2, 'hr2', 'versions-proposed-390');
  await click(hr2, '#version-2 a');
  await look(hr2, 'hr2', 'proposal-390');
  await click(hr2, 'form[action="/policies/2/reject"] button');
  check(await hr2.locator('.govuk-error-summary').count() === 1 &&
    /needs a reason/.test(await hr2.locator('.govuk-error-summary').innerText()),
  'rejecting without a reason is refused with an error summary');
  await look(hr2, 'hr2', 'reject-without-reason-390', null);
  await click(hr2, 'form[action="/policies/2/approve"] button');
  check(new URL(hr2.url()).pathname === '/policies/2', 'approving returns to the version', hr2.url());
  check(/in force/.test(await hr2.locator('h1 .govuk-tag').innerText()), 'version 2 is in force');
  await look(hr2, 'hr2', 'approved-390');
  await hr2.goto(base + '/policies');
  check(await inForce(hr2) === '2', 'the list says version 2 is in force');
  check(/approved by hr2/.test(await hr2.locator('#in-force').innerText()), 'approved by hr2');
  await look(hr2, 'hr2', 'versions-2-in-force-390');

  // Restore version 1: hr2 proposes it, hr1 approves.
  await hr2.goto(base + '/policies/1');
  await hr2.fill('#restore-reason', 'Back to six weeks while the service is re-staffed');
  await click(hr2, 'form[action="/policies/1/restore"] button');
  check(new URL(hr2.url()).pathname === '/policies/3', 'restoring proposes version 3', hr2.url());
  await look(hr2, 'hr2', 'restore-proposed-390');
  await hr1.goto(base + '/policies/3');
  await click(hr1, 'form[action="/policies/3/approve"] button');
  await hr1.goto(base + '/policies');
  check(await inForce(hr1) === '3', 'hr1 approves the restore: version 3 is in force');
  await look(hr1, 'hr1', 'versions-restored-1280');
  await hr1.goto(base + '/whatif');
  check((await hr1.locator('textarea#settings').inputValue()) === SHIPPED, 'what-if opens on the restored settings');

  await cspPass(browser, desk, 'hr1');
  await cspPass(browser, phone, 'hr2');
  check(outside.length === 0, 'no request leaves the server', outside.join('\n'));
  await desk.close();
  await phone.close();
}

async function main() {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const f of fs.readdirSync(SCREENSHOTS)) if (f.endsWith('.png')) fs.rmSync(path.join(SCREENSHOTS, f));
  let server = null;
  let browser = null;
  try {
    server = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: TIMEOUT });
    await run(server, browser);
  } catch (e) {
    check(false, 'the run went to its end', e && e.stack ? e.stack : e);
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) {
      const exit = await server.stop();
      const err = server.stderr();
      check(!/Sanitizer|runtime error:/.test(err), 'no sanitizer report from serve', err.slice(-4000));
      check(exit.code === 0, 'serve stops cleanly on SIGTERM', JSON.stringify(exit) + '\n' + err.slice(-2000));
    }
    if (process.env.KEEP_TMP) console.log('kept ' + TMP);
    else fs.rmSync(TMP, { recursive: true, force: true });
  }
  console.log(`# screenshots in ${SCREENSHOTS}`);
  console.log(`# policy_publishing_e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed || !passed ? 1 : 0);
}

main();
