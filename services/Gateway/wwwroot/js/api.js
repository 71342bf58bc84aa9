// Every call to the OpenAccess APIs. Errors carry the ProblemDetails text the service gave.

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `The server answered ${status}.`);
    this.status = status;
    this.title = title;
  }
}

/** Hub ids are "author/name": each segment is encoded, the slash is kept (the APIs route both parts). */
export const idPath = id => id.split('/').map(encodeURIComponent).join('/');

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function read(response) {
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const title = body?.title ?? response.statusText;
    let detail = body?.detail;
    if (!detail && body?.errors) detail = Object.values(body.errors).flat().join(' ');
    throw new ApiError(response.status, title, detail ? `${detail}` : `${title || 'Error'} (HTTP ${response.status})`);
  }
  return body;
}

export async function getJson(path, params) {
  let response;
  try {
    response = await fetch(path + query(params), { headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'Network error', 'The server could not be reached.');
  }
  return read(response);
}

export async function postJson(path, body) {
  let response;
  try {
    response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'Network error', 'The server could not be reached.');
  }
  return read(response);
}

/** A list answer may be a bare array or a page object ({ items }, { models }, { families }). */
export const listOf = (x, ...keys) => Array.isArray(x) ? x : (keys.concat(['items']).map(k => x?.[k]).find(Array.isArray) ?? []);

export const lineage = {
  model: id => getJson(`/api/lineage/models/${idPath(id)}`),
  children: (id, offset, limit) => getJson(`/api/lineage/models/${idPath(id)}/children`, { offset, limit }),
  ancestors: id => getJson(`/api/lineage/models/${idPath(id)}/ancestors`),
  inferredParents: id => getJson(`/api/lineage/models/${idPath(id)}/inferred-parents`),
  descendants: (id, p) => getJson(`/api/lineage/models/${idPath(id)}/descendants`, p),
  families: limit => getJson('/api/lineage/families', { limit }),
  family: id => getJson(`/api/lineage/families/${idPath(id)}`),
  search: p => getJson('/api/lineage/search', p),
  stats: (name, p) => getJson(`/api/lineage/stats/${name}`, p),
};

export const fitting = {
  fit: id => getJson(`/api/fitting/fits/${idPath(id)}`),
  forecast: (id, horizon) => getJson(`/api/fitting/fits/${idPath(id)}/forecast`, { horizon }),
  fits: p => getJson('/api/fitting/fits', p),
  outliers: () => getJson('/api/fitting/outliers'),
  organizations: () => getJson('/api/fitting/organizations'),
};

export const access = {
  profile: id => getJson(`/api/access/models/${idPath(id)}`),
  whatIf: body => postJson('/api/access/what-if', body),
  catalogue: name => getJson(`/api/access/catalogues/${name}`),
  openness: query => getJson('/api/access/openness/stats', query),
};

export const harvest = {
  runs: limit => getJson('/api/harvest/runs', { limit }),
  run: id => getJson(`/api/harvest/runs/${encodeURIComponent(id)}`),
};
