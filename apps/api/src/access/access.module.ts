import { Global, Module, NotFoundException } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LEDGER_SECRET, FactSource } from '@ledger/application';
import { AuthGuard } from '@ledger/access/nest/auth.guard';
import { PolicyGuard } from '@ledger/access/nest/policy.guard';
import { RESOURCE_RESOLVER, ResourceResolver, routeResource } from '@ledger/access/nest/resource-resolver';
import { effectiveArea } from '@ledger/access/policy';
import { oidcOptionsFromEnv, TokenIssuer, TokenVerifier } from '@ledger/access/tokens';

/**
 * Who may call what: every route passes AuthGuard (401) then PolicyGuard (403/400), and every
 * person read is written to the access log (by AccessLogInterceptor, which `@Requires` puts on
 * each route declaring a person read). The resolver tells the policy which area a request
 * touches: a person belongs to the areas their events were recorded in.
 */
@Global()
@Module({
  providers: [
    { provide: TokenVerifier, inject: [LEDGER_SECRET], useFactory: (secret: Uint8Array) => new TokenVerifier({ secret, oidc: oidcOptionsFromEnv() }) },
    { provide: TokenIssuer, inject: [LEDGER_SECRET], useFactory: (secret: Uint8Array) => new TokenIssuer(secret) },
    {
      provide: RESOURCE_RESOLVER,
      inject: [FactSource],
      useFactory: (facts: FactSource): ResourceResolver => async (context) => {
        const { request, principal, action } = context;
        const personId = request.params?.personId;
        if (personId !== undefined) {
          const areas = await facts.areasOf(personId);
          if (areas.length === 0) throw new NotFoundException(`no person "${personId}"`);
          // An area-scoped caller may read a person who has any record in their area.
          const area = principal.area && areas.includes(principal.area) ? principal.area : areas[0];
          return { personId, area };
        }
        const cohortId = request.params?.cohortId;
        if (cohortId !== undefined) {
          // A cohort belongs to the area it was formed in: an area's lead sees only their cohorts.
          const area = await (await facts.current()).cohortArea(cohortId);
          if (area === null) throw new NotFoundException(`no IOM cohort "${cohortId}"`);
          return { area };
        }
        const body = (request as { body?: unknown }).body;
        if (action === 'events.append' && body) {
          // A recorder may only write events of their own area; every area in the batch is checked.
          const events: unknown[] = Array.isArray(body) ? body : [body];
          // An event naming no area (or an empty one) is judged in the caller's area: validation then answers 400.
          const areas = new Set(
            events.map((event) => (event as { area?: unknown })?.area).map((area) => (typeof area === 'string' && area !== '' ? area : effectiveArea(principal))),
          );
          // An empty or malformed batch is the caller's own area: validation then answers 400.
          return areas.size > 0 ? [...areas].map((area) => ({ area })) : [{ area: effectiveArea(principal) }];
        }
        return routeResource(context);
      },
    },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: PolicyGuard },
  ],
  exports: [TokenVerifier, TokenIssuer],
})
export class AccessModule {}
