// Video (or text) reactions on the phone: invitation, consent, recording, preview, upload with retry.
import { announce } from "/static/js/announce.js";
import { el } from "/static/js/dom.js";
import { clock } from "/static/js/format.js";
import { errorText, t } from "/static/js/i18n.js";
import { camera, canRecord, deleteReaction, postReaction } from "./reaction_media.js";

export function reactionsPanel(root, code, eventTitle) {
  let settings = { open: false, limit_seconds: 60, retention_days: 30, mine: [] };
  let step = "invite"; // invite | consent | record | preview | text | sending | sent
  let clip = null; // {blob, name} kept until the server has it, so a lost upload loses nothing
  const cam = camera();

  function go(next) {
    step = next;
    draw();
  }

  function draw() {
    cam.stopTicking();
    const visible = settings.open || settings.mine.length > 0;
    root.hidden = !visible;
    if (!visible) {
      cam.close();
      return;
    }
    const body = settings.open ? view() : el("p", { class: "muted" }, t("reaction.closed"));
    root.replaceChildren(el("h2", {}, t("reaction.title")), body, mineList());
  }

  function view() {
    if (step === "sent") return el("p", { class: "reaction-thanks" }, t("reaction.thanks"));
    const views = {
      consent: consentView,
      record: recordView,
      preview: previewView,
      text: textView,
      sending: sendingView,
    };
    return (views[step] || inviteView)();
  }

  function button(label, onClick, kind = "") {
    const node = el("button", { class: `btn ${kind}`, type: "button" }, label);
    node.addEventListener("click", onClick);
    return node;
  }

  function inviteView() {
    const box = el("div", { class: "stack" });
    box.append(
      el("p", {}, t("reaction.invite", { n: settings.limit_seconds })),
      button(t("reaction.record"), () => go("consent"), "btn-primary"),
      button(t("reaction.write_instead"), () => go("text")),
    );
    return box;
  }

  function consentView() {
    const box = el("form", { class: "stack consent" });
    box.append(el("p", {}, t("reaction.consent_text", { event: eventTitle, days: settings.retention_days })));
    const agree = el("input", { type: "checkbox", name: "agree", required: "" });
    const label = el("label", { class: "check" });
    label.append(agree, document.createTextNode(` ${t("reaction.consent_agree")}`));
    const next = el("button", { class: "btn btn-primary", type: "submit" }, t("reaction.continue"));
    next.disabled = true;
    agree.addEventListener("change", () => {
      next.disabled = !agree.checked;
    });
    box.append(
      label,
      next,
      button(t("reaction.cancel"), () => go("invite")),
    );
    box.addEventListener("submit", (event) => {
      event.preventDefault();
      if (agree.checked) go("record");
    });
    return box;
  }

  function recordView() {
    const box = el("div", { class: "stack recorder" });
    if (!canRecord()) return fileFallback(box);
    const video = el("video", { class: "camera", autoplay: "", muted: "", playsinline: "" });
    video.muted = true;
    const time = el("p", { class: "rec-time", role: "timer" }, `${clock(0)} / ${clock(settings.limit_seconds)}`);
    const start = button(t("reaction.start"), () => startRecording(start, stop, time), "btn-primary");
    const stop = button(t("reaction.stop"), () => cam.stop(), "btn-danger");
    stop.hidden = true;
    const flip = button(t("reaction.switch_camera"), () => cam.flip(video));
    const error = el("p", { class: "error", role: "alert" });
    box.append(
      video,
      time,
      start,
      stop,
      flip,
      error,
      button(t("reaction.write_instead"), () => {
        cam.close();
        go("text");
      }),
    );
    cam.open(video).catch(() => {
      error.textContent = t("reaction.no_camera");
      start.disabled = true;
    });
    return box;
  }

  function fileFallback(box) {
    // Over plain HTTP a browser will not record; the phone's own camera app still can.
    const input = el("input", {
      type: "file",
      accept: "video/*",
      capture: "user",
      class: "sr-only",
      id: "reaction-file",
    });
    const pick = el("label", { class: "btn btn-primary", for: "reaction-file" }, t("reaction.open_camera"));
    input.addEventListener("change", () => {
      const file = input.files?.[0];
      if (!file) return;
      clip = { blob: file, name: file.name || "reaction.mp4" };
      go("preview");
    });
    box.append(
      el("p", { class: "muted" }, t("reaction.camera_app", { n: settings.limit_seconds })),
      input,
      pick,
      button(t("reaction.write_instead"), () => go("text")),
    );
    return box;
  }

  function startRecording(start, stop, time) {
    const limit = () => settings.limit_seconds;
    const tick = (seconds) => {
      time.textContent = `${clock(seconds)} / ${clock(limit())}`;
      time.dataset.left = String(Math.ceil(limit() - seconds));
    };
    cam.record(limit, tick, (recorded) => {
      clip = recorded;
      cam.close();
      go("preview");
    });
    start.hidden = true;
    stop.hidden = false;
  }

  function previewView() {
    const box = el("div", { class: "stack" });
    const video = el("video", { class: "camera", controls: "", playsinline: "", src: URL.createObjectURL(clip.blob) });
    const note = el("textarea", {
      rows: "2",
      maxlength: "500",
      placeholder: t("reaction.add_text"),
      "aria-label": t("reaction.add_text"),
    });
    box.append(
      video,
      note,
      button(t("reaction.send"), () => upload(true, note.value), "btn-primary"),
      button(t("reaction.rerecord"), () => {
        clip = null;
        go("record");
      }),
    );
    return box;
  }

  function textView() {
    const form = el("form", { class: "stack" });
    const area = el("textarea", {
      rows: "4",
      maxlength: "500",
      required: "",
      placeholder: t("reaction.text_placeholder"),
      "aria-label": t("reaction.text_placeholder"),
    });
    form.append(
      area,
      el("button", { class: "btn btn-primary", type: "submit" }, t("reaction.send")),
      button(t("reaction.cancel"), () => go("invite")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (area.value.trim()) {
        clip = null;
        upload(false, area.value);
      }
    });
    return form;
  }

  let progress = { sent: 0, total: 0, failed: false, message: "" };
  let lastUpload = null;

  function sendingView() {
    const box = el("div", { class: "stack" });
    const percent = progress.total ? Math.round((100 * progress.sent) / progress.total) : 0;
    const bar = el("progress", { max: "100", value: String(percent), "aria-label": t("reaction.uploading") });
    box.append(el("p", {}, progress.failed ? progress.message : `${t("reaction.uploading")} ${percent}%`), bar);
    if (progress.failed) {
      box.append(
        button(t("reaction.retry"), () => lastUpload?.(), "btn-primary"),
        button(t("reaction.cancel"), () => {
          clip = null;
          go("invite");
        }),
      );
    }
    return box;
  }

  function upload(withVideo, text) {
    const form = new FormData();
    form.append("consent", withVideo ? "true" : "false");
    if (text) form.append("text", text);
    if (withVideo && clip) form.append("video", clip.blob, clip.name);
    lastUpload = () => upload(withVideo, text);
    progress = { sent: 0, total: withVideo && clip ? clip.blob.size : 1, failed: false, message: "" };
    go("sending");
    postReaction(code, form, {
      onProgress(loaded, total) {
        progress.sent = loaded;
        progress.total = total || progress.total;
        const bar = root.querySelector("progress");
        if (bar) bar.value = Math.round((100 * progress.sent) / progress.total);
      },
      onLoad(status, body) {
        if (status === 201) {
          clip = null;
          settings.mine = [...settings.mine, body];
          go("sent");
          announce(t("reaction.thanks"));
        } else fail(body?.error ? errorText(body.error) : t("audience.error"), status >= 500);
      },
      onError: () => fail(t("reaction.network_lost"), true),
    });
  }

  function fail(message, retryable) {
    progress.failed = true;
    progress.message = message;
    draw();
    announce(message);
    if (retryable) window.addEventListener("online", () => lastUpload?.(), { once: true });
  }

  function mineList() {
    const list = el("ul", { class: "my-reactions" });
    settings.mine.forEach((reaction) => {
      const item = el("li", { dataset: { reaction: reaction.id } });
      const label =
        reaction.kind === "video" ? t("reaction.my_video", { d: clock(reaction.duration) }) : t("reaction.my_text");
      item.append(
        el("span", {}, label),
        button(t("reaction.delete"), () => remove(reaction.id), "btn-small btn-danger"),
      );
      list.append(item);
    });
    return list;
  }

  async function remove(id) {
    if (!confirm(t("reaction.delete_confirm"))) return;
    const status = await deleteReaction(code, id);
    if (status === 204 || status === 404) {
      settings.mine = settings.mine.filter((r) => r.id !== id);
      draw();
    }
  }

  return {
    setState(reactions) {
      // Re-syncs after a reconnect without throwing away a recording in progress or waiting to upload.
      const busy = ["consent", "record", "preview", "text", "sending"].includes(step);
      settings = { ...settings, ...reactions };
      if (!busy) draw();
      else root.hidden = false;
    },
    setOpen(next) {
      const busy = step === "record" || step === "sending";
      const opened = next.open && !settings.open;
      settings = { ...settings, ...next };
      if (!busy) draw();
      if (opened) announce(t("reaction.invite", { n: settings.limit_seconds }));
    },
  };
}
