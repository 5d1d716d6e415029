import * as os from 'node:os';
import type { Command } from 'commander';
import type { AccessLog } from '@ledger/access/access-log/access-log';

/** Options every command that reads personal data takes. */
export interface ReadPurposeOptions {
  purpose: string;
  subject?: string;
}

/** Adds --purpose (required) and --subject to a command that reads personal data. */
export function withReadPurpose(command: Command): Command {
  return command
    .requiredOption('--purpose <text>', 'why you are reading this personal data (written to the access log)')
    .option('--subject <name>', 'who is reading (default: the operating-system user)');
}

/**
 * A read of personal data from the command line goes to the same append-only access log as the
 * API's (Data Protection Act 2018 Part 3: who, when, which person, what, why).
 */
export async function recordCliRead(
  accessLog: AccessLog,
  options: ReadPurposeOptions,
  entry: { personId?: string; action: string; what: string },
): Promise<void> {
  await accessLog.record({
    subject: options.subject?.trim() || os.userInfo().username,
    role: 'cli-operator',
    personId: entry.personId,
    action: entry.action,
    what: entry.what,
    purpose: options.purpose,
  });
}
