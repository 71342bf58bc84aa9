// Something to browse where a page opens with no model chosen (the Model and Access pages): the largest families, the most
// downloaded models and the newest, each linking to the page's view of that model.
import { lineage, listOf } from './api.js';
import { load, $, el, fmtInt, fmtDate } from './ui.js';

const SHOWN = 8;

/** Fills the three lists of #browse; link(id) makes an item's link (a page of this dashboard for that model). */
export function browse(section, link) {
  section.hidden = false;
  const list = (selector, work, empty) => load($(selector, section), async () => {
    const items = await work();
    $(`${selector} ol`, section).replaceChildren(...items.map(([id, detail]) => el('li', {}, link(id), el('span', { class: 'desc' }, ` · ${detail}`))));
    return items.length > 0;
  }, { empty });
  list('#browse-families', async () => listOf(await lineage.families(SHOWN), 'families')
    .map(f => [f.familyId, `${fmtInt(f.derivatives)} derivatives`]), 'No family has derivatives yet.');
  list('#browse-downloads', async () => listOf(await lineage.search({ sort: 'downloads', limit: SHOWN }), 'models')
    .map(m => [m.id, `${fmtInt(m.downloads)} downloads`]), 'No model yet.');
  list('#browse-newest', async () => listOf(await lineage.search({ sort: 'newest', limit: SHOWN }), 'models')
    .map(m => [m.id, `created ${fmtDate(m.createdAt)}`]), 'No dated model yet.');
}
