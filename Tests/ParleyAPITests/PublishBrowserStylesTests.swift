import Foundation
import Testing
import ParleyTestSupport

/// The Publish and Assets styles live in three files that app.html loads in this order: publish.css (shared bits,
/// dialogs, posts, composer, review, caption log), assets.css (library page, picker, upload queue) and calendar.css.
/// Checks in real Chromium that all three load in that order and that computed styles come out as the rules say,
/// at desktop and phone widths, including the picker, which takes its dialog rules from publish.css.
@Suite(.serialized, .enabled(if: WebDriver.isAvailable, "needs chromium and chromium-driver"))
struct PublishBrowserStylesTests {
    @Test func splitStylesheetsLoadInOrderAndApplyAtBothWidths() throws {
        let f = try PublishBrowserFixture.start()
        defer { f.h.stop() }
        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }
        try browser.publishSignIn(f.t.baseURL, email: "admin@acme.test", path: "/assets")
        try browser.waitFor(".folder-item[data-folder='']")

        let sheets = try browser.execute("""
            return [...document.styleSheets].filter(s => s.href).map(s => s.href.split('/').pop() + (s.cssRules.length ? '' : ' (empty)'))
            """) as? [String]
        #expect(sheets == ["app.css", "inbox.css", "thread.css", "publish.css", "preview.css", "assets.css", "calendar.css", "settings.css"])

        #expect(try browser.computed([
            (".assets-layout", "grid-template-columns"), (".folder-pane", "position"), (".folder-toggle", "display"),
        ]).map { $0.split(separator: " ").first.map(String.init) ?? $0 } == ["232px", "sticky", "none"])
        try browser.openPicker(f.t.baseURL)
        #expect(try browser.computed([
            (".picker .pdialog-inner", "display"), (".picker .pdialog-inner", "padding-top"), (".picker-tools select", "max-width"),
        ]) == ["flex", "24px", "40%"])
        try browser.navigate(f.t.baseURL + "/publish?tab=calendar")
        try browser.waitFor(".cal-grid .cal-day")
        #expect(try browser.computed([(".cal-grid", "display"), (".cal-agenda", "display"), (".cal-views", "margin-left")])
            == ["block", "none", "8px"])

        try browser.setWindowSize(width: 390, height: 844)
        #expect(try browser.computed([
            (".cal-grid", "display"), (".cal-legend", "display"), (".cal-agenda", "display"), (".cal-views", "margin-left"),
        ]) == ["none", "none", "flex", "0px"])
        try browser.navigate(f.t.baseURL + "/assets")
        try browser.waitFor(".folder-item[data-folder='']")
        let phone = try browser.computed([(".assets-layout", "grid-template-columns"), (".folder-pane", "position"), (".folder-toggle", "display")])
        #expect(phone.first?.split(separator: " ").count == 1, "one column: \(phone)")
        #expect(Array(phone.dropFirst()) == ["static", "inline-flex"])
        try browser.openPicker(f.t.baseURL)
        #expect(try browser.computed([
            (".picker .pdialog-inner", "display"), (".picker .pdialog-inner", "padding-top"), (".picker-tools select", "max-width"),
        ]) == ["flex", "16px", "none"])
    }
}

private extension WebDriver {
    /// The computed value of each property on the first element each selector matches ("missing" when none does).
    func computed(_ pairs: [(String, String)]) throws -> [String] {
        try execute("""
            return arguments[0].map(([css, prop]) => {
              const node = document.querySelector(css);
              return node ? getComputedStyle(node).getPropertyValue(prop) : 'missing ' + css;
            })
            """, [pairs.map { [$0.0, $0.1] }]) as? [String] ?? []
    }

    /// Opens the asset picker from the composer.
    func openPicker(_ base: String) throws {
        try navigate(base + "/publish?tab=compose")
        try click(try waitFor("#compose-add-media"))
        try waitFor("dialog[open].picker .picker-tools select")
    }
}
