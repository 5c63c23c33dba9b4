// The dashboard end to end in Debian's chromium, headless, driven by playwright-core
// (issue 8): signed out, a page sends the browser to sign-in; a wrong password shows the
// error; sign-in as the head of service; the caseload balance page lists every team, with
// a bar chart per team and per service drawing one bar per table row (labels, values, red
// when over capacity); the teams table downloaded from its caption link as CSV, and the
// services table, hold the page's rows, and their JSON (/api/...) the CSV's; a team page has
// the caseload chart (inline SVG) and its table; the exceptions filter, chosen in the select
// and submitted without JavaScript, leaves only that policy's rows, and the filtered CSV
// link gives those rows; the CSV link gives the team's caseload as CSV; the planner's moves
// as CSV and JSON match its table. The weekly job runs for a few days before AS_OF (to an
// outbox folder) before serving, so that the trends page has a line chart with a point per
// week in its table, at the table's figures, and /trends.csv and /api/trends hold the
// table's rows; the IRO page has a bar per IRO and /iro.csv and /api/iro match its table.
// An hr user: /policies lists the weekly runs (and its CSV and JSON match); /whatif shows
// the shipped settings, a draft with a shorter CIN interval adds case_supervision
// exceptions, the case_supervision plugin opened for editing holds its source, a draft
// that no longer warns of cases due soon removes exactly the due_soon exceptions the
// teams' exception APIs list, and nothing is published (settings, plugin, runs and counts
// unchanged). An admin: /users lists the users created (and /users.csv, /api/users match),
// the remove select never offers the admin, nor does the server remove them; a too-short
// password is refused; a user added through the form can sign in, and once removed is
// signed out and cannot sign in again. A team manager gets the 403 page for another team,
// and 403 for the policies, what-if and users pages, downloads and APIs; hr gets 403 for
// the users pages; sign-out ends the session. axe-core runs on every HTML page and state
// visited and any violation of impact 'serious' or 'critical' fails the test; each page is
// also loaded again with the Content Security Policy enforced, as the user who saw it, to
// catch what it blocks; no request leaves the server. Screenshots go to SCREENSHOTS (or
// DIR/dashboard-e2e-screenshots, where DIR is the binary's folder: the build dir).
//
// Issue 15: every bar label is whole (never cut) and each team's bar has its children beside
// it; each chart has a visible legend; the home page has each team's change since last week
// (the most worse first) and percentages with one decimal; a worker's page is reached from
// the team's caseload table (cases with types and weights, supervision dates by kind) and
// its CSV and JSON match it; /exceptions is filtered by service, team, case type, policy
// and severity through its GET form, sorted by days late, its CSV and JSON following the
// filter; the trends page has a small chart per team with both shares and the target lines
// (90% and 75%); the IRO page has the FTE needed at 50 and at 70 beside the FTE in post and
// the children with no IRO by case id; printed, the navigation and forms are left off. Every
// page checked is also loaded at 390 px (no horizontal scroll, axe clean, a screenshot).
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
const SOURCE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..'); // the repository
const AS_OF = '2024-03-01';
const SCREENSHOTS = path.resolve(process.env.SCREENSHOTS || path.join(path.dirname(BIN), 'dashboard-e2e-screenshots'));
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard_e2e_'));
const TIMEOUT = 120000; // ms for one step: the ASan build is slow to work out the day's data
const USERS = {
  hos: { role: 'manager', worker: 'W0001', password: 'hos-e2e-Pa55word-4Rt' },  // the head of service
  tm1: { role: 'manager', worker: 'W0006', password: 'tm1-e2e-Pa55word-8Jk' },  // T01's team manager
  hr1: { role: 'hr', password: 'hr1-e2e-Pa55word-3Qz' },
  adm1: { role: 'admin', password: 'adm1-e2e-Pa55word-7Wx' },
};
// Added and removed through the admin's form, not the command line.
const NEW_USER = { username: 'hr2', role: 'hr', password: 'hr2-e2e-Pa55word-6Tn' };
// The weekly job runs as of these days before serving: four weeks, the last one twice
// (the trend keeps the latest run of a week).
const WEEKLY = [-21, -14, -7, -2, 0].map((n) => addDays(AS_OF, n));

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

function addDays(iso, n) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// The Monday of the ISO week of a day, as the weekly job names its weeks.
function weekStart(iso) {
  const d = new Date(iso + 'T00:00:00Z');
  return addDays(iso, -((d.getUTCDay() + 6) % 7));
}

// "26 Feb 2024", as the pages write a day.
function longDate(iso) {
  const d = new Date(iso + 'T00:00:00Z');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

// RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field); field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return { header: rows[0] || [], rows: rows.slice(1) };
}

// A cell of a page's table against the same cell in its CSV: "-" is empty there, a
// percentage loses its sign, text a spreadsheet would run gets an apostrophe first.
// "5 Feb 2024" as the page shows a date, in the ISO form downloads use.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function isoOf(shown) {
  const m = /^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})$/.exec(shown);
  if (!m || !MONTHS.includes(m[2])) return null;
  return `${m[3]}-${String(MONTHS.indexOf(m[2]) + 1).padStart(2, '0')}-${m[1].padStart(2, '0')}`;
}

function sameCell(shown, csv) {
  return shown === csv || (shown === '-' && csv === '') ||
    (shown.endsWith('%') && csv !== '' && Number(shown.slice(0, -1)) === Number(csv)) ||
    (/^[=+\-@]/.test(shown) && csv === "'" + shown) || (isoOf(shown) !== null && isoOf(shown) === csv);
}

// '' when the page's rows and the CSV's are the same, else where they differ.
function rowsDiffer(shownRows, csvRows, same = sameCell) {
  if (shownRows.length !== csvRows.length) return `${shownRows.length} rows on the page, ${csvRows.length} in the CSV`;
  for (let i = 0; i < shownRows.length; i++) {
    if (shownRows[i].length !== csvRows[i].length) return `row ${i + 1}: ${shownRows[i].length} cells, ${csvRows[i].length} in the CSV`;
    for (let j = 0; j < shownRows[i].length; j++) {
      if (!same(shownRows[i][j], csvRows[i][j])) {
        return `row ${i + 1}, column ${j + 1}: ${JSON.stringify(shownRows[i][j])} on the page, ${JSON.stringify(csvRows[i][j])} in the CSV`;
      }
    }
  }
  return '';
}

// '' when a JSON table ({table, as_of, rows}) holds the CSV's header and rows, else where not.
function jsonDiffers(json, id, csv) {
  if (!json || json.table !== id || json.as_of !== AS_OF || !Array.isArray(json.rows)) {
    return 'not {"table": "' + id + '", "as_of": "' + AS_OF + '", "rows": [...]}: ' + JSON.stringify(json).slice(0, 200);
  }
  if (json.rows.length !== csv.rows.length) return `${json.rows.length} rows in the JSON, ${csv.rows.length} in the CSV`;
  for (let i = 0; i < json.rows.length; i++) {
    const keys = Object.keys(json.rows[i]);
    if (JSON.stringify(keys) !== JSON.stringify(csv.header)) return `row ${i + 1}: keys ${keys.join(',')}, CSV header ${csv.header.join(',')}`;
    for (let j = 0; j < keys.length; j++) {
      const v = json.rows[i][keys[j]], c = csv.rows[i][j];
      const ok = v === null ? c === '' : typeof v === 'number' ? c !== '' && Number(c) === v : v === c || "'" + v === c;
      if (!ok) return `row ${i + 1}, ${keys[j]}: ${JSON.stringify(v)} in the JSON, ${JSON.stringify(c)} in the CSV`;
    }
  }
  return '';
}

