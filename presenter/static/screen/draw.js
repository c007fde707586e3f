// The thank-you draw on the projector: the Draw control asks which survey (and, optionally, which
// seed), the server draws, and every screen of the event shows a short roll of numbers, then the
// winning ticket with the seed, n and the formula in small type, so anyone can recompute it.
// Never a name: the winner's own phone tells them.
import { el } from "/static/js/dom.js";
import { errorText, t } from "/static/js/i18n.js";
import { emitWithRetry } from "/static/js/socket.js";
import { $, screen, socket } from "./state.js";

const ROLL_MS = 1800;
const reducedMotion = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;

const dialog = el("dialog", { class: "draw-dialog", id: "draw-dialog", "aria-labelledby": "draw-dialog-title" });
const view = el("section", { class: "draw-view", id: "draw-view", "aria-labelledby": "draw-title", hidden: "" });
let rolling = null;

function buildDialog() {
  const form = el("form", { method: "dialog" });
  const survey = el("select", { id: "draw-survey", name: "survey" });
  const seed = el("input", {
    id: "draw-seed",
    name: "seed",
    maxlength: "64",
    pattern: "[0-9a-fA-F]{1,64}",
    autocomplete: "off",
    spellcheck: "false",
  });
  const go = el("button", { class: "btn btn-primary", id: "draw-go", type: "submit" }, t("presenter.draw_go"));
  const close = el("button", { class: "btn", type: "button", value: "cancel" }, t("presenter.draw_close"));
  close.addEventListener("click", () => dialog.close());
  form.append(
    el("h2", { id: "draw-dialog-title" }, t("presenter.draw_title")),
    el("label", { for: "draw-survey" }, t("presenter.draw_survey")),
    survey,
    el("label", { for: "draw-seed" }, t("presenter.draw_seed")),
    seed,
    el("p", { class: "draw-error", id: "draw-error", role: "alert" }),
    el("div", { class: "draw-actions" }, ""),
  );
  form.lastChild.append(close, go);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(survey.value, seed.value.trim());
  });
  dialog.append(form);
}

async function openDialog() {
  $("draw-error").textContent = "";
  const ack = await emitWithRetry(socket, "draw_surveys", {}, { tries: 2 });
  const surveys = (ack.ok ? ack.surveys : []).filter((s) => s.counts?.finished > 0);
  const picker = $("draw-survey");
  picker.replaceChildren(
    ...surveys.map((s) =>
      el("option", { value: s.id }, t("presenter.draw_finishers", { title: s.title, n: s.counts.finished })),
    ),
  );
  picker.disabled = $("draw-go").disabled = !surveys.length;
  if (!ack.ok) $("draw-error").textContent = errorText(ack.error);
  else if (!surveys.length) $("draw-error").textContent = t("presenter.draw_none");
  dialog.showModal();
}

async function submit(surveyId, seed) {
  if (!surveyId) return;
  const payload = seed ? { survey_id: surveyId, seed } : { survey_id: surveyId };
  const ack = await emitWithRetry(socket, "draw", payload, { tries: 2 });
  if (!ack.ok) {
    $("draw-error").textContent = errorText(ack.error);
    return;
  }
  dialog.close();
}

function buildView() {
  const close = el("button", { class: "btn draw-close", type: "button" }, t("presenter.draw_close"));
  close.addEventListener("click", hideView);
  view.append(
    el("p", { class: "draw-kicker", id: "draw-title" }, t("presenter.draw_title")),
    el("p", { class: "draw-label" }, t("presenter.draw_winner")),
    el("p", { class: "draw-ticket", id: "draw-ticket", "aria-live": "polite" }),
    el("p", { class: "draw-proof", id: "draw-proof" }),
    el("p", { class: "draw-formula", id: "draw-formula" }),
    close,
  );
}

function hideView() {
  clearInterval(rolling);
  view.hidden = true;
  delete screen.dataset.draw;
}

// A roll through random tickets (only for the eye: the ticket was drawn on the server), then the winner.
function showDraw(draw) {
  clearInterval(rolling);
  view.hidden = false;
  screen.dataset.draw = view.dataset.phase = "rolling";
  const ticket = $("draw-ticket");
  $("draw-proof").textContent =
    `${t("presenter.draw_tickets", { n: draw.tickets })} · ${t("presenter.draw_seed_shown", { seed: draw.seed })}`;
  $("draw-formula").textContent = t("presenter.draw_recompute", { formula: draw.formula });
  const settle = () => {
    clearInterval(rolling);
    ticket.textContent = String(draw.ticket);
    screen.dataset.draw = view.dataset.phase = "done";
  };
  if (reducedMotion || draw.tickets < 2) {
    settle();
    return;
  }
  const started = performance.now();
  ticket.textContent = t("presenter.draw_drawing");
  rolling = setInterval(() => {
    if (performance.now() - started >= ROLL_MS) settle();
    else ticket.textContent = String(1 + Math.floor(Math.random() * draw.tickets));
  }, 70);
}

buildDialog();
buildView();
document.body.append(dialog);
screen.append(view);
const button = el("button", { class: "btn", id: "draw", type: "button" }, t("presenter.draw"));
$("toggle-qa").after(button);
button.addEventListener("click", openDialog);
socket.on("draw", showDraw);
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !view.hidden && !dialog.open) hideView();
});
