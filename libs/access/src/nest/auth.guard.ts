import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { InvalidTokenError, TokenVerifier } from '../tokens';
import type { LedgerRequest } from './ledger-request';
import { PUBLIC_ROUTE } from './metadata';

/**
 * 401 unless the request carries `Authorization: Bearer <token>` with a token TokenVerifier
 * accepts; the principal is then on `request.principal`. Routes marked @Public() are let through.
 * Needs a TokenVerifier provider in the module that uses it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly verifier: TokenVerifier, private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<LedgerRequest>();
    const token = bearerToken(request);
    try {
      if (!token) throw new InvalidTokenError('a bearer token is required: Authorization: Bearer <token> (see `ledger token`)');
      request.principal = await this.verifier.verify(token);
      return true;
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      // RFC 6750: tell the client which scheme to use (the response is Fastify's reply).
      http.getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer realm="journey-ledger"');
      throw new UnauthorizedException(error.message);
    }
  }
}

export function bearerToken(request: LedgerRequest): string | undefined {
  const header = request.headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}
