// Line and column numbers (1-based, columns in characters) of UTF-16 offsets.

/**
 * Returns a function from a UTF-16 offset to `{ line, column }`. Offsets must be
 * asked in ascending order: each call resumes where the previous one stopped, so
 * locating every match of a text costs one pass over it.
 */
export function lineLocator(text) {
  let line = 1;
  let position = 0;
  let column = 1;

  return (offset) => {
    while (position < offset) {
      const code = text.charCodeAt(position);
      if (code === 0x0a) {
        line += 1;
        column = 1;
      } else if (!isTrailSurrogate(text, position)) {
        column += 1;
      }
      position += 1;
    }
    return { line, column };
  };
}

/** Whether the code unit at `i` is the second half of a surrogate pair. */
function isTrailSurrogate(text, i) {
  const code = text.charCodeAt(i);
  const before = i > 0 ? text.charCodeAt(i - 1) : 0;
  return code >= 0xdc00 && code <= 0xdfff && before >= 0xd800 && before <= 0xdbff;
}
