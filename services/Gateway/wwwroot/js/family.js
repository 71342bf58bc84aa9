import { fitting, lineage, listOf } from './api.js';
import { draw, hexA } from './charts.js';
import { load, $, el, fmtInt, fmtNum, fmtDate, params, setParams, modelLink, accessLink, table, words } from './ui.js';

const form = $('#pick');
const select = $('#family-select');

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 on erf, |error| < 1.5e-7). */
function phi(x) {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
const wsb = (t, m, p) => m * (Math.exp(p.lambda * phi((Math.log(t) - p.mu) / p.sigma)) - 1);

function monthLabel(release, index) {
  const d = new Date(release);
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + index - 1, 1));
  return m.toISOString().slice(0, 7);
}

async function fillFamilies(current) {
  let ids = [];
  try {
    ids = listOf(await fitting.fits({ limit: 1000 }), 'items').map(f => ({ id: f.familyId, label: `${f.familyId} (${words(f.status)})` }));
  } catch { /* the list is a convenience; a typed id in the address still works */ }
  if (!ids.length) {
    try { ids = listOf(await lineage.families(50), 'families').map(f => ({ id: f.familyId, label: `${f.familyId} (${fmtInt(f.derivatives)} derivatives)` })); } catch { /* none */ }
  }
  if (current && !ids.some(x => x.id.toLowerCase() === current.toLowerCase())) ids.unshift({ id: current, label: current });
  select.replaceChildren(
    el('option', { value: '' }, ids.length ? 'Choose a family…' : 'No fitted families yet'),
    ...ids.map(x => el('option', { value: x.id }, x.label)));
  if (current) select.value = ids.find(x => x.id.toLowerCase() === current.toLowerCase()).id;
}

async function show(id, horizon) {
  $('#family-view').hidden = false;
  $('#family-title').textContent = `Adoption of ${id}`;
  document.title = `${id} · Family adoption · OpenAccess`;
  let answer;
  await load($('#curve'), async () => {
    const [fitted, forecast] = await Promise.all([fitting.fit(id), fitting.forecast(id, horizon).catch(() => null)]);
    answer = fitted;
    renderCurve(id, fitted, forecast);
  }, { loading: `Loading the fit of ${id}…` });
  $('#parameters').hidden = $('#outlier').hidden = !answer;
  if (!answer) return;
  load($('#parameters'), () => renderParameters(answer.fit));
  load($('#outlier'), () => renderOutliers(answer.fit));
}

/** Above this multiple of the largest observed count the y-axis is cut when an unreliable forecast is drawn. */
const READABLE_FACTOR = 1.5;

