// The end-to-end tests' locators, resolved inside the page the same way in every browser.
// A locator is a chain of steps; each step looks inside what the one before it matched:
//   { role, name?, exact? }   an element of that ARIA role (implicit or given) and accessible name
//   { label, exact? }         a form control by its <label>, aria-label or aria-labelledby
//   { text, exact? }          the smallest elements whose text holds the text
//   { css, hasText? }         a CSS selector, optionally with text inside
//   { first: true }           the first of what matched
//   { and: chain }            only what the other chain matches too
// A text is a string (whitespace folded; without `exact` any case, anywhere in the name) or a
// regular expression, sent as { source, flags }.
// `findAll` is passed whole to the browser (it may use nothing from outside itself).

export function findAll(chain) {
  const fold = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
  const matches = (value, want, exact) => {
    const have = fold(value);
    if (want && typeof want === 'object') return new RegExp(want.source, want.flags).test(have);
    const w = fold(want);
    return exact ? have === w : have.toLowerCase().includes(w.toLowerCase());
  };
  const hidden = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      if (e.getAttribute('aria-hidden') === 'true' || e.hidden) return true;
      const style = getComputedStyle(e);
      if (style.display === 'none') return true;
    }
    return getComputedStyle(el).visibility === 'hidden';
  };
  const inputRole = (el) => {
    const type = (el.getAttribute('type') || 'text').toLowerCase();
    if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
    if (type === 'checkbox') return 'checkbox';
    if (type === 'radio') return 'radio';
    if (type === 'number') return 'spinbutton';
    if (type === 'range') return 'slider';
    if (type === 'search') return el.hasAttribute('list') ? 'combobox' : 'searchbox';
    if (['text', 'email', 'tel', 'url'].includes(type)) return el.hasAttribute('list') ? 'combobox' : 'textbox';
    return null;
  };
  const role = (el) => {
    const given = el.getAttribute('role');
    if (given) return given.trim().split(/\s+/)[0];
    const tag = el.tagName.toLowerCase();
    switch (tag) {
      case 'a': case 'area': return el.hasAttribute('href') ? 'link' : null;
      case 'button': return 'button';
      case 'summary': return 'button';
      case 'input': return inputRole(el);
      case 'textarea': return 'textbox';
      case 'select': return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
      case 'option': return 'option';
      case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': return 'heading';
      case 'table': return 'table';
      case 'thead': case 'tbody': case 'tfoot': return 'rowgroup';
      case 'tr': return 'row';
      case 'th': return el.closest('thead') || el.getAttribute('scope') === 'col' ? 'columnheader' : 'rowheader';
      case 'td': return 'cell';
      case 'nav': return 'navigation';
      case 'main': return 'main';
      case 'header': return 'banner';
      case 'footer': return 'contentinfo';
      case 'aside': return 'complementary';
      case 'dialog': return 'dialog';
      case 'ul': case 'ol': return 'list';
      case 'li': return 'listitem';
      case 'img': return el.getAttribute('alt') === '' ? 'presentation' : 'img';
      case 'progress': return 'progressbar';
      case 'output': return 'status';
      case 'section': return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'region' : null;
      case 'form': return 'form';
      case 'fieldset': return 'group';
      case 'details': return 'group';
      case 'time': return 'time';
      default: return null;
    }
  };
  // Text as a name from content: children's own names (aria-label, alt), hidden parts left out.
  const contentText = (el) => {
    let out = '';
    for (const node of el.childNodes) {
      if (node.nodeType === 3) out += node.data;
      else if (node.nodeType === 1) {
        if (hidden(node)) continue;
        const tag = node.tagName.toLowerCase();
        if (tag === 'script' || tag === 'style') continue;
        if (node.hasAttribute('aria-label')) out += ' ' + node.getAttribute('aria-label') + ' ';
        else if (tag === 'img') out += ' ' + (node.getAttribute('alt') ?? '') + ' ';
        else if (tag === 'input' || tag === 'textarea' || tag === 'select') out += '';
        else out += ' ' + contentText(node) + ' ';
      }
    }
    return out;
  };
  const byIds = (ids) => ids.trim().split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean).map((e) => contentText(e)).join(' ');
  const labelTexts = (el) => {
    const out = [];
    if (el.hasAttribute('aria-labelledby')) out.push(byIds(el.getAttribute('aria-labelledby')));
    if (el.hasAttribute('aria-label')) out.push(el.getAttribute('aria-label'));
    for (const label of el.labels ?? []) out.push(contentText(label));
    return out.map(fold).filter(Boolean);
  };
  const FROM_CONTENT = new Set(['button', 'link', 'heading', 'checkbox', 'radio', 'option', 'cell', 'columnheader', 'rowheader', 'row', 'tab', 'menuitem', 'listitem', 'tooltip', 'switch', 'treeitem']);
  const accName = (el, r) => {
    if (el.hasAttribute('aria-labelledby')) return fold(byIds(el.getAttribute('aria-labelledby')));
    const label = el.getAttribute('aria-label');
    if (label && label.trim()) return fold(label);
    const tag = el.tagName.toLowerCase();
    if (tag === 'input' && ['button', 'submit', 'reset'].includes(el.type)) return fold(el.value);
    if (['input', 'textarea', 'select'].includes(tag)) {
      const labels = [...(el.labels ?? [])].map(contentText);
      if (labels.length) return fold(labels.join(' '));
      return fold(el.getAttribute('title') || el.getAttribute('placeholder') || '');
    }
    if (tag === 'img') return fold(el.getAttribute('alt') || el.getAttribute('title') || '');
    if (tag === 'table' || tag === 'fieldset') {
      const caption = el.querySelector(':scope > caption, :scope > legend');
      if (caption) return fold(contentText(caption));
    }
    if (FROM_CONTENT.has(r)) return fold(contentText(el));
    return fold(el.getAttribute('title') || '');
  };
  const below = (scopes) => {
    const out = new Set();
    for (const scope of scopes) for (const el of scope.querySelectorAll('*')) out.add(el);
    return [...out];
  };
  const step = (scopes, s) => {
    if (s.first) return scopes.slice(0, 1);
    if (s.and) {
      const other = new Set(findAll(s.and));
      return scopes.filter((el) => other.has(el));
    }
    if (s.css !== undefined) {
      const out = new Set();
      for (const scope of scopes) for (const el of scope.querySelectorAll(s.css)) out.add(el);
      let found = [...out];
      if (s.hasText !== undefined) found = found.filter((el) => matches(el.textContent, s.hasText, false));
      return found;
    }
    const candidates = below(scopes);
    if (s.role !== undefined) {
      return candidates.filter((el) => role(el) === s.role && !hidden(el) && (s.name === undefined || matches(accName(el, s.role), s.name, s.exact)));
    }
    if (s.label !== undefined) {
      return candidates.filter((el) => labelTexts(el).some((t) => matches(t, s.label, s.exact)));
    }
    if (s.text !== undefined) {
      // A scope may itself be what holds the text (as in Playwright).
      const skip = new Set(['SCRIPT', 'STYLE', 'HEAD', 'TITLE', 'HTML', 'NOSCRIPT', 'TEMPLATE']);
      const hits = [...new Set([...scopes, ...candidates])].filter((el) => !skip.has(el.tagName) && matches(el.textContent, s.text, s.exact));
      const set = new Set(hits);
      // The smallest: an element none of whose children match too.
      return hits.filter((el) => ![...el.children].some((child) => set.has(child)));
    }
    throw new Error(`unknown locator step ${JSON.stringify(s)}`);
  };
  let scopes = [document.documentElement];
  for (const s of chain) scopes = step(scopes, s);
  return scopes;
}

// Whether an element is drawn: it has a box and is not hidden by style.
export function isShown(el) {
  if (!el || !el.isConnected) return false;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || style.display === 'none') return false;
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
}
