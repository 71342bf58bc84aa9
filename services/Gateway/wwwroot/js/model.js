import { lineage, listOf } from './api.js';
import { draw, relationColours } from './charts.js';
import { browse } from './browse.js';
import { load, $, el, fmtInt, fmtDate, fmtParams, fmtNum, params, setParams, modelLink, familyLink, accessLink, table, words } from './ui.js';

const PAGE = 50;
const RELATIONS = ['Finetune', 'Adapter', 'Quantized', 'Merge'];
const relClass = r => String(r ?? 'base').toLowerCase();
const relWord = r => ({ finetune: 'fine-tune', adapter: 'adapter', quantized: 'quantized', merge: 'merge' })[relClass(r)] ?? 'base';
const badge = r => el('span', { class: `rel ${relClass(r)}` }, relWord(r));

// ---- search ----
const form = $('#search');
const input = form.elements.q;
const results = $('#results');
let searchTimer;

input.addEventListener('input', () => {
  clearTimeout(searchTimer);
  const prefix = input.value.trim();
  if (prefix.length < 2) { results.hidden = true; return; }
  searchTimer = setTimeout(() => search(prefix), 250);
});

function search(prefix) {
  results.hidden = false;
  load(results, async () => {
    const list = $('ul', results);
    const found = listOf(await lineage.search({ prefix, limit: 10 }), 'models', 'results');
    list.replaceChildren(...found.map(m => el('li', {}, modelLink(m.id),
      el('span', { class: 'desc' }, ` · ${words(m.kind)} · ${fmtInt(m.downloads)} downloads · created ${fmtDate(m.createdAt)}`))));
    return found.length > 0;
  }, { loading: 'Searching…', empty: `No model id starts with “${prefix}”.` });
}

form.addEventListener('submit', e => {
  e.preventDefault();
  const id = input.value.trim();
  if (!id) return;
  results.hidden = true;
  setParams({ id });
  $('#browse').hidden = true;
  show(id);
});

// ---- one model ----
async function show(id) {
  $('#model-view').hidden = false;
  $('#model-title').textContent = id;
  document.title = `${id} · Model · OpenAccess`;
  let answer;
  await load($('#summary'), async () => {
    answer = await lineage.model(id);
    // A model that declares no parent may have one recovered from its name and metadata: shown apart, dashed. A deployment
    // that does not run recovery answers 400, and the page shows the declared lineage alone.
    if (!(answer.parents?.length || answer.graph?.parents?.length))
      answer.inferred = (await lineage.inferredParents(id).catch(() => null))?.link ?? null;
    renderSummary(id, answer);
  }, { loading: `Loading ${id}…` });
  const sections = ['#children-counts', '#scores', '#lineage', '#descendants'].map(s => $(s));
  sections.forEach(s => s.hidden = !answer);
  if (!answer) return;
  load($('#children-counts'), () => renderCounts(id, answer), { empty: 'No model builds on this one.' });
  load($('#scores'), () => renderScores(answer), { empty: 'No leaderboard scores for this model or its base in the data.' });
  load($('#lineage'), () => renderLineage(id, answer));
  loadDescendants(id);
}

function renderSummary(id, a) {
  const m = a.model ?? {};
  const g = a.graph ?? {};
  const families = g.families ?? [];
  // a.parents names each link's source: the Hub's tags, or (when they name none) the leaderboard's base model.
  const parents = a.parents?.length ? a.parents : (g.parents ?? m.parents ?? []);
  const lb = a.fromLeaderboard;
  const fromLb = v => el('span', {}, [v, el('span', { class: 'source' }, ` (from ${lb.source})`)]);
  const hubLicense = (m.tags ?? []).find(t => t.startsWith('license:'))?.slice('license:'.length);
  const content = $('#summary .content');
  content.replaceChildren(
    el('dl', { class: 'facts' },
      fact('Author', m.author ?? g.author),
      fact('Created', fmtDate(m.createdAt ?? g.createdAt)),
      fact('Type', g.kind ? words(g.kind) : (parents.length ? relWord(parents[0].relation) : 'pretrained (no parent)')),
      fact('Architecture', g.architecture ?? m.modelType ?? m.architectures?.[0] ?? (lb?.architecture ? fromLb(lb.architecture) : 'unknown')),
      fact('Parameters', (g.parameterCount ?? m.parameterCount) == null && lb?.parameterCount ? fromLb(fmtParams(lb.parameterCount)) : fmtParams(g.parameterCount ?? m.parameterCount)),
      fact('Licence', hubLicense ?? (lb?.license ? fromLb(lb.license) : '—')),
      fact('Downloads / likes', `${fmtInt(m.downloads ?? g.downloads)} / ${fmtInt(m.likes ?? g.likes)}`),
      fact('Pipeline', m.pipelineTag ?? g.pipelineTag ?? '—'),
      fact('Parents', parents.length ? el('span', {}, parents.map((p, i) => [i ? ', ' : '', badge(p.relation), modelLink(p.id),
        p.source === 'leaderboard' ? el('span', { class: 'source', title: "The Hub's tags name no base model; the leaderboard's Base Model column does." }, ' (from the leaderboard)') : '']))
        : a.inferred ? inferredParent(a.inferred) : 'none (a base model)'),
    ),
    el('div', { class: 'links' },
      ...(families.length ? families.map(f => familyLink(f, `Adoption of family ${f}`)) : parents.length ? [] : [familyLink(id, 'Adoption of this family')]),
      accessLink(id, 'What it costs to run'),
      el('a', { href: `https://huggingface.co/${id}`, rel: 'noopener' }, 'On the Hub')));
}

