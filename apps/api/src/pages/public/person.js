'use strict';
/*
 * A person's record: summary and timeline, now or as known at the end of a chosen day, with
 * corrections and retractions shown. "Compare with now" lists everything known now and marks
 * what the ledger did not know yet, or knew differently, on that day.
 */
(function () {
  const { api, query, el, fill, showError, clearError, fieldError, londonDate, londonDateTime, endOfLondonDay, claims } = window.Ledger;
  const personId = Ledger.body.personId;
  const base = '/api/persons/' + encodeURIComponent(personId);
  const form = document.getElementById('read-form');
  const params = Ledger.params();
  document.getElementById('knownAt').value = params.get('knownAt') || '';
  document.getElementById('compare').checked = params.get('compare') === 'true';

  let entries = [];
  let knownAt = '';

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const purpose = document.getElementById('purpose').value.trim();
    fieldError('purpose', purpose ? null : 'Say why you are opening this record.');
    if (!purpose) return;
    clearError();
    knownAt = document.getElementById('knownAt').value;
    const compare = document.getElementById('compare').checked && knownAt !== '';
    history.replaceState(null, '', location.pathname + query({ knownAt, compare: compare ? 'true' : undefined }));
    load(purpose, compare).catch(showError);
  });
  for (const id of ['filter-type', 'filter-agency']) document.getElementById(id).addEventListener('change', renderTimeline);

  async function load(purpose, compare) {
    const asOf = knownAt ? endOfLondonDay(knownAt) : undefined;
    // Reviewers' grants cover the timeline and the chronology pack, not the summary.
    const summary = claims.role === 'reviewer' ? Promise.resolve(null) : api(base + query({ asOf }), { purpose });
    const [summaryBody, then, now] = await Promise.all([
      summary,
      api(base + '/timeline' + query({ asOf }), { purpose }),
      compare ? api(base + '/timeline', { purpose }) : Promise.resolve(null),
    ]);
    renderSummary(summaryBody);
    entries = now ? markedAgainst(now.entries, then.entries, asOf) : then.entries.map((entry) => ({ entry }));
    fillFilters();
    renderTimeline();
  }

  /** Each entry known now, with what had changed about it since the end of the known-at day. */
  function markedAgainst(nowEntries, thenEntries, asOf) {
    const then = new Map(thenEntries.map((entry) => [entry.eventId, entry]));
    const after = (instant) => Date.parse(instant) > Date.parse(asOf);
    return nowEntries.map((entry) => {
      const known = then.get(entry.eventId);
      if (!known) return { entry, later: { badge: 'Recorded later', note: 'Not known on ' + knownAt + ': recorded ' + londonDateTime(entry.recordedAt) + '.' } };
      if (entry.retracted && !known.retracted) {
        return { entry, later: { badge: 'Retracted later', note: 'Retracted after ' + knownAt + ', on ' + londonDateTime(entry.retraction.recordedAt) + '.' } };
      }
      const since = (entry.corrections || []).filter((correction) => !correction.retracted && after(correction.recordedAt));
      if (since.length > 0) {
        return { entry, later: { badge: 'Corrected later', note: 'Corrected after ' + knownAt + '. As known then: ' + londonDate(known.occurredAt) + ', ' + describeData(known.data) + '.' } };
      }
      return { entry };
    });
  }

  const text = (value) => (value === null || value === undefined ? 'not recorded' : typeof value === 'object' ? JSON.stringify(value) : String(value));

  function describeValue(value) {
    if (Array.isArray(value)) return value.map((item) => (item && item.offenceId ? (item.description || item.category) + ' (' + item.offenceId + ', ' + item.offenceDate + ')' : text(item))).join('; ');
    return text(value);
  }
  const describeData = (data) => Object.entries(data || {}).map(([name, value]) => name + ': ' + describeValue(value)).join(', ');

  function renderSummary(summary) {
    const container = document.getElementById('summary');
    document.getElementById('summary-section').hidden = false;
    if (!summary) return fill(container, el('p', {}, 'Your review grant covers the timeline and the chronology pack of this person, not the summary.'));
    const row = (label, value) => [el('dt', {}, label), el('dd', {}, value)];
    const mappa = summary.mappa && summary.mappa.active
      ? 'Category ' + summary.mappa.category + ', level ' + summary.mappa.level + ', lead agency ' + summary.mappa.leadAgency +
        (summary.mappa.nextReviewDue ? ', next review due ' + summary.mappa.nextReviewDue + (summary.mappa.overdue ? ' (overdue)' : '') : '')
      : 'Not MAPPA-managed';
    fill(container,
      knownAt ? el('p', { class: 'notice' }, 'As known at the end of ' + knownAt + '.') : null,
      el('dl', { class: 'summary-list' },
        row('Name', text(summary.name)),
        row('Date of birth', text(summary.dateOfBirth)),
        row('Gender', text(summary.gender)),
        row('Identifiers', summary.identifiers.map((identifier) => (identifier && identifier.type ? identifier.type.toUpperCase() + ' ' + identifier.value : text(identifier))).join(', ') || 'none'),
        row('Merged duplicate records', summary.mergedRecords.join(', ') || 'none'),
        row('MAPPA', mappa),
        row('Risk of serious harm', summary.rosh ? summary.rosh.level + ' (' + summary.rosh.tool + ', ' + summary.rosh.assessedOn + ')' : 'not assessed'),
        row('IOM', summary.iom.map((m) => m.cohortId + ' since ' + m.adoptedOn + (m.current ? '' : ' (deselected ' + m.deselectedOn + ')') + ': ' + m.reason).join('; ') || 'not on a cohort'),
        row('Custody', summary.custody ? summary.custody.status.replace('-', ' ') + ' since ' + summary.custody.since + (summary.custody.establishment ? ', ' + summary.custody.establishment : '') : 'no custody recorded'),
        row('Licences', summary.licences.map((l) => l.licenceId + ' ' + l.status + ', expires ' + l.expiresOn).join('; ') || 'none'),
        row('Open interventions', summary.openInterventions.map((i) => i.pathway + (i.programme ? ' (' + i.programme + ')' : '') + ' ' + i.status + ' ' + i.since).join('; ') || 'none')));
  }

  const agencyOf = (entry) => (entry.source && entry.source.system) || 'not stated';

  function fillFilters() {
    const options = (id, values, allLabel) => {
      const select = document.getElementById(id);
      const chosen = select.value;
      fill(select, el('option', { value: '' }, allLabel), [...new Set(values)].sort().map((value) => el('option', { value }, value)));
      select.value = [...select.options].some((option) => option.value === chosen) ? chosen : '';
    };
    options('filter-type', entries.map(({ entry }) => entry.type), 'All event types');
    options('filter-agency', entries.map(({ entry }) => agencyOf(entry)), 'All agencies');
  }

  function renderTimeline() {
    document.getElementById('timeline-section').hidden = false;
    const type = document.getElementById('filter-type').value;
    const agency = document.getElementById('filter-agency').value;
    const shown = entries.filter(({ entry }) => (!type || entry.type === type) && (!agency || agencyOf(entry) === agency));
    const later = shown.filter((item) => item.later).length;
    document.getElementById('timeline-count').textContent =
      'Showing ' + shown.length + ' of ' + entries.length + ' entries' + (knownAt ? ', as known at the end of ' + knownAt : ', as known now') +
      (later ? '; ' + later + ' marked as recorded, corrected or retracted after that day' : '') + '.';
    fill(document.getElementById('timeline'), shown.map(renderEntry));
  }

  function renderEntry({ entry, later }) {
    const classes = [entry.retracted ? 'is-retracted' : '', entry.corrected ? 'is-corrected' : '', later ? 'is-later' : ''].filter(Boolean).join(' ');
    const source = entry.source ? entry.source.system + (entry.source.reference ? ' (' + entry.source.reference + ')' : '') : 'not stated';
    return el('li', { class: classes || undefined, 'data-event-id': entry.eventId, 'data-type': entry.type },
      el('p', { class: 'entry-heading' },
        el('time', { datetime: entry.occurredAt }, londonDate(entry.occurredAt)), ' ', el('span', { class: 'what' }, entry.type),
        entry.corrected ? el('span', { class: 'badge corrected' }, 'Corrected') : null,
        entry.retracted ? el('span', { class: 'badge retracted' }, 'Retracted') : null,
        later ? el('span', { class: 'badge later' }, later.badge) : null),
      el('p', { class: 'meta' }, 'Source: ' + source + '. Area: ' + entry.area + '. Recorded ' + londonDateTime(entry.recordedAt) + ' by ' + (entry.recordedBy || 'not stated') + '.'),
      el('dl', { class: 'facts' }, Object.entries(entry.data || {}).map(([name, value]) => [el('dt', {}, name), el('dd', {}, describeValue(value))])),
      (entry.corrections || []).map((correction) => el('p', { class: 'history' },
        (correction.retracted ? 'Correction (itself retracted) ' : 'Corrected ') + londonDateTime(correction.recordedAt) + ' by ' + (correction.recordedBy || 'not stated') + ': ' + correction.reason + '.')),
      entry.original ? el('p', { class: 'history' }, 'Originally recorded: ' + londonDate(entry.original.occurredAt) + ', ' + describeData(entry.original.data) + '.') : null,
      entry.retraction ? el('p', { class: 'history' }, 'Retracted ' + londonDateTime(entry.retraction.recordedAt) + ' by ' + (entry.retraction.recordedBy || 'not stated') + ': ' + entry.retraction.reason + '.') : null,
      later ? el('p', { class: 'history later-note' }, later.note) : null);
  }
})();
