import { KetuError } from '../contract/errors.js';
import type { ErrorCode } from '../contract/errors.js';

/**
 * Why a provider stopped answering. These are meant to become contract error codes (GEOCODE_QUOTA,
 * GEOCODE_KEY_INVALID …); until the contract has them they travel in `details.reason` under an
 * existing code, so the UI can already tell them apart.
 */
export type GeocodeFailure = 'GEOCODE_QUOTA' | 'GEOCODE_KEY_INVALID' | 'GEOCODE_RATE_LIMITED' | 'GEOCODE_PROVIDER_ERROR';

const carrier: Record<GeocodeFailure, ErrorCode> = {
  GEOCODE_QUOTA: 'INTERNAL',
  GEOCODE_KEY_INVALID: 'INVALID_PARAMS',
  GEOCODE_RATE_LIMITED: 'INTERNAL',
  GEOCODE_PROVIDER_ERROR: 'INTERNAL',
};

export function geocodeError(reason: GeocodeFailure, message: string, details: { provider: string; providerCode?: string; [key: string]: unknown }): KetuError {
  return new KetuError(carrier[reason], message, { ...details, reason });
}

export function geocodeFailureOf(err: unknown): GeocodeFailure | null {
  if (!(err instanceof KetuError)) return null;
  const reason = err.details?.reason;
  return reason === 'GEOCODE_QUOTA' || reason === 'GEOCODE_KEY_INVALID' || reason === 'GEOCODE_RATE_LIMITED' || reason === 'GEOCODE_PROVIDER_ERROR' ? reason : null;
}

export function cancelled(): KetuError {
  return new KetuError('CANCELLED', '已取消地理编码');
}
