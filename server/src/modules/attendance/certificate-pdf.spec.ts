import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderCertificate, type CertificateContent } from './certificate-pdf.js';

const run = promisify(execFile);
const SCREENSHOTS = path.resolve('test/e2e/screenshots');

const CONTENT: CertificateContent = {
  id: '0123456789abcdef0123',
  name: 'Dr Łucja Müller-Ødegård',
  eventTitle: 'Kontrastmittel – Grundlagen für Ärztinnen und Ärzte',
  dates: '22 February 2024 – 23 February 2024',
  parts: [
    { part: 'Part 1: Ćwiczenia', date: '22 Feb 2024', credits: 1.5 },
    { part: 'Part 2: Ελληνικά και русский', date: '23 Feb 2024', credits: 2 },
  ],
  totalCredits: 3.5,
  accreditationStatement: 'Accredited by the Société européenne with 3.5 CME credits.',
  verifyUrl: 'https://live.example.org/verify/0123456789abcdef0123',
  issuedAt: new Date('2024-02-23T18:00:00Z'),
};

/**
 * Reads the PDF back with poppler (pdftotext and pdftoppm, which the e2e tests need too), so the
 * check is what a reader's viewer extracts, not what we asked pdf-lib to draw.
 */
async function withPdf<T>(pdf: Uint8Array, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lsc-cert-text-'));
  try {
    await writeFile(path.join(dir, 'c.pdf'), pdf);
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('renderCertificate', () => {
  it('keeps every letter of the name, title and parts (Ł, Ø, å, Greek, Cyrillic)', async () => {
    const pdf = await renderCertificate(CONTENT);
    const text = await withPdf(pdf, async (dir) => {
      await run('pdftotext', ['-layout', 'c.pdf', 'c.txt'], { cwd: dir });
      // The page as an image, for a person to look at (git-ignored, like the e2e screenshots).
      await mkdir(SCREENSHOTS, { recursive: true });
      await run(
        'pdftoppm',
        ['-png', '-r', '60', '-singlefile', 'c.pdf', path.join(SCREENSHOTS, 'certificate-unicode')],
        {
          cwd: dir,
        },
      );
      return readFile(path.join(dir, 'c.txt'), 'utf8');
    });
    expect(text).toContain('Dr Łucja Müller-Ødegård');
    expect(text).toContain('Kontrastmittel – Grundlagen für Ärztinnen und Ärzte');
    expect(text).toContain('Part 1: Ćwiczenia: 1.5 CME credits');
    expect(text).toContain('Part 2: Ελληνικά και русский: 2 CME credits');
    expect(text).toContain('Société européenne');
    expect(text).toContain('Total: 3.5 CME credits');
    // Subsets only: the two DejaVu files are 1.4 MB together.
    expect(pdf.byteLength).toBeLessThan(120_000);
  });

  it('renders as a page (pdftoppm) and shows a character the font lacks as "?"', async () => {
    const pdf = await renderCertificate({ ...CONTENT, name: 'Dr 李 Łucja 🙂' });
    const [text, png] = await withPdf(pdf, async (dir) => {
      await run('pdftotext', ['c.pdf', 'c.txt'], { cwd: dir });
      await run('pdftoppm', ['-png', '-r', '50', '-singlefile', 'c.pdf', 'page'], { cwd: dir });
      return Promise.all([readFile(path.join(dir, 'c.txt'), 'utf8'), readFile(path.join(dir, 'page.png'))]);
    });
    expect(text).toContain('Dr ? Łucja ?');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});
