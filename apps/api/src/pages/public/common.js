'use strict';
/*
 * Shared by every page: the signed-in session (a bearer token kept in sessionStorage, so it dies
 * with the tab), API calls with that token, safe DOM building (text only, never HTML strings),
 * tables with CSV download, and London calendar dates.
 */
(function () {
  const TOKEN_KEY = 'journey-ledger.token';
  const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

  /** The token's claims, for display and for choosing what to offer; the API checks the token itself. */
  function claimsOf(token) {
    const part = token.split('.')[1];
    if (!part) throw new Error('This is not an access token: it should be three parts separated by dots.');
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const claims = JSON.parse(json);
    if (!claims.role || !claims.sub) throw new Error('This token names no role or no subject.');
    return claims;
  }

  const session = {
    token: () => sessionStorage.getItem(TOKEN_KEY),
    claims() {
      const token = session.token();
      if (!token) return null;
      try {
        const claims = claimsOf(token);
        return claims.exp && claims.exp * 1000 < Date.now() ? null : claims;
      } catch {
        return null;
      }
    },
    signIn(token) {
      const trimmed = token.trim();
      if (trimmed === '') throw new Error('Enter your access token.');
      let claims;
      try {
        claims = claimsOf(trimmed);
      } catch (error) {
        throw new Error(error instanceof SyntaxError ? 'This is not an access token.' : error.message);
      }
      if (claims.exp && claims.exp * 1000 < Date.now()) throw new Error('This token has expired: ask for a new one.');
      sessionStorage.setItem(TOKEN_KEY, trimmed);
      return claims;
    },
    signOut: () => sessionStorage.removeItem(TOKEN_KEY),
  };

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  function signInAgain() {
    session.signOut();
    location.assign('/?next=' + encodeURIComponent(location.pathname + location.search));
  }

  /** GET an API path with the session's token (and X-Purpose for person reads). */
  async function api(path, options = {}) {
    const headers = { Authorization: 'Bearer ' + session.token(), Accept: options.accept || 'application/json' };
    if (options.purpose) headers['X-Purpose'] = options.purpose;
    const response = await fetch(path, { headers, cache: 'no-store' });
    if (response.status === 401) {
      signInAgain();
      throw new ApiError(401, 'Your sign-in has expired or is not valid. Sign in again.');
    }
    if (!response.ok) {
      let message = '';
      try {
        const body = await response.json();
        message = Array.isArray(body.message) ? body.message.join('; ') : body.message || (body.errors || []).map((e) => e.message).join('; ');
      } catch {
        /* not JSON: the status text below will do */
      }
      const prefix = response.status === 403 ? 'You do not have access: ' : response.status === 404 ? 'Not found: ' : '';
      throw new ApiError(response.status, prefix + (message || response.statusText));
    }
    return options.accept === 'application/pdf' ? response.blob() : response.json();
  }

  function query(parameters) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(parameters)) if (value !== undefined && value !== null && value !== '') search.set(name, value);
    const text = search.toString();
    return text ? '?' + text : '';
  }

  /** el('p', {class: 'hint'}, 'text', child): attributes are set as attributes, children as text or nodes. */
  function build(document, namespace, tag, attributes, children) {
    const node = namespace ? document.createElementNS(namespace, tag) : document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  const el = (tag, attributes, ...children) => build(document, null, tag, attributes, children);
  const svg = (tag, attributes, ...children) => build(document, 'http://www.w3.org/2000/svg', tag, attributes, children);

  function fill(container, ...children) {
    container.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  }

  /**
   * A table: columns [{label, numeric}], rows of cells (the first cell is the row's header); a
   * cell is text, a number, a Node, or {value, ...attributes}. `foot` is one more row, bold.
   */
  function table({ caption, columns, rows, foot, id }) {
    const cell = (tag, value, column, scope) => {
      const attributes = { class: column && column.numeric ? 'numeric' : undefined, scope };
      if (value && typeof value === 'object' && !(value instanceof Node)) {
        const { value: inner, ...rest } = value;
        return el(tag, { ...attributes, ...rest }, inner);
      }
      return el(tag, attributes, value);
    };
    const row = (cells) => el('tr', {}, cells.map((value, index) => (index === 0 ? cell('th', value, columns[0], 'row') : cell('td', value, columns[index]))));
    return el(
      'table',
      { id },
      caption ? el('caption', {}, caption) : null,
      el('thead', {}, el('tr', {}, columns.map((column) => el('th', { scope: 'col', class: column.numeric ? 'numeric' : undefined }, column.label)))),
      el('tbody', {}, rows.map(row)),
      foot ? el('tfoot', {}, row(foot)) : null,
    );
  }

  function plain(value) {
    if (value && typeof value === 'object' && !(value instanceof Node)) return plain(value.value);
    if (value instanceof Node) return value.textContent;
    return value === undefined || value === null ? '' : String(value);
  }

  function csvText(rows) {
    return rows.map((row) => row.map((value) => {
      const text = plain(value);
      return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    }).join(',')).join('\r\n') + '\r\n';
  }

  function download(filename, blob) {
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /** A table and, under it, a button that downloads the same figures as CSV. */
  function tableWithCsv(spec, filename) {
    const rows = [spec.columns.map((column) => column.label), ...spec.rows, ...(spec.foot ? [spec.foot] : [])];
    const button = el('button', { type: 'button', class: 'secondary', 'data-csv': filename }, 'Download CSV');
    button.setAttribute('aria-label', 'Download CSV: ' + (spec.caption || filename));
    button.addEventListener('click', () => download(filename, new Blob([csvText(rows)], { type: 'text/csv;charset=utf-8' })));
    return [table(spec), el('p', { class: 'table-actions' }, button)];
  }

  function showError(error) {
    const box = document.getElementById('page-error');
    fill(box, el('h2', {}, 'There is a problem'), el('p', {}, error && error.message ? error.message : String(error)));
    box.hidden = false;
    box.setAttribute('tabindex', '-1');
    box.focus();
  }

  function clearError() {
    document.getElementById('page-error').hidden = true;
  }

  function fieldError(fieldId, message) {
    const input = document.getElementById(fieldId);
    const error = document.getElementById(fieldId + '-error');
    const field = input.closest('.field');
    if (message) {
      error.textContent = message;
      error.hidden = false;
      field.classList.add('has-error');
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    } else {
      error.hidden = true;
      field.classList.remove('has-error');
      input.removeAttribute('aria-invalid');
    }
  }

  const todayLondon = () => LONDON_DATE.format(new Date());
  const londonDate = (instant) => (/^\d{4}-\d{2}-\d{2}$/.test(instant) ? instant : LONDON_DATE.format(new Date(instant)));

  function addDaysUtc(date, days) {
    const moment = new Date(date + 'T00:00:00Z');
    moment.setUTCDate(moment.getUTCDate() + days);
    return moment.toISOString().slice(0, 10);
  }

  /** The last instant of a London day: "as known at D" means recorded by the end of D (as the server's known-at.ts). */
  function endOfLondonDay(date) {
    const nextDay = addDaysUtc(date, 1);
    const utcMidnight = Date.parse(nextDay + 'T00:00:00Z');
    for (const offsetHours of [1, 0]) {
      const londonMidnight = utcMidnight - offsetHours * 3600000;
      if (londonDate(new Date(londonMidnight).toISOString()) === nextDay) return new Date(londonMidnight - 1).toISOString();
    }
    return new Date(utcMidnight - 1).toISOString();
  }

  /** "2024-03-11 09:00" in London time, for when something was recorded. */
  function londonDateTime(instant) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(instant)) return instant;
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
    return londonDate(instant) + ' ' + parts;
  }

  const percent = (value) => (value === null || value === undefined ? 'n/a (none before)' : value.toFixed(1) + '%');

  function showForRole(role) {
    for (const node of document.querySelectorAll('[data-roles]')) node.hidden = !node.dataset.roles.split(' ').includes(role);
  }

  /** Header: who is signed in, navigation for the role; any other page sends a signed-out visitor to sign in. */
  function startSession() {
    const claims = session.claims();
    if (!claims) {
      if (session.token()) session.signOut();
      if (location.pathname !== '/') signInAgain();
      showForRole(null);
      return null;
    }
    document.getElementById('session-subject').textContent = claims.sub;
    document.getElementById('session-role').textContent = claims.role;
    document.getElementById('session-area').textContent = claims.area || 'all areas';
    document.getElementById('session').hidden = false;
    document.getElementById('main-nav').hidden = false;
    document.getElementById('sign-out').addEventListener('click', (event) => {
      event.preventDefault();
      session.signOut();
      location.assign('/');
    });
    showForRole(claims.role);
    return claims;
  }

  window.Ledger = {
    session,
    claims: startSession(),
    api,
    query,
    el,
    svg,
    fill,
    table,
    tableWithCsv,
    csvText,
    download,
    showError,
    clearError,
    fieldError,
    todayLondon,
    londonDate,
    londonDateTime,
    endOfLondonDay,
    percent,
    params: () => new URLSearchParams(location.search),
    body: document.body.dataset,
  };
})();
