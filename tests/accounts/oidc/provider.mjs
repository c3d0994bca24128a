// A real OpenID provider (the `oidc-provider` package) for the single sign-on tests.
//
// Started by tests/accounts/oidc_provider.py with one argument: a JSON file naming the client(s),
// the accounts and the test's twists. It listens on a port the OS chooses and prints one line,
// `listening <issuer>`, once it answers. People sign in on the package's own development pages
// (any password; the login names an account of the file) and consent on its consent page.
//
// Twists, each the provider's real behaviour under a setting, never a stubbed answer:
// - clockOffsetSeconds: the provider's clock runs this far off, so what it signs (ID tokens'
//   iat and exp) is as old as a provider with a wrong clock makes it;
// - clientAliases {asked: issuedTo}: the provider treats a request naming client `asked` as one
//   from client `issuedTo` (a mix-up of registrations), so its tokens are for that audience.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const settings = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const offsetMs = (settings.clockOffsetSeconds || 0) * 1000;
if (offsetMs) {
  const realNow = Date.now;
  Date.now = () => realNow() + offsetMs;
}
const HOUR = 3600;
// A clock behind by hours would make its own cookies expire on arrival; these lifetimes outlast it.
const slack = Math.ceil(Math.abs(settings.clockOffsetSeconds || 0) / HOUR) * HOUR;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

function findAccount(_ctx, id) {
  const claims = settings.accounts[id];
  if (!claims) return undefined;
  return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
}

function aliasClient(req) {
  const aliases = settings.clientAliases || {};
  const url = new URL(req.url, 'http://provider');
  const asked = url.searchParams.get('client_id');
  if (asked && aliases[asked]) {
    url.searchParams.set('client_id', aliases[asked]);
    req.url = url.pathname + url.search;
  }
  const auth = req.headers.authorization || '';
  if (auth.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
    const name = decodeURIComponent(id);
    if (aliases[name]) {
      const credentials = `${encodeURIComponent(aliases[name])}:${secret}`;
      req.headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
  }
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: settings.clients,
    findAccount,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'department', 'groups'],
    },
    cookies: { keys: ['a cookie key for the test provider only'] },
    jwks: { keys: [signingKey] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    ttl: {
      AccessToken: HOUR,
      AuthorizationCode: 60,
      IdToken: HOUR,
      Grant: 24 * HOUR + slack,
      Interaction: HOUR + slack,
      Session: 24 * HOUR + slack,
    },
  });
  const handle = provider.callback();
  server.on('request', (req, res) => {
    aliasClient(req);
    handle(req, res);
  });
  process.stdout.write(`listening ${issuer}\n`);
});
