// The settings page's brand card: the accent colour (refused when too light, with a darker one to
// use), a chosen join code, and the logo (uploaded raw, as the poll option images are).
import { api } from "/static/js/api.js";
import { errorText, t } from "/static/js/i18n.js";
import { announce, showError } from "./common.js";

const $ = (id) => document.getElementById(id);
const eventId = $("settings").dataset.eventId;
const form = $("brand-form");
const accent = $("brand-accent");
const picker = $("brand-picker");
const suggestion = $("brand-suggestion");

picker.addEventListener("input", () => {
  accent.value = picker.value;
});
accent.addEventListener("input", () => {
  if (/^#[0-9a-f]{6}$/i.test(accent.value)) picker.value = accent.value.toLowerCase();
});

// A low_contrast error's message ends with the colour to try; it is offered as a button.
function showBrandError(error) {
  const offered = error?.code === "low_contrast" ? error.message.match(/#[0-9a-f]{6}/g)?.at(-1) : null;
  $("brand-error").textContent = offered ? `${errorText(error)} ${offered}` : "";
  if (!offered) showError($("brand-error"), error);
  suggestion.hidden = !offered;
  if (offered) {
    suggestion.textContent = t("organizer.brand.use", { colour: offered });
    suggestion.dataset.colour = offered;
  }
}

suggestion.addEventListener("click", () => {
  accent.value = picker.value = suggestion.dataset.colour;
  form.requestSubmit();
});

form.addEventListener("submit", async (submit) => {
  submit.preventDefault();
  $("brand-status").textContent = "";
  try {
    const event = await api("PATCH", `/events/${eventId}`, {
      accent_color: accent.value.trim() || null,
      code: $("brand-code").value.trim(),
    });
    $("brand-code").value = event.code;
    showCode(event);
    accent.value = event.settings.accent_color || "";
    showBrandError(null);
    $("brand-status").textContent = t("organizer.saved");
    announce(t("organizer.saved"));
  } catch (error) {
    showBrandError(error);
  }
});

// The page's other places that name the code: the chip, the join link and its QR code.
function showCode(event) {
  document.querySelector(".code-chip").textContent = event.code;
  $("join-url").value = event.join_url;
  document.querySelector(".qr-preview").src = `/j/${event.code}/qr.svg`;
  $("qr-svg").href = `/j/${event.code}/qr.svg?download=1`;
  $("qr-png").href = `/j/${event.code}/qr.png?download=1`;
}

function showLogo(src) {
  $("brand-logo").hidden = !src;
  if (src) $("brand-logo").src = src;
  $("brand-no-logo").hidden = Boolean(src);
  $("brand-logo-remove").hidden = !src;
}

$("brand-logo-file").addEventListener("change", async (change) => {
  const file = change.target.files[0];
  if (!file) return;
  $("brand-logo-status").textContent = "";
  const response = await fetch(`/api/v1/events/${eventId}/logo`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": file.type || "application/octet-stream" },
    body: file,
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    showError($("brand-logo-error"), data?.error || { message: response.statusText });
    return;
  }
  showError($("brand-logo-error"), null);
  showLogo(data.logo_src);
  $("brand-logo-status").textContent = t("organizer.brand.logo_saved");
  announce(t("organizer.brand.logo_saved"));
});

$("brand-logo-remove").addEventListener("click", async () => {
  try {
    await api("DELETE", `/events/${eventId}/logo`);
    showLogo(null);
    $("brand-logo-file").value = "";
    $("brand-logo-status").textContent = t("organizer.brand.logo_removed");
    announce(t("organizer.brand.logo_removed"));
  } catch (error) {
    showError($("brand-logo-error"), error);
  }
});
