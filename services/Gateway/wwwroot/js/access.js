import { access } from './api.js';
import { draw, colour } from './charts.js';
import { browse } from './browse.js';
import { load, $, el, fmtInt, fmtNum, fmtGb, fmtUsd, fmtPct, fmtDate, fmtParams, params, setParams, modelLink, familyLink, accessLink, table, words } from './ui.js';

const form = $('#pick');
const whatIfForm = $('#whatif-form');
const CONTEXTS = [256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072];
let catalogues = { gpus: [], regions: [], apis: [] };

const cataloguesLoaded = Promise.all([
  access.catalogue('gpus').catch(() => []),
  access.catalogue('energy-prices').catch(() => []),
  access.catalogue('api-prices').catch(() => []),
]).then(([gpus, regions, apis]) => {
  catalogues = { gpus, regions, apis };
  whatIfForm.elements.gpuId.replaceChildren(...gpus.map(g => el('option', { value: g.id }, g.name)));
  whatIfForm.elements.regionId.replaceChildren(...regions.map(r => el('option', { value: r.id }, `${r.name} (${fmtUsd(r.pricePerKwhUsd, 3)}/kWh)`)));
  whatIfForm.elements.apiPriceId.append(...apis.map(a => el('option', { value: a.id }, `${a.model} (${fmtUsd(a.inputPerMillion, 2)} / ${fmtUsd(a.outputPerMillion, 2)} per M tokens)`)));
});

const regionName = id => catalogues.regions.find(r => r.id === id)?.name ?? id;
const gpuName = id => catalogues.gpus.find(g => g.id === id)?.name ?? id;
const precisionWord = p => String(p).toUpperCase();
const pct = x => `${fmtNum(x * 100, 0)} %`;
// Rows by bits per weight, widest first: INT8 (8.19 bits with its group scales) sits above FP8 (8.002).
const byBits = p => [...p.resourcing].sort((a, b) => b.memory.weights.bytes - a.memory.weights.bytes);
const bitsPerWeight = (p, r) => p.parameters?.total ? r.memory.weights.bytes * 8 / p.parameters.total : null;

async function show(id) {
  $('#access-view').hidden = false;
  $('#access-title').textContent = id;
  document.title = `${id} · Access · OpenAccess`;
  let stored;
  await load($('#profile'), async () => {
    stored = await access.profile(id);
    await cataloguesLoaded;
    renderProfile(id, stored);
  }, { loading: `Loading the access profile of ${id}…` });
  for (const s of ['#memory', '#resourcing', '#kv', '#usability', '#openness', '#whatif']) $(s).hidden = !stored;
  if (!stored) return;
  const p = stored.profile;
  load($('#memory'), () => renderMemory(p));
  load($('#resourcing'), () => renderResourcing(id, p));
  load($('#kv'), () => renderKv(p), { empty: kvEmpty(p) });
  load($('#usability'), () => renderUsability(p));
  load($('#openness'), () => renderOpenness(p), { empty: 'This profile was stored before openness was assessed; it is assessed again when the model is next harvested.' });
  runWhatIf(id);
}

function renderProfile(id, s) {
  const p = s.profile;
  $('#profile .links').replaceChildren(modelLink(id), familyLink(id, 'Adoption (if a base model)'));
  $('#profile .content').replaceChildren(
    el('div', { class: 'figures' },
      fig('Parameters', fmtParams(p.parameters?.total), `from ${words(p.parameters?.source)}`),
      fig('BF16 memory', fmtGb(p.resourcing.find(r => r.precision === 'Bf16')?.memory.total.gigabytes), p.kvCache ? 'weights + cache + overhead' : 'weights + overhead (no KV cache figures)'),
      fig('Sized for', p.gpu?.name ?? '—', `${fmtInt(p.gpu?.memoryGb)} GB`),
      fig('Licence', words(p.licence), [p.licenceDetail?.name, p.gated ? 'gated on the Hub' : 'not gated'].filter(Boolean).join(' · '))),
    ...(p.notes?.length ? [el('ul', { class: 'desc' }, p.notes.map(n => el('li', {}, n)))] : []),
    el('p', { class: 'desc' }, `Revision ${String(s.revision ?? '').slice(0, 10)} · last modified ${fmtDate(s.lastModified)}`));
}

