import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// The Calendar tab in real headless Chromium against a real server: a post scheduled through the composer shows in
/// the right column of the Week view (kept over a reload, and movable by drag there), and "Plan a month" follows the
/// drafting live (`calendar.progress` events) and can be stopped part-way, keeping what was drafted.
@Suite(.serialized, .enabled(if: WebDriver.isAvailable, "needs chromium and chromium-driver"))
struct PublishCalendarBrowserTests {
    @Test func scheduledPostShowsInTheWeekViewWhichSurvivesAReload() throws {
        let f = try PublishBrowserFixture.start()
        defer { f.h.stop() }
        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }

        // A JPEG dropped on the Assets drop zone.
        try browser.publishSignIn(f.t.baseURL, email: "admin@acme.test", path: "/assets")
        try browser.waitFor(".drop-zone")
        let jpeg = try browser.canvasJPEG(width: 1080, height: 1080, label: "Chef's table")
        #expect(try browser.dropFile(on: ".drop-zone", name: "chefs-table.jpg", bytes: jpeg, type: "image/jpeg"), "the drop zone accepts a file")
        try browser.waitFor(".asset-card .asset-open img", timeout: 15)

        // Compose it for the Facebook Page and schedule it a week from today at 10:30 (the browser's local time).
        try browser.navigate(f.t.baseURL + "/publish?tab=compose")
        try browser.type(into: try browser.waitFor("#compose-text"), "Chef's table next week: five courses, one long table.")
        try browser.click("#target-\(f.page.id)")
        try browser.click("#compose-add-media")
        try browser.click(try browser.waitFor(".picker .asset-card .asset-open"))
        try browser.click("#picker-add")
        try browser.waitFor(".media-item")
        let target = try browser.execute("""
            const p = (n) => String(n).padStart(2, '0');
            const iso = (d) => `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
            const now = new Date();
            const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 7);
            const column = (day.getDay() + 6) % 7;
            const monday = new Date(day.getFullYear(), day.getMonth(), day.getDate() - column);
            const thisMonday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (now.getDay() + 6) % 7);
            const sunday = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 6);
            return [iso(day), column, iso(monday), iso(thisMonday), `${sunday.getDate()} `, String(sunday.getFullYear())];
            """) as? [Any] ?? []
        let day = try #require(target.first as? String)
        let column = try #require(target.dropFirst().first as? Int)
        let monday = try #require(target.dropFirst(2).first as? String)
        let thisMonday = try #require(target.dropFirst(3).first as? String)
        let sundayDay = try #require(target.dropFirst(4).first as? String)
        let sundayYear = try #require(target.dropFirst(5).first as? String)
        try browser.setValue("#compose-when", "\(day)T10:30")
        try browser.click("#compose-schedule")
        try browser.waitUntil("return location.search === '' && !!document.querySelector('.post-card[data-state=scheduled]')", timeout: 15)
        let post = try #require(try f.posts(state: "scheduled").first)
        let id = try #require(post["id"] as? Int)
        #expect((post["asset_ids"] as? [Int])?.count == 1, "\(post)")
        let scheduled = try f.scheduledAt(id)

        // Calendar → Week: the toggle says which view is on; Today is this week, › the next one.
        try browser.click("#tab-calendar")
        try browser.waitFor(".cal-grid .cal-day")
        #expect(try browser.attribute(try browser.find("#cal-view-month"), "aria-pressed") == "true")
        try browser.click("#cal-view-week")
        try browser.waitUntil("""
            return document.querySelector('#cal-view-week').getAttribute('aria-pressed') === 'true'
              && document.querySelector('#cal-view-month').getAttribute('aria-pressed') === 'false'
              && document.querySelectorAll('.cal-grid .cal-day--week').length === 7
              && new URLSearchParams(location.search).get('view') === 'week'
            """)
        #expect(try browser.execute("return document.querySelector('.cal-day--week').dataset.date") as? String == thisMonday, "the week starts on Monday")
        #expect(try browser.count(".cal-day--week.is-today") == 1)
        try browser.click("#cal-next")
        try browser.waitUntil("return document.querySelector('.cal-day--week').dataset.date === \(WebDriver.jsString(monday))")
        let title = try browser.text(of: "#cal-title")
        #expect(title.contains(" – \(sundayDay)") && title.hasSuffix(" \(sundayYear)"), "e.g. 16 – 22 Nov 2026: \(title)")
        #expect(try browser.attribute(try browser.find("#cal-next"), "aria-label") == "Next week")

