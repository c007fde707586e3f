// The Q&A panel on the phone: ask (named or anonymous), see approved questions, upvote once each.
import { announce } from "/static/js/announce.js";
import { el } from "/static/js/dom.js";
import { errorText, t } from "/static/js/i18n.js";
import { emitWithRetry } from "/static/js/socket.js";

// ended(): called when the server says the event is gone (erased while the question was sent).
export function questionsPanel(socket, root, ended) {
  const asked = new Set();
  const upvoted = new Set();
  let questions = [];
  const form = root.querySelector("form");
  const list = root.querySelector("[data-role=list]");
  const status = root.querySelector("[data-role=ask-status]");
  const counter = root.querySelector("[data-role=counter]");

  form.text.addEventListener("input", () => {
    counter.textContent = `${form.text.value.length} / 280`;
  });
  form.anonymous.addEventListener("change", () => {
    form.name.disabled = form.anonymous.checked;
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = form.text.value.trim();
    if (!text) return;
    status.textContent = t("audience.sending");
    const ack = await emitWithRetry(socket, "question", {
      text,
      name: form.name.value.trim() || null,
      anonymous: form.anonymous.checked,
    });
    if (ack.error?.code === "event_not_found") {
      ended();
      return;
    }
    if (ack.ok) {
      asked.add(ack.question_id);
      form.text.value = "";
      counter.textContent = "0 / 280";
      status.textContent = t("audience.question_sent");
    } else {
      status.textContent = `${t("audience.error")}: ${errorText(ack.error)}`;
    }
    announce(status.textContent);
  });

  async function upvote(id, button) {
    button.disabled = true;
    const ack = await emitWithRetry(socket, "upvote", { question_id: id });
    if (ack.ok) {
      upvoted.add(id);
      draw();
    } else button.disabled = false;
  }

  function draw() {
    const items = questions.map((q) => {
      const item = el("li", {
        class: `question-item${q.highlighted ? " highlighted" : ""}`,
        dataset: { question: q.id, state: q.state },
      });
      const body = el("div", { class: "question-body" });
      body.append(el("p", { class: "question-text" }, q.text));
      const meta = [q.name || t("audience.anonymous")];
      if (asked.has(q.id)) meta.push(t("audience.your_question"));
      if (q.state === "answered") meta.push(t("audience.answered"));
      body.append(el("p", { class: "question-meta muted" }, meta.join(" · ")));
      const mine = upvoted.has(q.id);
      const button = el(
        "button",
        { class: "upvote", type: "button", "aria-pressed": String(mine), "aria-label": t("audience.upvote") },
        `▲ ${q.upvotes}`,
      );
      button.disabled = mine;
      button.addEventListener("click", () => upvote(q.id, button));
      item.append(body, button);
      return item;
    });
    list.replaceChildren(...items);
    if (!items.length) list.append(el("li", { class: "muted empty" }, t("audience.no_questions")));
  }

  return {
    setState(state) {
      (state.mine?.asked || []).forEach((id) => asked.add(id));
      (state.mine?.upvoted || []).forEach((id) => upvoted.add(id));
      questions = state.questions || [];
      draw();
    },
    setQuestions(next) {
      questions = next;
      draw();
    },
  };
}
