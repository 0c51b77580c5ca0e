/**
 * Errors are data with a fix (DESIGN.md rule 2). The set of codes is closed: the UI can rely on
 * every failure being one of these, and each carries words a person can act on.
 */

export const engineErrorCodes = [
  "NO_WEBGPU",
  "NO_SHADER_F16",
  "GPU_LIMITS_TOO_SMALL",
  "DEVICE_LOST",
  "OUT_OF_STORAGE",
  "NETWORK",
  "BLOCKED_BY_POLICY",
  "STREAM_CUT",
  "UNAUTHORIZED",
  "MISSING_API_KEY",
  "RATE_LIMITED",
  "INVALID_REQUEST",
  "ABORTED",
  "ENGINE_IN_OTHER_TAB",
  "ENGINE_CRASHED",
  "MODEL_FILE_INVALID",
  "MODEL_TOO_LARGE",
  "UNKNOWN",
] as const;

export type EngineErrorCode = (typeof engineErrorCodes)[number];

/** The plain form that crosses worker and storage boundaries (never `toString()`). */
export interface EngineErrorData {
  code: EngineErrorCode;
  /** What happened, in plain words. */
  message: string;
  /** What the person can do about it. */
  fix: string;
  /** For RATE_LIMITED: when a new request may be sent (epoch milliseconds). */
  retryAt?: number;
  /** Extra detail from the engine or server, shown in small print; never contains secrets. */
  detail?: string;
  /** The conversation did not fit in the model's context, with the counts the engine reported. */
  contextOverflow?: ContextOverflow;
}

export interface ContextOverflow {
  /** Tokens of the whole prompt the engine was asked to read. */
  promptTokens: number;
  /** Tokens the loaded model's context holds. */
  contextTokens: number;
}

const defaultText: Record<EngineErrorCode, { message: string; fix: string }> = {
  NO_WEBGPU: {
    message: "This browser does not offer WebGPU, so models cannot run on this device.",
    fix: "Use a recent Chrome, Edge or Safari, or chat through the Mistral API in Settings.",
  },
  NO_SHADER_F16: {
    message: "Your GPU lacks 16-bit shaders (shader-f16), which this model build needs.",
    fix: "Pick the f32 build of the model, or use the Mistral API.",
  },
  GPU_LIMITS_TOO_SMALL: {
    message: "Your GPU's limits are too small for this model.",
    fix: "Pick a smaller model, or use the Mistral API.",
  },
  DEVICE_LOST: {
    message: "The GPU stopped responding, most likely because it ran out of memory.",
    fix: "Close other GPU-heavy tabs or apps, pick a shorter context or a smaller model, and retry.",
  },
  OUT_OF_STORAGE: {
    message: "The browser refused to store more data on this device.",
    fix: "Free disk space or delete a downloaded model, then retry.",
  },
  NETWORK: {
    message: "Could not reach the server.",
    fix: "Check your connection and the API base URL in Settings, then retry.",
  },
  BLOCKED_BY_POLICY: {
    message: "This app's security policy does not allow connections to that address.",
    fix: "Use https://api.mistral.ai, or a server on this computer (localhost). To use another host, add its origin to connect-src in the Content-Security-Policy the app is served with (see the README, “Production headers”).",
  },
  STREAM_CUT: {
    message: "The connection dropped before the reply finished. Any part received is kept.",
    fix: "Retry to get a complete reply.",
  },
  UNAUTHORIZED: {
    message: "The server rejected your API key.",
    fix: "Check your key in Settings (La Plateforme → API Keys), or create a new one.",
  },
  MISSING_API_KEY: {
    message: "No Mistral API key is set.",
    fix: "Open Settings and paste your key from La Plateforme (console.mistral.ai → API Keys).",
  },
  RATE_LIMITED: {
    message: "Too many requests: the API's rate limit was reached.",
    fix: "Wait a moment and retry. The free tier allows about one request per second.",
  },
  INVALID_REQUEST: {
    message: "The server did not accept the request.",
    fix: "Check the model and the sampling settings, then retry.",
  },
  ABORTED: {
    message: "Stopped.",
    fix: "Send a new message or regenerate when you are ready.",
  },
  ENGINE_IN_OTHER_TAB: {
    message: "The local model is in use in another tab.",
    fix: "Close the other tab, or switch it to another engine, then retry here.",
  },
  ENGINE_CRASHED: {
    message: "The local engine stopped unexpectedly.",
    fix: "Retry to start it afresh, or continue in the cloud. If it happens again, reload the page.",
  },
  MODEL_FILE_INVALID: {
    message: "This file is not a model the local engine can read.",
    fix: "Choose a .gguf model file, such as one downloaded from Hugging Face or used by Ollama or LM Studio. Nothing was stored.",
  },
  MODEL_TOO_LARGE: {
    message: "This model is too large to run in the browser.",
    fix: "Choose a smaller model or a stronger quantization (for example Q4_K_M of a 3B model), or use the Mistral API.",
  },
  UNKNOWN: {
    message: "Something unexpected went wrong.",
    fix: "Retry. If it keeps happening, reload the page.",
  },
};

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly fix: string;
  readonly retryAt?: number;
  readonly detail?: string;
  readonly contextOverflow?: ContextOverflow;

  constructor(code: EngineErrorCode, overrides: Partial<Omit<EngineErrorData, "code">> = {}) {
    super(overrides.message ?? defaultText[code].message);
    this.name = "EngineError";
    this.code = code;
    this.fix = overrides.fix ?? defaultText[code].fix;
    this.retryAt = overrides.retryAt;
    this.detail = overrides.detail;
    this.contextOverflow = overrides.contextOverflow;
  }

  toData(): EngineErrorData {
    const data: EngineErrorData = { code: this.code, message: this.message, fix: this.fix };
    if (this.retryAt !== undefined) data.retryAt = this.retryAt;
    if (this.detail !== undefined) data.detail = this.detail;
    if (this.contextOverflow !== undefined) data.contextOverflow = { ...this.contextOverflow };
    return data;
  }

  static fromData(data: EngineErrorData): EngineError {
    return new EngineError(data.code, data);
  }
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}
