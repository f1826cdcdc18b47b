import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderToStaticMarkup } from "react-dom/server";
import { SharedRecordsTimelineView } from "../../app/(app)/patients/[patientId]/shared-records-view";
import { records } from "../../app/i18n/messages/records";

const MARKUP = `<img src=x onerror="alert(1)"><script>alert('x')</script>`;

describe("shared records: the timeline as rendered", () => {
  it("shows a facility's markup as text, never as elements, and links only to our item route", () => {
    const r = records.ja;
    const html = renderToStaticMarkup(
      <SharedRecordsTimelineView
        statuses={[
          {
            facilityId: "f1",
            name: `${MARKUP}病院`,
            status: "error",
            statusLabel: r.statuses.error,
            message: r.reasons.content_type,
            notes: [r.skipped(2)],
          },
        ]}
        rows={[
          {
            key: "f1/DocumentReference/d1",
            kind: "document",
            kindLabel: r.kinds.document,
            dateLabel: "2024年12月24日 10:00",
            title: `${MARKUP}退院時サマリ`,
            detail: `<a href="javascript:alert(1)">link</a>`,
            facilityName: `${MARKUP}病院`,
            items: [
              {
                key: "i1",
                href: "/api/records/p/facilities/f1/item?url=x&sig=y",
                title: MARKUP,
                fileName: "x.pdf",
                sizeLabel: null,
              },
            ],
          },
        ]}
        emptyLabel={r.empty}
        itemLabels={{
          fetch: r.fetch,
          fetching: r.fetching,
          cancel: r.cancel,
          open: r.open,
          save: r.save,
          failed: r.failed,
          progress: r.progress,
          received: r.received,
        }}
      />,
    );
    assert.ok(!/<img|<script|<a /i.test(html), "no element made from a facility's text");
    assert.ok(html.includes("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;"), html);
    assert.ok(html.includes("退院時サマリ") && html.includes(r.reasons.content_type), html);
    assert.ok(!html.includes('javascript:alert(1)"'), "the detail's link is text");
    assert.match(html, /data-testid="record-item-fetch"/);
  });

  it("says so when there is nothing to show", () => {
    const html = renderToStaticMarkup(
      <SharedRecordsTimelineView
        statuses={[]}
        rows={[]}
        emptyLabel={records.en.empty}
        itemLabels={{ ...records.en, failed: records.en.failed }}
      />,
    );
    assert.match(html, /No records to show/);
  });
});
