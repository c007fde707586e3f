// What the big screen shows between polls: a welcome (title, join address, QR, code, how many
// joined) while no poll is live, an invitation to leave a reaction from when reactions open until
// they close or a poll opens, and the end of the event. How many joined is also on every view.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { $, on, screen, store } from "./state.js";

const joinUrl = $("join-url").textContent;
const qrSrc = document.querySelector("#join-panel .qr").getAttribute("src");
const qrAlt = document.querySelector("#join-panel .qr").getAttribute("alt");
const title = document.querySelector(".stage-head .event-name").textContent;

const kicker = el("p", { class: "welcome-kicker" });
const headline = el("h1", { class: "welcome-title" });
const invite = el("p", { class: "welcome-invite" });
const joined = el("p", { class: "welcome-joined", "aria-live": "polite" });
const join = el("div", { class: "welcome-join" });
join.append(
  el("p", { class: "welcome-label" }, t("presenter.join_at")),
  el("p", { class: "welcome-url" }, joinUrl),
  el("p", { class: "welcome-label" }, t("presenter.code")),
  el("p", { class: "welcome-code" }, screen.dataset.code),
);
const words = el("div", { class: "welcome-words" });
words.append(kicker, headline, invite, join, joined);
const qr = el("img", { class: "welcome-qr", src: qrSrc, alt: qrAlt, width: "320", height: "320" });
const panel = el("section", { class: "welcome", id: "welcome" });
panel.append(words, qr);
screen.append(panel);

// the small count on every view, beside the poll's state
const chip = el("span", { class: "joined-chip", id: "joined-chip" });
$("poll-state").after(chip);

let live = null; // the live poll as last heard
let inviting = false; // reactions opened since the last poll was opened
const running = (poll) => poll?.state === "open" || poll?.state === "lobby"; // a quiz's lobby is a poll under way

function drawCount() {
  const n = store.participants;
  const known = typeof n === "number";
  chip.textContent = known ? t("presenter.joined_n", { n }) : "";
  joined.textContent = known ? t("presenter.joined_n", { n }) : "";
}

function draw() {
  if (screen.dataset.welcome === "ended") return;
  let mode = "";
  if (inviting) mode = "reactions";
  else if (!live) mode = "welcome";
  screen.dataset.welcome = mode;
  kicker.textContent = mode === "reactions" ? t("presenter.reactions_kicker") : t("presenter.welcome");
  headline.textContent = title;
  const seconds = store.reactions?.limit_seconds || 30;
  invite.textContent = mode === "reactions" ? t("presenter.reactions_invite", { n: seconds }) : "";
  invite.hidden = mode !== "reactions";
}

on("poll", (poll) => {
  if (running(poll)) inviting = false;
  live = poll;
  draw();
});
on("reactions", () => {
  const open = Boolean(store.reactions?.open);
  inviting = open && (inviting || !running(live));
  draw();
});
on("participants", drawCount);
// The event was erased: its title and that it ended, nothing else of it stays on the screen.
on("ended", (message) => {
  screen.dataset.welcome = "ended";
  kicker.textContent = "";
  headline.textContent = title;
  invite.textContent = message;
  invite.hidden = false;
  join.hidden = true;
  joined.hidden = true;
  qr.hidden = true;
  chip.hidden = true;
});

drawCount();
draw();