        // The chip sits in its day's column, with its time.
        let chip = ".cal-day--week[data-date='\(day)'] button.cal-post[data-id='\(id)']"
        try browser.waitFor(chip)
        let where_ = try browser.execute("""
            const c = document.querySelector(arguments[0]);
            return [[...document.querySelectorAll('.cal-day--week')].indexOf(c.closest('.cal-day--week')), c.querySelector('.cal-time').textContent];
            """, [chip]) as? [Any] ?? []
        #expect(where_.first as? Int == column, "column \(where_) for \(day)")
        #expect((where_.last as? String)?.contains("10:30") == true, "\(where_)")
        try browser.screenshot(named: "calendar-week-1280")

        // Dragging it to the neighbouring day in the week reschedules it like the month grid: same time of day.
        let other = column < 6 ? 1 : -1
        let toDay = try #require(try browser.execute("return document.querySelectorAll('.cal-day--week')[arguments[0]].dataset.date", [column + other]) as? String)
        let drag = try browser.drag(chip, onto: ".cal-day--week[data-date='\(toDay)']")
        #expect(drag.accepted && drag.highlighted, "dragover accepted and the column highlighted")
        try browser.waitFor(".cal-day--week[data-date='\(toDay)'] button.cal-post[data-id='\(id)']", timeout: 10)
        let moved = try f.scheduledAt(id)
        #expect(abs(moved.timeIntervalSince(scheduled) - Double(other) * 86_400) <= 3_600, "\(scheduled) → \(moved)")

        // Phones keep the agenda list, here of the week shown.
        try browser.setWindowSize(width: 390, height: 844)
        try browser.waitUntil("""
            return getComputedStyle(document.querySelector('.cal-grid')).display === 'none'
              && !!document.querySelector(".cal-agenda .cal-post[data-id='\(id)']") && document.querySelector('.cal-agenda').offsetHeight > 0
            """)
        #expect(try browser.attribute(try browser.find(".cal-agenda"), "aria-label") == "Posts this week")
        try browser.screenshot(named: "calendar-week-390")
        try browser.setWindowSize(width: 1280, height: 900)

