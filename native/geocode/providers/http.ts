import type { KetuError } from '../../contract/errors.js';
import { cancelled, geocodeError } from '../errors.js';
import type { ProviderId, ProviderOptions } from './types.js';
import { providerLabels } from './types.js';

/** What a provider makes of one HTTP answer. */
export type Verdict<T> = { ok: T } | { retry: string; rateLimited?: boolean } | { fatal: KetuError };

/** Resolves after `ms`, or rejects with CANCELLED as soon as the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(cancelled());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Spaces requests at least 1/qps apart; callers take a slot before each request. */
export class RateLimiter {
  private next = 0;
  private readonly gapMs: number;

  constructor(qps: number) {
    this.gapMs = 1000 / Math.max(0.01, qps);
  }

  async take(signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + this.gapMs;
    if (at > now) await sleep(at - now, signal);
  }
}

/**
 * GET with the rate limit, a timeout, and retries with exponential back-off and jitter on transient
 * failures (network, timeout, HTTP 5xx/429, the provider's own "too frequent" answers). Quota and key
 * problems stop at once: retrying them only burns the user's quota and time.
 */
export class ProviderHttp {
  readonly provider: ProviderId;
  readonly qps: number;
  private readonly limiter: RateLimiter;
  private readonly fetchImpl: typeof fetch;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  /** Every request sent, retries included. */
  requests = 0;

  constructor(provider: ProviderId, opts: ProviderOptions, defaultQps: number) {
    this.provider = provider;
    this.qps = opts.qps ?? defaultQps;
    this.limiter = new RateLimiter(this.qps);
    this.fetchImpl = opts.fetchImpl ?? fetch;
    this.attempts = Math.max(1, opts.retry?.attempts ?? 4);
    this.baseDelayMs = opts.retry?.baseDelayMs ?? 500;
    this.maxDelayMs = opts.retry?.maxDelayMs ?? 8000;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  async getJson<T>(url: URL, judge: (httpStatus: number, body: unknown) => Verdict<T>, signal?: AbortSignal): Promise<T> {
    const label = providerLabels[this.provider];
    let lastReason = '';
    let rateLimited = false;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) {
        // Equal jitter: half the exponential step fixed, half random, so parallel runs spread out.
        const step = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 2));
        await sleep(step / 2 + Math.random() * (step / 2), signal);
      }
      if (signal?.aborted === true) throw cancelled();
      await this.limiter.take(signal);
      const verdict = await this.once(url, judge, signal);
      if ('ok' in verdict) return verdict.ok;
      if ('fatal' in verdict) throw verdict.fatal;
      lastReason = verdict.retry;
      rateLimited = verdict.rateLimited === true;
    }
    throw rateLimited
      ? geocodeError('GEOCODE_RATE_LIMITED', `${label}请求过于频繁（${lastReason}），重试 ${this.attempts} 次仍被限流，请稍后再试`, { provider: this.provider })
      : geocodeError('GEOCODE_PROVIDER_ERROR', `${label}暂时无法访问（${lastReason}），已重试 ${this.attempts} 次`, { provider: this.provider });
  }

  private async once<T>(url: URL, judge: (httpStatus: number, body: unknown) => Verdict<T>, signal?: AbortSignal): Promise<Verdict<T>> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    this.requests++;
    let status: number;
    let text: string;
    try {
      const response = await this.fetchImpl(url, { signal: combined, headers: { accept: 'application/json' } });
      status = response.status;
      text = await response.text();
    } catch (err) {
      if (signal?.aborted === true) throw cancelled();
      if (timeout.aborted) return { retry: `超过 ${Math.round(this.timeoutMs / 1000)} 秒未响应` };
      // The URL carries the key: name the failure, never the request.
      return { retry: `网络错误：${err instanceof Error ? ((err.cause as { code?: string } | undefined)?.code ?? err.message) : String(err)}` };
    }
    if (status === 429) return { retry: 'HTTP 429', rateLimited: true };
    if (status >= 500) return { retry: `HTTP ${status}` };
    let body: unknown = null;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = null;
    }
    return judge(status, body);
  }
}

/** A field of a provider's JSON that should be text; 高德 writes [] for "empty". */
export function textField(obj: unknown, key: string): string {
  if (typeof obj !== 'object' || obj === null) return '';
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

export function numberField(obj: unknown, key: string): number | null {
  if (typeof obj !== 'object' || obj === null) return null;
  const v = (obj as Record<string, unknown>)[key];
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

export function objectField(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  return (obj as Record<string, unknown>)[key];
}

export function unexpected(provider: ProviderId, httpStatus: number): KetuError {
  return geocodeError('GEOCODE_PROVIDER_ERROR', `${providerLabels[provider]}返回了无法识别的内容（HTTP ${httpStatus}）`, { provider, httpStatus });
}

/** Addresses go into query strings; 高德 splits batches on '|', so it must not occur inside one. */
export function cleanQueryText(text: string): string {
  return text.normalize('NFKC').replace(/[|\s\u3000]+/g, ' ').trim();
}
