'use strict';
/* One IOM cohort at a date: the two-year reduction, a month-by-month chart, members and why they were adopted. */
(function () {
  const { api, query, el, svg, fill, tableWithCsv, showError, percent, todayLondon } = window.Ledger;
  const cohortId = Ledger.body.cohortId;
  const at = Ledger.params().get('at') || todayLondon();
  document.getElementById('at').value = at;
  const path = '/api/iom/cohorts/' + encodeURIComponent(cohortId);

  Promise.all([api(path + '/progress' + query({ at })), api(path + '/monthly' + query({ at }))])
    .then(([progress, monthly]) => {
      renderCohort(progress);
      renderChart(monthly, progress);
      renderMembers(progress);
      renderAdoptions(monthly);
    })
    .catch((error) => {
      fill(document.getElementById('cohort-figures'));
      showError(error);
    });

  const figure = (measure, window, value) => ({ value, 'data-measure': measure, 'data-window': window });

  function renderCohort({ cohort, members }) {
    fill(document.getElementById('cohort-figures'),
      el('p', {}, 'At ' + at + ', over the ' + members.length + ' people adopted onto this cohort by then (including any deselected since). Each person is counted over their own windows: up to two years before adoption (PRE) and the same length after it (POST).'),
      tableWithCsv({
        id: 'cohort-table',
        caption: 'Cohort ' + cohortId + ' at ' + at,
        columns: [{ label: 'Measure' }, { label: 'Before adoption (PRE)', numeric: true }, { label: 'After adoption (POST)', numeric: true }, { label: 'Reduction', numeric: true }],
        rows: [
          ['Arrests', figure('arrests', 'pre', cohort.arrests.pre), figure('arrests', 'post', cohort.arrests.post), figure('arrests', 'reduction', percent(cohort.reductionPercent.arrests))],
          ['Proven offences', figure('proven', 'pre', cohort.provenOffences.pre), figure('proven', 'post', cohort.provenOffences.post), figure('proven', 'reduction', percent(cohort.reductionPercent.provenOffences))],
        ],
      }, 'iom-' + cohortId + '-' + at + '-cohort.csv'),
      el('p', { class: 'hint' }, 'Reduction = (PRE - POST) / PRE x 100, to one decimal place; a negative reduction means more offending after adoption. Proven offences count by the date of the offence, if proven by ' + at + '.'));
  }

  function renderMembers({ members }) {
    const container = document.getElementById('members');
    if (members.length === 0) return fill(container, el('p', {}, 'Nobody had been adopted onto this cohort by ' + at + '.'));
    fill(container, tableWithCsv({
      id: 'members-table',
      caption: members.length + ' members at ' + at,
      columns: [
        { label: 'Person' }, { label: 'Adopted on' }, { label: 'Window (days)', numeric: true },
        { label: 'Arrests PRE', numeric: true }, { label: 'Arrests POST', numeric: true }, { label: 'Arrests reduction', numeric: true },
        { label: 'Proven PRE', numeric: true }, { label: 'Proven POST', numeric: true }, { label: 'Proven reduction', numeric: true },
      ],
      rows: members.map((member) => [
        el('a', { href: '/persons/' + encodeURIComponent(member.personId) }, member.personId),
        member.adoptedOn,
        member.windowDays,
        member.arrests.pre, member.arrests.post, percent(member.reductionPercent.arrests),
        member.provenOffences.pre, member.provenOffences.post, percent(member.reductionPercent.provenOffences),
      ]),
    }, 'iom-' + cohortId + '-' + at + '-members.csv'));
  }

  function renderAdoptions({ adoptions }) {
    const automatic = adoptions.filter((adoption) => adoption.automatic).length;
    fill(document.getElementById('adoptions'),
      el('p', {}, automatic + ' of ' + adoptions.length + ' members were adopted automatically by rule (for example MAPPA category 2 or 3 managed at level 2 or 3); the others by decision. The reason is the one recorded with the adoption.'),
      tableWithCsv({
        id: 'adoptions-table',
        caption: 'Adoptions onto ' + cohortId,
        columns: [{ label: 'Person' }, { label: 'Adopted on' }, { label: 'How' }, { label: 'Reason recorded' }],
        rows: adoptions.map((adoption) => [
          el('a', { href: '/persons/' + encodeURIComponent(adoption.personId) }, adoption.personId),
          adoption.adoptedOn,
          adoption.automatic ? 'Automatically, by rule' : 'By decision',
          adoption.reason,
        ]),
      }, 'iom-' + cohortId + '-adoptions.csv'));
  }

  /** Grouped bars per month from adoption: arrests and proven offences, summed over members. */
  function renderChart(monthly, progress) {
    const container = document.getElementById('chart');
    const months = monthly.months;
    if (months.length === 0) return fill(container, el('p', {}, 'No member has a tracking window yet at ' + at + '.'));
    const width = 920, height = 300, left = 48, right = 12, top = 16, bottom = 48;
    const plotWidth = width - left - right, plotHeight = height - top - bottom;
    const highest = Math.max(1, ...months.map((month) => Math.max(month.arrests, month.provenOffences)));
    const step = plotWidth / months.length;
    const bar = Math.max(1, step / 2 - 1);
    const y = (value) => top + plotHeight - (value / highest) * plotHeight;
    const ticks = [...new Set([0, Math.round(highest / 2), highest])];
    const adoptionX = left + months.findIndex((month) => month.offset === 0) * step;

    const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, class: 'chart', role: 'img', 'aria-labelledby': 'chart-title chart-desc' },
      svg('title', { id: 'chart-title' }, 'Arrests and proven offences per month before and after adoption, cohort ' + cohortId + ' at ' + at),
      svg('desc', { id: 'chart-desc' }, 'Before adoption: ' + progress.cohort.arrests.pre + ' arrests and ' + progress.cohort.provenOffences.pre + ' proven offences; after: ' + progress.cohort.arrests.post + ' arrests and ' + progress.cohort.provenOffences.post + ' proven offences. The same figures are in the table below the chart.'),
      ticks.map((tick) => [
        svg('line', { x1: left, x2: width - right, y1: y(tick), y2: y(tick), stroke: '#b1b4b6' }),
        svg('text', { x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', 'font-size': 12, fill: '#0b0c0c' }, tick),
      ]),
      months.map((month, index) => {
        const x = left + index * step;
        return svg('g', { 'data-offset': month.offset },
          svg('rect', { x: x + 1, y: y(month.arrests), width: bar, height: top + plotHeight - y(month.arrests), fill: '#1d70b8' },
            svg('title', {}, 'Month ' + month.offset + ': ' + month.arrests + ' arrests')),
          svg('rect', { x: x + 1 + bar, y: y(month.provenOffences), width: bar, height: top + plotHeight - y(month.provenOffences), fill: '#d53880' },
            svg('title', {}, 'Month ' + month.offset + ': ' + month.provenOffences + ' proven offences')),
          month.offset % 3 === 0 ? svg('text', { x: x + step / 2, y: top + plotHeight + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#0b0c0c' }, month.offset) : null);
      }),
      svg('line', { x1: adoptionX, x2: adoptionX, y1: top, y2: top + plotHeight, stroke: '#0b0c0c', 'stroke-width': 2, 'stroke-dasharray': '4 3' }),
      svg('text', { x: adoptionX + 4, y: top + 10, 'font-size': 12, fill: '#0b0c0c' }, 'Adoption'),
      svg('text', { x: left + plotWidth / 2, y: height - 8, 'text-anchor': 'middle', 'font-size': 12, fill: '#0b0c0c' }, 'Months from each member\'s adoption (negative: before)'));

    fill(container, el('figure', {},
      el('div', { class: 'legend' }, el('span', {}, el('span', { class: 'key arrests' }), 'Arrests'), el('span', {}, el('span', { class: 'key proven' }), 'Proven offences (by offence date)')),
      chart,
      el('figcaption', {},
        'Each bar counts events in the month that many months before or after each member\'s own adoption date (month 0 starts on the day of adoption), added up over the members. ',
        'Only events inside each member\'s PRE and POST windows count, so the bars add up to the cohort figures above. ',
        'Members adopted less than two years before ' + at + ' have shorter windows, so the outer months cover fewer people (see the table), and recent months may still lack offences not yet proven. ',
        'It shows recorded arrests and proven offences, not all offending.')),
      el('details', {}, el('summary', {}, 'The chart\'s figures as a table'),
        tableWithCsv({
          id: 'chart-table',
          caption: 'Per month from adoption',
          columns: [{ label: 'Month from adoption' }, { label: 'Arrests', numeric: true }, { label: 'Proven offences', numeric: true }, { label: 'Members tracked', numeric: true }],
          rows: months.map((month) => [month.offset, month.arrests, month.provenOffences, month.membersTracked]),
        }, 'iom-' + cohortId + '-' + at + '-monthly.csv')));
  }
})();
