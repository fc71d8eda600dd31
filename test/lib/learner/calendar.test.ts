// The follow-up reminder (.ics): the public site's reminder links its follow-up page; an LMS package's
// tells the learner to open the course in the LMS (its pages have no address outside the LMS).
import { describe, expect, it } from 'vitest';
import { followUpCalendar } from '../../../src/lib/learner/calendar.ts';

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const base = { due: new Date(2027, 2, 1, 15, 30), moduleTitle: 'Mutual support basics', uid: 'a1@mutual-support-training' };

describe('follow-up reminder', () => {
  it('links the follow-up page, on the day it is due, all day', () => {
    const ics = unfold(followUpCalendar({ ...base, url: 'https://training.example.org/modules/mutual-support-basics/follow-up/' }));
    expect(ics).toContain('URL;VALUE=URI:https://training.example.org/modules/mutual-support-basics/follow-up/');
    expect(ics).toContain('Open: https://training.example.org/modules/mutual-support-basics/follow-up/');
    expect(ics).toMatch(/DTSTART;VALUE=DATE:20270301/);
    expect(ics).toContain('UID:a1@mutual-support-training');
  });

  it('inside an LMS: no address, and says to open the course in the LMS', () => {
    const ics = unfold(followUpCalendar({ ...base, url: null }));
    expect(ics).not.toMatch(/^URL/m);
    expect(ics).not.toContain('http');
    expect(ics).toContain('Open the course again in your learning platform (LMS)');
  });
});