const fig = (label, value, sub) => el('div', { class: 'figure' }, el('span', { class: 'label' }, label), el('span', { class: 'value' }, value), el('span', { class: 'label' }, sub));

function renderMemory(p) {
  const rows = byBits(p);
  draw($('#memory canvas'), {
    type: 'bar', labels: rows.map(r => precisionWord(r.precision)), label: 'Memory by precision',
    datasets: [
      { label: 'Weights', data: rows.map(r => r.memory.weights.gigabytes) },
      ...(p.kvCache ? [{ label: 'KV cache', data: rows.map(r => r.memory.kvCache.gigabytes) }] : []),
      // Its own colour whether or not the KV cache is drawn, so that orange always means the cache.
      { label: `Overhead (${fmtPct(rows[0]?.memory.overheadFraction, 0)})`, data: rows.map(r => r.memory.overhead.gigabytes), colour: colour(2) },
    ],
    x: { title: 'Weights precision', stacked: true }, y: { title: 'Memory (GB)', stacked: true },
    tooltip: { callbacks: { label: c => `${c.dataset.label}: ${fmtGb(c.parsed.y)}` } },
  });
  const cell = (r, key) => el('span', { 'data-precision': r.precision, 'data-figure': key, 'data-bytes': r.memory[key].bytes }, fmtGb(r.memory[key].gigabytes));
  $('#memory .content').replaceChildren(table([
    { label: 'Precision', value: r => precisionWord(r.precision) },
    { label: 'Bits / weight', num: true, value: r => fmtNum(bitsPerWeight(p, r), 3) },
    { label: 'Weights', num: true, value: r => cell(r, 'weights') },
    // Without KV cache figures the column would read 0 GB, as if the cache took no memory.
    { label: 'KV cache', num: true, value: r => p.kvCache ? cell(r, 'kvCache') : el('span', { 'data-precision': r.precision, 'data-figure': 'kvCache', title: 'no KV cache figures: see the KV cache card' }, '—') },
    { label: 'Overhead', num: true, value: r => cell(r, 'overhead') },
    { label: 'Total', num: true, value: r => cell(r, 'total') },
  ], rows));
}

async function renderResourcing(id, p) {
  const regions = p.resourcing[0]?.energyPerYear.map(e => e.regionId) ?? [];
  const content = $('#resourcing .content');
  content.replaceChildren(
    el('h3', {}, `On ${p.gpu?.name ?? 'the default GPU'}, by precision`),
    table([
      { label: 'Precision', value: r => precisionWord(r.precision) },
      { label: 'GPUs (memory / tensor-parallel)', num: true, value: r => `${fmtInt(r.gpus.byMemory)} / ${fmtInt(r.gpus.tensorParallel)}` },
      { label: 'Hardware (capex)', num: true, value: r => fmtUsd(r.capexUsd, 0) },
      ...regions.map(reg => ({ label: `Energy / year, ${regionName(reg).split(',')[0]}`, num: true, value: r => {
        const e = r.energyPerYear.find(x => x.regionId === reg);
        return e ? `${fmtUsd(e.cost.cost, 0)} (${fmtInt(e.cost.kilowattHours)} kWh)` : '—';
      } })),
    ], byBits(p)));
  const utilisation = p.resourcing[0]?.energyPerYear[0]?.cost.utilisation;
  if (utilisation !== undefined) $('#energy-basis').textContent =
    `Energy assumes every GPU draws its full TDP for ${pct(utilisation)} of the year (seed 001's assumption); set another utilisation in the what-if.`;
  // GPUs by type: the what-if's arithmetic for each catalogue GPU at BF16.
  const answers = await Promise.all(catalogues.gpus.map(g => access.whatIf({ modelId: id, gpuId: g.id }).then(a => ({ g, a }), e => ({ g, e }))));
  content.append(el('h3', {}, 'GPUs by type (BF16)'), table([
    { label: 'GPU', value: x => x.g.name },
    { label: 'Memory', num: true, value: x => `${fmtInt(x.g.memoryGb)} GB` },
    { label: 'GPUs needed', num: true, value: x => x.e ? x.e.message : fmtInt(x.a.gpusUsed) },
    { label: 'Hardware (capex)', num: true, value: x => x.e ? '—' : (x.a.capexUsd === null ? 'no price' : fmtUsd(x.a.capexUsd, 0)) },
    { label: 'Energy / year', num: true, value: x => x.e ? '—' : fmtUsd(x.a.energyPerYear?.cost?.cost, 0) },
  ], answers));
}

