// The top of a post-mortem: how the run ended, the error's class and message (as text), the button that
// debugs the script again stopping at the throw, and — for a TF.js shape or dtype error — its cause in
// one sentence with the shapes of the tensors the operation got (TensorSensor's "Cause:" line).
import type { ErrorCause, PostmortemEvent } from '../../protocol/events';
import { errorText, operandText } from '../../protocol/postmortem-text';
import { h, icon } from '../dom';
import { siteLink, type Reveal } from '../site';

export function renderError(pm: PostmortemEvent, cwd: string | undefined, reveal: Reveal, debug: () => void): HTMLElement {
  const error = errorText(pm);
  return h('section', { class: 'pm-error', attrs: { 'aria-label': 'The error that ended the run' } },
    h('div', { class: 'pm-error-head' },
      icon('error'),
      h('span', { class: 'pm-origin' }, error.origin),
      h('button', {
        class: 'button secondary pm-debug',
        title: 'Debug the script again in VS Code\'s debugger, stopping where this error is thrown',
        attrs: { type: 'button', 'data-action': 'debug-exception' },
        onClick: debug,
      }, icon('debug-alt'), ' Re-run in Debugger')),
    h('h3', { class: 'pm-error-class' }, error.className),
    error.message ? h('pre', { class: 'pm-message' }, error.message) : null,
    pm.cause ? renderCause(pm.cause, cwd, reveal) : null);
}

function renderCause(cause: ErrorCause, cwd: string | undefined, reveal: Reveal): HTMLElement {
  return h('div', { class: 'pm-cause', attrs: { role: 'note', 'aria-label': 'Cause' } },
    h('div', { class: 'pm-cause-line' }, icon('lightbulb'), h('span', { class: 'pm-cause-label' }, 'Cause:'), h('span', { class: 'pm-cause-sentence' }, cause.sentence)),
    cause.operands.length ? h('ul', { class: 'pm-operands', attrs: { 'aria-label': `What ${cause.operation} got` } },
      ...cause.operands.map((o) => h('li', {}, h('code', {}, operandText(o))))) : null,
    cause.site ? h('div', { class: 'pm-cause-site' }, `${cause.operation} at `, siteLink(cause.site, cwd, reveal)) : null);
}
