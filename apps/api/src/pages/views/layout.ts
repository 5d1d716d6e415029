import { html, SafeHtml } from './html';

export interface PageView {
  /** Page title (the tab) and the page's one h1, unless `heading` differs. */
  title: string;
  heading?: string;
  /** The page script in /assets, without `.js`. */
  script: string;
  /** Goes on <body data-...>: values the page script needs (e.g. the person id from the path). */
  data?: Record<string, string>;
  body: SafeHtml;
}

/**
 * Every page's frame: skip link, service header with navigation and who is signed in, one h1,
 * and the scripts. Pages hold no records: their scripts fetch them from the API with the
 * signed-in token, so a page is the same for everyone and can be cached by nobody's proxy with
 * anyone's data in it.
 */
export function layout(view: PageView): string {
  const data = Object.entries(view.data ?? {}).map(([name, value]) => html` data-${name}="${value}"`);
  return html`<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${view.title} - Journey Ledger</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/ledger.css">
<script src="/assets/common.js" defer></script>
<script src="/assets/${view.script}.js" defer></script>
</head>
<body${data}>
<a class="skip-link" href="#main-content">Skip to main content</a>
<header class="site-header">
  <div class="width header-row">
    <a class="service-name" href="/">Journey Ledger</a>
    <nav aria-label="Main" id="main-nav" hidden>
      <ul>
        <li data-roles="iom-lead auditor"><a href="/iom">IOM cohorts</a></li>
        <li data-roles="mappa-coordinator auditor"><a href="/mappa">MAPPA</a></li>
        <li data-roles="auditor admin"><a href="/audit">Audit</a></li>
      </ul>
    </nav>
  </div>
  <div class="session-bar" id="session" hidden>
    <p class="width">Signed in as <strong id="session-subject"></strong>, role <strong id="session-role"></strong>, area <strong id="session-area"></strong>. <a href="/" id="sign-out">Sign out</a></p>
  </div>
</header>
<main id="main-content" class="width" tabindex="-1">
<h1>${view.heading ?? view.title}</h1>
<noscript><p class="notice">These pages need JavaScript: they fetch each record from the API with your access token.</p></noscript>
<div id="page-error" role="alert" class="error-summary" hidden></div>
${view.body}
</main>
<footer class="site-footer"><p class="width">Journey Ledger. Every read of a person's record is written to the access log with its stated purpose.</p></footer>
</body>
</html>
`.value;
}