// Why the card is empty, in the profile's words: the root whose config.json is missing and why, else what the config lacks.
function kvEmpty(p) {
  if (p.shapeGap) return `No KV cache figures: ${p.shapeGap}.`;
  const unusable = p.notes?.find(n => n.startsWith('The config cannot be used:'));
  return unusable ? `No KV cache figures. ${unusable}` : 'No KV cache figures: no config with layers and heads for this model or an ancestor.';
}

function renderKv(p) {
  const kv = p.kvCache;
  // Empty, the card says why; the description of a chart it does not draw would only contradict that.
  $('#kv .desc').hidden = !kv?.bytesPerToken;
  if (!kv?.bytesPerToken) return false;
  const source = p.configSource === 'bundled'
    ? ' The config.json is the bundled copy shipped with this host (Seed/configs, its source cited there), not fetched from the Hub.' : '';
  $('#kv .desc').textContent = (p.shapeOf
    ? `Cache size for one sequence at each context length (GB, BF16), shape of ${p.shapeOf}: this model has no config of its own with layers and heads.`
    : 'Cache size for one sequence at each context length (GB, BF16).') + source;
  const max = p.context?.maxTokens ?? kv.contextTokens ?? 131072;
  // The eight largest lengths up to the model's context, so that a 2,048-token model has bars enough to read.
  const contexts = CONTEXTS.filter(c => c <= max).slice(-8);
  if (!contexts.includes(max)) contexts.push(max);
  draw($('#kv canvas'), {
    type: 'bar', labels: contexts.map(c => fmtInt(c)), label: 'KV cache by context length',
    datasets: [{ label: `KV cache, batch 1 (${fmtInt(kv.bytesPerToken)} bytes per token)`, data: contexts.map(c => c * kv.bytesPerToken / 1e9) }],
    x: { title: 'Context length (tokens)' }, y: { title: 'KV cache (GB)' },
  });
}

function renderUsability(p) {
  const ctx = p.context;
  const kv = (k, v) => ({ k, v });
  $('#usability .content').replaceChildren(
    el('h3', {}, 'Technical usability'),
    table([{ label: 'Aspect', value: r => r.k }, { label: 'Value', value: r => r.v }], [
      kv('Licence class', words(p.licence)),
      kv('Licence', licenceText(p.licenceDetail)),
      kv('Licence read from', p.licenceDetail?.evidence || '—'),
      kv('Gated on the Hub', p.gated ? 'yes: access must be requested' : 'no'),
      kv('Weights', words(p.openness?.components?.find(c => c.component === 'Weights')?.status ?? 'unknown')),
      kv('Parameter count from', words(p.parameters?.source)),
    ]),
    el('h3', {}, 'Utility'),
    table([{ label: 'Aspect', value: r => r.k }, { label: 'Value', value: r => r.v }], [
      kv('Context length', ctx?.maxTokens ? `${fmtInt(ctx.maxTokens)} tokens` : 'unknown (no config)'),
      kv('RoPE scaling', ctx?.ropeScalingFactor ? `× ${fmtNum(ctx.ropeScalingFactor, 2)} from ${fmtInt(ctx.pretrainedTokens)} tokens` : '—'),
      kv('Input modalities', (p.modalities?.input ?? []).map(words).join(', ') || 'unknown'),
      kv('Output modalities', (p.modalities?.output ?? []).map(words).join(', ') || 'unknown'),
      kv('Active parameters', activeText(p.parameters)),
    ]));
}

const CLASSES = ['OpenScience', 'OpenModel', 'OpenWeights', 'WeightsNotReleased', 'Unknown'];
const statusFlag = s => el('span', { class: `flag ${s === 'Open' ? 'good' : s === 'Restricted' || s === 'NotFound' ? 'warn' : ''}`.trim() }, words(s));

function renderOpenness(p) {
  const o = p.openness;
  if (!o) return false;
  $('#openness .content').replaceChildren(
    el('p', {}, el('strong', {}, words(o.class)), ` · ${o.openComponents} of ${o.components.length} components open`),
    table([
      { label: 'Component', value: c => words(c.component), nowrap: true },
      { label: 'Status', value: c => statusFlag(c.status), nowrap: true, key: 'status' },
      { label: 'Evidence', value: c => c.evidence },
      { label: 'Read from', value: c => c.source },
    ], o.components));
}

