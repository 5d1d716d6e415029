import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, Optional, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { authorise } from '../policy';
import type { Action } from '../roles';
import type { LedgerRequest } from './ledger-request';
import { PUBLIC_ROUTE, REQUIRED_ACTION } from './metadata';
import { purposeOf } from './purpose';
import { RESOURCE_RESOLVER, ResourceResolver, routeResource } from './resource-resolver';

/**
 * Runs after AuthGuard: authorises the route's @Requires(action) for the caller on the resources
 * the resolver names (403 with the reason otherwise), then insists on a stated purpose for person
 * reads (400). A route with neither @Requires nor @Public is refused: every route must say what it does.
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  private readonly resolve: ResourceResolver;

  constructor(private readonly reflector: Reflector, @Optional() @Inject(RESOURCE_RESOLVER) resolver?: ResourceResolver) {
    this.resolve = resolver ?? routeResource;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const action = this.reflector.getAllAndOverride<Action | undefined>(REQUIRED_ACTION, targets);
    if (!action) throw new ForbiddenException('this route declares no access rule (@Requires) and is closed');
    const request = context.switchToHttp().getRequest<LedgerRequest>();
    const principal = request.principal;
    if (!principal) throw new UnauthorizedException('no authenticated principal: AuthGuard must run before PolicyGuard');

    const resolved = await this.resolve({ request, principal, action });
    const resources = Array.isArray(resolved) ? resolved : [resolved];
    for (const resource of resources.length > 0 ? resources : [{}]) {
      const decision = authorise(principal, action, resource);
      if (!decision.allowed) throw new ForbiddenException(decision.reason);
    }
    request.access = { action, resources, purpose: purposeOf(request, action) };
    return true;
  }
}
