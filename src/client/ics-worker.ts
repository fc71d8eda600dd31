// Writes the follow-up reminder (.ics) off the page: the calendar library loads only when the learner asks
// for the file, as a worker, so the results page does not carry it.
import { followUpCalendar, type Reminder } from '../lib/learner/calendar.ts';

self.onmessage = (event: MessageEvent<Omit<Reminder, 'due'> & { due: string }>) =>
  postMessage(followUpCalendar({ ...event.data, due: new Date(event.data.due) }));
