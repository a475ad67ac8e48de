// The widget's only way out: JSON over fetch to the configured API. Errors come back as
// `ApiError` with a message in plain words, made from the API's problem+json (RFC 9457).

export class ApiError extends Error {
  constructor(message, { status = 0, code = "", problem = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.problem = problem;
  }
}

const UNREACHABLE =
  "We could not reach the shop's configurator. Check your internet connection and try again.";

// Problem codes whose own title would confuse a shopper, in plain words instead.
const PLAIN = {
  "rate-limited": "Too many requests in a short time. Please wait a moment and try again.",
  internal: "Something went wrong on our side. Please try again in a moment.",
  "method-not-allowed": "This configurator does not match the shop's service version. Please reload the page.",
};

export function plainWords(status, problem) {
  const code = problem && typeof problem.code === "string" ? problem.code : "";
  let text = PLAIN[code];
  if (!text && problem && typeof problem.title === "string" && problem.title) {
    const title = problem.title.trim();
    const detail = typeof problem.detail === "string" ? problem.detail.trim() : "";
    text = detail && detail !== title && code !== "bad-input" ? `${sentence(title)} ${sentence(detail)}` : sentence(title);
    if (code === "bad-input" && Array.isArray(problem.problems) && problem.problems.length) {
      text = `${sentence(title)} ${problem.problems.slice(0, 3).map(sentence).join(" ")}`;
    }
  }
  if (!text) {
    text =
      status >= 500
        ? `The shop's configurator is not answering right now (error ${status}). Please try again shortly.`
        : `The request could not be completed (error ${status}).`;
  }
  const reference = problem && typeof problem.request_id === "string" ? problem.request_id : "";
  return status >= 500 && reference ? `${text} Reference: ${reference}.` : text;
}

export function sentence(text) {
  const clean = String(text).trim();
  if (!clean) return "";
  const first = clean[0].toUpperCase() + clean.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

export class Client {
  constructor(base) {
    // `base` ends with a slash: every path below is relative to it (the API may live under a prefix).
    this.base = base.endsWith("/") ? base : `${base}/`;
  }

  url(path) {
    return new URL(path, this.base).href;
  }

  async get(path, options = {}) {
    return this.#send("GET", path, undefined, options);
  }

  async post(path, body, options = {}) {
    return this.#send("POST", path, body, options);
  }

  async #send(method, path, body, { signal, headers = {} } = {}) {
    let response;
    try {
      response = await fetch(this.url(path), {
        method,
        mode: "cors",
        credentials: "omit",
        signal,
        headers: {
          Accept: "application/json, application/problem+json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if (error && error.name === "AbortError") throw error;
      throw new ApiError(UNREACHABLE);
    }
    const type = response.headers.get("content-type") || "";
    let data = null;
    if (type.includes("json")) {
      try {
        data = await response.json();
      } catch {
        data = null;
      }
    }
    if (!response.ok) {
      throw new ApiError(plainWords(response.status, data), {
        status: response.status,
        code: data && typeof data.code === "string" ? data.code : "",
        problem: data,
      });
    }
    return data;
  }
}

export const path = (strings, ...values) =>
  strings.reduce((out, part, i) => out + part + (i < values.length ? encodeURIComponent(String(values[i])) : ""), "");
