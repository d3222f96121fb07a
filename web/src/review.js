// Review mode, for editors and admins: the queue, the edit form beside the evidence, confirm,
// merge, reject, and keyboard shortcuts. Every action goes through the HTTP API with the event's
// version, so an edit made on a stale view is refused (409) and said so; the server checks every
// write against the token's role whatever the page shows.
import { Refused, getJson, send } from "./api.js";
import { EVENT_TYPES } from "./colors.js";
import { clear, h } from "./dom.js";

const EDIT_FIELDS = [
  ["event_type", "Event type", "select"], ["sub_event_type", "Sub-event type", "text"],
  ["event_date", "Date", "date"], ["actor1", "Actor 1", "text"], ["actor2", "Actor 2", "text"],
  ["location", "Place", "text"],
  ["fatalities", "Fatalities", "number"], ["fatalities_low", "Low", "number"],
  ["fatalities_best", "Best", "number"], ["fatalities_high", "High", "number"],
  ["notes", "Notes", "textarea"],
];
const NUMBERS = new Set(EDIT_FIELDS.filter(([, , kind]) => kind === "number").map(([k]) => k));
export const KEYS = "Keys: C confirm · N next · P previous";

/** Whether a role may review (the server's order: reader < editor < admin). */
export function mayReview(role) {
  return role === "editor" || role === "admin";
}

export class Review {
  /**
   * queue: the <aside> listing the queue; open(id): show an event in the panel;
   * changed(): redraw the map and the panel after an action.
   */
  constructor(queue, { open, changed }) {
    this.queue = queue;
    this.open = open;
    this.changed = changed;
    this.items = [];
    this.current = "";
    this.message = null;
    document.addEventListener("keydown", (e) => this.onKey(e));
  }

  /** Load the queue (flagged first, then unreviewed by lowest confidence) and list it. */
  async load() {
    this.queue.dataset.state = "loading";
    const { queue } = await getJson("/review", { limit: 200 });
    this.items = queue;
    const list = h("ol", { class: "queue-list" }, queue.map((item) => {
      const e = item.event;
      const li = h("li", { "data-event-id": e.event_id, class: item.review.flag ? "queue-item flagged" : "queue-item" },
        h("button", { type: "button", class: "queue-open" },
          h("span", { class: "queue-title" }, `${e.sub_event_type} · ${e.location || e.admin1 || e.country}`),
          h("span", { class: "muted" }, `${e.event_date} · ${e.fatalities} killed`),
          h("span", { class: "reason" }, item.reason)));
      li.querySelector("button").addEventListener("click", () => this.open(e.event_id));
      return li;
    }));
    clear(this.queue).append(
      h("h2", {}, `Review queue (${queue.length})`),
      h("p", { class: "muted" }, "Flagged conflicts first, then unreviewed events by lowest confidence. ", KEYS),
      queue.length ? list : h("p", { class: "hint" }, "Nothing left to review."));
    this.queue.dataset.count = String(queue.length);
    this.queue.dataset.state = "ready";
    this.mark(this.current);
  }

  /** Highlight the open event in the queue. */
  mark(eventId) {
    this.current = eventId;
    for (const li of this.queue.querySelectorAll("li.queue-item")) {
      li.classList.toggle("current", li.dataset.eventId === eventId);
    }
    const here = this.queue.querySelector("li.current");
    if (here) here.scrollIntoView({ block: "nearest" });
  }

  /** Open the next (step 1) or previous (step -1) event of the queue. */
  step(by) {
    if (!this.items.length) return;
    const ids = this.items.map((i) => i.event.event_id);
    const at = ids.indexOf(this.current);
    const next = at < 0 ? (by > 0 ? 0 : ids.length - 1) : (at + by + ids.length) % ids.length;
    this.open(ids[next]);
  }

  onKey(e) {
    if (!document.body.classList.contains("reviewing") || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.closest && e.target.closest("input, textarea, select, button")) return;
    const key = e.key.toLowerCase();
    if (key === "c" && this.detail) { e.preventDefault(); this.act("confirm"); }
    else if (key === "n" || key === "j") { e.preventDefault(); this.step(1); }
    else if (key === "p" || key === "k") { e.preventDefault(); this.step(-1); }
  }

