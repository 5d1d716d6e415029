import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { InvalidTokenError, loadOrCreateSecret, oidcOptionsFromEnv, TokenIssuer, TokenVerifier } from './tokens';

const SECRET = new Uint8Array(Buffer.from('a-test-secret-of-at-least-32-characters!', 'utf8'));
const ISSUED = new Date('2024-06-01T09:00:00Z');

describe('local tokens', () => {
  const issuer = new TokenIssuer(SECRET, () => ISSUED);
  const verifierAt = (now: Date, secret = SECRET) => new TokenVerifier({ secret, now: () => now });

  it('round-trips every kind of principal', async () => {
    const lead = await issuer.issue({ subject: 'pc-jones', role: 'iom-lead', area: 'hampshire' });
    await expect(verifierAt(ISSUED).verify(lead)).resolves.toEqual({ subject: 'pc-jones', role: 'iom-lead', area: 'hampshire' });

    const grant = { persons: ['P-1', 'P-2'], from: '2024-06-01', to: '2024-08-31' };
    const reviewer = await issuer.issue({ subject: 'scr-panel', role: 'reviewer', grant });
    await expect(verifierAt(ISSUED).verify(reviewer)).resolves.toEqual({ subject: 'scr-panel', role: 'reviewer', grant });

    const auditor = await issuer.issue({ subject: 'audit', role: 'auditor' });
    await expect(verifierAt(ISSUED).verify(auditor)).resolves.toEqual({ subject: 'audit', role: 'auditor' });
  });

  it('carries the documented claims', async () => {
    const token = await issuer.issue({ subject: 'pc-jones', role: 'recorder', area: 'dorset', ttlSeconds: 3600 });
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const iat = ISSUED.getTime() / 1000;
    expect(claims).toEqual({ sub: 'pc-jones', role: 'recorder', area: 'dorset', iss: 'journey-ledger', iat, exp: iat + 3600 });
  });

  it('rejects an expired token', async () => {
    const token = await issuer.issue({ subject: 'a', role: 'auditor', ttlSeconds: 60 });
    await expect(verifierAt(new Date(ISSUED.getTime() + 59_000)).verify(token)).resolves.toMatchObject({ role: 'auditor' });
    await expect(verifierAt(new Date(ISSUED.getTime() + 61_000)).verify(token)).rejects.toThrow(new InvalidTokenError('the token has expired'));
  });

  it('rejects a tampered token', async () => {
    const token = await issuer.issue({ subject: 'pc-jones', role: 'iom-lead', area: 'hampshire' });
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, role: 'auditor' })).toString('base64url');
    await expect(verifierAt(ISSUED).verify(`${header}.${widened}.${signature}`)).rejects.toThrow(/signature is not valid/);
  });

  it('rejects a token signed with another secret', async () => {
    const token = await issuer.issue({ subject: 'a', role: 'auditor' });
    const otherSecret = new Uint8Array(Buffer.from('another-secret-of-at-least-32-characters', 'utf8'));
    await expect(verifierAt(ISSUED, otherSecret).verify(token)).rejects.toThrow(InvalidTokenError);
  });

  it('rejects garbage, unsigned tokens and tokens from another issuer', async () => {
    const verifier = verifierAt(ISSUED);
    await expect(verifier.verify('not-a-token')).rejects.toThrow('not a JSON Web Token');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","role":"admin"}').toString('base64url')}.`;
    await expect(verifier.verify(unsigned)).rejects.toThrow('tokens signed with none are not accepted here');
    const foreign = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('elsewhere').sign(SECRET);
    await expect(verifier.verify(foreign)).rejects.toThrow(/iss/);
  });

  it('refuses to issue or accept a principal the policy could not use', async () => {
    await expect(issuer.issue({ subject: 'r', role: 'recorder' })).rejects.toThrow('the recorder role needs an area');
    await expect(issuer.issue({ subject: 'r', role: 'reviewer', grant: { persons: [], from: '2024-01-01', to: '2024-02-01' } })).rejects.toThrow(/reviewer needs/);
    await expect(issuer.issue({ subject: 'r', role: 'reviewer', grant: { persons: ['P'], from: '2024-03-01', to: '2024-02-01' } })).rejects.toThrow(/reviewer needs/);
    const unknownRole = await new SignJWT({ role: 'superuser' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('journey-ledger').sign(SECRET);
    await expect(verifierAt(new Date()).verify(unknownRole)).rejects.toThrow(/exactly one ledger role/);
  });
});

