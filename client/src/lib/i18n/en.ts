// The English catalogue: the reference every other language is checked against.
// Placeholders are `{name}`; t() fills them and the types require exactly those params.
export const messages = {
  'app.name': 'Live session companion',
  'app.skipToContent': 'Skip to content',
  'app.primaryNav': 'Main',
  'app.allEvents': 'All courses',

  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.showMore': 'Show more',

  'error.network': 'Could not reach the server. Check your connection and try again.',
  'error.badResponse':
    'The server gave an answer this page does not understand (HTTP {status}). Try again in a moment.',
  'error.unexpected': 'Something went wrong in this page. Reloading usually helps.',

  'events.title': 'Courses',
  'events.intro': 'Live-streamed courses with the agenda on the event clock and questions for the speakers.',
  'events.loading': 'Loading courses…',
  'events.empty': 'No courses have been published yet.',
  'events.loadFailed': 'The courses could not be loaded.',
  'events.partsLabel': 'Dates of {title}',
  'events.partTime': '{date} · {start}–{end} {zone}',
  'events.openLink': 'Open agenda',

  'event.loading': 'Loading the agenda…',
  'event.loadFailed': 'This course could not be loaded.',
  'event.moreSummary': 'More about this course',
  'event.notesTitle': 'Streaming and accreditation',
  'event.documentTitle': '{title} · Live session companion',

  'stream.regionLabel': 'Stream',
  'stream.partLabel': 'Part {position}',
  'stream.startsAt': 'Starts {when}',
  'stream.localTime': '{time} your time',
  'stream.startsIn': 'in {countdown}',
  'stream.live': 'Live',
  'stream.nowShowing': 'Now: {title}',
  'stream.playerPending': 'The player appears here when the stream is connected.',
  'stream.ended': 'Ended',
  'stream.endedNote': 'This course has ended. Thank you for watching.',
  'stream.clockPending': 'Checking the event clock…',

  'agenda.title': 'Agenda',
  'agenda.kind.talk': 'Talk',
  'agenda.kind.qa': 'Q&A',
  'agenda.kind.break': 'Break',
  'agenda.now': 'Now',
  'agenda.timeRange': '{start}–{end}',
  'agenda.progressLabel': 'Progress of {title}',
  'agenda.progressText': '{percent}% done, {minutes} min left',
  'agenda.covers': 'Questions about: {titles}',
  'agenda.about': 'About this part',
  'agenda.objectives': 'Learning objectives',
  'agenda.speakers': 'Speakers',
  'agenda.qaIn': 'Q&A in {countdown}',
  'agenda.qaNow': 'Q&A is on now',
  'agenda.qaNext': 'Next Q&A: {when}',
  'agenda.zoneToggle': 'Show times in my time zone',
  'agenda.zoneShownEvent': 'Times in {zone}, the course’s time zone',
  'agenda.zoneShownLocal': 'Times in your time zone ({zone})',

  'notFound.title': 'Page not found',
  'notFound.body':
    'There is nothing at this address. The link may be incomplete, or the page may have moved.',
  'notFound.home': 'See all courses',
} as const;

export default {
  code: 'en',
  name: 'English',
  // en-GB: 24-hour clock and day-month order, as course programmes in Europe are published.
  intlLocale: 'en-GB',
  messages,
};
