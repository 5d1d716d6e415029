import PDFDocument from 'pdfkit';
import type { ChronologyPack, KnownAtState, PackEntry } from './chronology-pack';

export interface PdfContext {
  /** Who asked for the pack, and why: printed on every pack so a copy can be traced. */
  requestedBy: string;
  purpose: string;
  generatedAt: string;
}

const KNOWN_AT_WORDS: Record<KnownAtState, string> = {
  known: 'on record',
  'corrected-later': 'on record, corrected since',
  'retracted-later': 'on record, retracted since',
  'not-recorded': 'NOT yet recorded',
};

const MARGIN = 50;
const GREY = '#505a5f';

/**
 * The review chronology pack as a PDF (A4, the standard Helvetica fonts, so nothing is fetched or
 * embedded): a header saying whose chronology, which period, for whom and why, then one block per
 * entry with the same facts as the printable page. Resolves with the finished file.
 */
export function renderChronologyPdf(pack: ChronologyPack, context: PdfContext): Promise<Buffer> {
  const document = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `Review chronology: ${pack.personId}`, Author: 'Journey Ledger', Subject: context.purpose },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });

  writeHeader(document, pack, context);
  if (pack.entries.length === 0) document.font('Helvetica').fontSize(11).text('Nothing was recorded as happening in this period.');
  for (const entry of pack.entries) writeEntry(document, entry);
  numberPages(document, pack.personId);
  document.end();
  return finished;
}

function writeHeader(document: PDFKit.PDFDocument, pack: ChronologyPack, context: PdfContext): void {
  const period = `${pack.from ?? 'the first record'} to ${pack.to ?? 'the latest record'}`;
  document.font('Helvetica-Bold').fontSize(18).text(`Review chronology: ${pack.personId}`);
  document.moveDown(0.3).font('Helvetica').fontSize(10).fillColor(GREY);
  document.text(`Period: ${period} (dates inclusive, Europe/London). ${pack.entries.length} entries.`);
  document.text(`Prepared ${context.generatedAt} for ${context.requestedBy}. Stated purpose: ${context.purpose}`);
  if (pack.knownAt.length > 0) {
    document.text(`"Known at" dates: ${pack.knownAt.join(', ')} (each entry says whether it was on record at the end of that day).`);
  }
  document.text('Entries are shown as now corrected; the original record and every correction follow each entry. Retracted entries are kept and marked.');
  document.fillColor('black').moveDown(1);
}

function writeEntry(document: PDFKit.PDFDocument, entry: PackEntry): void {
  // Keep an entry's heading with at least a few of its lines.
  if (document.y > document.page.height - MARGIN - 90) document.addPage();
  const heading = `${entry.occurredOn}  ${entry.retraction ? '[RETRACTED] ' : ''}${entry.what}`;
  document.font('Helvetica-Bold').fontSize(11).text(heading);
  document.font('Helvetica').fontSize(9.5);
  const source = entry.sourceSystem ? `${entry.sourceSystem}${entry.sourceReference ? ` (${entry.sourceReference})` : ''}` : 'not stated';
  document.text(`Source system: ${source}. Area: ${entry.area}.`);
  document.text(`Recorded by ${entry.recordedBy ?? 'not stated'} at ${entry.recordedAt}.`);
  if (entry.originallyRecorded) {
    document.text(`Originally recorded as: ${entry.originallyRecorded.occurredOn} ${entry.originallyRecorded.what}`);
  }
  for (const correction of entry.corrections) {
    const status = correction.retracted ? ' (this correction was itself retracted)' : '';
    document.text(`Corrected at ${correction.recordedAt} by ${correction.recordedBy ?? 'not stated'}: ${correction.reason}${status}. Now reads: ${correction.what}`);
  }
  if (entry.retraction) {
    document.text(`Retracted at ${entry.retraction.recordedAt} by ${entry.retraction.recordedBy ?? 'not stated'}: ${entry.retraction.reason}.`);
  }
  if (entry.knownAt.length > 0) {
    document.text(`Known at: ${entry.knownAt.map((marker) => `${marker.date} ${KNOWN_AT_WORDS[marker.state]}`).join('; ')}.`);
  }
  document.moveDown(0.8);
}

function numberPages(document: PDFKit.PDFDocument, personId: string): void {
  const range = document.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    document.switchToPage(index);
    // Writing inside the bottom margin would otherwise start a new page.
    const bottom = document.page.margins.bottom;
    document.page.margins.bottom = 0;
    document
      .font('Helvetica')
      .fontSize(8)
      .fillColor(GREY)
      .text(`Review chronology ${personId} - page ${index + 1} of ${range.count} - OFFICIAL-SENSITIVE`, MARGIN, document.page.height - 30, {
        width: document.page.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      });
    document.page.margins.bottom = bottom;
  }
}
