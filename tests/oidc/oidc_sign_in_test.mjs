// Single sign-on with OpenID Connect (issue 18) against real OpenID providers on loopback
// (loopback_providers.mjs) and a real `oversight serve` for the reference council-a.
//
// Proves: with oidc-provider, a user signs in by the authorization code flow (PKCE S256)
// and lands on the dashboard with the role of their account in the user list, or with the
// role a group gives; a manager whose worker has left is refused (the tree rule); a user
// with no account and no mapped group is refused with a page that says so; with local
// passwords off the sign-in page has no password form and a POST of a right password is
// refused. With the test's own token provider: a good token signs in, and each of these is
// refused with no session: a token signed with another key (same kid), an expired one,
// one for another client, one with another nonce, and a state used a second time. The
// client secret and the authorization code are never in the server's output.
//
// usage: node oidc_sign_in_test.mjs OVERSIGHT_BINARY REFERENCE_DATA_DIR   (tests/data/reference)
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startOidcProvider, startTokenProvider } from './loopback_providers.mjs';

const [BIN, REF] = process.argv.slice(2).map((p) => p && path.resolve(p));
if (!BIN || !REF) { console.error('usage: node oidc_sign_in_test.mjs OVERSIGHT_BINARY REFERENCE_DATA_DIR'); process.exit(2); }
const COUNCIL = path.join(REF, 'council-a');
const AS_OF = '2024-03-01';
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'oidc_sign_in_'));
const CLIENT_ID = 'oversight-dashboard';
const SECRET = `s3cret~${Math.random().toString(36).slice(2)}.value`;
const HR_GROUP = '5f3c8a0e-hr-group';

function csv(name) {
  const [head, ...rows] = fs.readFileSync(path.join(COUNCIL, name), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  const keys = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [keys[i], v])));
}
const TEAM_MANAGER = csv('teams.csv').find((t) => t.team_id === 'T01').manager_id;
const LEFT = csv('workers.csv').find((w) => w.role === 'service_manager' && w.end_date && w.end_date < AS_OF).worker_id;

