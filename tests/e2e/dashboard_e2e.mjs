// The dashboard end to end in Debian's chromium, headless, driven by playwright-core
// (issue 8): signed out, a page sends the browser to sign-in; a wrong password shows the
// error; sign-in as the head of service; the caseload balance page lists every team; a
// team page has the caseload chart (inline SVG) and its table; the exceptions filter,
// chosen in the select and submitted without JavaScript, leaves only that policy's rows;
// the CSV link gives the team's caseload as CSV; a team manager gets the 403 page for
// another team; sign-out ends the session. axe-core runs on every HTML page visited and
// any violation of impact 'serious' or 'critical' fails the test; each page is also
// loaded again with the Content Security Policy enforced, to catch what it blocks; no
// request leaves the server. Screenshots go to SCREENSHOTS (or DIR/dashboard-e2e-screenshots,
// where DIR is the binary's folder: the build dir).
//
// usage: node dashboard_e2e.mjs OVERSIGHT_BINARY REFERENCE_DATA_DIR   (tests/data/reference)
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
  console.error('dashboard_e2e: playwright-core is not installed: run `npm ci` in tests/e2e (scripts/setup does)');
  process.exit(2);
}
const AXE = require.resolve('axe-core/axe.min.js');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (process.argv.length !== 4) {
  console.error('usage: node dashboard_e2e.mjs OVERSIGHT_BINARY REFERENCE_DATA_DIR');
  process.exit(2);
}
const BIN = path.resolve(process.argv[2]);
const COUNCIL = path.join(path.resolve(process.argv[3]), 'council-a');
const AS_OF = '2024-03-01';
const SCREENSHOTS = path.resolve(process.env.SCREENSHOTS || path.join(path.dirname(BIN), 'dashboard-e2e-screenshots'));
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard_e2e_'));
const TIMEOUT = 120000; // ms for one step: the ASan build is slow to work out the day's data
const USERS = {
  hos: { role: 'manager', worker: 'W0001', password: 'hos-e2e-Pa55word-4Rt' },  // the head of service
  tm1: { role: 'manager', worker: 'W0006', password: 'tm1-e2e-Pa55word-8Jk' },  // T01's team manager
};

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
  oversight(['import', '--db', db, COUNCIL]);
  for (const [name, u] of Object.entries(USERS)) {
    oversight(['user', 'add', '--db', db, '--username', name, '--role', u.role, '--worker-id', u.worker], u.password + '\n');
  }
  const port = await freePort();
  const relay = await freePort(); // nothing listens there: the weekly job (off: Sunday 23:59) could reach no relay
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

// ---------------------------------------------------------------- axe and screenshots

const visited = []; // [name, url] of every HTML page checked, for the CSP pass
let shot = 0;

