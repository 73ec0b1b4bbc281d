import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Drag and drop in real headless Chromium: moving a scheduled post to another day on the Calendar (by dragging, and
/// by the keyboard's "Move to…"), and dropping a file on the Assets drop zone. The drag events are built in page
/// JavaScript with a real DataTransfer, since WebDriver's pointer actions do not drive HTML5 drag and drop.
@Suite(.serialized, .enabled(if: WebDriver.isAvailable, "needs chromium and chromium-driver"))
struct PublishDragDropTests {
    @Test func calendarPostMovesByDragAndByMoveTo() throws {
        let f = try PublishBrowserFixture.start()
        defer { f.h.stop() }
        let when = Date().addingTimeInterval(2 * 86_400)
        let created = try f.h.admin.post("/api/v1/posts", ["text": "Tasting night", "channel_ids": [f.page.id],
                                                            "scheduled_at": ISO8601DateFormatter().string(from: when)])
        #expect(created.status == 201)
        let id = try #require((created.json["post"] as? [String: Any])?["id"] as? Int)
        let original = try scheduledAt(f, id)

        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }
        try browser.publishSignIn(f.t.baseURL, email: "admin@acme.test", path: "/publish?tab=calendar")
        let chip = ".cal-day button.cal-post[data-id='\(id)']"
        try browser.waitFor(".cal-day")
        // Near the end of a month the post may sit on next month's grid.
        try browser.waitUntil("""
            if (document.querySelector(\(WebDriver.jsString(chip)))) return true;
            document.querySelector('.cal-nav button[aria-label="Next month"]').click(); return false;
            """, timeout: 10)
        #expect(try browser.execute("return document.querySelector(arguments[0]).draggable", [chip]) as? Bool == true)

        // Drag it onto the next day: the server stores the same time of day one day later.
        let moved = try browser.execute("""
            const chip = document.querySelector(arguments[0]);
            const from = chip.closest('.cal-day');
            const cells = [...document.querySelectorAll('.cal-day')];
            const to = cells[cells.indexOf(from) + 1];
            const dt = new DataTransfer();
            const fire = (node, type) => node.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: dt}));
            fire(chip, 'dragstart');
            fire(to, 'dragenter');
            const accepted = !fire(to, 'dragover');
            const highlighted = to.classList.contains('is-drop-target');
            fire(to, 'drop');
            fire(chip, 'dragend');
            return [from.dataset.date, to.dataset.date, accepted, highlighted];
            """, [chip]) as? [Any] ?? []
        let fromDay = try #require(moved.first as? String)
        let toDay = try #require(moved.dropFirst().first as? String)
        #expect(moved.dropFirst(2).first as? Bool == true, "dragover over a day is accepted")
        #expect(moved.dropFirst(3).first as? Bool == true, "the day under the drag is highlighted")
        try browser.waitFor(".cal-day[data-date='\(toDay)'] button.cal-post[data-id='\(id)']", timeout: 10)
        let afterDrag = try scheduledAt(f, id)
        #expect(abs(afterDrag.timeIntervalSince(original) - 86_400) <= 3_600, "one day later, same time (± a DST hour)")

        // The keyboard way: "Move to…" with a date input, back to the first day.
        try browser.click(".cal-day[data-date='\(toDay)'] .cal-move[data-id='\(id)']")
        try browser.waitFor("#move-date")
        try browser.setValue("#move-date", fromDay)
        try browser.click("#move-submit")
        try browser.waitUntil("return !document.querySelector('dialog[open]')", timeout: 10)
        try browser.waitFor(".cal-day[data-date='\(fromDay)'] button.cal-post[data-id='\(id)']", timeout: 10)
        #expect(abs(try scheduledAt(f, id).timeIntervalSince(original)) < 1)

        // A refusal shows the server's reason: the post was deleted behind the page's back.
        #expect(try f.h.admin.delete("/api/v1/posts/\(id)").status == 204)
        try browser.click(".cal-day[data-date='\(fromDay)'] .cal-move[data-id='\(id)']")
        try browser.waitFor("#move-date")
        try browser.setValue("#move-date", toDay)
        try browser.click("#move-submit")
        try browser.waitUntil("const a = document.querySelector('dialog[open] .alert'); return !!a && a.textContent.length > 0", timeout: 10)
        let refusal = try browser.text(of: "dialog[open] .alert")
        #expect(refusal.lowercased().contains("not found") || refusal.lowercased().contains("post"), "\(refusal)")
    }

    @Test func droppingAFileOnTheAssetsZoneUploadsIt() throws {
        let f = try PublishBrowserFixture.start()
        defer { f.h.stop() }
        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }
        try browser.publishSignIn(f.t.baseURL, email: "admin@acme.test", path: "/assets")
        try browser.waitFor(".drop-zone")
        let jpeg = try browser.canvasJPEG(width: 800, height: 600, label: "Dropped")
        let result = try browser.execute("""
            const bin = atob(arguments[0]);
            const bytes = new Uint8Array(bin.length);
            for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
            const dt = new DataTransfer();
            dt.items.add(new File([bytes], 'dropped.jpg', {type: 'image/jpeg'}));
            const zone = document.querySelector('.drop-zone');
            const fire = (type) => zone.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: dt}));
            fire('dragenter');
            const accepted = !fire('dragover');
            const over = zone.classList.contains('is-over');
            fire('drop');
            return [accepted, over, zone.classList.contains('is-over')];
            """, [Data(jpeg).base64EncodedString()]) as? [Bool] ?? []
        #expect(result == [true, true, false], "dragover accepted, zone highlighted, highlight cleared on drop: \(result)")
        try browser.waitFor(".upload-item.is-new", timeout: 15)
        try browser.waitFor(".asset-card .asset-open img", timeout: 15)
        #expect(try browser.text(of: ".asset-card .asset-name") == "dropped.jpg")
        try browser.waitUntil("const i = document.querySelector('.asset-card img'); return i && i.complete && i.naturalWidth === 800")
        let assets = try f.h.admin.get("/api/v1/assets").json["assets"] as? [[String: Any]] ?? []
        #expect(assets.count == 1 && assets.first?["name"] as? String == "dropped.jpg", "\(assets)")
    }

    /// The post's scheduled time as the API reports it.
    private func scheduledAt(_ f: PublishBrowserFixture, _ id: Int) throws -> Date {
        let post = try f.h.admin.get("/api/v1/posts/\(id)").json["post"] as? [String: Any]
        let raw = try #require(post?["scheduled_at"] as? String)
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try #require(plain.date(from: raw) ?? fractional.date(from: raw), "scheduled_at \(raw)")
    }
}
