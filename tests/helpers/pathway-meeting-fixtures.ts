import type { CalendarMeeting } from "../../server/domain/pathway-meetings/icalendar";
import { meetingCalendar } from "../../server/domain/pathway-meetings/icalendar";
import { planSchedule, type ScheduleInput } from "../../server/domain/pathway-meetings/recurrence";

/** Schedules a coordinator might give, with the instants they must expand to whatever the server's TZ. */
export const SCHEDULES: { name: string; input: ScheduleInput; expected: string[] }[] = [
  {
    name: "every second Thursday at 18:30, three times",
    input: {
      startsAt: "2026-12-10T18:30:00+09:00",
      timeZone: "Asia/Tokyo",
      rrule: "FREQ=MONTHLY;BYDAY=2TH;COUNT=3",
      durationMinutes: 90,
    },
    expected: ["2026-12-10T09:30:00.000Z", "2027-01-14T09:30:00.000Z", "2027-02-11T09:30:00.000Z"],
  },
  {
    name: "three times a year (February, June, October), second Thursday, two years",
    input: {
      startsAt: "2027-02-11T18:30:00+09:00",
      timeZone: "Asia/Tokyo",
      rrule: "FREQ=YEARLY;BYMONTH=2,6,10;BYDAY=2TH;COUNT=6",
      durationMinutes: 120,
    },
    expected: [
      "2027-02-11T09:30:00.000Z",
      "2027-06-10T09:30:00.000Z",
      "2027-10-14T09:30:00.000Z",
      "2028-02-10T09:30:00.000Z",
      "2028-06-08T09:30:00.000Z",
      "2028-10-12T09:30:00.000Z",
    ],
  },
  {
    name: "every four months until a date (the end of that day in Tokyo)",
    input: {
      startsAt: "2027-01-14T18:30:00+09:00",
      timeZone: "Asia/Tokyo",
      rrule: "FREQ=MONTHLY;INTERVAL=4;BYDAY=2TH;UNTIL=20270909",
      durationMinutes: 90,
    },
    expected: ["2027-01-14T09:30:00.000Z", "2027-05-13T09:30:00.000Z", "2027-09-09T09:30:00.000Z"],
  },
  {
    name: "the last Friday at 08:00, given in UTC",
    input: {
      startsAt: "2026-12-24T23:00:00Z",
      timeZone: "Asia/Tokyo",
      rrule: "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3",
      durationMinutes: 60,
    },
    expected: ["2026-12-24T23:00:00.000Z", "2027-01-28T23:00:00.000Z", "2027-02-25T23:00:00.000Z"],
  },
  {
    name: "the 31st, skipping months without one",
    input: {
      startsAt: "2027-01-31T07:00:00+09:00",
      timeZone: "Asia/Tokyo",
      rrule: "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4",
      durationMinutes: 60,
    },
    expected: [
      "2027-01-30T22:00:00.000Z",
      "2027-03-30T22:00:00.000Z",
      "2027-05-30T22:00:00.000Z",
      "2027-07-30T22:00:00.000Z",
    ],
  },
  {
    name: "every other week on Tuesday and Thursday at 00:30 (a date boundary in UTC)",
    input: {
      startsAt: "2027-03-02T00:30:00+09:00",
      timeZone: "Asia/Tokyo",
      rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=4",
      durationMinutes: 30,
    },
    expected: [
      "2027-03-01T15:30:00.000Z",
      "2027-03-03T15:30:00.000Z",
      "2027-03-15T15:30:00.000Z",
      "2027-03-17T15:30:00.000Z",
    ],
  },
  {
    name: "a one-off meeting",
    input: {
      startsAt: "2026-12-03T13:00:00+09:00",
      timeZone: "Asia/Tokyo",
      rrule: null,
      durationMinutes: 60,
    },
    expected: ["2026-12-03T04:00:00.000Z"],
  },
];

/** A meeting with a long Japanese title, a cancelled occurrence, a facility and a practitioner invited. */
export const SAMPLE_MEETING: CalendarMeeting = {
  id: "7f0c7e1e-5a0b-4c55-9d7e-1b2c3d4e5f60",
  title:
    "脳卒中・大腿骨頸部骨折 地域連携クリティカルパス合同会議（置賜二次医療圏・急性期・回復期・維持期の連携施設）",
  description: "議題: 症例検討, 退院調整; バリアンス分析",
  location: "米沢中央病院 3階 大会議室／オンライン併用",
  timeZone: "Asia/Tokyo",
  startsAt: new Date("2026-12-10T09:30:00Z"),
  durationMinutes: 90,
  rrule: "FREQ=MONTHLY;COUNT=4;BYDAY=2TH",
  status: "scheduled",
  sequence: 3,
  createdAt: new Date("2026-11-01T00:00:00Z"),
  updatedAt: new Date("2026-11-20T03:04:05Z"),
  organizer: { id: "11111111-1111-4111-8111-111111111111", name: "鈴木 由美" },
  attendees: [
    { id: "22222222-2222-4222-8222-222222222222", name: "南陽リハビリテーション病院", kind: "facility" },
    { id: "33333333-3333-4333-8333-333333333333", name: "山田 誠", kind: "practitioner" },
  ],
  cancelledOccurrences: [new Date("2027-01-14T09:30:00Z")],
};

/** Everything the schedules and the sample calendar come to, as one JSON string: compared across TZ settings. */
export function fingerprint(): string {
  return JSON.stringify({
    schedules: SCHEDULES.map((s) => {
      const plan = planSchedule(s.input);
      return {
        rrule: plan.rrule,
        occurrences: plan.occurrences.map((o) => [o.startsAt.toISOString(), o.endsAt.toISOString()]),
      };
    }),
    calendar: meetingCalendar([SAMPLE_MEETING], "REQUEST"),
  });
}
