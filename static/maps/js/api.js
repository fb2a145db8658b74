// A small fetch wrapper: JSON in, real errors out.

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

// `signal` (an AbortController's) cancels the request: it then rejects with
// the browser's AbortError, which callers ignore, not with an ApiError.
export async function getJSON(url, { signal } = {}) {
  let response;
  try {
    // GeoJSON answers (?format=geojson) are application/geo+json: JSON too.
    response = await fetch(url, { headers: { Accept: "application/json, application/geo+json" }, signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError("The server did not answer. Check your connection and try again.", 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.status >= 500) {
    throw new ApiError(
      `The server did not answer properly (error ${response.status}). Try again later.`,
      response.status,
    );
  }
  if (!response.ok) {
    const detail = body && (body.detail || JSON.stringify(body.errors || body));
    throw new ApiError(detail || `The server answered ${response.status}.`, response.status);
  }
  return body;
}

// Answers kept by URL for the page's life: going back to a view the page has
// shown costs no request.
export function cachedGetter(get = getJSON) {
  const answers = new Map();
  return async (url) => {
    if (!answers.has(url)) answers.set(url, await get(url));
    return answers.get(url);
  };
}
