// The sign-in page: posts the form as JSON and goes on to the inbox or the page that sent the user here.
import { api, ApiError } from './api.js';

const form = /** @type {HTMLFormElement} */ (document.getElementById('login-form'));
const errorBox = /** @type {HTMLElement} */ (document.getElementById('login-error'));
const submit = /** @type {HTMLButtonElement} */ (document.getElementById('login-submit'));
const submitLabel = /** @type {HTMLElement} */ (submit.querySelector('.label'));
const disclosure = /** @type {HTMLDetailsElement} */ (document.getElementById('workspace-disclosure'));
const params = new URLSearchParams(location.search);
const fieldNames = ['email', 'password', 'tenant'];
/** @type {number|undefined} */
let countdown;

/**
 * The page to open after signing in: `?next=` when it is a same-origin path, else /inbox.
 * Rejects `//host` and `/\host`, which browsers treat as other origins.
 * @returns {string}
 */
function nextPath() {
  const next = params.get('next') || '';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/inbox';
  try {
    const url = new URL(next, location.origin);
    if (url.origin !== location.origin || url.pathname.startsWith('/login')) return '/inbox';
    return url.pathname + url.search + url.hash;
  } catch {
    return '/inbox';
  }
}

/**
 * Shows or clears the message of one field, linking it for screen readers through aria-describedby.
 * @param {string} name Field name.
 * @param {string} message Text to show; empty clears it.
 */
function setFieldError(name, message) {
  const input = document.getElementById(name);
  const slot = document.getElementById(`${name}-error`);
  if (!input || !slot) return;
  slot.textContent = message;
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/**
 * Shows the page-level error (or clears it when empty).
 * @param {string} message Text for the alert region.
 */
function showError(message) {
  errorBox.textContent = message;
}

/**
 * Puts the submit button into or out of its busy state.
 * @param {boolean} busy Whether a request is under way.
 * @param {string} [label] Button text to show.
 */
function setBusy(busy, label = 'Sign in') {
  submit.disabled = busy;
  submit.classList.toggle('is-busy', busy && countdown === undefined);
  submitLabel.textContent = label;
}

/**
 * Blocks the form for `seconds` after a 429, counting down in the alert.
 * @param {number} seconds Time from Retry-After.
 */
function startCountdown(seconds) {
  let left = Math.max(1, seconds);
  window.clearInterval(countdown);
  const tick = () => {
    if (left <= 0) {
      window.clearInterval(countdown);
      countdown = undefined;
      showError('');
      setBusy(false);
      return;
    }
    showError(`Too many attempts, try again in ${left} s.`);
    left -= 1;
  };
  countdown = window.setInterval(tick, 1000);
  setBusy(true, 'Please wait');
  tick();
}

/**
 * Checks the obvious mistakes before asking the server.
 * @param {string} email Trimmed email.
 * @param {string} password Password as typed.
 * @returns {boolean} True when the form may be sent.
 */
function validate(email, password) {
  let ok = true;
  if (!email) { setFieldError('email', 'Enter your email address.'); ok = false; }
  else if (!email.includes('@')) { setFieldError('email', 'Enter an email address like name@example.com.'); ok = false; }
  if (!password) { setFieldError('password', 'Enter your password.'); ok = false; }
  return ok;
}

/**
 * Sends the credentials and follows up on the answer.
 * @param {SubmitEvent} event The form's submit event.
 */
async function onSubmit(event) {
  event.preventDefault();
  if (submit.disabled) return;
  showError('');
  fieldNames.forEach((name) => setFieldError(name, ''));

  const data = new FormData(form);
  const email = String(data.get('email') || '').trim();
  const password = String(data.get('password') || '');
  const tenant = String(data.get('tenant') || '').trim();
  if (!validate(email, password)) {
    form.querySelector('[aria-invalid="true"]')?.focus();
    return;
  }

  setBusy(true, 'Signing in…');
  try {
    await api('POST', '/api/v1/auth/login', tenant ? { tenant, email, password } : { email, password });
    location.assign(nextPath());
  } catch (error) {
    const failure = error instanceof ApiError ? error : new ApiError(0, 'unknown', 'Something went wrong. Please try again.');
    setBusy(false);
    if (failure.status === 429) {
      startCountdown(failure.retryAfter ?? 30);
      return;
    }
    showError(failure.message);
    for (const [name, message] of Object.entries(failure.fields)) {
      if (fieldNames.includes(name)) setFieldError(name, String(message));
    }
    if (failure.fields.tenant) disclosure.open = true;
    const invalid = /** @type {HTMLElement|null} */ (form.querySelector('[aria-invalid="true"]'));
    (invalid || document.getElementById('password'))?.focus();
  }
}

/** Fills the workspace from `?tenant=` and skips the form when a session is already open. */
async function start() {
  const tenant = params.get('tenant');
  if (tenant) {
    /** @type {HTMLInputElement} */ (document.getElementById('tenant')).value = tenant;
    disclosure.open = true;
  }
  form.addEventListener('submit', onSubmit);
  document.getElementById('email')?.focus();
  try {
    await api('GET', '/api/v1/auth/me');
    location.replace(nextPath());
  } catch {
    // Not signed in: stay on the form.
  }
}

start();
