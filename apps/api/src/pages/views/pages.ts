import { html } from './html';
import type { PageView } from './layout';

/** The pages' markup: structure, labels and empty regions; each page script fills the regions. */

const loading = html`<p class="loading">Loading...</p>`;

export function homePage(): PageView {
  return {
    title: 'Journey Ledger',
    script: 'home',
    body: html`
<section id="sign-in" hidden aria-labelledby="sign-in-heading">
  <h2 id="sign-in-heading">Sign in</h2>
  <p>Sign in with the access token you were given. A token names your role and your area; it is kept
  in this browser tab only and is forgotten when you close the tab or sign out.</p>
  <p>To make one on the server: <code>npx ledger token --role iom-lead --area hampshire-iow</code></p>
  <form id="sign-in-form" novalidate>
    <div class="field" id="token-field">
      <label for="token">Access token</label>
      <p class="field-error" id="token-error" hidden></p>
      <textarea id="token" name="token" rows="4" required autocomplete="off" spellcheck="false" aria-describedby="token-error"></textarea>
    </div>
    <button type="submit">Sign in</button>
  </form>
</section>
<section id="home" hidden aria-labelledby="home-heading">
  <h2 id="home-heading">What you can do</h2>
  <ul class="tasks">
    <li data-roles="iom-lead auditor"><a href="/iom">IOM cohorts</a>: who is on each cohort, their arrests and proven offences before and after adoption, and the two-year reduction.</li>
    <li data-roles="mappa-coordinator auditor"><a href="/mappa">MAPPA</a>: people by category and level at a date, reviews due and overdue, and the annual report figures.</li>
    <li data-roles="auditor admin"><a href="/audit">Audit</a>: check that nothing was changed or deleted, read the global log, and see who read a person's record.</li>
    <li data-roles="recorder">Your role records events from source systems through the API (<code>POST /api/events</code>); it reads nothing back.</li>
    <li data-roles="admin">Manage tokens with <code>npx ledger token</code>.</li>
  </ul>
  <div data-roles="reviewer" id="grant"></div>
  <form id="person-form" action="/persons" method="get" data-roles="iom-lead mappa-coordinator auditor reviewer">
    <div class="field">
      <label for="personId">Open a person's record</label>
      <p class="hint" id="personId-hint">The ledger's person id, for example P-000123.</p>
      <input id="personId" name="personId" type="text" required autocomplete="off" spellcheck="false" aria-describedby="personId-hint">
    </div>
    <button type="submit">Open record</button>
  </form>
</section>`,
  };
}

export function iomCohortsPage(): PageView {
  return {
    title: 'IOM cohorts',
    script: 'iom',
    body: html`
<p>Integrated Offender Management cohorts in your area. Each member is tracked for two years from adoption.</p>
<div id="cohorts" aria-live="polite">${loading}</div>`,
  };
}

export function iomCohortPage(cohortId: string): PageView {
  return {
    title: `IOM cohort ${cohortId}`,
    script: 'cohort',
    data: { 'cohort-id': cohortId },
    body: html`
<p><a href="/iom">All cohorts</a></p>
<form method="get" class="inline-form" id="at-form">
  <div class="field">
    <label for="at">Evaluate at</label>
    <p class="hint" id="at-hint">Each member's windows run up to two years before and after their adoption, but not past this date.</p>
    <input type="date" id="at" name="at" required aria-describedby="at-hint">
  </div>
  <button type="submit">Show figures</button>
</form>
<section aria-labelledby="cohort-heading">
  <h2 id="cohort-heading">Cohort reduction</h2>
  <div id="cohort-figures" aria-live="polite">${loading}</div>
</section>
<section aria-labelledby="chart-heading">
  <h2 id="chart-heading">Offending month by month</h2>
  <div id="chart"></div>
</section>
<section aria-labelledby="members-heading">
  <h2 id="members-heading">Members</h2>
  <div id="members"></div>
</section>
<section aria-labelledby="adoptions-heading">
  <h2 id="adoptions-heading">How members came onto the cohort</h2>
  <div id="adoptions"></div>
</section>`,
  };
}

export function mappaPage(): PageView {
  return {
    title: 'MAPPA',
    script: 'mappa',
    body: html`
<form method="get" id="mappa-form" class="inline-form">
  <div class="field">
    <label for="at">Snapshot and reviews at</label>
    <input type="date" id="at" name="at" required>
  </div>
  <div class="field">
    <label for="from">Period from</label>
    <input type="date" id="from" name="from" required>
  </div>
  <div class="field">
    <label for="to">Period to</label>
    <input type="date" id="to" name="to" required>
  </div>
  <div class="field checkbox">
    <input type="checkbox" id="overdue" name="overdue" value="true">
    <label for="overdue">Only overdue reviews</label>
  </div>
  <button type="submit">Show figures</button>
</form>
<section aria-labelledby="snapshot-heading">
  <h2 id="snapshot-heading">People managed under MAPPA, by category and level</h2>
  <div id="snapshot" aria-live="polite">${loading}</div>
</section>
<section aria-labelledby="reviews-heading">
  <h2 id="reviews-heading">Reviews due</h2>
  <p>Level 2 cases are reviewed at least every 16 weeks and level 3 cases every 8 weeks, from the registration, the last level change or the last review.</p>
  <div id="reviews"></div>
</section>
<section aria-labelledby="period-heading">
  <h2 id="period-heading">Annual report figures for the period</h2>
  <div id="period"></div>
</section>`,
  };
}