describe('tokens from an OpenID Connect provider (JWKS over loopback)', () => {
  let server: http.Server;
  let jwksUrl: string;
  let providerKey: KeyLike;
  let strangerKey: KeyLike;

  beforeAll(async () => {
    const provider = await generateKeyPair('RS256');
    const stranger = await generateKeyPair('RS256');
    providerKey = provider.privateKey;
    strangerKey = stranger.privateKey;
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(provider.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] });
    server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const verifier = () =>
    new TokenVerifier({
      secret: SECRET,
      oidc: oidcOptionsFromEnv({
        LEDGER_OIDC_JWKS_URL: jwksUrl,
        LEDGER_OIDC_ISSUER: 'https://login.force.example',
        LEDGER_OIDC_AUDIENCE: 'journey-ledger-api',
        LEDGER_OIDC_ROLE_CLAIM: 'realm_access.roles',
        LEDGER_OIDC_AREA_CLAIM: 'force',
      }),
    });

  const providerToken = (claims: Record<string, unknown>, key = providerKey, audience = 'journey-ledger-api') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('jane.smith@force.example')
      .setIssuer('https://login.force.example')
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  it('maps the configured claims to a principal', async () => {
    const token = await providerToken({ realm_access: { roles: ['offline_access', 'mappa-coordinator'] }, force: 'hampshire' });
    await expect(verifier().verify(token)).resolves.toEqual({ subject: 'jane.smith@force.example', role: 'mappa-coordinator', area: 'hampshire' });
  });

  it('rejects a token signed by a key the provider does not publish, or for another audience', async () => {
    const claims = { realm_access: { roles: ['auditor'] } };
    await expect(verifier().verify(await providerToken(claims, strangerKey))).rejects.toThrow(InvalidTokenError);
    await expect(verifier().verify(await providerToken(claims, providerKey, 'another-app'))).rejects.toThrow(/aud/);
  });

  it('rejects a token carrying no ledger role, or two', async () => {
    await expect(verifier().verify(await providerToken({ realm_access: { roles: ['offline_access'] } }))).rejects.toThrow(/exactly one ledger role/);
    await expect(verifier().verify(await providerToken({ realm_access: { roles: ['auditor', 'admin'] } }))).rejects.toThrow(/exactly one ledger role/);
  });

  it('still accepts the ledger own tokens beside the provider', async () => {
    const token = await new TokenIssuer(SECRET).issue({ subject: 'cli', role: 'admin' });
    await expect(verifier().verify(token)).resolves.toEqual({ subject: 'cli', role: 'admin' });
  });

  it('insists on an issuer and an audience when a JWKS URL is set', () => {
    expect(() => oidcOptionsFromEnv({ LEDGER_OIDC_JWKS_URL: jwksUrl })).toThrow(/LEDGER_OIDC_ISSUER and LEDGER_OIDC_AUDIENCE/);
    expect(oidcOptionsFromEnv({})).toBeUndefined();
  });
});

describe('loadOrCreateSecret', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-secret-')), 'nested');
  });
  afterEach(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

  it('generates a 32-byte secret readable by the owner only, then keeps using it', () => {
    const first = loadOrCreateSecret(dataDir);
    expect(first).toHaveLength(32);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(dataDir)).toEqual(first);
  });

  it('lets LEDGER_SECRET override the file, and refuses a short one', () => {
    const override = 'x'.repeat(40);
    expect(Buffer.from(loadOrCreateSecret(dataDir, override)).toString()).toBe(override);
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(false);
    expect(() => loadOrCreateSecret(dataDir, 'short')).toThrow(/at least 32 characters/);
  });
});
