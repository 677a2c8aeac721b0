// The names Go's regexp accepts in \p{...} (Go 1.26, which opa v1.22.2 is built with): a name is
// canonicalised (first letter upper case, the rest lower case, `_ - space` dropped) and then looked
// up among the general categories, the scripts and the category aliases. Script names with an
// underscore (Old_Italic) or inner capitals (SignWriting) never match their canonical form, so Go
// rejects them; they are left out here for the same reason.

const CATEGORIES = new Set('C Cc Cf Cn Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '));

const SCRIPTS = new Set(
  ('Adlam Ahom Arabic Armenian Avestan Balinese Bamum Batak Bengali Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid ' +
    'Carian Chakma Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cyrillic Deseret Devanagari Dogra Duployan ' +
    'Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati Gurmukhi Han Hangul Hanunoo Hatran Hebrew ' +
    'Hiragana Inherited Javanese Kaithi Kannada Katakana Kawi Kharoshthi Khmer Khojki Khudawadi Lao Latin Lepcha Limbu ' +
    'Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic Manichaean Marchen Medefaidrin Miao Modi Mongolian Mro Multani ' +
    'Myanmar Nabataean Nandinagari Newa Nko Nushu Ogham Oriya Osage Osmanya Palmyrene Phoenician Rejang Runic Samaritan ' +
    'Saurashtra Sharada Shavian Siddham Sinhala Sogdian Soyombo Sundanese Syriac Tagalog Tagbanwa Takri Tamil Tangsa ' +
    'Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Toto Ugaritic Vai Vithkuqi Wancho Yezidi Yi').split(' '),
);

/** Go's unicode.CategoryAliases, keyed by canonical name. */
const ALIASES: Record<string, string> = {
  Casedletter: 'LC', Closepunctuation: 'Pe', Combiningmark: 'M', Connectorpunctuation: 'Pc', Control: 'Cc',
  Currencysymbol: 'Sc', Dashpunctuation: 'Pd', Decimalnumber: 'Nd', Enclosingmark: 'Me', Finalpunctuation: 'Pf',
  Format: 'Cf', Initialpunctuation: 'Pi', Letter: 'L', Letternumber: 'Nl', Lineseparator: 'Zl', Lowercaseletter: 'Ll',
  Mark: 'M', Mathsymbol: 'Sm', Modifierletter: 'Lm', Modifiersymbol: 'Sk', Nonspacingmark: 'Mn', Number: 'N',
  Openpunctuation: 'Ps', Other: 'C', Otherletter: 'Lo', Othernumber: 'No', Otherpunctuation: 'Po', Othersymbol: 'So',
  Paragraphseparator: 'Zp', Privateuse: 'Co', Punctuation: 'P', Separator: 'Z', Spaceseparator: 'Zs', Spacingmark: 'Mc',
  Surrogate: 'Cs', Symbol: 'S', Titlecaseletter: 'Lt', Unassigned: 'Cn', Uppercaseletter: 'Lu', Cntrl: 'Cc', Digit: 'Nd',
  Punct: 'P',
};

/** Go's canonicalName: leading letter upper case, the rest lower case, `_`, `-` and spaces dropped. */
export function canonicalName(name: string): string {
  let out = '';
  let first = true;
  for (const ch of name) {
    if (ch === '_' || ch === '-' || ch === ' ') continue;
    if (first) {
      out += ch >= 'a' && ch <= 'z' ? ch.toUpperCase() : ch;
      first = false;
    } else out += ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
  }
  return out;
}

/** What a \p name stands for: explicit ranges (Any, ASCII) or a JavaScript property; undefined if Go rejects it. */
export type PropTarget = { ranges: number[] } | { js: string };

export function resolveUnicodeName(name: string): PropTarget | undefined {
  const c = canonicalName(name);
  if (c === 'Any') return { ranges: [0, 0x10ffff] };
  if (c === 'Ascii') return { ranges: [0, 0x7f] };
  if (c === 'Assigned') return { js: 'Assigned' };
  if (c === 'Lc') return { js: 'LC' };
  if (CATEGORIES.has(c)) return { js: c };
  if (SCRIPTS.has(c)) return { js: `Script=${c}` };
  if (ALIASES[c]) return { js: ALIASES[c]! };
  return undefined;
}