function renderCurve(id, answer, forecast) {
  const { fit, series } = answer;
  $('#curve .links').replaceChildren(modelLink(id), accessLink(id, 'What the base model costs to run'),
    el('span', { class: 'desc' }, `Released ${fmtDate(series.releasedAt)} by ${series.author}`
      + (series.observedOn ? `; data observed through ${series.observedOn}` : '')));
  const months = series.months ?? [];
  if (!months.length) throw new Error('The family has no dated derivatives yet.');
  const points = forecast?.forecast?.points ?? fit.forecast?.points ?? [];
  // A fit with a parameter on a bound gives a forecast that is a limit of the search, not a prediction: it is drawn
  // only on request, and then on an axis cut at READABLE_FACTOR × the observations so they stay readable.
  const unreliable = fit.status === 'AtBound';
  const drawn = points.length > 0 && (!unreliable || $('#curve .forecast-note input')?.checked === true);
  renderForecastNote(unreliable, fit, points, months, () => renderCurve(id, answer, forecast));
  const shown = drawn ? points : [];
  const last = Math.max(months.at(-1).monthIndex, ...shown.map(p => p.monthIndex));
  const index = Array.from({ length: last }, (_, i) => i + 1);
  const byMonth = new Map(months.map(m => [m.monthIndex, m.cumulativeDerivatives]));
  const byForecast = new Map(shown.map(p => [p.monthIndex, p]));
  const p = fit.parameters;
  const lastObserved = months.at(-1).monthIndex;
  const datasets = [
    { label: 'Observed cumulative derivatives', data: index.map(i => byMonth.get(i) ?? null), type: 'line', pointRadius: 2.5, borderWidth: 2, colour: '#1b1f24' },
  ];
  if (p) datasets.push({ label: `Fitted WSB curve (m = ${fmtNum(fit.m, 2)})`, data: index.map(i => i <= lastObserved ? wsb(i, fit.m, p) : null), colour: '#0072b2', borderWidth: 2 });
  if (shown.length) {
    const note = unreliable ? ' — unreliable' : '';
    datasets.push(
      { label: `Forecast (expected)${note}`, data: index.map(i => byForecast.get(i)?.expected ?? (i === lastObserved && p ? wsb(i, fit.m, p) : null)), colour: '#d55e00', borderDash: [6, 4], borderWidth: 2 },
      { label: `95 % band, upper${note}`, data: index.map(i => byForecast.get(i)?.upper95 ?? null), colour: '#e69f00', borderWidth: 1, fill: '+1', backgroundColor: hexA('#e69f00', 0.2) },
      { label: `95 % band, lower${note}`, data: index.map(i => byForecast.get(i)?.lower95 ?? null), colour: '#e69f00', borderWidth: 1 });
  }
  const observedMax = Math.max(...months.map(m => m.cumulativeDerivatives));
  const y = { title: 'Cumulative derivatives (count)' };
  if (unreliable && shown.length) y.max = Math.ceil(observedMax * READABLE_FACTOR);
  draw($('#curve canvas'), {
    labels: index.map(i => monthLabel(series.releasedAt, i)), label: `Adoption curve of ${id}`,
    datasets,
    x: { title: 'Month (month 1 = release month, UTC)' }, y,
    tooltip: { callbacks: { label: c => `${c.dataset.label}: ${fmtNum(c.parsed.y, 1)}` } },
  });
  $('#curve canvas').dataset.forecast = shown.length ? (unreliable ? 'unreliable' : 'drawn') : 'hidden';
}

/** The warning above the chart of a fit on a bound, with the switch that draws its forecast anyway. */
function renderForecastNote(unreliable, fit, points, months, redraw) {
  let note = $('#curve .forecast-note');
  // Another family starts with its forecast hidden again.
  if (note && (!unreliable || note.dataset.family !== fit.familyId)) {
    note.remove();
    note = null;
  }
  if (!unreliable) return;
  if (!note) {
    const toggle = el('input', { type: 'checkbox' });
    toggle.addEventListener('change', () => note.redraw());
    note = el('div', { class: 'forecast-note', role: 'status', 'data-family': fit.familyId },
      el('p', {}, el('span', { class: 'flag warn' }, 'Forecast unreliable'), ' ', el('span', { class: 'why' })),
      el('label', {}, toggle, ` Draw the forecast anyway (the axis stays at ${READABLE_FACTOR}× the largest observed count)`));
    $('#curve .chart-box').before(note);
  }
  note.redraw = redraw;
  const observed = months.at(-1).cumulativeDerivatives;
  const top = Math.max(0, ...points.map(p => p.upper95 ?? p.expected ?? 0));
  note.querySelector('.why').textContent = `${fit.detail}.`
    + (points.length ? ` Its ${points.length}-month forecast runs to ${fmtInt(points.at(-1).expected)} derivatives with the band up to ${fmtInt(top)}, against ${fmtInt(observed)} observed; it is not drawn unless asked for.` : '');
}

