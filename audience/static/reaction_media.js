// The browser side of a reaction: the camera, the recorder and the upload with progress.
// reactionsPanel (reactions.js) keeps the steps and the views; these only talk to the browser.

const MIME_TYPES = ["video/webm;codecs=vp8,opus", "video/webm", "video/mp4;codecs=avc1,mp4a", "video/mp4"];

export const canRecord = () =>
  window.isSecureContext && !!navigator.mediaDevices?.getUserMedia && !!window.MediaRecorder;

function pickMime() {
  return MIME_TYPES.find((type) => MediaRecorder.isTypeSupported?.(type)) || "";
}

function openStream(facing) {
  return navigator.mediaDevices.getUserMedia({
    video: { facingMode: facing, width: { ideal: 640 }, height: { ideal: 480 } },
    audio: true,
  });
}

// A recorder on the stream, not yet started; onClip({blob, name}) once it stops.
function newRecorder(stream, onClip) {
  const mimeType = pickMime();
  const chunks = [];
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 1_200_000, audioBitsPerSecond: 64_000 });
  recorder.ondataavailable = (event) => {
    if (event.data.size) chunks.push(event.data);
  };
  recorder.onstop = () => {
    const type = recorder.mimeType || mimeType || "video/webm";
    onClip({ blob: new Blob(chunks, { type }), name: type.includes("mp4") ? "reaction.mp4" : "reaction.webm" });
  };
  return recorder;
}

// The phone's camera, front or back, and one recording at a time from it.
export function camera() {
  let stream = null;
  let facing = "user";
  let recorder = null;
  let timer = null;
  const self = {
    async open(video) {
      self.close();
      stream = await openStream(facing);
      video.srcObject = stream;
    },
    flip(video) {
      facing = facing === "user" ? "environment" : "user";
      return self.open(video);
    },
    close() {
      stream?.getTracks().forEach((track) => track.stop());
      stream = null;
    },
    // onTick(seconds) four times a second until stopTicking(); a hard stop at limit() seconds;
    // onClip({blob, name}) once the recording has stopped.
    record(limit, onTick, onClip) {
      recorder = newRecorder(stream, onClip);
      const began = performance.now();
      recorder.start(1000);
      timer = setInterval(() => {
        const seconds = (performance.now() - began) / 1000;
        onTick(seconds);
        if (seconds >= limit() && recorder.state === "recording") recorder.stop(); // hard stop
      }, 250);
    },
    stop() {
      recorder?.stop();
    },
    stopTicking() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return self;
}

// POSTs the form: onProgress(loaded, total) while it goes, onLoad(status, body) with the parsed
// JSON body (or null) when the server answers, onError() when the network fails.
export function postReaction(code, form, { onProgress, onLoad, onError }) {
  const request = new XMLHttpRequest();
  request.open("POST", `/api/v1/join/${encodeURIComponent(code)}/reactions`);
  request.upload.onprogress = (event) => onProgress(event.loaded, event.total);
  request.onload = () => {
    let body = null;
    try {
      body = JSON.parse(request.responseText);
    } catch {
      body = null;
    }
    onLoad(request.status, body);
  };
  request.onerror = onError;
  request.send(form);
}

// The HTTP status of deleting one of the phone's reactions.
export async function deleteReaction(code, id) {
  const response = await fetch(`/api/v1/join/${encodeURIComponent(code)}/reactions/${encodeURIComponent(id)}`, {
    method: "DELETE",
    credentials: "same-origin",
  });
  return response.status;
}