async function startServer() {
  const db = path.join(TMP, 's.db');
  oversight(['import', '--db', db, COUNCIL]);
  for (const [name, u] of Object.entries(USERS)) {
    oversight(['user', 'add', '--db', db, '--username', name, '--role', u.role, ...(u.worker ? ['--worker-id', u.worker] : [])],
      u.password + '\n');
  }
  // The trend's history: the weekly job, its messages written to a folder (no relay).
  const outbox = path.join(TMP, 'outbox');
  fs.mkdirSync(outbox);
  for (const day of WEEKLY) oversight(['weekly', '--db', db, '--as-of', day, '--outbox', outbox]);
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

const visited = []; // [name, url, username] of every HTML page checked, for the CSP pass
const signedIn = new WeakMap(); // page -> who is signed in there
let shot = 0;

// The whole page, down to its first 4,000 px: a long list's screenshot is otherwise seconds
// of rendering for rows nobody looks at.
async function screenshot(page, name) {
  const file = path.join(SCREENSHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
  const size = await page.evaluate(() => ({ width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight }));
  await page.screenshot({ path: file, fullPage: true,
    clip: { x: 0, y: 0, width: size.width, height: Math.min(size.height, 4000) } });
  return file;
}

// REVISIT: the address to load again with the CSP enforced (the page's own, unless it is a
// form's answer), or null for a page that is not 200 (a 403).
async function axeCheck(page, name, revisit = page.url()) {
  if (revisit) visited.push([name, revisit, signedIn.get(page)]);
  await screenshot(page, name);
  await checkNoSideScroll(page, name);
  await runAxe(page, name);
}

// axe-core on the page as it is: any violation of impact serious or critical fails.
async function runAxe(page, name) {
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

// The labels, value labels and notes of a bar chart's bars, and whether each bar is red.
// A label's lines (tspans) are joined with a space: the whole label, never cut.
async function barsOf(page, chart) {
  return page.$eval(`svg#${chart}`, (svg) => [...svg.querySelectorAll('g.app-bar')].map((g) => ({
    label: [...g.querySelectorAll('text.app-bar-label tspan')].map((t) => t.textContent).join(' '),
    value: (g.querySelector('.app-bar-value') || {}).textContent,
    note: ((g.querySelector('.app-bar-note') || {}).textContent || '').replace(/^ · /, ''),
    red: g.querySelector('rect').getAttribute('fill').toLowerCase() === '#d4351c',
  })));
}

const sameLabel = (bar, text) => bar === text;

// No page scrolls sideways: the document is no wider than the window.
async function checkNoSideScroll(page, name) {
  const w = await page.evaluate(() => ({ scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth }));
  check(w.scroll <= w.inner, `no horizontal scroll on ${name} at ${w.inner} px`, `scrollWidth ${w.scroll}, innerWidth ${w.inner}`);
}

// After a click on a download link: the download, or null when the browser shows the
// file in the page instead (it navigates to it).
function downloadOrShown(page, download, target) {
  const shown = page.waitForURL(target, { waitUntil: 'commit', timeout: TIMEOUT }).then(() => null, () => null);
  return Promise.race([download, shown]);
}

// Follows a download link as a person would; its status, type and text.
async function follow(page, link, file) {
  const href = await link.getAttribute('href');
  const target = new URL(href, page.url()).href;
  const download = page.waitForEvent('download', { timeout: TIMEOUT }).catch(() => null);
  const response = page.waitForResponse((r) => r.url() === target, { timeout: TIMEOUT });
  await link.click();
  const r = await response;
  const got = await downloadOrShown(page, download, target);
  let text;
  if (got) {
    const saved = path.join(SCREENSHOTS, file);
    await got.saveAs(saved);
    text = fs.readFileSync(saved, 'utf8');
  } else {
    text = await r.text();
    await page.goBack().catch(() => {});
  }
  return { href, status: r.status(), type: r.headers()['content-type'] || '', text };
}

// Requests made with context.request (not the browser's): Connection: close, or the
// connections they leave open hold serve's shutdown until they time out.
const ONE_REQUEST = { Connection: 'close' };

// A GET in the page's context (its session cookie); status, type and text.
async function get(page, base, href) {
  const r = await page.context().request.get(base + href, { maxRedirects: 0, headers: ONE_REQUEST });
  return { status: r.status(), type: r.headers()['content-type'] || '', text: await r.text() };
}

function parseJson(text) {
  try { return JSON.parse(text); } catch (e) { return null; }
}

// A table's CSV, from its caption's link, against the page's rows; then its JSON against the CSV.
async function checkDownloads(page, base, table, csvHref, jsonHref, what) {
  const rows = await rowsOf(page, table);
  const link = page.locator(`table#${table} caption a`);
  const href = await link.getAttribute('href').catch(() => null);
  check(href === csvHref, `the ${what} table's caption links ${csvHref}`, href);
  const csvFile = href === csvHref ? await follow(page, link, csvHref.slice(1).replace(/\//g, '-'))
    : await get(page, base, csvHref);
  const csv = parseCsv(csvFile.text);
  const headers = await page.$$eval(`table#${table} thead th`, (ths) => ths.length);
  check(csvFile.status === 200 && /^text\/csv/.test(csvFile.type) && csv.header.length === headers,
    `${csvHref} answers 200 text/csv with a key for each of the table's ${headers} columns`,
    `${csvFile.status} ${csvFile.type} ${csv.header.join(',')}`);
  const differ = rowsDiffer(rows, csv.rows);
  check(rows.length > 0 && !differ, `${csvHref} holds the ${what} table's ${rows.length} rows`, differ || 'no rows');
  const json = await get(page, base, jsonHref);
  const also = await page.locator(`p a[href="${jsonHref}"]`).count();
  const jsonDiff = json.status === 200 && /application\/json/.test(json.type) ? jsonDiffers(parseJson(json.text), table, csv)
    : `${json.status} ${json.type}`;
  check(also === 1 && !jsonDiff, `${jsonHref} (linked under the table) holds the CSV's rows`,
    (also ? '' : 'no link under the table; ') + jsonDiff);
  return { rows, csv };
}

// Every HTML page WHO was checked on (at 1280 px), loaded again on a phone's width (390 px):
// no horizontal scroll, axe clean, a screenshot each.
async function phonePass(browser, context, who) {
  const phone = await browser.newContext({ storageState: await context.storageState(), bypassCSP: true,
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  phone.setDefaultTimeout(TIMEOUT);
  phone.setDefaultNavigationTimeout(TIMEOUT);
  const page = await phone.newPage();
  const seen = new Set();
  for (const [name, u, w] of visited) {
    if (w !== who || seen.has(u)) continue;
    seen.add(u);
    const r = await page.goto(u);
    check(r && r.status() === 200, `${name} loads at 390 px`, r && r.status());
    await screenshot(page, `${name}-390`);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${String(shot).padStart(2, '0')}-${name}-390-first-screen.png`) });
    await checkNoSideScroll(page, `${name} (390 px)`);
    await runAxe(page, `${name} at 390 px`);
  }
  check(seen.size > 0, `${who}'s pages were loaded at 390 px`);
  await phone.close();
}

// Every HTML page WHO was checked on, loaded again with the CSP enforced.
async function cspPass(browser, context, who, label) {
  const strict = await browser.newContext({ storageState: await context.storageState() });
  strict.setDefaultTimeout(TIMEOUT);
  strict.setDefaultNavigationTimeout(TIMEOUT);
  const strictPage = await strict.newPage();
  const blocked = [];
  strictPage.on('console', (m) => { if (m.type() === 'error') blocked.push(`${strictPage.url()}: ${m.text()}`); });
  strictPage.on('pageerror', (e) => blocked.push(`${strictPage.url()}: ${e.message}`));
  const seen = new Set();
  for (const [name, u, w] of visited) {
    if (w !== who || name.startsWith('sign-in') || seen.has(u)) continue;
    seen.add(u);
    const r = await strictPage.goto(u);
    check(r && r.status() === 200, `${name} loads again with the CSP enforced`, r && r.status());
  }
  check(seen.size > 0 && blocked.length === 0, label, blocked.join('\n') || 'no pages');
  await strict.close();
}

// ---------------------------------------------------------------- the run

async function signIn(page, base, username, password) {
  await page.goto(base + '/sign-in');
  await page.fill('#username', username);
  await page.fill('#password', password);
  const [response] = await Promise.all([page.waitForNavigation(), page.click('form[action="/sign-in"] button')]);
  if (new URL(page.url()).pathname === '/') signedIn.set(page, username);
  else signedIn.delete(page);
  return response;
}

const outside = []; // requests to anywhere but the server, from every context
const failedRequests = [];

async function newContext(browser, base) {
  const context = await browser.newContext({
    acceptDownloads: true,
    bypassCSP: true, // for page.addScriptTag(axe) only: the CSP pass loads each page with it enforced
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(TIMEOUT);
  context.setDefaultNavigationTimeout(TIMEOUT);
  context.on('request', (r) => { if (!r.url().startsWith(base + '/') && !r.url().startsWith('data:')) outside.push(r.url()); });
  context.on('response', (r) => {
    // Assets only: the pages' own statuses (401 for a wrong password, 403) are checked where they happen.
    if (r.status() >= 400 && r.request().resourceType() !== 'document') failedRequests.push(`${r.status()} ${r.url()}`);
  });
  return context;
}

async function run(server, browser) {
  const base = server.base;
  const context = await newContext(browser, base);
  const page = await context.newPage();
  const facts = {}; // what the head of service saw, for the other users' checks

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
  // Each team's change since last week (the weekly runs made before serving), the team that
  // got most worse first; every percentage with one decimal; a legend under each chart.
  const changes = await rowsOf(page, 'changes');
  check(changes.length === teamsCsv.length, 'the home page has each team\'s change since last week', JSON.stringify(changes.slice(0, 2)));
  check(changes.every((r) => /^([+-]\d+\.\d points|no change|-)$/.test(r[2]) && /^([+-]\d+\.\d points|no change|-)$/.test(r[4])),
    'each change is in points, with one decimal', JSON.stringify(changes.map((r) => [r[2], r[4]])));
  const caseChanges = changes.map((r) => (r[2] === 'no change' ? 0 : r[2] === '-' ? Infinity : parseFloat(r[2])));
  check(caseChanges.every((v, i) => i === 0 || caseChanges[i - 1] <= v), 'the team that got most worse comes first', caseChanges.join(' '));
  const percents = await page.$$eval('main td', (tds) => tds.map((td) => td.textContent.trim()).filter((t) => /^\d.*%$/.test(t)));
  check(percents.length > 0 && percents.every((t) => /^\d+\.\d%$/.test(t)), 'every percentage on the home page has one decimal',
    percents.filter((t) => !/^\d+\.\d%$/.test(t)).join(' '));
  const legends = await page.locator('ul.app-legend').evaluateAll((uls) => uls.filter((u) => u.offsetHeight > 0).map((u) => u.innerText));
  check(legends.length === 2 && legends.every((l) => /Weighted caseload/.test(l) && /Over capacity/.test(l) && /Capacity/.test(l)),
    'each chart on the home page has a visible legend', JSON.stringify(legends));

  // The charts beside the tables: a bar for each row, with its label and weighted caseload,
  // red exactly when over capacity.
  for (const [chart, rows, label, weighted, capacity, what] of [['teams-chart', homeRows, 0, 3, 4, 'team'],
    ['services-chart', serviceRows, 0, 1, 2, 'service']]) {
    const bars = await barsOf(page, chart);
    const wrong = bars.findIndex((b, i) => !rows[i] || !sameLabel(b.label, rows[i][label]) || b.value !== rows[i][weighted]);
    check(bars.length === rows.length && wrong < 0, `the ${chart} has a bar for each ${what} in the table, with its whole name and weighted caseload`,
      `${bars.length} bars, ${rows.length} rows; first wrong: ${JSON.stringify(bars[wrong])} for ${JSON.stringify(rows[wrong])}`);
    const childrenAt = chart === 'teams-chart' ? 6 : 4;
    const notes = bars.findIndex((b, i) => !rows[i] || b.note !== `${rows[i][childrenAt]} ${rows[i][childrenAt] === '1' ? 'child' : 'children'}`);
    check(bars.length > 0 && notes < 0, `each ${what}'s bar has the number of children beside it`, JSON.stringify(bars[notes]));
    const red = bars.findIndex((b, i) => rows[i] && b.red !== (Number(rows[i][weighted]) > Number(rows[i][capacity])));
    check(bars.length > 0 && red < 0, `a ${what}'s bar is red exactly when it is over capacity`,
      `${JSON.stringify(bars[red])} for ${JSON.stringify(rows[red])}`);
  }
  // The tables as CSV (from the caption's link) and JSON.
  const teamsHeaders = await page.$$eval('table#teams thead th', (ths) => ths.map((th) => th.textContent.trim()));
  const teamsDownload = await checkDownloads(page, base, 'teams', '/teams.csv', '/api/teams', 'teams');
  const idColumn = teamsHeaders.indexOf('Team id'), idKey = teamsDownload.csv.header.indexOf('team_id');
  const csvIds = teamsDownload.csv.rows.map((r) => r[idKey]);
  check(idColumn >= 0 && JSON.stringify(csvIds) === JSON.stringify(homeRows.map((r) => r[idColumn])) &&
    JSON.stringify([...csvIds].sort()) === JSON.stringify([...teamsCsv].sort()),
  '/teams.csv has the table\'s team ids (column "Team id"), every team in the extract', csvIds.join(' '));
  await checkDownloads(page, base, 'services', '/services.csv', '/api/services', 'services');
  const exceptionsColumn = teamsHeaders.indexOf('Exceptions');
  facts.teamIds = teamsCsv;
  facts.totalExceptions = homeRows.reduce((n, r) => n + Number(r[exceptionsColumn]), 0);
  check(exceptionsColumn >= 0 && facts.totalExceptions > 0, 'the balance page counts each team\'s exceptions',
    `${facts.totalExceptions} in all`);

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
  const optionWords = Object.fromEntries(await page.$$eval('select#policy option', (os) => os.map((o) => [o.value, o.textContent])));
  const options = Object.keys(optionWords).filter(Boolean);
  const counts = Object.fromEntries(options.map((p) => [p, all.filter((r) => r[0] === optionWords[p]).length]));
  check(options.length >= 1 && options.every((p) => counts[p] > 0), 'the policy select offers the team\'s policies, by the titles the table shows',
    JSON.stringify(optionWords));
  check(all.every((r) => r[5] === '-' || /^\d+$/.test(r[5])) && all.map((r) => (r[5] === '-' ? -Infinity : Number(r[5])))
    .every((v, i, a) => i === 0 || a[i - 1] >= v), 'the exceptions are sorted by days late, the most first', JSON.stringify(all.map((r) => r[5])));
  // The policy with the fewest rows, so that the filter visibly takes rows away.
  const policy = options.slice().sort((a, b) => counts[a] - counts[b])[0];
  const title = optionWords[policy];
  await page.selectOption('select#policy', policy);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/teams/T01"] button')]);
  const url = new URL(page.url());
  check(url.pathname === '/teams/T01' && url.searchParams.get('policy') === policy, `the filter asks for policy=${policy}`,
    page.url());
  const filtered = await rowsOf(page, 'exceptions');
  check(filtered.length > 0 && filtered.every((r) => r[0] === title), `the table shows only ${title}`,
    JSON.stringify(filtered.map((r) => r[0])));
  check(filtered.length === counts[policy], `the filter keeps every ${title} row (${counts[policy]})`, filtered.length);
  if (options.length > 1) check(filtered.length < all.length, 'the filter takes the other policies\' rows away');
  check(await page.locator('select#policy').inputValue() === policy, 'the select keeps the chosen policy');
  check((await page.locator('table#exceptions caption').innerText()).includes(title), 'the caption names the policy');
  await axeCheck(page, 'team-T01-filtered');
  // The filtered CSV: the caption's link keeps the filter, and gives the rows shown.
  const filteredHref = await page.locator('table#exceptions caption a').getAttribute('href');
  const filteredCsv = await get(page, base, filteredHref);
  const fc = parseCsv(filteredCsv.text);
  const col = (k) => fc.header.indexOf(k);
  const fcRows = fc.rows.map((r) => [r[col('worker_id')], r[col('case_id')], r[col('days_overdue')], r[col('message')]]);
  const fcDiff = rowsDiffer(filtered.map((r) => [r[3], r[4], r[5], r[6]]), fcRows);
  check(new URL(filteredHref, base).searchParams.get('policy') === policy && filteredCsv.status === 200 && !fcDiff &&
    fc.rows.every((r) => r[col('policy')] === policy),
  `the filtered exceptions CSV (${filteredHref}) holds the ${filtered.length} rows shown`, `${filteredCsv.status} ${fcDiff}`);

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
  await checkDownloads(page, base, 'moves', '/teams/T01/moves.csv', '/api/teams/T01/moves', 'proposed moves');
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
  const got = await downloadOrShown(page, download, csvResponse.url());
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

  // Drill-down: a worker's page from the team's caseload table.
  await page.goto(base + '/teams/T01');
  const workerHref = await page.locator('table#caseload a[href^="/workers/"]').first().getAttribute('href');
  const workerId = decodeURIComponent(workerHref.split('/')[2]);
  await Promise.all([page.waitForNavigation(), page.click(`table#caseload a[href="${workerHref}"]`)]);
  check(new URL(page.url()).pathname === workerHref && (await page.locator('h1').innerText()).includes(`(${workerId})`),
    `the caseload table links ${workerId}'s page`, page.url());
  const workerCases = await rowsOf(page, 'worker-cases');
  check(workerCases.length > 0 && workerCases.every((r) => /^C\d+$/.test(r[0]) && r[1] && (r[3] !== 'Key worker' || /^\d/.test(r[2]))),
    'the worker page lists their cases with types and weights', JSON.stringify(workerCases.slice(0, 3)));
  const supervision = await rowsOf(page, 'supervision');
  check(supervision.length > 0 && supervision.every((r) => isoOf(r[1]) !== null), 'the worker page lists supervision dates by kind',
    JSON.stringify(supervision));
  check(await page.locator('nav.govuk-breadcrumbs a[href="/teams/T01"]').count() === 1, 'the worker page leads back to the team');
  await axeCheck(page, 'worker');
  const workerCsvHref = await page.locator('table#worker-cases caption a').getAttribute('href');
  const workerCsv = parseCsv((await get(page, base, workerCsvHref)).text);
  check(workerCsvHref === `${workerHref}.csv` && !rowsDiffer(workerCases, workerCsv.rows), `${workerHref}.csv holds the cases shown`,
    `${workerCsvHref}: ${rowsDiffer(workerCases, workerCsv.rows)}`);
  const workerJson = parseJson((await get(page, base, `/api${workerHref}`)).text);
  check(workerJson && workerJson.worker_id === workerId && JSON.stringify(workerJson.cases.map((c) => c.case_id)) ===
    JSON.stringify(workerCases.map((r) => r[0])) && workerJson.supervisions.length > 0,
  `/api${workerHref} has the same cases, and the supervision dates`, JSON.stringify(workerJson).slice(0, 300));

  // The exceptions list across the teams: every filter, as a plain GET form; sorted by days late.
  await page.goto(base + '/');
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/exceptions"]')]);
  check(await page.locator('h1').innerText() === 'Exceptions', 'the exceptions list opens from the navigation');
  const everyException = await rowsOf(page, 'exceptions');
  check(everyException.length === facts.totalExceptions, 'it lists every exception the balance page counts',
    `${everyException.length} listed, ${facts.totalExceptions} counted`);
  await axeCheck(page, 'exceptions');
  const severities = await page.$$eval('select#severity option', (os) => os.map((o) => o.value).filter(Boolean));
  const services = await page.$$eval('select#service option', (os) => os.map((o) => o.value).filter(Boolean));
  const caseTypes = await page.$$eval('select#case_type option', (os) => os.map((o) => o.value).filter(Boolean));
  const policies = await page.$$eval('select#policy option', (os) => os.map((o) => [o.value, o.textContent]).filter((o) => o[0]));
  for (const [field, value, keep] of [
    ['service', services[0], null],
    ['team', 'T02', (r) => /^W\d{4}$/.test(r[3])],
    ['case_type', caseTypes.includes('CP') ? 'CP' : caseTypes[0], (r) => /^C\d+$/.test(r[4])],
    ['policy', policies[0][0], (r) => r[0] === policies[0][1]],
    ['severity', severities.includes('warning') ? 'warning' : severities[0], (r) => r[2] === 'warning' || !severities.includes('warning')],
  ]) {
    await page.goto(base + '/exceptions');
    await page.selectOption(`select#${field}`, value);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/exceptions"] button')]);
    check(new URL(page.url()).searchParams.get(field) === value, `the exceptions filter asks for ${field}=${value}`, page.url());
    const rows = await rowsOf(page, 'exceptions');
    check(rows.length > 0 && rows.length < everyException.length && (!keep || rows.every(keep)),
      `filtering by ${field} keeps some rows, and only those`, `${rows.length} of ${everyException.length}`);
    check(rows.map((r) => (r[5] === '-' ? -Infinity : Number(r[5]))).every((v, i, a) => i === 0 || a[i - 1] >= v),
      `filtered by ${field}, the most days late first`);
    const href = await page.locator('table#exceptions caption a').getAttribute('href');
    const got = await get(page, base, href);
    const c = parseCsv(got.text);
    check(new URL(href, base).searchParams.get(field) === value && c.rows.length === rows.length &&
      c.rows.every((r, i) => r[c.header.indexOf('worker_id')] === rows[i][3]),
    `the CSV follows the ${field} filter`, `${href}: ${c.rows.length} rows, ${rows.length} shown`);
    const json = parseJson((await get(page, base, '/api/exceptions' + new URL(href, base).search)).text);
    check(json && json.exceptions.length === rows.length, `the JSON follows the ${field} filter`);
    await axeCheck(page, `exceptions-${field}`);
  }

  // The compliance trend and IRO capacity pages, reached from the navigation.
  await page.goto(base + '/');
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/trends"]')]);
  check(await page.locator('h1').innerText() === 'Compliance over 12 weeks', 'the trends page opens from the navigation');
  await axeCheck(page, 'trends');
  // The weekly runs made before serving: a week for each, a row for each team in it.
  const trendRows = await rowsOf(page, 'trends');
  const weeksShown = [...new Set(trendRows.map((r) => r[0]))];
  const weeksRun = [...new Set(WEEKLY.map(weekStart))].sort();
  check(JSON.stringify(weeksShown) === JSON.stringify(weeksRun.map(longDate)),
    'the trends table has each week the weekly job ran, in order', `${weeksShown.join(', ')}; ran ${weeksRun.join(', ')}`);
  check(weeksShown.length > 0 && weeksShown.every((w) => JSON.stringify(trendRows.filter((r) => r[0] === w).map((r) => r[1]).sort()) ===
    JSON.stringify([...teamsCsv].sort())), 'each week has a row for every team', JSON.stringify(trendRows.slice(0, 3)));
  // Small multiples: a chart a team, two lines each (cases, well-being), a point per week at
  // the table's figures, and the target lines from the settings.
  const multiples = await page.$$eval('figure.app-trend', (fs) => fs.map((f) => ({
    team: f.dataset.team,
    lines: f.querySelectorAll('svg polyline').length,
    points: [0, 1].map((s) => [...f.querySelectorAll(`svg circle[data-series="${s}"]`)].map((c) => Number(c.dataset.value))),
    targets: [...f.querySelectorAll('svg line.app-target')].map((l) => Number(l.dataset.value)),
  })));
  check(JSON.stringify(multiples.map((m) => m.team).sort()) === JSON.stringify([...teamsCsv].sort()),
    'the trends page has a small chart for each team', multiples.map((m) => m.team).join(' '));
  const offTrend = multiples.filter((m) => {
    const rows = trendRows.filter((r) => r[1] === m.team);
    const want = [4, 7].map((c) => rows.map((r) => r[c]).filter((v) => v !== '-').map((v) => parseFloat(v)));
    return m.lines !== 2 || [0, 1].some((s) => m.points[s].length !== want[s].length ||
      m.points[s].some((v, i) => Math.abs(v - want[s][i]) > 0.051));
  });
  check(multiples.length > 0 && offTrend.length === 0, 'each team\'s chart plots its cases and well-being shares from the table',
    JSON.stringify(offTrend.slice(0, 2)));
  check(multiples.every((m) => JSON.stringify(m.targets) === JSON.stringify([90, 75])),
    'each chart draws the target lines from the settings (90% and 75%)', JSON.stringify(multiples.map((m) => m.targets)));
  const trendLegend = await page.locator('ul.app-legend').first().innerText();
  check(/Cases supervised in time/.test(trendLegend) && /well-being/.test(trendLegend) && /90\.0%/.test(trendLegend) &&
    /75\.0%/.test(trendLegend), 'the trends legend names both lines and both targets', trendLegend);
  await checkDownloads(page, base, 'trends', '/trends.csv', '/api/trends', 'trends');
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/iro"]')]);
  check(await page.locator('h1').innerText() === 'IRO capacity', 'the IRO capacity page opens from the navigation');
  const iroRows = await rowsOf(page, 'iros');
  check(iroRows.length > 0 && iroRows.every((r) => /^W\d{4}$/.test(r[0]) && /^\d+$/.test(r[4]) && /limit|range/.test(r[7])),
    'the head of service sees each IRO against the limit', JSON.stringify(iroRows.slice(0, 3)));
  await axeCheck(page, 'iro');
  const iroBars = await barsOf(page, 'iros-chart');
  const iroWrong = iroBars.findIndex((b, i) => !iroRows[i] || b.label !== `${iroRows[i][0]} ${iroRows[i][1]}` || b.value !== iroRows[i][4] ||
    b.red !== (iroRows[i][7] === 'Over the limit') || (iroRows[i][6] !== '-' && b.note !== `limit ${iroRows[i][6]}`));
  check(iroBars.length === iroRows.length && iroWrong < 0,
    'the IRO chart has a bar for each IRO in the table, with their children against their limit, red when over it',
    `${iroBars.length} bars, ${iroRows.length} rows; first wrong: ${JSON.stringify(iroBars[iroWrong])} for ${JSON.stringify(iroRows[iroWrong])}`);
  // FTE needed at each end of the range, beside the FTE in post, from the same figures.
  const need = Object.fromEntries((await rowsOf(page, 'iro-need')).map((r) => [r[0], Number(r[1])]));
  const inPost = iroRows.reduce((n, r) => n + Number(r[3]), 0);
  const reviewed = need['Children reviewed'];
  check(Math.abs(need['FTE in post'] - inPost) < 0.01, 'FTE in post is the IROs\' FTE summed', JSON.stringify(need));
  check(Math.abs(need['FTE needed at 50 children per FTE'] - reviewed / 50) < 0.006 &&
    Math.abs(need['FTE needed at 70 children per FTE'] - reviewed / 70) < 0.006,
  'the FTE needed at 50 and at 70 children per FTE, for the children reviewed', JSON.stringify(need));
  const noIro = await rowsOf(page, 'no-iro').catch(() => []);
  const noIroNone = await page.locator('#no-iro-none').count();
  check((noIro.length > 0 && noIro.every((r) => /^C\d+$/.test(r[0]))) || noIroNone === 1,
    'the children in care with no IRO are listed by case id only (or none said)', JSON.stringify(noIro.slice(0, 3)));
  await checkDownloads(page, base, 'iros', '/iro.csv', '/api/iro', 'IRO');

  // Printing: the navigation, forms and buttons are left off the printed page.
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => ['.govuk-service-navigation', 'form[action="/sign-out"]', '.govuk-skip-link']
    .map((sel) => getComputedStyle(document.querySelector(sel)).display));
  check(printed.every((d) => d === 'none'), 'printed, a page leaves out the navigation, sign-out and skip link', printed.join(' '));
  await screenshot(page, 'iro-print');
  await page.emulateMedia({ media: 'screen' });

  // The Content Security Policy, enforced: every page visited loads with nothing blocked.
  await phonePass(browser, context, 'hos');
  await cspPass(browser, context, 'hos', 'no console errors (nothing blocked by the CSP)');

  // Sign out: back to sign-in, and the team page asks for sign-in again.
  await page.goto(base + '/');
  await Promise.all([page.waitForNavigation(), page.click('form[action="/sign-out"] button')]);
  signedIn.delete(page);
  check(new URL(page.url()).pathname === '/sign-in', 'sign-out leads to /sign-in', page.url());
  await axeCheck(page, 'signed-out');
  await page.goto(base + '/teams/T01');
  check(new URL(page.url()).pathname === '/sign-in', 'after sign-out /teams/T01 asks for sign-in again', page.url());

  // A team manager: their own team, and the 403 page for another.
  await signIn(page, base, 'tm1', USERS.tm1.password);
  const tmLinks = [...new Set(await page.$$eval('main table a[href^="/teams/"]', (as) => as.map((a) => a.getAttribute('href'))))];
  check(JSON.stringify(tmLinks) === JSON.stringify(['/teams/T01']), 'the team manager sees only T01', tmLinks.join(' '));
  const denied = await page.goto(base + '/teams/T02');
  check(denied.status() === 403, 'the team manager gets 403 for T02', denied.status());
  check(!/W00(1[5-9]|2[0-3])/.test(await page.content()), 'the 403 page names none of T02\'s workers');
  await axeCheck(page, 'forbidden-T02', null);

  // Nor HR's and admins' pages: not in the navigation; 403 for the pages, downloads and APIs.
  await page.goto(base + '/');
  const tmNav = await page.$$eval('nav a', (as) => as.map((a) => a.getAttribute('href')));
  check(tmNav.includes('/iro') && !['/policies', '/whatif', '/users'].some((h) => tmNav.includes(h)),
    'the team manager\'s navigation has no policies, what-if or users link', tmNav.join(' '));
  const tmCsrf = await page.locator('form[action="/sign-out"] input[name=csrf_token]').inputValue();
  for (const href of ['/policies', '/whatif', '/users']) {
    const r = await page.goto(base + href);
    check(r.status() === 403, `the team manager gets 403 for ${href}`, r.status());
    if (href === '/policies') await axeCheck(page, 'forbidden-policies', null);
  }
  for (const href of ['/policies.csv', '/api/policies', '/users.csv', '/api/users']) {
    const r = await get(page, base, href);
    check(r.status === 403, `the team manager gets 403 for ${href}`, `${r.status} ${r.text.slice(0, 200)}`);
  }
  const tmWhatIf = await context.request.post(base + '/whatif', {
    form: { csrf_token: tmCsrf, plugin: '', settings: fs.readFileSync(path.join(SOURCE, 'config', 'policy.lua'), 'utf8') },
    maxRedirects: 0,
    headers: ONE_REQUEST,
  });
  const tmWhatIfText = await tmWhatIf.text();
  check(tmWhatIf.status() === 403 && !/expired/.test(tmWhatIfText) && !tmWhatIfText.includes('What the draft changes'),
    'the team manager gets 403 for a what-if posted with their own form token', `${tmWhatIf.status()} ${tmWhatIfText.slice(0, 300)}`);

  await hrPages(browser, base, facts);
  await adminPages(browser, base);

  check(outside.length === 0, 'no request leaves the server (no CDN, no external requests)', outside.join('\n'));
  check(failedRequests.length === 0, 'no asset failed to load', failedRequests.join('\n'));
  await context.close();
}

// What a what-if answer says: the summary's figures, and the exceptions added and removed.
function whatIfResult(text) {
  const m = /What the draft changes: (\d+) exceptions added, (\d+) removed, (\d+) changed \((\d+) now, (\d+) with the draft\)/
    .exec(text || '');
  const lines = (text || '').split('\n');
  return m ? {
    added: +m[1], removed: +m[2], changed: +m[3], now: +m[4], draft: +m[5], failures: /had failures/.test(text),
    addedLines: lines.filter((l) => l.startsWith('  + ')).map((l) => l.slice(4)),
    removedLines: lines.filter((l) => l.startsWith('  - ')).map((l) => l.slice(4)),
  } : null;
}

// HR: the policy versions past runs used, and what-if on a draft of the settings and of a plugin.
async function hrPages(browser, base, facts) {
  const context = await newContext(browser, base);
  const page = await context.newPage();
  await signIn(page, base, 'hr1', USERS.hr1.password);
  check(new URL(page.url()).pathname === '/', 'hr signs in to the home page', page.url());

  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/policies"]')]);
  check(await page.locator('h1').innerText() === 'Policy versions', 'hr opens the policy versions from the navigation');
  const runs = await rowsOf(page, 'runs'); // run, kind, as of, started, policy version, exceptions, failed
  check(runs.length === WEEKLY.length && runs.every((r) => r[1] === 'weekly') &&
    JSON.stringify(runs.map((r) => r[2])) === JSON.stringify([...WEEKLY].reverse()) &&
    runs.every((r, i) => i === 0 || Number(r[0]) < Number(runs[i - 1][0])),
  'table#runs lists each weekly run made, latest first', JSON.stringify(runs.map((r) => r.slice(0, 3))));
  check(runs.length > 0 && runs.every((r) => /^[0-9a-f]{8,}$/.test(r[4]) && r[4] === runs[0][4] && r[6] === '-'),
    'each run names the one policy version used, and no policy failed', JSON.stringify(runs.map((r) => [r[4], r[6]])));
  const asOfRun = runs.find((r) => r[2] === AS_OF);
  check(asOfRun && Number(asOfRun[5]) === facts.totalExceptions,
    `the run as of ${AS_OF} recorded as many exceptions as the balance page counts (${facts.totalExceptions})`,
    JSON.stringify(asOfRun));
  await axeCheck(page, 'policies');
  await checkDownloads(page, base, 'runs', '/policies.csv', '/api/policies', 'runs');
  for (const href of ['/users', '/users.csv', '/api/users']) {
    const r = await get(page, base, href);
    check(r.status === 403, `hr gets 403 for ${href}`, r.status);
  }

  // What if: the shipped settings, ready to edit.
  const settingsFile = path.join(SOURCE, 'config', 'policy.lua');
  const pluginFile = path.join(SOURCE, 'plugins', 'case_supervision.lua');
  const shippedSettings = fs.readFileSync(settingsFile, 'utf8');
  const shippedPlugin = fs.readFileSync(pluginFile, 'utf8');
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/whatif"]')]);
  check(await page.locator('h1').innerText() === 'What if', 'hr opens what-if from the navigation');
  check(await page.locator('textarea#settings').inputValue() === shippedSettings, 'what-if opens with the shipped settings (config/policy.lua)');
  const shippedPlugins = fs.readdirSync(path.join(SOURCE, 'plugins')).filter((f) => f.endsWith('.lua')).map((f) => f.slice(0, -4)).sort();
  const offered = (await page.$$eval('select#plugin-choice option', (os) => os.map((o) => o.value))).filter(Boolean);
  check(JSON.stringify([...offered].sort()) === JSON.stringify(shippedPlugins), 'the plugin select offers each shipped plugin',
    offered.join(' '));
  check(await page.locator('textarea#plugin_source').count() === 0, 'no plugin draft until one is opened');
  await axeCheck(page, 'whatif');

  // A shorter interval for children in need: more cases overdue.
  const draftSettings = shippedSettings.replace('CIN = days(42)', 'CIN = weeks(4)');
  check(draftSettings !== shippedSettings, 'config/policy.lua has the CIN = days(42) interval to change');
  await page.fill('textarea#settings', draftSettings);
  await Promise.all([page.waitForNavigation(), page.click('form[method="post"][action="/whatif"] button')]);
  const text1 = await page.locator('pre#whatif').textContent().catch(() => '');
  const w1 = whatIfResult(text1);
  check(w1 && w1.added > 0 && !w1.failures, 'a CIN interval of 4 weeks: pre#whatif reports exceptions added', text1.slice(0, 600));
  check(w1 && w1.addedLines.length === w1.added && w1.addedLines.every((l) => l.startsWith('case_supervision ')),
    'each exception added is a case_supervision one, listed', w1 && w1.addedLines.slice(0, 5).join('\n'));
  check(w1 && w1.now === facts.totalExceptions && w1.draft === w1.now + w1.added - w1.removed,
    'what-if counts the exceptions now as the balance page does, and the draft\'s as now + added - removed',
    w1 && `${w1.now} now (balance page ${facts.totalExceptions}), ${w1.draft} with the draft`);
  check(await page.locator('textarea#settings').inputValue() === draftSettings, 'the answer keeps the draft in the form');
  await axeCheck(page, 'whatif-settings-result', base + '/whatif');

  // A misspelt setting: the draft is checked first, its findings shown once each in a
  // GOV.UK error summary, without temporary paths, and nothing is run.
  const misspelt = shippedSettings.replace('due_soon_window = days(7),', 'due_son_window = days(7),');
  check(misspelt !== shippedSettings, 'config/policy.lua has a due_soon_window to misspell');
  await page.fill('textarea#settings', misspelt);
  await Promise.all([page.waitForNavigation(), page.click('form[method="post"][action="/whatif"] button')]);
  const findings = await page.locator('.govuk-error-summary ul li').allTextContents();
  check(findings.some((f) => f.includes('case_supervision.due_son_window: unknown setting (did you mean due_soon_window?)')),
    'a misspelt setting is named in the error summary', findings.join('\n'));
  check(new Set(findings).size === findings.length && !findings.some((f) => f.includes('/tmp')),
    'each finding once, with no temporary path', findings.join('\n'));
  check(await page.locator('pre#whatif').count() === 0, 'a draft with problems is not run');
  await axeCheck(page, 'whatif-problems', null);

  // One plugin opened for editing: its source, beside the settings.
  await page.selectOption('select#plugin-choice', 'case_supervision');
  await Promise.all([page.waitForNavigation(), page.click('form[method="get"][action="/whatif"] button')]);
  check(new URL(page.url()).searchParams.get('plugin') === 'case_supervision', 'Open for editing asks for plugin=case_supervision', page.url());
  check(await page.locator('textarea#plugin_source').inputValue() === shippedPlugin,
    'textarea#plugin_source holds plugins/case_supervision.lua');
  check(await page.locator('textarea#settings').inputValue() === shippedSettings, 'and the settings beside it are the shipped ones');
  await axeCheck(page, 'whatif-plugin');

  // A draft that no longer warns of cases falling due: exactly the due_soon warnings go.
  let dueSoon = 0;
  const dueSoonSeen = [];
  for (const id of facts.teamIds) {
    const r = await get(page, base, `/api/teams/${id}/exceptions?policy=case_supervision`);
    const j = parseJson(r.text);
    const n = j && Array.isArray(j.exceptions) ? j.exceptions.filter((e) => e.code === 'due_soon').length : NaN;
    dueSoonSeen.push(`${id}: ${r.status} ${n}`);
    dueSoon += n;
  }
  const branch = 'elseif due < today + s.due_soon_window then';
  const draftPlugin = shippedPlugin.replace(branch, 'elseif false then -- the draft: no warning before a case falls due');
  check(draftPlugin !== shippedPlugin, 'plugins/case_supervision.lua has the due_soon branch to change');
  await page.fill('textarea#plugin_source', draftPlugin);
  await Promise.all([page.waitForNavigation(), page.click('form[method="post"][action="/whatif"] button')]);
  const text2 = await page.locator('pre#whatif').textContent().catch(() => '');
  const w2 = whatIfResult(text2);
  check(w2 && w2.added === 0 && w2.removed > 0 && !w2.failures && w2.removedLines.length === w2.removed &&
    w2.removedLines.every((l) => l.startsWith('case_supervision due_soon ')),
  'the draft plugin: pre#whatif reports only case_supervision due_soon exceptions removed', text2.slice(0, 600));
  check(w2 && w2.removed === dueSoon, `it removes as many as the teams' exception APIs list (${dueSoon})`,
    (w2 ? w2.removed : '-') + ' removed; ' + dueSoonSeen.join(', '));
  check(await page.locator('textarea#plugin_source').inputValue() === draftPlugin, 'the answer keeps the plugin draft in the form');
  await axeCheck(page, 'whatif-plugin-result', base + '/whatif?plugin=case_supervision');

  // Nothing published: the files, the form, the runs and the day's exceptions as they were.
  await page.goto(base + '/whatif');
  const settingsAfter = await page.locator('textarea#settings').inputValue();
  await page.goto(base + '/whatif?plugin=case_supervision');
  const pluginAfter = await page.locator('textarea#plugin_source').inputValue();
  check(settingsAfter === shippedSettings && pluginAfter === shippedPlugin &&
    fs.readFileSync(settingsFile, 'utf8') === shippedSettings && fs.readFileSync(pluginFile, 'utf8') === shippedPlugin,
  'after what-if, /whatif opens the shipped settings and plugin again, and the files are unchanged');
  await page.goto(base + '/policies');
  const runsAfter = await rowsOf(page, 'runs');
  const teamsAfter = parseJson((await get(page, base, '/api/teams')).text);
  const exceptionsAfter = teamsAfter && teamsAfter.rows ? teamsAfter.rows.reduce((n, r) => n + r.exceptions, 0) : NaN;
  check(JSON.stringify(runsAfter) === JSON.stringify(runs) && exceptionsAfter === facts.totalExceptions,
    'what-if recorded no run, and the day\'s exceptions are as they were', `${runsAfter.length} runs; ${exceptionsAfter} exceptions`);

  await phonePass(browser, context, 'hr1');
  await cspPass(browser, context, 'hr1', 'no console errors on hr\'s pages (nothing blocked by the CSP)');
  await context.close();
}

// Admins: who can sign in; adding and removing users.
async function adminPages(browser, base) {
  const context = await newContext(browser, base);
  const page = await context.newPage();
  await signIn(page, base, 'adm1', USERS.adm1.password);
  check(new URL(page.url()).pathname === '/', 'the admin signs in to the home page', page.url());
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/users"]')]);
  check(await page.locator('h1').innerText() === 'Users', 'the admin opens the users page from the navigation');
  const byName = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const created = Object.entries(USERS).map(([name, u]) => [name, u.role, u.worker || '-']).sort(byName);
  const withNew = [...created, [NEW_USER.username, NEW_USER.role, '-']].sort(byName);
  const removable = () => page.$$eval('select#remove-username option', (os) => os.map((o) => o.value));
  const users0 = await rowsOf(page, 'users');
  check(JSON.stringify(users0) === JSON.stringify(created), 'table#users lists each user created, with role and worker',
    JSON.stringify(users0));
  const offered0 = await removable();
  check(JSON.stringify(offered0) === JSON.stringify(created.map((r) => r[0]).filter((n) => n !== 'adm1')),
    'the remove select offers every user but the signed-in admin', offered0.join(' '));
  await axeCheck(page, 'users');
  await checkDownloads(page, base, 'users', '/users.csv', '/api/users', 'users');

  // Not even a hand-made form removes the signed-in admin.
  const csrf = await page.locator('form[action="/users/remove"] input[name=csrf_token]').inputValue();
  const self = await context.request.post(base + '/users/remove', {
    form: { csrf_token: csrf, username: 'adm1' }, maxRedirects: 0, headers: ONE_REQUEST,
  });
  const selfText = await self.text();
  check(self.status() === 400 && /cannot remove yourself/.test(selfText), 'the server refuses to remove the signed-in admin',
    `${self.status()} ${selfText.slice(0, 300)}`);

  // A password too short: refused, and said why.
  const addUser = async (password) => {
    await page.fill('#username', NEW_USER.username);
    await page.selectOption('#role', NEW_USER.role);
    await page.fill('#worker_id', '');
    await page.fill('#password', password);
    const [r] = await Promise.all([page.waitForNavigation(), page.click('form[action="/users"] button')]);
    return { status: r.status(), said: await page.locator('div.govuk-inset-text[role=status]').innerText().catch(() => '') };
  };
  const refused = await addUser('short-pw');
  check(refused.status === 400 && /^Not added/.test(refused.said) && /10 characters/.test(refused.said),
    'a password of under 10 characters is refused, and the page says why', `${refused.status} ${refused.said}`);
  check(JSON.stringify(await rowsOf(page, 'users')) === JSON.stringify(created), 'and no user is added');
  await axeCheck(page, 'users-refused', base + '/users');

  // Added through the form: said, listed, removable, and able to sign in.
  const added = await addUser(NEW_USER.password);
  check(added.status === 200 && added.said === `User ${NEW_USER.username} added.`, 'the form adds an hr user and says so',
    `${added.status} ${added.said}`);
  const users1 = await rowsOf(page, 'users');
  check(JSON.stringify(users1) === JSON.stringify(withNew), 'table#users has the new user\'s row', JSON.stringify(users1));
  const offered1 = await removable();
  check(offered1.includes(NEW_USER.username) && !offered1.includes('adm1'), 'the remove select offers the new user, still not the admin',
    offered1.join(' '));
  await axeCheck(page, 'users-added', base + '/users');
  const theirs = await newContext(browser, base);
  const theirPage = await theirs.newPage();
  await signIn(theirPage, base, NEW_USER.username, NEW_USER.password);
  const theirNav = await theirPage.$$eval('nav a', (as) => as.map((a) => a.getAttribute('href'))).catch(() => []);
  check(new URL(theirPage.url()).pathname === '/' && theirNav.includes('/policies') && !theirNav.includes('/users'),
    'the user added signs in, with hr\'s navigation', theirPage.url() + ' ' + theirNav.join(' '));

  // Removed: said, gone from the table, the select and the CSV; signed out; cannot sign in.
  await page.selectOption('select#remove-username', NEW_USER.username);
  const [removedResponse] = await Promise.all([page.waitForNavigation(), page.click('form[action="/users/remove"] button')]);
  const removedSaid = await page.locator('div.govuk-inset-text[role=status]').innerText().catch(() => '');
  check(removedResponse.status() === 200 && removedSaid === `User ${NEW_USER.username} removed.`, 'the remove form removes the user and says so',
    `${removedResponse.status()} ${removedSaid}`);
  const users2 = await rowsOf(page, 'users');
  check(JSON.stringify(users2) === JSON.stringify(created), 'the user\'s row is gone from table#users', JSON.stringify(users2));
  check(!(await removable()).includes(NEW_USER.username), 'and from the remove select');
  const csvAfter = parseCsv((await get(page, base, '/users.csv')).text);
  check(!rowsDiffer(users2, csvAfter.rows), 'and from /users.csv', rowsDiffer(users2, csvAfter.rows));
  await axeCheck(page, 'users-removed', base + '/users');
  await theirPage.goto(base + '/');
  check(new URL(theirPage.url()).pathname === '/sign-in', 'the removed user\'s session ends at their next request', theirPage.url());
  await theirs.close();
  const fresh = await newContext(browser, base);
  const freshPage = await fresh.newPage();
  const again = await signIn(freshPage, base, NEW_USER.username, NEW_USER.password);
  check(again && again.status() === 401 && new URL(freshPage.url()).pathname === '/sign-in' &&
    /not right/i.test(await freshPage.locator('.govuk-error-summary').innerText().catch(() => '')),
  'the removed user cannot sign in (a fresh browser: 401, the error shown)', `${again && again.status()} ${freshPage.url()}`);
  await fresh.close();

  // The audit trail, from the navigation: the user added and removed above are in it.
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/audit"]')]);
  check(await page.locator('h1').innerText() === 'Audit trail', 'the admin opens the audit trail from the navigation');
  const trail = await rowsOf(page, 'audit');
  check(['user added', 'user removed'].every((a) => trail.some((r) => r[1] === 'adm1' && r[2] === a)),
    'the audit trail shows the admin adding and removing a user', JSON.stringify(trail.slice(0, 6)));
  await axeCheck(page, 'audit');

  await phonePass(browser, context, 'adm1');
  await cspPass(browser, context, 'adm1', 'no console errors on the admin\'s pages (nothing blocked by the CSP)');
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
      const secrets = [...Object.values(USERS).map((u) => u.password), NEW_USER.password];
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
