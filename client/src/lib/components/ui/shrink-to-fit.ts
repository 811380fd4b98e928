// Large text that must be read whole (the question on air, on stage and on the broadcast) shrinks
// rather than being cut. How much space a text takes depends on its words and the font, so the
// browser measures it.
//
// A wrapped text's height grows with the square of its font size (taller lines, and more of
// them), so one measurement at the stylesheet size gives a first estimate; it is then checked
// after the browser has laid the page out again, and stepped down while it still does not fit.
// (Measuring again synchronously in a loop is not reliable: Chromium 156 in these tests kept
// answering with the old layout within one task.)

const STEP = 0.92;
const CHECK_MS = 60;
const MAX_CHECKS = 12;

export interface FitRequest {
  /** The elements whose font size scales (the question's text). */
  targets: HTMLElement[];
  /** How many pixels the targets exceed their room by now (<= 0: they fit). */
  overflow: () => number;
  /** The smallest scale allowed. */
  minimum?: number;
  /** Told once the fitting is done: the scale it ended at, and whether the text fits there. */
  onsettle?: (result: { scale: number; fits: boolean }) => void;
}

/** Starts fitting; returns a cancel function (call it before fitting again). */
export function shrinkToFit({ targets, overflow, minimum = 0.3, onsettle }: FitRequest): () => void {
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  for (const target of targets) target.style.fontSize = '';
  const base = targets.map((target) => parseFloat(getComputedStyle(target).fontSize));
  const apply = (scale: number): void =>
    targets.forEach((target, i) => (target.style.fontSize = `${(base[i] * scale).toFixed(2)}px`));

  const excess = overflow();
  if (excess <= 0 || targets.length === 0) {
    onsettle?.({ scale: 1, fits: true });
    return () => undefined;
  }
  // Layout sizes (offsetHeight), not on-screen ones: a scaled-down preview measures as on air.
  const height = Math.max(...targets.map((target) => target.offsetHeight));
  const room = Math.max(1, height - excess);
  let scale = Math.max(minimum, Math.min(1, Math.sqrt(room / height)));
  apply(scale);

  let checks = 0;
  const check = (): void => {
    if (cancelled) return;
    const fits = overflow() <= 0;
    if (fits || scale <= minimum || ++checks > MAX_CHECKS) {
      onsettle?.({ scale, fits });
      return;
    }
    scale = Math.max(minimum, scale * STEP);
    apply(scale);
    timer = setTimeout(check, CHECK_MS);
  };
  timer = setTimeout(check, CHECK_MS);
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
