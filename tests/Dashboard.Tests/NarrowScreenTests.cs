using OpenAccess.Dashboard.Tests.Infrastructure;

namespace OpenAccess.Dashboard.Tests;

/// <summary>
/// Every page at 400 px: no chart reaches past its card, no table is cut by a box that does not scroll, no form control
/// reaches past the page, and no axis title
/// is longer than its axis (Chart.js squeezes such a title into the axis, which reads as cut).
/// </summary>
public sealed partial class DashboardPageTests
{
    public static TheoryData<string, string[]> NarrowPages => new()
    {
        { "/", ["#authors", "#new-models", "#architectures", "#concentration", "#benchmarks", "#repositories", "#families"] },
        { $"/model.html?id={Uri.EscapeDataString(Llama)}", ["#summary", "#children-counts", "#scores", "#lineage"] },
        { $"/family.html?id={Uri.EscapeDataString(Llama)}", ["#curve", "#parameters", "#outlier", "#organisations"] },
        { $"/access.html?id={Uri.EscapeDataString(Phi)}", ["#profile", "#memory", "#resourcing", "#kv", "#usability", "#openness", "#whatif"] },
        { "/access.html", ["#browse-families", "#openness-families"] },
        { "/runs.html", ["#run", "#runs"] },
    };

    /// <summary>
    /// Lists what does not fit: a form control reaching past the page's right edge; a canvas outside its card's content box; a table wider than the nearest ancestor that
    /// clips it (overflow-x not visible, else the viewport) when that ancestor does not scroll, or a scrolling wrapper
    /// wider than its card; an axis title, measured with its chart's context and font, longer than the axis (the plot's
    /// height for a vertical axis, its width for a horizontal one).
    /// </summary>
    const string Misfits = """
        (() => {
          const out = [];
          const where = e => `${e.closest('section[id]')?.id ?? '?'} ${e.tagName.toLowerCase()}`;
          const contentBox = card => {
            const r = card.getBoundingClientRect(), s = getComputedStyle(card);
            const left = r.left + card.clientLeft + parseFloat(s.paddingLeft);
            return { left, right: r.left + card.clientLeft + card.clientWidth - parseFloat(s.paddingRight) };
          };
          const outside = (box, within) => box.left < within.left - 0.5 || box.right > within.right + 0.5;
          const span = b => `${Math.round(b.left)}–${Math.round(b.right)}`;
          for (const canvas of document.querySelectorAll('canvas')) {
            const box = canvas.getBoundingClientRect();
            if (!box.width) continue;
            const card = contentBox(canvas.closest('.card'));
            if (outside(box, card)) out.push(`${where(canvas)}: canvas at ${span(box)} px, its card's content at ${span(card)} px`);
            const chart = Chart.getChart(canvas);
            for (const scale of Object.values(chart?.scales ?? {})) {
              const title = scale.options.title;
              if (!title.display || !title.text) continue;
              chart.ctx.font = Chart.helpers.toFont(title.font).string;
              const length = scale.isHorizontal() ? scale.width : scale.height;
              for (const line of [title.text].flat()) {
                const width = chart.ctx.measureText(line).width;
                if (width > length + 0.5) out.push(`${where(canvas)}: axis ${scale.id} title "${line}" is ${Math.round(width)} px on a ${Math.round(length)} px axis`);
              }
            }
          }
          for (const table of document.querySelectorAll('table')) {
            const box = table.getBoundingClientRect();
            if (!box.width) continue;
            let clip = table.parentElement;
            while (clip !== document.documentElement && getComputedStyle(clip).overflowX === 'visible') clip = clip.parentElement;
            const card = table.closest('.card');
            if (['auto', 'scroll'].includes(getComputedStyle(clip).overflowX) && clip !== document.documentElement) {
              const wrapper = clip.getBoundingClientRect();
              if (card && outside(wrapper, contentBox(card))) out.push(`${where(table)}: its scrolling box at ${span(wrapper)} px, its card's content at ${span(contentBox(card))} px`);
              continue;
            }
            const within = clip === document.documentElement ? { left: 0, right: window.innerWidth } : clip.getBoundingClientRect();
            if (outside(box, within)) out.push(`${where(table)}: table at ${span(box)} px, cut by ${clip.tagName.toLowerCase()}${clip.id ? '#' + clip.id : ''} at ${span(within)} px`);
            if (card && outside(box, contentBox(card))) out.push(`${where(table)}: table at ${span(box)} px, its card's content at ${span(contentBox(card))} px`);
          }
          for (const control of document.querySelectorAll('input, select, button')) {
            const box = control.getBoundingClientRect();
            if (box.width && box.right > document.documentElement.clientWidth + 0.5)
              out.push(`${where(control)}${control.name ? '[name=' + control.name + ']' : ''}: reaches ${Math.round(box.right)} px on a ${document.documentElement.clientWidth} px page`);
          }
          return out;
        })()
        """;

    [Theory]
    [MemberData(nameof(NarrowPages))]
    public async Task At_400_px_every_chart_and_table_fits_its_card_and_every_axis_title_its_axis(string path, string[] sections)
    {
        await host.GetWhenReadyAsync($"/api/access/models/{Phi}");
        await host.GetWhenReadyAsync($"/api/fitting/fits/{Llama}", 180);
        await using var page = await OpenAsync(path, 400, 800);
        await WaitSettledAsync(page, sections);
        // Chart.js lays a chart out again after its container settles; wait two frames for that.
        await page.EvaluateAsync<bool>("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");

        var misfits = await page.EvaluateAsync<string[]>(Misfits);
        var charts = await page.EvaluateAsync<int>("[...document.querySelectorAll('canvas')].filter(c => Chart.getChart(c)).length");
        var tables = await page.EvaluateAsync<int>("document.querySelectorAll('table').length");

        Assert.True(charts + tables > 0, $"{path} shows no chart and no table to check");
        Assert.True(misfits.Length == 0, $"At 400 px on {path}:\n{string.Join("\n", misfits)}");
        var name = path == "/" ? "ecosystem" : path.TrimStart('/').Split('.')[0];
        await FinishAsync(page, $"narrow-{name}", 400, 800);
    }
}
