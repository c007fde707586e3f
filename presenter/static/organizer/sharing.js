// The settings page's sharing card (owner only): make a one-time invitation link for a role, copy it,
// (settings.js copies it), and change or remove the access of those the event is shared with (their open screens follow at once).
import { api } from "/static/js/api.js";
import { t } from "/static/js/i18n.js";
import { announce, showError } from "./common.js";

const $ = (id) => document.getElementById(id);
const eventId = $("settings").dataset.eventId;
const error = $("sharing-error");
const ROLE_NAMES = {
  owner: t("organizer.role.owner"),
  editor: t("organizer.role.editor"),
  moderator: t("organizer.role.moderator"),
  viewer: t("organizer.role.viewer"),
};
const ROLES = ["editor", "moderator", "viewer"];

function memberRow({ email, role }) {
  const row = document.createElement("li");
  const name = Object.assign(document.createElement("span"), { className: "member-email", textContent: email });
  const controls = Object.assign(document.createElement("span"), { className: "member-controls" });
  if (role === "owner") {
    controls.textContent = ROLE_NAMES.owner;
  } else {
    const choice = document.createElement("select");
    choice.setAttribute("aria-label", t("organizer.sharing.role_of", { email }));
    for (const value of ROLES) choice.append(new Option(ROLE_NAMES[value], value, false, value === role));
    choice.addEventListener("change", () => change(email, choice.value));
    const remove = Object.assign(document.createElement("button"), {
      type: "button",
      className: "btn btn-small btn-danger",
      textContent: t("organizer.sharing.remove"),
    });
    remove.setAttribute("aria-label", t("organizer.sharing.remove_who", { email }));
    remove.addEventListener("click", () => removeMember(email));
    controls.append(choice, remove);
  }
  row.append(name, controls);
  return row;
}

function show(access) {
  $("members").replaceChildren(...access.map(memberRow));
}

async function load() {
  show((await api("GET", `/events/${eventId}/access`)).access);
}

async function change(email, role) {
  showError(error, null);
  try {
    show((await api("PUT", `/events/${eventId}/access/${encodeURIComponent(email)}`, { role })).access);
    announce(t("organizer.sharing.changed", { email }));
  } catch (failure) {
    showError(error, failure);
    load();
  }
}

async function removeMember(email) {
  if (!confirm(t("organizer.sharing.remove_confirm", { email }))) return;
  showError(error, null);
  try {
    await api("DELETE", `/events/${eventId}/access/${encodeURIComponent(email)}`);
    announce(t("organizer.sharing.removed", { email }));
    await load();
  } catch (failure) {
    showError(error, failure);
  }
}

$("invite-form").addEventListener("submit", async (submit) => {
  submit.preventDefault();
  showError(error, null);
  try {
    const { url } = await api("POST", `/events/${eventId}/invitations`, { role: $("invite-role").value });
    $("invite-url").value = url;
    $("invite-link").hidden = $("invite-once").hidden = false;
    $("invite-url").select();
    announce(t("organizer.sharing.made"));
  } catch (failure) {
    showError(error, failure);
  }
});

load().catch((failure) => showError(error, failure));
