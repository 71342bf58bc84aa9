// The first start's progress, on every page: while the run started at start-up imports, while a consumer has not stored
// all of its models, and while the families are still being fitted, a banner under the header says how far it has got.
// Fed by GET /api/harvest/runs (each run's consumers), /api/lineage/families and /api/fitting/fits; polled until done.
import { getJson, listOf } from './api.js';
import { el } from './ui.js';

const POLL_MS = 3000;
/** As OpenAccess:Fitting:FirstStartWindow: after every consumer caught up, how long families may still be arriving to be fitted. */
const FITTING_WINDOW_MS = 5 * 60 * 1000;

const n = x => Number(x ?? 0).toLocaleString('en-US');

/**
 * What the banner says, or null when there is no first start going on. Pure, so a test can give it any runs.
 * runs: GET /api/harvest/runs; families: families with derivatives (Lineage); fitted: fits stored (Fitting); now: ms.
 */
export function describe(runs, families, fitted, now = Date.now()) {
  // The bundled leaderboard tables are imported at start-up too, after the Hub snapshot: a run that published leaderboard
  // rows and no model is not the one whose models are stored and fitted.
  const run = (runs ?? []).find(r => r.trigger === 'startup' && (r.published > 0 || !r.benchmarksPublished));
  if (!run) return null;
  const ended = !['queued', 'running'].includes(run.status);
  if (ended && run.status !== 'completed') return null;
  const models = (run.consumers ?? []).filter(c => c.messageType === 'ModelDiscovered');
  const caughtUp = ended && models.length > 0 && models.every(c => c.caughtUpAt);
  const stored = models.map(c => `${c.name} ${n(c.stored)} of ${n(c.published)}`).join(', ');
  if (!ended) {
    return { stage: 'importing', runId: run.id,
      text: `First start: importing ${run.name}: ${n(run.published)} models published so far${stored ? `; stored: ${stored}` : ''}.` };
  }
  if (!caughtUp) {
    return { stage: 'storing', runId: run.id,
      text: `First start: ${run.name} imported (${n(run.published)} models) and still being stored: ${stored || 'no consumer has reported yet'}.` };
  }
  const last = Math.max(...models.map(c => Date.parse(c.caughtUpAt)));
  if (fitted >= families || now - last > FITTING_WINDOW_MS) return null;
  return { stage: 'fitting', runId: run.id, text: `First start: every model is stored; fitting the families' adoption: ${n(fitted)} of ${n(families)} fitted.` };
}

/** Puts a state of describe() (or null) into the banner. */
export function show(banner, state) {
  banner.dataset.stage = state?.stage ?? 'done';
  if (!state) return;
  banner.querySelector('.text').textContent = `${state.text} The charts fill in as the data arrives; reload when this note says so.`;
  banner.querySelector('a').href = `runs.html?id=${encodeURIComponent(state.runId)}`;
  banner.hidden = false;
}

async function poll(banner, shown) {
  let state = null;
  try {
    const runs = await getJson('/api/harvest/runs', { limit: 20 });
    const [families, fits] = await Promise.all([
      getJson('/api/lineage/families', { limit: 1000 }).then(f => listOf(f, 'families').filter(x => x.releasedAt).length).catch(() => 0),
      getJson('/api/fitting/fits', { limit: 1 }).then(f => f?.total ?? 0).catch(() => 0),
    ]);
    state = describe(runs, families, fits);
  } catch {
    // Without the runs the banner has nothing to say; the pages show their own errors.
  }
  show(banner, state);
  if (state) {
    setTimeout(() => poll(banner, true), POLL_MS);
  } else if (shown) {
    banner.querySelector('.text').textContent = 'First start finished: every model is stored and fitted. ';
    banner.querySelector('a').textContent = 'Reload to see every chart';
    banner.querySelector('a').href = location.href;
  } else {
    banner.hidden = true;
  }
}

const banner = el('div', { id: 'first-start', class: 'first-start', role: 'status', hidden: true, 'data-stage': 'checking' },
  el('span', { class: 'text' }), ' ', el('a', { href: 'runs.html' }, 'The run'));
document.querySelector('header.site')?.after(banner);
poll(banner, false);
