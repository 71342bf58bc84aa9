import { lineage, listOf, ApiError } from './api.js';
import { draw, colour } from './charts.js';
import { load, $, el, fmtInt, fmtPct, fmtNum, fmtDate, params, setParams, familyLink, table, words, NotApplicable } from './ui.js';

const form = $('#filters');
const canvas = id => $(`#${id} canvas`);
const labelsOf = dates => dates.map(d => String(d).slice(0, 10));
const quarterOf = d => `${String(d).slice(0, 4)} Q${Math.floor((+String(d).slice(5, 7) - 1) / 3) + 1}`;

const populations = { 'hub': 'Hub', 'leaderboard-v1': 'Leaderboard v1', 'leaderboard-v2': 'Leaderboard v2' };
const isLeaderboard = population => population !== 'hub';

// The leaderboard's type legend (the API's line names), in words.
const kindWords = { 'pretrained': 'Pretrained', 'continuously-pretrained': 'Continuously pretrained', 'fine-tuned': 'Fine-tuned', 'chat': 'Chat', 'merge': 'Merge', 'unknown': 'Unknown type' };

// Each card's heading and description, for the Hub and for a leaderboard population (seed 000's figures).
const cards = {
  'authors': {
    hub: ['Authors over time', 'Authors with at least one model by each period (line, left axis) and authors whose first model falls in it (bars, right axis).'],
    leaderboard: ['Authors over time', 'Namespaces with at least one submission by each period (line, left axis) and namespaces whose first submission falls in it (bars, right axis).'],
  },
  'new-models': {
    hub: ['New models per week by type', 'Models created each week (Monday–Sunday, UTC), stacked by type.'],
    leaderboard: ['Type mix per quarter', 'Models submitted each calendar quarter (UTC), stacked by the leaderboard\u2019s type label; one row per model, its first submission.'],
  },
  'architectures': {
    hub: ['Total models per week by architecture', 'Models in existence at each week\u2019s end, stacked by architecture (the largest named, the rest \u201cother\u201d).'],
    leaderboard: ['Architecture shares over time', 'Each architecture\u2019s share of the models submitted up to each week\u2019s end, by the table\u2019s architecture column (the largest named, the rest \u201cother\u201d).'],
  },
  'concentration': {
    hub: ['Family concentration', 'Herfindahl–Hirschman index (sum of squared family shares) and the top-k families\u2019 share of all derivatives, at each period\u2019s end; dashed: each top family\u2019s share.'],
    leaderboard: ['Family concentration', 'As on the Hub, over the families the table\u2019s base-model column forms (a row naming another model is a derivative of the top of that chain).'],
  },
  'benchmarks': {
    hub: ['Fine-tune gains over base, by model size', 'Mean leaderboard score of a derivative minus its nearest scored ancestor, in score points, by the derivative\u2019s parameter count (n = pairs).'],
    leaderboard: ['Gain by size: fine-tuned and chat over pretrained', 'Mean average score of the fine-tuned and chat rows minus that of the pretrained rows, in score points, by each row\u2019s own parameter count; with the count of each group (under the bars where there is room, and in the table).'],
  },
  'repositories': {
    hub: ['Repositories per author', 'How many authors own 1, 2, 3… repositories (logarithmic count axis).'],
    leaderboard: ['Models submitted per author', 'How many namespaces submitted 1, 2, 3… models (logarithmic count axis).'],
  },
};

function filters() {
  const f = new FormData(form);
  return {
    population: f.get('population') || 'hub',
    from: f.get('from') || undefined,
    to: f.get('to') || undefined,
    family: f.get('family')?.trim() || undefined,
    period: f.get('period') || 'month',
    topK: f.get('topK') || 5,
  };
}

/**
 * A statistic of the chosen population. A 400 that names 'population' is the API saying the statistic (or the family
 * filter) means nothing for that population: the card says so instead of drawing an empty chart.
 */
async function stats(name, query) {
  try {
    return await lineage.stats(name, query);
  } catch (e) {
    if (e instanceof ApiError && e.status === 400 && isLeaderboard(query.population) && e.message.includes("'population'"))
      throw new NotApplicable(`Not shown for ${populations[query.population]}: ${e.message}`);
    throw e;
  }
}

