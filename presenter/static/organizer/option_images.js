// The poll editor's option rows for a type whose options are images (the editor type's
// option_images): the image, uploaded as soon as it is picked, its alt text (required) and an
// optional caption (the row's usual text input). A refused upload says why beside its row.
import { el } from "/static/js/dom.js";
import { t } from "/static/js/i18n.js";
import { showError } from "./common.js";

const ACCEPT = "image/png,image/jpeg,image/webp";
let fieldCount = 0; // ids for the labels' for=

// The raw file as the body, with the session cookie as every editor call sends it.
async function upload(eventId, file) {
  const response = await fetch(`/api/v1/events/${encodeURIComponent(eventId)}/images`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": file.type || "application/octet-stream" },
    body: file,
  });
  if (response.status === 401) {
    location.href = "/login";
    throw new Error("signed out");
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    throw Object.assign(new Error(data?.error?.message || response.statusText), { code: data?.error?.code });
  }
  return data;
}

function field(text, input) {
  const label = el("label", { for: input.id }, text);
  const wrapper = el("div", { class: "field" });
  wrapper.append(label, input);
  return { wrapper, label };
}

// imageFields(option {text, image?, alt?, src?}, caption <input>, {eventId, maxText}) → the node
// that goes in the row in place of the plain text input; the caption input becomes optional.
export function imageFields(option, caption, { eventId, maxText }) {
  const id = `option-image-${++fieldCount}`;
  const box = el("div", { class: "option-image-fields", dataset: { image: option.image || "" } });
  const preview = el("img", { class: "option-preview", alt: "", decoding: "async" });
  const frame = el("div", { class: "option-preview-frame" });
  frame.append(preview);
  const file = el("input", { type: "file", accept: ACCEPT, id: `${id}-file`, class: "option-file" });
  const pick = field("", file);
  const status = el("p", { class: "field-hint upload-status", "aria-live": "polite" });
  const error = el("p", { class: "error", role: "alert" });
  const alt = el("input", { class: "option-alt", required: "", maxlength: maxText, id: `${id}-alt` });
  alt.value = option.alt ?? "";
  caption.required = false;
  caption.id = `${id}-caption`;
  caption.value = option.image && option.text === option.alt ? "" : (option.text ?? "");

  const show = (src) => {
    frame.hidden = !src;
    if (src) preview.src = src;
    file.required = !box.dataset.image;
    pick.label.textContent = box.dataset.image ? t("organizer.replace_image") : t("organizer.choose_image");
  };
  show(option.src || "");

  file.addEventListener("change", async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    showError(error, null);
    status.textContent = t("organizer.uploading");
    file.setCustomValidity(t("organizer.uploading")); // no save with an image still on its way
    try {
      const stored = await upload(eventId, chosen);
      box.dataset.image = stored.image;
      show(stored.src);
    } catch (failure) {
      showError(error, failure);
    } finally {
      status.textContent = "";
      file.setCustomValidity("");
      file.value = ""; // the same file picked again is a change again
      file.required = !box.dataset.image;
    }
  });

  const fields = el("div", { class: "option-image-inputs", role: "group", "aria-labelledby": `${id}-n` });
  fields.append(
    pick.wrapper,
    status,
    error,
    field(t("organizer.image_alt"), alt).wrapper,
    field(t("organizer.image_caption"), caption).wrapper,
  );
  box.append(el("span", { class: "option-number", id: `${id}-n`, "data-role": "option-label" }), frame, fields);
  return box;
}

// An image row's option as the API takes it: {text, image, alt}; text "" when no caption is given.
export function imageOption(row) {
  return {
    text: row.querySelector(".option-input").value.trim(),
    image: row.querySelector(".option-image-fields").dataset.image || null,
    alt: row.querySelector(".option-alt").value.trim(),
  };
}

// What a row holds, kept when the form is drawn again for another type.
export function rowOption(row) {
  const text = row.querySelector(".option-input").value;
  if (!row.querySelector(".option-image-fields")) return { text };
  const src = row.querySelector(".option-preview").getAttribute("src");
  return { ...imageOption(row), text, src };
}
