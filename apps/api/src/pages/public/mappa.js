'use strict';
/* MAPPA: the category x level snapshot at a date, reviews due or overdue, and the annual report period figures. */
(function () {
  const { api, query, el, fill, tableWithCsv, showError, todayLondon } = window.Ledger;
  const CATEGORIES = [
    ['1', 'Category 1: registered sexual offenders'],
    ['2', 'Category 2: violent and other sexual offenders'],
    ['3', 'Category 3: other dangerous offenders'],
    ['4', 'Category 4: terrorist or terrorist-risk offenders'],
  ];
  const LEVELS = ['1', '2', '3'];

  const params = Ledger.params();
  const at = params.get('at') || todayLondon();
  // The annual report year (1 April to 31 March) that ended last before the snapshot date.
  const year = Number(at.slice(0, 4)) - (at.slice(5) >= '04-01' ? 0 : 1);
  const from = params.get('from') || year - 1 + '-04-01';
  const to = params.get('to') || year + '-03-31';
  const overdue = params.get('overdue') === 'true';
  Object.entries({ at, from, to }).forEach(([id, value]) => (document.getElementById(id).value = value));
  document.getElementById('overdue').checked = overdue;

  const sum = (numbers) => numbers.reduce((total, n) => total + n, 0);
  const cellOf = (category, level, value) => ({ value, 'data-category': category, 'data-level': level });

  function renderSnapshot({ table, totals }) {
    fill(document.getElementById('snapshot'), tableWithCsv({
      id: 'snapshot-table',
      caption: 'Active MAPPA cases on ' + at,
      columns: [{ label: 'Category' }, ...LEVELS.map((level) => ({ label: 'Level ' + level, numeric: true })), { label: 'Total', numeric: true }],
      rows: CATEGORIES.map(([category, label]) => [label, ...LEVELS.map((level) => cellOf(category, level, table[category][level])), cellOf(category, 'all', totals.byCategory[category])]),
      foot: ['Total', ...LEVELS.map((level) => cellOf('all', level, totals.byLevel[level])), cellOf('all', 'all', totals.all)],
    }, 'mappa-snapshot-' + at + '.csv'));
  }

  function renderReviews({ reviews }) {
    const container = document.getElementById('reviews');
    const late = reviews.filter((review) => review.overdue).length;
    if (reviews.length === 0) return fill(container, el('p', {}, overdue ? 'No review is overdue on ' + at + '.' : 'No level 2 or 3 case has a review cycle on ' + at + '.'));
    fill(container,
      el('p', {}, reviews.length + (reviews.length === 1 ? ' case' : ' cases') + (overdue ? ' overdue' : ', of which ' + late + ' overdue') + ', on ' + at + ', soonest due first.'),
      tableWithCsv({
        id: 'reviews-table',
        caption: (overdue ? 'Overdue reviews' : 'Reviews due') + ' at ' + at,
        columns: [{ label: 'Person' }, { label: 'Category', numeric: true }, { label: 'Level', numeric: true }, { label: 'Lead agency' }, { label: 'Last registration, level change or review' }, { label: 'Next review due' }, { label: 'Status' }],
        rows: [...reviews].sort((a, b) => a.nextReviewDue.localeCompare(b.nextReviewDue)).map((review) => [
          el('a', { href: '/persons/' + encodeURIComponent(review.personId) }, review.personId),
          review.category,
          review.level,
          review.leadAgency,
          review.lastEventDate,
          review.nextReviewDue,
          review.overdue ? el('span', { class: 'badge overdue' }, 'Overdue') : 'Due',
        ]),
      }, 'mappa-reviews-' + at + '.csv'));
  }

  function periodTable(id, caption, byLevel, filename) {
    return tableWithCsv({
      id,
      caption,
      columns: [{ label: 'Category' }, { label: 'Level 2', numeric: true }, { label: 'Level 3', numeric: true }, { label: 'Total', numeric: true }],
      rows: CATEGORIES.map(([category, label]) => [label, cellOf(category, '2', byLevel['2'][category]), cellOf(category, '3', byLevel['3'][category]), cellOf(category, 'all', byLevel['2'][category] + byLevel['3'][category])]),
      foot: ['Total', ...['2', '3'].map((level) => cellOf('all', level, sum(Object.values(byLevel[level])))), cellOf('all', 'all', sum(Object.values(byLevel['2'])) + sum(Object.values(byLevel['3'])))],
    }, filename);
  }

  function renderPeriod(period) {
    fill(document.getElementById('period'),
      el('p', {}, 'From ' + from + ' to ' + to + ' inclusive. Each person counts once, at the highest level they were managed at in the period, under their category when they first held it.'),
      periodTable('period-levels-table', 'Level 2 and 3 cases managed in the period', period.levelTotals, 'mappa-levels-' + from + '-' + to + '.csv'),
      periodTable('period-returns-table', 'Level 2 and 3 cases returned to custody for breach of licence (recalls)', period.returnsToCustody, 'mappa-returns-' + from + '-' + to + '.csv'));
  }

  const show = (promise, render, containerId) =>
    promise.then(render).catch((error) => {
      fill(document.getElementById(containerId));
      showError(error);
    });
  show(api('/api/mappa/snapshot' + query({ at })), renderSnapshot, 'snapshot');
  show(api('/api/mappa/reviews' + query({ at, overdue: overdue ? 'true' : undefined })), renderReviews, 'reviews');
  if (from > to) showError(new Error('The period must start on or before its last day.'));
  else show(api('/api/mappa/period' + query({ from, to })), renderPeriod, 'period');
})();
