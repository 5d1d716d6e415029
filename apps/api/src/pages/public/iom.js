'use strict';
/* The IOM cohorts of the signed-in area. */
(function () {
  const { api, el, fill, tableWithCsv, showError } = window.Ledger;
  const container = document.getElementById('cohorts');

  api('/api/iom/cohorts')
    .then(({ cohorts }) => {
      if (cohorts.length === 0) return fill(container, el('p', {}, 'There are no IOM cohorts in your area yet.'));
      fill(container, tableWithCsv({
        id: 'cohorts-table',
        caption: cohorts.length + ' cohorts',
        columns: [{ label: 'Cohort' }, { label: 'Type' }, { label: 'Area' }, { label: 'People ever adopted', numeric: true }, { label: 'Current members', numeric: true }],
        rows: cohorts.map((cohort) => [
          el('a', { href: '/iom/cohorts/' + encodeURIComponent(cohort.cohortId) }, cohort.cohortId),
          cohort.cohortType,
          cohort.area,
          cohort.members,
          cohort.current,
        ]),
      }, 'iom-cohorts.csv'));
    })
    .catch((error) => {
      fill(container);
      showError(error);
    });
})();