function oversight(...args) {
  const input = args.at(-1)?.stdin;
  if (input) args.pop();
  const p = spawnSync(BIN, args, { input, encoding: 'utf8', timeout: 300000 });
  assert.equal(p.status, 0, `oversight ${args.join(' ')}: ${p.stdout}${p.stderr}`);
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// A store of council-a with these accounts; `oversight serve` on `port` with `settings`.
async function serve(name, port, settings) {
  const dir = path.join(TMP, name);
  fs.mkdirSync(dir);
  const db = path.join(dir, 's.db');
  oversight('import', '--db', db, COUNCIL);
  const add = (user, role, worker) => oversight('user', 'add', '--db', db, '--username', user, '--role', role,
    ...(worker ? ['--worker-id', worker] : []), { stdin: `${user}-Pa55word-9x\n` });
  add('tm1@council.example', 'manager', TEAM_MANAGER);
  add('admin1@council.example', 'admin');
  add('left@council.example', 'manager', LEFT);
  const secretFile = path.join(dir, 'client-secret');
  fs.writeFileSync(secretFile, `${SECRET}\n`, { mode: 0o600 });
  const defines = { 'dashboard.as_of': AS_OF, 'weekly.weekday': '7', 'weekly.time': '23:59',
    'oidc.client_id': CLIENT_ID, 'oidc.client_secret_file': secretFile,
    'oidc.redirect_url': `http://127.0.0.1:${port}/sign-in/oidc/callback`, ...settings };
  const args = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
    ...Object.entries(defines).flatMap(([k, v]) => ['-D', `${k}=${v}`])];
  const log = { out: '', err: '' };
  const proc = spawn(BIN, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.on('data', (d) => { log.out += d; });
  proc.stderr.on('data', (d) => { log.err += d; });
  for (const deadline = Date.now() + 120000; ;) {
    if (proc.exitCode !== null) throw new Error(`serve exited ${proc.exitCode}: ${log.err}`);
    if (await new Promise((ok) => net.connect(port, '127.0.0.1').on('connect', function () { this.end(); ok(true); }).on('error', () => ok(false)))) break;
    if (Date.now() > deadline) throw new Error(`serve did not listen: ${log.err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base: `http://127.0.0.1:${port}`, proc, log };
}

// One browser: cookies by name (a browser sends 127.0.0.1's cookies to every port), with paths.
class Browser {
  constructor() { this.cookies = new Map(); }
  cookieHeader(url) {
    return [...this.cookies].filter(([, c]) => url.pathname.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`).join('; ');
  }
  keep(setCookies = []) {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq), value = pair.slice(eq + 1);
      const attr = (a) => attrs.find((x) => x.toLowerCase().startsWith(`${a}=`))?.split('=')[1];
      if (attr('max-age') === '0' || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, path: attr('path') || '/' });
    }
  }
  request(target, { method = 'GET', form } = {}) {
    const url = new URL(target);
    const body = form ? new URLSearchParams(form).toString() : '';
    const headers = { Cookie: this.cookieHeader(url) };
    if (form) Object.assign(headers, { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) });
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers, timeout: 120000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => { text += c; });
        res.on('end', () => { this.keep(res.headers['set-cookie']); resolve({ status: res.statusCode, headers: res.headers, text, url }); });
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  // Follows redirects (as a browser would) until an answer that is not one, or `stop(url)`.
  async follow(target, stop = () => false) {
    let answer = await this.request(target);
    for (let hops = 0; answer.status >= 300 && answer.status < 400 && hops < 20; ++hops) {
      const next = new URL(answer.headers.location, answer.url);
      if (stop(next)) return { ...answer, next };
      answer = await this.request(next.toString());
    }
    return answer;
  }
}

// From the dashboard's sign-in page to the callback's answer; `atCallback` sees its address first.
async function signIn(dashboard, browser, atCallback = () => {}) {
  const page = await browser.request(`${dashboard.base}/sign-in`);
  assert.match(page.text, /href="\/sign-in\/oidc"/, 'the sign-in page offers single sign-on');
  const toCallback = await browser.follow(`${dashboard.base}/sign-in/oidc`, (u) => u.pathname === '/sign-in/oidc/callback');
  assert.ok(toCallback.next, `the provider sends the browser back: ${toCallback.status} ${toCallback.text.slice(0, 300)}`);
  assert.equal(toCallback.next.origin, dashboard.base);
  atCallback(toCallback.next);
  return browser.request(toCallback.next.toString());
}

// Where the browser lands after the callback: the dashboard's home page, or the sign-in page.
async function landing(dashboard, browser, callback) {
  if (callback.status === 200) assert.equal(callback.headers.refresh, '0; url=/');
  return browser.follow(`${dashboard.base}/`);
}

const results = [];
async function check(name, fn) {
  try { await fn(); results.push(['ok', name]); } catch (e) { results.push(['FAIL', name, e]); }
}

const [s1port, s2port] = [await freePort(), await freePort()];
const op = await startOidcProvider({
  client: { client_id: CLIENT_ID, client_secret: SECRET, redirect_uris: [`http://127.0.0.1:${s1port}/sign-in/oidc/callback`] },
  accounts: {
    tm1: { email: 'tm1@council.example', groups: [] },
    admin1: { email: 'admin1@council.example', groups: [] },
    hrperson: { email: 'hr.person@council.example', groups: ['other-group', HR_GROUP] },
    left: { email: 'left@council.example', groups: [] },
    stranger: { email: 'stranger@council.example', groups: ['other-group'] },
  },
});
const tp = await startTokenProvider({ clientId: CLIENT_ID, clientSecret: SECRET });
const servers = [];
try {
  const s1 = await serve('with-oidc-provider', s1port, { 'oidc.issuer': op.issuer, 'oidc.account_claim': 'email',
    'oidc.group_roles': `${HR_GROUP}:hr`, 'oidc.local_passwords': 'false' });
  servers.push(s1);
  const s2 = await serve('with-token-provider', s2port, { 'oidc.issuer': tp.issuer });
  servers.push(s2);

  for (const [who, role] of [['tm1', 'manager'], ['admin1', 'admin']]) {
    await check(`${who} signs in and lands on the dashboard as ${role}`, async () => {
      op.signInAs(who);
      const browser = new Browser();
      const callback = await signIn(s1, browser);
      assert.equal(callback.status, 200, callback.text);
      const home = await landing(s1, browser, callback);
      assert.equal(home.status, 200, home.text.slice(0, 300));
      assert.ok(home.text.includes(`Signed in as ${who}@council.example (${role})`), home.text.slice(0, 2000));
    });
  }
  await check('a user with no account gets the role their group maps to (hr)', async () => {
    op.signInAs('hrperson');
    const browser = new Browser();
    const home = await landing(s1, browser, await signIn(s1, browser));
    assert.ok(home.text.includes('Signed in as hr.person@council.example (hr)'), home.text.slice(0, 2000));
    assert.equal((await browser.request(`${s1.base}/policies`)).status, 200);
    assert.equal((await browser.request(`${s1.base}/users`)).status, 403);
  });
  await check('a user with no account and no mapped group is refused, and told why', async () => {
    op.signInAs('stranger');
    const browser = new Browser();
    const callback = await signIn(s1, browser);
    assert.equal(callback.status, 403);
    assert.match(callback.text, /has no Oversight account/);
    assert.match(callback.text, /with the username stranger@council.example/);
    assert.equal((await browser.request(`${s1.base}/`)).status, 303);
  });
  await check('a manager whose worker has left is refused (the tree rule)', async () => {
    op.signInAs('left');
    const browser = new Browser();
    assert.equal((await signIn(s1, browser)).status, 403);
    assert.equal((await browser.request(`${s1.base}/`)).status, 303);
  });
  await check('local passwords off: no password form, and a POST of a right password is refused', async () => {
    const browser = new Browser();
    const page = await browser.request(`${s1.base}/sign-in`);
    assert.doesNotMatch(page.text, /type="password"/);
    const post = await browser.request(`${s1.base}/sign-in`, { method: 'POST',
      form: { username: 'admin1@council.example', password: 'admin1@council.example-Pa55word-9x', csrf_token: 'x' } });
    assert.equal(post.status, 403);
    assert.equal((await browser.request(`${s1.base}/`)).status, 303);
  });
  await check('local passwords on: the password form still signs in (the control for the above)', async () => {
    const browser = new Browser();
    const page = await browser.request(`${s2.base}/sign-in`);
    assert.match(page.text, /type="password"/);
    const csrf = page.text.match(/name="csrf_token" value="([0-9a-f]+)"/)[1];
    const post = await browser.request(`${s2.base}/sign-in`, { method: 'POST',
      form: { username: 'admin1@council.example', password: 'admin1@council.example-Pa55word-9x', csrf_token: csrf } });
    assert.equal(post.status, 303);
  });

  await check('the token provider: a good token signs in (the control for the refusals)', async () => {
    tp.next('good', 'admin1@council.example');
    const browser = new Browser();
    const callback = await signIn(s2, browser);
    assert.equal(callback.status, 200, callback.text);
    assert.ok((await landing(s2, browser, callback)).text.includes('Signed in as admin1@council.example (admin)'));
  });
  const reasons = { forged: /signature is not the provider's/, expired: /has expired/,
                    'wrong audience': /for another client/, 'wrong nonce': /nonce is not this sign-in's/ };
  for (const [bad, reason] of Object.entries(reasons)) {
    await check(`${/^[aeiou]/.test(bad) ? 'an' : 'a'} ${bad} ID token is refused`, async () => {
      tp.next(bad, 'admin1@council.example');
      const browser = new Browser();
      const logged = s2.log.err.length;
      const callback = await signIn(s2, browser);
      assert.equal(callback.status, 401, callback.text);
      assert.match(callback.text, /could not be verified/);
      assert.match(s2.log.err.slice(logged), reason, 'refused for the reason the case is about');
      assert.equal((await browser.request(`${s2.base}/`)).status, 303, 'no session');
    });
  }
  await check('a state used a second time is refused, even with its browser cookie', async () => {
    tp.next('good', 'admin1@council.example');
    const browser = new Browser();
    let callbackUrl;
    const binding = () => browser.cookies.get('oversight_oidc');
    let cookie;
    const first = await signIn(s2, browser, (u) => { callbackUrl = u.toString(); cookie = binding(); });
    assert.equal(first.status, 200);
    const code = new URL(callbackUrl).searchParams.get('code');
    assert.ok(!s2.log.err.includes(code), 'the authorization code is not in the access log');
    const replayer = new Browser();
    replayer.cookies.set('oversight_oidc', cookie);
    const again = await replayer.request(callbackUrl);
    assert.equal(again.status, 403, again.text);
    assert.match(again.text, /expired or was used already/);
    assert.equal((await replayer.request(`${s2.base}/`)).status, 303, 'no session');
  });
  await check('the audit trail records single sign-ons, refused ones with their reason', async () => {
    tp.next('good', 'admin1@council.example');
    const browser = new Browser();
    await landing(s2, browser, await signIn(s2, browser));
    const trail = await browser.request(`${s2.base}/audit.csv`);
    assert.equal(trail.status, 200, trail.text.slice(0, 300));
    const lines = trail.text.split('\n');
    assert.ok(lines.some((l) => l.includes('admin1@council.example') && /single sign-on from/.test(l) && !/refused/i.test(l)),
              trail.text.slice(0, 2000));
    for (const reason of [/has expired/, /for another client/, /nonce is not this sign-in's/, /used already/]) {
      assert.ok(lines.some((l) => /refused/i.test(l) && reason.test(l)), `a refusal ${reason} is in the trail`);
    }
  });
} finally {
  // Stopped and waited for: a sanitizer's report at exit is in the output checked below.
  await Promise.all(servers.map((s) => new Promise((done) => {
    const timer = setTimeout(() => { s.proc.kill('SIGKILL'); }, 60000);
    s.proc.on('exit', (code, signal) => { clearTimeout(timer); s.exit = signal || code; done(); });
    s.proc.kill('SIGTERM');
  })));
  op.server.close();
  tp.server.close();
  if (!process.env.KEEP_TMP) fs.rmSync(TMP, { recursive: true, force: true });
}

await check('the client secret is in no output of the server, which stops cleanly', async () => {
  for (const s of servers) {
    assert.ok(!(s.log.err + s.log.out).includes(SECRET));
    assert.doesNotMatch(s.log.err, /Sanitizer|runtime error:/);
    assert.equal(s.exit, 0);
  }
});
for (const [verdict, name, e] of results) console.log(`${verdict} - ${name}${e ? `\n  ${e.stack || e}` : ''}`);
const failed = results.filter((r) => r[0] !== 'ok').length;
console.log(`${results.length - failed} passed, ${failed} failed`);
if (failed && servers.length) console.log(servers.map((s) => s.log.err).join('\n---\n').slice(-4000));
process.exit(failed ? 1 : 0);