const fact = (k, v) => [el('dt', {}, k), el('dd', {}, v ?? '—')];

/** An inferred parent: dashed, with how sure and, on hover, the evidence. */
const inferredParent = p => el('span', { class: 'inferred', title: (p.evidence ?? []).map(e => `${e.source}: ${e.detail}`).join('\n') },
  badge(p.relation), modelLink(p.id),
  el('span', { class: 'source' }, ` (inferred, ${Math.round(p.confidence * 100)} % sure; declares none)`));

async function renderCounts(id, a) {
  let counts = a.graph?.children;
  if (!counts) counts = await countChildren(id, a);
  const total = counts.total ?? RELATIONS.reduce((n, r) => n + (counts[r.toLowerCase()] ?? 0), 0);
  $('#children-counts .content').replaceChildren(el('div', { class: 'figures' },
    figure('total', 'All children', total),
    ...RELATIONS.map(r => figure(r.toLowerCase(), `${words(relWord(r))} children`, counts[r.toLowerCase()] ?? 0))));
  if (total === 0) return false;
  draw($('#children-counts canvas'), {
    type: 'bar', labels: RELATIONS.map(relWord), label: 'Direct children by relation',
    datasets: [{ label: 'Direct children', data: RELATIONS.map(r => counts[r.toLowerCase()] ?? 0), backgroundColor: RELATIONS.map(r => relationColours[r]) }],
    x: { title: 'Relation to this model' }, y: { title: 'Children (count)' },
    legendFilter: () => true,
  });
}

const figure = (key, label, value) => el('div', { class: 'figure', 'data-relation': key }, el('span', { class: 'value' }, fmtInt(value)), el('span', { class: 'label' }, label));

/** Without the graph's counts, count the children pages by relation. */
async function countChildren(id, a) {
  const counts = { finetune: 0, adapter: 0, quantized: 0, merge: 0 };
  let children = a.children ?? [];
  if ((a.childrenTotal ?? 0) > children.length) {
    children = [];
    for (let offset = 0; offset < a.childrenTotal; offset += 1000)
      children.push(...(await lineage.children(id, offset, 1000)).children);
  }
  for (const c of children) counts[relClass(c.relation)]++;
  return counts;
}

function renderScores(a) {
  const own = a.benchmarks ?? a.scores ?? a.graph?.benchmarks;
  const base = a.baseBenchmarks ?? a.base?.benchmarks;
  if (!own?.scores || !Object.keys(own.scores).length) return false;
  const names = Object.keys(own.scores);
  const rows = names.map(n => ({ n, own: own.scores[n], base: base?.scores?.[n] }));
  rows.push({ n: 'Average', own: own.average, base: base?.average });
  $('#scores .content').replaceChildren(table([
    { label: 'Benchmark', value: r => r.n },
    { label: 'This model', num: true, value: r => fmtNum(r.own, 2) },
    { label: base ? `Base (${base.modelId})` : 'Base', num: true, value: r => fmtNum(r.base, 2) },
    { label: 'Change (points)', num: true, value: r => r.base === undefined || r.base === null ? '—' : fmtNum(r.own - r.base, 2) },
  ], rows));
}