  /** The editor's tools for one event (the JSON of GET /events/{id}): goes beside the evidence. */
  tools(detail) {
    this.detail = detail;
    this.mark(detail.event.event_id);
    const e = detail.event;
    const why = h("input", { type: "text", name: "why", class: "why-input",
      "aria-label": "Why (kept in the history)" });
    why.placeholder = "why (kept in the history)";
    why.maxLength = 2000;
    this.why = why;
    this.message = h("p", { class: "review-message", role: "alert", hidden: true });

    const confirm = h("button", { type: "button", class: "confirm", title: "Confirm (C)" }, "Confirm ✓");
    confirm.addEventListener("click", () => this.act("confirm"));
    const next = h("button", { type: "button", class: "next", title: "Next in the queue (N)" }, "Next →");
    next.addEventListener("click", () => this.step(1));
    const reject = h("button", { type: "button", class: "reject", title: "Not an event: background, duplicate…" },
      "Reject");
    reject.addEventListener("click", () => this.act("reject"));

    const form = h("form", { class: "edit-form", "aria-label": "Correct the event" });
    form.id = "edit-form";
    for (const [name, label, kind] of EDIT_FIELDS) {
      let input;
      if (kind === "select") {
        const types = EVENT_TYPES.map(([t]) => t);
        if (!types.includes(e[name])) types.push(e[name]);
        input = h("select", { name }, types.map((t) => h("option", { value: t }, t)));
      } else if (kind === "textarea") {
        input = h("textarea", { name });
        input.rows = 3;
      } else {
        input = h("input", { type: kind, name });
        if (kind === "number") { input.min = "0"; input.step = "1"; }
      }
      input.value = e[name] === null || e[name] === undefined ? "" : String(e[name]);
      form.append(h("label", { class: `edit-${name}` }, h("span", {}, label), input));
    }
    const save = h("button", { type: "submit", class: "save" }, "Save correction");
    form.append(h("div", { class: "edit-actions" }, save,
      h("span", { class: "muted" }, "A place name takes its province, district and point from the gazetteer.")));
    form.addEventListener("submit", (ev) => { ev.preventDefault(); this.save(form); });

    const others = h("input", { type: "text", name: "other", "aria-label": "Event id to merge into this one" });
    others.placeholder = "event id";
    others.setAttribute("list", "merge-candidates");
    const candidates = h("datalist", {}, this.items.filter((i) => i.event.event_id !== e.event_id)
      .map((i) => h("option", { value: i.event.event_id },
        `${i.event.event_date} ${i.event.sub_event_type} · ${i.event.location}`)));
    candidates.id = "merge-candidates";
    const merge = h("form", { class: "merge-form", "aria-label": "Merge another event into this one" },
      h("label", {}, "Merge into this event: ", others), candidates,
      h("button", { type: "submit", class: "merge" }, "Merge"));
    merge.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const other = others.value.trim();
      if (other) this.act("merge", { ids: [e.event_id, other] });
    });

    return h("section", { class: "review-tools", "aria-label": "Review" },
      h("div", { class: "review-buttons" }, confirm, next, reject),
      why, this.message, h("h3", {}, "Correct"), form, merge, h("p", { class: "muted" }, KEYS));
  }

  say(text, kind = "ok", extra = null) {
    if (!this.message) return;
    clear(this.message).append(text);
    if (extra) this.message.append(" ", extra);
    this.message.className = `review-message ${kind}`;
    this.message.dataset.kind = kind;
    this.message.hidden = false;
  }

  /** Send the changed fields of the form (each one is then locked against fusion). */
  save(form) {
    const e = this.detail.event;
    const set = {};
    for (const [name] of EDIT_FIELDS) {
      const raw = form.elements[name].value.trim();
      const was = e[name] === null || e[name] === undefined ? "" : String(e[name]);
      if (raw === was) continue;
      if (NUMBERS.has(name)) {
        if (!/^\d+$/.test(raw)) { this.say(`${name} must be a whole number`, "error"); return; }
        set[name] = Number(raw);
      } else {
        set[name] = raw;
      }
    }
    if (!Object.keys(set).length) { this.say("Nothing changed.", "error"); return; }
    this.act("edit", { set });
  }

  /** One action on the open event, with its version; the result is shown, or why it was refused. */
  async act(action, extra = {}) {
    const detail = this.detail;
    if (!detail) return;
    const id = encodeURIComponent(detail.event.event_id);
    const body = { why: this.why ? this.why.value.trim() : "", version: detail.review ? detail.review.version : null,
      ...extra };
    const route = {
      edit: ["PATCH", `/events/${id}`], confirm: ["POST", `/events/${id}/confirm`],
      reject: ["POST", `/events/${id}/reject`], merge: ["POST", "/events/merge"],
    }[action];
    this.say("Saving…", "busy");
    try {
      const result = await send(route[0], route[1], body);
      const done = { edit: "Saved", confirm: "Confirmed", reject: "Rejected", merge: "Merged" }[action];
      await this.load();
      if (action === "reject") {
        await this.changed(null);
        this.step(1);
      } else {
        await this.changed(result.event_id);
        this.say(`${done}.`);
      }
    } catch (err) {
      if (err instanceof Refused && err.status === 409) {
        const reload = h("button", { type: "button", class: "reload" }, "Reload the event");
        reload.addEventListener("click", () => this.open(detail.event.event_id));
        this.say(`Someone changed this event since you opened it (${err.code}): nothing was saved. `
          + "Reload it, check their change, and apply yours again.", "conflict", reload);
      } else {
        this.say(err instanceof Refused ? `Refused (${err.code}): ${err.message}` : `Failed: ${err.message}`, "error");
      }
    }
  }
}
