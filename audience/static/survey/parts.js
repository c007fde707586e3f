// Pieces of the phone's survey card: the closing time, the progress bar, the thank-you.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";

// In the page's language (the event's, unless the attendee switched) and the phone's own timezone;
// 24-hour in both languages ("18:00", "18.00").
const lang = document.documentElement.lang || "en";
const times = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const days = new Intl.DateTimeFormat(lang, { weekday: "short", day: "numeric", month: "short" });

export function closingText(closesAt) {
  const node = el("p", { class: "survey-closes muted", "data-role": "closes" });
  if (!closesAt) return node;
  const at = new Date(closesAt);
  const today = at.toDateString() === new Date().toDateString();
  node.textContent = today
    ? t("audience.survey.open_until", { time: times.format(at) })
    : t("audience.survey.open_until_day", { day: days.format(at), time: times.format(at) });
  node.dataset.closesAt = String(closesAt);
  return node;
}

export function progressBar(n, total) {
  const label = t("audience.survey.progress", { n, total });
  const fill = el("span", { class: "survey-progress-fill" });
  fill.style.width = `${(100 * n) / total}%`;
  const track = el("span", {
    class: "survey-progress-track",
    role: "progressbar",
    "aria-valuemin": "1",
    "aria-valuemax": String(total),
    "aria-valuenow": String(n),
    "aria-label": label,
  });
  track.append(fill);
  const box = el("div", { class: "survey-progress" });
  box.append(el("span", { class: "survey-progress-text", "data-role": "progress" }, label), track);
  return box;
}

// The end: thanks, the reactions below when the survey invites them, the ticket for a draw.
export function thanksCard(survey) {
  const box = el("section", { class: "card survey-thanks", "data-role": "survey-thanks" });
  box.append(
    el("p", { class: "survey-title" }, survey.title),
    el("h1", { tabindex: "-1" }, t("audience.survey.thanks")),
    el("p", {}, t("audience.survey.saved")),
  );
  if (survey.invite_reactions) {
    const invite = el("p", { class: "survey-invite" });
    invite.append(
      el("span", {}, `${t("audience.survey.invite")} `),
      el("a", { href: "#reactions", class: "btn btn-small" }, t("audience.survey.invite_link")),
    );
    box.append(invite);
  }
  const ticket = survey.progress?.ticket;
  if (ticket && survey.draw !== false) {
    const line = el("p", { class: "survey-ticket", "data-role": "ticket" });
    line.append(
      el("span", { class: "ticket-label" }, t("audience.survey.ticket")),
      el("strong", { class: "ticket-number" }, String(ticket)),
    );
    box.append(line, el("p", { class: "muted small" }, t("audience.survey.ticket_hint")));
  }
  return box;
}
