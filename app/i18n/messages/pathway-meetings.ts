const ja = {
  title: "パス会議",
  // the notification centre's wording: `${kind}.${event}`; a cancelled occurrence's event carries its start
  notifications: {
    "meeting_invitation.invited": "パス会議に招待されました",
    "meeting_updated.updated": "パス会議の内容が変更されました",
    "meeting_updated.rescheduled": "パス会議の日時が変更されました",
    "meeting_cancelled.cancelled": "パス会議が中止されました",
  } as Record<string, string>,
  occurrenceCancelled: "パス会議の回が中止されました",
};

export type PathwayMeetingsMessages = typeof ja;

const en: PathwayMeetingsMessages = {
  title: "Pathway meetings",
  notifications: {
    "meeting_invitation.invited": "You were invited to a pathway meeting",
    "meeting_updated.updated": "A pathway meeting was changed",
    "meeting_updated.rescheduled": "A pathway meeting was rescheduled",
    "meeting_cancelled.cancelled": "A pathway meeting was cancelled",
  },
  occurrenceCancelled: "An occurrence of a pathway meeting was cancelled",
};

export const pathwayMeetings = { ja, en };
