import * as os from 'node:os';
import { Command, Option } from 'commander';
import { ROLES, Role } from '@ledger/access/roles';
import { InvalidTokenError, loadOrCreateSecret, TokenIssuer } from '@ledger/access/tokens';
import { loadLedgerConfig } from '@ledger/config';
import { usageError } from '../support/failure';
import { area, calendarDate, positiveInteger } from '../support/options';
import { printLine } from '../support/output';

interface TokenOptions {
  role: Role;
  area?: string;
  subject: string;
  persons?: string;
  from?: string;
  to?: string;
  ttlHours?: number;
}

export function registerToken(program: Command): void {
  program
    .command('token')
    .description('print an access token signed with the local secret (LEDGER_SECRET or <data dir>/secret.key)')
    .addOption(new Option('--role <role>', 'what the bearer may do').choices([...ROLES]).makeOptionMandatory())
    .addOption(new Option('--area <area>', 'the area of an area-scoped role (recorder, iom-lead, mappa-coordinator)').argParser(area))
    .option('--subject <name>', 'who the token is for', defaultSubject())
    .option('--persons <ids>', 'reviewer: comma-separated person ids under review')
    .addOption(new Option('--from <date>', 'reviewer: first day the grant may be used, YYYY-MM-DD').argParser(calendarDate))
    .addOption(new Option('--to <date>', 'reviewer: last day the grant may be used, YYYY-MM-DD').argParser(calendarDate))
    .addOption(new Option('--ttl-hours <n>', 'lifetime of the token in hours (default 12)').argParser(positiveInteger))
    .action(async (options: TokenOptions) => {
      const config = loadLedgerConfig();
      const issuer = new TokenIssuer(loadOrCreateSecret(config.dataDir, config.secret));
      const grant = options.persons || options.from || options.to
        ? { persons: (options.persons ?? '').split(',').map((id) => id.trim()).filter(Boolean), from: options.from ?? '', to: options.to ?? '' }
        : undefined;
      try {
        printLine(
          await issuer.issue({
            subject: options.subject,
            role: options.role,
            area: options.area,
            grant,
            ttlSeconds: options.ttlHours === undefined ? undefined : options.ttlHours * 3600,
          }),
        );
      } catch (error) {
        // The issuer refuses what a verifier would refuse (a recorder without an area, say): a usage error.
        if (error instanceof InvalidTokenError) throw usageError(error.message);
        throw error;
      }
    });
}

function defaultSubject(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'ledger-cli';
  }
}
