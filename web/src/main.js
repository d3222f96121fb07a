// sitrep's web page: filters kept in the URL drive the map, the timeline and the downloads.
import "leaflet/dist/leaflet.css";
import "leaflet.markercluster/dist/MarkerCluster.css";
import "leaflet.markercluster/dist/MarkerCluster.Default.css";
import "./style.css";
import { NeedsToken, allFeatures, download, getJson, setToken, whoami } from "./api.js";
import { EVENT_TYPES } from "./colors.js";
import { clear, h } from "./dom.js";
import { EventMap } from "./map.js";
import { showError, showEvent, showLoading } from "./panel.js";
import { Review, mayReview } from "./review.js";
import { Timeline } from "./timeline.js";

const FILTERS = ["start", "end", "event_type", "actor", "admin1", "admin2"];
const form = document.getElementById("filters");
const status = document.getElementById("status");
const panel = document.getElementById("panel");
const mapElement = document.getElementById("map");
let total = 0;
let generation = 0;
let user = null;  // {name, role} of the token, null for none (a reader's view)

function readUrl() {
  const q = new URLSearchParams(location.search);
  const f = {};
  for (const k of FILTERS) f[k] = q.get(k) || "";
  return { filters: f, event: q.get("event") || "", review: q.get("review") === "1" };
}

/** Review mode is on when the URL asks for it and the token is an editor's or an admin's. */
function reviewing() {
  return readUrl().review && user !== null && mayReview(user.role);
}

function writeUrl(filters, event, review = readUrl().review) {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (filters[k]) q.set(k, filters[k]);
  if (event) q.set("event", event);
  if (review) q.set("review", "1");
  const url = `${location.pathname}${q.toString() ? `?${q}` : ""}`;
  if (url === `${location.pathname}${location.search}`) return false;
  history.pushState(null, "", url);
  return true;
}

function formFilters() {
  const f = {};
  for (const k of FILTERS) f[k] = (form.elements[k].value || "").trim();
  return f;
}

function setForm(filters) {
  for (const k of FILTERS) {
    const el = form.elements[k];
    if (el.tagName === "SELECT" && filters[k] && ![...el.options].some((o) => o.value === filters[k])) {
      el.append(h("option", { value: filters[k] }, filters[k]));
    }
    el.value = filters[k];
  }
}

function fillSelect(select, values, current) {
  const keep = current || select.value;
  clear(select).append(h("option", { value: "" }, "all"));
  for (const v of values) select.append(h("option", { value: v }, v));
  if (keep && !values.includes(keep)) select.append(h("option", { value: keep }, keep));
  select.value = keep;
}

const map = new EventMap(mapElement, { onSelect: (id) => selectEvent(id) });
const timeline = new Timeline(document.getElementById("timeline"), {
  onBrush: (start, end) => {
    form.elements.start.value = start;
    form.elements.end.value = end;
    document.getElementById("brush-clear").hidden = false;
    apply();
  },
});

const review = new Review(document.getElementById("queue"), {
  open: (id) => selectEvent(id),
  changed: async (id) => {
    await render();
    if (id) await selectEvent(id);
    else clear(panel).append(h("p", { class: "hint" }, "Rejected: it left the map and the exports."));
  },
});

async function selectEvent(id) {
  const { filters } = readUrl();
  writeUrl(filters, id);
  showLoading(panel);
  try {
    const detail = await getJson(`/events/${encodeURIComponent(id)}`);
    showEvent(panel, detail, { tools: reviewing() ? review.tools(detail) : null });
    map.select(detail.event.event_id);
  } catch (err) {
    handle(err, () => showError(panel, `Could not load event ${id}: ${err.message}`));
  }
}

function handle(err, otherwise) {
  if (err instanceof NeedsToken) {
    document.getElementById("token").hidden = false;
    status.textContent = "This server needs a token.";
  } else {
    otherwise();
  }
}

/** Show who is signed in, and the review switch to editors and admins only. */
function showUser() {
  const who = document.getElementById("who");
  who.textContent = user ? `${user.name} (${user.role})` : "";
  document.getElementById("signin").hidden = user !== null;
  document.getElementById("signout").hidden = user === null;
  const toggle = document.getElementById("review-toggle");
  toggle.hidden = !(user && mayReview(user.role));
  toggle.setAttribute("aria-pressed", reviewing() ? "true" : "false");
  toggle.textContent = reviewing() ? "Leave review" : "Review";
  document.body.classList.toggle("reviewing", reviewing());
  document.getElementById("queue").hidden = !reviewing();
  document.body.dataset.role = user ? user.role : "none";
}