// ---- lineage tree ----
async function renderLineage(id, a) {
  const box = $('#lineage .ancestors');
  let paths;
  try {
    paths = listOf(await lineage.ancestors(id), 'paths');
  } catch {
    // Until the ancestors endpoint answers, the parents the model lists are one level of it.
    paths = (a.graph?.parents ?? a.model?.parents ?? []).map(p => ({ steps: [p], endsAtPendingModel: false }));
  }
  box.replaceChildren(paths.length
    ? el('ol', {}, paths.map(p => el('li', {},
        [...p.steps].reverse().flatMap((s, i, all) => [modelLink(s.id), ' ', i < all.length ? badge(s.relation) : null, ' → ']),
        el('strong', {}, id),
        p.endsAtPendingModel ? el('span', { class: 'desc' }, ' (the top model is not in the data yet)') : null)))
    : a.inferred
      ? el('ol', {}, el('li', { class: 'inferred-link' }, modelLink(a.inferred.id), ' ', badge(a.inferred.relation),
          el('span', { class: 'dashed-arrow', 'aria-label': 'inferred link' }, ''), el('strong', {}, id),
          el('span', { class: 'desc' }, ` (inferred, ${Math.round(a.inferred.confidence * 100)} % sure: the model declares no parent)`)))
      : el('p', { class: 'desc' }, 'None: this is a base model.'));

  const root = el('li', { class: 'current' }, el('span', {}, id), el('span', { class: 'meta' }, `${fmtInt(a.childrenTotal)} direct children`));
  const tree = el('ul', { class: 'tree', role: 'tree', 'aria-label': `Descendants of ${id}` }, root);
  $('#lineage .tree-root').replaceChildren(tree);
  const list = el('ul', { role: 'group' });
  root.append(list);
  await appendChildren(id, list, 0, a.children && a.children.length ? { children: a.children.slice(0, PAGE), total: a.childrenTotal } : null);
}

/** Appends a page of children to `list`, then a "show more" button while more remain. */
async function appendChildren(id, list, offset, first) {
  const page = first ?? await lineage.children(id, offset, PAGE).then(p => ({ children: p.children, total: p.total }));
  if (offset === 0 && page.children.length === 0) {
    list.append(el('li', { class: 'desc' }, 'No derivatives.'));
    return;
  }
  for (const c of page.children) list.append(node(c));
  const shown = offset + page.children.length;
  if (shown < page.total) {
    const more = el('button', { type: 'button', class: 'secondary' }, `Show ${fmtInt(Math.min(PAGE, page.total - shown))} more of ${fmtInt(page.total - shown)} remaining`);
    const item = el('li', {}, more);
    more.addEventListener('click', async () => {
      more.disabled = true;
      more.textContent = 'Loading…';
      try {
        item.remove();
        await appendChildren(id, list, shown);
      } catch (e) {
        list.append(el('li', { class: 'status error', role: 'alert' }, `Error: ${e.message}`));
      }
    });
    list.append(item);
  }
}

function node(c) {
  const children = el('ul', { role: 'group' });
  const details = el('details', {},
    el('summary', {}, badge(c.relation), modelLink(c.id), el('span', { class: 'meta' }, c.createdAt ? `created ${fmtDate(c.createdAt)}` : '')),
    children);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    const wait = el('li', { class: 'status loading', role: 'status' }, 'Loading…');
    children.append(wait);
    try {
      await appendChildren(c.id, children, 0);
    } catch (e) {
      children.append(el('li', { class: 'status error', role: 'alert' }, `Error: ${e.message}`));
    } finally {
      wait.remove();
    }
  });
  return el('li', { class: relClass(c.relation), role: 'treeitem' }, details);
}

// ---- descendants, cursor paged ----
const descForm = $('#descendants form');
let cursors = [];

function loadDescendants(id, after) {
  const f = new FormData(descForm);
  const query = { relation: f.get('relation') || undefined, maxDepth: f.get('maxDepth') || undefined, sort: f.get('sort'), descending: true, limit: 25, after };
  const section = $('#descendants');
  load(section, async () => {
    const page = await lineage.descendants(id, query);
    const items = listOf(page, 'items');
    const content = $('.content', section);
    content.replaceChildren();
    if (!items.length) return false;
    const from = cursors.length * 25;
    const nav = el('div', { class: 'links' },
      el('span', {}, `${fmtInt(from + 1)}–${fmtInt(from + items.length)} of ${fmtInt(page.totalMatching)}`),
      cursors.length ? el('button', { type: 'button', class: 'secondary', onclick: () => { cursors.pop(); loadDescendants(id, cursors.at(-1)); } }, 'Previous page') : null,
      page.next ? el('button', { type: 'button', class: 'secondary', onclick: () => { cursors.push(page.next); loadDescendants(id, page.next); } }, 'Next page') : null);
    content.append(table([
      { label: 'Model', value: r => modelLink(r.id) },
      { label: 'Relation', value: r => badge(r.relation) },
      { label: 'Type', value: r => words(r.kind) },
      { label: 'Depth', num: true, value: r => fmtInt(r.depth) },
      { label: 'Created', value: r => fmtDate(r.createdAt) },
      { label: 'Downloads', num: true, value: r => fmtInt(r.downloads) },
      { label: 'Likes', num: true, value: r => fmtInt(r.likes) },
    ], items), nav);
  }, { empty: 'No descendants match.' });
}

descForm.addEventListener('submit', e => {
  e.preventDefault();
  cursors = [];
  loadDescendants(params().get('id'));
});

const start = params().get('id');
if (start) {
  input.value = start;
  show(start);
} else {
  browse($('#browse'), modelLink);
}
