import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
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
 * The certificate as a one-page A4 PDF with the verification QR code. The standard Helvetica
 * font only encodes WinAnsi, so letters outside it lose their accents (Ł stays L) rather than
 * failing the whole document; see README "Not finished yet".
 */
export async function renderCertificate(content: CertificateContent): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Certificate of attendance – ${winAnsi(content.eventTitle)}`);
  pdf.setCreator('Live Session Companion');
  pdf.setCreationDate(content.issuedAt);
  pdf.setModificationDate(content.issuedAt);
  const page = pdf.addPage([A4.width, A4.height]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const width = A4.width - 2 * MARGIN;
  let y = A4.height - MARGIN - 20;

  const line = (text: string, font: PDFFont, size: number, gap = 8): void => {
    for (const row of wrap(winAnsi(text), font, size, width)) {
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
  page.drawText(winAnsi(content.verifyUrl), { x: textX, y: MARGIN + 114, size: 9, font: regular });
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

/** Helvetica's WinAnsi: accents dropped where needed, anything else unencodable becomes "?". */
export function winAnsi(text: string): string {
  const direct = /[\u0020-\u007E\u00A0-\u00FF\u2013\u2014\u2018\u2019\u201C\u201D\u2022\u2026\u20AC]/;
  return [...text.replace(/[\r\n\t]+/g, ' ')]
    .map((char) => {
      if (direct.test(char)) return char;
      const base = char.normalize('NFD').replace(/[\u0300-\u036F]/g, '');
      if (base.length > 0 && [...base].every((c) => direct.test(c))) return base;
      return FALLBACK[char] ?? '?';
    })
    .join('');
}

const FALLBACK: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ø: 'O', ø: 'o', ı: 'i' };

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