async function renderOpennessFamilies() {
  const stats = await access.openness({ by: 'family', limit: 10 });
  if (!stats.groups.length) return false;
  const share = (g, c) => fmtPct(g.classShares[c], 0);
  $('#openness-families .content').replaceChildren(
    table([
      { label: 'Family', value: g => accessLink(g.key) },
      { label: 'Models', value: g => fmtInt(g.models), num: true },
      ...CLASSES.filter(c => stats.groups.some(g => g.classes[c] > 0)).map(c => ({ label: words(c), value: g => share(g, c), num: true, key: c })),
      { label: 'Open components (of 6)', value: g => fmtNum(g.meanOpenComponents, 1), num: true },
    ], stats.groups, `${fmtInt(stats.models)} models assessed; the ${stats.groups.length} largest families. Classes no family has are left out.`));
}

function licenceText(l) {
  if (!l) return '—';
  if (!l.name) return `unknown: ${l.reason ?? 'no reason given'}`;
  return l.terms ? `${l.name}: ${l.terms}` : l.name;
}

function activeText(parameters) {
  if (!parameters) return 'unknown';
  if (parameters.denseFallback) return `all (counted dense: ${parameters.denseFallback})`;
  const x = parameters.experts;
  if (!x) return 'all (dense)';
  const of = `${fmtParams(parameters.active)} of ${fmtParams(parameters.total)}`;
  const experts = x.routedExperts ? `${fmtInt(x.routedExperts)} experts` : 'experts';
  const part = x.evidence.match(/'([^']+)'/)?.[1] ?? x.evidence;
  if (x.source === 'ModelName')
    return parameters.active ? `${of}: mixture of ${experts}, read from the name ("${part}"), nominal`
      : `unknown: mixture of ${experts} by its name ("${part}"); compute is charged for all ${fmtParams(parameters.total)}`;
  return `${of}: mixture of ${experts}, ${fmtInt(x.expertsPerToken)} a token, ${fmtInt(x.sharedExperts)} shared (from the config)`;
}

async function runWhatIf(id) {
  const f = new FormData(whatIfForm);
  const num = k => f.get(k) === '' || f.get(k) === null ? undefined : Number(f.get(k));
  const body = {
    modelId: id, precision: f.get('precision'), contextTokens: num('contextTokens'), batchSize: num('batchSize'),
    gpuId: f.get('gpuId') || undefined, regionId: f.get('regionId') || undefined,
    gpuHourPriceUsd: num('gpuHourPriceUsd'), tokensPerSecond: num('tokensPerSecond'),
    apiPriceId: f.get('apiPriceId') || undefined,
    tensorParallel: num('tensorParallel'), pipelineParallel: num('pipelineParallel'),
    energyUtilisation: num('energyUtilisation') === undefined ? undefined : num('energyUtilisation') / 100,
  };
  if (body.gpuHourPriceUsd !== undefined || body.apiPriceId) body.request = { inputTokens: num('inputTokens') ?? 0, outputTokens: num('outputTokens') ?? 0 };
  const section = $('#whatif');
  await load(section, async () => {
    const a = await access.whatIf(body);
    renderWhatIf(a);
  }, { loading: 'Calculating…' });
}

const KV_PLACEMENT = {
  Split: 'KV heads split over the tensor-parallel GPUs',
  Replicated: 'KV heads replicated: one on each GPU',
  LatentOnEveryGpu: 'the latent KV cache whole on every GPU',
  NotChecked: 'heads not checked: memory spread evenly',
};

function planText(plan) {
  if (!plan) return '—';
  const p = plan.plan;
  const layers = plan.layersPerStage ? `, ${fmtInt(plan.layersPerStage)} layers a stage` : '';
  const how = p.source === 'Default' ? plan.rule : 'your plan';
  return `tensor-parallel ${fmtInt(p.tensorParallel)} × pipeline-parallel ${fmtInt(p.pipelineParallel)} = ${fmtInt(p.tensorParallel * p.pipelineParallel)} GPUs (${how}); ${KV_PLACEMENT[plan.keyValueHeads] ?? plan.keyValueHeads}${layers}${plan.fits ? '' : '; does not fit one GPU'}`;
}

