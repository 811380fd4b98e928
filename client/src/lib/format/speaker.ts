import type { Speaker } from '../../../../shared/programme.js';

/** "M. Radzina, Riga/LV", as the programme publishes it; parts that are missing are left out. */
export function formatSpeaker(speaker: Speaker): string {
  const place = [speaker.city, speaker.country].filter((p): p is string => Boolean(p)).join('/');
  return place ? `${speaker.name}, ${place}` : speaker.name;
}
