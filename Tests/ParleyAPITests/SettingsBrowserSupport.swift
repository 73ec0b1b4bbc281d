import Foundation
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Browser steps for the Settings pages (named `settings…` so they never clash with the inbox helpers).
extension WebDriver {
    /// Signs in through the real login page and waits until the app shell has loaded the session.
    func settingsSignIn(_ base: String, email: String, password: String = TestApp.defaultPassword) throws {
        try signIn(base, email: email, password: password, ready: "location.pathname !== '/login' && !document.querySelector('#user-box').hidden")
    }

    /// Opens a Settings section by URL and waits for its heading and for loading to end.
    func settingsOpen(_ base: String, _ path: String) throws {
        try navigate(base + path)
        try settingsSettled()
    }

    /// Waits until the settings panel shows a section heading and no loading line.
    func settingsSettled(timeout: Double = 10) throws {
        try waitUntil("return !!document.querySelector('#settings-section-title') && !document.querySelector('.settings-panel .loading')", timeout: timeout)
    }

    /// The section ids in the Settings sub-navigation.
    func settingsSections() throws -> [String] {
        try execute("return [...document.querySelectorAll('.settings-nav-link')].map(a => a.dataset.settingsLink)") as? [String] ?? []
    }

    /// Sets a form control's value and fires input and change events, as typing or choosing does.
    func settingsSet(_ css: String, _ value: String) throws {
        let ok = try execute("""
            const c = document.querySelector(arguments[0]); if (!c) return false;
            c.value = arguments[1]; c.dispatchEvent(new Event('input', {bubbles: true})); c.dispatchEvent(new Event('change', {bubbles: true}));
            return c.value === arguments[1];
            """, [css, value]) as? Bool ?? false
        guard ok else { throw TestError("could not set \(css) to \(value)") }
    }

    /// Screenshots the window at a size (optionally scrolled to an element), then restores 1280×900.
    func settingsScreenshot(_ name: String, width: Int, height: Int = 900, scrollTo css: String? = nil) throws {
        try setWindowSize(width: width, height: height)
        usleep(300_000)
        if let css { try execute("document.querySelector(arguments[0])?.scrollIntoView({block: 'start'})", [css]) }
        try screenshot(named: name)
        try setWindowSize(width: 1280, height: 900)
        usleep(150_000)
    }
}

/// The usual start of a settings browser test: an app with the acme tenant and Chromium signed in as its admin.
enum SettingsBrowserFixture {
    /// The caller stops both (`browser.quit(); t.stop()`).
    static func signedInAdmin() throws -> (TestApp, WebDriver) {
        let t = try TestApp()
        do {
            try t.createTenant()
            let browser = try WebDriver(width: 1280, height: 900)
            do {
                try browser.settingsSignIn(t.baseURL, email: "admin@acme.test")
                return (t, browser)
            } catch {
                browser.quit()
                throw error
            }
        } catch {
            t.stop()
            throw error
        }
    }
}
