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
  const chart = new Chart(canvas, {
    type: spec.type ?? 'line',
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
