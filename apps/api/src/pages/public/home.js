'use strict';
/* Sign in with a token, or, when signed in, what the role can do. */
(function () {
  const { el, fill, session, claims, fieldError } = window.Ledger;

  /** Only a path on this site: never send a visitor on to another origin after sign-in. */
  function nextPage() {
    const next = Ledger.params().get('next') || '/';
    return next.startsWith('/') && !next.startsWith('//') ? next : '/';
  }

  if (!claims) {
    document.getElementById('sign-in').hidden = false;
    document.getElementById('sign-in-form').addEventListener('submit', (event) => {
      event.preventDefault();
      try {
        session.signIn(document.getElementById('token').value);
      } catch (error) {
        fieldError('token', error.message);
        return;
      }
      location.assign(nextPage());
    });
    return;
  }

  document.getElementById('home').hidden = false;
  document.getElementById('person-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const personId = document.getElementById('personId').value.trim();
    if (personId) location.assign('/persons/' + encodeURIComponent(personId));
  });

  if (claims.role === 'reviewer' && Array.isArray(claims.persons)) {
    fill(
      document.getElementById('grant'),
      el('p', {}, 'Your review grant runs from ' + claims.from + ' to ' + claims.to + ' and covers:'),
      el('ul', {}, claims.persons.map((personId) =>
        el('li', {}, el('a', { href: '/persons/' + encodeURIComponent(personId) + '/chronology' }, 'Review chronology of ' + personId)),
      )),
    );
  }
})();
