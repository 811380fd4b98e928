// Large text that must be read whole (the question on air, on stage and on the broadcast) shrinks
// rather than being cut. How much space a text takes depends on its words and the font, so the
// browser measures it: the scale goes down in small steps until `fits()` says yes.

/** Sets `--fit` on `element` (1 = full size) to the largest step that fits; returns it. */
export function shrinkToFit(element: HTMLElement, fits: () => boolean, minimum = 0.3): number {
  let scale = 1;
  element.style.setProperty('--fit', String(scale));
  while (!fits() && scale > minimum) {
    scale = Math.max(minimum, scale * 0.92);
    element.style.setProperty('--fit', String(scale));
  }
  return scale;
}