function renderWhatIf(a) {
  const rows = [
    ['Memory (weights + KV cache + overhead)', `${fmtGb(a.memory.total.gigabytes)} = ${fmtGb(a.memory.weights.gigabytes)} + ${fmtGb(a.memory.kvCache.gigabytes)} + ${fmtGb(a.memory.overhead.gigabytes)}`],
    ['KV cache', a.kvCache ? `${fmtGb(a.kvCache.total.gigabytes)} at ${fmtInt(a.kvCache.contextTokens)} tokens × batch ${fmtInt(a.kvCache.batchSize)}${a.shapeOf ? `, shape of ${a.shapeOf}` : ''}` : `not computed (${a.shapeGap ?? 'no config with layers and heads'})`],
    ['GPUs', `${fmtInt(a.gpusUsed)} × ${a.gpu.name} (by memory ${fmtInt(a.gpus.byMemory)}, tensor-parallel ${fmtInt(a.gpus.tensorParallel)})`],
    ['Plan', planText(a.plan)],
    ['Memory per GPU', a.memoryPerGpu ? `${fmtGb(a.memoryPerGpu.total.gigabytes)} of ${fmtGb(a.plan.gpuMemory.gigabytes)} = ${fmtGb(a.memoryPerGpu.weights.gigabytes)} + ${fmtGb(a.memoryPerGpu.kvCache.gigabytes)} + ${fmtGb(a.memoryPerGpu.overhead.gigabytes)}` : '—'],
    ['Hardware (capex)', a.capexUsd === null ? 'no price in the catalogue' : fmtUsd(a.capexUsd, 0)],
    ['Energy per year', a.energyPerYear ? `${fmtUsd(a.energyPerYear.cost.cost, 0)} (${fmtInt(a.energyPerYear.cost.kilowattHours)} kWh at ${fmtUsd(a.energyPerYear.pricePerKwhUsd, 3)}/kWh, ${regionName(a.energyPerYear.regionId)}; full TDP for ${pct(a.energyPerYear.cost.utilisation)} of the year)` : '—'],
  ];
  const c = a.selfHosted?.cost;
  if (c) rows.push(
    ['Self-hosted: per hour / day / year', `${fmtUsd(c.hourlyCost)} / ${fmtUsd(c.dailyCost ?? c.hourlyCost * 24, 0)} / ${fmtUsd(c.annualCost ?? c.yearlyCost ?? c.hourlyCost * 8760, 0)}`],
    ['Self-hosted: requests per hour at full load', fmtInt(c.requestsPerHour)],
    ['Self-hosted: per request', fmtUsd(c.costPerRequest)],
    ['Self-hosted: per million tokens', fmtUsd(c.costPerMillionTokens)]);
  else rows.push(['Self-hosted cost', 'give a GPU-hour price and a throughput']);
  if (a.api) rows.push(['API: per request', `${fmtUsd(a.api.costPerRequest)} (${a.api.price.model})`]);
  if (a.breakEven) rows.push(['Break-even utilisation', el('span', {},
    `${fmtPct(a.breakEven.utilisation)} of paid GPU-hours (${fmtInt(a.breakEven.requestsPerHour)} requests/hour) `,
    el('span', { class: `flag ${a.breakEven.achievable ? 'good' : 'warn'}` }, a.breakEven.achievable ? 'achievable: self-hosting is cheaper above it' : 'not achievable at this throughput'))]);
  else rows.push(['Self-host vs API', 'choose an API price (and a GPU-hour price) to compare']);
  $('#whatif .content').replaceChildren(
    table([{ label: 'Figure', value: r => r[0] }, { label: `Result (${precisionWord(a.precision)})`, value: r => r[1] }], rows),
    ...(a.notes?.length ? [el('ul', { class: 'desc' }, a.notes.map(n => el('li', {}, n)))] : []));
}

whatIfForm.addEventListener('submit', e => {
  e.preventDefault();
  const id = params().get('id');
  if (id) runWhatIf(id);
});

form.addEventListener('submit', e => {
  e.preventDefault();
  const id = form.elements.id.value.trim();
  if (!id) return;
  setParams({ id });
  $('#browse').hidden = true;
  show(id);
});

const start = params().get('id');
if (start) {
  form.elements.id.value = start;
  show(start);
} else {
  browse($('#browse'), accessLink);
  load($('#openness-families'), renderOpennessFamilies, { empty: 'No model has been assessed yet.' });
}
