import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';

export interface CertificateContent {
  id: string;
  name: string;
  eventTitle: string;
  /** e.g. "22 February 2024 – 23 February 2024" */
  dates: string;
  parts: { part: string; date: string; credits: number }[];
  totalCredits: number;
  accreditationStatement: string;
  /** Absolute address of the public verification page. */
  verifyUrl: string;
  issuedAt: Date;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;

/**
 * DejaVu Sans covers Latin, Greek and Cyrillic in full, so an attendee's name prints with every
 * letter (the standard PDF fonts only encode WinAnsi: Ł would become L). The font ships with the
 * app as an npm dependency (the `dejavu-fonts-ttf` package, with its licence), not from the OS.
 */
const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

/** Read once per process: each file is about 700 KB. */
let fontBytes: Promise<{ regular: Buffer; bold: Buffer }> | null = null;

function loadFonts(): Promise<{ regular: Buffer; bold: Buffer }> {
  fontBytes ??= Promise.all([readFile(FONT_FILES.regular), readFile(FONT_FILES.bold)]).then(
    ([regular, bold]) => ({ regular, bold }),
  );
  return fontBytes;
}

/**
 * The certificate as a one-page A4 PDF with the verification QR code. The fonts are embedded as
 * subsets (only the glyphs used), which keeps the file near 40 KB instead of 1.4 MB.
 */
export async function renderCertificate(content: CertificateContent): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(`Certificate of attendance – ${printable(content.eventTitle)}`);
  pdf.setCreator('Live Session Companion');
  pdf.setCreationDate(content.issuedAt);
  pdf.setModificationDate(content.issuedAt);
  const page = pdf.addPage([A4.width, A4.height]);
  const fonts = await loadFonts();
  const regular = await pdf.embedFont(fonts.regular, { subset: true });
  const bold = await pdf.embedFont(fonts.bold, { subset: true });
  const width = A4.width - 2 * MARGIN;
  let y = A4.height - MARGIN - 20;

  const line = (text: string, font: PDFFont, size: number, gap = 8): void => {
    for (const row of wrap(printable(text, font), font, size, width)) {
      page.drawText(row, { x: MARGIN, y, size, font, color: rgb(0.1, 0.1, 0.15) });
      y -= size + 4;
    }
    y -= gap;
  };

  line('Certificate of attendance', bold, 26, 16);
  line('This is to certify that', regular, 12);
  line(content.name, bold, 20, 12);
  line('attended, online, live-streamed:', regular, 12);
  line(content.eventTitle, bold, 15);
  line(content.dates, regular, 12, 18);
  line('Credits by part', bold, 13, 4);
  for (const part of content.parts) {
    line(`${part.date}  ${part.part}: ${formatCredits(part.credits)}`, regular, 11, 2);
  }
  y -= 6;
  line(`Total: ${formatCredits(content.totalCredits)}`, bold, 13, 18);
  if (content.accreditationStatement) line(content.accreditationStatement, regular, 10, 18);

  await drawQr(pdf, page, content.verifyUrl, MARGIN, MARGIN + 40);
  const textX = MARGIN + 130;
  page.drawText('Verify this certificate:', { x: textX, y: MARGIN + 130, size: 10, font: bold });
  page.drawText(printable(content.verifyUrl, regular), { x: textX, y: MARGIN + 114, size: 9, font: regular });
  page.drawText(`Verification id: ${content.id}`, { x: textX, y: MARGIN + 96, size: 10, font: regular });
  page.drawText(`Issued ${content.issuedAt.toISOString().slice(0, 10)}`, {
    x: textX,
    y: MARGIN + 80,
    size: 10,
    font: regular,
  });
  return pdf.save();
}

async function drawQr(pdf: PDFDocument, page: PDFPage, url: string, x: number, y: number): Promise<void> {
  const png = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 360 });
  const image = await pdf.embedPng(png);
  page.drawImage(image, { x, y, width: 110, height: 110 });
}

function formatCredits(credits: number): string {
  return `${credits.toFixed(2).replace(/\.?0+$/, '')} CME credits`;
}

/**
 * The text as one line, with any character the font has no glyph for (an emoji, a CJK name)
 * shown as "?" rather than as an empty box or a failed document.
 */
export function printable(text: string, font?: PDFFont): string {
  const line = text.replace(/[\r\n\t]+/g, ' ');
  if (!font) return line;
  let glyphs = characterSets.get(font);
  if (!glyphs) {
    glyphs = new Set(font.getCharacterSet());
    characterSets.set(font, glyphs);
  }
  const covered = glyphs;
  return [...line].map((char) => (covered.has(char.codePointAt(0) ?? -1) ? char : '?')).join('');
}

const characterSets = new WeakMap<PDFFont, Set<number>>();

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const rows: string[] = [];
  let row = '';
  for (const word of words) {
    const candidate = row ? `${row} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !row) row = candidate;
    else {
      rows.push(row);
      row = word;
    }
  }
  if (row) rows.push(row);
  return rows.length > 0 ? rows : [''];
}
