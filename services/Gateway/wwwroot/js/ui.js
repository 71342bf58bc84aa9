// Loading, empty and error states, number formats and small DOM helpers shared by the pages.

/** What a section shows instead of a chart when it means nothing for what was asked (the API's 400 says why): not an error, not "no data". */
export class NotApplicable extends Error {}

/**
 * Runs `work` for a section: "Loading…" meanwhile, the ProblemDetails text on failure, `empty` when it returns false,
 * and the reason (state `not-applicable`) when it throws NotApplicable.
 */
export async function load(section, work, { loading = 'Loading…', empty = 'No data.' } = {}) {
  const status = statusOf(section);
  section.dataset.state = 'loading';
  setStatus(status, 'loading', loading);
  try {
    const shown = await work();
    if (shown === false) {
      section.dataset.state = 'empty';
      setStatus(status, 'empty', empty);
      for (const box of section.querySelectorAll('.chart-box')) box.hidden = true;
    } else {
      section.dataset.state = 'ready';
      setStatus(status, '', '');
      for (const box of section.querySelectorAll('.chart-box')) if (!box.dataset.keepHidden) box.hidden = false;
    }
  } catch (e) {
    if (e instanceof NotApplicable) {
      section.dataset.state = 'not-applicable';
      setStatus(status, 'not-applicable', e.message);
      for (const box of section.querySelectorAll('.chart-box')) box.hidden = true;
      return;
    }
    section.dataset.state = 'error';
    setStatus(status, 'error', e?.message ?? String(e));
    for (const box of section.querySelectorAll('.chart-box')) box.hidden = true;
  }
}

function statusOf(section) {
  let status = section.querySelector(':scope > .status');
  if (!status) {
    status = el('div', { class: 'status' });
    const heading = section.querySelector(':scope > h2, :scope > h1');
    heading ? heading.after(status) : section.prepend(status);
  }
  return status;
}

function setStatus(status, kind, text) {
  status.className = `status ${kind}`.trim();
  status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  status.textContent = kind === 'error' ? `Error: ${text}` : text;
}

/** Creates an element; attributes by name, children as nodes or text. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

export const $ = (sel, root = document) => root.querySelector(sel);

const nf = (digits) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
export const fmtInt = x => x === null || x === undefined ? '—' : nf(0).format(x);
export const fmtNum = (x, digits = 2) => x === null || x === undefined || Number.isNaN(x) ? '—' : nf(digits).format(x);
export const fmtGb = gb => gb === null || gb === undefined ? '—' : `${nf(gb < 10 ? 2 : 1).format(gb)} GB`;
export const fmtUsd = (x, digits) => x === null || x === undefined ? '—'
  : new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: digits ?? (Math.abs(x) < 1 ? 4 : Math.abs(x) < 100 ? 2 : 0) }).format(x);
export const fmtPct = (x, digits = 1) => x === null || x === undefined ? '—' : `${nf(digits).format(x * 100)} %`;
export const fmtDate = s => s ? String(s).slice(0, 10) : '—';
export function fmtParams(n) {
  if (!n) return '—';
  if (n >= 1e9) return `${nf(n >= 1e10 ? 0 : 1).format(n / 1e9)} B`;
  if (n >= 1e6) return `${nf(0).format(n / 1e6)} M`;
  return fmtInt(n);
}

/** Enum names from the APIs ("ChatInstruct", "OpenWithUseRestrictions") as words. */
export const words = s => s ? String(s).replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, c => c.toUpperCase()) : '—';

/** Query-string parameters of the page, and replacing them without a reload (so a page can be bookmarked). */
export const params = () => new URLSearchParams(location.search);
export function setParams(values) {
  const q = params();
  for (const [k, v] of Object.entries(values)) (v === undefined || v === null || v === '') ? q.delete(k) : q.set(k, v);
  history.replaceState(null, '', `${location.pathname}${q.toString() ? `?${q}` : ''}`);
}

export const modelLink = id => el('a', { href: `model.html?id=${encodeURIComponent(id)}` }, id);
export const familyLink = (id, text) => el('a', { href: `family.html?id=${encodeURIComponent(id)}` }, text ?? id);
export const accessLink = (id, text) => el('a', { href: `access.html?id=${encodeURIComponent(id)}` }, text ?? id);

/**
 * A table from column definitions { label, value(row) → node|text, num, nowrap, key } (key: the cell's data-column);
 * `rowAttrs(row)` gives each row's attributes.
 */
export function table(columns, rows, caption, rowAttrs) {
  const attrsOf = r => rowAttrs ? rowAttrs(r) : {};
  const cellClass = c => [c.num ? 'num' : '', c.nowrap ? 'nowrap' : ''].join(' ').trim() || null;
  return el('div', { class: 'table-scroll' }, el('table', {},
    caption ? el('caption', { class: 'desc', text: caption }) : null,
    el('thead', {}, el('tr', {}, columns.map(c => el('th', { scope: 'col', class: cellClass(c) }, c.label)))),
    el('tbody', {}, rows.map(r => el('tr', attrsOf(r), columns.map(c => el('td', { class: cellClass(c), 'data-column': c.key }, c.value(r) ?? '—')))))));
}
