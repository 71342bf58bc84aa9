// Chart.js (vendored UMD build, global `Chart`) with the dashboard's defaults: axes titled with units,
// a legend, no animation, colour-blind-safe colours. Each canvas records how many points it draws.

const palette = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#4a5360', '#b8a200', '#7a3b8f', '#8c564b', '#17becf', '#9a9a9a'];
export const colour = i => palette[i % palette.length];
export const relationColours = { Finetune: '#0072b2', Adapter: '#d55e00', Quantized: '#009e73', Merge: '#cc79a7' };

const charts = new WeakMap();

function ready() {
  if (!window.Chart) throw new Error('The chart library did not load (vendor/chart.js).');
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.color = '#1b1f24';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
}

/**
 * Chart.js draws an axis title along its axis and squeezes one longer than the axis (the plot's height for a y-axis)
 * into it, which reads as cut on a narrow screen. After each layout every title gets the largest font from 12 to 10 px
 * at which it fits, on one line or else split at spaces into two or three; a change is laid out again at once.
 */
const fitAxisTitles = {
  id: 'fitAxisTitles',
  afterLayout(chart) {
    let changed = false;
    for (const scale of Object.values(chart.scales)) {
      const title = chart.options.scales[scale.id]?.title;
      const whole = titles.get(chart.canvas)?.[scale.id];
      if (!title?.display || !whole) continue;
      const fit = fittedTitle(chart.ctx, whole, title.font, scale.isHorizontal() ? scale.width : scale.height);
      if (fit.size !== title.font.size || String(fit.lines) !== String([title.text].flat())) {
        title.font.size = fit.size;
        title.text = fit.lines.length === 1 ? fit.lines[0] : fit.lines;
        changed = true;
      }
    }
    // A chart replaced in the meantime is destroyed (no context left) and is not drawn again. Each title's change moves
    // the other axes' lengths; a few passes settle them, and a cap keeps two titles from trading space for ever.
    const passes = relayouts.get(chart) ?? 0;
    if (!changed) relayouts.delete(chart);
    else if (passes < 4) {
      relayouts.set(chart, passes + 1);
      queueMicrotask(() => chart.ctx && chart.update('none'));
    }
  },
};
const relayouts = new WeakMap();
// Each canvas's axis titles as the caller wrote them, by scale id.
const titles = new WeakMap();

function fittedTitle(ctx, text, font, length) {
  const words = text.split(' ');
  for (let count = 1; count <= Math.min(3, words.length); count++) {
    const lines = split(words, count);
    for (const size of [12, 11, 10]) {
      ctx.font = Chart.helpers.toFont({ family: font.family, style: font.style, weight: font.weight, size }).string;
      if (Math.max(...lines.map(l => ctx.measureText(l).width)) <= length) return { size, lines };
    }
  }
  return { size: 10, lines: split(words, Math.min(3, words.length)) };
}

/** The words in `count` lines of as even a length as a greedy cut gives. */
function split(words, count) {
  const target = words.join(' ').length / count;
  const lines = [];
  let line = '';
  for (const w of words) {
    if (line && lines.length < count - 1 && (line + ' ' + w).length > target) { lines.push(line); line = w; }
    else line = line ? `${line} ${w}` : w;
  }
  return [...lines, line];
}

/**
 * Draws a chart into `canvas` (replacing a previous one).
 * spec: { type, labels, datasets, x: { title, autoSkip, maxRotation }, y: { title, format, min, max, stacked, beginAtZero }, y1?: {…}, legend? }
 */
export function draw(canvas, spec) {
  ready();
  charts.get(canvas)?.destroy();
  // Only keys a caller set: an explicit `type: undefined` or `min: undefined` turns a category axis into a linear one.
  const axis = (a, extra = {}) => {
    const out = {
      title: { display: true, text: a.title, font: { weight: '600' } },
      stacked: a.stacked ?? false,
      beginAtZero: a.beginAtZero ?? true,
      ticks: a.format ? { callback: v => a.format(v) } : {},
      ...extra,
    };
    for (const k of ['min', 'max', 'type']) if (a[k] !== undefined) out[k] = a[k];
    return out;
  };
  const scales = {
    // A category axis with few labels that must all show (size buckets) sets x.autoSkip false.
    x: axis(spec.x, { beginAtZero: false, ticks: { maxRotation: spec.x.maxRotation ?? 0, autoSkip: spec.x.autoSkip ?? true, autoSkipPadding: 12 } }),
    y: axis(spec.y),
  };
  if (spec.y1) scales.y1 = axis(spec.y1, { position: 'right', grid: { drawOnChartArea: false } });
  titles.set(canvas, Object.fromEntries(Object.keys(scales).map(id => [id, spec[id].title])));
  const chart = new Chart(canvas, {
    type: spec.type ?? 'line',
    plugins: [fitAxisTitles],
    data: { labels: spec.labels, datasets: spec.datasets.map((d, i) => styled(d, i, spec.type ?? 'line')) },
    options: {
      responsive: true,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { display: true, position: 'bottom', labels: { boxWidth: 14, filter: spec.legendFilter } },
        tooltip: spec.tooltip ?? {},
      },
      scales,
      elements: { point: { radius: 0, hitRadius: 6 } },
    },
  });
  charts.set(canvas, chart);
  const points = spec.datasets.reduce((n, d) => n + d.data.filter(v => v !== null && v !== undefined).length, 0);
  canvas.dataset.points = String(points);
  canvas.dataset.series = String(spec.datasets.length);
  canvas.setAttribute('role', 'img');
  if (spec.label) canvas.setAttribute('aria-label', spec.label);
  return chart;
}

function styled(d, i, type) {
  const c = d.colour ?? colour(i);
  const kind = d.type ?? type;
  return {
    borderColor: c,
    backgroundColor: kind === 'bar' ? c : (d.fill ? hexA(c, 0.25) : c),
    borderWidth: kind === 'bar' ? 0 : 2,
    pointRadius: d.pointRadius ?? 0,
    tension: 0,
    spanGaps: false,
    ...d,
  };
}

export function hexA(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}
