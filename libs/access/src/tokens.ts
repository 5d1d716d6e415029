import { createSecretKey, KeyObject, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRemoteJWKSet, decodeProtectedHeader, errors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { isValidDate } from '@ledger/domain/time/iso-8601';
import { AREA_SCOPED_ROLES, isRole, Principal, ReviewGrant, Role, ROLES } from './roles';

/** The `iss` of every token the ledger signs itself. */
export const LEDGER_ISSUER = 'journey-ledger';
const LOCAL_ALGORITHM = 'HS256';
const OIDC_ALGORITHMS = ['RS256', 'ES256'];
const SECRET_FILE = 'secret.key';
/** 256 bits: as long as HS256's own output, so the secret is never the weak link. */
const SECRET_BYTES = 32;
const DEFAULT_TTL_SECONDS = 12 * 60 * 60;

/** A token that cannot be trusted or does not describe a usable principal: HTTP 401. */
export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

/**
 * The ledger secret: signs local tokens and (via HKDF, personal-data/) wraps the per-person data
 * keys. Generated into `<dataDir>/secret.key`, readable by the owner only, the first time it is
 * needed; `override` (LEDGER_SECRET) replaces it, e.g. to share one secret between servers.
 * Changing it later invalidates every token and makes every person's personal data unreadable.
 */
export function loadOrCreateSecret(dataDir: string, override?: string): Uint8Array {
  if (override !== undefined && override !== '') {
    if (override.length < SECRET_BYTES) throw new Error(`LEDGER_SECRET must be at least ${SECRET_BYTES} characters long`);
    return new Uint8Array(Buffer.from(override, 'utf8'));
  }
  const file = path.join(dataDir, SECRET_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // `wx`: if two processes start together, one creates the file and the other reads it.
    fs.writeFileSync(file, randomBytes(SECRET_BYTES).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
  if (secret.length < SECRET_BYTES) throw new Error(`${file} does not hold a ${SECRET_BYTES}-byte secret: restore it or remove it to start afresh`);
  return new Uint8Array(secret);
}

export interface IssueRequest {
  subject: string;
  role: Role;
  area?: string;
  grant?: ReviewGrant;
  /** Lifetime of the token; 12 hours unless said otherwise. */
  ttlSeconds?: number;
}

/** Signs the ledger's own tokens (for `ledger token`, scripts and tests). */
export class TokenIssuer {
  constructor(private readonly secret: Uint8Array, private readonly now: () => Date = () => new Date()) {}

  async issue(request: IssueRequest): Promise<string> {
    const principal = checkPrincipal({ subject: request.subject, role: request.role, area: request.area, grant: request.grant });
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const claims: JWTPayload = { role: principal.role };
    if (principal.area !== undefined) claims.area = principal.area;
    if (principal.grant) Object.assign(claims, principal.grant);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: LOCAL_ALGORITHM, typ: 'JWT' })
      .setSubject(principal.subject)
      .setIssuer(LEDGER_ISSUER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + (request.ttlSeconds ?? DEFAULT_TTL_SECONDS))
      .sign(this.secret);
  }
}

/** An organisation's OpenID Connect provider, whose tokens the ledger accepts beside its own. */
export interface OidcOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Claim holding the ledger role (a string, or an array holding exactly one ledger role); dots reach into objects. */
  roleClaim: string;
  areaClaim: string;
}

/** LEDGER_OIDC_JWKS_URL, LEDGER_OIDC_ISSUER, LEDGER_OIDC_AUDIENCE, LEDGER_OIDC_ROLE_CLAIM, LEDGER_OIDC_AREA_CLAIM. */
export function oidcOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OidcOptions | undefined {
  const jwksUrl = env.LEDGER_OIDC_JWKS_URL;
  if (!jwksUrl) return undefined;
  const issuer = env.LEDGER_OIDC_ISSUER;
  const audience = env.LEDGER_OIDC_AUDIENCE;
  // Without both, any token the provider ever signed (for any application) would open the ledger.
  if (!issuer || !audience) throw new Error('LEDGER_OIDC_JWKS_URL needs LEDGER_OIDC_ISSUER and LEDGER_OIDC_AUDIENCE too');
  return { jwksUrl, issuer, audience, roleClaim: env.LEDGER_OIDC_ROLE_CLAIM || 'role', areaClaim: env.LEDGER_OIDC_AREA_CLAIM || 'area' };
}

export interface TokenVerifierOptions {
  secret: Uint8Array;
  oidc?: OidcOptions;
  now?: () => Date;
}

