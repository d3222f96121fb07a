// The event panel: fields, sources, revisions and each article with its evidence highlighted.
// Everything from articles goes in as text nodes (dom.js); links only for http(s) URLs.
import { colorOf } from "./colors.js";
import { clear, h, highlighted, safeUrl } from "./dom.js";

const FIELDS = [
  ["event_date", "Date"], ["disorder_type", "Disorder"], ["event_type", "Event type"],
  ["sub_event_type", "Sub-event type"], ["actor1", "Actor 1"], ["assoc_actor_1", "Associated 1"],
  ["actor2", "Actor 2"], ["assoc_actor_2", "Associated 2"], ["civilian_targeting", "Civilian targeting"],
  ["location", "Location"], ["admin2", "District"], ["admin1", "Province"], ["country", "Country"],
  ["geo_precision", "Geo precision"], ["time_precision", "Time precision"], ["notes", "Notes"],
  ["confidence", "Confidence"], ["event_id", "Event id"],
];

function fatalities(e) {
  return `${e.fatalities} (low ${e.fatalities_low}, best ${e.fatalities_best}, high ${e.fatalities_high})`;
}

function link(url, text) {
  return safeUrl(url) ? h("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, text)
    : h("span", {}, text);
}

export function showLoading(panel) {
  clear(panel).append(h("p", { class: "hint" }, "Loading the event…"));
}

export function showError(panel, message) {
  clear(panel).append(h("p", { class: "error" }, message));
}

/** Fill `panel` with the detail of one event (the JSON of GET /events/{id}). */
export function showEvent(panel, detail) {
  const e = detail.event;
  clear(panel);
  panel.dataset.eventId = e.event_id;
  const swatch = h("span", { class: "swatch" });
  swatch.style.background = colorOf(e.event_type);
  panel.append(h("h2", {}, swatch, `${e.sub_event_type} · ${e.location || e.admin1 || e.country}`));

  const rows = FIELDS.filter(([k]) => e[k] !== "" && e[k] !== null && e[k] !== undefined)
    .map(([k, label]) => h("tr", {}, h("th", {}, label), h("td", { "data-field": k }, String(e[k]))));
  rows.splice(10, 0, h("tr", {}, h("th", {}, "Fatalities"), h("td", { "data-field": "fatalities" }, fatalities(e))));
  panel.append(h("table", { class: "fields" }, rows));

  panel.append(h("h3", {}, `Sources (${detail.sources.length})`));
  panel.append(h("ul", { class: "sources" }, detail.sources.map((s) => h("li", {},
    link(s.url, s.title || s.article_id), " · ", s.source || "unknown source", " · ", s.published,
    h("div", { class: "muted" }, `${s.sub_event_type}; fatalities ${s.fatalities}`)))));

  if (detail.revisions.length) {
    panel.append(h("h3", {}, "Revisions"));
    panel.append(h("ol", { class: "revisions" }, detail.revisions.map((r) => h("li", {},
      `${r.at.slice(0, 19).replace("T", " ")} · ${r.cause} · ${r.article_id}`,
      r.cause !== "created" && Object.keys(r.changes).length
        ? h("div", { class: "muted" }, Object.entries(r.changes)
          .map(([k, [a, b]]) => `${k}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`).join("; "))
        : null))));
  }

  panel.append(h("h3", {}, "Articles, with the words each field came from"));
  for (const a of detail.articles) {
    const body = h("p", { class: "article-text" });
    body.append(highlighted(a.text, a.spans));
    panel.append(h("article", { class: "article", "data-article-id": a.article_id },
      h("h4", {}, link(a.url, a.title || a.article_id)),
      h("div", { class: "muted" }, `${a.source || "unknown source"} · ${a.published}`),
      body));
  }
}
