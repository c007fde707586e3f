// Long words break with a hyphen where their language breaks them, on the results page and in the
// PDF. The page says `hyphens: auto` with `lang` set, but Debian's Chromium (which prints the PDF)
// has no hyphenation dictionaries: they come with Chrome's component updater, which a server's
// headless browser never runs. So for a language with a rule here, soft hyphens (U+00AD) go into
// its long words, which every browser honours; other languages rely on `hyphens: auto`.

const SHY = "\u00ad";
const LONG_WORD = /[a-zåäöéüšž]{10,}/giu; // shorter words rarely overflow a line
const FI_VOWELS = "aeiouyäöå";
// a Finnish syllable's two-vowel nuclei (a long vowel is any vowel twice). ie, uo and yö are ones
// only in the first syllable of a word or of a compound's part (yh-teis-työ); with no dictionary
// to find the parts they are never split, which only misses a rare break (so-tien).
const FI_DIPHTHONGS = new Set([
  "ai",
  "ei",
  "oi",
  "ui",
  "yi",
  "äi",
  "öi",
  "au",
  "eu",
  "iu",
  "ou",
  "ey",
  "iy",
  "äy",
  "öy",
  "ie",
  "uo",
  "yö",
]);

// Where a Finnish word may break, by Kotus's syllable rules: before a consonant followed by a
// vowel (kah-vi, mer-ki-tyk-sel-li-syys) and between vowels that are no long vowel or diphthong
// (ra-di-o, kau-an). Compound seams are not known without a dictionary; the rule's breaks there
// still fall between syllables.
export function finnishBreaks(word) {
  const w = word.toLowerCase();
  const vowel = (i) => FI_VOWELS.includes(w[i]);
  const points = [];
  let start = 0;
  for (let i = 1; i < w.length; i++) {
    let cut = false;
    if (!vowel(i)) {
      cut = i + 1 < w.length && vowel(i + 1) && [...w.slice(start, i)].some((c) => FI_VOWELS.includes(c));
    } else if (vowel(i - 1)) {
      const nucleus = i - 1 > start && vowel(i - 2); // i-2, i-1 already make a long vowel or diphthong
      const pair = w[i - 1] + w[i];
      cut = nucleus || !(w[i - 1] === w[i] || FI_DIPHTHONGS.has(pair));
    }
    if (cut) {
      points.push(i);
      start = i;
    }
  }
  return points.filter((i) => i >= 2 && i <= w.length - 2); // never one letter alone on a line
}

const RULES = { fi: finnishBreaks };

export function hyphenate(text, lang) {
  const breaks = RULES[lang];
  if (!breaks || !text) return text;
  return text.replace(LONG_WORD, (word) => {
    let out = "";
    let from = 0;
    for (const i of breaks(word)) {
      out += word.slice(from, i) + SHY;
      from = i;
    }
    return out + word.slice(from);
  });
}

function hyphenateNode(node, lang) {
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let text = node.nodeType === Node.TEXT_NODE ? node : walker.nextNode(); text; text = walker.nextNode()) {
    const done = hyphenate(text.data, lang);
    if (done !== text.data) text.data = done; // the mutation this makes finds nothing more to do
  }
}

// Soft hyphens in every text under `root` now and whenever the page draws more (the charts and
// lists are redrawn as results come in).
export function keepHyphenated(root, lang) {
  if (!RULES[lang]) return;
  hyphenateNode(root, lang);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") hyphenateNode(change.target, lang);
      for (const added of change.addedNodes) hyphenateNode(added, lang);
    }
  }).observe(root, { subtree: true, childList: true, characterData: true });
}
