// The two OpenID providers the single sign-on test runs on loopback:
// - a real one, oidc-provider (pinned in package-lock.json), whose login step signs in
//   whichever account the test names next (no consent screen: a first-party client);
// - a token provider of the test's own, a real HTTP server with discovery, an authorize
//   endpoint that checks nothing but records the PKCE challenge and nonce, a token
//   endpoint that checks the client secret and the PKCE verifier and then signs an ID
//   token as the test says (good, forged, expired, for another client, another nonce),
//   and its JWKS. Codes may be used again there, so that only Oversight can refuse a replay.
import crypto from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

export function listen(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function rsaKey(kid) {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, jwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

function publicJwk({ kty, n, e, kid, alg, use }) {
  return { kty, n, e, kid, alg, use };
}

const b64url = (data) => Buffer.from(data).toString('base64url');

export function signJwt(claims, privateKey, kid) {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(claims));
  const signature = crypto.sign('RSA-SHA256', Buffer.from(`${head}.${body}`), privateKey);
  return `${head}.${body}.${b64url(signature)}`;
}

// oidc-provider at `port`'s issuer with one client, `accounts` by id ({email, groups}).
export async function startOidcProvider({ client, accounts }) {
  let provider;
  const state = { next: null };  // the account the next login signs in
  const server = await listen(async (req, res) => {
    try {
      if (req.url.startsWith('/interaction/')) {
        const result = { login: { accountId: state.next } };
        await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
        return;
      }
      provider.callback()(req, res);
    } catch (e) {
      res.statusCode = 500;
      res.end(String(e));
    }
  });
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const key = rsaKey('op-1');
  provider = new Provider(issuer, {
    clients: [{ ...client, grant_types: ['authorization_code'], response_types: ['code'],
                token_endpoint_auth_method: 'client_secret_basic' }],
    jwks: { keys: [key.jwk] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    claims: { openid: ['sub', 'groups'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    pkce: { methods: ['S256'], required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (ctx, id) => accounts[id] && {
      accountId: id,
      claims: async () => ({ sub: id, email_verified: true, ...accounts[id] }),
    },
    // A first-party client: the scopes are granted without a consent screen.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  return { issuer, server, signInAs: (id) => { state.next = id; } };
}

// The test's own token provider; `token(claims, keys)` decides what the token endpoint signs.
export async function startTokenProvider({ clientId, clientSecret }) {
  const good = rsaKey('tp-1'), forger = rsaKey('tp-1');  // the forger claims the same key id
  const codes = new Map();
  const scenario = { name: 'good', email: '' };
  let issuer;
  const server = await listen((req, res) => {
    const url = new URL(req.url, issuer);
    const json = (status, body) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`,
                         jwks_uri: `${issuer}/jwks`, response_types_supported: ['code'], subject_types_supported: ['public'],
                         id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['client_secret_basic'] });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [publicJwk(good.jwk)] });
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      const code = crypto.randomBytes(16).toString('hex');
      codes.set(code, { nonce: p.get('nonce'), challenge: p.get('code_challenge'), method: p.get('code_challenge_method') });
      const back = new URL(p.get('redirect_uri'));
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state'));
      res.writeHead(302, { Location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const auth = Buffer.from((req.headers.authorization || '').replace(/^Basic /, ''), 'base64').toString();
        if (auth !== `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`) return json(401, { error: 'invalid_client' });
        const grant = codes.get(form.get('code'));
        const verifier = form.get('code_verifier') || '';
        if (!grant || grant.method !== 'S256' ||
            crypto.createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
          return json(400, { error: 'invalid_grant' });
        }
        const now = Math.floor(Date.now() / 1000);
        const claims = { iss: issuer, sub: scenario.email, aud: clientId, email: scenario.email,
                         iat: now, exp: now + 300, nonce: grant.nonce };
        if (scenario.name === 'expired') Object.assign(claims, { iat: now - 3600, exp: now - 1800 });
        if (scenario.name === 'wrong audience') claims.aud = 'another-client';
        if (scenario.name === 'wrong nonce') claims.nonce = crypto.randomBytes(32).toString('hex');
        const key = scenario.name === 'forged' ? forger : good;
        return json(200, { access_token: 'unused', token_type: 'Bearer',
                           id_token: signJwt(claims, key.privateKey, key.jwk.kid) });
      });
      return undefined;
    }
    return json(404, { error: 'not found' });
  });
  issuer = `http://127.0.0.1:${server.address().port}`;
  return { issuer, server, next: (name, email) => { scenario.name = name; scenario.email = email; } };
}