function personForm(): ReturnType<typeof html> {
  return html`
<div class="field">
  <label for="purpose">Why are you opening this record?</label>
  <p class="hint" id="purpose-hint">Required. Written to the access log with your name.</p>
  <p class="field-error" id="purpose-error" hidden></p>
  <input type="text" id="purpose" name="purpose" required maxlength="500" autocomplete="off" aria-describedby="purpose-hint purpose-error">
</div>`;
}

export function personPage(personId: string): PageView {
  return {
    title: `Person ${personId}`,
    script: 'person',
    data: { 'person-id': personId },
    body: html`
<form id="read-form" novalidate>
  ${personForm()}
  <div class="field">
    <label for="knownAt">As known at</label>
    <p class="hint" id="knownAt-hint">Leave empty for everything known now. A date shows only what had been recorded by the end of that day.</p>
    <input type="date" id="knownAt" name="knownAt" aria-describedby="knownAt-hint">
  </div>
  <div class="field checkbox">
    <input type="checkbox" id="compare" name="compare" value="true">
    <label for="compare">Compare with now: also list entries recorded later, marked</label>
  </div>
  <button type="submit">Open record</button>
</form>
<p><a id="chronology-link" href="/persons/${encodeURIComponent(personId)}/chronology">Review chronology pack (printable, PDF)</a></p>
<section id="summary-section" aria-labelledby="summary-heading" hidden>
  <h2 id="summary-heading">Summary</h2>
  <div id="summary"></div>
</section>
<section id="timeline-section" aria-labelledby="timeline-heading" hidden>
  <h2 id="timeline-heading">Timeline</h2>
  <div class="inline-form filters">
    <div class="field">
      <label for="filter-type">Event type</label>
      <select id="filter-type"><option value="">All event types</option></select>
    </div>
    <div class="field">
      <label for="filter-agency">Agency (source system)</label>
      <select id="filter-agency"><option value="">All agencies</option></select>
    </div>
  </div>
  <p id="timeline-count" aria-live="polite"></p>
  <ol id="timeline" class="timeline"></ol>
</section>`,
  };
}

export function chronologyPage(personId: string): PageView {
  return {
    title: `Review chronology: ${personId}`,
    script: 'chronology',
    data: { 'person-id': personId },
    body: html`
<p class="no-print"><a href="/persons/${encodeURIComponent(personId)}">Back to the record</a></p>
<form id="pack-form" class="no-print" novalidate>
  ${personForm()}
  <div class="inline-form">
    <div class="field"><label for="from">From</label><input type="date" id="from" name="from"></div>
    <div class="field"><label for="to">To</label><input type="date" id="to" name="to"></div>
  </div>
  <div class="field">
    <label for="knownAt">Known at dates</label>
    <p class="hint" id="knownAt-hint">Optional. Dates separated by commas, for example 2024-05-15,2024-09-01: each entry says whether it was on record by the end of that day.</p>
    <input type="text" id="knownAt" name="knownAt" autocomplete="off" aria-describedby="knownAt-hint" pattern="\\d{4}-\\d{2}-\\d{2}(,\\d{4}-\\d{2}-\\d{2})*">
  </div>
  <button type="submit">Show chronology</button>
</form>
<div id="pack-actions" class="no-print" hidden>
  <button type="button" id="print">Print</button>
  <button type="button" id="download-pdf" class="secondary">Download PDF</button>
  <p id="download-status" aria-live="polite"></p>
</div>
<div id="pack" aria-live="polite"></div>`,
  };
}

export function auditPage(): PageView {
  return {
    title: 'Audit',
    script: 'audit',
    body: html`
<section aria-labelledby="verify-heading">
  <h2 id="verify-heading">Is the ledger intact?</h2>
  <p>Checks the hash chain of every person's events, that no position is missing, and the access log's own chain.</p>
  <button type="button" id="verify">Verify now</button>
  <div id="verification" aria-live="polite"></div>
</section>
<section aria-labelledby="log-heading" data-roles="auditor">
  <h2 id="log-heading">Global log</h2>
  <div id="log" aria-live="polite"></div>
  <div class="pager">
    <button type="button" id="log-previous" class="secondary" disabled>Previous page</button>
    <button type="button" id="log-next" class="secondary">Next page</button>
  </div>
</section>
<section aria-labelledby="access-heading" data-roles="auditor">
  <h2 id="access-heading">Who read a person's record</h2>
  <form id="access-form" class="inline-form">
    <div class="field">
      <label for="access-person">Person id</label>
      <input type="text" id="access-person" name="personId" required autocomplete="off" spellcheck="false">
    </div>
    <button type="submit">Show access log</button>
  </form>
  <div id="access" aria-live="polite"></div>
</section>`,
  };
}
