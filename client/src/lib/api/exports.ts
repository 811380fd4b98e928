// The questions of an event as CSV or JSON, for moderators. The export needs the link's secret
// as a Bearer token, which a plain <a href> cannot send: the file is fetched with the header and
// handed to the browser as a Blob URL.
import { fetchOrThrow, type Fetch } from './http.js';

export type ExportFormat = 'csv' | 'json';

export const exportPath = (slug: string, format: ExportFormat): string =>
  `/api/events/${encodeURIComponent(slug)}/questions.${format}`;

export async function fetchExport(
  slug: string,
  format: ExportFormat,
  secret: string,
  fetchImpl: Fetch = fetch,
): Promise<Blob> {
  const response = await fetchOrThrow(fetchImpl, exportPath(slug, format), {
    headers: { Authorization: `Bearer ${secret}` },
  });
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