async function identify() {
  const problem = document.getElementById("token-error");
  problem.textContent = "";
  try {
    user = await whoami();
  } catch {
    user = null;
    setToken("");
    document.getElementById("token").hidden = false;
    problem.textContent = "That token is not valid here.";
  }
  showUser();
  if (reviewing()) await review.load().catch((err) => handle(err, () => {
    status.textContent = `Could not load the review queue: ${err.message}`;
  }));
}

async function refreshOptions(filters) {
  const types = new Set(EVENT_TYPES.map(([t]) => t));
  const stats = await getJson("/stats", { by: "event_type" });
  for (const row of stats.rows) types.add(row.key);
  fillSelect(form.elements.event_type, [...types], filters.event_type);
  const admin1 = await getJson("/stats", { by: "admin1" });
  fillSelect(form.elements.admin1, admin1.rows.map((r) => r.key).filter(Boolean), filters.admin1);
  const admin2 = filters.admin1 ? await getJson("/stats", { by: "admin2", admin1: filters.admin1 }) : { rows: [] };
  fillSelect(form.elements.admin2, admin2.rows.map((r) => r.key).filter(Boolean), filters.admin2);
}

/** Load map and timeline for the filters in the URL. */
async function render() {
  const mine = ++generation;
  const { filters, event } = readUrl();
  setForm(filters);
  mapElement.dataset.state = "loading";
  status.textContent = "Loading events…";
  try {
    await refreshOptions(filters);
    const { start, end, ...rest } = filters;
    const [points, weeks] = await Promise.all([allFeatures(filters), getJson("/stats", { ...rest, by: "week" })]);
    if (mine !== generation) return;
    total = points.total;
    map.show(points.features);
    timeline.show(weeks.rows, start || end ? [start, end] : null);
    document.getElementById("brush-clear").hidden = !(start || end);
    const off = total - points.features.length;
    status.textContent = `${total} event${total === 1 ? "" : "s"}` + (off ? ` (${off} without coordinates)` : "");
    mapElement.dataset.total = String(total);
    mapElement.dataset.state = "ready";
    mapElement.dataset.render = String(mine);  // lets tests wait for this render (no eval under the CSP)
    map.select(event);
    if (event && panel.dataset.eventId !== event) selectEvent(event);
  } catch (err) {
    if (mine !== generation) return;
    mapElement.dataset.state = "error";
    handle(err, () => { status.textContent = `Could not load events: ${err.message}`; });
  }
}

function apply() {
  const f = formFilters();
  if (f.admin1 !== readUrl().filters.admin1) f.admin2 = "";
  if (writeUrl(f, "")) render();  // the same filters twice (change, then Enter) load once
}

form.addEventListener("change", apply);
form.addEventListener("submit", (e) => { e.preventDefault(); apply(); });
form.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); apply(); } });
document.getElementById("clear").addEventListener("click", () => {
  for (const k of FILTERS) form.elements[k].value = "";
  apply();
});
document.getElementById("brush-clear").addEventListener("click", () => {
  form.elements.start.value = "";
  form.elements.end.value = "";
  apply();
});
for (const format of ["csv", "geojson"]) {
  document.getElementById(`download-${format}`).addEventListener("click", () => {
    download(readUrl().filters, format, Math.max(1, Math.min(total, 100000)))
      .catch((err) => handle(err, () => { status.textContent = `Download failed: ${err.message}`; }));
  });
}
document.getElementById("token-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  setToken(e.target.elements.token.value.trim());
  e.target.elements.token.value = "";
  document.getElementById("token").hidden = true;
  await identify();
  panel.dataset.eventId = "";  // redraw the open event with (or without) the review tools
  render();
});
document.getElementById("signin").addEventListener("click", () => {
  document.getElementById("token").hidden = false;
  document.querySelector("#token-form input[name=token]").focus();
});
document.getElementById("signout").addEventListener("click", () => {
  setToken("");
  user = null;
  showUser();
  panel.dataset.eventId = "";
  render();
});
document.getElementById("review-toggle").addEventListener("click", async () => {
  const { filters, event, review: on } = readUrl();
  writeUrl(filters, event, !on);
  showUser();
  if (reviewing()) await review.load();
  panel.dataset.eventId = "";
  if (event) selectEvent(event);
  else if (reviewing()) review.step(1);
});
window.addEventListener("popstate", async () => { showUser(); if (reviewing()) await review.load(); render(); });

map.loadBoundaries();
identify().then(render);
