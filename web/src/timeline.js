// The weekly timeline: bars of events, a line of fatalities, and a brush that picks a date range.

const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;

function s(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function iso(date) {
  return date.toISOString().slice(0, 10);
}

/** Monday (UTC) of a stats week key: "2026-W05", "2026-W5" or a date inside the week. */
export function weekStart(key) {
  const m = /^(\d{4})-W(\d{1,2})$/.exec(key);
  if (m) {
    const jan4 = new Date(Date.UTC(+m[1], 0, 4));
    const monday1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY;
    return new Date(monday1 + (+m[2] - 1) * 7 * DAY);
  }
  const d = new Date(`${key.slice(0, 10)}T00:00:00Z`);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY);
}

export class Timeline {
  constructor(svg, { onBrush }) {
    this.svg = svg;
    this.onBrush = onBrush;
    this.weeks = [];
    this.range = null;
    this.drag = null;
    svg.addEventListener("pointerdown", (e) => this.pointer(e, "down"));
    svg.addEventListener("pointermove", (e) => this.pointer(e, "move"));
    svg.addEventListener("pointerup", (e) => this.pointer(e, "up"));
    window.addEventListener("resize", () => this.draw());
  }

  /** rows: [{key, events, fatalities}] from /stats?by=week; range: [start, end] ISO dates or null. */
  show(rows, range) {
    const byStart = new Map();
    for (const r of rows) byStart.set(iso(weekStart(r.key)), r);
    // every week between the first and the last, empty ones included
    const weeks = [];
    const starts = [...byStart.keys()].sort();
    if (starts.length) {
      for (let t = Date.parse(starts[0]); t <= Date.parse(starts[starts.length - 1]); t += 7 * DAY) {
        const start = iso(new Date(t));
        const r = byStart.get(start);
        weeks.push({ start, events: r ? r.events : 0, fatalities: r ? r.fatalities : 0 });
      }
    }
    this.weeks = weeks;
    this.range = range;
    this.svg.dataset.weeks = String(weeks.length);
    this.svg.dataset.events = String(weeks.reduce((n, w) => n + w.events, 0));
    this.draw();
  }

  geometry() {
    const width = this.svg.clientWidth || 800;
    const height = this.svg.clientHeight || 120;
    const pad = { left: 36, right: 36, top: 8, bottom: 20 };
    const n = Math.max(1, this.weeks.length);
    const step = (width - pad.left - pad.right) / n;
    return { width, height, pad, step };
  }

  draw() {
    const svg = this.svg;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const { width, height, pad, step } = this.geometry();
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    if (!this.weeks.length) {
      const t = s("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" });
      t.textContent = "No events for these filters.";
      svg.append(t);
      return;
    }
    const plotH = height - pad.top - pad.bottom;
    const maxEvents = Math.max(1, ...this.weeks.map((w) => w.events));
    const maxDead = Math.max(1, ...this.weeks.map((w) => w.fatalities));
    const [lo, hi] = this.range || [null, null];
    const points = [];
    this.weeks.forEach((w, i) => {
      const x = pad.left + i * step;
      const barH = (w.events / maxEvents) * plotH;
      const end = iso(new Date(Date.parse(w.start) + 6 * DAY));
      const inside = !this.range || ((!lo || end >= lo) && (!hi || w.start <= hi));
      const bar = s("rect", { x: x + 1, y: pad.top + plotH - barH, width: Math.max(1, step - 2), height: barH,
        class: inside ? "bar" : "bar outside", "data-week": w.start });
      const title = s("title");
      title.textContent = `week of ${w.start}: ${w.events} events, ${w.fatalities} fatalities`;
      bar.append(title);
      svg.append(bar);
      points.push(`${x + step / 2},${pad.top + plotH - (w.fatalities / maxDead) * plotH}`);
    });
    svg.append(s("polyline", { points: points.join(" "), class: "deaths" }));
    const label = (text, x, y, anchor, cls) => {
      const t = s("text", { x, y, "text-anchor": anchor, class: cls });
      t.textContent = text;
      svg.append(t);
    };
    label(this.weeks[0].start, pad.left, height - 4, "start", "axis");
    label(this.weeks[this.weeks.length - 1].start, width - pad.right, height - 4, "end", "axis");
    label(`${maxEvents}`, pad.left - 4, pad.top + 10, "end", "axis events");
    label(`${maxDead}†`, width - pad.right + 4, pad.top + 10, "start", "axis deaths-label");
    if (this.drag) {
      const [a, b] = [Math.min(this.drag.a, this.drag.b), Math.max(this.drag.a, this.drag.b)];
      svg.append(s("rect", { x: a, y: pad.top, width: Math.max(1, b - a), height: plotH, class: "brush" }));
    }
  }

  weekAt(clientX) {
    const box = this.svg.getBoundingClientRect();
    const { pad, step } = this.geometry();
    const i = Math.floor((clientX - box.left - pad.left) / step);
    return Math.max(0, Math.min(this.weeks.length - 1, i));
  }

  pointer(event, kind) {
    if (!this.weeks.length) return;
    const x = event.clientX - this.svg.getBoundingClientRect().left;
    if (kind === "down") {
      this.drag = { a: x, b: x, from: this.weekAt(event.clientX) };
      this.svg.setPointerCapture(event.pointerId);
    } else if (kind === "move" && this.drag) {
      this.drag.b = x;
      this.draw();
    } else if (kind === "up" && this.drag) {
      const [i, j] = [this.drag.from, this.weekAt(event.clientX)].sort((p, q) => p - q);
      this.drag = null;
      const start = this.weeks[i].start;
      const end = iso(new Date(Date.parse(this.weeks[j].start) + 6 * DAY));
      this.range = [start, end];
      this.draw();
      this.onBrush(start, end);
    }
  }
}
