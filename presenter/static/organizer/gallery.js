// The organizer's reactions gallery: posters that play in place, moderation, the open/close switch.
import { api } from "/static/js/api.js";
import { el } from "/static/js/dom.js";
import { clock } from "/static/js/format.js";
import { t } from "/static/js/i18n.js";

const $ = (id) => document.getElementById(id);
const base = `/events/${encodeURIComponent($("gallery").dataset.eventId)}/reactions`;
const reactionsApi = (method, path = "", body) => api(method, base + path, body); // under /api/v1
const templates = { video: $("video-template"), text: $("text-template") };
const toggle = $("toggle");
const dates = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
  { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" });

const STATUS = { pending: t("gallery.status.pending"), approved: t("gallery.status.approved"),
  rejected: t("gallery.status.rejected") };

let reactions = []; // newest first
let filter = "all";
let isOpen = false;
// One node per reaction, reused on every redraw, so a video that is playing keeps playing.
const cards = new Map();

function showError(error) {
  $("error").textContent = error ? t("gallery.error", { message: error.message }) : "";
}

async function load() {
  try {
    const data = await reactionsApi("GET");
    showSettings(data);
    reactions = data.reactions.slice().sort((a, b) => b.created_at - a.created_at);
    showError(null);
    render();
  } catch (error) { showError(error); }
}

function showSettings({ open, limit_seconds: seconds, retention_days: days }) {
  isOpen = open;
  $("settings").dataset.open = open;
  $("state-text").textContent = t(open ? "gallery.state_open" : "gallery.state_closed");
  $("limits").textContent = t("gallery.limits", { n: seconds, days });
  toggle.textContent = t(open ? "gallery.close" : "gallery.open");
  toggle.classList.toggle("btn-primary", !open);
  toggle.disabled = false;
}

toggle.addEventListener("click", async () => {
  toggle.disabled = true;
  try {
    showSettings(await reactionsApi("POST", isOpen ? "/close" : "/open"));
    showError(null);
  } catch (error) {
    toggle.disabled = false;
    showError(error);
  }
});

function render() {
  const counts = { all: reactions.length, pending: 0, approved: 0, rejected: 0 };
  reactions.forEach((r) => { counts[r.status] = (counts[r.status] || 0) + 1; });
  document.querySelectorAll("[data-count]").forEach((span) => { span.textContent = counts[span.dataset.count]; });
  $("empty").hidden = reactions.length > 0;
  $("body").hidden = reactions.length === 0;

  const shown = reactions.filter((r) => filter === "all" || r.status === filter);
  const videos = shown.filter((r) => r.kind === "video");
  const texts = shown.filter((r) => r.kind !== "video");
  $("videos").replaceChildren(...videos.map(cardFor));
  $("texts").replaceChildren(...texts.map(cardFor));
  $("video-count").textContent = videos.length;
  $("text-count").textContent = texts.length;
  $("no-videos").hidden = videos.length > 0;
  $("no-texts").hidden = texts.length > 0;

  const known = new Set(reactions.map((r) => r.id));
  for (const id of cards.keys()) if (!known.has(id)) cards.delete(id);
}

function cardFor(reaction) {
  let node = cards.get(reaction.id);
  if (!node) {
    node = create(reaction);
    cards.set(reaction.id, node);
  }
  update(node, reaction);
  return node;
}

function create(reaction) {
  const kind = reaction.kind === "video" ? "video" : "text";
  const node = templates[kind].content.firstElementChild.cloneNode(true);
  const part = (role) => node.querySelector(`[data-role="${role}"]`);
  node.dataset.reactionId = reaction.id;
  node.querySelectorAll("[data-action]").forEach((button) => {
    button.addEventListener("click", () => moderate(node, reaction.id, button.dataset.action));
  });
  if (kind === "video") {
    const duration = clock(reaction.duration);
    const poster = part("poster");
    poster.addEventListener("error", () => part("frame").classList.add("no-poster"), { once: true });
    if (reaction.width && reaction.height) { poster.width = reaction.width; poster.height = reaction.height; }
    poster.src = reaction.poster_url;
    part("duration").textContent = duration;
    part("play").setAttribute("aria-label", t("gallery.play", { d: duration }));
    part("play").addEventListener("click", () => play(part("play"), reaction));
  }
  return node;
}

function update(node, reaction) {
  const part = (role) => node.querySelector(`[data-role="${role}"]`);
  node.dataset.status = reaction.status;
  part("status").textContent = STATUS[reaction.status] ?? reaction.status;
  part("status").dataset.status = reaction.status;
  const when = new Date(reaction.created_at);
  part("date").dateTime = when.toISOString();
  part("date").textContent = dates.format(when);
  part("text").textContent = reaction.text || ""; // attendee text: never parsed as HTML
  part("text").hidden = !reaction.text;
  node.querySelectorAll("[data-action]").forEach((button) => {
    button.disabled = button.dataset.action === reaction.status;
    button.setAttribute("aria-pressed", button.dataset.action === reaction.status);
  });
}

// Swaps the poster for the video itself, started by the same click so sound is allowed.
function play(button, reaction) {
  const video = el("video", { controls: "", autoplay: "", playsinline: "", preload: "auto",
    poster: reaction.poster_url, src: reaction.video_url });
  video.addEventListener("error", () => {
    const failed = el("div", { class: "video-error" }, t("gallery.cannot_play"));
    failed.append(el("a", { href: reaction.video_url, download: "" }, t("gallery.download_video")));
    video.replaceWith(failed);
  }, { once: true });
  button.closest(".poster-frame").classList.add("playing");
  button.replaceWith(video);
  video.focus();
  video.play().catch(() => {}); // a refused autoplay leaves the controls to the organizer
}

async function moderate(node, id, status) {
  const buttons = node.querySelectorAll("[data-action]");
  buttons.forEach((button) => { button.disabled = true; });
  try {
    const fresh = await reactionsApi("PATCH", `/${encodeURIComponent(id)}`, { status });
    reactions = reactions.map((r) => (r.id === id ? { ...r, ...fresh } : r));
    showError(null);
  } catch (error) { showError(error); }
  render();
}

document.querySelectorAll("[data-filter]").forEach((chip) => {
  chip.addEventListener("click", () => {
    filter = chip.dataset.filter;
    document.querySelectorAll("[data-filter]").forEach((other) => {
      other.setAttribute("aria-pressed", other === chip);
    });
    render();
  });
});
$("refresh").addEventListener("click", load);

load();
