'use strict';
/* Audit: hash-chain verification, the global log page by page, and who read a person's record. */
(function () {
  const { api, query, el, fill, tableWithCsv, showError, clearError, londonDateTime, claims } = window.Ledger;
  const PAGE_SIZE = 25;

  function verify() {
    const container = document.getElementById('verification');
    fill(container, el('p', { class: 'loading' }, 'Checking every chain...'));
    api('/api/audit/verify')
      .then((report) => {
        const accessLog = report.accessLog;
        fill(container,
          el('p', { class: 'notice', id: 'verify-status' }, report.intact
            ? 'Intact: ' + report.events + ' events in ' + report.streams + ' streams, up to position ' + report.headPosition + ', checked ' + londonDateTime(report.checkedAt) + '.'
            : 'BROKEN: ' + report.brokenStreams.length + ' streams fail their hash chain' + (report.missingPositions.length ? ' and positions are missing' : '') + '.'),
          report.brokenStreams.length ? tableWithCsv({
            caption: 'First broken event of each broken stream',
            columns: [{ label: 'Person (stream)' }, { label: 'Problem' }, { label: 'Event' }, { label: 'Position', numeric: true }, { label: 'Detail' }],
            rows: report.brokenStreams.map((problem) => [problem.personId, problem.problem, problem.eventId || '', problem.position ?? '', problem.message]),
          }, 'broken-streams.csv') : null,
          report.missingPositions.length ? el('p', {}, 'Missing positions: ' + report.missingPositions.map((gap) => gap.from + '-' + gap.to).join(', ')) : null,
          accessLog ? el('p', {}, accessLog.intact
            ? 'Access log intact: ' + accessLog.entries + ' entries.'
            : 'Access log BROKEN at entry ' + accessLog.firstBreak.position + ': ' + accessLog.firstBreak.message) : null);
      })
      .catch((error) => {
        fill(container);
        showError(error);
      });
  }
  document.getElementById('verify').addEventListener('click', verify);
  verify();

  if (claims.role !== 'auditor') return;

  // The log is read forwards by position; earlier pages are remembered to step back.
  const pages = [0];
  function showLog() {
    const after = pages[pages.length - 1];
    api('/api/events' + query({ after, limit: PAGE_SIZE }))
      .then(({ events, next }) => {
        fill(document.getElementById('log'), events.length === 0 ? el('p', {}, 'No events after position ' + after + '.') : tableWithCsv({
          id: 'log-table',
          caption: 'Events after position ' + after,
          columns: [{ label: 'Position', numeric: true }, { label: 'Recorded' }, { label: 'Type' }, { label: 'Person' }, { label: 'Area' }, { label: 'Source' }, { label: 'Recorded by' }, { label: 'Hash' }],
          rows: events.map((event) => [event.position, londonDateTime(event.recordedAt), event.type, event.personId, event.area, event.source ? event.source.system : '', event.recordedBy || '', el('code', { title: event.hash }, event.hash.slice(0, 12))]),
        }, 'events-after-' + after + '.csv'));
        document.getElementById('log-previous').disabled = pages.length === 1;
        document.getElementById('log-next').disabled = events.length < PAGE_SIZE;
        document.getElementById('log-next').dataset.next = next;
      })
      .catch(showError);
  }
  document.getElementById('log-next').addEventListener('click', (event) => {
    pages.push(Number(event.currentTarget.dataset.next));
    showLog();
  });
  document.getElementById('log-previous').addEventListener('click', () => {
    pages.pop();
    showLog();
  });
  showLog();

  document.getElementById('access-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const personId = document.getElementById('access-person').value.trim();
    if (!personId) return;
    clearError();
    api('/api/audit/access' + query({ personId }))
      .then(({ entries }) => fill(document.getElementById('access'), entries.length === 0 ? el('p', {}, 'Nobody has read the record of ' + personId + '.') : tableWithCsv({
        id: 'access-table',
        caption: 'Reads of ' + personId + ' (' + entries.length + ')',
        columns: [{ label: 'When' }, { label: 'Who' }, { label: 'Role' }, { label: 'Action' }, { label: 'Stated purpose' }, { label: 'Request' }],
        rows: entries.map((entry) => [londonDateTime(entry.at), entry.subject, entry.role, entry.action, entry.purpose || '', entry.what || '']),
      }, 'access-' + personId + '.csv')))
      .catch(showError);
  });
})();
