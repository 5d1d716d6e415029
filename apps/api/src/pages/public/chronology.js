'use strict';
/* The review chronology pack: printable here, or as a PDF made by the server. */
(function () {
  const { api, query, el, fill, showError, clearError, fieldError, download, londonDateTime } = window.Ledger;
  const personId = Ledger.body.personId;
  const base = '/api/persons/' + encodeURIComponent(personId);
  const params = Ledger.params();
  for (const id of ['from', 'to', 'knownAt']) document.getElementById(id).value = params.get(id) || '';
  const KNOWN_AT_WORDS = {
    known: 'on record',
    'corrected-later': 'on record, corrected since',
    'retracted-later': 'on record, retracted since',
    'not-recorded': 'not yet recorded',
  };
  let request = null;

  function readForm() {
    const purpose = document.getElementById('purpose').value.trim();
    fieldError('purpose', purpose ? null : 'Say why you are preparing this chronology.');
    if (!purpose) return null;
    const knownAt = document.getElementById('knownAt').value.replace(/\s+/g, '');
    return { purpose, range: { from: document.getElementById('from').value, to: document.getElementById('to').value, knownAt } };
  }

  document.getElementById('pack-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const read = readForm();
    if (!read) return;
    clearError();
    request = read;
    history.replaceState(null, '', location.pathname + query(read.range));
    api(base + '/chronology' + query(read.range), { purpose: read.purpose }).then(render).catch(showError);
  });

  document.getElementById('print').addEventListener('click', () => window.print());
  document.getElementById('download-pdf').addEventListener('click', () => {
    const status = document.getElementById('download-status');
    status.textContent = 'Preparing the PDF...';
    const { from, to } = request.range;
    api(base + '/chronology.pdf' + query({ from, to, knownAt: request.range.knownAt }), { purpose: request.purpose, accept: 'application/pdf' })
      .then((blob) => {
        download('chronology-' + personId + '-' + (from || 'start') + '-' + (to || 'now') + '.pdf', blob);
        status.textContent = 'The PDF has been downloaded.';
      })
      .catch((error) => {
        status.textContent = '';
        showError(error);
      });
  });

  function render(pack) {
    document.getElementById('pack-actions').hidden = false;
    const period = (pack.from || 'the first record') + ' to ' + (pack.to || 'the latest record');
    fill(document.getElementById('pack'),
      el('p', {}, pack.entries.length + ' entries from ' + period + ' (inclusive). Each shows what happened as now corrected, the source system, who recorded it and when, and every later correction or retraction.'),
      pack.knownAt.length ? el('p', { class: 'notice' }, 'Known-at markers: for ' + pack.knownAt.join(', ') + ', whether each entry was on record by the end of that day, and whether it has changed since.') : null,
      el('ol', { class: 'pack', id: 'pack-entries' }, pack.entries.map(renderEntry)));
  }

  function renderEntry(entry) {
    const fact = (label, value) => [el('dt', {}, label), el('dd', {}, value)];
    const notKnownYet = entry.knownAt.some((marker) => marker.state === 'not-recorded');
    return el('li', { class: [entry.retraction ? 'is-retracted' : '', notKnownYet ? 'is-later' : ''].join(' ').trim() || undefined, 'data-event-id': entry.eventId },
      el('h3', {}, el('time', { datetime: entry.occurredAt }, entry.occurredOn), ' ', el('span', { class: 'what' }, entry.what),
        entry.retraction ? el('span', { class: 'badge retracted' }, 'Retracted') : null,
        entry.corrections.length ? el('span', { class: 'badge corrected' }, 'Corrected') : null),
      el('dl', { class: 'facts' },
        fact('Source system', entry.sourceSystem ? entry.sourceSystem + (entry.sourceReference ? ' (' + entry.sourceReference + ')' : '') : 'not stated'),
        fact('Recorded by', (entry.recordedBy || 'not stated') + ', ' + londonDateTime(entry.recordedAt)),
        fact('Area', entry.area),
        entry.originallyRecorded ? fact('Originally recorded', entry.originallyRecorded.occurredOn + ' ' + entry.originallyRecorded.what) : null,
        entry.corrections.map((correction) => fact('Corrected',
          londonDateTime(correction.recordedAt) + ' by ' + (correction.recordedBy || 'not stated') + ': ' + correction.reason + (correction.retracted ? ' (this correction was itself retracted)' : ''))),
        entry.retraction ? fact('Retracted', londonDateTime(entry.retraction.recordedAt) + ' by ' + (entry.retraction.recordedBy || 'not stated') + ': ' + entry.retraction.reason) : null,
        entry.knownAt.map((marker) => fact('Known at ' + marker.date, el('span', { class: marker.state === 'known' ? undefined : 'badge later', 'data-known-at': marker.date, 'data-state': marker.state }, KNOWN_AT_WORDS[marker.state])))));
  }
})();
