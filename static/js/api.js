// The organizer pages' calls to the JSON API, with the session cookie; signed out → the sign-in page.
export async function api(method, path, body) {
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: "same-origin",
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status === 401) {
    location.href = "/login";
    throw new Error("signed out");
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    // With the code a page can say it in its own language (i18n.js); the message is the fallback.
    throw Object.assign(new Error(data?.error?.message || response.statusText), { code: data?.error?.code });
  }
  return data;
}
