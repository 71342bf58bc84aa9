import { lineage, listOf } from './api.js';
import { draw, colour } from './charts.js';
import { load, $, el, fmtInt, fmtPct, fmtNum, fmtDate, params, setParams, familyLink, modelLink, table, words } from './ui.js';

const form = $('#filters');
const canvas = id => $(`#${id} canvas`);
const labelsOf = dates => dates.map(d => String(d).slice(0, 10));

function filters() {
  const f = new FormData(form);
  return {
    from: f.get('from') || undefined,
    to: f.get('to') || undefined,
    family: f.get('family')?.trim() || undefined,
    period: f.get('period') || 'month',
    topK: f.get('topK') || 5,
  };
}

function render() {
  const { from, to, family, period, topK } = filters();
  const scope = { from, to, family };
  const periodWord = period === 'week' ? 'week' : 'month';

  load($('#authors'), async () => {
    const s = await lineage.stats('authors', { ...scope, period });
    if (!s?.periods?.length) return false;
    draw(canvas('authors'), {
      labels: labelsOf(s.periods), label: 'Total and new authors over time',
      datasets: [
        { type: 'line', label: 'Total authors', data: s.totalAuthors, yAxisID: 'y', order: 0 },
        { type: 'bar', label: `New authors per ${periodWord}`, data: s.newAuthors, yAxisID: 'y1', order: 1 },
      ],
      x: { title: `${words(periodWord)} starting (UTC)` }, y: { title: 'Total authors (count)' }, y1: { title: `New authors per ${periodWord} (count)` },
    });
  }, { empty: 'No dated models in this range.' });

  load($('#new-models'), async () => {
    const s = await lineage.stats('new-models', scope);
    if (!s?.weeks?.length) return false;
    draw(canvas('new-models'), {
      type: 'bar', labels: labelsOf(s.weeks), label: 'New models per week by type',
      datasets: s.series.map(x => ({ label: words(x.name), data: x.values, stack: 'types' })),
      x: { title: 'Week starting (Monday, UTC)', stacked: true }, y: { title: 'New models per week (count)', stacked: true },
    });
  }, { empty: 'No models created in this range.' });

  load($('#architectures'), async () => {
    const s = await lineage.stats('architectures', scope);
    if (!s?.weeks?.length) return false;
    draw(canvas('architectures'), {
      labels: labelsOf(s.weeks), label: 'Total models per week by architecture',
      datasets: s.series.map(x => ({ label: x.name, data: x.values, fill: true, stack: 'arch' })),
      x: { title: 'Week starting (Monday, UTC)' }, y: { title: 'Models in existence (count)', stacked: true },
    });
  }, { empty: 'No models in this range.' });

  load($('#concentration'), async () => {
    const s = await lineage.stats('concentration', { ...scope, period, topK });
    if (!s?.periods?.length) return false;
    draw(canvas('concentration'), {
      labels: labelsOf(s.periods), label: 'Family concentration over time',
      datasets: [
        // HHI is an index from 0 to 1, not a share: it has an axis of its own on the right.
        { label: 'HHI (0–1, right axis)', data: s.herfindahl, borderWidth: 3, yAxisID: 'y1' },
        // With k families or fewer the top k hold every derivative: the line is 100 % by definition, and says so.
        { label: s.familyShares.length <= s.topK ? `Top-${s.topK} share (100 %: only ${s.familyShares.length} families)` : `Top-${s.topK} share`,
          data: s.topKShare, borderWidth: 3 },
        ...s.familyShares.map((f, i) => ({ label: f.name, data: f.values, borderDash: [5, 4], borderWidth: 1.5, colour: colour(i + 2) })),
      ],
      x: { title: `${words(periodWord)} end (UTC)` },
      y: { title: 'Share of derivatives (%)', min: 0, max: 1, format: v => fmtPct(v, 0) },
      y1: { title: 'HHI', min: 0, max: 1, format: v => fmtNum(v, 1) },
      tooltip: { callbacks: { label: c => `${c.dataset.label}: ${c.dataset.yAxisID === 'y1' ? fmtNum(c.parsed.y, 3) : fmtPct(c.parsed.y)}` } },
    });
  }, { empty: 'No family derivatives in this range.' });

  load($('#benchmarks'), async () => {
    const t = await lineage.stats('benchmark-deltas', scope);
    if (!t?.sizeBuckets?.length || !t.pairs.some(n => n > 0)) return false;
    const keep = t.sizeBuckets.map((_, i) => t.pairs[i] > 0);
    const pick = arr => arr.filter((_, i) => keep[i]);
    draw(canvas('benchmarks'), {
      type: 'bar', label: 'Fine-tune gains over base by model size',
      labels: pick(t.sizeBuckets.map((b, i) => `${b} (n=${t.pairs[i]})`)),
      datasets: [
        { label: 'Average', data: pick(t.meanAverageDelta) },
        ...t.benchmarks.map(b => ({ label: b.benchmark, data: pick(b.meanDelta) })),
      ],
      x: { title: 'Derivative size (parameters)' }, y: { title: 'Mean score change vs base (points)', beginAtZero: true },
      tooltip: { callbacks: { label: c => `${c.dataset.label}: ${fmtNum(c.parsed.y, 2)} points` } },
    });
  }, { empty: 'No derivative–base pairs with leaderboard scores in this range.' });

  load($('#repositories'), async () => {
    const s = await lineage.stats('repositories-per-author', scope);
    if (!s?.repositories?.length) return false;
    draw(canvas('repositories'), {
      type: 'bar', labels: s.repositories.map(String), label: 'Repositories per author',
      datasets: [{ label: 'Authors', data: s.authors }],
      x: { title: 'Repositories owned (count)' },
      // The log axis starts below 1 so that a count of exactly 1 still draws a bar; its ticks are whole counts only.
      y: { title: 'Authors (count, log scale)', type: 'logarithmic', beginAtZero: false, min: 0.5, format: v => Number.isInteger(v) ? fmtInt(v) : '' },
    });
  }, { empty: 'No authors in this range.' });

  const families = $('#families');
  load(families, async () => {
    const rows = listOf(await lineage.families(10), 'families');
    const content = $('.content', families);
    content.replaceChildren();
    if (!rows.length) return false;
    content.append(table([
      { label: 'Family (base model)', value: r => familyLink(r.familyId) },
      { label: 'Author', value: r => r.author ?? '—' },
      { label: 'Released', value: r => fmtDate(r.releasedAt) },
      { label: 'Derivatives', num: true, value: r => fmtInt(r.derivatives) },
      ...['Finetune', 'Adapter', 'Quantized', 'Merge'].map(k => ({ label: words(k === 'Finetune' ? 'FineTune' : k), num: true, value: r => fmtInt(relationCount(r.byRelation, k)) })),
      { label: 'Lineage', value: r => modelLink(r.familyId) },
    ], rows));
  }, { empty: 'No families yet.' });
}

const relationCount = (by, k) => by?.[k] ?? by?.[k.toLowerCase()] ?? 0;

const p = params();
for (const name of ['from', 'to', 'period', 'topK', 'family']) if (p.has(name)) form.elements[name].value = p.get(name);
form.addEventListener('submit', e => {
  e.preventDefault();
  setParams(filters());
  render();
});
render();
