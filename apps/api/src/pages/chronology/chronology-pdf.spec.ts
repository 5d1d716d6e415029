import { execFileSync } from 'node:child_process';
import type { ChronologyPack } from './chronology-pack';
import { renderChronologyPdf } from './chronology-pdf';

/** The text a reader (or pdftotext, from poppler-utils) gets out of the PDF. */
function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
}

const pack: ChronologyPack = {
  personId: 'P-1',
  from: '2024-03-01',
  to: '2024-05-31',
  knownAt: ['2024-05-15'],
  entries: [
    {
      eventId: 'e-1',
      type: 'arrest.recorded',
      occurredOn: '2024-03-05',
      occurredAt: '2024-03-05T09:00:00Z',
      what: 'Arrested: Burglary dwelling (offence O-1, committed 2024-03-04)',
      originallyRecorded: { occurredOn: '2024-03-10', what: 'Arrested: Burglary dwelling (offence O-1, committed 2024-03-09)' },
      sourceSystem: 'pnc',
      sourceReference: 'ref-1',
      recordedBy: 'pc.smith',
      recordedAt: '2024-03-11T09:00:00Z',
      area: 'hampshire-iow',
      corrections: [{ recordedAt: '2024-06-01T09:00:00Z', recordedBy: 'analyst.jones', reason: 'Wrong date keyed', what: 'Arrested', retracted: false }],
      retraction: null,
      knownAt: [{ date: '2024-05-15', state: 'corrected-later' }],
    },
  ],
};

describe('renderChronologyPdf', () => {
  it('writes a PDF whose text carries the header, each entry, its correction and the known-at marker', async () => {
    const pdf = await renderChronologyPdf(pack, { requestedBy: 'reviewer.one (reviewer)', purpose: 'SCR 2024/7', generatedAt: '2024-09-01T10:00:00Z' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Review chronology: P-1');
    expect(text).toContain('Period: 2024-03-01 to 2024-05-31');
    expect(text).toContain('Stated purpose: SCR 2024/7');
    expect(text).toContain('2024-03-05 Arrested: Burglary dwelling (offence O-1, committed 2024-03-04)');
    expect(text).toContain('Source system: pnc (ref-1)');
    expect(text).toContain('Recorded by pc.smith at 2024-03-11T09:00:00Z');
    expect(text).toContain('Originally recorded as: 2024-03-10');
    expect(text).toContain('Corrected at 2024-06-01T09:00:00Z by analyst.jones: Wrong date keyed');
    expect(text).toContain('Known at: 2024-05-15 on record, corrected since');
    expect(text).toContain('page 1 of 1');
  });
});
