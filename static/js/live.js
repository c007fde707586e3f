// Shared page helpers: the string catalogue, the socket connection, acks with retry, bars.
import { io } from "/static/vendor/socket.io/socket.io.esm.min.js";

const catalogue = JSON.parse(document.getElementById("catalogue").textContent);

export function t(key, values = {}) {
  const text = catalogue[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

export function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value);
  }
  if (text !== undefined) node.textContent = text; // attendee text is never parsed as HTML
  return node;
}

// A random id for a vote; crypto.randomUUID needs a secure context, a LAN over HTTP is not one.
export function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Connects to a namespace; socket.io reconnects by itself, and the server sends `state` on
// every connect, so a page resyncs after a drop or a server restart without a reload.
export function connect(namespace, auth, banner) {
  const socket = io(namespace, { auth, transports: ["websocket", "polling"], reconnectionDelayMax: 3000 });
  const show = (online) => { if (banner) banner.hidden = online; document.body.dataset.online = online; };
  socket.on("connect", () => show(true));
  socket.on("disconnect", () => show(false));
  socket.on("connect_error", () => show(false));
  return socket;
}

// Emits with an ack, retrying after timeouts and reconnects. Safe for votes because a retry
// carries the same client_vote_id and the server counts it once.
export async function emitWithRetry(socket, event, payload, { tries = 30, timeout = 5000, onWait } = {}) {
  for (let attempt = 1; attempt <= tries; attempt++) {
    if (!socket.connected) {
      onWait?.();
      await new Promise((resolve) => socket.once("connect", resolve));
    }
    try {
      return await socket.timeout(timeout).emitWithAck(event, payload);
    } catch {
      onWait?.();
    }
  }
  return { ok: false, error: { code: "unreachable", message: t("audience.retrying") } };
}

// Draws (or updates in place, so widths animate) one bar per option.
export function renderBars(container, options, counts, total) {
  const max = Math.max(1, ...options.map((o) => counts[o.id] || 0));
  options.forEach((option, index) => {
    let row = container.querySelector(`[data-option="${CSS.escape(option.id)}"]`);
    if (!row) {
      row = el("div", { class: `bar-row color-${index % 8}`, dataset: { option: option.id } });
      row.append(el("span", { class: "bar-label" }, option.text),
        el("span", { class: "bar-track" }), el("span", { class: "bar-value" }));
      row.querySelector(".bar-track").append(el("span", { class: "bar-fill" }));
      container.append(row);
    }
    const count = counts[option.id] || 0;
    const percent = total ? Math.round((100 * count) / total) : 0;
    row.querySelector(".bar-fill").style.width = `${(100 * count) / max}%`;
    row.querySelector(".bar-value").textContent = `${count} · ${percent}%`;
    row.dataset.count = count;
  });
}
