// The questions of an event as CSV or JSON, for moderators. The export needs the link's secret
// as a Bearer token, which a plain <a href> cannot send: the file is fetched with the header and
// handed to the browser as a Blob URL.
import type { ErrorBody } from '../../../../shared/errors.js';
import { t } from '../i18n/index.js';
import { ApiError, type Fetch } from './http.js';

export type ExportFormat = 'csv' | 'json';

export const exportPath = (slug: string, format: ExportFormat): string =>
  `/api/events/${encodeURIComponent(slug)}/questions.${format}`;

export async function fetchExport(
  slug: string,
  format: ExportFormat,
  secret: string,
  fetchImpl: Fetch = fetch,
): Promise<Blob> {
  let response: Response;
  try {
    response = await fetchImpl(exportPath(slug, format), {
      headers: { Authorization: `Bearer ${secret}` },
    });
  } catch {
    throw new ApiError('client/network', 0, t('error.network'));
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as Partial<ErrorBody> | null;
    if (typeof body?.error === 'string' && typeof body.message === 'string') {
      throw new ApiError(body.error, response.status, body.message);
    }
    throw new ApiError(
      'client/bad_response',
      response.status,
      t('error.badResponse', { status: response.status }),
    );
  }
  return response.blob();
}

/** Starts the browser's download of `blob` under `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
