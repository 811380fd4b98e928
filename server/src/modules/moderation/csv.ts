/**
 * RFC 4180 CSV: fields with a quote, comma or line break are quoted, quotes doubled, CRLF
 * between records, UTF-8 with a byte-order mark so spreadsheet programs read accents right.
 * A cell starting with = + - @ (or a tab or CR) gets a leading apostrophe, so a question can
 * never run as a formula in the organizer's spreadsheet.
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  const lines = [header, ...rows].map((row) => row.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
