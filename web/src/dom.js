// Safe DOM building: every piece of data becomes a text node or a checked attribute, never markup.
// Nothing in this page assigns innerHTML/outerHTML or calls insertAdjacentHTML with data.

const SAFE_ATTRS = new Set(["class", "title", "type", "value", "name", "role", "hidden", "colspan",
  "aria-label", "target", "rel", "download"]);

/** Element `tag` with attributes (class, title, data-*, ...) and children (strings become text). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "href") {
      const safe = safeUrl(value);
      if (safe) el.setAttribute("href", safe);
    } else if (key.startsWith("data-") || SAFE_ATTRS.has(key)) {
      el.setAttribute(key, String(value));
    } else {
      throw new Error(`attribute ${key} is not allowed`);
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Remove every child of `el`. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** `value` when it is an absolute http(s) URL, else null (no javascript:, data:, relative tricks). */
export function safeUrl(value) {
  try {
    const url = new URL(String(value));
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The text with its evidence spans marked: a DocumentFragment of text nodes and <mark> elements.
 * Spans may overlap or nest; the text is cut at every span edge and each piece is marked with the
 * fields that cover it. Offsets are clamped to the text.
 */
export function highlighted(text, spans) {
  const size = text.length;
  const edges = new Set([0, size]);
  const clean = [];
  for (const s of spans) {
    const start = Math.max(0, Math.min(size, s.start | 0));
    const end = Math.max(start, Math.min(size, s.end | 0));
    if (end > start) {
      clean.push({ start, end, field: String(s.field) });
      edges.add(start);
      edges.add(end);
    }
  }
  const cuts = [...edges].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const piece = text.slice(a, b);
    const fields = [...new Set(clean.filter((s) => s.start <= a && s.end >= b).map((s) => s.field))];
    frag.append(fields.length
      ? h("mark", { class: "evidence", title: fields.join(", "), "data-fields": fields.join(" ") }, piece)
      : document.createTextNode(piece));
  }
  return frag;
}
