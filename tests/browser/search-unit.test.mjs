// tests/browser/search-unit.test.mjs: the plain parts of /search.js
// (crates/view/src/components/search.js), in Node: what each key does in the search
// box, the count's text, and excerpts reduced to text and <mark>.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, countText, keyAction } from '../../crates/view/src/components/search.js';

test('keys: arrows wrap, Enter opens the highlighted result, Escape closes then empties', () => {
  const cases = [
    // key, count, active, open → action
    ['ArrowDown', 3, -1, true, ['highlight', 0]],
    ['ArrowDown', 3, 0, true, ['highlight', 1]],
    ['ArrowDown', 3, 2, true, ['highlight', 0]],
    ['ArrowDown', 3, 1, false, ['highlight', 0]],
    ['ArrowUp', 3, -1, true, ['highlight', 2]],
    ['ArrowUp', 3, 0, true, ['highlight', 2]],
    ['ArrowUp', 3, 2, true, ['highlight', 1]],
    ['ArrowUp', 2, 5, true, ['highlight', 1]],
    ['ArrowDown', 0, -1, true, null],
    ['Enter', 3, 1, true, ['open', 1]],
    ['Enter', 3, 1, false, null],
    ['Enter', 3, -1, true, null],
    ['Enter', 0, 0, true, null],
    ['Escape', 3, 1, true, ['close']],
    ['Escape', 3, -1, false, ['clear']],
    ['a', 3, -1, true, null],
  ];
  for (const [key, count, active, open, expected] of cases) {
    assert.deepEqual(keyAction(key, count, active, open), expected, `${key} ${count} ${active} ${open}`);
  }
});

test('the count in the language', () => {
  const t = { none: 'Nessuna pagina corrisponde alla ricerca.', one: '1 risultato', other: '{n} risultati' };
  assert.equal(countText(0, t), t.none);
  assert.equal(countText(1, t), '1 risultato');
  assert.equal(countText(12, t), '12 risultati');
});

test('excerpts keep text and <mark> only, escaped', () => {
  // A stand-in for DOMParser: nodes as {nodeName, textContent}.
  const parse = () => [
    { nodeName: '#text', textContent: 'a <b> & ' },
    { nodeName: 'MARK', textContent: 'team' },
    { nodeName: 'SCRIPT', textContent: 'alert(1)' },
  ];
  assert.equal(clean('ignored', parse), 'a &lt;b&gt; &amp; <mark>team</mark>alert(1)');
});
