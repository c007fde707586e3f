// An event card in the organizer's list as their role on it allows: an event shared with them says
// whose it is and offers only what their role may do; every card says who else has access.
import { t } from "/static/js/i18n.js";

const ROLE_NAMES = {
  owner: t("organizer.role.owner"),
  editor: t("organizer.role.editor"),
  moderator: t("organizer.role.moderator"),
  viewer: t("organizer.role.viewer"),
};
const NEEDS = { edit: "edit", present: "edit", duplicate: "edit", archive: "edit", results: "results", delete: "own" };

export function showAccess(node, event) {
  const may = new Set(event.permissions ?? ["own", "edit", "moderate", "results", "view"]);
  for (const [part, permission] of Object.entries(NEEDS)) {
    const control = node.querySelector(`[data-role="${part}"]`);
    if (control && !may.has(permission)) control.hidden = true;
  }
  const page = `/events/${encodeURIComponent(event.id)}`;
  if (!may.has("edit")) {
    node.querySelector('[data-role="open"]').href = may.has("results") ? `${page}/results` : `${page}/moderate`;
  }
  const others = (event.access ?? []).filter((member) => member.role !== "owner");
  if (event.role === "owner" && !others.length) return;
  const line = Object.assign(document.createElement("p"), { className: "muted small access-line" });
  line.dataset.role = "access";
  const owner = (event.access ?? []).find((member) => member.role === "owner");
  const names = others.map((member) => `${member.email} (${ROLE_NAMES[member.role]})`);
  line.textContent =
    event.role === "owner"
      ? t("organizer.sharing.shared_with", { names: names.join(", ") })
      : t("organizer.sharing.shared_by", { owner: owner?.email ?? "", role: ROLE_NAMES[event.role] });
  node.querySelector(".event-main").append(line);
}