function renderParameters(fit) {
  const content = $('#parameters .content');
  content.replaceChildren();
  const status = el('p', {}, el('span', { class: `flag ${fit.status === 'Fitted' ? 'good' : 'warn'}` }, words(fit.status)), ' ', fit.detail ?? '');
  status.dataset.status = fit.status;
  content.append(status);
  if (!fit.parameters) return;
  const se = fit.bootstrapStandardErrors, ase = fit.standardErrors;
  const row = (name, sym, key, meaning) => ({ name, sym, value: fit.parameters[key], boot: se?.[key], asym: ase?.[key], meaning, bound: fit.parametersAtBound?.some(b => b.toLowerCase() === key) });
  content.append(table([
    { label: 'Parameter', value: r => el('span', {}, el('strong', {}, r.sym), ` ${r.name}`, r.bound ? el('span', { class: 'flag warn' }, ' at bound') : null) },
    { label: 'Value', num: true, value: r => fmtNum(r.value, 3) },
    { label: '± bootstrap SE', num: true, value: r => r.boot === undefined || r.boot === null ? '—' : `± ${fmtNum(r.boot, 3)}` },
    { label: '± asymptotic SE', num: true, value: r => r.asym === undefined || r.asym === null ? '—' : `± ${fmtNum(r.asym, 3)}` },
    { label: 'Meaning', value: r => r.meaning },
  ], [
    row('relative fitness', 'λ', 'lambda', 'how many derivatives it attracts'),
    row('immediacy', 'μ', 'mu', 'log of the months to its adoption peak'),
    row('longevity', 'σ', 'sigma', 'how long adoption lasts'),
  ]),
  el('dl', { class: 'facts', style: 'margin-top:.5rem' },
    el('dt', {}, 'm (shared)'), el('dd', {}, `${fmtNum(fit.m, 3)} (${fit.mSource})`),
    el('dt', {}, 'R²'), el('dd', {}, fmtNum(fit.rSquared, 4)),
    el('dt', {}, 'RMSE'), el('dd', {}, `${fmtNum(fit.rmse, 2)} derivatives`),
    el('dt', {}, 'Ultimate m(e^λ − 1)'), el('dd', {}, fit.ultimate === null || fit.ultimate === undefined ? 'not determined (λ at its cap)' : `${fmtInt(fit.ultimate)} derivatives`),
    el('dt', {}, 'Months fitted'), el('dd', {}, fmtInt(fit.points))));
}

function renderOutliers(fit) {
  const content = $('#outlier .content');
  const outliers = fit.outliers ?? [];
  content.replaceChildren(outliers.length
    ? el('div', {}, el('p', {}, el('span', { class: 'flag warn' }, 'Outlier'), ' The model does not follow this family everywhere:'),
        el('ul', {}, outliers.map(o => el('li', {}, el('strong', {}, words(o.kind)), o.monthIndex ? ` (month ${o.monthIndex})` : '', `: ${o.reason}`))))
    : el('p', {}, el('span', { class: 'flag good' }, 'Not an outlier'), ' No poor fit and no abrupt month.'));
}

function renderOrganisations(rows) {
  const content = $('#organisations .content');
  content.replaceChildren();
  if (!rows.length) return false;
  const spread = s => s ? `${fmtNum(s.median, 2)} [${fmtNum(s.lowerQuartile, 2)}–${fmtNum(s.upperQuartile, 2)}]` : '—';
  content.append(table([
    { label: 'Organisation', value: r => r.author },
    { label: 'Families', num: true, value: r => fmtInt(r.families) },
    { label: 'Summarised', num: true, value: r => fmtInt(r.familiesSummarised) },
    { label: 'λ median [IQR]', num: true, value: r => spread(r.lambda) },
    { label: 'μ median [IQR]', num: true, value: r => spread(r.mu) },
    { label: 'σ median [IQR]', num: true, value: r => spread(r.sigma) },
  ], rows));
}

const p = params();
const horizon = p.get('horizon') ?? '12';
form.elements.horizon.value = horizon;
fillFamilies(p.get('id'));
if (p.get('id')) show(p.get('id'), horizon);
form.addEventListener('submit', e => {
  e.preventDefault();
  const id = select.value;
  if (!id) return;
  setParams({ id, horizon: form.elements.horizon.value });
  show(id, form.elements.horizon.value);
});
load($('#organisations'), async () => renderOrganisations(listOf(await fitting.organizations())), { empty: 'No organisation has a fitted family yet.' });
