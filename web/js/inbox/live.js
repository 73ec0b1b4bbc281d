// Live updates: one EventSource on /api/v1/events (it resumes with Last-Event-ID by itself), a status dot,
// a title badge while the tab is hidden, and browser notifications for new customer messages when allowed.

/** Event types the inbox reacts to. */
const types = ['message.created', 'message.updated', 'conversation.updated', 'note.created', 'message.reaction', 'contact.erased', 'typing'];

/**
 * @typedef {object} LiveHandlers
 * @property {(type: string, data: any) => void} onEvent One inbox event with its parsed data.
 * @property {(state: 'connecting'|'live'|'reconnecting') => void} onState Connection state changes.
 */

/**
 * Opens the live stream. A stream the browser gave up on (for example after a server restart answered 5xx) is
 * reopened after a pause, so the inbox never stays silently stale.
 * @param {LiveHandlers} handlers Callbacks.
 * @returns {{close: () => void}}
 */
export function connectLive(handlers) {
  /** @type {EventSource|null} */
  let source = null;
  let retry = 0;
  let closed = false;

  /** Opens (or reopens) the EventSource. */
  function open() {
    if (closed) return;
    handlers.onState('connecting');
    source = new EventSource('/api/v1/events');
    source.addEventListener('open', () => handlers.onState('live'));
    source.addEventListener('error', () => {
      handlers.onState('reconnecting');
      if (source && source.readyState === EventSource.CLOSED) {
        source = null;
        window.clearTimeout(retry);
        retry = window.setTimeout(open, 5000);
      }
    });
    for (const type of types) {
      source.addEventListener(type, (event) => {
        let data = {};
        try {
          data = JSON.parse(/** @type {MessageEvent} */ (event).data || '{}');
        } catch {
          // A malformed event still means "something changed": handle it without data.
        }
        handlers.onEvent(type, data);
      });
    }
  }
  open();
  return {
    /** Closes the stream for good. */
    close() {
      closed = true;
      window.clearTimeout(retry);
      source?.close();
      source = null;
    },
  };
}

/**
 * Keeps "(n) " in front of the page title while the tab is hidden, counting new customer messages.
 * @returns {{bump: () => void, reset: () => void}}
 */
export function titleBadge() {
  let count = 0;
  let base = document.title;
  return {
    /** Counts one more unseen message (only while hidden). */
    bump() {
      if (!document.hidden) return;
      if (!count) base = document.title.replace(/^\(\d+\)\s*/, '');
      count += 1;
      document.title = `(${count}) ${base}`;
    },
    /** Clears the badge (the tab is visible again, or the view unmounts). */
    reset() {
      if (count) document.title = base;
      count = 0;
    },
  };
}

/**
 * Shows a browser notification for a new customer message, when the user allowed it and is looking elsewhere.
 * @param {string} title Who wrote.
 * @param {string} body What they wrote.
 * @param {() => void} onClick Opens the conversation.
 */
export function notify(title, body, onClick) {
  if (!('Notification' in window) || Notification.permission !== 'granted' || !document.hidden) return;
  try {
    const n = new Notification(title, { body: body.slice(0, 160), tag: 'parley-inbox' });
    n.addEventListener('click', () => {
      window.focus();
      onClick();
      n.close();
    });
  } catch {
    // Some browsers only allow notifications from a service worker; the title badge still works.
  }
}
