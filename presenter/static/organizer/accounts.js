// The admin's accounts page: disable an account (signing it out everywhere at once) or enable it again.
import { api } from "/static/js/api.js";
import { t } from "/static/js/i18n.js";
import { announce, showError } from "./common.js";

const error = document.getElementById("accounts-error");

for (const button of document.querySelectorAll("#accounts-page button[data-disabled]")) {
  button.addEventListener("click", async () => {
    const row = button.closest("tr");
    const disable = !button.dataset.disabled;
    if (disable && !confirm(t("organizer.accounts.disable_confirm", { email: row.dataset.email }))) return;
    button.disabled = true;
    try {
      await api("PATCH", `/accounts/${encodeURIComponent(row.dataset.email)}`, { disabled: disable });
      button.dataset.disabled = disable ? "1" : "";
      button.textContent = t(disable ? "organizer.accounts.enable" : "organizer.accounts.disable");
      button.classList.toggle("btn-danger", !disable);
      row.querySelector('[data-role="state"]').textContent = t(
        disable ? "organizer.accounts.disabled" : "organizer.accounts.enabled",
      );
      announce(
        t(disable ? "organizer.accounts.disabled_now" : "organizer.accounts.enabled_now", { email: row.dataset.email }),
      );
      showError(error, null);
    } catch (failure) {
      showError(error, failure);
    }
    button.disabled = false;
  });
}
