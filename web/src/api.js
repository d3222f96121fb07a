// The page's only way to the server: same-origin fetches, with the user's token when one is set.
// The token lives in sessionStorage (this tab only, gone when it closes), typed into the page's
// token form: never in the URL, a cookie or markup, and no inline script is needed (strict CSP).

const TOKEN_KEY = "sitrep.token";

export class NeedsToken extends Error {}

/** The server refused an action: `status` (400, 403, 404, 409) and its error `code` (E0xx). */
export class Refused extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function headers() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export function hasToken() {
  return Boolean(sessionStorage.getItem(TOKEN_KEY));
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** Query string of the non-empty values of `params`. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
  return q.toString();
}

async function get(path, params) {
  const response = await fetch(`${path}?${query(params)}`, { headers: headers(), credentials: "same-origin" });
  if (response.status === 401) throw new NeedsToken("read token needed");
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch { /* not JSON */ }
    throw new Error(detail);
  }
  return response;
}

export async function getJson(path, params = {}) {
  return (await get(path, params)).json();
}

/** Every event of the filter as GeoJSON features (light fields only), page by page. */
export async function allFeatures(filters, { pageSize = 1000, max = 50000 } = {}) {
  const fields = "event_id,event_date,event_type,sub_event_type,fatalities,location,admin1,admin2,country,reviewed";
  const features = [];
  let total = 0;
  for (let offset = 0; offset < max; offset += pageSize) {
    const response = await get("/events", { ...filters, format: "geojson", fields, limit: pageSize, offset,
      order: "event_id" });
    const page = await response.json();
    total = page["sitrep:total"];
    features.push(...page.features);
    if (offset + pageSize >= total) break;
  }
  return { features, total };
}

/** Download the current selection in `format` (csv or geojson) through a Blob, so the token travels too. */
export async function download(filters, format, limit) {
  const response = await get("/events", { ...filters, format, limit, order: "event_date" });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `sitrep-events.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Who the token is: `{name, role}`, or null without a token (a reader's view). */
export async function whoami() {
  if (!hasToken()) return null;
  const response = await fetch("/whoami", { headers: headers(), credentials: "same-origin" });
  if (!response.ok) throw new NeedsToken("the token is not valid");
  return response.json();
}

/** A review action: `method` `path` with a JSON `body`; the answer's JSON, or Refused / NeedsToken. */
export async function send(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { ...headers(), "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  let data = null;
  try { data = await response.json(); } catch { /* not JSON */ }
  if (response.status === 401) throw new NeedsToken((data && data.detail) || "token needed");
  if (!response.ok) {
    throw new Refused(response.status, (data && data.error) || `HTTP${response.status}`,
      (data && data.detail) || response.statusText);
  }
  return data;
}
