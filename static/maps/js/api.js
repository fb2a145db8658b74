// A small fetch wrapper: JSON in, real errors out.

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export async function getJSON(url) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (error) {
    throw new ApiError("The server did not answer. Check your connection and try again.", 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    body = null;
  }
  if (response.status >= 500) {
    throw new ApiError(`The server did not answer properly (error ${response.status}). Try again later.`, response.status);
  }
  if (!response.ok) {
    const detail = body && (body.detail || JSON.stringify(body.errors || body));
    throw new ApiError(detail || `The server answered ${response.status}.`, response.status);
  }
  return body;
}

export function withParams(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }
  return url.pathname + url.search;
}
