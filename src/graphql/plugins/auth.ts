// Client authentication: who is calling and with which scopes. API keys come in `x-api-key`; JWTs in
// `Authorization: Bearer`, verified by yoga's JWT plugin. Scope checks themselves live in the schema (scope-auth).
import { createHash } from 'node:crypto';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import {
  createInlineSigningKeyProvider,
  createRemoteJwksSigningKeyProvider,
  useJWT,
  type ExtractTokenFunction,
  type JWTExtendContextFields,
} from '@graphql-yoga/plugin-jwt';
import { SCOPES, type ClientAuthConfig, type Scope } from '../../config.js';
import { ErrorCode } from '../errors.js';

export interface Principal {
  /** Stable and secret-free: "anonymous", "key:<hash prefix>" or "jwt:<sub>". */
  id: string;
  scopes: ReadonlySet<Scope>;
}

const OPEN: Principal = { id: 'anonymous', scopes: new Set(SCOPES) };

export const unauthenticated = (message: string) =>
  createGraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });

// Keys are kept by their SHA-256, so a lookup compares hashes, never the secret itself.
function fromApiKey(keys: ClientAuthConfig['apiKeys'], key: string): Principal {
  const hash = createHash('sha256').update(key).digest('hex');
  const scopes = keys.get(hash);
  if (!scopes) throw unauthenticated('The API key in x-api-key is not valid.');
  return { id: `key:${hash.slice(0, 12)}`, scopes };
}

function fromJwt(payload: JWTExtendContextFields['payload'], claim: string): Principal {
  const raw: unknown = payload[claim];
  const granted = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/\s+/) : [];
  const scopes = new Set(SCOPES.filter((s) => granted.includes(s)));
  return { id: `jwt:${typeof payload.sub === 'string' ? payload.sub : 'unknown'}`, scopes };
}

const JWT_SHAPE = /^Bearer +([\w-]+)\.([\w-]+)\.([\w-]*)$/i;

const isJsonObject = (segment: string): boolean => {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
};

/**
 * The token of `Authorization: Bearer <JWT>`. Anything else in that header (Basic, garbage, a token that is not
 * a JWT) is refused as unauthenticated (401), as the JWT plugin's own extractor would answer it as bad input.
 */
const bearerToken: ExtractTokenFunction = ({ request }) => {
  const header = request?.headers.get('authorization');
  if (header == null) return undefined;
  const match = JWT_SHAPE.exec(header.trim());
  if (!match || !isJsonObject(match[1]!) || !isJsonObject(match[2]!))
    throw unauthenticated('The Authorization header must hold "Bearer <JWT>" with a valid JWT.');
  return { prefix: 'Bearer', token: `${match[1]}.${match[2]}.${match[3]}` };
};

type AuthContext = { principal: Principal; jwt?: JWTExtendContextFields };

/** Verifies `Authorization: Bearer` JWTs (yoga's JWT plugin) and puts their payload on the context as `jwt`. */
export function useJwtVerification({ jwt }: ClientAuthConfig) {
  if (!jwt) return undefined;
  return useJWT({
    signingKeyProviders: [
      jwt.key
        ? createInlineSigningKeyProvider(jwt.key.reveal())
        : createRemoteJwksSigningKeyProvider({ jwksUri: jwt.jwksUrl!, cache: true, rateLimit: true }),
    ],
    tokenLookupLocations: [bearerToken],
    tokenVerification: {
      issuer: jwt.issuer,
      audience: jwt.audience,
      algorithms: ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
    },
    reject: { missingToken: false, invalidToken: true },
    extendContext: 'jwt',
  });
}

/** Puts a `principal` on every operation's context, from an API key or a verified JWT, or refuses with UNAUTHENTICATED. */
export function useClientAuth(auth: ClientAuthConfig): Plugin<AuthContext> {
  if (auth.open) return { onContextBuilding: ({ extendContext }) => extendContext({ principal: OPEN }) };
  const ways = [auth.apiKeys.size > 0 && 'an API key in x-api-key', auth.jwt && 'a JWT in Authorization: Bearer']
    .filter(Boolean)
    .join(' or ');
  return {
    onContextBuilding({ context, extendContext }) {
      const key = context.request.headers.get('x-api-key');
      if (key !== null && auth.apiKeys.size > 0) return extendContext({ principal: fromApiKey(auth.apiKeys, key) });
      if (context.jwt && auth.jwt)
        return extendContext({ principal: fromJwt(context.jwt.payload, auth.jwt.scopesClaim) });
      throw unauthenticated(`Authentication required: send ${ways}.`);
    },
  };
}
