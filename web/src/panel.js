// The event panel: fields, sources, revisions and each article with its evidence highlighted.
// Everything from articles goes in as text nodes (dom.js); links only for http(s) URLs.
import { colorOf } from "./colors.js";
import { append, clear, h, highlighted, safeUrl } from "./dom.js";

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

/** The "reviewed by" mark every visitor sees (readers too), and the flag when there is one. */
function reviewMark(review) {
  if (!review) return null;
  const mark = review.reviewed
    ? h("p", { class: "review-mark reviewed", "data-reviewed": "true" },
      `✓ Reviewed by ${review.reviewed_by}`, review.reviewed_at ? ` · ${review.reviewed_at.slice(0, 16).replace("T", " ")}` : "")
    : h("p", { class: "review-mark", "data-reviewed": "false" }, "Not reviewed yet: machine coding");
  return [mark, review.flag ? h("p", { class: "flag", role: "note" }, `Flagged: ${review.flag}`) : null];
}

function fieldRows(e, locked) {
  const lock = (k) => (locked.has(k) ? h("span", { class: "lock", title: "set by an analyst: fusion keeps it" }, " (analyst)") : null);
  const rows = FIELDS.filter(([k]) => e[k] !== "" && e[k] !== null && e[k] !== undefined)
    .map(([k, label]) => h("tr", {}, h("th", {}, label), h("td", { "data-field": k }, String(e[k]), lock(k))));
  const tolls = ["fatalities", "fatalities_low", "fatalities_best", "fatalities_high"];
  rows.splice(10, 0, h("tr", {}, h("th", {}, "Fatalities"), h("td", { "data-field": "fatalities" }, fatalities(e),
    tolls.some((k) => locked.has(k)) ? lock(tolls.find((k) => locked.has(k))) : null)));
  return rows;
}

function articles(detail) {
  const out = [h("h3", {}, "Articles, with the words each field came from")];
  for (const a of detail.articles) {
    const body = h("p", { class: "article-text" });
    body.append(highlighted(a.text, a.spans));
    out.push(h("article", { class: "article", "data-article-id": a.article_id },
      h("h4", {}, link(a.url, a.title || a.article_id)),
      h("div", { class: "muted" }, `${a.source || "unknown source"} · ${a.published}`),
      body));
  }
  return out;
}

/**
 * Fill `panel` with the detail of one event (the JSON of GET /events/{id}). `tools`, for an
 * editor in review mode, is the edit form: it goes beside the articles and their evidence.
 */
export function showEvent(panel, detail, { tools = null } = {}) {
  const e = detail.event;
  const review = detail.review;
  clear(panel);
  panel.dataset.eventId = e.event_id;
  panel.dataset.version = review ? review.version : "";
  panel.dataset.reviewed = review && review.reviewed ? "true" : "false";
  const swatch = h("span", { class: "swatch" });
  swatch.style.background = colorOf(e.event_type);
  panel.append(h("h2", {}, swatch, `${e.sub_event_type} · ${e.location || e.admin1 || e.country}`));
  append(panel, [reviewMark(review)]);
  const locked = new Set(review ? review.locked : []);
  const table = h("table", { class: "fields" }, fieldRows(e, locked));
  if (tools) {
    panel.append(h("div", { class: "review-layout" }, h("div", { class: "review-side" }, tools, table),
      h("div", { class: "evidence-side" }, articles(detail))));
  } else {
    panel.append(table);
  }

  panel.append(h("h3", {}, `Sources (${detail.sources.length})`));
  panel.append(h("ul", { class: "sources" }, detail.sources.map((s) => h("li", {},
    link(s.url, s.title || s.article_id), " · ", s.source || "unknown source", " · ", s.published,
    h("div", { class: "muted" }, `${s.sub_event_type}; fatalities ${s.fatalities}`)))));

  if (detail.revisions.length) {
    panel.append(h("h3", {}, "History"));
    panel.append(h("ol", { class: "revisions" }, detail.revisions.map((r) => h("li", { "data-cause": r.cause },
      `${r.at.slice(0, 19).replace("T", " ")} · ${r.cause}`, r.article_id ? ` · ${r.article_id}` : "",
      r.user ? h("span", { class: "by" }, ` · by ${r.user}`) : null,
      r.reason ? h("span", { class: "why" }, ` · “${r.reason}”`) : null,
      r.cause !== "created" && Object.keys(r.changes).length
        ? h("div", { class: "muted" }, Object.entries(r.changes)
          .map(([k, [a, b]]) => `${k}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`).join("; "))
        : null))));
  }

  if (!tools) append(panel, articles(detail));
}
