// The form that adds a poll or edits one in place: question, options (rows), the type's settings.
// Which settings a type has, and their bounds, come from the server (editor-data, PollType.editor).
import { el } from "/static/js/dom.js";
import { t, uiText } from "/static/js/i18n.js";
import { showError } from "./common.js";
import { imageFields, imageOption, rowOption } from "./option_images.js";

const FIELD_LABELS = {
  max_choices: t("organizer.max_choices"),
  scale: t("organizer.scale"),
  max_entries: t("organizer.max_entries"),
  time_limit: t("organizer.time_limit"),
};
let formCount = 0; // radio groups need a page-unique name

// pollForm({editor, poll?, onSubmit, onCancel?}) → {element, focus}. onSubmit(body) may throw an
// API error, which the form shows; a poll given means edit mode (its type is fixed). eventId: where
// option images are uploaded (the editor page's own event by default).
export function pollForm({ editor, poll = null, onSubmit, onCancel, eventId = poll?.event_id ?? editorEvent() }) {
  const id = `poll-form-${++formCount}`;
  const form = el("form", { class: "poll-editor-form stack" });
  const kinds = Object.fromEntries(editor.types.map((kind) => [kind.type, kind]));
  let kind = poll ? kinds[poll.type] : editor.types[0]; // a new poll: the server's first type
  let dirty = false; // options or settings touched: an edit sends them only then

  const question = el("input", { name: "question", required: "", maxlength: editor.max_question, id: `${id}-q` });
  question.value = poll?.question ?? "";
  const variable = el("div", { class: "stack" });
  const error = el("p", { class: "error", role: "alert" });
  const submit = el(
    "button",
    { class: "btn btn-primary", type: "submit" },
    poll ? t("organizer.save") : t("organizer.add_poll"),
  );
  const actions = el("div", { class: "form-actions" });
  actions.append(submit);
  if (onCancel) {
    const cancel = el("button", { class: "btn", type: "button" }, t("organizer.cancel"));
    cancel.addEventListener("click", onCancel);
    actions.append(cancel);
  }

  if (!poll) {
    // an edited poll keeps its type (its card says which)
    const select = el("select", { name: "type", id: `${id}-type` });
    for (const each of editor.types) select.append(el("option", { value: each.type }, uiText(each.ui.label)));
    select.addEventListener("change", () => {
      kind = kinds[select.value];
      draw();
    });
    form.append(labelled(t("organizer.type"), select));
  }
  form.append(labelled(t("organizer.question"), question), variable, error, actions);

  const rows = el("ol", { class: "option-rows" });
  let settingInputs = {};

  function draw() {
    const options = optionValues();
    variable.replaceChildren();
    settingInputs = {};
    if (kind.options) variable.append(optionsField(options));
    for (const field of kind.fields) {
      if (field.kind === "option") continue; // drawn as a radio on each option row
      variable.append(numberField(field));
    }
    renumber();
  }

  function optionsField(options) {
    const fieldset = el("fieldset", { class: "options-field" });
    fieldset.append(el("legend", {}, t("organizer.options")));
    if (hasCorrect()) fieldset.append(el("p", { class: "field-hint" }, t("organizer.mark_correct")));
    rows.replaceChildren();
    const start = options.length ? options : [{ text: "" }, { text: "" }];
    const correct = correctIndex();
    start.forEach((option, index) => rows.append(optionRow(option, index === correct)));
    const add = el("button", { class: "btn btn-small add-option", type: "button" }, t("organizer.add_option"));
    add.addEventListener("click", () => addRow(rows.lastElementChild));
    fieldset.append(rows, add);
    return fieldset;
  }

  function optionRow(option, correct) {
    const row = el("li", { class: kind.option_images ? "option-row image-option-row" : "option-row" });
    if (hasCorrect()) {
      const radio = el("input", { type: "radio", name: `${id}-correct`, required: "" });
      radio.checked = correct;
      const pick = el("label", { class: "correct-pick" });
      pick.append(radio, el("span", { class: "sr-only", "data-role": "correct-label" }));
      row.append(pick);
    }
    const input = el("input", { class: "option-input", required: "", maxlength: editor.max_option_text });
    input.value = option.text;
    const remove = el("button", { class: "icon-button", type: "button", "data-role": "remove" }, "×");
    remove.addEventListener("click", () => removeRow(row));
    input.addEventListener("keydown", (key) => optionKey(key, row, input));
    input.addEventListener("paste", (paste) => pasteLines(paste, row));
    if (kind.option_images) {
      row.append(imageFields(option, input, { eventId, maxText: editor.max_option_text }), remove);
      return row;
    }
    const label = el("label", { class: "option-text" });
    label.append(el("span", { class: "sr-only", "data-role": "option-label" }), input);
    row.append(label, remove);
    return row;
  }

  function addRow(after, text = "") {
    if (rows.children.length >= editor.max_options) return null;
    const row = optionRow({ text }, false);
    after ? after.after(row) : rows.append(row);
    renumber();
    dirty = true;
    row.querySelector(".option-file, .option-input").focus();
    return row;
  }

  function removeRow(row) {
    if (rows.children.length <= 2) return;
    const focusNext = row.previousElementSibling || row.nextElementSibling;
    row.remove();
    renumber();
    dirty = true;
    focusNext.querySelector(".option-file, .option-input").focus();
  }

  function optionKey(key, row, input) {
    if (key.key === "Enter") {
      // the next option, not a submit
      key.preventDefault();
      addRow(row);
    } else if (key.key === "Backspace" && !input.value && !kind.option_images && rows.children.length > 2) {
      // (an image's caption is often empty: backspace there must not take its image away)
      key.preventDefault();
      removeRow(row);
    }
  }

  function pasteLines(paste, row) {
    const lines = paste.clipboardData
      .getData("text")
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (lines.length < 2) return;
    paste.preventDefault();
    const input = row.querySelector(".option-input");
    input.value = lines.shift();
    let last = row;
    for (const line of lines) last = addRow(last, line) ?? last;
  }

  function renumber() {
    [...rows.children].forEach((row, index) => {
      const n = index + 1;
      row.querySelector('[data-role="option-label"]').textContent = t("organizer.option_n", { n });
      row.querySelector('[data-role="remove"]').setAttribute("aria-label", t("organizer.remove_option", { n }));
      row.querySelector('[data-role="remove"]').disabled = rows.children.length <= 2;
      const correct = row.querySelector('[data-role="correct-label"]');
      if (correct) correct.textContent = t("organizer.correct_n", { n });
    });
    const choices = settingInputs.max_choices;
    if (choices) choices.max = rows.children.length;
  }

  function numberField(field) {
    const input = el("input", { type: "number", inputmode: "numeric", name: field.name, id: `${id}-${field.name}` });
    const current = poll?.settings?.[field.name];
    if (field.kind === "choices") {
      input.min = 1;
      input.placeholder = t("organizer.no_limit");
      if (current !== undefined && current < (poll?.options.length ?? 0)) input.value = current;
      else if (!poll && field.default) input.value = field.default;
    } else {
      Object.assign(input, { min: field.min, max: field.max, required: true, value: current ?? field.default });
    }
    settingInputs[field.name] = input;
    const hint =
      field.kind === "choices"
        ? t("organizer.max_choices_hint")
        : t(field.min === 0 ? "organizer.range_or_none" : "organizer.range", { min: field.min, max: field.max });
    input.setAttribute("aria-describedby", `${input.id}-hint`);
    const wrapper = labelled(FIELD_LABELS[field.name] ?? field.name, input);
    wrapper.append(el("span", { class: "field-hint", id: `${input.id}-hint` }, hint));
    return wrapper;
  }

  const hasCorrect = () => kind.fields.some((field) => field.kind === "option");
  const correctIndex = () => (poll ? poll.options.findIndex((o) => o.id === poll.settings?.correct) : -1);

  // {text, image?, alt?, src?} per option: the edited poll's at first, then what the rows hold
  function optionValues() {
    if (!rows.isConnected && poll && !rows.children.length) return poll.options;
    return [...rows.children].map(rowOption);
  }

  function body() {
    const result = { question: question.value.trim() };
    if (!poll) result.type = kind.type;
    if (poll && !dirty) return result;
    if (kind.options)
      result.options = kind.option_images
        ? [...rows.children].map(imageOption)
        : optionValues().map((option) => option.text.trim());
    const settings = {};
    for (const field of kind.fields) {
      if (field.kind === "option") {
        settings[field.name] = [...rows.querySelectorAll('input[type="radio"]')].findIndex((r) => r.checked);
      } else if (settingInputs[field.name].value !== "") {
        settings[field.name] = Number(settingInputs[field.name].value);
      }
    }
    result.settings = settings;
    return result;
  }

  variable.addEventListener("input", () => {
    dirty = true;
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await onSubmit(body());
      showError(error, null);
    } catch (failure) {
      showError(error, failure);
    } finally {
      submit.disabled = false;
    }
  });

  draw();
  return {
    element: form,
    focus: () => question.focus(),
    reset() {
      // after an add: a clean form of the same type, ready for the next poll
      question.value = "";
      rows.replaceChildren();
      dirty = false;
      draw();
    },
  };
}

function editorEvent() {
  return document.getElementById("editor")?.dataset.eventId;
}

function labelled(text, input) {
  const label = el("label", { for: input.id }, text);
  const wrapper = el("div", { class: "field" });
  wrapper.append(label, input);
  return wrapper;
}
