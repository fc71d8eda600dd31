// The follow-up reminder as an iCalendar file (RFC 5545), made in the browser: nothing is sent anywhere
// and no calendar service is involved. ical-generator writes the format (folding, escaping, line ends).
import ical, { ICalAlarmType } from 'ical-generator';

export interface Reminder {
  /** The day the follow-up is due (an all-day event on that day, in the learner's calendar). */
  due: Date;
  /**
   * The follow-up page, with what a browser without this one's data needs to find the unit; null inside
   * an LMS package, whose pages have no address of their own outside the LMS (the learner opens the course
   * there again).
   */
  url: string | null;
  moduleTitle: string;
  /** Unique and stable for the attempt, so a second download updates the same event. */
  uid: string;
}

export function followUpCalendar(r: Reminder): string {
  const calendar = ical({ prodId: { company: 'mutual-support-training', product: 'follow-up reminder' }, name: 'Training follow-up' });
  const day = new Date(r.due.getFullYear(), r.due.getMonth(), r.due.getDate());
  calendar.createEvent({
    id: r.uid,
    start: day,
    allDay: true,
    summary: `Follow-up questionnaire: ${r.moduleTitle}`,
    description: `About 5 minutes: the same questions on your views and your practice, some weeks after the module. ${
      r.url ? `Open: ${r.url}` : 'Open the course again in your learning platform (LMS), where you took the module.'
    }\nUse the same participant code (the same four answers give the same code).`,
    ...(r.url ? { url: r.url } : {}),
    alarms: [{ type: ICalAlarmType.display, triggerAfter: 9 * 3600, relatesTo: 'START', description: 'Your training follow-up is due today' }],
  });
  return calendar.toString();
}