/**
 * Turns a bearer token into a Principal, or refuses it. HS256 tokens are checked against the
 * local secret; RS256/ES256 ones against the provider's published keys, when one is configured.
 * Each path accepts only its own algorithms, so a token cannot pass one check by posing as the other.
 */
export class TokenVerifier {
  private readonly remoteKeys?: ReturnType<typeof createRemoteJWKSet>;
  /** Made once: given the raw bytes, jose would build a new key object for every request. */
  private readonly localKey: KeyObject;

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.oidc) this.remoteKeys = createRemoteJWKSet(new URL(options.oidc.jwksUrl));
    this.localKey = createSecretKey(options.secret);
  }

  async verify(token: string): Promise<Principal> {
    let algorithm: string | undefined;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch {
      throw new InvalidTokenError('not a JSON Web Token');
    }
    const currentDate = this.options.now?.();
    try {
      if (algorithm === LOCAL_ALGORITHM) {
        const { payload } = await jwtVerify(token, this.localKey, { issuer: LEDGER_ISSUER, algorithms: [LOCAL_ALGORITHM], currentDate });
        return principalFromClaims(payload, 'role', 'area');
      }
      const oidc = this.options.oidc;
      if (oidc && this.remoteKeys && OIDC_ALGORITHMS.includes(algorithm ?? '')) {
        const { payload } = await jwtVerify(token, this.remoteKeys, {
          issuer: oidc.issuer,
          audience: oidc.audience,
          algorithms: OIDC_ALGORITHMS,
          currentDate,
        });
        return principalFromClaims(payload, oidc.roleClaim, oidc.areaClaim);
      }
    } catch (error) {
      throw asInvalidToken(error);
    }
    throw new InvalidTokenError(`tokens signed with ${algorithm} are not accepted here`);
  }
}

function asInvalidToken(error: unknown): InvalidTokenError {
  if (error instanceof InvalidTokenError) return error;
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('the token has expired');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new InvalidTokenError('the token signature is not valid');
  if (error instanceof errors.JOSEError) return new InvalidTokenError(`the token is not accepted: ${error.message}`);
  throw error;
}

function principalFromClaims(payload: JWTPayload, roleClaim: string, areaClaim: string): Principal {
  const role = ledgerRoleIn(claimAt(payload, roleClaim));
  const area = claimAt(payload, areaClaim);
  const grant = role === 'reviewer' ? { persons: payload.persons, from: payload.from, to: payload.to } : undefined;
  return checkPrincipal({
    subject: payload.sub as string,
    role,
    area: typeof area === 'string' ? area : undefined,
    grant: grant as ReviewGrant | undefined,
  });
}

function claimAt(payload: JWTPayload, name: string): unknown {
  return name.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

function ledgerRoleIn(claim: unknown): Role {
  const candidates = (Array.isArray(claim) ? claim : [claim]).filter(isRole);
  if (candidates.length !== 1) {
    throw new InvalidTokenError(`the token must carry exactly one ledger role (${ROLES.join(', ')}), found ${JSON.stringify(claim ?? null)}`);
  }
  return candidates[0];
}

/** What a token must say for its principal to be usable; the same rules when issuing and verifying. */
function checkPrincipal(principal: Principal): Principal {
  const refuse = (reason: string): never => {
    throw new InvalidTokenError(reason);
  };
  if (typeof principal.subject !== 'string' || principal.subject === '') refuse('the token names no subject');
  if (!isRole(principal.role)) refuse(`unknown role ${JSON.stringify(principal.role)}`);
  const checked: Principal = { subject: principal.subject, role: principal.role };
  if (AREA_SCOPED_ROLES.includes(principal.role)) {
    if (typeof principal.area !== 'string' || principal.area === '') refuse(`the ${principal.role} role needs an area`);
    checked.area = principal.area;
  }
  if (principal.role === 'reviewer') checked.grant = checkGrant(principal.grant) ?? refuse('a reviewer needs persons, from and to');
  return checked;
}

function checkGrant(grant: ReviewGrant | undefined): ReviewGrant | undefined {
  if (!grant) return undefined;
  const { persons, from, to } = grant;
  const personsValid = Array.isArray(persons) && persons.length > 0 && persons.every((p) => typeof p === 'string' && p !== '');
  if (!personsValid || !isValidDate(from) || !isValidDate(to) || from > to) return undefined;
  return { persons: [...persons], from, to };
}
