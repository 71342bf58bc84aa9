import { harvest } from './api.js';
import { load, $, el, fmtInt, fmtPct, params, table } from './ui.js';

// While a run publishes or a consumer is behind, the page asks again at this interval (the consumers report once a second).
const REFRESH_MS = 2000;
const ENDED = new Set(['completed', 'failed', 'cancelled', 'interrupted']);
let timer;

const fmtTime = s => s ? new Date(s).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—';
const seconds = (from, to) => (new Date(to) - new Date(from)) / 1000;
function fmtDuration(s) {
  if (s === null || s === undefined || Number.isNaN(s)) return '—';
  s = Math.max(0, Math.round(s));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h ? `${h} h ${m} min` : m ? `${m} min ${r} s` : `${r} s`;
}

/** "Lineage" for "lineage-models-discovered": the service, with the event type it stores beside it. */
const service = name => name.split('-')[0].replace(/^./, c => c.toUpperCase());
const isSettled = run => ENDED.has(run.status) && (run.consumers ?? []).every(c => c.caughtUpAt);

function consumerRow(run, c) {
  const share = c.published > 0 ? Math.min(1, c.stored / c.published) : 1;
  const state = c.caughtUpAt
    ? `caught up ${fmtTime(c.caughtUpAt)}${run.finishedAt ? `, ${fmtDuration(seconds(run.finishedAt, c.caughtUpAt))} after the run ended` : ''}`
    : `${fmtInt(Math.max(0, c.published - c.stored))} to go · last stored ${fmtTime(c.lastStoredAt)}`;
  return el('li', { class: 'consumer', 'data-consumer': c.name, 'data-caught-up': c.caughtUpAt ? 'true' : 'false' },
    el('div', { class: 'consumer-head' },
      el('strong', {}, service(c.name)), ' ',
      el('span', { class: 'desc' }, `${c.messageType} · ${c.name}`)),
    el('div', { class: 'bar', role: 'progressbar', 'aria-label': `${service(c.name)} ${c.messageType} stored`, 'aria-valuemin': '0',
      'aria-valuemax': String(c.published), 'aria-valuenow': String(c.stored) },
      el('span', { style: `width:${(share * 100).toFixed(1)}%`, class: c.caughtUpAt ? 'done' : null })),
    el('div', { class: 'consumer-figures' },
      el('span', { class: 'stored' }, `${fmtInt(c.stored)} / ${fmtInt(c.published)} stored`), ' ',
      el('span', { class: 'desc' }, `(${fmtPct(share, 1)}) · ${state}`)));
}

function renderRun(run) {
  $('#run-title').textContent = `Run ${run.id}`;
  const consumers = run.consumers ?? [];
  const published = run.source?.startsWith('leaderboard') ? run.benchmarksPublished : run.published;
  $('#run .content').replaceChildren(
    el('dl', { class: 'facts' },
      el('dt', {}, 'Source'), el('dd', {}, `${run.source} · ${run.name}`),
      el('dt', {}, 'Status'), el('dd', { class: 'run-status' }, run.status + (run.failure ? ` (${run.failure})` : '')),
      el('dt', {}, 'Started'), el('dd', {}, fmtTime(run.startedAt)),
      el('dt', {}, 'Ended'), el('dd', {}, run.finishedAt ? `${fmtTime(run.finishedAt)} (${fmtDuration(seconds(run.startedAt, run.finishedAt))})` : '—'),
      el('dt', {}, 'Published'), el('dd', {}, `${fmtInt(published)}${run.benchmarksPublished && !run.source?.startsWith('leaderboard') ? ` models, ${fmtInt(run.benchmarksPublished)} benchmark results` : ''}`)),
    el('h3', {}, 'Consumers'),
    consumers.length
      ? el('ul', { class: 'consumers' }, consumers.map(c => consumerRow(run, c)))
      : el('p', { class: 'desc' }, run.published || run.benchmarksPublished ? 'No consumer has reported storing an event of this run yet.' : 'The run published nothing, so there is nothing to store.'));
}

function renderRuns(runs, current) {
  if (!runs.length) return false;
  $('#runs .content').replaceChildren(table([
    { label: 'Run', value: r => el('a', { href: `runs.html?id=${encodeURIComponent(r.id)}`, 'aria-current': r.id === current ? 'true' : null }, r.id) },
    { label: 'Source', value: r => r.source },
    { label: 'Status', value: r => r.status },
    { label: 'Published', num: true, value: r => fmtInt(r.published + (r.benchmarksPublished ?? 0)) },
    { label: 'Consumers', value: r => (r.consumers ?? []).length
      ? (r.consumers.every(c => c.caughtUpAt) ? 'all caught up' : r.consumers.map(c => `${service(c.name)} ${fmtPct(c.published ? c.stored / c.published : 1, 0)}`).join(', '))
      : '—' },
  ], runs));
}

/** Shows the runs and the chosen run; a later refresh redraws in place, without the "Loading…" line in between. */
async function refresh(quietly = false) {
  clearTimeout(timer);
  const show = (section, work, options) => quietly && section.dataset.state === 'ready'
    ? work().then(shown => { if (shown === false) return load(section, work, options); }, () => load(section, work, options))
    : load(section, work, options);
  let runs = [];
  await show($('#runs'), async () => renderRuns(runs = await harvest.runs(20), params().get('id') ?? runs[0]?.id), { empty: 'No runs yet.' });
  const id = params().get('id') ?? runs[0]?.id;
  if (!id) {
    $('#run').hidden = true;
    return;
  }
  $('#run').hidden = false;
  let run;
  await show($('#run'), async () => renderRun(run = await harvest.run(id)), { loading: `Loading run ${id}…` });
  if (run && !isSettled(run)) timer = setTimeout(() => refresh(true), REFRESH_MS);
}

refresh();