async function describePopulation(population) {
  const note = $('#population-note');
  if (!isLeaderboard(population)) {
    note.textContent = 'Population: the Hub models the lineage holds, dated by their creation.';
    return;
  }
  try {
    const s = await lineage.stats('summary', { population });
    note.textContent = `Population: ${populations[population]}, the leaderboard table's rows, one per model id (its first submission), dated by submission: `
      + `${fmtInt(s.models)} models from ${fmtInt(s.rows)} rows (${fmtInt(s.duplicates)} further rows of the same models); `
      + `${fmtInt(s.unknownType)} of unknown type, ${fmtInt(s.unknownSize)} of unknown size, ${fmtInt(s.undated)} undated. Seed 000 (Vake et al.) draws its figures from these rows.`;
    note.dataset.models = String(s.models);
  } catch (e) {
    note.textContent = `Population: ${populations[population]} (${e.message})`;
  }
}

function render() {
  const { population, from, to, family, period, topK } = filters();
  const leaderboard = isLeaderboard(population);
  const scope = { population: leaderboard ? population : undefined, from, to, family };
  const periodWord = period === 'week' ? 'week' : 'month';
  for (const [id, text] of Object.entries(cards)) {
    const [title, desc] = text[leaderboard ? 'leaderboard' : 'hub'];
    $(`#${id} > h2`).textContent = title;
    $(`#${id} > p.desc`).textContent = desc;
  }
  document.body.dataset.population = population;
  describePopulation(population);

  load($('#authors'), async () => {
    const s = await stats('authors', { ...scope, period });
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
    if (leaderboard) {
      const s = await stats('new-models', { ...scope, period: 'quarter' });
      if (!s?.periods?.length) return false;
      draw(canvas('new-models'), {
        type: 'bar', labels: s.periods.map(quarterOf), label: 'Models submitted per quarter by type',
        datasets: s.series.map(x => ({ label: kindWords[x.name] ?? words(x.name), data: x.values, stack: 'types' })),
        x: { title: 'Quarter of submission (UTC)', stacked: true }, y: { title: 'Models (count)', stacked: true },
      });
      return;
    }
    const s = await stats('new-models', scope);
    if (!s?.weeks?.length) return false;
    draw(canvas('new-models'), {
      type: 'bar', labels: labelsOf(s.weeks), label: 'New models per week by type',
      datasets: s.series.map(x => ({ label: words(x.name), data: x.values, stack: 'types' })),
      x: { title: 'Week starting (Monday, UTC)', stacked: true }, y: { title: 'New models per week (count)', stacked: true },
    });
  }, { empty: 'No models created in this range.' });

  load($('#architectures'), async () => {
    // Under a leaderboard population the six largest architectures by name: a legend that a narrow screen can hold.
    const s = await stats('architectures', leaderboard ? { ...scope, top: 6 } : scope);
    if (!s?.weeks?.length) return false;
    if (leaderboard) {
      // Shares of each week's total: the lines stack to 100 % wherever a model exists.
      const totals = s.weeks.map((_, w) => s.series.reduce((n, x) => n + x.values[w], 0));
      draw(canvas('architectures'), {
        labels: labelsOf(s.weeks), label: 'Architecture shares of the models submitted, by week',
        datasets: s.series.map(x => ({ label: x.name, data: x.values.map((v, w) => totals[w] ? v / totals[w] : null), fill: true, stack: 'arch' })),
        x: { title: 'Week starting (Monday, UTC)' },
        y: { title: 'Share (%)', stacked: true, min: 0, max: 1, format: v => fmtPct(v, 0) },
        tooltip: { callbacks: { label: c => `${c.dataset.label}: ${fmtPct(c.parsed.y)} (${fmtInt(s.series[c.datasetIndex].values[c.dataIndex])} of ${fmtInt(totals[c.dataIndex])})` } },
      });
      return;
    }
    draw(canvas('architectures'), {
      labels: labelsOf(s.weeks), label: 'Total models per week by architecture',
      datasets: s.series.map(x => ({ label: x.name, data: x.values, fill: true, stack: 'arch' })),
      x: { title: 'Week starting (Monday, UTC)' }, y: { title: 'Models in existence (count)', stacked: true },
    });
  }, { empty: 'No models in this range.' });

  load($('#concentration'), async () => {
    const s = await stats('concentration', { ...scope, period, topK });
    if (!s?.periods?.length) return false;
    draw(canvas('concentration'), {
      labels: labelsOf(s.periods), label: 'Family concentration over time',
      datasets: [
        // HHI is an index from 0 to 1, not a share: it has an axis of its own on the right.
        { label: 'HHI (0–1, right axis)', data: s.herfindahl, borderWidth: 3, yAxisID: 'y1' },
        // With k families or fewer the top k hold every derivative: the line is 100 % by definition, and says so. (The answer
        // names only the top k families, so their number alone cannot tell: a top-k share below 1 anywhere means there are more.)
        { label: allOf(s) ? `Top-${s.topK} share (100 %: only ${s.familyShares.length} ${s.familyShares.length === 1 ? 'family' : 'families'})` : `Top-${s.topK} share`,
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
    const content = $('#benchmarks .content');
    content.replaceChildren();
    const t = await stats('benchmark-deltas', scope);
    return leaderboard ? drawGainBySize(t, content) : drawPairDeltas(t);
  }, { empty: leaderboard ? 'No scored fine-tuned, chat or pretrained rows in this range.' : 'No derivative–base pairs with leaderboard scores in this range.' });

  load($('#repositories'), async () => {
    const s = await stats('repositories-per-author', scope);
    if (!s?.repositories?.length) return false;
    draw(canvas('repositories'), {
      type: 'bar', labels: s.repositories.map(String), label: leaderboard ? 'Models submitted per author' : 'Repositories per author',
      datasets: [{ label: 'Authors', data: s.authors }],
      x: { title: leaderboard ? 'Models submitted (count)' : 'Repositories owned (count)' },
      // The log axis starts below 1 so that a count of exactly 1 still draws a bar; its ticks are whole counts only.
      y: { title: 'Authors (count, log scale)', type: 'logarithmic', beginAtZero: false, min: 0.5, format: v => Number.isInteger(v) ? fmtInt(v) : '' },
    });
  }, { empty: 'No authors in this range.' });

  renderFamilies(family, population);
}

/** The Hub population's pairs: each derivative against its nearest scored ancestor. */
function drawPairDeltas(t) {
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
}

/**
 * Seed 000's gain by size: per bucket, the fine-tuned and chat rows' mean average minus the pretrained rows' (a bar),
 * with both counts under the bucket and in the table; where the table names bases (v2), the pairwise mean beside it.
 */
function drawGainBySize(t, content) {
  if (!t?.sizeBuckets?.length) return false;
  const keep = t.sizeBuckets.map((_, i) => t.derivedRows[i] > 0 || t.pretrainedRows[i] > 0);
  if (!keep.some(Boolean)) return false;
  const pick = arr => arr.filter((_, i) => keep[i]);
  const pairs = Array.isArray(t.pairs) && t.pairs.some(n => n > 0);
  // Each bucket's counts under its bar where there is room; on a narrow screen they are in the table below only.
  const roomy = canvas('benchmarks').parentElement.clientWidth >= 480;
  draw(canvas('benchmarks'), {
    type: 'bar', label: 'Gain by size: fine-tuned and chat rows over pretrained rows',
    labels: pick(t.sizeBuckets.map((b, i) => roomy ? [b, `${fmtInt(t.derivedRows[i])} vs ${fmtInt(t.pretrainedRows[i])}`] : b)),
    datasets: [
      { label: 'Fine-tuned and chat mean − pretrained mean', data: pick(t.groupMeanDelta) },
      ...(pairs ? [{ label: 'Row − the base it names (mean of pairs)', data: pick(t.meanAverageDelta) }] : []),
    ],
    x: { title: roomy ? 'Parameters (rows: fine-tuned and chat vs pretrained)' : 'Parameters', autoSkip: false, maxRotation: roomy ? 0 : 90 },
    y: { title: 'Gain (points)', beginAtZero: true },
    tooltip: { callbacks: { label: c => `${c.dataset.label}: ${c.parsed.y === null ? '—' : `${fmtNum(c.parsed.y, 2)} points`}` } },
  });
  const rows = t.sizeBuckets.map((bucket, i) => ({ bucket, i })).filter(r => keep[r.i]);
  content.append(table([
    { label: 'Size', key: 'bucket', nowrap: true, value: r => r.bucket },
    { label: 'Fine-tuned and chat rows', key: 'derived', num: true, value: r => fmtInt(t.derivedRows[r.i]) },
    { label: 'Pretrained rows', key: 'pretrained', num: true, value: r => fmtInt(t.pretrainedRows[r.i]) },
    { label: 'Gain (points)', key: 'gain', num: true, value: r => t.groupMeanDelta[r.i] === null ? '— (a group is empty)' : fmtNum(t.groupMeanDelta[r.i], 2) },
    ...(pairs ? [
      { label: 'Pairs', key: 'pairs', num: true, value: r => fmtInt(t.pairs[r.i]) },
      { label: 'Pair gain (points)', key: 'pair-gain', num: true, value: r => t.meanAverageDelta[r.i] === null ? '—' : fmtNum(t.meanAverageDelta[r.i], 2) },
    ] : []),
  ], rows, 'The bars\u2019 figures: rows counted in each group and the difference of their mean average scores.', r => ({ 'data-bucket': r.bucket })));
}

/**
 * The Hub's families (the lineage graph, whatever the population): the largest ten, or the one the family filter names.
 * The relation columns are what the harvested data holds; a note says when they are 0 throughout, and why.
 */
function renderFamilies(family, population) {
  const section = $('#families');
  $('h2', section).textContent = family ? 'Family by derivatives' : 'Top families by derivatives';
  $('p.desc', section).textContent = family
    ? 'The family the filter names: its base model and distinct descendants; open it to see its adoption curve.'
    : 'Base models with the most distinct descendants; open one to see its adoption curve.';
  load(section, async () => {
    const content = $('.content', section);
    content.replaceChildren();
    const rows = family ? [await lineage.family(family)] : listOf(await lineage.families(10), 'families');
    if (!rows.length) return false;
    const relations = ['Finetune', 'Adapter', 'Quantized', 'Merge'];
    content.append(table([
      { label: 'Family (base model)', value: r => familyLink(r.familyId) },
      { label: 'Author', nowrap: true, value: r => r.author ?? '—' },
      { label: 'Released', nowrap: true, value: r => fmtDate(r.releasedAt) },
      { label: 'Derivatives', num: true, key: 'derivatives', value: r => fmtInt(r.derivatives) },
      ...relations.map(k => ({ label: words(k === 'Finetune' ? 'FineTune' : k), num: true, key: k.toLowerCase(), value: r => fmtInt(relationCount(r.byRelation, k)) })),
      { label: 'Lineage', nowrap: true, value: r => el('a', { href: `model.html?id=${encodeURIComponent(r.familyId)}`, 'aria-label': `Lineage of ${r.familyId}` }, 'tree') },
    ], rows, null, r => ({ 'data-family': r.familyId })));
    const notes = [];
    if (isLeaderboard(population)) notes.push('These are the Hub\u2019s families, from the lineage graph: the population selector does not change this table.');
    if (rows.every(r => ['Adapter', 'Quantized', 'Merge'].every(k => relationCount(r.byRelation, k) === 0)))
      notes.push('Adapter, quantized and merge are 0 for every family here because of the crawl, not the Hub: the bundled snapshot '
        + '(services/Standalone/Seed/README.md) followed fine-tune children only, so it holds no other derivatives. A Hub harvest fills these columns.');
    for (const text of notes) content.append(el('p', { class: 'note', text }));
  }, { empty: 'No families yet.' });
}

/** Whether the top k families hold every derivative at every period that has any. */
const allOf = s => s.familyShares.length <= s.topK && s.topKShare.every((v, i) => s.totalDerivatives[i] === 0 || v >= 1 - 1e-9);

const relationCount = (by, k) => by?.[k] ?? by?.[k.toLowerCase()] ?? 0;

const p = params();
for (const name of ['population', 'from', 'to', 'period', 'topK', 'family']) if (p.has(name)) form.elements[name].value = p.get(name);
if (!form.elements.population.value) form.elements.population.value = 'hub'; // an unknown ?population= selects nothing
const apply = () => {
  const f = filters();
  setParams({ ...f, population: f.population === 'hub' ? undefined : f.population });
  render();
};
form.addEventListener('submit', e => {
  e.preventDefault();
  apply();
});
form.elements.population.addEventListener('change', apply);
render();
