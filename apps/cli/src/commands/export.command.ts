import type { Command } from 'commander';
import type { StoredEvent } from '@ledger/domain/envelope';
import { EventsLogQuery } from '@ledger/application';
import { CliFailure } from '../support/failure';
import { LedgerContext, withLedger } from '../support/ledger-context';
import { ReadPurposeOptions, recordCliRead, withReadPurpose } from '../support/access-record';
import { printNote } from '../support/output';
import { writeChunk, writeFileAtomically } from '../support/write-stream';

const PAGE_SIZE = 1000;

export function registerExport(program: Command): void {
  withReadPurpose(
    program
      .command('export')
      .description('write events as NDJSON in global order, with the ledger-assigned position, version and hashes')
      .option('--person <id>', "only this person's stream")
      .option('--out <file>', 'write to FILE instead of standard output'),
  ).action(async (options: { person?: string; out?: string } & ReadPurposeOptions) => {
    await withLedger(async (ledger) => {
      // An export discloses every record in it: logged before anything is written out.
      await recordCliRead(ledger.accessLog, options, {
        personId: options.person,
        action: 'person.export',
        what: `ledger export${options.person ? ` --person ${options.person}` : ' (whole ledger)'}${options.out ? ` --out ${options.out}` : ''}`,
      });
      const write = (stream: NodeJS.WritableStream) =>
        options.person ? writePerson(ledger, options.person, stream) : writeLog(ledger, stream);
      if (!options.out) {
        await write(process.stdout);
        return;
      }
      let count = 0;
      await writeFileAtomically(options.out, async (stream) => {
        count = await write(stream);
      });
      printNote(`exported ${count} event${count === 1 ? '' : 's'} to ${options.out}`);
    });
  });
}

/** The whole global log, page by page through the same query as GET /api/events. */
async function writeLog(ledger: LedgerContext, stream: NodeJS.WritableStream): Promise<number> {
  let after = 0;
  let count = 0;
  for (;;) {
    const page: { events: StoredEvent[]; next: number } = await ledger.queryBus.execute(new EventsLogQuery(after, PAGE_SIZE));
    if (page.events.length === 0) return count;
    await writeChunk(stream, page.events.map(exportLine).join(''));
    count += page.events.length;
    after = page.next;
  }
}

async function writePerson(ledger: LedgerContext, personId: string, stream: NodeJS.WritableStream): Promise<number> {
  const events = await ledger.store.readStream(personId);
  if (events.length === 0) throw new CliFailure(`no events for person "${personId}"`);
  await writeChunk(stream, events.map(exportLine).join(''));
  return events.length;
}

/**
 * One NDJSON line: the envelope as stored (what an import needs to reproduce every hash), then
 * what this ledger assigned (position, version, hash, previousHash), for auditors.
 */
export function exportLine(event: StoredEvent): string {
  const line: Record<string, unknown> = {
    eventId: event.eventId,
    type: event.type,
    personId: event.personId,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    area: event.area,
  };
  if (event.source !== undefined && event.source !== null) line.source = event.source;
  if (event.recordedBy !== undefined && event.recordedBy !== null) line.recordedBy = event.recordedBy;
  Object.assign(line, { data: event.data, position: event.position, version: event.version, hash: event.hash, previousHash: event.previousHash });
  return `${JSON.stringify(line)}\n`;
}