        // A reload keeps the Week view (URL and localStorage); so does opening the tab without ?view.
        try browser.execute("location.reload()")
        try browser.waitUntil("""
            return performance.getEntriesByType('navigation')[0]?.type === 'reload'
              && document.querySelectorAll('.cal-grid .cal-day--week').length === 7
              && document.querySelector('#cal-view-week')?.getAttribute('aria-pressed') === 'true'
              && new URLSearchParams(location.search).get('view') === 'week'
            """, timeout: 15)
        #expect(try browser.execute("return document.querySelector('.cal-day--week').dataset.date") as? String == thisMonday)
        try browser.navigate(f.t.baseURL + "/publish?tab=calendar")
        try browser.waitUntil("return document.querySelectorAll('.cal-day--week').length === 7 && new URLSearchParams(location.search).get('view') === 'week'")
        try browser.click("#cal-view-month")
        try browser.waitUntil("return !!document.querySelector('.cal-day:not(.cal-day--week)') && !new URLSearchParams(location.search).has('view')")
    }

    @Test func planAMonthFollowsLiveProgressAndCanBeStopped() throws {
        // Captions from a slow AI that times out after 0.5 s (then a template): about one post every half second.
        let ai = try FakeOpenAI()
        defer { ai.stop() }
        ai.set(.slow(seconds: 0.7))
        let f = try PublishBrowserFixture.start(configure: { c in c.openAIBaseURL = ai.baseURL })
        defer { f.h.stop() }
        f.h.t.app.publishing.captions.setTimeout(.milliseconds(500))
        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }
        try browser.publishSignIn(f.t.baseURL, email: "admin@acme.test", path: "/publish?tab=calendar")
        try browser.waitFor(".cal-grid .cal-day")
        let months = (1...2).map { n -> String in
            let d = Calendar.current.date(byAdding: .month, value: n, to: Date()) ?? Date()
            let c = Calendar.current.dateComponents([.year, .month], from: d)
            return String(format: "%04d-%02d", c.year ?? 2026, c.month ?? 1)
        }

        // 1. Eight template drafts for next month: the bar moves with the live events, then the grid shows them.
        try browser.click("#plan-month")
        try browser.waitFor("#plan-count")
        try browser.setValue("#plan-month-input", months[0])
        try browser.setValue("#plan-count", "8")
        try browser.click("#plan-ai")
        try browser.execute("""
            window.planSeen = [];
            new MutationObserver(() => {
              const p = document.getElementById('plan-progress');
              if (p) window.planSeen.push([p.value, p.getAttribute('aria-label')]);
            }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['value', 'aria-label']});
            """)
        let started = Date()
        try browser.click("#plan-submit")
        try browser.waitUntil("return !document.querySelector('dialog[open]') && document.querySelectorAll('.cal-day:not(.is-other) .cal-post--draft').length === 8", timeout: 20)
        let planSeconds = Date().timeIntervalSince(started)
        let seen = try browser.execute("return window.planSeen") as? [[Any]] ?? []
        let values = seen.compactMap { ($0.first as? NSNumber)?.doubleValue }
        let labels = seen.compactMap { $0.last as? String }
        #expect(values.contains { $0 > 0 }, "the progress bar advanced: \(seen)")
        #expect(labels.contains("8 of 8 drafted"), "\(labels)")
        #expect(try f.posts(state: "draft").count == 8)
        #expect(ai.requests.isEmpty, "templates only")
        print("plan-month: 8 template drafts in \(String(format: "%.2f", planSeconds)) s; progress values seen \(values)")

        // 2. With the slow AI for the month after: Cancel once the first draft is in; the kept count is the server's.
        try browser.click("#plan-month")
        try browser.waitFor("#plan-count")
        try browser.setValue("#plan-month-input", months[1])
        try browser.setValue("#plan-count", "8")
        #expect(try browser.execute("return document.getElementById('plan-ai').checked") as? Bool == true)
        try browser.click("#plan-submit")
        try browser.waitUntil("const p = document.getElementById('plan-progress'); return !!p && p.value >= 1", timeout: 15)
        let cancelled = Date()
        try browser.click("#plan-cancel")
        try browser.waitUntil("return /^Stopped: \\d+ drafts? kept/.test(document.getElementById('plan-progress-text')?.textContent || '')", timeout: 10)
        let stopSeconds = Date().timeIntervalSince(cancelled)
        let id = try #require(Int(try browser.execute("return document.querySelector('.plan-progress').dataset.calendar") as? String ?? ""))
        // "Stopped" shows only once the job's final event came (it finishes the caption it was writing): the count is
        // the server's final one.
        let shown = try #require(try browser.execute("""
            const m = /^Stopped: (\\d+) drafts? kept/.exec(document.getElementById('plan-progress-text').textContent);
            return m ? Number(m[1]) : null
            """) as? Int)
        let progress = try f.calendar(id)
        #expect(progress["state"] as? String == "cancelled" && progress["running"] as? Bool == false, "\(progress)")
        #expect(progress["done"] as? Int == shown, "dialog \(shown), server \(progress)")
        #expect(shown >= 1 && shown < 8, "stopped part-way: \(shown)")
        #expect((progress["post_ids"] as? [Int])?.count == shown, "\(progress)")
        #expect(try f.posts(state: "draft").filter { $0["calendar_id"] as? Int == id }.count == shown)
        #expect(try browser.text(of: "#plan-cancel") == "Close")
        #expect(try browser.attribute(try browser.find("#plan-progress"), "aria-label") == "\(shown) of 8 drafted")
        // The grid behind the dialog already shows the kept drafts, on the planned month.
        try browser.waitUntil("return document.querySelectorAll('.cal-day:not(.is-other) .cal-post--draft').length === \(shown)")
        try browser.screenshot(named: "calendar-plan-stopped-1280")
        try browser.click("#plan-cancel")
        try browser.waitUntil("return !document.querySelector('dialog[open]')")
        print("plan-month cancel: stopped message \(String(format: "%.2f", stopSeconds)) s after Cancel; \(shown) of 8 kept; AI calls \(ai.requests.count)")
    }

    @Test func planAMonthFinishesWhenTheLiveStreamFails() throws {
        // Slow captions (about 0.3 s a post), so the job is still running after the dialog's first GET.
        let ai = try FakeOpenAI()
        defer { ai.stop() }
        ai.set(.slow(seconds: 0.5))
        let f = try PublishBrowserFixture.start(configure: { c in c.openAIBaseURL = ai.baseURL })
        defer { f.h.stop() }
        f.h.t.app.publishing.captions.setTimeout(.milliseconds(300))
        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }
        try browser.publishSignIn(f.t.baseURL, email: "admin@acme.test", path: "/publish?tab=calendar")
        try browser.waitFor(".cal-grid .cal-day")
        // A stream the browser gives up on at once (as after a proxy's 502): the dialog falls back to asking the API.
        try browser.execute("""
            window.EventSource = class extends EventTarget {
              static CLOSED = 2;
              constructor() { super(); this.readyState = 2; setTimeout(() => this.dispatchEvent(new Event('error')), 0); }
              close() {}
            };
            """)
        try browser.click("#plan-month")
        try browser.waitFor("#plan-count")
        try browser.setValue("#plan-count", "5")
        try browser.click("#plan-submit")
        try browser.waitUntil("const p = document.getElementById('plan-progress'); return !!p && p.value >= 1 && p.value < 5", timeout: 10)
        try browser.waitUntil("return !document.querySelector('dialog[open]') && document.querySelectorAll('.cal-day:not(.is-other) .cal-post--draft').length === 5", timeout: 15)
        #expect(try f.posts(state: "draft").count == 5)
        #expect(ai.requests.count == 5)
    }
}
