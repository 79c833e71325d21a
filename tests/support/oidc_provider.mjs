// A real OpenID Connect provider for the dashboard's single sign-on tests: npm's certified
// `oidc-provider`, run with node from the cache folder it is installed in (tests/support/oidc.py).
//
// Settings arrive as JSON in OIDC_SETTINGS: clients, users (password and claims, `groups` among
// them), token lifetimes and a control token. It prints one JSON line when it listens:
// {"issuer": "http://127.0.0.1:PORT"}.
//
// Besides the provider's own endpoints it serves:
//   GET/POST /interaction/:uid   a plain login form (username and password); consent is implied,
//                                as for a first-party application in an enterprise provider
//   POST /__control/clients      replace the registered clients
//   POST /__control/rotate       new signing key first in the JWKS (the old one stays, to verify)
//   POST /__control/sign         a JWT over the given claims, signed with the current key (or with
//                                a key the JWKS does not publish): for the ID token checks' tests
// Both /__control routes need the header x-control-token.

import { createServer } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';

import Provider from 'oidc-provider';
import { SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';

const settings = JSON.parse(process.env.OIDC_SETTINGS);
const users = settings.users;
const cookieKeys = [randomBytes(32).toString('hex')];
let signingKeys = [];
let foreignKey;
let provider;
let handler;
let issuer;

async function newKey() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: `k-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' };
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function build() {
  const next = new Provider(issuer, {
    clients: settings.clients,
    jwks: { keys: signingKeys },
    cookies: { keys: cookieKeys },
    scopes: ['openid', 'profile', 'email', 'groups'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email'],
      groups: ['groups'],
    },
    findAccount: async (ctx, sub) => {
      if (!users[sub]) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...users[sub].claims }) };
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Sign out of the test provider?',
            `${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`);
        },
        postLogoutSuccessSource: async (ctx) => { ctx.body = page('Signed out', '<p>You are signed out.</p>'); },
      },
    },
    pkce: { required: () => true },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    // First-party client: no consent screen (the grant is made on first use).
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile email groups');
      await grant.save();
      ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId, grant.jti);
      return grant;
    },
    ttl: {
      AccessToken: settings.ttl?.AccessToken ?? 120,
      AuthorizationCode: 60,
      IdToken: settings.ttl?.IdToken ?? 120,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Provider error', `<pre>${escapeHtml(JSON.stringify(out))}</pre>`);
    },
  });
  next.on('server_error', (ctx, err) => console.error('server_error', err));
  return next;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
}

function controlAllowed(req) {
  const given = Buffer.from(String(req.headers['x-control-token'] ?? ''));
  const wanted = Buffer.from(settings.control_token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function interaction(req, res, uid) {
  const current = provider;
  const details = await current.interactionDetails(req, res);
  if (req.method === 'GET') {
    const hint = details.params.login_hint ? ` value="${escapeHtml(details.params.login_hint)}"` : '';
    send(res, 200, 'text/html', page('Test provider sign-in', `
<form method="post" action="/interaction/${escapeHtml(uid)}">
  <label>Username <input name="username" autocomplete="username"${hint}></label>
  <label>Password <input name="password" type="password" autocomplete="current-password"></label>
  <button type="submit">Sign in</button>
</form>`));
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const user = users[form.get('username')];
  if (!user || user.password !== form.get('password')) {
    send(res, 401, 'text/html', page('Test provider sign-in', '<p id="error">Wrong username or password.</p>'));
    return;
  }
  await current.interactionFinished(req, res, { login: { accountId: form.get('username') } },
    { mergeWithLastSubmission: false });
}

async function control(req, res, action) {
  if (req.method !== 'POST' || !controlAllowed(req)) {
    send(res, 403, 'application/json', '{"error":"forbidden"}');
    return;
  }
  const body = JSON.parse((await readBody(req)) || '{}');
  if (action === 'rotate') {
    signingKeys = [await newKey(), ...signingKeys].slice(0, 3);
    provider = build();
    handler = provider.callback();
    send(res, 200, 'application/json', JSON.stringify({ kid: signingKeys[0].kid }));
    return;
  }
  if (action === 'clients') {  // the relying party's URLs are known only once it listens
    settings.clients = body.clients;
    provider = build();
    handler = provider.callback();
    send(res, 200, 'application/json', '{}');
    return;
  }
  if (action === 'sign') {
    const jwk = body.foreign ? foreignKey : signingKeys[0];
    const key = await importJWK(jwk, 'RS256');
    const header = { alg: 'RS256', kid: jwk.kid, ...(body.header ?? {}) };
    const token = await new SignJWT(body.claims).setProtectedHeader(header).sign(key);
    send(res, 200, 'application/json', JSON.stringify({ token }));
    return;
  }
  send(res, 404, 'application/json', '{"error":"unknown control action"}');
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    const control_ = url.pathname.match(/^\/__control\/(\w+)$/);
    if (control_) return await control(req, res, control_[1]);
    const step = url.pathname.match(/^\/interaction\/([\w-]+)$/);
    if (step) return await interaction(req, res, step[1]);
    return handler(req, res);
  } catch (err) {
    console.error(err);
    if (!res.headersSent) send(res, 500, 'text/plain', String(err?.message ?? err));
  }
});

signingKeys = [await newKey()];
foreignKey = await newKey();
server.listen(0, '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  provider = build();
  handler = provider.callback();
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