async function screenshot(page, name) {
  const file = path.join(SCREENSHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function axeCheck(page, name) {
  visited.push([name, page.url()]);
  await screenshot(page, name);
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result.filter((x) => !bad.includes(x))) {
    console.log(`# axe (${v.impact}, not failing) on ${name}: ${v.id}: ${v.help} (${v.nodes.length} elements)`);
  }
  const detail = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n` + v.nodes.map((n) =>
    `  at ${n.target}: ${n.html}\n    ${(n.summary || '').split('\n').join(' ')}`).join('\n')).join('\n');
  check(bad.length === 0, `axe: no serious or critical violations on ${name} (${page.url()})`, detail);
}

async function rowsOf(page, table) {
  return page.$$eval(`table#${table} tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
}

// ---------------------------------------------------------------- the run

async function signIn(page, base, username, password) {
  await page.goto(base + '/sign-in');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/sign-in"] button')]);
}

async function run(server, browser) {
  const base = server.base;
  const context = await browser.newContext({
    acceptDownloads: true,
    bypassCSP: true, // for page.addScriptTag(axe) only: the CSP pass below loads each page with it enforced
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(TIMEOUT);
  context.setDefaultNavigationTimeout(TIMEOUT);
  const outside = [];
  context.on('request', (r) => { if (!r.url().startsWith(base + '/') && !r.url().startsWith('data:')) outside.push(r.url()); });
  const failedRequests = [];
  context.on('response', (r) => {
    // Assets only: the pages' own statuses (401 for a wrong password, 403) are checked where they happen.
    if (r.status() >= 400 && r.request().resourceType() !== 'document') failedRequests.push(`${r.status()} ${r.url()}`);
  });
  const page = await context.newPage();

  // Signed out: a team page sends the browser to sign-in.
  await page.goto(base + '/teams/T01');
  check(new URL(page.url()).pathname === '/sign-in', 'signed out, /teams/T01 leads to /sign-in', page.url());
  check(await page.locator('h1').innerText() === 'Sign in', 'the sign-in page has its heading');
  check(await page.locator('input[type=hidden][name=csrf_token]').count() === 1, 'the sign-in form holds a csrf_token');
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector('h1')).fontFamily);
  check(/GDS Transport|arial/i.test(styled), 'the GOV.UK stylesheet is applied', styled);
  await axeCheck(page, 'sign-in');

  // A wrong password: the error is shown, still signed out.
  await signIn(page, base, 'hos', 'not-the-Pa55word');
  check(new URL(page.url()).pathname === '/sign-in', 'a wrong password stays on sign-in', page.url());
  check(/not right/i.test(await page.locator('.govuk-error-summary').innerText().catch(() => '')),
    'a wrong password shows the error summary');
  await axeCheck(page, 'sign-in-error');

  // Sign in as the head of service: the balance page lists every team.
  await signIn(page, base, 'hos', USERS.hos.password);
  check(new URL(page.url()).pathname === '/', 'sign-in leads to the home page', page.url());
  check(await page.locator('h1').innerText() === 'Caseload balance', 'the home page is the caseload balance');
  const teamsCsv = fs.readFileSync(path.join(COUNCIL, 'teams.csv'), 'utf8').trim().split(/\r?\n/).slice(1)
    .map((l) => l.split(',')[0]);
  const links = await page.$$eval('table#teams a[href^="/teams/"]', (as) => as.map((a) => a.getAttribute('href')));
  check(JSON.stringify(links.map((h) => h.split('/')[2]).sort()) === JSON.stringify([...teamsCsv].sort()),
    'the head of service sees every team on the balance page', links.join(' '));
  const homeRows = await page.$$eval('table#teams tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  check(homeRows.length === teamsCsv.length && homeRows.every((r) => r.length >= 5 && /\d/.test(r[3]) && /\d/.test(r[4])),
    'each team row has its weighted caseload and capacity', JSON.stringify(homeRows.slice(0, 3)));
  const serviceRows = await rowsOf(page, 'services');
  const servicesCsv = new Set(fs.readFileSync(path.join(COUNCIL, 'teams.csv'), 'utf8').trim().split(/\r?\n/).slice(1)
    .map((l) => l.split(',')[2]));
  check(serviceRows.length === servicesCsv.size && serviceRows.every((r) => servicesCsv.has(r[0])),
    'the balance page sums caseload by service, one row a service', JSON.stringify(serviceRows.map((r) => r[0])));
  await axeCheck(page, 'home');

  // A team page: chart and table.
  await Promise.all([page.waitForNavigation(), page.click('a[href="/teams/T01"]')]);
  check(new URL(page.url()).pathname === '/teams/T01', 'the team link opens /teams/T01', page.url());
  check((await page.locator('h1').innerText()).includes('(T01)'), 'the team page names T01');
  check(await page.locator('svg[role=img] title').count() === 1, 'the caseload chart is an inline SVG with a title');
  const workers = await rowsOf(page, 'caseload');
  check(workers.length > 0 && workers.every((r) => /^W\d{4}\b/.test(r[0])), 'the caseload table lists T01\'s workers',
    JSON.stringify(workers));
  const bars = await page.locator('svg[role=img] rect').count();
  check(bars === workers.length, 'one bar in the chart for each worker in the table', `${bars} bars, ${workers.length} rows`);
  const all = await rowsOf(page, 'exceptions');
  check(all.length > 0, 'T01 has exceptions listed', all.length);
  await axeCheck(page, 'team-T01');

  // The exceptions filter: choose a policy, submit (a plain GET form), only its rows remain.
  const options = (await page.$$eval('select#policy option', (os) => os.map((o) => o.value))).filter(Boolean);
  const counts = Object.fromEntries(options.map((p) => [p, all.filter((r) => r[0] === p).length]));
  check(options.length >= 1, 'the policy select offers the team\'s policies', options.join(' '));
  // The policy with the fewest rows, so that the filter visibly takes rows away.
  const policy = options.slice().sort((a, b) => counts[a] - counts[b])[0];
  await page.selectOption('select#policy', policy);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/teams/T01"] button')]);
  const url = new URL(page.url());
  check(url.pathname === '/teams/T01' && url.searchParams.get('policy') === policy, `the filter asks for policy=${policy}`,
    page.url());
  const filtered = await rowsOf(page, 'exceptions');
  check(filtered.length > 0 && filtered.every((r) => r[0] === policy), `the table shows only ${policy}`,
    JSON.stringify(filtered.map((r) => r[0])));
  check(filtered.length === counts[policy], `the filter keeps every ${policy} row (${counts[policy]})`, filtered.length);
  if (options.length > 1) check(filtered.length < all.length, 'the filter takes the other policies\' rows away');
  check(await page.locator('select#policy').inputValue() === policy, 'the select keeps the chosen policy');
  check((await page.locator('table#exceptions caption').innerText()).includes(policy), 'the caption names the policy');
  await axeCheck(page, 'team-T01-filtered');

  // The planner: from the team page, who could take a new CP case, and the moves that
  // would bring the team within cap.
  await Promise.all([page.waitForNavigation(), page.click('a[href="/teams/T01/plan"]')]);
  await page.selectOption('select#case_type', 'CP');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/teams/T01/plan"] button')]);
  check(new URL(page.url()).searchParams.get('case_type') === 'CP', 'the planner asks about a CP case', page.url());
  const planHeading = await page.locator('main h2').first().innerText();
  check(planHeading.includes('new CP case'), 'the planner ranks workers for a new CP case', planHeading);
  const ranked = await page.locator('ol#ranked li').allInnerTexts();
  check(ranked.every((t) => /^W\d{4} .*headroom after the case/.test(t)), 'each ranked worker comes with the reason',
    JSON.stringify(ranked));
  const moves = await rowsOf(page, 'moves');
  check(moves.length > 0 && moves.every((r) => /^C\d+$/.test(r[0]) && /^W\d{4}$/.test(r[3]) && /^W\d{4}$/.test(r[4])),
    'each proposed move names a case, who from and who to', JSON.stringify(moves));
  await screenshot(page, '05b-plan-T01');
  await axeCheck(page, 'plan-T01');
  await page.goto(base + '/teams/T01?policy=' + encodeURIComponent(policy));

  // The CSV link: the team's caseload as CSV.
  const csvLink = page.locator('a[href="/teams/T01/caseload.csv"]');
  check(await csvLink.count() === 1, 'the team page links its caseload CSV');
  let csvText = '';
  const download = page.waitForEvent('download', { timeout: TIMEOUT }).catch(() => null);
  const response = page.waitForResponse((r) => r.url().endsWith('/teams/T01/caseload.csv'), { timeout: TIMEOUT });
  await csvLink.click();
  const csvResponse = await response;
  check(csvResponse.status() === 200 && /text\/csv/.test(csvResponse.headers()['content-type'] || ''),
    'the CSV link answers 200 text/csv', `${csvResponse.status()} ${csvResponse.headers()['content-type']}`);
  const got = await Promise.race([download, sleep(5000).then(() => null)]);
  if (got) {
    const file = path.join(SCREENSHOTS, 'T01-caseload.csv');
    await got.saveAs(file);
    csvText = fs.readFileSync(file, 'utf8');
  } else {
    csvText = await csvResponse.text();
  }
  const lines = csvText.trim().split(/\r?\n/);
  check(lines[0].startsWith('worker_id,'), 'the CSV starts with its header line', lines[0]);
  check(JSON.stringify(lines.slice(1).map((l) => l.split(',')[0])) === JSON.stringify(workers.map((r) => r[0].split(' ')[0])),
    'the CSV lists the same workers as the page\'s table', lines.slice(1).map((l) => l.split(',')[0]).join(' '));
  if (!got) await page.goBack().catch(() => {});

  // The compliance trend and IRO capacity pages, reached from the navigation.
  await page.goto(base + '/');
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/trends"]')]);
  check(await page.locator('h1').innerText() === 'Compliance over 12 weeks', 'the trends page opens from the navigation');
  await screenshot(page, '08-trends');
  await axeCheck(page, 'trends');
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/iro"]')]);
  check(await page.locator('h1').innerText() === 'IRO capacity', 'the IRO capacity page opens from the navigation');
  const iroRows = await rowsOf(page, 'iros');
  check(iroRows.length > 0 && iroRows.every((r) => /^W\d{4}$/.test(r[0]) && /^\d+$/.test(r[4]) && /limit|range/.test(r[7])),
    'the head of service sees each IRO against the limit', JSON.stringify(iroRows.slice(0, 3)));
  await screenshot(page, '09-iro');
  await axeCheck(page, 'iro');

  // The Content Security Policy, enforced: every page visited loads with nothing blocked.
  const state = await context.storageState();
  const strict = await browser.newContext({ storageState: state });
  strict.setDefaultTimeout(TIMEOUT);
  strict.setDefaultNavigationTimeout(TIMEOUT);
  const strictPage = await strict.newPage();
  const blocked = [];
  strictPage.on('console', (m) => { if (m.type() === 'error') blocked.push(`${strictPage.url()}: ${m.text()}`); });
  strictPage.on('pageerror', (e) => blocked.push(`${strictPage.url()}: ${e.message}`));
  for (const [name, u] of visited.filter(([n]) => !n.startsWith('sign-in'))) {
    const r = await strictPage.goto(u);
    check(r && r.status() === 200, `${name} loads again with the CSP enforced`, r && r.status());
  }
  check(blocked.length === 0, 'no console errors (nothing blocked by the CSP)', blocked.join('\n'));
  await strict.close();

  // Sign out: back to sign-in, and the team page asks for sign-in again.
  await page.goto(base + '/');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/sign-out"] button')]);
  check(new URL(page.url()).pathname === '/sign-in', 'sign-out leads to /sign-in', page.url());
  await axeCheck(page, 'signed-out');
  await page.goto(base + '/teams/T01');
  check(new URL(page.url()).pathname === '/sign-in', 'after sign-out /teams/T01 asks for sign-in again', page.url());

  // A team manager: their own team, and the 403 page for another.
  await signIn(page, base, 'tm1', USERS.tm1.password);
  const tmLinks = await page.$$eval('main table a[href^="/teams/"]', (as) => as.map((a) => a.getAttribute('href')));
  check(JSON.stringify(tmLinks) === JSON.stringify(['/teams/T01']), 'the team manager sees only T01', tmLinks.join(' '));
  const denied = await page.goto(base + '/teams/T02');
  check(denied.status() === 403, 'the team manager gets 403 for T02', denied.status());
  check(!/W00(1[5-9]|2[0-3])/.test(await page.content()), 'the 403 page names none of T02\'s workers');
  await axeCheck(page, 'forbidden-T02');

  check(outside.length === 0, 'no request leaves the server (no CDN, no external requests)', outside.join('\n'));
  check(failedRequests.length === 0, 'no asset failed to load', failedRequests.join('\n'));
  await context.close();
}

async function main() {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const f of fs.readdirSync(SCREENSHOTS)) if (/\.(png|csv)$/.test(f)) fs.rmSync(path.join(SCREENSHOTS, f));
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
      const secrets = Object.values(USERS).map((u) => u.password);
      check(!secrets.some((s) => err.includes(s)), 'no password in the server\'s output');
      check(!/\bC\d{3,}\b/.test(err), 'no case id in the server\'s log');
    }
    if (process.env.KEEP_TMP) console.log('kept ' + TMP);
    else fs.rmSync(TMP, { recursive: true, force: true });
  }
  console.log(`# screenshots in ${SCREENSHOTS}`);
  console.log(`# dashboard_e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed || !passed ? 1 : 0);
}

main();
